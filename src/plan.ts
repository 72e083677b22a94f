/**
 * checked spec → decisions: data only. Applies defaults and resolves every value the renderers need,
 * from what the checks (./check) resolved; it reports nothing, and it renders nothing (the trigger's
 * input is decided here as data, ./render/input serialises it).
 * Pure: reads the incoming fragment, never changes it.
 */
import { clusterArns, roleArn, taskDefinitionArns, yieldsSingleString, type TemplateView } from './arns';
import type { AlarmWindow } from './alarmWindow';
import type { PassThroughAttributes } from './check/attributes';
import { scheduleCommands, type CommandSpec } from './check/schedule';
import type { CheckedShorthand } from './check/shorthand';
import { isIntrinsic, type Json } from './json';
import { logicalIds, type LogicalIds } from './logicalIds';
import { DEFAULT_RETRY, MAX_TIMEOUT_SECONDS, type ScheduleSpec, type Trigger } from './schema';

export type { PassThroughAttributes };

interface NetworkPlan {
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
  /** The trigger's input, every default filled in (./render/input writes it as JSON). */
  readonly input: InputSpec;
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

/** What a trigger hands to the state machine as the execution input (docs/execution-input.md). */
export interface InputSpec {
  readonly schedule: string;
  /** Exactly one of `single` and `steps`. */
  readonly single?: CommandSpec;
  readonly steps?: readonly CommandSpec[];
  readonly parallel?: boolean;
  readonly overrides?: { readonly Cpu?: Json; readonly Memory?: Json };
  readonly timeoutSeconds?: number;
}

export type { CommandSpec };

/** Where dead letters go: a queue the macro generates, or the user's. */
type DeadLetterPlan = { readonly generated: true } | { readonly generated: false; readonly arn: Json };

interface RetryPlan {
  readonly maxAttempts: number;
  readonly intervalSeconds: number;
  readonly backoffRate: number;
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

/**
 * The plan of a checked shorthand. Planned also when the checks reported issues (so that the trigger's
 * input can be measured where it is serialised, and reported with them); rendered only when there are none.
 */
export function planShorthand(logicalId: string, checked: CheckedShorthand, attributes: PassThroughAttributes, view: TemplateView): Plan {
  const { props, taskDefinition: tdFacts, trigger } = checked;
  const ids = logicalIds(logicalId);
  // `!Ref` of a single subnet / security group / role (parameter or resource) is a one-element list.
  const asList = <T extends Json | undefined>(value: T): T | Json[] => (value !== undefined && isIntrinsic(value) && yieldsSingleString(value, view) ? [value] : value);
  const strategy = props.CapacityProviderStrategy;
  const launchType = strategy === undefined ? (props.LaunchType ?? 'FARGATE') : undefined;
  const network: NetworkPlan | undefined =
    props.Subnets === undefined
      ? undefined
      : {
          subnets: asList(props.Subnets),
          ...(props.SecurityGroups !== undefined ? { securityGroups: asList(props.SecurityGroups) } : {}),
          // Fargate's own default is DISABLED too; stating it makes the generated stack self-explanatory.
          ...(props.AssignPublicIp !== undefined ? { assignPublicIp: props.AssignPublicIp } : checked.launch === 'FARGATE' ? { assignPublicIp: 'DISABLED' } : {}),
        };
  let passRoleArns: Json = [];
  if (props.PassRoleArns !== undefined) {
    const roles = asList(props.PassRoleArns);
    passRoleArns = Array.isArray(roles) ? roles.map((r: Json) => roleArn(r, view)) : roles;
  } else if (tdFacts !== undefined) {
    passRoleArns = tdFacts.roles.map((r) => roleArn(r, view));
  }
  const level: Json = props.LogLevel ?? 'ERROR';
  const logging =
    level === 'OFF'
      ? undefined
      : {
          level,
          ...(props.LogRetentionInDays !== undefined ? { retentionInDays: props.LogRetentionInDays } : {}),
          includeExecutionData: props.IncludeExecutionData ?? false,
          ...(props.LogKmsKeyArn !== undefined ? { kmsKeyArn: props.LogKmsKeyArn } : {}),
        };
  const retry: RetryPlan = {
    maxAttempts: props.Retry?.MaxAttempts ?? DEFAULT_RETRY.MaxAttempts,
    intervalSeconds: props.Retry?.IntervalSeconds ?? DEFAULT_RETRY.IntervalSeconds,
    backoffRate: props.Retry?.BackoffRate ?? DEFAULT_RETRY.BackoffRate,
  };
  const topic = props.FailureTopicArn;
  const alarmTopic = props.AlarmTopicArn ?? topic;
  const deadLetterQueue = planDeadLetterQueue(props.DeadLetterQueue);
  // The schedules' names, listed once: Object.entries and Object.values are slow on a map of hundreds of keys.
  const names = Object.keys(props.Schedules);
  const hasTimeouts = props.TimeoutSeconds !== undefined || names.some((name) => (props.Schedules[name] as ScheduleSpec).TimeoutSeconds !== undefined);
  const timeoutSeconds = checked.timeoutSeconds;
  // The time limit a trigger's input carries when any run can have one: the schedule's, else the
  // resource's, else none (the longest Step Functions takes).
  const defaultTimeout = hasTimeouts ? (timeoutSeconds ?? MAX_TIMEOUT_SECONDS) : undefined;
  const schedules: SchedulePlan[] = [];
  for (const name of names) {
    const schedule = props.Schedules[name] as ScheduleSpec;
    const resolved = checked.schedules.get(name);
    const scheduler = trigger === 'EventBridgeScheduler';
    const timezone = schedule.Timezone ?? props.Timezone;
    const ownTimeout = resolved?.timeoutSeconds;
    // Assigned field by field: this runs for every schedule.
    const planned: { -readonly [K in keyof SchedulePlan]: SchedulePlan[K] } = {
      name,
      resourceId: scheduler ? ids.schedule(name) : ids.rule(name),
      expression: schedule.ScheduleExpression,
      state: resolved?.state ?? 'ENABLED',
      description: schedule.Description ?? `${logicalId} schedule ${name} (EcsBatchScheduler)`,
      input: planInput(name, schedule, resolved?.commands ?? scheduleCommands(schedule), defaultTimeout === undefined ? undefined : (ownTimeout ?? defaultTimeout)),
    };
    if (schedule.Steps) planned.stepCount = schedule.Steps.length;
    if (scheduler) {
      if (timezone !== undefined) planned.timezone = timezone;
      if (schedule.FlexibleWindowMinutes !== undefined) planned.flexibleWindowMinutes = schedule.FlexibleWindowMinutes;
      if (schedule.StartDate !== undefined) planned.startDate = schedule.StartDate;
      if (schedule.EndDate !== undefined) planned.endDate = schedule.EndDate;
    }
    if (resolved?.startDeadlineSeconds !== undefined) planned.startDeadlineSeconds = resolved.startDeadlineSeconds;
    if (resolved?.noSuccess) planned.noSuccess = resolved.noSuccess;
    schedules.push(planned);
  }
  const tags = Object.entries(props.Tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  return {
    shorthandId: logicalId,
    ids,
    attributes,
    cluster: props.Cluster,
    clusterArns: clusterArns(props.Cluster, view),
    taskDefinition: props.TaskDefinition,
    runTaskResources: taskDefinitionArns(props.TaskDefinition, view),
    containerName: checked.containerName ?? '',
    ...(launchType !== undefined ? { launchType } : {}),
    ...(strategy !== undefined ? { capacityProviderStrategy: strategy } : {}),
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
  };
}

/**
 * A schedule's execution input with every default filled in (an empty environment, no task-level
 * overrides, one step after another, the time limit), so that a scheduled run needs no state that applies
 * defaults.
 */
function planInput(name: string, schedule: ScheduleSpec, commands: readonly CommandSpec[], timeoutSeconds: number | undefined): InputSpec {
  const overrides: { Cpu?: Json; Memory?: Json } = {};
  if (schedule.Cpu !== undefined) overrides.Cpu = schedule.Cpu;
  if (schedule.Memory !== undefined) overrides.Memory = schedule.Memory;
  const withDefaults = commands.map((c) => (c.environment === undefined ? { command: c.command, environment: [] } : c));
  const input: { -readonly [K in keyof InputSpec]: InputSpec[K] } = { schedule: name };
  if (schedule.Steps) {
    input.steps = withDefaults;
    input.parallel = schedule.Parallel ?? false;
  } else if (withDefaults[0]) input.single = withDefaults[0];
  input.overrides = overrides;
  if (timeoutSeconds !== undefined) input.timeoutSeconds = timeoutSeconds;
  return input;
}

/** `DeadLetterQueue`: true (a generated queue), false (none), or a standard SQS queue of the user's. */
function planDeadLetterQueue(value: Json | undefined): DeadLetterPlan | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { generated: true };
  return { generated: false, arn: value };
}
