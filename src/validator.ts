/**
 * A small, purpose-built validator for the shorthand's schema (./schema): each node checks a value in one
 * walk, turns it into the typed value the library works with, and describes itself as JSON Schema (the
 * schema/ file editors and the cfn-lint rule read is generated from the same nodes, never kept by hand).
 *
 * Why not a general library: validation runs over every schedule of every deploy, and building a general
 * library's schema objects was most of the Lambda's module load. What is kept of such libraries is the one
 * rule that makes the messages good: a value of the wrong type stops the checks of everything around it
 * (an "aborting" issue: a map whose values are of the wrong type is not checked for its size), while a
 * value of the right type that breaks a rule (a pattern, a range) lets the others run.
 */

/** One finding of the validator, with the path (keys and list positions) inside the validated value. */
export interface ShapeIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** Keys a strict map does not know (the message is then empty: the caller phrases it, with suggestions). */
  readonly unknownKeys?: readonly string[];
  /** With `unknownKeys`: the keys that map does know, in declaration order. */
  readonly allowedKeys?: readonly string[];
}

interface RawIssue {
  readonly path: readonly (string | number)[];
  /** undefined: the enclosing union (or node) phrases it. */
  message: string | undefined;
  /** A value of the wrong type: the checks of the nodes around it do not run. */
  abort: boolean;
  readonly unknownKeys?: readonly string[];
  readonly allowedKeys?: readonly string[];
}

/** The walk's state: where it is and what it found. */
interface Walk {
  readonly path: (string | number)[];
  issues: RawIssue[];
  /** Reports a broken rule at the current path (or on its entry `key`). */
  readonly report: (message: string, key?: string) => void;
}

/** A node of the schema: checks `value` (reporting to the walk) and returns the typed value; the value is meaningless once an issue was reported. */
export interface Node<T> {
  readonly run: (value: unknown, walk: Walk) => T;
  /** The node as JSON Schema (draft 2020-12), input side (what a template may hold). */
  readonly json: () => JsonSchema;
  /** Whether a missing value is fine (a key of a strict map that may be left out). */
  readonly optional?: boolean;
}

export type JsonSchema = { readonly [key: string]: unknown };
export type Output<N> = N extends Node<infer T> ? T : never;
/** Phrases an issue of the value `input` (undefined when missing); undefined: leave it to what is inside. */
export type ErrorText = (input: unknown) => string | undefined;

function fail(walk: Walk, message: string | undefined, abort: boolean, key?: string | number): void {
  walk.issues.push({ path: key === undefined ? [...walk.path] : [...walk.path, key], message, abort });
}

/** Whether an issue from `start` on stops the checks around it. */
function abortedSince(walk: Walk, start: number): boolean {
  for (let i = start; i < walk.issues.length; i++) if ((walk.issues[i] as RawIssue).abort) return true;
  return false;
}

/** A value of one JavaScript type, as it is. */
function primitive<T>(test: (value: unknown) => value is T, json: JsonSchema, error?: ErrorText): Node<T> {
  return {
    run: (value, walk) => {
      if (!test(value)) fail(walk, error?.(value), true);
      return value as T;
    },
    json: () => json,
  };
}

export const string = (error?: ErrorText): Node<string> => primitive((v): v is string => typeof v === 'string', { type: 'string' }, error);
export const number = (error?: ErrorText): Node<number> => primitive((v): v is number => typeof v === 'number' && !Number.isNaN(v), { type: 'number' }, error);
export const boolean = (error?: ErrorText): Node<boolean> => primitive((v): v is boolean => typeof v === 'boolean', { type: 'boolean' }, error);
/** A positive whole number (up to 2^53 - 1). */
export const positiveInteger = (): Node<number> =>
  primitive((v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0, { type: 'integer', exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** One of fixed strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, error?: ErrorText): Node<T[number]> {
  const allowed: ReadonlySet<string> = new Set(values);
  return primitive((v): v is T[number] => typeof v === 'string' && allowed.has(v), { type: 'string', enum: values }, error);
}

/** A value the predicate accepts, passed through; described by `json`. */
export function accept<T>(test: (value: unknown) => value is T, json: JsonSchema): Node<T> {
  return primitive(test, json);
}

/** A string matching `pattern` (a rule: the checks around it go on). */
export function matching(pattern: RegExp, message?: ErrorText): Node<string> {
  return {
    run: (value, walk) => {
      if (typeof value !== 'string') fail(walk, undefined, true);
      else if (!pattern.test(value)) fail(walk, message?.(value), false);
      return value as string;
    },
    json: () => ({ type: 'string', pattern: pattern.source }),
  };
}

/** `node`'s value turned into another; when `node` finds anything, the turn is not taken and its issues stop the checks around it. */
export function map<T, U>(node: Node<T>, turn: (value: T) => U): Node<U> {
  return {
    run: (value, walk) => {
      const start = walk.issues.length;
      const out = node.run(value, walk);
      if (walk.issues.length === start) return turn(out);
      for (let i = start; i < walk.issues.length; i++) (walk.issues[i] as RawIssue).abort = true;
      return out as unknown as U;
    },
    json: node.json,
  };
}

/** Reports a rule broken by a value of the right type; `key` puts it on an entry of the value. */
export type Rule<T> = (value: T, report: (message: string, key?: string) => void) => void;

/**
 * `node` with rules that run once its value has the right type (no aborting issue inside it). Rules
 * report issues that do not stop the checks around them.
 */
export function rules<T>(node: Node<T>, ...checks: readonly Rule<T>[]): Node<T> {
  return {
    ...node,
    run: (value, walk) => {
      const start = walk.issues.length;
      const out = node.run(value, walk);
      if (start !== walk.issues.length && abortedSince(walk, start)) return out;
      for (const check of checks) check(out, walk.report);
      return out;
    },
  };
}

/**
 * `node` (a list) with a least and a most number of elements. Unlike other rules, these are checked on
 * whatever value has a length, even one of the wrong type or with wrong elements: "" where a list belongs
 * is also too short. A list longer than allowed is only that: its elements are not looked at.
 */
export function lengths<T>(node: Node<T>, min?: { readonly count: number; readonly message: string }, max?: { readonly count: number; readonly message: string }): Node<T> {
  return {
    ...node,
    run: (value, walk) => {
      if (max !== undefined && Array.isArray(value) && value.length > max.count) {
        fail(walk, max.message, true);
        return value as T;
      }
      const out = node.run(value, walk);
      const length = typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
      if (length === undefined) return out;
      if (min !== undefined && length < min.count) fail(walk, min.message, false);
      if (max !== undefined && length > max.count) fail(walk, max.message, false);
      return out;
    },
    json: () => ({ ...(min !== undefined ? { minItems: min.count } : {}), ...(max !== undefined ? { maxItems: max.count } : {}), ...node.json() }),
  };
}

/**
 * The first alternative that takes the value. Otherwise: when exactly one alternative got past the type
 * checks, what it found (the value had its type but broke one of its rules); else one issue phrased by
 * `error`. `stepAside`: for a list, what is wrong inside the list, found by the first alternative (a list
 * where a list belongs).
 */
export function union<const Options extends readonly Node<unknown>[]>(options: Options, error: ErrorText, stepAside = false): Node<Output<Options[number]>> {
  return {
    run: (value, walk) => {
      const outer = walk.issues;
      const start = outer.length;
      // Each alternative reports to the walk; what a failed one found is set aside (nothing is allocated
      // when the first alternative takes the value, the usual case).
      let found: RawIssue[][] | undefined;
      for (let i = 0; i < options.length; i++) {
        const out = (options[i] as Node<unknown>).run(value, walk);
        if (outer.length === start) return out as Output<Options[number]>;
        (found ??= []).push(outer.splice(start));
      }
      if (found === undefined) return value as Output<Options[number]>;
      const typed = found.filter((issues) => issues.every((i) => !i.abort));
      if (typed.length === 1) {
        const message = error(value);
        for (const issue of typed[0] as RawIssue[]) outer.push(issue.message === undefined ? { ...issue, message } : issue);
        return value as Output<Options[number]>;
      }
      if (stepAside && Array.isArray(value)) {
        for (const issue of found[0] as RawIssue[]) outer.push({ ...issue, abort: true });
        return value as Output<Options[number]>;
      }
      fail(walk, error(value), true);
      return value as Output<Options[number]>;
    },
    json: () => ({ anyOf: options.map((o) => o.json()) }),
  };
}

/** `node`, or nothing. */
export function optional<T>(node: Node<T>): Node<T | undefined> {
  return { run: (value, walk) => (value === undefined ? undefined : node.run(value, walk)), json: node.json, optional: true };
}

/** Sets a key, also `__proto__` (as an ordinary key: an assignment would set the prototype). */
function set(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isMap(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a list or map can be its own typed value: an ordinary one (not an object of another class,
 * whose prototype would come along). The walk gives it back as it came when every value inside came out
 * unchanged, the usual case, and copies it only once one does not: the library only reads typed values.
 */
function ordinary(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === Array.prototype;
}

/** `node` run on the entry `key` (or position) of the value being walked. */
function runAt<T>(node: Node<T>, value: unknown, walk: Walk, key: string | number): T {
  walk.path.push(key);
  const out = node.run(value, walk);
  walk.path.pop();
  return out;
}

/** A new map with the first `count` of `keys` of `value`, as they are. */
function copyOf(value: Readonly<Record<string, unknown>>, keys: readonly string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) set(out, keys[i] as string, value[keys[i] as string]);
  return out;
}

/** A list of `element`s. */
export function list<T>(element: Node<T>, error?: ErrorText): Node<T[]> {
  return {
    run: (value, walk) => {
      if (!Array.isArray(value)) {
        fail(walk, error?.(value), true);
        return [];
      }
      // Copied once an element comes out changed (or a list is not ordinary): see `ordinary`. Pushed, not
      // preallocated: a packed list is faster to read and to serialise than a holey one.
      let out: T[] | undefined = ordinary(value) ? undefined : [];
      for (let i = 0; i < value.length; i++) {
        const given: unknown = value[i];
        const parsed = runAt(element, given, walk, i);
        if (out !== undefined) out.push(parsed);
        else if (parsed !== given || !(i in value)) out = [...(value.slice(0, i) as T[]), parsed];
      }
      return out ?? (value as T[]);
    },
    json: () => ({ type: 'array', items: element.json() }),
  };
}

/** A map of any string keys to `element`s (keys kept in their order). */
export function record<T>(element: Node<T>, error: ErrorText): Node<Record<string, T>> {
  return {
    run: (value, walk) => {
      if (!isMap(value)) {
        fail(walk, error(value), true);
        return {};
      }
      // Copied once a value comes out changed (or the map is not ordinary): see `ordinary`.
      const keys = Object.keys(value);
      let out: Record<string, T> | undefined = ordinary(value) ? undefined : {};
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const given = value[key];
        const parsed = runAt(element, given, walk, key);
        if (out !== undefined) set(out, key, parsed);
        else if (parsed !== given) {
          out = copyOf(value, keys, i) as Record<string, T>;
          set(out, key, parsed);
        }
      }
      return out ?? (value as Record<string, T>);
    },
    json: () => ({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: element.json() }),
  };
}

type Shape = Readonly<Record<string, Node<unknown>>>;
type Optionals<S extends Shape> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : undefined extends Output<S[K]> ? K : never }[keyof S];
/** The typed value of a strict map: optional keys may be absent. */
export type StrictOutput<S extends Shape> = { -readonly [K in Exclude<keyof S, Optionals<S>>]: Output<S[K]> } & { -readonly [K in Optionals<S>]?: Exclude<Output<S[K]>, undefined> };

export interface StrictNode<S extends Shape> extends Node<StrictOutput<S>> {
  readonly shape: S;
  /** The keys, in the order the schema declares them. */
  readonly keys: readonly string[];
}

/** A map with the keys of `shape` only: an unknown key is an issue (almost always a typo). */
export function strict<const S extends Shape>(shape: S, error: ErrorText): StrictNode<S> {
  const keys = Object.keys(shape);
  const nodes: ReadonlyMap<string, Node<unknown>> = new Map(Object.entries(shape));
  const required = keys.filter((k) => (shape[k] as Node<unknown>).optional !== true);
  return {
    shape,
    keys,
    run: (value, walk) => {
      if (!isMap(value)) {
        fail(walk, error(value), true);
        return {} as StrictOutput<S>;
      }
      // One pass over the keys given (the typed value keeps their order), then the required ones missing.
      // The map itself is the typed value when it holds known keys only, each with a value that came out
      // unchanged (see `ordinary`); otherwise a copy with the known keys.
      const given = Object.keys(value);
      let out: Record<string, unknown> | undefined = ordinary(value) ? undefined : {};
      let unknown: string[] | undefined;
      for (let i = 0; i < given.length; i++) {
        const key = given[i] as string;
        const node = nodes.get(key);
        const input = value[key];
        const parsed = node === undefined || (input === undefined && node.optional === true) ? undefined : runAt(node, input, walk, key);
        if (node === undefined) (unknown ??= []).push(key);
        // Up to here every key was known, with a value that came out unchanged: the copy starts with them.
        if (out === undefined && (node === undefined || input === undefined || parsed !== input)) out = copyOf(value, given, i);
        if (out !== undefined && node !== undefined && (input !== undefined || parsed !== undefined)) out[key] = parsed;
      }
      for (const key of required) {
        if (!Object.hasOwn(value, key)) runAt(nodes.get(key) as Node<unknown>, undefined, walk, key);
      }
      // An unknown key is not a value of the wrong type: the map's own rules and those around it still run
      // (a misspelled key must not hide, say, a schedule name the Schedules rule refuses).
      if (unknown !== undefined) walk.issues.push({ path: [...walk.path], message: '', abort: false, unknownKeys: unknown, allowedKeys: keys });
      return (out ?? value) as StrictOutput<S>;
    },
    json: () => {
      const required = keys.filter((k) => (shape[k] as Node<unknown>).optional !== true);
      return {
        type: 'object',
        properties: Object.fromEntries(keys.map((k) => [k, (shape[k] as Node<unknown>).json()])),
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
      };
    },
  };
}

/** Validates `value`; the typed value, or every issue found. */
export function validate<T>(node: Node<T>, value: unknown): { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: readonly ShapeIssue[] } {
  const path: (string | number)[] = [];
  const issues: RawIssue[] = [];
  const walk: Walk = {
    path,
    issues,
    report: (message, key) => {
      walk.issues.push({ path: key === undefined ? [...path] : [...path, key], message, abort: false });
    },
  };
  const data = node.run(value, walk);
  if (walk.issues.length === 0) return { success: true, data };
  return {
    success: false,
    issues: walk.issues.map((i) => ({ path: i.path, message: i.message ?? 'is not valid', ...(i.unknownKeys ? { unknownKeys: i.unknownKeys, allowedKeys: i.allowedKeys ?? [] } : {}) })),
  };
}
