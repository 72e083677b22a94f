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

/** A JSON string, or `{ "Fn::Join": ["", [...]] }` that yields one once CloudFormation resolves it. */
export type RenderedInput = Json;

export interface EnvironmentEntry {
  readonly Name: string;
  readonly Value: Json;
}

/** The document shape, for the README and for tests that start runs by hand. */
export interface ExecutionInput {
  readonly commands: readonly string[];
  readonly environment?: readonly { readonly Name: string; readonly Value: string }[];
}

const SENTINEL = /"\\u0000([SL])(\d+)\\u0000"/g;

export function renderInput(command: Json, environment: readonly EnvironmentEntry[] | undefined): RenderedInput {
  const spliced: Json[] = [];
  // NUL never occurs in user text (the schema rejects it: argv and environment strings cannot hold it),
  // so a NUL-delimited marker cannot be forged by a command.
  const mark = (value: Json, kind: 'S' | 'L'): string => {
    spliced.push(value);
    return `\u0000${kind}${spliced.length - 1}\u0000`;
  };
  const scalar = (value: Json): Json => (isIntrinsic(value) ? mark(value, 'S') : value);
  const document: Record<string, Json> = {
    commands: Array.isArray(command) ? command.map(scalar) : isIntrinsic(command) ? mark(command, 'L') : command,
  };
  if (environment !== undefined) {
    document['environment'] = environment.map((e) => ({ Name: e.Name, Value: scalar(e.Value) }));
  }
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
