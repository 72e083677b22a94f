/**
 * The state machine definition, composed of its parts: input defaults, the overlap guard, the step runner,
 * recording success and failure handling. A literal JSON document: every template-dependent value that is not a plain
 * literal goes through `DefinitionSubstitutions`; user text (commands, environment) never does, it
 * arrives in the execution input.
 */
import type { Json, JsonObject } from '../../json';
import type { Plan } from '../../plan';
import { failureEntry, failureStates } from './failureHandling';
import { inputStates } from './inputDefaults';
import { overlapGuardStates } from './overlapGuard';
import { recordSuccessStates, successEntry } from './recordSuccess';
import { STATE_NAMES, Substitutions } from './shared';
import { stepRunnerStates } from './stepRunner';

interface RenderedDefinition {
  readonly definition: JsonObject;
  readonly substitutions: Readonly<Record<string, Json>>;
}

export function renderDefinition(plan: Plan): RenderedDefinition {
  const subs = new Substitutions();
  const onFailure = failureEntry(plan);
  const guarded = !plan.allowOverlap;
  const definition: JsonObject = {
    Comment: `EcsBatchScheduler ${plan.shorthandId}: runs the execution input's command(s) as ECS tasks`,
    StartAt: STATE_NAMES.start,
    States: {
      ...inputStates(plan, guarded ? STATE_NAMES.listRunning : undefined),
      ...(guarded ? overlapGuardStates(plan, subs, onFailure) : {}),
      ...stepRunnerStates(plan, subs, onFailure, successEntry(plan)),
      ...recordSuccessStates(plan, subs, onFailure),
      ...failureStates(plan, subs),
    },
  };
  return { definition, substitutions: subs.values };
}
