/**
 * The execution input a trigger hands to the state machine: `{"commands": [...]}` (the original
 * article's shape, so an operator can start a run by hand with it) plus, when the schedule sets any,
 * `"environment": [{"Name": ..., "Value": ...}]` in the shape ECS container overrides take.
 *
 * User text is JSON-encoded here and never goes through `Fn::Sub` or `DefinitionSubstitutions`, so
 * `${...}`, `$.x` and quotes in a command reach the container byte for byte. Values that come from
 * intrinsics are spliced into the JSON text with `Fn::Join` (which, unlike `Fn::Sub`, interprets nothing).
 */
import { isIntrinsic, type Json } from '../json';

import type { CommandSpec, InputSpec } from '../executionInput';

export type { CommandSpec, EnvironmentEntry, ExecutionInput, InputSpec } from '../executionInput';

/** A JSON string, or `{ "Fn::Join": ["", [...]] }` that yields one once CloudFormation resolves it. */
export type RenderedInput = Json;

const SENTINEL = /"\\u0000([SL])(\d+)\\u0000"/g;

export function renderInput(spec: InputSpec): RenderedInput {
  const spliced: Json[] = [];
  // NUL never occurs in user text (the schema rejects it: argv and environment strings cannot hold it),
  // so a NUL-delimited marker cannot be forged by a command.
  const mark = (value: Json, kind: 'S' | 'L'): string => {
    spliced.push(value);
    return `\u0000${kind}${spliced.length - 1}\u0000`;
  };
  const scalar = (value: Json): Json => (isIntrinsic(value) ? mark(value, 'S') : value);
  const commandDocument = (c: CommandSpec): Record<string, Json> => ({
    commands: Array.isArray(c.command) ? c.command.map(scalar) : isIntrinsic(c.command) ? mark(c.command, 'L') : c.command,
    ...(c.environment !== undefined ? { environment: c.environment.map((e) => ({ Name: e.Name, Value: scalar(e.Value) })) } : {}),
  });
  const document: Record<string, Json> = {
    schedule: spec.schedule,
    ...(spec.single !== undefined ? commandDocument(spec.single) : {}),
    ...(spec.steps !== undefined ? { steps: spec.steps.map(commandDocument) } : {}),
    ...(spec.parallel !== undefined ? { parallel: spec.parallel } : {}),
    ...(spec.overrides !== undefined ? { overrides: spec.overrides } : {}),
    ...(spec.timeoutSeconds !== undefined ? { timeoutSeconds: spec.timeoutSeconds } : {}),
  };
  const text = JSON.stringify(document);
  if (spliced.length === 0) return text;

  const parts: Json[] = [];
  let literal = '';
  let last = 0;
  for (const match of text.matchAll(SENTINEL)) {
    const value = spliced[Number(match[2])] as Json;
    literal += text.slice(last, match.index);
    if (match[1] === 'S') {
      parts.push(`${literal}"`, value);
      literal = '"';
    } else {
      // A whole list from one intrinsic (e.g. a CommaDelimitedList parameter).
      parts.push(`${literal}["`, { 'Fn::Join': ['","', value] });
      literal = '"]';
    }
    last = match.index + match[0].length;
  }
  parts.push(literal + text.slice(last));
  return { 'Fn::Join': ['', parts] };
}
