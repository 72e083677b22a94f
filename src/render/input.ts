/**
 * The execution input a trigger hands to the state machine: `{"commands": [...]}` (the original
 * article's shape, so an operator can start a run by hand with it) plus, when the schedule sets any,
 * `"environment": [{"Name": ..., "Value": ...}]` in the shape ECS container overrides take.
 *
 * User text is JSON-encoded here and never goes through `DefinitionSubstitutions`, so `${...}`, `$.x`
 * and quotes in a command reach the container byte for byte. Values that come from intrinsics are spliced
 * into the JSON text with `Fn::Join` (which, unlike `Fn::Sub`, interprets nothing), each rewritten so that
 * it yields its JSON-escaped text (./jsonText).
 */
import type { TemplateView } from '../arns';
import type { Report } from '../check/issues';
import { isIntrinsic, type Json } from '../json';
import type { CommandSpec, InputSpec, Plan } from '../plan';
import { escapedListElements, escapedText, type EscapedText } from './jsonText';

/** A JSON string, or `{ "Fn::Join": ["", [...]] }` that yields one once CloudFormation resolves it. */
type RenderedInput = Json;

/** The trigger's `Input`, and a lower bound of its length once CloudFormation has resolved it. */
interface InputText {
  readonly input: RenderedInput;
  /** Exact when the input holds no intrinsic; values only CloudFormation knows count as empty. */
  readonly minLength: number;
}

const SENTINEL = /"\\u0000([SL])(\d+)\\u0000"/g;

/** An EventBridge rule target's and an EventBridge Scheduler target's `Input`: at most 8,192 characters (API models: TargetInput). */
const MAX_TARGET_INPUT_CHARACTERS = 8192;

/**
 * Every schedule's trigger Input, by schedule name. Its length is known only once it is written: an Input
 * longer than EventBridge takes is reported here (and the expansion fails as a whole).
 */
export function renderInputs(plan: Plan, view: TemplateView, at: Report): ReadonlyMap<string, RenderedInput> {
  const inputs = new Map<string, RenderedInput>();
  for (const schedule of plan.schedules) {
    const rendered = renderInput(schedule.input, view);
    if (rendered.minLength > MAX_TARGET_INPUT_CHARACTERS) {
      const size = isIntrinsic(rendered.input) ? `at least ${rendered.minLength} characters (not counting values only CloudFormation knows)` : `${rendered.minLength} characters`;
      const base = `Schedules.${schedule.name}`;
      at(schedule.stepCount !== undefined ? `${base}.Steps` : `${base}.Command`, `the ${plan.trigger === 'EventBridgeScheduler' ? 'schedule' : 'rule'}'s target Input (this schedule's commands, environment and settings as JSON) would be ${size}; EventBridge accepts at most ${MAX_TARGET_INPUT_CHARACTERS}: move steps to another schedule or shorten the commands`);
    }
    inputs.set(schedule.name, rendered.input);
  }
  return inputs;
}

/** Whether any value of the input comes from an intrinsic (most inputs are literal: they are written at once). */
function holdsIntrinsic(spec: InputSpec): boolean {
  const command = (c: CommandSpec): boolean =>
    !Array.isArray(c.command) || c.command.some((e: Json) => isIntrinsic(e)) || (c.environment ?? []).some((e) => isIntrinsic(e.Value));
  return (
    (spec.single !== undefined && command(spec.single)) ||
    (spec.steps ?? []).some(command) ||
    (spec.overrides !== undefined && (isIntrinsic(spec.overrides.Cpu) || isIntrinsic(spec.overrides.Memory)))
  );
}

function renderInput(spec: InputSpec, view: TemplateView): InputText {
  const spliced: Json[] = [];
  // NUL never occurs in user text (the schema rejects it: argv and environment strings cannot hold it),
  // so a NUL-delimited marker cannot be forged by a command.
  const mark = (value: Json, kind: 'S' | 'L'): string => {
    spliced.push(value);
    return `\u0000${kind}${spliced.length - 1}\u0000`;
  };
  // Most inputs hold no intrinsic: their values are written as they are, without copies.
  const asWritten = !holdsIntrinsic(spec);
  const scalar = (value: Json): Json => (isIntrinsic(value) ? mark(value, 'S') : value);
  // Assigned field by field, in the order of docs/execution-input.md: this runs for every schedule.
  const commandDocument = (c: CommandSpec, into: Record<string, Json> = {}): Record<string, Json> => {
    into['commands'] = asWritten ? c.command : Array.isArray(c.command) ? c.command.map(scalar) : isIntrinsic(c.command) ? mark(c.command, 'L') : c.command;
    if (c.environment !== undefined) into['environment'] = asWritten ? c.environment : c.environment.map((e) => ({ Name: e.Name, Value: scalar(e.Value) }));
    return into;
  };
  const document: Record<string, Json> = { schedule: spec.schedule };
  if (spec.single !== undefined) commandDocument(spec.single, document);
  if (spec.steps !== undefined) document['steps'] = spec.steps.map((c) => commandDocument(c));
  if (spec.parallel !== undefined) document['parallel'] = spec.parallel;
  if (spec.overrides !== undefined) document['overrides'] = asWritten ? spec.overrides : Object.fromEntries(Object.entries(spec.overrides).map(([k, v]) => [k, scalar(v)]));
  if (spec.timeoutSeconds !== undefined) document['timeoutSeconds'] = spec.timeoutSeconds;
  const text = JSON.stringify(document);
  if (spliced.length === 0) return { input: text, minLength: text.length };

  const parts: Json[] = [];
  let literal = '';
  let minLength = 0;
  let last = 0;
  const splice = (escaped: EscapedText, open: string, close: string): void => {
    minLength += open.length + close.length + escaped.minLength;
    if (typeof escaped.value === 'string') {
      literal += open + escaped.value + close;
    } else {
      parts.push(literal + open, escaped.value);
      literal = close;
    }
  };
  for (const match of text.matchAll(SENTINEL)) {
    const value = spliced[Number(match[2])] as Json;
    const before = text.slice(last, match.index);
    literal += before;
    minLength += before.length;
    // A whole list from one intrinsic (e.g. a CommaDelimitedList parameter), or one string.
    if (match[1] === 'S') splice(escapedText(value, view), '"', '"');
    else splice(escapedListElements(value, view), '["', '"]');
    last = match.index + match[0].length;
  }
  const rest = text.slice(last);
  parts.push(literal + rest);
  minLength += rest.length;
  return { input: parts.length === 1 ? (parts[0] as Json) : { 'Fn::Join': ['', parts] }, minLength };
}
