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
  taskDefinitionArns,
  yieldsSingleString,
  type TemplateView,
} from './arns';
import type { Issue } from './errors';
import { containsNoValue, getAttTarget, isIntrinsic, isObject, refTarget, replaceNoValue, type Json, type JsonObject } from './json';
import { logicalIds, type LogicalIds } from './logicalIds';
import { renderInput, type RenderedInput } from './render/input';
import { isListParameterRef, knownParameterValue, resolvedJsonLength } from './parameters';
import { scheduleExpressionProblem } from './scheduleExpression';
import { MAX_OVERRIDE_CHARACTERS, STATES, show, type ScheduleSpec, type ShorthandProperties } from './schema';

/** Resource attributes of the shorthand and what becomes of them. */
export interface PassThroughAttributes {
  /** Copied to every generated resource. */
  readonly Condition?: string;
  /** Copied to every generated resource. */
  readonly DeletionPolicy?: string;
  /** Copied to every generated resource. */
  readonly UpdateReplacePolicy?: string;
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
  readonly ruleId: string;
  readonly expression: Json;
  readonly state: Json;
  readonly description: Json;
  readonly input: RenderedInput;
}

export interface Plan {
  readonly shorthandId: string;
  readonly ids: LogicalIds;
  readonly attributes: PassThroughAttributes;
  readonly cluster: Json;
  readonly clusterArns: readonly Json[];
  readonly taskDefinition: Json;
  readonly runTaskResources: readonly Json[];
  readonly containerName: Json;
  readonly launchType: Json;
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
  readonly schedules: readonly SchedulePlan[];
}

const RESOURCE_ATTRIBUTES = ['Type', 'Properties', 'Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata'];
const POLICIES = ['Delete', 'Retain'];
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
    if (typeof value === 'string' && POLICIES.includes(value)) attributes[name] = value;
    else at(name, `${show(value)} is not valid: expected one of ${POLICIES.map((p) => `"${p}"`).join(', ')} (applied to every generated resource)`);
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
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkReferences(logicalId, v, path === '' ? String(i) : `${path}.${i}`, view, issues);
    });
    return;
  }
  if (!isObject(value)) return;
  // Keys are listed once per object: this runs over every value of every schedule.
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only === 'Ref') {
    const target = value['Ref'];
    if (typeof target !== 'string') {
      issues.push({ logicalId, path, message: `${show(value)} is not valid: Ref takes the logical ID of a parameter or resource` });
      return;
    }
    const known = target.startsWith('AWS::') || Object.hasOwn(view.parameters, target) || Object.hasOwn(view.resources, target) || view.resourcesIncomplete;
    if (!known || target === logicalId) {
      issues.push({ logicalId, path, message: `!Ref ${target} does not refer to a parameter or another resource of this template` });
    }
    return;
  }
  if (only === 'Fn::GetAtt') {
    const att = getAttTarget(value);
    if (att === undefined) {
      issues.push({ logicalId, path, message: `${show(value)} is not valid: Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"` });
    } else if ((!Object.hasOwn(view.resources, att[0]) && !view.resourcesIncomplete) || att[0] === logicalId) {
      issues.push({ logicalId, path, message: `!GetAtt ${att.join('.')} does not refer to another resource of this template` });
    }
    return;
  }
  if (only === 'Fn::Sub') {
    const substitution = subParts(value);
    if (substitution === undefined || substitution === 'malformed') {
      issues.push({ logicalId, path, message: `${show(value)} is not valid: Fn::Sub takes a string, or [string, {Name: value, ...}]` });
      return;
    }
    for (const name of substitution.names) {
      if (Object.hasOwn(substitution.variables, name) || name.startsWith('AWS::')) continue;
      const dot = name.indexOf('.');
      const id = dot > 0 ? name.slice(0, dot) : name;
      const known = Object.hasOwn(view.resources, id) || (dot < 0 && Object.hasOwn(view.parameters, id)) || view.resourcesIncomplete;
      if (!known || id === logicalId) {
        issues.push({ logicalId, path, message: `!Sub refers to \${${name}}, which is not ${dot > 0 ? 'an attribute of another resource' : 'a parameter or another resource'} of this template (write \${!${name}} for the literal text)` });
      }
    }
    for (const v of Object.values(substitution.variables)) checkReferences(logicalId, v, path, view, issues);
    return;
  }
  // Inside an intrinsic the path stays that of the property the user wrote.
  const inIntrinsic = only !== undefined && isIntrinsic(value);
  for (const k of keys) checkReferences(logicalId, value[k], inIntrinsic ? path : path === '' ? k : `${path}.${k}`, view, issues);
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
  }
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
  const clusterSource = sourceOf(props.Cluster, view);
  if (clusterSource.kind === 'resource' && clusterSource.type !== 'AWS::ECS::Cluster') {
    at('Cluster', `refers to ${clusterSource.logicalId}, a ${clusterSource.type}: expected an AWS::ECS::Cluster`);
  }

  // Task definition
  const td = props.TaskDefinition;
  if (typeof td === 'string' && !TASK_DEFINITION_ARN.test(td) && !TASK_DEFINITION_FAMILY.test(td)) {
    at('TaskDefinition', `${show(td)} is not valid: expected "family", "family:revision" or an ARN like "arn:aws:ecs:eu-central-1:123456789012:task-definition/app:3"`);
  }
  const tdSource = sourceOf(td, view);
  if (tdSource.kind === 'resource' && (tdSource.type !== 'AWS::ECS::TaskDefinition' || (tdSource.attribute !== undefined && tdSource.attribute !== 'TaskDefinitionArn'))) {
    at('TaskDefinition', `refers to ${tdSource.logicalId}${tdSource.attribute ? `.${tdSource.attribute}` : ''}, a ${tdSource.type}: expected !Ref (or !GetAtt .TaskDefinitionArn) of an AWS::ECS::TaskDefinition`);
  }
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
  const launchType: Json = props.LaunchType ?? 'FARGATE';
  const literalLaunch = typeof launchType === 'string' ? launchType : undefined;
  if (literalLaunch !== undefined && tdFacts?.compatibilities !== undefined && !tdFacts.compatibilities.includes(literalLaunch)) {
    const compat = tdFacts.compatibilitiesDefaulted ? 'has no RequiresCompatibilities, which ECS takes as EC2 only' : `requires ${tdFacts.compatibilities.join(', ')}`;
    at('LaunchType', `${literalLaunch}${props.LaunchType === undefined ? ' (the default)' : ''} cannot run task definition ${tdFacts.logicalId}: it ${compat}`);
  }
  if (props.PlatformVersion !== undefined) {
    if (literalLaunch !== undefined && literalLaunch !== 'FARGATE') at('PlatformVersion', `only applies to FARGATE, not ${literalLaunch}`);
    if (typeof props.PlatformVersion === 'string' && !PLATFORM_VERSION.test(props.PlatformVersion)) {
      at('PlatformVersion', `${show(props.PlatformVersion)} is not valid: expected "LATEST" or a version such as "1.4.0"`);
    }
  }
  let network: NetworkPlan | undefined;
  if (props.Subnets === undefined) {
    if (literalLaunch === 'FARGATE') at('Subnets', 'is required with LaunchType FARGATE (Fargate tasks use awsvpc networking)');
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
  for (const [name, schedule] of Object.entries(props.Schedules)) nested(`Schedules.${name}.Command`, schedule.Command);

  // Schedules
  const schedules: SchedulePlan[] = [];
  for (const [name, schedule] of Object.entries(props.Schedules)) {
    if (isIntrinsic(schedule.Command) && yieldsSingleString(schedule.Command, view)) {
      at(`Schedules.${name}.Command`, 'yields a single string, not a list: write [!Ref Name] for a one-word command, or use a CommaDelimitedList parameter or !Split');
    }
    const planned = planSchedule(logicalId, name, schedule, containerName ?? '', ids, view, at);
    if (planned) schedules.push(planned);
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
      launchType,
      ...(props.PlatformVersion !== undefined ? { platformVersion: props.PlatformVersion } : {}),
      ...(network ? { network } : {}),
      passRoleArns,
      ...(logging ? { logging } : {}),
      ...(props.StateMachineKmsKeyArn !== undefined ? { stateMachineKmsKeyArn: props.StateMachineKmsKeyArn } : {}),
      ...(props.PermissionsBoundary !== undefined ? { permissionsBoundary: props.PermissionsBoundary } : {}),
      tags,
      schedules,
    },
  };
}

function planSchedule(
  logicalId: string,
  name: string,
  schedule: ScheduleSpec,
  containerName: Json,
  ids: LogicalIds,
  view: TemplateView,
  at: (path: string, message: string) => void,
): SchedulePlan | undefined {
  const base = `Schedules.${name}`;
  // Parameters CloudFormation has already evaluated are checked like literals.
  const expression = knownParameterValue(schedule.ScheduleExpression, view);
  if (typeof expression === 'string') {
    const problem = scheduleExpressionProblem(expression);
    if (problem) at(`${base}.ScheduleExpression`, `!Ref ${refTarget(schedule.ScheduleExpression) ?? ''} is ${show(expression)}, which is not valid: ${problem}`);
  }
  const state = knownParameterValue(schedule.State, view);
  if (state !== undefined && !(STATES as readonly unknown[]).includes(state)) {
    at(`${base}.State`, `!Ref ${refTarget(schedule.State) ?? ''} is ${show(state)}, which is not valid: expected one of ${STATES.map((v) => `"${v}"`).join(', ')}`);
  }
  const environment = schedule.Environment === undefined ? undefined : Object.entries(schedule.Environment).map(([Name, Value]) => ({ Name, Value }));
  const input = renderInput(schedule.Command, environment);
  // What ECS receives as containerOverrides. Known parameter values count with their text; a value only
  // CloudFormation knows (an attribute, an import, a Sub) counts as empty, so the check never rejects a
  // template that could fit, and ECS still refuses one that does not at run time.
  const overrides =
    typeof input === 'string' && typeof containerName === 'string'
      ? // All literal: the input text {"commands":C[,"environment":E]} is the override [{"name":N,"command":C[,"environment":E]}]
        // less 9 + |N| characters; no second serialisation of every schedule.
        { length: input.length + 9 + JSON.stringify(containerName).length, exact: true }
      : resolvedJsonLength([{ name: containerName, command: schedule.Command, environment }], view);
  if (overrides.length > MAX_OVERRIDE_CHARACTERS) {
    const size = overrides.exact ? `${overrides.length} characters` : `at least ${overrides.length} characters (not counting values of intrinsic functions)`;
    at(`${base}.Command`, `the container override for this schedule is ${size}; ECS accepts at most ${MAX_OVERRIDE_CHARACTERS} (command and environment together)`);
  }
  return {
    name,
    ruleId: ids.rule(name),
    expression: schedule.ScheduleExpression,
    state: schedule.State ?? 'ENABLED',
    description: schedule.Description ?? `${logicalId} schedule ${name} (EcsBatchScheduler)`,
    input,
  };
}
