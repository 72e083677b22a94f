/**
 * The checks of a shorthand's properties that the schema alone cannot make: cross-property rules,
 * references into the template, what an in-template task definition allows, values of parameters
 * CloudFormation sent. Reports every issue; returns what the checks resolved, for planning.
 */
import {
  CLUSTER_ARN,
  CLUSTER_NAME,
  ROLE_ARN,
  ROLE_NAME,
  TASK_DEFINITION_ARN,
  TASK_DEFINITION_FAMILY,
  sourceOf,
  sourceProblem,
  type TemplateView,
} from '../arns';
import { containsNoValue, isIntrinsic, isObject, refTarget, type Json } from '../json';
import { isListParameterRef, knownParameterValue } from '../parameters';
import { DEFAULT_RETRY, MAX_TIMEOUT_SECONDS, STATES, show, type ScheduleSpec, type ShorthandProperties, type Trigger } from '../schema';
import type { Report } from './issues';
import { applyNoValue } from './noValue';
import { checkReferences } from './references';
import { checkSchedule, type CheckedSchedule } from './schedule';
import { timeLimit, startDeadline } from './timing';

/** What an `AWS::ECS::TaskDefinition` of the same template tells. */
interface TaskDefinitionFacts {
  readonly logicalId: string;
  readonly containerNames?: readonly string[];
  readonly roles: readonly Json[];
  /** Launch types the task definition is valid for; ECS takes an absent RequiresCompatibilities as EC2 only. */
  readonly compatibilities?: readonly string[];
  readonly compatibilitiesDefaulted: boolean;
  readonly networkMode?: string;
}

/** What the checks resolved. Planning takes it as it is; it is complete only when no issue was reported. */
export interface CheckedShorthand {
  /** The properties, with each property's default where an `Fn::If` may yield `AWS::NoValue`. */
  readonly props: ShorthandProperties;
  readonly taskDefinition?: TaskDefinitionFacts;
  /** The container that runs the commands: given, or the only container of the task definition. */
  readonly containerName?: Json;
  /** FARGATE, EC2 or EXTERNAL when the launch type or the capacity providers tell; undefined when an intrinsic decides. */
  readonly launch?: string;
  readonly trigger: Trigger;
  /** The resource-wide time limit, resolved. */
  readonly timeoutSeconds?: number;
  readonly schedules: ReadonlyMap<string, CheckedSchedule>;
}

const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const PLATFORM_VERSION = /^[A-Za-z0-9.]{1,64}$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const SQS_QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const FIFO_QUEUE = 'EventBridge and EventBridge Scheduler cannot send dead letters to a FIFO queue: use a standard queue';

export function checkShorthand(logicalId: string, userProps: ShorthandProperties, view: TemplateView, at: Report): CheckedShorthand {
  const seen = checkReferences(logicalId, userProps, '', view, at);
  const props = seen.noValue ? applyNoValue(userProps, at) : userProps;
  const taskDefinition = checkTaskDefinition(props, view, at);
  const containerName = checkContainer(props, taskDefinition, at);
  const launch = checkLaunch(props, taskDefinition, at);
  checkRoles(props, taskDefinition, at);
  checkLogging(props, at);
  checkListParameters(props, view, at);
  const trigger: Trigger = props.Trigger ?? 'EventBridgeRule';
  if (props.Timezone !== undefined && trigger !== 'EventBridgeScheduler') {
    at('Timezone', 'needs Trigger: EventBridgeScheduler (EventBridge rules run in UTC only)');
  }
  checkRetry(props, at);
  checkTopic('FailureTopicArn', props.FailureTopicArn, 'failure alerts', view, at);
  checkTopic('AlarmTopicArn', props.AlarmTopicArn, 'alarms', view, at);
  checkDeadLetterQueue(props.DeadLetterQueue, view, at);
  const resourceDeadline = startDeadline(props.StartDeadlineSeconds, 'StartDeadlineSeconds', view, at);
  const knownResourceState = isIntrinsic(props.State) ? knownParameterValue(props.State, view) : props.State;
  if (isIntrinsic(props.State) && knownResourceState !== undefined && !(STATES as readonly unknown[]).includes(knownResourceState)) {
    at('State', `!Ref ${refTarget(props.State) ?? ''} is ${show(knownResourceState)}, which is not valid: expected one of ${STATES.map((v) => `"${v}"`).join(', ')}`);
  }
  const timeoutSeconds = timeLimit(props.TimeoutSeconds, 'TimeoutSeconds', view, at);
  const context = {
    view,
    trigger,
    launch,
    containerName: containerName ?? '',
    resourceState: props.State,
    knownResourceState,
    resourceDeadline,
    hasAlarmTopic: (props.AlarmTopicArn ?? props.FailureTopicArn) !== undefined,
    toJsonString: seen.toJsonString,
  };
  const schedules = new Map<string, CheckedSchedule>();
  // By key: Object.entries is slow on a map of hundreds of keys.
  for (const name of Object.keys(props.Schedules)) schedules.set(name, checkSchedule(name, props.Schedules[name] as ScheduleSpec, context, at));
  return {
    props,
    ...(taskDefinition ? { taskDefinition } : {}),
    ...(containerName !== undefined ? { containerName } : {}),
    ...(launch !== undefined ? { launch } : {}),
    trigger,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    schedules,
  };
}

/** The cluster's and the task definition's form, and the task definition's facts when it is in the template. */
function checkTaskDefinition(props: ShorthandProperties, view: TemplateView, at: Report): TaskDefinitionFacts | undefined {
  if (typeof props.Cluster === 'string' && !CLUSTER_ARN.test(props.Cluster) && !CLUSTER_NAME.test(props.Cluster)) {
    at('Cluster', `${show(props.Cluster)} is not valid: expected a cluster name (letters, digits, "-", "_") or an ARN like "arn:aws:ecs:eu-central-1:123456789012:cluster/batch"`);
  }
  const clusterProblem = sourceProblem(sourceOf(props.Cluster, view), 'AWS::ECS::Cluster', ['Arn']);
  if (clusterProblem !== undefined) at('Cluster', clusterProblem);
  const td = props.TaskDefinition;
  if (typeof td === 'string' && !TASK_DEFINITION_ARN.test(td) && !TASK_DEFINITION_FAMILY.test(td)) {
    at('TaskDefinition', `${show(td)} is not valid: expected "family", "family:revision" or an ARN like "arn:aws:ecs:eu-central-1:123456789012:task-definition/app:3"`);
  }
  const tdProblem = sourceProblem(sourceOf(td, view), 'AWS::ECS::TaskDefinition', ['TaskDefinitionArn'], '!Ref (or !GetAtt .TaskDefinitionArn) of an AWS::ECS::TaskDefinition');
  if (tdProblem !== undefined) at('TaskDefinition', tdProblem);
  return inTemplateTaskDefinition(td, view);
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

/** The container whose command is overridden: given, or the only one of an in-template task definition. */
function checkContainer(props: ShorthandProperties, tdFacts: TaskDefinitionFacts | undefined, at: Report): Json | undefined {
  const containerName = props.ContainerName;
  if (typeof containerName === 'string' && !CONTAINER_NAME.test(containerName)) {
    at('ContainerName', `${show(containerName)} is not valid: container names have 1-255 letters, digits, "-" and "_"`);
  }
  if (containerName === undefined) {
    if (tdFacts?.containerNames?.length === 1) return tdFacts.containerNames[0];
    if (tdFacts?.containerNames !== undefined) {
      at('ContainerName', `is required: task definition ${tdFacts.logicalId} has ${tdFacts.containerNames.length} containers (${tdFacts.containerNames.map((n) => `"${n}"`).join(', ')}); name the one that runs the command`);
    } else {
      at('ContainerName', 'is required unless TaskDefinition refers to an AWS::ECS::TaskDefinition of this template with exactly one container');
    }
    return undefined;
  }
  if (typeof containerName === 'string' && tdFacts?.containerNames !== undefined && !tdFacts.containerNames.includes(containerName)) {
    at('ContainerName', `"${containerName}" is not a container of task definition ${tdFacts.logicalId}; its containers: ${tdFacts.containerNames.map((n) => `"${n}"`).join(', ')}`);
  }
  return containerName;
}

/** Launch type or capacity providers, platform version and network; returns the launch type when known. */
function checkLaunch(props: ShorthandProperties, tdFacts: TaskDefinitionFacts | undefined, at: Report): string | undefined {
  const strategy = props.CapacityProviderStrategy;
  let launch: string | undefined;
  if (strategy === undefined) {
    const launchType = props.LaunchType ?? 'FARGATE';
    launch = typeof launchType === 'string' ? launchType : undefined;
  } else {
    launch = checkCapacityProviders(strategy, props.LaunchType !== undefined, at);
  }
  const launchPath = strategy === undefined ? 'LaunchType' : 'CapacityProviderStrategy';
  if (launch !== undefined && tdFacts?.compatibilities !== undefined && !tdFacts.compatibilities.includes(launch)) {
    const compat = tdFacts.compatibilitiesDefaulted ? 'has no RequiresCompatibilities, which ECS takes as EC2 only' : `requires ${tdFacts.compatibilities.join(', ')}`;
    const what = strategy === undefined ? `${launch}${props.LaunchType === undefined ? ' (the default)' : ''}` : `${launch === 'FARGATE' ? 'Fargate' : 'EC2'} capacity`;
    at(launchPath, `${what} cannot run task definition ${tdFacts.logicalId}: it ${compat}`);
  }
  if (props.PlatformVersion !== undefined) {
    if (launch !== undefined && launch !== 'FARGATE') at('PlatformVersion', `only applies to FARGATE, not ${launch}`);
    if (typeof props.PlatformVersion === 'string' && !PLATFORM_VERSION.test(props.PlatformVersion)) {
      at('PlatformVersion', `${show(props.PlatformVersion)} is not valid: expected "LATEST" or a version such as "1.4.0"`);
    }
  }
  if (props.Subnets === undefined) {
    if (launch === 'FARGATE') at('Subnets', `is required with ${strategy === undefined ? 'LaunchType FARGATE' : 'Fargate capacity providers'} (Fargate tasks use awsvpc networking)`);
    else if (launch === 'EC2' && tdFacts?.networkMode === 'awsvpc') at('Subnets', `is required: task definition ${tdFacts.logicalId} uses awsvpc networking`);
    if (props.SecurityGroups !== undefined) at('SecurityGroups', 'requires Subnets (awsvpc networking)');
    if (props.AssignPublicIp !== undefined) at('AssignPublicIp', 'requires Subnets (awsvpc networking)');
  } else {
    if (launch === 'EXTERNAL') at('Subnets', 'is not supported with LaunchType EXTERNAL (ECS Anywhere tasks do not use awsvpc networking)');
    if (launch !== 'FARGATE' && props.AssignPublicIp === 'ENABLED') at('AssignPublicIp', `ENABLED is only supported with FARGATE, not ${launch ?? 'an intrinsic LaunchType'}`);
  }
  return launch;
}

type Strategy = NonNullable<ShorthandProperties['CapacityProviderStrategy']>;

/** Checks a capacity provider strategy; returns FARGATE or EC2 when the providers tell which. */
function checkCapacityProviders(strategy: Strategy, withLaunchType: boolean, at: Report): string | undefined {
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

/** Roles ECS may be handed: listed, or taken from an in-template task definition. */
function checkRoles(props: ShorthandProperties, tdFacts: TaskDefinitionFacts | undefined, at: Report): void {
  const roleProblem = (role: Json): boolean => typeof role === 'string' && !ROLE_ARN.test(role) && !ROLE_NAME.test(role);
  if (props.PassRoleArns !== undefined) {
    if (!Array.isArray(props.PassRoleArns)) return;
    props.PassRoleArns.forEach((role: Json, i: number) => {
      if (roleProblem(role)) at(`PassRoleArns.${i}`, `${show(role)} is not valid: expected an IAM role ARN like "arn:aws:iam::123456789012:role/app-task" or a role name`);
    });
  } else if (tdFacts !== undefined) {
    tdFacts.roles.forEach((role) => {
      if (roleProblem(role)) at('TaskDefinition', `task definition ${tdFacts.logicalId} has a role ${show(role)} that is neither a role name nor a role ARN; give PassRoleArns explicitly`);
    });
  } else {
    at('PassRoleArns', 'is required when TaskDefinition is not an AWS::ECS::TaskDefinition of this template: list the task role and execution role ARNs ECS may be handed (PassRoleArns: [] for a task without roles). Guessing would either over-grant iam:PassRole or fail every run with AccessDenied');
  }
}

function checkLogging(props: ShorthandProperties, at: Report): void {
  if (props.LogLevel !== 'OFF') return;
  if (props.LogRetentionInDays !== undefined) at('LogRetentionInDays', 'has no effect with LogLevel OFF (no log group is created)');
  if (props.LogKmsKeyArn !== undefined) at('LogKmsKeyArn', 'has no effect with LogLevel OFF (no log group is created)');
  if (props.IncludeExecutionData !== undefined) at('IncludeExecutionData', 'has no effect with LogLevel OFF (nothing is logged)');
}

/** A list parameter inside a list would nest lists, which CloudFormation rejects at deploy time. */
function checkListParameters(props: ShorthandProperties, view: TemplateView, at: Report): void {
  // The path is written only for a finding: this runs for every schedule.
  const nested = (value: Json | undefined, path: () => string): void => {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) {
      const element = value[i] as Json;
      if (typeof element !== 'object' || !isListParameterRef(element, view)) continue;
      const where = path();
      at(`${where}.${i}`, `!Ref ${refTarget(element) ?? ''} is a list parameter and cannot be an element of a list: write ${where.split('.').pop() ?? where}: !Ref ${refTarget(element) ?? ''} to use the whole list`);
    }
  };
  nested(props.Subnets, () => 'Subnets');
  nested(props.SecurityGroups, () => 'SecurityGroups');
  nested(props.PassRoleArns, () => 'PassRoleArns');
  for (const name in props.Schedules) {
    const schedule = props.Schedules[name] as ScheduleSpec;
    nested(schedule.Command, () => `Schedules.${name}.Command`);
    schedule.Steps?.forEach((step, i) => {
      nested(step.Command, () => `Schedules.${name}.Steps.${i}.Command`);
    });
  }
}

/** A task that failed to start is started again after a Wait state, and a Wait takes at most 99,999,999 seconds. */
function checkRetry(props: ShorthandProperties, at: Report): void {
  const maxAttempts = props.Retry?.MaxAttempts ?? DEFAULT_RETRY.MaxAttempts;
  const intervalSeconds = props.Retry?.IntervalSeconds ?? DEFAULT_RETRY.IntervalSeconds;
  const backoffRate = props.Retry?.BackoffRate ?? DEFAULT_RETRY.BackoffRate;
  for (let i = 0; i < maxAttempts; i++) {
    const wait = Math.round(intervalSeconds * backoffRate ** i);
    if (wait > MAX_TIMEOUT_SECONDS) {
      at('Retry', `waits ${wait} seconds before attempt ${i + 2} (IntervalSeconds ${intervalSeconds} × BackoffRate ${backoffRate}^${i}); Step Functions waits at most ${MAX_TIMEOUT_SECONDS} seconds: lower MaxAttempts, IntervalSeconds or BackoffRate`);
      break;
    }
  }
  if (props.RetryFailedCommands === true && maxAttempts === 0) {
    at('RetryFailedCommands', 'has no effect with Retry.MaxAttempts 0');
  }
}

/** An SNS topic the state machine or an alarm publishes to: a standard topic, by ARN or intrinsic. */
function checkTopic(path: string, topic: Json | undefined, purpose: string, view: TemplateView, at: Report): void {
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

/** `DeadLetterQueue`: true (a generated queue), false (none), or a standard SQS queue of the user's. */
function checkDeadLetterQueue(value: Json | undefined, view: TemplateView, at: Report): void {
  if (value === undefined || typeof value === 'boolean') return;
  const path = 'DeadLetterQueue';
  if (typeof value === 'string') {
    if (!SQS_QUEUE_ARN.test(value)) at(path, `${show(value)} is not valid: expected true, or an SQS queue ARN like "arn:aws:sqs:eu-central-1:123456789012:batch-dead-letters" or !GetAtt <Queue>.Arn`);
    else if (value.endsWith('.fifo')) at(path, `${show(value)} is a FIFO queue: ${FIFO_QUEUE}`);
    return;
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
}
