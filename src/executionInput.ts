/**
 * The execution input: what a trigger hands to the state machine, and what an operator may start a run
 * with by hand. Plan decides its content (data); render/input only serialises it.
 */
import type { Json } from './json';

export interface EnvironmentEntry {
  readonly Name: string;
  readonly Value: Json;
}

/** The document shape, for the README and for tests that start runs by hand. */
export interface ExecutionInput {
  /** The schedule that started the run; runs started by hand may leave it out. */
  readonly schedule?: string;
  /** One command (with `environment`), or `steps`. */
  readonly commands?: readonly string[];
  readonly environment?: readonly { readonly Name: string; readonly Value: string }[];
  readonly steps?: readonly { readonly commands: readonly string[]; readonly environment?: readonly { readonly Name: string; readonly Value: string }[] }[];
  /** With steps: run them at the same time. */
  readonly parallel?: boolean;
  /** Task-level overrides, as ECS takes them. */
  readonly overrides?: { readonly Cpu?: string; readonly Memory?: string };
  /** Time limit of each task, in seconds. */
  readonly timeoutSeconds?: number;
}

/** One command and its environment, as the macro knows them (elements may be intrinsics). */
export interface CommandSpec {
  readonly command: Json;
  readonly environment?: readonly EnvironmentEntry[];
}

/**
 * A trigger's input. The macro fills in every default (an empty environment, no task-level overrides,
 * `parallel: false`, the time limit), so that a scheduled run needs no state that applies defaults.
 */
export interface InputSpec {
  readonly schedule: string;
  /** Exactly one of `single` and `steps`. */
  readonly single?: CommandSpec;
  readonly steps?: readonly CommandSpec[];
  readonly parallel?: boolean;
  readonly overrides?: { readonly Cpu?: string; readonly Memory?: string };
  readonly timeoutSeconds?: number;
}
