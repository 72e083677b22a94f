/**
 * The orchestrator: find the shorthands → validate → plan → render → merge into a NEW fragment.
 * Everything the macro does not own comes back as it was; nothing of the incoming fragment is mutated.
 * Either every shorthand expands, or the result is a failure listing every issue: never a half-expanded
 * template.
 */
import type { z } from 'zod/mini';
import type { TemplateView } from './arns';
import { type Issue, type Result } from './errors';
import { deepestPath, isObject, type Json, type JsonObject } from './json';
import { COMMAND_REQUIRED, planAttributes, planShorthand, type PassThroughAttributes, type Plan } from './plan';
import type { Resource } from './render/common';
import { renderLogGroup, renderOverlapPolicy, renderStateMachine, renderStateMachineKeyPolicy, renderStateMachineRole } from './render/stateMachine';
import { renderMonitoring } from './render/alarms';
import { renderTriggers } from './render/trigger';
import { MACRO_NAME } from './template';
import { PROPERTY_NAMES, SCHEDULE_PROPERTY_NAMES, SHORTHAND_TYPE, UNION_FALLBACK, propertiesSchema } from './schema';

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
  if (!isObject(fragment)) {
    return failure([{ logicalId: '', path: '', message: `the template must be a JSON object, got ${fragment === null ? 'null' : Array.isArray(fragment) ? 'a list' : typeof fragment}` }]);
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

  const issues: Issue[] = misplacedUses(fragment);
  const expansions = new Map<string, ReadonlyArray<readonly [string, Resource]>>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    // `Fn::ForEach::Name` keys (AWS::LanguageExtensions listed after us) are templates, not resources.
    if (logicalId.startsWith('Fn::ForEach::') || !isObject(resource) || resource['Type'] !== SHORTHAND_TYPE) continue;
    const expanded = expandShorthand(logicalId, resource, fragment, view);
    if (expanded.status === 'failure') issues.push(...expanded.issues);
    else expansions.set(logicalId, expanded.value);
  }
  if (expansions.size === 0 && issues.length === 0) return { status: 'success', value: fragment };
  if (issues.length > 0) return failure(issues);

  issues.push(...collisions(expansions, resources, view.parameters));
  if (issues.length > 0) return failure(issues);

  // Entries, not assignments: a key such as `__proto__` stays an ordinary key (CloudFormation judges it).
  const entries: Array<[string, Json]> = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const generated = expansions.get(logicalId);
    if (generated === undefined) entries.push([logicalId, resource]);
    else for (const [id, r] of generated) entries.push([id, r as unknown as Json]);
  }
  const merged: JsonObject = Object.fromEntries(entries);
  const result: JsonObject = { ...fragment, Resources: merged };
  issues.push(...limits(result, expansions));
  if (issues.length > 0) return failure(issues);
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
function misplacedUses(fragment: JsonObject): Issue[] {
  const resources = fragment['Resources'];
  const loops = isObject(resources) && Object.keys(resources).some((id) => id.startsWith('Fn::ForEach::'));
  // The usual template has neither: one allocation-free pass says so.
  if (!loops && !hasKey(fragment, 'Fn::Transform')) return [];
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
  const issues: Issue[] = [];
  const report = (node: Node, message: string): void => {
    const at = pathOf(node);
    // Under Resources.<Id>: the resource and the path inside it; a Fn::ForEach loop is not a resource.
    const resource = at[0] === 'Resources' && at.length > 2 && !(at[1] as string).startsWith('Fn::ForEach::') ? (at[1] as string) : undefined;
    issues.push({ logicalId: resource ?? '', path: (resource !== undefined ? at.slice(2) : at).join('.'), message });
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
  return issues;
}

/** Whether any object inside the value has the key; walked without recursion. */
function hasKey(value: unknown, key: string): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) for (const e of v as unknown[]) stack.push(e);
    else if (isObject(v)) {
      if (Object.hasOwn(v, key)) return true;
      for (const e of Object.values(v)) stack.push(e);
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

function failure(issues: Issue[]): Result<JsonObject> {
  return { status: 'failure', issues };
}

function expandShorthand(
  logicalId: string,
  resource: JsonObject,
  template: JsonObject,
  view: TemplateView,
): Result<ReadonlyArray<readonly [string, Resource]>> {
  const { attributes, issues } = planAttributes(logicalId, resource, template, view);
  const properties = resource['Properties'];
  if (properties === undefined) {
    issues.push({ logicalId, path: 'Properties', message: 'is required: Cluster, TaskDefinition, Schedules and, where needed, Subnets, ContainerName, PassRoleArns' });
    return { status: 'failure', issues };
  }
  const tooDeep = nestedTooDeep(properties);
  if (tooDeep !== undefined) {
    issues.push({ logicalId, path: tooDeep, message: `is nested more than ${MAX_NESTING} levels deep; no shorthand property needs that many (is a value generated by mistake?)` });
    return { status: 'failure', issues };
  }
  const reserved = reservedKeys(logicalId, properties);
  if (reserved.length > 0) return { status: 'failure', issues: [...issues, ...reserved] };
  const parsed = propertiesSchema.safeParse(properties);
  if (!parsed.success) {
    issues.push(
      ...schemaIssues(logicalId, parsed.error),
      ...salvagedIssues(logicalId, properties, parsed.error, attributes, view),
      ...missingCommands(logicalId, properties),
    );
    return { status: 'failure', issues };
  }
  const planned = planShorthand(logicalId, parsed.data, attributes, view);
  issues.push(...planned.issues);
  if (planned.plan === undefined || issues.length > 0) return { status: 'failure', issues };
  return { status: 'success', value: render(planned.plan) };
}

/** Deeper than any real shorthand (intrinsics included); deeper values would exhaust the checks' recursion. */
export const MAX_NESTING = 64;

/** The path (property names, without intrinsic function names) to where `value` nests too deep, if it does. */
function nestedTooDeep(value: unknown): string | undefined {
  const found = deepPath(value, 0);
  if (found === undefined) return undefined;
  const named = found.filter((key) => key !== 'Ref' && !key.startsWith('Fn::')).slice(0, 4);
  return named.length === 0 ? 'Properties' : named.join('.');
}

/** The keys down to the first value deeper than MAX_NESTING, innermost last; recursion stops there. */
function deepPath(value: unknown, depth: number): string[] | undefined {
  if (depth > MAX_NESTING) return [];
  if (typeof value !== 'object' || value === null) return undefined;
  for (const key in value) {
    const below = deepPath((value as Record<string, unknown>)[key], depth + 1);
    if (below !== undefined) {
      below.unshift(key);
      return below;
    }
  }
  return undefined;
}

/**
 * `__proto__` as a key of a map the user names (an environment variable, a tag key, a schedule name) cannot
 * be carried through JavaScript objects faithfully (an assignment sets the prototype instead): refused,
 * never dropped.
 */
function reservedKeys(logicalId: string, properties: unknown): Issue[] {
  if (!isObject(properties)) return [];
  const issues: Issue[] = [];
  const check = (map: unknown, path: string, what: string): void => {
    if (isObject(map) && Object.hasOwn(map, '__proto__')) {
      issues.push({ logicalId, path: `${path}.__proto__`, message: `"__proto__" cannot be used as ${what} (it is reserved in the JavaScript the macro runs in): rename it` });
    }
  };
  check(properties['Tags'], 'Tags', 'a tag key');
  const schedules = properties['Schedules'];
  check(schedules, 'Schedules', 'a schedule name');
  if (!isObject(schedules)) return issues;
  for (const [name, schedule] of Object.entries(schedules)) {
    if (!isObject(schedule)) continue;
    check(schedule['Environment'], `Schedules.${name}.Environment`, 'an environment variable name');
    const steps = schedule['Steps'];
    if (!Array.isArray(steps)) continue;
    steps.forEach((step: Json, i: number) => {
      if (isObject(step)) check(step['Environment'], `Schedules.${name}.Steps.${i}.Environment`, 'an environment variable name');
    });
  }
  return issues;
}

/** Properties whose checks depend on each other (launch type, network, task definition, roles). */
const INTERRELATED = new Set(['Cluster', 'TaskDefinition', 'ContainerName', 'LaunchType', 'PlatformVersion', 'Subnets', 'SecurityGroups', 'AssignPublicIp', 'PassRoleArns']);

/**
 * So that one deploy attempt shows every error: when the shape of some properties is wrong, the
 * cross-property checks still run on the rest. Unknown keys and broken schedules or independent
 * properties are set aside; when an interrelated property itself is broken, its dependants' checks would
 * only guess, so nothing more is reported.
 */
function salvagedIssues(logicalId: string, properties: unknown, error: z.core.$ZodError, attributes: PassThroughAttributes, view: TemplateView): Issue[] {
  if (!isObject(properties) || !isObject(properties['Schedules'])) return [];
  const kept: Record<string, Json> = { ...properties };
  const schedules: Record<string, Json> = { ...properties['Schedules'] };
  for (const issue of error.issues) {
    const [top, name, key] = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && top === undefined) {
      for (const unknown of issue.keys) Reflect.deleteProperty(kept, unknown);
    } else if (top === 'Schedules' && name !== undefined) {
      const schedule = schedules[name];
      if (issue.code === 'unrecognized_keys' && key === undefined && isObject(schedule)) {
        schedules[name] = Object.fromEntries(Object.entries(schedule).filter(([k]) => !issue.keys.includes(k)));
      } else {
        Reflect.deleteProperty(schedules, name);
      }
    } else if (top === undefined || INTERRELATED.has(top) || top === 'Schedules') {
      return [];
    } else {
      Reflect.deleteProperty(kept, top);
    }
  }
  kept['Schedules'] = schedules;
  const reparsed = propertiesSchema.safeParse(kept);
  if (!reparsed.success) return [];
  return planShorthand(logicalId, reparsed.data, attributes, view).issues;
}

/**
 * A schedule needs Command or Steps; the schema cannot say so for a schedule that has other errors too,
 * so it is checked on the raw value (the same message as the plan's; duplicates are merged).
 */
function missingCommands(logicalId: string, properties: unknown): Issue[] {
  if (!isObject(properties) || !isObject(properties['Schedules'])) return [];
  return Object.entries(properties['Schedules'])
    .filter(([, schedule]) => isObject(schedule) && schedule['Command'] === undefined && schedule['Steps'] === undefined)
    .map(([name]) => ({ logicalId, path: `Schedules.${name}.Command`, message: COMMAND_REQUIRED }));
}

/** The generated resources of one shorthand, primary first. */
export function render(plan: Plan): ReadonlyArray<readonly [string, Resource]> {
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
  out.push(...renderTriggers(plan));
  out.push(...renderMonitoring(plan));
  return out;
}

/** A generated logical ID must not replace anything the user wrote, nor another generated resource. */
function collisions(
  expansions: ReadonlyMap<string, ReadonlyArray<readonly [string, Resource]>>,
  resources: JsonObject,
  parameters: JsonObject,
): Issue[] {
  const issues: Issue[] = [];
  const owner = new Map<string, string>();
  for (const [shorthandId, generated] of expansions) {
    for (const [id] of generated) {
      if (id.length > MAX_LOGICAL_ID_LENGTH) {
        issues.push({ logicalId: shorthandId, path: '', message: `generated logical ID ${id} is longer than ${MAX_LOGICAL_ID_LENGTH} characters: shorten the resource or schedule name` });
      }
      const previous = owner.get(id);
      if (previous !== undefined) {
        issues.push({ logicalId: shorthandId, path: '', message: `generated logical ID ${id} is also generated by ${previous}: rename a resource or a schedule` });
      } else if (id !== shorthandId && Object.hasOwn(resources, id)) {
        issues.push({ logicalId: shorthandId, path: '', message: `generated logical ID ${id} collides with an existing resource of the template: rename one of them` });
      } else if (Object.hasOwn(parameters, id)) {
        issues.push({ logicalId: shorthandId, path: '', message: `generated logical ID ${id} collides with a parameter of the template: rename one of them` });
      }
      owner.set(id, shorthandId);
    }
  }
  return issues;
}

function limits(result: JsonObject, expansions: ReadonlyMap<string, ReadonlyArray<readonly [string, Resource]>>): Issue[] {
  const issues: Issue[] = [];
  const total = Object.keys(result['Resources'] as JsonObject).length;
  if (total > MAX_RESOURCES) {
    for (const [shorthandId, generated] of expansions) {
      issues.push({
        logicalId: shorthandId,
        path: 'Schedules',
        message: `the expanded template would contain ${total} resources (${generated.length} generated from this resource); CloudFormation allows ${MAX_RESOURCES} per stack: split the schedules across stacks`,
      });
    }
    return issues;
  }
  let text: string;
  try {
    text = JSON.stringify(result);
  } catch {
    // Deeper than JSON serialisation reaches (thousands of levels): CloudFormation could not take it back either.
    const { depth, path } = deepestPath(result);
    return [{ logicalId: '', path: path.slice(0, 3).join('.'), message: `nests ${depth} levels deep, deeper than the expanded template can be serialised: no template needs that many (is a value generated by mistake?)` }];
  }
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: only a long text needs counting.
  const bytes = text.length * 3 <= MAX_TEMPLATE_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_TEMPLATE_BYTES) {
    for (const shorthandId of expansions.keys()) {
      issues.push({ logicalId: shorthandId, path: '', message: `the expanded template would be ${bytes} bytes; CloudFormation allows ${MAX_TEMPLATE_BYTES}: split the schedules across stacks` });
    }
  }
  return issues;
}

/** zod's findings as our issues, with the path relative to `Properties`. */
function schemaIssues(logicalId: string, error: z.core.$ZodError): Issue[] {
  const issues: Issue[] = [];
  const visit = (issue: z.core.$ZodIssue, prefix: readonly string[]): void => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      const allowed = path.length === 0 ? PROPERTY_NAMES : path.length === 2 && path[0] === 'Schedules' ? SCHEDULE_PROPERTY_NAMES : [];
      for (const key of issue.keys) {
        const suggestion = closest(key, allowed);
        issues.push({
          logicalId,
          path: [...path, key].join('.'),
          message: `is not a known property${suggestion ? `; did you mean ${suggestion}?` : '.'} Allowed: ${allowed.join(', ')}`,
        });
      }
      return;
    }
    if (issue.code === 'invalid_union' && issue.message === UNION_FALLBACK) {
      // The schema's own message stepped aside (the value had the right shape, e.g. a list): report what
      // is wrong inside it, from the alternative that got past the shape check.
      const inner = issue.errors.find((alternative) => alternative.length > 0 && alternative.every((i) => i.path.length > 0)) ?? issue.errors[0] ?? [];
      for (const nested of inner) visit(nested, path);
      return;
    }
    issues.push({ logicalId, path: path.length === 0 ? 'Properties' : path.join('.'), message: issue.message });
  };
  for (const issue of error.issues) visit(issue, []);
  return issues;
}

/** The allowed name nearest to a typo (case-insensitive edit distance ≤ 2, or a shortened name), if any. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const extended = candidates.find((c) => lower.length >= 4 && c.toLowerCase().startsWith(lower));
  if (extended !== undefined) return extended;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}
