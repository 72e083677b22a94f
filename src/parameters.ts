/**
 * What the macro can learn from `templateParameterValues`: CloudFormation evaluates the parameters before
 * it calls the macro, so a `!Ref Param` in a shorthand has a known value. Checks that need the value run
 * on it (a bad schedule expression fails the transform with a message instead of the rule's creation
 * half-way through the deploy); the generated template still carries the `Ref`, never the value.
 */
import { isListParameter, type TemplateView } from './arns';
import { isIntrinsic, isObject, refTarget } from './json';

/** A parameter's evaluated value: a string, or a list of strings for list-typed parameters. */
type ParameterValue = string | readonly string[];

/** The value of `{ "Ref": "<Parameter>" }` when CloudFormation sent it; `undefined` for anything else. */
export function knownParameterValue(value: unknown, view: TemplateView): ParameterValue | undefined {
  const name = refTarget(value);
  if (name === undefined || !Object.hasOwn(view.parameters, name) || !Object.hasOwn(view.parameterValues, name)) return undefined;
  const known = view.parameterValues[name];
  if (typeof known === 'string') return known;
  if (Array.isArray(known) && known.every((v): v is string => typeof v === 'string')) return known;
  return undefined;
}

/** Whether the value is a `Ref` of a list-typed parameter (`CommaDelimitedList`, `List<…>`, SSM lists). */
export function isListParameterRef(value: unknown, view: TemplateView): boolean {
  const name = refTarget(value);
  return name !== undefined && isListParameter(name, view);
}

/**
 * A lower bound of the length of `value`'s JSON once CloudFormation has resolved it: known parameter
 * values count with their text; other intrinsics count as empty (`""`, or `[]` where a whole list comes
 * from one). `exact` is false when such an unknown part was left out.
 */
export function resolvedJsonLength(value: unknown, view: TemplateView): { readonly length: number; readonly exact: boolean } {
  // The usual case, literals only, costs one JSON.stringify: in JSON text `{"Ref":` and `{"Fn::` can only
  // open an object (quotes inside strings are escaped), so their absence means no intrinsic.
  const literal = JSON.stringify(value);
  if (!literal.includes('{"Ref":') && !literal.includes('{"Fn::')) return { length: literal.length, exact: true };
  let exact = true;
  const resolve = (v: unknown, wholeList: boolean): unknown => {
    if (isIntrinsic(v)) {
      const known = knownParameterValue(v, view);
      if (known !== undefined) return known;
      exact = false;
      return wholeList ? [] : '';
    }
    if (Array.isArray(v)) return v.map((e: unknown) => resolve(e, false));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, resolve(e, k === 'command')]));
    return v;
  };
  const text = JSON.stringify(resolve(value, false));
  return { length: text.length, exact };
}

/**
 * The value of a literal, a `!Ref` of a parameter CloudFormation sent, or an `Fn::FindInMap` whose keys are
 * such values: what the macro can know of a value it must decide on (a time limit, a task size) at
 * transform time. `undefined` for anything only CloudFormation will know.
 */
export function staticValue(value: unknown, view: TemplateView): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const known = isResolvedLater(value, view) ? undefined : knownParameterValue(value, view);
  if (typeof known === 'string') return known;
  if (!isObject(value) || Object.keys(value).length !== 1) return undefined;
  const args = value['Fn::FindInMap'];
  if (!Array.isArray(args) || args.length !== 3 || view.mappings === undefined) return undefined;
  const [map, top, second] = (args as readonly unknown[]).map((a) => staticValue(a, view));
  if (map === undefined || top === undefined || second === undefined) return undefined;
  const mapping = Object.hasOwn(view.mappings, map) ? view.mappings[map] : undefined;
  const level = isObject(mapping) && Object.hasOwn(mapping, top) ? mapping[top] : undefined;
  const found = isObject(level) && Object.hasOwn(level, second) ? level[second] : undefined;
  return typeof found === 'string' || typeof found === 'number' ? String(found) : undefined;
}

/**
 * Whether the value is a `Ref` of an `AWS::SSM::Parameter::Value<…>` parameter: whether the request carries
 * its value or its parameter name is not documented, so the macro relies on neither.
 */
export function isResolvedLater(value: unknown, view: TemplateView): boolean {
  const name = refTarget(value);
  if (name === undefined || !Object.hasOwn(view.parameters, name)) return false;
  const declaration = view.parameters[name];
  const type = isObject(declaration) ? declaration['Type'] : undefined;
  return typeof type === 'string' && type.startsWith('AWS::SSM::Parameter::Value<');
}
