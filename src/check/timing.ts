/**
 * Time limits, start deadlines and states that may come from intrinsics: checked with the value
 * CloudFormation will use when the macro can know it, and resolved where the generated definition needs a
 * literal.
 */
import type { TemplateView } from '../arns';
import { isIntrinsic, refTarget, type Json } from '../json';
import { knownParameterValue, staticValue } from '../parameters';
import { MAX_START_DEADLINE_SECONDS, MAX_TIMEOUT_SECONDS, MIN_START_DEADLINE_SECONDS, show } from '../schema';
import type { Report } from './issues';

/**
 * A time limit in seconds. The state machine's definition is literal JSON, so a value from an intrinsic is
 * resolved now: a parameter CloudFormation sent, or a mapping entry with such keys.
 */
export function timeLimit(value: Json | undefined, path: string, view: TemplateView, at: Report): number | undefined {
  if (value === undefined || typeof value === 'number') return value ?? undefined;
  const known = staticValue(value, view);
  if (known === undefined) {
    at(path, `${show(value)} cannot be resolved by the macro: a time limit goes into the state machine and the trigger's input, so give a number, !Ref of a parameter, or !FindInMap whose keys are literals or parameters`);
    return undefined;
  }
  const n = /^\d+$/.test(known) ? Number(known) : NaN;
  if (!(n >= 1 && n <= MAX_TIMEOUT_SECONDS)) {
    at(path, `${show(value)} is ${show(known)}, which is not valid: expected a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`);
    return undefined;
  }
  return n;
}

/** A start deadline in seconds; an intrinsic is passed through, and checked when CloudFormation sent its value. */
export function startDeadline(value: Json | undefined, path: string, view: TemplateView, at: Report): Json | undefined {
  if (value === undefined || !isIntrinsic(value)) return value;
  const known = knownParameterValue(value, view);
  if (known !== undefined) {
    const n = typeof known === 'number' ? known : typeof known === 'string' && /^\d+$/.test(known) ? Number(known) : NaN;
    if (!(n >= MIN_START_DEADLINE_SECONDS && n <= MAX_START_DEADLINE_SECONDS)) {
      at(path, `!Ref ${refTarget(value) ?? ''} is ${show(known)}, which is not valid: expected a whole number of seconds from ${MIN_START_DEADLINE_SECONDS} to ${MAX_START_DEADLINE_SECONDS}`);
    }
  }
  return value;
}

/**
 * A schedule's State: the resource's DISABLED pauses every schedule; otherwise the schedule's own State,
 * else the resource's, else ENABLED. A resource State only CloudFormation knows cannot be combined with a
 * schedule's own.
 */
export function scheduleState(resource: Json | undefined, known: Json | undefined, own: Json | undefined, path: string, at: Report): Json {
  if (resource === undefined) return own ?? 'ENABLED';
  if (known === 'DISABLED') return 'DISABLED';
  if (own === undefined) return resource;
  if (known === 'ENABLED') return own;
  at(path, 'cannot be combined with a resource-level State from an intrinsic function whose value the macro does not know: set State on the resource or on each schedule');
  return own;
}
