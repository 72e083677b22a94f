/** JSON values as they appear in a CloudFormation fragment (long-form intrinsics). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

/**
 * Intrinsic functions CloudFormation evaluates after macros have run. A value that is one of these is
 * passed through untouched: the macro never sees, and never guesses, what it resolves to.
 */
const INTRINSIC_FUNCTIONS = [
  'Ref',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Length',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::ToJsonString',
] as const;
type IntrinsicName = (typeof INTRINSIC_FUNCTIONS)[number];

/** `{ "Ref": … }`, `{ "Fn::GetAtt": … }`, …: an object with exactly one key that names an intrinsic function. */
export type Intrinsic = { readonly [K in IntrinsicName]?: Json };

const intrinsicNames: ReadonlySet<string> = new Set(INTRINSIC_FUNCTIONS);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isIntrinsic(value: unknown): value is Intrinsic {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && intrinsicNames.has(keys[0] as string);
}

/** The logical ID a `Ref` points at, when the value is `{ "Ref": "<Id>" }`. */
export function refTarget(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const target = value['Ref'];
  return Object.keys(value).length === 1 && typeof target === 'string' ? target : undefined;
}

/** `[logicalId, attribute]` when the value is `{ "Fn::GetAtt": … }` in list or dotted-string form. */
export function getAttTarget(value: unknown): readonly [string, string] | undefined {
  if (!isObject(value) || Object.keys(value).length !== 1) return undefined;
  const arg = value['Fn::GetAtt'];
  if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && typeof arg[1] === 'string') {
    return [arg[0], arg[1]];
  }
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    if (dot > 0) return [arg.slice(0, dot), arg.slice(dot + 1)];
  }
  return undefined;
}

/** `{ "Fn::Sub": text }` or, with variables, `{ "Fn::Sub": [text, vars] }`. */
export function sub(text: string, vars?: JsonObject): Json {
  return vars === undefined ? { 'Fn::Sub': text } : { 'Fn::Sub': [text, vars] };
}

export function ref(logicalId: string): Json {
  return { Ref: logicalId };
}

export function getAtt(logicalId: string, attribute: string): Json {
  return { 'Fn::GetAtt': [logicalId, attribute] };
}

const NO_VALUE = 'AWS::NoValue';

/** Whether `{ "Ref": "AWS::NoValue" }` occurs anywhere in the value (typically in an `Fn::If` branch). */
export function containsNoValue(value: unknown): boolean {
  if (refTarget(value) === NO_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsNoValue);
  return isObject(value) && Object.values(value).some(containsNoValue);
}

/** The value with every `{ "Ref": "AWS::NoValue" }` replaced by `replacement`. */
export function replaceNoValue(value: Json, replacement: Json): Json {
  if (refTarget(value) === NO_VALUE) return replacement;
  if (Array.isArray(value)) return value.map((v: Json) => replaceNoValue(v, replacement));
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) out[k] = replaceNoValue(v, replacement);
  return out;
}

/** How deep a value nests, and the keys down to its deepest point; walked without recursion (any depth). */
export function deepestPath(value: unknown): { readonly depth: number; readonly path: readonly string[] } {
  interface Node {
    readonly value: unknown;
    readonly depth: number;
    readonly key?: string;
    readonly parent?: Node;
  }
  let deepest: Node = { value, depth: 0 };
  const stack: Node[] = [deepest];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.depth > deepest.depth) deepest = node;
    if (typeof node.value !== 'object' || node.value === null) continue;
    for (const [key, v] of Object.entries(node.value)) stack.push({ value: v, depth: node.depth + 1, key, parent: node });
  }
  const path: string[] = [];
  for (let n: Node | undefined = deepest; n?.key !== undefined; n = n.parent) path.unshift(n.key);
  return { depth: deepest.depth, path };
}

/** Whether an intrinsic function occurs anywhere in the value. */
export function containsIntrinsic(value: unknown): boolean {
  if (isIntrinsic(value)) return true;
  if (Array.isArray(value)) return value.some(containsIntrinsic);
  return isObject(value) && Object.values(value).some(containsIntrinsic);
}

/**
 * An `Fn::ToJsonString` inside the value whose argument holds an intrinsic: AWS::LanguageExtensions, listed
 * after the macro, resolves it only after the macro has written the trigger's Input, so its text cannot be
 * escaped there. `undefined` when there is none.
 */
export function unresolvedToJsonString(value: unknown): Json | undefined {
  if (Array.isArray(value)) {
    for (const v of value as unknown[]) {
      const found = unresolvedToJsonString(v);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (Object.keys(value).length === 1 && 'Fn::ToJsonString' in value && containsIntrinsic(value['Fn::ToJsonString'])) return value;
  return unresolvedToJsonString(Object.values(value));
}
