/**
 * The orchestrator: find the shorthands → validate → plan → render → merge into a NEW fragment.
 * Everything the macro does not own comes back as it was; nothing of the incoming fragment is mutated.
 * Either every shorthand expands, or the result is a failure listing every issue: never a half-expanded
 * template.
 */
import type { TemplateView } from './arns';
import { checkAttributes } from './check/attributes';
import { IssueCollector } from './check/issues';
import { checkProperties } from './check/properties';
import { checkShorthand } from './check/shorthand';
import type { Result } from './errors';
import { deepestPath, isObject, type Json, type JsonObject } from './json';
import { planShorthand, type Plan } from './plan';
import type { Resource } from './render/common';
import { renderInputs } from './render/input';
import { renderLogGroup, renderOverlapPolicy, renderStateMachine, renderStateMachineKeyPolicy, renderStateMachineRole } from './render/stateMachine';
import { renderMonitoring } from './render/alarms';
import { renderTriggers } from './render/trigger';
import { MACRO_NAME } from './template';
import { SHORTHAND_TYPE, type ShorthandProperties } from './schema';

/** CloudFormation's quotas for a processed template. */
export const MAX_RESOURCES = 500;
export const MAX_TEMPLATE_BYTES = 1_048_576;
const MAX_LOGICAL_ID_LENGTH = 255;

export interface ExpandInput {
  /** The template (minus `Transform`) with long-form intrinsics, as CloudFormation sends it to macros. */
  readonly fragment: unknown;
  /** The template's evaluated parameter values, as CloudFormation sends them. */
  readonly templateParameterValues?: unknown;
}

/** Expands every `Custom::BatchCommandSchedule` of the fragment. */
export function expand(input: ExpandInput): Result<JsonObject> {
  const fragment = input.fragment;
  const issues = new IssueCollector();
  if (!isObject(fragment)) {
    issues.for('')('', `the template must be a JSON object, got ${fragment === null ? 'null' : Array.isArray(fragment) ? 'a list' : typeof fragment}`);
    return failure(issues);
  }
  const resources = fragment['Resources'];
  if (!isObject(resources)) return { status: 'success', value: fragment };
  const view: TemplateView = {
    resources,
    parameters: isObject(fragment['Parameters']) ? fragment['Parameters'] : {},
    parameterValues: isObject(input.templateParameterValues) ? input.templateParameterValues : {},
    resourcesIncomplete: Object.keys(resources).some((id) => id.startsWith('Fn::ForEach::')),
    ...(isObject(fragment['Mappings']) ? { mappings: fragment['Mappings'] } : {}),
  };

  misplacedUses(fragment, issues);
  const expansions = new Map<string, ReadonlyArray<readonly [string, Resource]>>();
  for (const logicalId of Object.keys(resources)) {
    const resource = resources[logicalId];
    // `Fn::ForEach::Name` keys (AWS::LanguageExtensions listed after us) are templates, not resources.
    if (logicalId.startsWith('Fn::ForEach::') || !isObject(resource) || resource['Type'] !== SHORTHAND_TYPE) continue;
    const expanded = expandShorthand(logicalId, resource, fragment, view, issues);
    if (expanded !== undefined) expansions.set(logicalId, expanded);
  }
  if (expansions.size === 0 && issues.size === 0) return { status: 'success', value: fragment };
  if (issues.size > 0) return failure(issues);

  collisions(expansions, resources, view.parameters, issues);
  if (issues.size > 0) return failure(issues);

  const merged: Record<string, Json> = {};
  // A key such as `__proto__` stays an ordinary key (CloudFormation judges it), never the prototype.
  const put = (id: string, value: Json): void => {
    if (id === '__proto__') Object.defineProperty(merged, id, { value, enumerable: true, writable: true, configurable: true });
    else merged[id] = value;
  };
  for (const logicalId in resources) {
    const generated = expansions.get(logicalId);
    if (generated === undefined) put(logicalId, resources[logicalId] as Json);
    else for (const [id, r] of generated) put(id, r as unknown as Json);
  }
  const result: JsonObject = { ...fragment, Resources: merged };
  limits(result, expansions, issues);
  if (issues.size > 0) return failure(issues);
  return { status: 'success', value: result };
}

/** The macro's name in a `Fn::Transform`: bare, or with the account prefix CloudFormation adds. */
function namesThisMacro(value: unknown): boolean {
  const name = isObject(value) ? value['Name'] : undefined;
  return typeof name === 'string' && (name === MACRO_NAME || name.endsWith(`::${MACRO_NAME}`));
}

/**
 * Uses that would otherwise pass silently and fail later: `Fn::Transform: {Name: EcsBatchScheduler}` at
 * snippet level (the deploy would fail on "ServiceToken is required"), and a shorthand inside an
 * unexpanded `Fn::ForEach` (AWS::LanguageExtensions listed after this macro: it would never be expanded).
 * Walked without recursion: a template may nest deeper than the call stack allows.
 */
function misplacedUses(fragment: JsonObject, issues: IssueCollector): void {
  const resources = fragment['Resources'];
  const loops = isObject(resources) && Object.keys(resources).some((id) => id.startsWith('Fn::ForEach::'));
  // The usual template has neither: one allocation-free pass says so.
  if (!loops && !hasKey(fragment, 'Fn::Transform')) return;
  interface Node {
    readonly value: unknown;
    readonly key?: string;
    readonly parent?: Node;
  }
  const pathOf = (node: Node): string[] => {
    const out: string[] = [];
    for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) out.unshift(n.key);
    return out;
  };
  const report = (node: Node, message: string): void => {
    const at = pathOf(node);
    // Under Resources.<Id>: the resource and the path inside it; a Fn::ForEach loop is not a resource.
    const resource = at[0] === 'Resources' && at.length > 2 && !(at[1] as string).startsWith('Fn::ForEach::') ? (at[1] as string) : undefined;
    issues.for(resource ?? '')((resource !== undefined ? at.slice(2) : at).join('.'), message);
  };
  const stack: Node[] = [{ value: fragment }];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const value = node.value;
    if (Array.isArray(value)) {
      value.forEach((v: unknown, i: number) => stack.push({ value: v, key: String(i), parent: node }));
      continue;
    }
    if (!isObject(value)) continue;
    for (const [key, v] of Object.entries(value)) {
      const child: Node = { value: v, key, parent: node };
      if (key === 'Fn::Transform' && (namesThisMacro(v) || (Array.isArray(v) && v.some(namesThisMacro)))) {
        report(child, `Fn::Transform cannot call ${MACRO_NAME}: it expands whole templates (a shorthand needs the template's parameters, conditions and resources). Remove this Fn::Transform and add "Transform: ${MACRO_NAME}" at the top level of the template`);
        continue;
      }
      if (key.startsWith('Fn::ForEach::') && node.key === 'Resources' && node.parent?.key === undefined && holdsShorthand(v)) {
        report(child, `${key} holds a ${SHORTHAND_TYPE}, which is expanded only when AWS::LanguageExtensions runs first: write "Transform: [AWS::LanguageExtensions, ${MACRO_NAME}]" (in that order)`);
      }
      stack.push(child);
    }
  }
}

/** Whether any object inside the value has the key; walked without recursion. */
function hasKey(value: unknown, key: string): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const e of v as unknown[]) if (typeof e === 'object') stack.push(e);
    } else {
      if (Object.hasOwn(v, key)) return true;
      for (const k in v) {
        const e = (v as Record<string, unknown>)[k];
        if (typeof e === 'object') stack.push(e);
      }
    }
  }
  return false;
}

/** Whether a value (a Fn::ForEach loop) declares a shorthand somewhere inside. */
function holdsShorthand(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) for (const e of v as unknown[]) stack.push(e);
    else if (isObject(v)) {
      if (v['Type'] === SHORTHAND_TYPE) return true;
      for (const e of Object.values(v)) stack.push(e);
    }
  }
  return false;
}

function failure(issues: IssueCollector): Result<JsonObject> {
  return { status: 'failure', issues: issues.issues };
}

/**
 * check → plan → render of one shorthand, every issue reported to `issues`; the generated resources only
 * when none was reported.
 */
function expandShorthand(
  logicalId: string,
  resource: JsonObject,
  template: JsonObject,
  view: TemplateView,
  issues: IssueCollector,
): ReadonlyArray<readonly [string, Resource]> | undefined {
  const before = issues.size;
  const at = issues.for(logicalId);
  const attributes = checkAttributes(logicalId, resource, template, view, at);
  // The cross-property checks, the plan, and the trigger inputs (whose length is known only once written).
  const checkAndPlan = (props: ShorthandProperties): { plan: Plan; inputs: ReadonlyMap<string, Json> } => {
    const plan = planShorthand(logicalId, checkShorthand(logicalId, props, view, at), attributes, view);
    return { plan, inputs: renderInputs(plan, view, at) };
  };
  const props = checkProperties(resource['Properties'], at, checkAndPlan);
  if (props === undefined) return undefined;
  const { plan, inputs } = checkAndPlan(props);
  return issues.size > before ? undefined : render(plan, inputs);
}

/** The generated resources of one shorthand, primary first. */
export function render(plan: Plan, inputs: ReadonlyMap<string, Json>): ReadonlyArray<readonly [string, Resource]> {
  const out: Array<readonly [string, Resource]> = [
    [plan.ids.stateMachine, renderStateMachine(plan)],
    [plan.ids.stateMachineRole, renderStateMachineRole(plan)],
  ];
  const keyPolicy = renderStateMachineKeyPolicy(plan);
  if (keyPolicy) out.push([plan.ids.stateMachineKeyPolicy, keyPolicy]);
  const logGroup = renderLogGroup(plan);
  if (logGroup) out.push([plan.ids.logGroup, logGroup]);
  const overlapPolicy = renderOverlapPolicy(plan);
  if (overlapPolicy) out.push([plan.ids.overlapPolicy, overlapPolicy]);
  out.push(...renderTriggers(plan, inputs));
  out.push(...renderMonitoring(plan));
  return out;
}

/** A generated logical ID must not replace anything the user wrote, nor another generated resource. */
function collisions(
  expansions: ReadonlyMap<string, ReadonlyArray<readonly [string, Resource]>>,
  resources: JsonObject,
  parameters: JsonObject,
  issues: IssueCollector,
): void {
  const owner = new Map<string, string>();
  for (const [shorthandId, generated] of expansions) {
    for (const [id] of generated) {
      if (id.length > MAX_LOGICAL_ID_LENGTH) {
        issues.for(shorthandId)('', `generated logical ID ${id} is longer than ${MAX_LOGICAL_ID_LENGTH} characters: shorten the resource or schedule name`);
      }
      const previous = owner.get(id);
      if (previous !== undefined) {
        issues.for(shorthandId)('', `generated logical ID ${id} is also generated by ${previous}: rename a resource or a schedule`);
      } else if (id !== shorthandId && Object.hasOwn(resources, id)) {
        issues.for(shorthandId)('', `generated logical ID ${id} collides with an existing resource of the template: rename one of them`);
      } else if (Object.hasOwn(parameters, id)) {
        issues.for(shorthandId)('', `generated logical ID ${id} collides with a parameter of the template: rename one of them`);
      }
      owner.set(id, shorthandId);
    }
  }
}

function limits(result: JsonObject, expansions: ReadonlyMap<string, ReadonlyArray<readonly [string, Resource]>>, issues: IssueCollector): void {
  const total = Object.keys(result['Resources'] as JsonObject).length;
  if (total > MAX_RESOURCES) {
    for (const [shorthandId, generated] of expansions) {
      issues.for(shorthandId)('Schedules', `the expanded template would contain ${total} resources (${generated.length} generated from this resource); CloudFormation allows ${MAX_RESOURCES} per stack: split the schedules across stacks`);
    }
    return;
  }
  let text: string;
  try {
    text = JSON.stringify(result);
  } catch {
    // Deeper than JSON serialisation reaches (thousands of levels): CloudFormation could not take it back either.
    const { depth, path } = deepestPath(result);
    issues.for('')(path.slice(0, 3).join('.'), `nests ${depth} levels deep, deeper than the expanded template can be serialised: no template needs that many (is a value generated by mistake?)`);
    return;
  }
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: only a long text needs counting.
  const bytes = text.length * 3 <= MAX_TEMPLATE_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_TEMPLATE_BYTES) {
    for (const shorthandId of expansions.keys()) {
      issues.for(shorthandId)('', `the expanded template would be ${bytes} bytes; CloudFormation allows ${MAX_TEMPLATE_BYTES}: split the schedules across stacks`);
    }
  }
}
