/**
 * Every `Ref`, `Fn::GetAtt` and `Fn::Sub` reference inside a shorthand must point at something the
 * template defines (or a pseudo parameter), and never at the shorthand itself.
 */
import type { TemplateView } from '../arns';
import { getAttTarget, isIntrinsic, isObject, type Json, type JsonObject } from '../json';
import { show } from '../schema';
import type { Report } from './issues';

/** The `${Name}` references of an `Fn::Sub` (not `${!Literal}`) and its variables; `undefined` for other values. */
function subParts(value: unknown): { readonly names: readonly string[]; readonly variables: JsonObject } | 'malformed' | undefined {
  if (!isObject(value) || Object.keys(value).length !== 1 || !('Fn::Sub' in value)) return undefined;
  const arg = value['Fn::Sub'];
  let text: Json | undefined = arg;
  let variables: JsonObject = {};
  if (Array.isArray(arg)) {
    const [first, second] = arg as readonly Json[];
    if (arg.length !== 2 || !isObject(second)) return 'malformed';
    text = first;
    variables = second;
  }
  if (typeof text !== 'string') return 'malformed';
  const names = [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => (m[1] as string).trim()).filter((n) => !n.startsWith('!'));
  return { names, variables };
}

/**
 * What the walk saw on its way, so that the checks for rarer intrinsics walk only where one may be: a
 * malformed intrinsic it does not enter counts as seeing both.
 */
interface SeenIntrinsics {
  /** `{Ref: AWS::NoValue}`. */
  noValue: boolean;
  /** `Fn::ToJsonString`. */
  toJsonString: boolean;
}

/** Checks every reference inside `value`, found at `path` of the shorthand `logicalId`. */
export function checkReferences(logicalId: string, value: unknown, path: string, view: TemplateView, report: Report): SeenIntrinsics {
  const seen: SeenIntrinsics = { noValue: false, toJsonString: false };
  referencesIn(logicalId, value, path === '' ? [] : [path], view, report, seen);
  return seen;
}

function unseen(seen: SeenIntrinsics): void {
  seen.noValue = true;
  seen.toJsonString = true;
}

/**
 * The walk of checkReferences. It visits every value of every schedule, so the property path is kept as
 * a stack of keys and joined only for an issue.
 */
function referencesIn(logicalId: string, value: unknown, at: string[], view: TemplateView, report: Report, seen: SeenIntrinsics): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      // Only maps hold references (most elements are text): no call for the others.
      const element: unknown = value[i];
      if (typeof element !== 'object' || element === null) continue;
      at.push(String(i));
      referencesIn(logicalId, element, at, view, report, seen);
      at.pop();
    }
    return;
  }
  if (!isObject(value)) return;
  // Keys are listed once per object: this runs over every value of every schedule.
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only === 'Ref') {
    const target = value['Ref'];
    if (typeof target !== 'string') {
      report(at.join('.'), `${show(value)} is not valid: Ref takes the logical ID of a parameter or resource`);
      unseen(seen);
      return;
    }
    if (target === 'AWS::NoValue') seen.noValue = true;
    const known = target.startsWith('AWS::') || Object.hasOwn(view.parameters, target) || Object.hasOwn(view.resources, target) || view.resourcesIncomplete;
    if (!known || target === logicalId) {
      report(at.join('.'), `!Ref ${target} does not refer to a parameter or another resource of this template`);
    }
    return;
  }
  if (only === 'Fn::GetAtt') {
    const att = getAttTarget(value);
    const arg = value['Fn::GetAtt'];
    if (att === undefined && Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isIntrinsic(arg[1])) {
      // The attribute name from an intrinsic (AWS::LanguageExtensions resolves `!Ref Param` there).
      if ((!Object.hasOwn(view.resources, arg[0]) && !view.resourcesIncomplete) || arg[0] === logicalId) {
        report(at.join('.'), `!GetAtt ${arg[0]}.${show(arg[1])} does not refer to another resource of this template`);
      }
      referencesIn(logicalId, arg[1], at, view, report, seen);
    } else if (att === undefined) {
      report(at.join('.'), `${show(value)} is not valid: Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"`);
      unseen(seen);
    } else if ((!Object.hasOwn(view.resources, att[0]) && !view.resourcesIncomplete) || att[0] === logicalId) {
      report(at.join('.'), `!GetAtt ${att.join('.')} does not refer to another resource of this template`);
    }
    return;
  }
  if (only === 'Fn::Sub') {
    const substitution = subParts(value);
    if (substitution === undefined || substitution === 'malformed') {
      report(at.join('.'), `${show(value)} is not valid: Fn::Sub takes a string, or [string, {Name: value, ...}]`);
      unseen(seen);
      return;
    }
    for (const name of substitution.names) {
      if (Object.hasOwn(substitution.variables, name) || name.startsWith('AWS::')) continue;
      const dot = name.indexOf('.');
      const id = dot > 0 ? name.slice(0, dot) : name;
      const known = Object.hasOwn(view.resources, id) || (dot < 0 && Object.hasOwn(view.parameters, id)) || view.resourcesIncomplete;
      if (!known || id === logicalId) {
        report(at.join('.'), `!Sub refers to \${${name}}, which is not ${dot > 0 ? 'an attribute of another resource' : 'a parameter or another resource'} of this template (write \${!${name}} for the literal text)`);
      }
    }
    for (const v of Object.values(substitution.variables)) referencesIn(logicalId, v, at, view, report, seen);
    return;
  }
  if (only === 'Fn::ToJsonString') seen.toJsonString = true;
  // Inside an intrinsic the path stays that of the property the user wrote.
  const fields: JsonObject = value;
  const inIntrinsic = only !== undefined && isIntrinsic(value);
  for (const k of keys) {
    const field = fields[k];
    if (typeof field !== 'object' || field === null) continue;
    if (!inIntrinsic) at.push(k);
    referencesIn(logicalId, field, at, view, report, seen);
    if (!inIntrinsic) at.pop();
  }
}
