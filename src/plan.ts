/**
 * spec → decisions. Checks what the schema alone cannot (cross-property rules, references into the
 * template, schedule expressions), applies defaults, and resolves every value the renderers need.
 * Pure: reads the incoming fragment, never changes it.
 */
import {
  CLUSTER_ARN,
  CLUSTER_NAME,
  ROLE_ARN,
  ROLE_NAME,
  TASK_DEFINITION_ARN,
  TASK_DEFINITION_FAMILY,
  clusterArns,
  roleArn,
  sourceOf,
  sourceProblem,
  taskDefinitionArns,
  yieldsSingleString,
  type TemplateView,
} from './arns';
import type { Issue } from './errors';
import { containsNoValue, getAttTarget, isIntrinsic, isObject, refTarget, replaceNoValue, unresolvedToJsonString, type Json, type JsonObject } from './json';
import { alarmWindow, type AlarmWindow } from './alarmWindow';
import { logicalIds, type LogicalIds } from './logicalIds';
import { renderInput, type CommandSpec, type EnvironmentEntry, type RenderedInput } from './render/input';
import { isListParameterRef, knownParameterValue, resolvedJsonLength, staticValue } from './parameters';
import { MAX_OVERRIDE_CHARACTERS, MAX_START_DEADLINE_SECONDS, MAX_TIMEOUT_SECONDS, MIN_START_DEADLINE_SECONDS, STATES, show, type ScheduleSpec, type ShorthandProperties, type Trigger } from './schema';
import { expressionKind, scheduleExpressionProblem } from './scheduleExpression';

/** Resource attributes of the shorthand and what becomes of them. */
export interface PassThroughAttributes {
  /** Copied to every generated resource. */
  readonly Condition?: string;
  /** Copied to every generated resource (an intrinsic is left for AWS::LanguageExtensions to resolve). */
  readonly DeletionPolicy?: Json;
  /** Copied to every generated resource (an intrinsic is left for AWS::LanguageExtensions to resolve). */
  readonly UpdateReplacePolicy?: Json;
  /** Given to the state machine, which keeps the shorthand's logical ID. */
  readonly DependsOn?: string | readonly string[];
  /** Given to the state machine. */
  readonly Metadata?: JsonObject;
}

export interface NetworkPlan {
  readonly subnets: Json;
  readonly securityGroups?: Json;
  readonly assignPublicIp?: Json;
}

export interface SchedulePlan {
  readonly name: string;
  /** `<Id><Name>Rule` or, with EventBridge Scheduler, `<Id><Name>Schedule`. */
  readonly resourceId: string;
  readonly expression: Json;
  readonly state: Json;
  readonly description: Json;
  /** The trigger's input, every default filled in. */
  readonly input: RenderedInput;
  /** With `Steps`: how many. */
  readonly stepCount?: number;
  /** EventBridge Scheduler only. */
  readonly timezone?: Json;
  readonly flexibleWindowMinutes?: number;
  readonly startDate?: Json;
  readonly endDate?: Json;
  /** The trigger's RetryPolicy MaximumEventAgeInSeconds; undefined: AWS's default (24 h). */
  readonly startDeadlineSeconds?: Json;
  /** With `AlarmIfNoSuccessWithinMinutes`: the window and how the alarm expresses it. */
  readonly noSuccess?: AlarmWindow;
}

/** Where dead letters go: a queue the macro generates, or the user's. */
export type DeadLetterPlan = { readonly generated: true } | { readonly generated: false; readonly arn: Json };

export { alarmWindow, type AlarmWindow };

export interface RetryPlan {
  readonly maxAttempts: number;
  readonly intervalSeconds: number;
  readonly backoffRate: number;
}

/** Retries when `Retry` is absent: three more attempts, 30 s, 60 s and 120 s later. */
export const DEFAULT_RETRY: RetryPlan = { maxAttempts: 3, intervalSeconds: 30, backoffRate: 2 };

export interface Plan {
  readonly shorthandId: string;
  readonly ids: LogicalIds;
  readonly attributes: PassThroughAttributes;
  readonly cluster: Json;
  readonly clusterArns: readonly Json[];
  readonly taskDefinition: Json;
  readonly runTaskResources: readonly Json[];
  readonly containerName: Json;
  /** Absent with a capacity provider strategy. */
  readonly launchType?: Json;
  readonly capacityProviderStrategy?: Json;
  readonly platformVersion?: Json;
  readonly network?: NetworkPlan;
  /** ARNs ECS may be handed; empty: no PassRole statement at all. */
  readonly passRoleArns: Json;
  /** `undefined` when LogLevel is OFF: no log group, no log-delivery permissions. */
  readonly logging?: {
    readonly level: Json;
    readonly retentionInDays?: Json;
    /** Whether execution data (commands, environment values) is logged: false unless asked. */
    readonly includeExecutionData: Json;
    /** Customer managed key of the log group. */
    readonly kmsKeyArn?: Json;
  };
  /** Customer managed key of the state machine (definition and execution history). */
  readonly stateMachineKmsKeyArn?: Json;
  /** Managed policy ARN set as the permissions boundary of every generated role. */
  readonly permissionsBoundary?: Json;
  readonly tags: readonly { readonly Key: string; readonly Value: Json }[];
  readonly trigger: Trigger;
  readonly schedules: readonly SchedulePlan[];
  /** The resource-wide time limit of a task; undefined: none. */
  readonly timeoutSeconds?: number;
  /** Whether any run can have a time limit (resource-wide or per schedule). */
  readonly hasTimeouts: boolean;
  readonly retry: RetryPlan;
  readonly retryFailedCommands: boolean;
  readonly failureTopicArn?: Json;
  readonly allowOverlap: boolean;
  /** Where alarms go: AlarmTopicArn, else FailureTopicArn; undefined: no alarm. */
  readonly alarmTopicArn?: Json;
  readonly deadLetterQueue?: DeadLetterPlan;
}

/** Whether a run of some schedule records its success (a schedule with AlarmIfNoSuccessWithinMinutes). */
export function recordsSuccess(plan: Plan): boolean {
  return plan.schedules.some((s) => s.noSuccess !== undefined);
}

const RESOURCE_ATTRIBUTES = ['Type', 'Properties', 'Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata'];
/** What every generated resource type takes (Snapshot applies to storage resources only). */
const POLICIES = { DeletionPolicy: ['Delete', 'Retain', 'RetainExceptOnCreate'], UpdateReplacePolicy: ['Delete', 'Retain'] } as const;
const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const PLATFORM_VERSION = /^[A-Za-z0-9.]{1,64}$/;

/** Validates the resource attributes of a shorthand (everything beside `Properties`). */
export function planAttributes(
  logicalId: string,
  resource: JsonObject,
  template: JsonObject,
  view: TemplateView,
): { attributes: PassThroughAttributes; issues: Issue[] } {
  const issues: Issue[] = [];
  const at = (path: string, message: string): void => {
    issues.push({ logicalId, path, message });
  };
  for (const key of Object.keys(resource)) {
    if (!RESOURCE_ATTRIBUTES.includes(key)) {
      at(key, `is not supported on Custom::BatchCommandSchedule; allowed resource attributes: ${RESOURCE_ATTRIBUTES.join(', ')}`);
    }
  }
  const attributes: { -readonly [K in keyof PassThroughAttributes]: PassThroughAttributes[K] } = {};
  const condition = resource['Condition'];
  if (condition !== undefined) {
    const conditions = template['Conditions'];
    if (typeof condition !== 'string') at('Condition', `${show(condition)} is not valid: expected the name of a condition`);
    else if (!isObject(conditions) || !Object.hasOwn(conditions, condition)) at('Condition', `"${condition}" is not defined in the template's Conditions`);
    else attributes.Condition = condition;
  }
  for (const name of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
    const value = resource[name];
    if (value === undefined) continue;
    const allowed: readonly string[] = POLICIES[name];
    const expected = `expected one of ${allowed.map((p) => `"${p}"`).join(', ')} (applied to every generated resource)`;
    // With AWS::LanguageExtensions listed after this macro, a policy may still be an intrinsic: it is
    // copied as written, and checked when its value is known.
    const known = isIntrinsic(value) ? knownParameterValue(value, view) : value;
    if (isIntrinsic(value)) {
      checkReferences(logicalId, value, name, view, issues);
      if (typeof known === 'string' && !allowed.includes(known)) at(name, `${show(value)} is ${show(known)}, which is not valid: ${expected}`);
      else attributes[name] = value;
    } else if (typeof value === 'string' && allowed.includes(value)) attributes[name] = value;
    else at(name, `${show(value)} is not valid: ${expected}`);
  }
  const dependsOn = resource['DependsOn'];
  if (dependsOn !== undefined) {
    const list = typeof dependsOn === 'string' ? [dependsOn] : dependsOn;
    if (!Array.isArray(list) || !list.every((d): d is string => typeof d === 'string')) {
      at('DependsOn', `${show(dependsOn)} is not valid: expected a logical ID or a list of logical IDs`);
    } else {
      for (const target of list) {
        const unknown = !Object.hasOwn(view.resources, target) && !view.resourcesIncomplete;
        if (unknown || target === logicalId) at('DependsOn', `"${target}" is not another resource of this template`);
      }
      attributes.DependsOn = dependsOn as string | string[];
    }
  }
  const metadata = resource['Metadata'];
  if (metadata !== undefined) {
    if (isObject(metadata)) {
      // CloudFormation resolves intrinsics in Metadata too (AWS::CloudFormation::Init relies on it).
      checkReferences(logicalId, metadata, 'Metadata', view, issues);
      attributes.Metadata = metadata;
    }
    else at('Metadata', `${show(metadata)} is not valid: expected a map`);
  }
  return { attributes, issues };
}

interface TaskDefinitionFacts {
  readonly logicalId: string;
  readonly containerNames?: readonly string[];
  readonly roles: readonly Json[];
  /** Launch types the task definition is valid for; ECS takes an absent RequiresCompatibilities as EC2 only. */
  readonly compatibilities?: readonly string[];
  readonly compatibilitiesDefaulted: boolean;
  readonly networkMode?: string;
}

/** What an `AWS::ECS::TaskDefinition` of the same template tells us, when the shorthand refers to one. */
function inTemplateTaskDefinition(value: Json, view: TemplateView): TaskDefinitionFacts | undefined {
  const source = sourceOf(value, view);
  if (source.kind !== 'resource' || source.type !== 'AWS::ECS::TaskDefinition') return undefined;
  const resource = view.resources[source.logicalId];
  const props = isObject(resource) && isObject(resource['Properties']) ? resource['Properties'] : {};
  const containers = props['ContainerDefinitions'];
  let containerNames: string[] | undefined;
  if (Array.isArray(containers)) {
    const names = containers.map((c: Json) => (isObject(c) ? c['Name'] : undefined));
    if (names.every((n): n is string => typeof n === 'string')) containerNames = names;
  }
  const roles = [props['TaskRoleArn'], props['ExecutionRoleArn']].filter((r): r is Json => r !== undefined);
  const compat = props['RequiresCompatibilities'];
  const networkMode = props['NetworkMode'];
  return {
    logicalId: source.logicalId,
    ...(containerNames ? { containerNames } : {}),
    roles,
    ...(compat === undefined
      ? { compatibilities: ['EC2'] }
      : Array.isArray(compat) && compat.every((c): c is string => typeof c === 'string')
        ? { compatibilities: compat }
        : {}),
    compatibilitiesDefaulted: compat === undefined,
    ...(typeof networkMode === 'string' ? { networkMode } : {}),
  };
}

/** Every `Ref` and `Fn::GetAtt` inside the shorthand must point at something the template defines. */
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

function checkReferences(logicalId: string, value: unknown, path: string, view: TemplateView, issues: Issue[]): void {
  referencesIn(logicalId, value, path === '' ? [] : [path], view, issues);
}

/**
 * The walk of checkReferences. It visits every value of every schedule, so the property path is kept as
 * a stack of keys and joined only for an issue.
 */
function referencesIn(logicalId: string, value: unknown, at: string[], view: TemplateView, issues: Issue[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(String(i));
      referencesIn(logicalId, value[i], at, view, issues);
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
      issues.push({ logicalId, path: at.join('.'), message: `${show(value)} is not valid: Ref takes the logical ID of a parameter or resource` });
      return;
    }
    const known = target.startsWith('AWS::') || Object.hasOwn(view.parameters, target) || Object.hasOwn(view.resources, target) || view.resourcesIncomplete;
    if (!known || target === logicalId) {
      issues.push({ logicalId, path: at.join('.'), message: `!Ref ${target} does not refer to a parameter or another resource of this template` });
    }
    return;
  }
  if (only === 'Fn::GetAtt') {
    const att = getAttTarget(value);
    const arg = value['Fn::GetAtt'];
    if (att === undefined && Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isIntrinsic(arg[1])) {
      // The attribute name from an intrinsic (AWS::LanguageExtensions resolves `!Ref Param` there).
      if ((!Object.hasOwn(view.resources, arg[0]) && !view.resourcesIncomplete) || arg[0] === logicalId) {
        issues.push({ logicalId, path: at.join('.'), message: `!GetAtt ${arg[0]}.${show(arg[1])} does not refer to another resource of this template` });
      }
      referencesIn(logicalId, arg[1], at, view, issues);
    } else if (att === undefined) {
      issues.push({ logicalId, path: at.join('.'), message: `${show(value)} is not valid: Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"` });
    } else if ((!Object.hasOwn(view.resources, att[0]) && !view.resourcesIncomplete) || att[0] === logicalId) {
      issues.push({ logicalId, path: at.join('.'), message: `!GetAtt ${att.join('.')} does not refer to another resource of this template` });
    }
    return;
  }
  if (only === 'Fn::Sub') {
    const substitution = subParts(value);
    if (substitution === undefined || substitution === 'malformed') {
      issues.push({ logicalId, path: at.join('.'), message: `${show(value)} is not valid: Fn::Sub takes a string, or [string, {Name: value, ...}]` });
      return;
    }
    for (const name of substitution.names) {
      if (Object.hasOwn(substitution.variables, name) || name.startsWith('AWS::')) continue;
      const dot = name.indexOf('.');
      const id = dot > 0 ? name.slice(0, dot) : name;
      const known = Object.hasOwn(view.resources, id) || (dot < 0 && Object.hasOwn(view.parameters, id)) || view.resourcesIncomplete;
      if (!known || id === logicalId) {
        issues.push({ logicalId, path: at.join('.'), message: `!Sub refers to \${${name}}, which is not ${dot > 0 ? 'an attribute of another resource' : 'a parameter or another resource'} of this template (write \${!${name}} for the literal text)` });
      }
    }
    for (const v of Object.values(substitution.variables)) referencesIn(logicalId, v, at, view, issues);
    return;
  }
  // Inside an intrinsic the path stays that of the property the user wrote.
  const fields: JsonObject = value;
  const inIntrinsic = only !== undefined && isIntrinsic(value);
  for (const k of keys) {
    if (!inIntrinsic) at.push(k);
    referencesIn(logicalId, fields[k], at, view, issues);
    if (!inIntrinsic) at.pop();
  }
}

/**
 * Where an `Fn::If` may yield `AWS::NoValue`, the property's default takes its place: CloudFormation would
 * drop the `DefinitionSubstitutions` key and leave a literal `${…}` in the definition.
 */
const NO_VALUE_DEFAULTS = { LaunchType: 'FARGATE', PlatformVersion: 'LATEST', AssignPublicIp: 'DISABLED', LogLevel: 'ERROR', IncludeExecutionData: false } as const;

/** Values with no default: a removed value would break the definition, the rule input or a policy. */
const NO_VALUE_FORBIDDEN = {
  Cluster: 'it is required',
  TaskDefinition: 'it is required',
  ContainerName: 'it names the container to run',
  Subnets: 'Fargate and awsvpc tasks need subnets',
  SecurityGroups: 'leave SecurityGroups out to use the VPC\'s default security group',
  Tags: 'every tag needs a value',
  StateMachineKmsKeyArn: 'the encryption configuration and the role\'s key permissions need the key (leave the property out for an AWS owned key)',
} as const;

function applyNoValue(props: ShorthandProperties, at: (path: string, message: string) => void): ShorthandProperties {
  const out: Record<string, unknown> = { ...props };
  for (const [key, fallback] of Object.entries(NO_VALUE_DEFAULTS)) {
    const value = out[key] as Json | undefined;
    if (value !== undefined && containsNoValue(value)) out[key] = replaceNoValue(value, fallback);
  }
  const forbid = (path: string, value: unknown, why: string): void => {
    if (containsNoValue(value)) at(path, `AWS::NoValue (from Fn::If) cannot be used here: ${why}`);
  };
  for (const [key, why] of Object.entries(NO_VALUE_FORBIDDEN)) forbid(key, out[key], why);
  // Inside the list CloudFormation drops the element; as the whole value it would empty the policy.
  if (isIntrinsic(props.PassRoleArns)) forbid('PassRoleArns', props.PassRoleArns, 'write [] for a task without roles');
  for (const [name, schedule] of Object.entries(props.Schedules)) {
    if (isIntrinsic(schedule.ScheduleExpression)) forbid(`Schedules.${name}.ScheduleExpression`, schedule.ScheduleExpression, 'a rule needs a schedule (use State: DISABLED to pause it)');
    forbid(`Schedules.${name}.Command`, schedule.Command, 'the command is written into the rule\'s input');
    if (schedule.Environment !== undefined) forbid(`Schedules.${name}.Environment`, schedule.Environment, 'environment values are written into the rule\'s input');
    (schedule.Steps ?? []).forEach((step, i) => {
      forbid(`Schedules.${name}.Steps.${i}.Command`, step.Command, 'the command is written into the trigger\'s input');
      forbid(`Schedules.${name}.Steps.${i}.Environment`, step.Environment, 'environment values are written into the trigger\'s input');
    });
  }
  (props.CapacityProviderStrategy ?? []).forEach((provider, i) => {
    forbid(`CapacityProviderStrategy.${i}.CapacityProvider`, provider.CapacityProvider, 'every entry of the strategy names a capacity provider');
  });
  return out as ShorthandProperties;
}

export function planShorthand(
  logicalId: string,
  userProps: ShorthandProperties,
  attributes: PassThroughAttributes,
  view: TemplateView,
): { plan?: Plan; issues: Issue[] } {
  const issues: Issue[] = [];
  const at = (path: string, message: string): void => {
    issues.push({ logicalId, path, message });
  };
  checkReferences(logicalId, userProps, '', view, issues);
  const props = applyNoValue(userProps, at);
  const ids = logicalIds(logicalId);
  // `!Ref` of a single subnet / security group / role (parameter or resource) is a one-element list.
  const asList = <T extends Json | undefined>(value: T): T | Json[] => (value !== undefined && isIntrinsic(value) && yieldsSingleString(value, view) ? [value] : value);

  // Cluster
  if (typeof props.Cluster === 'string' && !CLUSTER_ARN.test(props.Cluster) && !CLUSTER_NAME.test(props.Cluster)) {
    at('Cluster', `${show(props.Cluster)} is not valid: expected a cluster name (letters, digits, "-", "_") or an ARN like "arn:aws:ecs:eu-central-1:123456789012:cluster/batch"`);
  }
  const clusterProblem = sourceProblem(sourceOf(props.Cluster, view), 'AWS::ECS::Cluster', ['Arn']);
  if (clusterProblem !== undefined) at('Cluster', clusterProblem);

  // Task definition
  const td = props.TaskDefinition;
  if (typeof td === 'string' && !TASK_DEFINITION_ARN.test(td) && !TASK_DEFINITION_FAMILY.test(td)) {
    at('TaskDefinition', `${show(td)} is not valid: expected "family", "family:revision" or an ARN like "arn:aws:ecs:eu-central-1:123456789012:task-definition/app:3"`);
  }
  const tdProblem = sourceProblem(sourceOf(td, view), 'AWS::ECS::TaskDefinition', ['TaskDefinitionArn'], '!Ref (or !GetAtt .TaskDefinitionArn) of an AWS::ECS::TaskDefinition');
  if (tdProblem !== undefined) at('TaskDefinition', tdProblem);
  const tdFacts = inTemplateTaskDefinition(td, view);

  // Container
  let containerName: Json | undefined = props.ContainerName;
  if (typeof containerName === 'string' && !CONTAINER_NAME.test(containerName)) {
    at('ContainerName', `${show(containerName)} is not valid: container names have 1-255 letters, digits, "-" and "_"`);
  }
  if (containerName === undefined) {
    if (tdFacts?.containerNames?.length === 1) containerName = tdFacts.containerNames[0];
    else if (tdFacts?.containerNames !== undefined) {
      at('ContainerName', `is required: task definition ${tdFacts.logicalId} has ${tdFacts.containerNames.length} containers (${tdFacts.containerNames.map((n) => `"${n}"`).join(', ')}); name the one that runs the command`);
    } else {
      at('ContainerName', 'is required unless TaskDefinition refers to an AWS::ECS::TaskDefinition of this template with exactly one container');
    }
  } else if (typeof containerName === 'string' && tdFacts?.containerNames !== undefined && !tdFacts.containerNames.includes(containerName)) {
    at('ContainerName', `"${containerName}" is not a container of task definition ${tdFacts.logicalId}; its containers: ${tdFacts.containerNames.map((n) => `"${n}"`).join(', ')}`);
  }

  // Launch type and network
  const strategy = props.CapacityProviderStrategy;
  let launchType: Json | undefined;
  let literalLaunch: string | undefined;
  if (strategy === undefined) {
    launchType = props.LaunchType ?? 'FARGATE';
    literalLaunch = typeof launchType === 'string' ? launchType : undefined;
  } else {
    literalLaunch = checkCapacityProviders(strategy, props.LaunchType !== undefined, at);
  }
  const launchPath = strategy === undefined ? 'LaunchType' : 'CapacityProviderStrategy';
  if (literalLaunch !== undefined && tdFacts?.compatibilities !== undefined && !tdFacts.compatibilities.includes(literalLaunch)) {
    const compat = tdFacts.compatibilitiesDefaulted ? 'has no RequiresCompatibilities, which ECS takes as EC2 only' : `requires ${tdFacts.compatibilities.join(', ')}`;
    const what = strategy === undefined ? `${literalLaunch}${props.LaunchType === undefined ? ' (the default)' : ''}` : `${literalLaunch === 'FARGATE' ? 'Fargate' : 'EC2'} capacity`;
    at(launchPath, `${what} cannot run task definition ${tdFacts.logicalId}: it ${compat}`);
  }
  if (props.PlatformVersion !== undefined) {
    if (literalLaunch !== undefined && literalLaunch !== 'FARGATE') at('PlatformVersion', `only applies to FARGATE, not ${literalLaunch}`);
    if (typeof props.PlatformVersion === 'string' && !PLATFORM_VERSION.test(props.PlatformVersion)) {
      at('PlatformVersion', `${show(props.PlatformVersion)} is not valid: expected "LATEST" or a version such as "1.4.0"`);
    }
  }
  let network: NetworkPlan | undefined;
  if (props.Subnets === undefined) {
    if (literalLaunch === 'FARGATE') at('Subnets', `is required with ${strategy === undefined ? 'LaunchType FARGATE' : 'Fargate capacity providers'} (Fargate tasks use awsvpc networking)`);
    else if (literalLaunch === 'EC2' && tdFacts?.networkMode === 'awsvpc') at('Subnets', `is required: task definition ${tdFacts.logicalId} uses awsvpc networking`);
    if (props.SecurityGroups !== undefined) at('SecurityGroups', 'requires Subnets (awsvpc networking)');
    if (props.AssignPublicIp !== undefined) at('AssignPublicIp', 'requires Subnets (awsvpc networking)');
  } else {
    if (literalLaunch === 'EXTERNAL') at('Subnets', 'is not supported with LaunchType EXTERNAL (ECS Anywhere tasks do not use awsvpc networking)');
    if (literalLaunch !== 'FARGATE' && props.AssignPublicIp === 'ENABLED') at('AssignPublicIp', `ENABLED is only supported with FARGATE, not ${literalLaunch ?? 'an intrinsic LaunchType'}`);
    network = {
      subnets: asList(props.Subnets),
      ...(props.SecurityGroups !== undefined ? { securityGroups: asList(props.SecurityGroups) } : {}),
      // Fargate's own default is DISABLED too; stating it makes the generated stack self-explanatory.
      ...(props.AssignPublicIp !== undefined ? { assignPublicIp: props.AssignPublicIp } : literalLaunch === 'FARGATE' ? { assignPublicIp: 'DISABLED' } : {}),
    };
  }

  // Roles ECS may be handed
  let passRoleArns: Json = [];
  if (props.PassRoleArns !== undefined) {
    const roles = asList(props.PassRoleArns);
    if (Array.isArray(roles)) {
      roles.forEach((role: Json, i: number) => {
        if (typeof role === 'string' && !ROLE_ARN.test(role) && !ROLE_NAME.test(role)) {
          at(`PassRoleArns.${i}`, `${show(role)} is not valid: expected an IAM role ARN like "arn:aws:iam::123456789012:role/app-task" or a role name`);
        }
      });
      passRoleArns = roles.map((r: Json) => roleArn(r, view));
    } else {
      passRoleArns = roles;
    }
  } else if (tdFacts !== undefined) {
    tdFacts.roles.forEach((role) => {
      if (typeof role === 'string' && !ROLE_ARN.test(role) && !ROLE_NAME.test(role)) {
        at('TaskDefinition', `task definition ${tdFacts.logicalId} has a role ${show(role)} that is neither a role name nor a role ARN; give PassRoleArns explicitly`);
      }
    });
    passRoleArns = tdFacts.roles.map((r) => roleArn(r, view));
  } else {
    at('PassRoleArns', 'is required when TaskDefinition is not an AWS::ECS::TaskDefinition of this template: list the task role and execution role ARNs ECS may be handed (PassRoleArns: [] for a task without roles). Guessing would either over-grant iam:PassRole or fail every run with AccessDenied');
  }

  // Logging
  const level: Json = props.LogLevel ?? 'ERROR';
  if (props.LogLevel === 'OFF' && props.LogRetentionInDays !== undefined) {
    at('LogRetentionInDays', 'has no effect with LogLevel OFF (no log group is created)');
  }
  if (props.LogLevel === 'OFF') {
    if (props.LogKmsKeyArn !== undefined) at('LogKmsKeyArn', 'has no effect with LogLevel OFF (no log group is created)');
    if (props.IncludeExecutionData !== undefined) at('IncludeExecutionData', 'has no effect with LogLevel OFF (nothing is logged)');
  }
  const logging =
    level === 'OFF'
      ? undefined
      : {
          level,
          ...(props.LogRetentionInDays !== undefined ? { retentionInDays: props.LogRetentionInDays } : {}),
          includeExecutionData: props.IncludeExecutionData ?? false,
          ...(props.LogKmsKeyArn !== undefined ? { kmsKeyArn: props.LogKmsKeyArn } : {}),
        };

  // A list parameter inside a list would nest lists, which CloudFormation rejects at deploy time.
  const nested = (path: string, value: Json | undefined): void => {
    if (!Array.isArray(value)) return;
    value.forEach((element: Json, i: number) => {
      if (isListParameterRef(element, view)) at(`${path}.${i}`, `!Ref ${refTarget(element) ?? ''} is a list parameter and cannot be an element of a list: write ${path.split('.').pop() ?? path}: !Ref ${refTarget(element) ?? ''} to use the whole list`);
    });
  };
  nested('Subnets', props.Subnets);
  nested('SecurityGroups', props.SecurityGroups);
  nested('PassRoleArns', props.PassRoleArns);
  for (const [name, schedule] of Object.entries(props.Schedules)) {
    nested(`Schedules.${name}.Command`, schedule.Command);
    schedule.Steps?.forEach((step, i) => {
      nested(`Schedules.${name}.Steps.${i}.Command`, step.Command);
    });
  }

  // Schedules
  const trigger: Trigger = props.Trigger ?? 'EventBridgeRule';
  if (props.Timezone !== undefined && trigger !== 'EventBridgeScheduler') {
    at('Timezone', 'needs Trigger: EventBridgeScheduler (EventBridge rules run in UTC only)');
  }
  const retry: RetryPlan = {
    maxAttempts: props.Retry?.MaxAttempts ?? DEFAULT_RETRY.maxAttempts,
    intervalSeconds: props.Retry?.IntervalSeconds ?? DEFAULT_RETRY.intervalSeconds,
    backoffRate: props.Retry?.BackoffRate ?? DEFAULT_RETRY.backoffRate,
  };
  // A task that failed to start is started again after a Wait state of these many seconds, and a Wait takes at most 99,999,999.
  for (let i = 0; i < retry.maxAttempts; i++) {
    const wait = Math.round(retry.intervalSeconds * retry.backoffRate ** i);
    if (wait > MAX_TIMEOUT_SECONDS) {
      at('Retry', `waits ${wait} seconds before attempt ${i + 2} (IntervalSeconds ${retry.intervalSeconds} × BackoffRate ${retry.backoffRate}^${i}); Step Functions waits at most ${MAX_TIMEOUT_SECONDS} seconds: lower MaxAttempts, IntervalSeconds or BackoffRate`);
      break;
    }
  }
  if (props.RetryFailedCommands === true && retry.maxAttempts === 0) {
    at('RetryFailedCommands', 'has no effect with Retry.MaxAttempts 0');
  }
  const topic = props.FailureTopicArn;
  checkTopic('FailureTopicArn', topic, 'failure alerts', view, at);
  checkTopic('AlarmTopicArn', props.AlarmTopicArn, 'alarms', view, at);
  const alarmTopic = props.AlarmTopicArn ?? topic;
  const deadLetterQueue = planDeadLetterQueue(props.DeadLetterQueue, view, at);
  const resourceDeadline = startDeadline(props.StartDeadlineSeconds, 'StartDeadlineSeconds', view, at);
  const resourceState = isIntrinsic(props.State) ? knownParameterValue(props.State, view) : props.State;
  if (isIntrinsic(props.State) && resourceState !== undefined && !(STATES as readonly unknown[]).includes(resourceState)) {
    at('State', `!Ref ${refTarget(props.State) ?? ''} is ${show(resourceState)}, which is not valid: expected one of ${STATES.map((v) => `"${v}"`).join(', ')}`);
  }
  const fargate = literalLaunch === 'FARGATE';
  const hasTimeouts = props.TimeoutSeconds !== undefined || Object.values(props.Schedules).some((s) => s.TimeoutSeconds !== undefined);
  const timeoutSeconds = seconds(props.TimeoutSeconds, 'TimeoutSeconds', view, at);
  // The time limit a trigger's input carries when any run can have one: the schedule's, else the
  // resource's, else none (the longest Step Functions takes).
  const defaultTimeout = hasTimeouts ? (timeoutSeconds ?? MAX_TIMEOUT_SECONDS) : undefined;
  const schedules: SchedulePlan[] = [];
  for (const [name, schedule] of Object.entries(props.Schedules)) {
    const base = `Schedules.${name}`;
    checkScheduleShape(base, schedule, view, trigger, fargate, literalLaunch === undefined, at);
    for (const [i, step] of (schedule.Steps ?? [{ Command: schedule.Command }]).entries()) {
      const path = schedule.Steps === undefined ? `${base}.Command` : `${base}.Steps.${i}.Command`;
      if (isIntrinsic(step.Command) && yieldsSingleString(step.Command, view)) {
        at(path, 'yields a single string, not a list: write [!Ref Name] for a one-word command, or use a CommaDelimitedList parameter or !Split');
      }
    }
    const state = scheduleState(props.State, resourceState, schedule.State, `${base}.State`, at);
    const deadline = startDeadline(schedule.StartDeadlineSeconds, `${base}.StartDeadlineSeconds`, view, at) ?? resourceDeadline;
    let noSuccess: AlarmWindow | undefined;
    if (schedule.AlarmIfNoSuccessWithinMinutes !== undefined) {
      const window = alarmWindow(schedule.AlarmIfNoSuccessWithinMinutes);
      if (typeof window === 'string') at(`${base}.AlarmIfNoSuccessWithinMinutes`, window);
      else noSuccess = window;
      if (alarmTopic === undefined) at(`${base}.AlarmIfNoSuccessWithinMinutes`, 'needs a topic for the alarm: set AlarmTopicArn (or FailureTopicArn) on the resource');
    }
    const planned = planSchedule(logicalId, name, schedule, containerName ?? '', ids, trigger, props.Timezone, defaultTimeout, view, at);
    if (planned) schedules.push({ ...planned, state, ...(deadline !== undefined ? { startDeadlineSeconds: deadline } : {}), ...(noSuccess ? { noSuccess } : {}) });
  }

  const tags = Object.entries(props.Tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  if (issues.length > 0 || containerName === undefined) return { issues };
  return {
    issues,
    plan: {
      shorthandId: logicalId,
      ids,
      attributes,
      cluster: props.Cluster,
      clusterArns: clusterArns(props.Cluster, view),
      taskDefinition: td,
      runTaskResources: taskDefinitionArns(td, view),
      containerName,
      ...(launchType !== undefined ? { launchType } : {}),
      ...(strategy !== undefined ? { capacityProviderStrategy: strategy as unknown as Json } : {}),
      ...(props.PlatformVersion !== undefined ? { platformVersion: props.PlatformVersion } : {}),
      ...(network ? { network } : {}),
      passRoleArns,
      ...(logging ? { logging } : {}),
      ...(props.StateMachineKmsKeyArn !== undefined ? { stateMachineKmsKeyArn: props.StateMachineKmsKeyArn } : {}),
      ...(props.PermissionsBoundary !== undefined ? { permissionsBoundary: props.PermissionsBoundary } : {}),
      tags,
      trigger,
      schedules,
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      hasTimeouts,
      retry,
      retryFailedCommands: props.RetryFailedCommands ?? false,
      ...(topic !== undefined ? { failureTopicArn: topic } : {}),
      allowOverlap: props.AllowOverlap ?? true,
      ...(alarmTopic !== undefined ? { alarmTopicArn: alarmTopic } : {}),
      ...(deadLetterQueue !== undefined ? { deadLetterQueue } : {}),
    },
  };
}

/** An SNS topic the state machine or an alarm publishes to: a standard topic, by ARN or intrinsic. */
function checkTopic(path: string, topic: Json | undefined, purpose: string, view: TemplateView, at: (path: string, message: string) => void): void {
  if (topic === undefined) return;
  if (typeof topic === 'string' && topic.endsWith('.fifo')) {
    at(path, `${show(topic)} is a FIFO topic: publishing to it needs a message group, so use a standard topic for ${purpose}`);
  } else if (typeof topic === 'string' && !SNS_TOPIC_ARN.test(topic)) {
    at(path, `${show(topic)} is not valid: expected an SNS topic ARN like "arn:aws:sns:eu-central-1:123456789012:alerts" or !Ref of an AWS::SNS::Topic`);
  }
  const source = sourceOf(topic, view);
  const problem = sourceProblem(source, 'AWS::SNS::Topic', ['TopicArn']);
  if (problem !== undefined) at(path, problem);
  if (source.kind === 'resource' && source.type === 'AWS::SNS::Topic') {
    const declared = view.resources[source.logicalId];
    const fifo = isObject(declared) && isObject(declared['Properties']) ? declared['Properties']['FifoTopic'] : undefined;
    if (fifo === true || fifo === 'true') at(path, `refers to ${source.logicalId}, a FIFO topic (FifoTopic: true): publishing to it needs a message group, so use a standard topic for ${purpose}`);
  }
  if (isIntrinsic(topic) && containsNoValue(topic)) at(path, `AWS::NoValue (from Fn::If) cannot be used here: leave ${path} out instead`);
}

const SQS_QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const FIFO_QUEUE = 'EventBridge and EventBridge Scheduler cannot send dead letters to a FIFO queue: use a standard queue';

/** `DeadLetterQueue`: true (a generated queue), false (none), or a standard SQS queue of the user's. */
function planDeadLetterQueue(value: Json | undefined, view: TemplateView, at: (path: string, message: string) => void): DeadLetterPlan | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { generated: true };
  const path = 'DeadLetterQueue';
  if (typeof value === 'string') {
    if (!SQS_QUEUE_ARN.test(value)) at(path, `${show(value)} is not valid: expected true, or an SQS queue ARN like "arn:aws:sqs:eu-central-1:123456789012:batch-dead-letters" or !GetAtt <Queue>.Arn`);
    else if (value.endsWith('.fifo')) at(path, `${show(value)} is a FIFO queue: ${FIFO_QUEUE}`);
    return { generated: false, arn: value };
  }
  if (containsNoValue(value)) at(path, 'AWS::NoValue (from Fn::If) cannot be used here: leave DeadLetterQueue out instead');
  const source = sourceOf(value, view);
  const problem = sourceProblem(source, 'AWS::SQS::Queue', ['Arn'], '!GetAtt <Queue>.Arn of an AWS::SQS::Queue');
  if (problem !== undefined) at(path, problem);
  if (source.kind === 'resource' && source.type === 'AWS::SQS::Queue') {
    const declared = view.resources[source.logicalId];
    const fifo = isObject(declared) && isObject(declared['Properties']) ? declared['Properties']['FifoQueue'] : undefined;
    if (fifo === true || fifo === 'true') at(path, `refers to ${source.logicalId}, a FIFO queue (FifoQueue: true): ${FIFO_QUEUE}`);
  }
  return { generated: false, arn: value };
}

/** A start deadline in seconds; an intrinsic is passed through, and checked when CloudFormation sent its value. */
function startDeadline(value: Json | undefined, path: string, view: TemplateView, at: (path: string, message: string) => void): Json | undefined {
  if (value === undefined || !isIntrinsic(value)) return value;
  const known = knownParameterValue(value, view);
  if (known !== undefined) {
    const n = typeof known === 'number' ? known : typeof known === 'string' && /^\d+$/.test(known) ? Number(known) : NaN;
    if (!(n >= MIN_START_DEADLINE_SECONDS && n <= MAX_START_DEADLINE_SECONDS)) {
      at(path, `!Ref ${refTarget(value) ?? ''} is ${show(known)}, which is not valid: expected a whole number of seconds from ${MIN_START_DEADLINE_SECONDS} to ${MAX_START_DEADLINE_SECONDS}`);
    }
  }
  return value;
}

/**
 * A schedule's State: the resource's DISABLED pauses every schedule; otherwise the schedule's own State,
 * else the resource's, else ENABLED. A resource State only CloudFormation knows cannot be combined with a
 * schedule's own.
 */
function scheduleState(resource: Json | undefined, known: Json | undefined, own: Json | undefined, path: string, at: (path: string, message: string) => void): Json {
  if (resource === undefined) return own ?? 'ENABLED';
  if (known === 'DISABLED') return 'DISABLED';
  if (own === undefined) return resource;
  if (known === 'ENABLED') return own;
  at(path, 'cannot be combined with a resource-level State from an intrinsic function whose value the macro does not know: set State on the resource or on each schedule');
  return own;
}

function planSchedule(
  logicalId: string,
  name: string,
  schedule: ScheduleSpec,
  containerName: Json,
  ids: LogicalIds,
  trigger: Trigger,
  defaultTimezone: Json | undefined,
  defaultTimeout: number | undefined,
  view: TemplateView,
  at: (path: string, message: string) => void,
): SchedulePlan | undefined {
  const base = `Schedules.${name}`;
  // Parameters CloudFormation has already evaluated are checked like literals.
  const expression = knownParameterValue(schedule.ScheduleExpression, view);
  if (typeof expression === 'string') {
    const problem = scheduleExpressionProblem(expression) ?? (trigger !== 'EventBridgeScheduler' && expressionKind(expression) === 'at' ? 'one-time at(...) schedules need Trigger: EventBridgeScheduler' : undefined);
    if (problem) at(`${base}.ScheduleExpression`, `!Ref ${refTarget(schedule.ScheduleExpression) ?? ''} is ${show(expression)}, which is not valid: ${problem}`);
  }
  const state = knownParameterValue(schedule.State, view);
  if (state !== undefined && !(STATES as readonly unknown[]).includes(state)) {
    at(`${base}.State`, `!Ref ${refTarget(schedule.State) ?? ''} is ${show(state)}, which is not valid: expected one of ${STATES.map((v) => `"${v}"`).join(', ')}`);
  }
  const environmentOf = (env: Readonly<Record<string, Json>> | undefined): EnvironmentEntry[] | undefined =>
    env === undefined ? undefined : Object.entries(env).map(([Name, Value]) => ({ Name, Value }));
  const commands: CommandSpec[] = schedule.Steps
    ? schedule.Steps.map((step) => ({ command: step.Command, ...(step.Environment ? { environment: environmentOf(step.Environment) } : {}) }))
    : schedule.Command !== undefined
      ? [{ command: schedule.Command, ...(schedule.Environment ? { environment: environmentOf(schedule.Environment) } : {}) }]
      : [];
  // Fn::ToJsonString over intrinsics is resolved by AWS::LanguageExtensions only after the Input is written.
  const toJson = unresolvedToJsonString({ commands: commands.map((c) => [c.command, c.environment ?? []]), sizes: [schedule.Cpu ?? null, schedule.Memory ?? null] });
  if (toJson !== undefined) {
    at(base, `${show(toJson)} holds intrinsic functions, which AWS::LanguageExtensions resolves only after this macro has written the trigger's input: list it first, "Transform: [AWS::LanguageExtensions, EcsBatchScheduler]", or give Fn::ToJsonString literal values only`);
  }
  commands.forEach((c, i) => {
    // What ECS receives as containerOverrides. Known parameter values count with their text; a value only
    // CloudFormation knows (an attribute, an import, a Sub) counts as empty, so the check never rejects a
    // template that could fit, and ECS still refuses one that does not at run time.
    const override = [{ name: containerName, command: c.command, environment: c.environment }];
    // Most overrides are far below the limit: a bound on their JSON length spares the exact count.
    if (jsonLengthBound(override) <= MAX_OVERRIDE_CHARACTERS) return;
    const overrides = resolvedJsonLength(override, view);
    if (overrides.length > MAX_OVERRIDE_CHARACTERS) {
      const size = overrides.exact ? `${overrides.length} characters` : `at least ${overrides.length} characters (not counting values of intrinsic functions)`;
      at(schedule.Steps ? `${base}.Steps.${i}.Command` : `${base}.Command`, `the container override for this ${schedule.Steps ? 'step' : 'schedule'} is ${size}; ECS accepts at most ${MAX_OVERRIDE_CHARACTERS} (command and environment together)`);
    }
  });
  // Every default is filled in (an empty environment, no task-level overrides, one step after another,
  // the time limit), so that a scheduled run needs no state that applies defaults.
  const overrides = { ...(schedule.Cpu !== undefined ? { Cpu: schedule.Cpu } : {}), ...(schedule.Memory !== undefined ? { Memory: schedule.Memory } : {}) };
  const ownTimeout = seconds(schedule.TimeoutSeconds, `${base}.TimeoutSeconds`, view, at);
  const timeoutSeconds = defaultTimeout === undefined ? undefined : (ownTimeout ?? defaultTimeout);
  const withDefaults = commands.map((c) => ({ command: c.command, environment: c.environment ?? [] }));
  const rendered = renderInput({
    schedule: name,
    ...(schedule.Steps ? { steps: withDefaults, parallel: schedule.Parallel ?? false } : withDefaults[0] ? { single: withDefaults[0] } : {}),
    overrides,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  }, view);
  if (rendered.minLength > MAX_TARGET_INPUT_CHARACTERS) {
    const size = isIntrinsic(rendered.input) ? `at least ${rendered.minLength} characters (not counting values only CloudFormation knows)` : `${rendered.minLength} characters`;
    at(schedule.Steps ? `${base}.Steps` : `${base}.Command`, `the ${trigger === 'EventBridgeScheduler' ? 'schedule' : 'rule'}'s target Input (this schedule's commands, environment and settings as JSON) would be ${size}; EventBridge accepts at most ${MAX_TARGET_INPUT_CHARACTERS}: move steps to another schedule or shorten the commands`);
  }
  const scheduler = trigger === 'EventBridgeScheduler';
  const timezone = schedule.Timezone ?? defaultTimezone;
  return {
    name,
    resourceId: scheduler ? ids.schedule(name) : ids.rule(name),
    expression: schedule.ScheduleExpression,
    state: schedule.State ?? 'ENABLED',
    description: schedule.Description ?? `${logicalId} schedule ${name} (EcsBatchScheduler)`,
    input: rendered.input,
    ...(schedule.Steps ? { stepCount: schedule.Steps.length } : {}),
    ...(scheduler && timezone !== undefined ? { timezone } : {}),
    ...(scheduler && schedule.FlexibleWindowMinutes !== undefined ? { flexibleWindowMinutes: schedule.FlexibleWindowMinutes } : {}),
    ...(scheduler && schedule.StartDate !== undefined ? { startDate: schedule.StartDate } : {}),
    ...(scheduler && schedule.EndDate !== undefined ? { endDate: schedule.EndDate } : {}),
  };
}

/**
 * An upper bound of the JSON length of a literal value (a string's JSON text is at most six characters
 * per UTF-16 unit, `\uXXXX`, plus its quotes), or Infinity when the value holds an intrinsic (whose
 * resolved length only resolvedJsonLength can bound).
 */
function jsonLengthBound(value: unknown): number {
  if (typeof value === 'string') return 2 + 6 * value.length;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return 24;
  if (isIntrinsic(value)) return Infinity;
  let total = 2;
  if (Array.isArray(value)) {
    for (const element of value) total += 1 + jsonLengthBound(element);
    return total;
  }
  if (isObject(value)) {
    for (const [key, element] of Object.entries(value)) total += 2 + jsonLengthBound(key) + jsonLengthBound(element);
    return total;
  }
  return Infinity;
}

/** An EventBridge rule target's and an EventBridge Scheduler target's `Input`: at most 8,192 characters (API models: TargetInput). */
export const MAX_TARGET_INPUT_CHARACTERS = 8192;

/**
 * A time limit in seconds. The state machine's definition is literal JSON, so a value from an intrinsic is
 * resolved now: a parameter CloudFormation sent, or a mapping entry with such keys.
 */
function seconds(value: Json | undefined, path: string, view: TemplateView, at: (path: string, message: string) => void): number | undefined {
  if (value === undefined || typeof value === 'number') return value ?? undefined;
  const known = staticValue(value, view);
  if (known === undefined) {
    at(path, `${show(value)} cannot be resolved by the macro: a time limit goes into the state machine and the trigger's input, so give a number, !Ref of a parameter, or !FindInMap whose keys are literals or parameters`);
    return undefined;
  }
  const n = /^\d+$/.test(known) ? Number(known) : NaN;
  if (!(n >= 1 && n <= MAX_TIMEOUT_SECONDS)) {
    at(path, `${show(value)} is ${show(known)}, which is not valid: expected a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`);
    return undefined;
  }
  return n;
}

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** Fargate's task sizes: CPU units → the memory sizes (MiB) it takes. */
const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

export const COMMAND_REQUIRED = 'is required: a non-empty list of strings, e.g. [python, manage.py, import_customers] (or Steps, for several commands in one run)';

const SCHEDULER_ONLY = ['Timezone', 'FlexibleWindowMinutes', 'StartDate', 'EndDate'] as const;

/** What a single schedule's properties must agree on, given the trigger and the launch type. */
function checkScheduleShape(
  base: string,
  schedule: ScheduleSpec,
  view: TemplateView,
  trigger: Trigger,
  fargate: boolean,
  launchUnknown: boolean,
  at: (path: string, message: string) => void,
): void {
  if (schedule.Command === undefined && schedule.Steps === undefined) {
    at(`${base}.Command`, COMMAND_REQUIRED);
  }
  if (schedule.Command !== undefined && schedule.Steps !== undefined) at(`${base}.Steps`, 'cannot be combined with Command: give one command, or Steps');
  if (schedule.Steps !== undefined && schedule.Environment !== undefined) at(`${base}.Environment`, 'cannot be combined with Steps: give each step its own Environment');
  if (schedule.Parallel !== undefined && schedule.Steps === undefined) at(`${base}.Parallel`, 'only applies to Steps');
  if (trigger !== 'EventBridgeScheduler') {
    for (const key of SCHEDULER_ONLY) {
      if (schedule[key] !== undefined) at(`${base}.${key}`, 'needs Trigger: EventBridgeScheduler (EventBridge rules have no time zones, windows or start and end dates)');
    }
    if (typeof schedule.ScheduleExpression === 'string' && expressionKind(schedule.ScheduleExpression) === 'at') {
      at(`${base}.ScheduleExpression`, 'one-time at(...) schedules need Trigger: EventBridgeScheduler');
    }
  }
  const { StartDate: start, EndDate: end } = schedule;
  if (typeof start === 'string' && typeof end === 'string' && Date.parse(start) >= Date.parse(end)) {
    at(`${base}.EndDate`, `${show(end)} is not after StartDate ${show(start)}`);
  }
  if (schedule.Cpu !== undefined || schedule.Memory !== undefined) {
    // Sizes from a parameter or a mapping are checked with the value CloudFormation will use.
    const sizeOf = (key: 'Cpu' | 'Memory'): string | undefined => {
      const value = schedule[key];
      const known = staticValue(value, view);
      if (known !== undefined && !/^[1-9]\d*$/.test(known)) at(`${base}.${key}`, `${show(value)} is ${show(known)}, which is not valid: expected a whole number of ${key === 'Cpu' ? 'CPU units' : 'MiB'}`);
      return known !== undefined && /^[1-9]\d*$/.test(known) ? known : undefined;
    };
    const cpu = sizeOf('Cpu');
    const memory = sizeOf('Memory');
    const shown = (key: 'Cpu' | 'Memory', known: string): string => (typeof schedule[key] === 'string' ? `"${known}"` : `${show(schedule[key])} (${known})`);
    if (fargate) {
      if (schedule.Cpu === undefined || schedule.Memory === undefined) {
        at(`${base}.${schedule.Cpu === undefined ? 'Cpu' : 'Memory'}`, 'is required with Fargate when the other is given: Fargate takes only certain combinations of CPU and memory');
      } else if (cpu !== undefined) {
        const memories = FARGATE_SIZES.get(Number(cpu));
        if (memories === undefined) {
          at(`${base}.Cpu`, `${shown('Cpu', cpu)} is not a Fargate CPU size: one of ${[...FARGATE_SIZES.keys()].join(', ')}`);
        } else if (memory !== undefined && !memories.includes(Number(memory))) {
          at(`${base}.Memory`, `${shown('Memory', memory)} MiB cannot go with ${cpu} CPU units on Fargate: ${describeSizes(memories)}`);
        }
      }
    } else if (launchUnknown) {
      // The launch type comes from an intrinsic: Fargate's combinations cannot be checked here.
    } else if (Number(cpu ?? 128) < 128 || Number(memory ?? 128) < 128) {
      at(`${base}.${Number(cpu ?? 128) < 128 ? 'Cpu' : 'Memory'}`, 'ECS takes at least 128 CPU units and 128 MiB for a task');
    }
  }
}

function describeSizes(memories: readonly number[]): string {
  const step = memories.length > 1 ? (memories[1] as number) - (memories[0] as number) : 0;
  return memories.length > 3 ? `from ${memories[0]} to ${memories[memories.length - 1]} MiB in steps of ${step}` : `${memories.join(', ')} MiB`;
}

type Strategy = NonNullable<ShorthandProperties['CapacityProviderStrategy']>;

/** Checks a capacity provider strategy; returns FARGATE or EC2 when the providers tell which. */
function checkCapacityProviders(strategy: Strategy, withLaunchType: boolean, at: (path: string, message: string) => void): string | undefined {
  const path = 'CapacityProviderStrategy';
  if (withLaunchType) at(path, 'cannot be combined with LaunchType: ECS takes one or the other (leave LaunchType out)');
  const names = strategy.map((p) => p.CapacityProvider);
  const literal = names.filter((n): n is string => typeof n === 'string');
  const seen = new Set<string>();
  literal.forEach((n) => {
    if (seen.has(n)) at(path, `lists ${n} twice`);
    seen.add(n);
  });
  if (strategy.filter((p) => (p.Base ?? 0) > 0).length > 1) at(path, 'only one capacity provider in a strategy can have a Base');
  if (strategy.every((p) => (p.Weight ?? 0) === 0)) at(path, 'at least one capacity provider needs a Weight above 0');
  const fargate = literal.filter((n) => n === 'FARGATE' || n === 'FARGATE_SPOT').length;
  if (fargate > 0 && fargate < names.length) {
    at(path, 'cannot mix FARGATE / FARGATE_SPOT with Auto Scaling group capacity providers');
    return undefined;
  }
  if (fargate === names.length) return 'FARGATE';
  return literal.length === names.length ? 'EC2' : undefined;
}
