/**
 * One local execution of a generated state machine, whatever its shape: every ECS RunTask Task state
 * (also inside Parallel branches and Map iterators) is served by the fake ECS, any other Task state
 * (e.g. an SNS publish) by a recorder that answers `{}`. Retries happen at once: what matters locally is
 * which errors are retried and how often, not the wait.
 */
import './polyfill';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { isObject, type Json, type JsonObject } from '../../src/json';
import { fakeEcs, type RunTaskCall } from './fakeEcs';

export interface Step {
  readonly state: string;
  readonly event: 'entered' | 'exited' | 'failed' | 'retried' | 'caught';
  readonly detail?: string;
}

export interface LocalRun {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly cause?: string;
  readonly output?: Json;
  readonly runTaskCalls: readonly RunTaskCall[];
  readonly otherCalls: ReadonlyArray<{ readonly state: string; readonly request: Json }>;
  readonly steps: readonly Step[];
}

export interface LocalRunOptions {
  /** Exit code of the essential container per RunTask call, in call order; the last one repeats. */
  readonly exitCodes: readonly number[];
  readonly executionId?: string;
}

/** The part of aws-local-stepfunctions' event log we report (its EventLog type is not exported). */
interface LoggedEvent {
  readonly type: string;
  readonly state?: { readonly name: string };
  readonly Error?: string;
  readonly retry?: { readonly attempt: number };
}

export async function runLocally(definition: JsonObject, input: Json, options: LocalRunOptions): Promise<LocalRun> {
  const tasks = taskStates(definition);
  const ecs = fakeEcs(tasks.filter((t) => t.runTask).map((t) => t.name), { exitCodes: options.exitCodes });
  const otherCalls: Array<{ state: string; request: Json }> = [];
  const handlers: Record<string, (input: unknown) => Promise<JsonObject>> = { ...ecs.handlers };
  for (const task of tasks.filter((t) => !t.runTask)) {
    handlers[task.name] = (request) => {
      otherCalls.push({ state: task.name, request: request as Json });
      return Promise.resolve({});
    };
  }
  const executionId = options.executionId ?? 'arn:aws:states:eu-central-1:123456789012:execution:local:simulated';
  const execution = new StateMachine(definition as unknown as StateMachineDefinition).run(input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: zeroRetryIntervals(definition) },
    context: { Execution: { Id: executionId, Name: 'simulated', Input: input as never, StartTime: '2027-01-01T00:00:00.000Z' } },
  });
  const steps: Step[] = [];
  const collect = (async () => {
    for await (const event of execution.eventLogs) {
      const step = stepOf(event as unknown as LoggedEvent);
      if (step) steps.push(step);
    }
  })();
  let run: Omit<LocalRun, 'runTaskCalls' | 'otherCalls' | 'steps'>;
  try {
    run = { status: 'SUCCEEDED', output: (await execution.result) as Json };
  } catch (e) {
    if (!(e instanceof ExecutionError)) throw e;
    const inner = e.cause as Error & { cause?: unknown };
    run = { status: 'FAILED', error: inner.name, cause: typeof inner.cause === 'string' ? inner.cause : inner.message };
  }
  await collect;
  return { ...run, runTaskCalls: ecs.calls, otherCalls, steps };
}

interface TaskState {
  readonly name: string;
  readonly runTask: boolean;
}

/** Calls `visit` for every state, also those nested in Parallel branches and Map iterators. */
function eachState(machine: unknown, visit: (name: string, state: JsonObject) => void): void {
  if (!isObject(machine) || !isObject(machine['States'])) return;
  for (const [name, state] of Object.entries(machine['States'])) {
    if (!isObject(state)) continue;
    visit(name, state);
    if (Array.isArray(state['Branches'])) for (const branch of state['Branches']) eachState(branch, visit);
    eachState(state['ItemProcessor'], visit);
    eachState(state['Iterator'], visit);
  }
}

function taskStates(definition: JsonObject): TaskState[] {
  const out: TaskState[] = [];
  eachState(definition, (name, state) => {
    if (state['Type'] === 'Task') out.push({ name, runTask: typeof state['Resource'] === 'string' && state['Resource'].includes(':ecs:runTask') });
  });
  return out;
}

function zeroRetryIntervals(definition: JsonObject): Record<string, number> {
  const out: Record<string, number> = {};
  eachState(definition, (name, state) => {
    if (Array.isArray(state['Retry'])) out[name] = 0;
  });
  return out;
}

function stepOf(event: LoggedEvent): Step | undefined {
  const name = event.state?.name;
  if (name === undefined) return undefined;
  switch (event.type) {
    case 'StateEntered':
      return { state: name, event: 'entered' };
    case 'StateExited':
      return { state: name, event: 'exited' };
    case 'StateFailed':
      return { state: name, event: 'failed', ...(event.Error === undefined ? {} : { detail: event.Error }) };
    case 'StateRetried':
      return { state: name, event: 'retried', detail: `attempt ${event.retry?.attempt ?? '?'}` };
    case 'StateCaught':
      return { state: name, event: 'caught' };
    default:
      return undefined;
  }
}
