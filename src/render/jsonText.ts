/**
 * The content of a JSON string (the text between its quotes) for a value CloudFormation may resolve only
 * after the macro has run. A trigger's `Input` is JSON text built with `Fn::Join`; a value spliced into it
 * must arrive escaped, or a quote, a backslash or a line break in it breaks the JSON (and the run).
 *
 * - What the macro can see is escaped now: literal text, the literal parts of an `Fn::Sub` template
 *   (a multi-line `!Sub |` script), the separator and literal elements of an `Fn::Join`, both branches of
 *   an `Fn::If`, parameter values CloudFormation sent in `templateParameterValues`.
 * - What only CloudFormation will know (an attribute of another resource, an import, a mapping value, an
 *   SSM parameter) is escaped by CloudFormation itself: `Fn::Join` over `Fn::Split` replaces each
 *   character that JSON must escape, one `Split`/`Join` pair per character, backslash first. The pairs
 *   cover `\`, `"`, line feed, carriage return and tab; other control characters (U+0000 to U+001F) in such
 *   a value would still break the JSON (docs/execution-input.md says so).
 *
 * Escaping distributes over concatenation (escape(a + b) = escape(a) + escape(b)), which is why a Join's
 * parts, a Sub's parts and an If's branches can each be escaped on their own.
 */
import { opaque, resourceType, type TemplateView } from '../arns';
import { containsIntrinsic, getAttTarget, isObject, type Json, type JsonObject } from '../json';
import { isResolvedLater, knownParameterValue, staticValue } from '../parameters';

/** A value that yields the JSON-escaped text, and a lower bound of that text's length once resolved. */
export interface EscapedText {
  readonly value: Json;
  readonly minLength: number;
}

/** The JSON escape of text, without the quotes. */
function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** Characters JSON must escape, each with its escape; the backslash comes first, so later escapes stay intact. */
const RUNTIME_ESCAPES: ReadonlyArray<readonly [string, string]> = [
  ['\\', '\\\\'],
  ['"', '\\"'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
];

/** `Fn::Join` over `Fn::Split`: CloudFormation replaces each `from` by `to` in the resolved value. */
function replaceAll(value: Json, escapes: ReadonlyArray<readonly [string, string]>): Json {
  return escapes.reduce<Json>((inner, [from, to]) => ({ 'Fn::Join': [to, { 'Fn::Split': [from, inner] }] }), value);
}

/** The escapes a known text needs (every character JSON.stringify would change), backslash first. */
function escapesFor(text: string): Array<readonly [string, string]> {
  const needed = new Set<string>();
  for (const ch of text) if (jsonEscape(ch) !== ch) needed.add(ch);
  const ordered = [...needed].sort((a, b) => (a === '\\' ? -1 : b === '\\' ? 1 : a < b ? -1 : 1));
  return ordered.map((ch) => [ch, jsonEscape(ch)] as const);
}

/** Pseudo parameters whose values never hold a character JSON escapes (names, IDs, ARNs). */
const SAFE_PSEUDO = new Set(['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

/** The value CloudFormation sent for a plain parameter, when the macro can rely on it (not for SSM parameters). */
function knownScalarParameter(name: string, view: TemplateView): string | undefined {
  const reference = { Ref: name };
  if (isResolvedLater(reference, view)) return undefined;
  const value = knownParameterValue(reference, view);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether a reference certainly yields text JSON leaves as it is: a pseudo parameter, the Ref of an AWS
 * resource (a name, ID or ARN) or its ARN attribute. Not: a parameter, an `AWS::SSM::Parameter`'s `Value`, a
 * nested stack's outputs, a custom resource's values, other attributes.
 */
function identifierReference(name: string, view: TemplateView): boolean {
  if (SAFE_PSEUDO.has(name)) return true;
  if (Object.hasOwn(view.parameters, name)) return false;
  const dot = name.indexOf('.');
  const type = resourceType(view, dot > 0 ? name.slice(0, dot) : name);
  if (type === undefined || !type.startsWith('AWS::') || opaque(type)) return false;
  return dot < 0 || name.endsWith('Arn');
}

/** The escaped text of a reference (Ref or a Sub's `${Name}`), given as the intrinsic that yields its value. */
function escapedReference(name: string, reference: Json, view: TemplateView): EscapedText {
  if (identifierReference(name, view)) return { value: reference, minLength: 0 };
  const known = knownScalarParameter(name, view);
  if (known !== undefined) return { value: replaceAll(reference, escapesFor(known)), minLength: jsonEscape(known).length };
  return { value: replaceAll(reference, RUNTIME_ESCAPES), minLength: 0 };
}

/** The JSON-escaped text of a string-valued literal or intrinsic, as a literal where possible. */
export function escapedText(value: Json, view: TemplateView): EscapedText {
  if (typeof value === 'string') {
    const text = jsonEscape(value);
    return { value: text, minLength: text.length };
  }
  if (typeof value === 'number' || typeof value === 'boolean') return escapedText(String(value), view);
  if (!isObject(value)) return { value: replaceAll(value, RUNTIME_ESCAPES), minLength: 0 };
  const keys = Object.keys(value);
  const fn = keys.length === 1 ? keys[0] : undefined;
  const arg = fn === undefined ? undefined : value[fn];
  if (fn === 'Ref' && typeof arg === 'string') return escapedReference(arg, value, view);
  const attribute = fn === 'Fn::GetAtt' ? getAttTarget(value) : undefined;
  if (attribute !== undefined) return escapedReference(attribute.join('.'), value, view);
  if (fn === 'Fn::Sub') {
    const rewritten = escapedSub(arg ?? null, view);
    if (rewritten !== undefined) return rewritten;
  }
  if (fn === 'Fn::Join' && Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
    const separator = jsonEscape(arg[0]);
    const parts = (arg[1] as readonly Json[]).map((part) => escapedText(part, view));
    const minLength = parts.reduce((sum, p) => sum + p.minLength, 0) + separator.length * Math.max(0, parts.length - 1);
    const literals = parts.map((p) => p.value).filter((v): v is string => typeof v === 'string');
    if (literals.length === parts.length) return { value: literals.join(separator), minLength };
    return { value: { 'Fn::Join': [separator, parts.map((p) => p.value)] }, minLength };
  }
  if (fn === 'Fn::If' && Array.isArray(arg) && arg.length === 3) {
    const [condition, yes, no] = arg as readonly Json[];
    const a = escapedText(yes as Json, view);
    const b = escapedText(no as Json, view);
    return { value: { 'Fn::If': [condition as Json, a.value, b.value] }, minLength: Math.min(a.minLength, b.minLength) };
  }
  // AWS::LanguageExtensions' compact JSON text of literal values (its documentation's examples), escaped now.
  // With intrinsics inside, the plan refuses it (they would be resolved after the Input is written).
  if (fn === 'Fn::ToJsonString' && !containsIntrinsic(arg)) return escapedText(JSON.stringify(arg ?? null), view);
  // A mapping entry with keys the macro can resolve: escaped for the characters its value holds (usually none).
  const mapped = fn === 'Fn::FindInMap' ? staticValue(value, view) : undefined;
  if (mapped !== undefined) return { value: replaceAll(value, escapesFor(mapped)), minLength: jsonEscape(mapped).length };
  // Base64 text is letters, digits, + / =; Length is a number.
  if (fn === 'Fn::Base64' || fn === 'Fn::Length') return { value, minLength: 0 };
  return { value: replaceAll(value, RUNTIME_ESCAPES), minLength: 0 };
}

/**
 * An `Fn::Sub` whose result is the JSON escape of the original's: the literal text is escaped in the
 * template itself, `${!Literal}` stays literal, and every `${Name}` whose value could hold a character JSON
 * escapes is bound to a variable that escapes it. `undefined` when the Sub is malformed (the plan reports it).
 */
function escapedSub(arg: Json, view: TemplateView): EscapedText | undefined {
  let text: Json = arg;
  let variables: JsonObject = {};
  if (Array.isArray(arg)) {
    if (arg.length !== 2 || !isObject(arg[1])) return undefined;
    text = arg[0] as Json;
    variables = arg[1];
  }
  if (typeof text !== 'string') return undefined;
  const taken = new Set([...Object.keys(variables), ...[...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1] as string)]);
  const fresh = (name: string): string => {
    const base = name.replace(/[^A-Za-z0-9]/g, '') || 'Value';
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}${i}`;
    taken.add(candidate);
    return candidate;
  };
  const vars: Record<string, Json> = {};
  const boundAs = new Map<string, string>();
  let minLength = 0;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const literal = jsonEscape(text.slice(last, match.index));
    out += literal;
    minLength += literal.length;
    last = match.index + match[0].length;
    const name = match[1] as string;
    if (name.startsWith('!')) {
      // `${!Literal}` yields `${Literal}`.
      const inner = jsonEscape(name.slice(1));
      out += `\${!${inner}}`;
      minLength += inner.length + 3;
      continue;
    }
    if (Object.hasOwn(variables, name)) {
      out += match[0];
      const escaped = escapedText(variables[name] as Json, view);
      vars[name] = escaped.value;
      minLength += escaped.minLength;
      continue;
    }
    const dot = name.indexOf('.');
    const reference: Json = dot > 0 && !name.startsWith('AWS::') ? { 'Fn::GetAtt': [name.slice(0, dot), name.slice(dot + 1)] } : { Ref: name };
    const escaped = escapedReference(name, reference, view);
    minLength += escaped.minLength;
    if (escaped.value === reference) {
      out += match[0];
      continue;
    }
    let bound = boundAs.get(name);
    if (bound === undefined) {
      bound = fresh(name);
      boundAs.set(name, bound);
      vars[bound] = escaped.value;
    }
    out += `\${${bound}}`;
  }
  const tail = jsonEscape(text.slice(last));
  out += tail;
  minLength += tail.length;
  // Variables the template never uses are kept (CloudFormation accepts them), escaped like the rest.
  for (const [name, v] of Object.entries(variables)) if (!Object.hasOwn(vars, name)) vars[name] = escapedText(v, view).value;
  return { value: Object.keys(vars).length === 0 ? { 'Fn::Sub': out } : { 'Fn::Sub': [out, vars] }, minLength };
}

/**
 * The JSON text of the elements of a whole list from one intrinsic (a `CommaDelimitedList` parameter,
 * `Fn::Split`, ...), between the list's outer `["` and `"]`: the elements joined with `","`, each escaped.
 * CloudFormation cannot escape elements one by one, so the list is joined with `","`, escaped as one text
 * (which turns each separator into `\",\"`), and those escaped separators are turned back into `","`. That
 * is exact unless an element itself contains `","` (a comma-delimited list never does).
 */
export function escapedListElements(list: Json, view: TemplateView): EscapedText {
  const name = isObject(list) && typeof list['Ref'] === 'string' ? list['Ref'] : undefined;
  const known = name !== undefined && Object.hasOwn(view.parameterValues, name) ? view.parameterValues[name] : undefined;
  const joined: Json = { 'Fn::Join': ['","', list] };
  if (Array.isArray(known) && known.every((e): e is string => typeof e === 'string') && known.every((e) => jsonEscape(e) === e)) {
    return { value: joined, minLength: known.join('","').length };
  }
  return { value: { 'Fn::Join': ['","', { 'Fn::Split': ['\\",\\"', replaceAll(joined, RUNTIME_ESCAPES)] }] }, minLength: 0 };
}
