/**
 * The state machine and, next to it, the IAM it needs (as CDK's `EcsRunTask` renders a task and its
 * policy side by side).
 *
 * The definition is a literal JSON document: no intrinsic inside it. Every template-dependent value
 * (cluster, task definition, subnets, partition) that is not a plain literal goes through
 * `DefinitionSubstitutions`, which CloudFormation resolves and Step Functions splices in textually.
 * User text (commands, environment) never does: it arrives in the execution input.
 */
import { containsNoValue, getAtt, isIntrinsic, isObject, ref, sub, type Json, type JsonObject } from '../json';
import type { Plan } from '../plan';
import { MAX_TIMEOUT_SECONDS } from '../schema';
import { oneOrMany, policyDocument, resource, serviceRole, tagList, type Resource } from './common';

/** Names of the states, part of what an operator sees in the console and in execution history. */
export const STATE_NAMES = {
  defaults: 'Defaults',
  applyDefaults: 'ApplyDefaults',
  overlapWanted: 'CheckOverlapWanted',
  listRunning: 'ListRunningExecutions',
  findOverlap: 'FindOverlappingRun',
  isOtherRun: 'IsOtherRun',
  describeRun: 'DescribeRun',
  sameSchedule: 'SameSchedule',
  overlapping: 'Overlapping',
  notOverlapping: 'NotOverlapping',
  summariseOverlap: 'SummariseOverlap',
  checkOverlap: 'CheckOverlap',
  skipped: 'SkippedPreviousRunStillRunning',
  checkInput: 'CheckInput',
  invalidInput: 'InvalidInput',
  singleCommand: 'SingleCommand',
  useSteps: 'UseSteps',
  chooseMode: 'ChooseMode',
  startSequence: 'StartSequence',
  nextStep: 'NextStep',
  moreSteps: 'MoreSteps',
  runInParallel: 'RunStepsInParallel',
  succeeded: 'Succeeded',
  findRunningTasks: 'FindRunningTasks',
  stopRunningTasks: 'StopRunningTasks',
  stopTask: 'StopTask',
  describeFailure: 'DescribeFailure',
  notifyFailure: 'NotifyFailure',
  runFailed: 'RunFailed',
} as const;

/** The states that run one step, once for steps in sequence and once inside the parallel Map. */
export function stepStateNames(prefix: '' | 'Parallel') {
  return {
    prepare: `${prefix}PrepareStep`,
    buildOverrides: `${prefix}BuildOverrides`,
    runTask: `${prefix}RunTask`,
    checkFailure: `${prefix}CheckTaskFailure`,
    readFailure: `${prefix}ReadTaskFailure`,
    failedToStart: `${prefix}FailedToStart`,
    countRestart: `${prefix}CountRestart`,
    waitRestart: `${prefix}WaitBeforeRestart`,
    stepFailed: `${prefix}StepFailed`,
  } as const;
}

export const INVALID_INPUT_CAUSE =
  'The execution input must be {"commands": ["executable", "argument", ...]}, optionally with ' +
  '"environment": [{"Name": "KEY", "Value": "value"}, ...], or {"steps": [{"commands": [...]}, ...]}.';

/** ECS API errors and placement failures: worth another attempt. A command's own failure is not. */
export const INFRASTRUCTURE_ERRORS = ['ECS.AmazonECSException', 'ECS.ServerException', 'AmazonECS.Unknown'] as const;

/** What an input without `schedule` is called in failure reports. */
export const HAND_STARTED = '(started by hand)';

/** Collects `DefinitionSubstitutions`: literals stay inline, everything else becomes `${Name}`. */
class Substitutions {
  readonly values: Record<string, Json> = {};

  scalar(name: string, value: Json): Json {
    if (typeof value === 'string') return value;
    this.values[name] = value;
    return `\${${name}}`;
  }

  /** A list splices in as `["${Name}"]` with the elements joined by `","` (the AWS Copilot technique). */
  list(name: string, value: Json): Json {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    this.values[name] = { 'Fn::Join': ['","', value] };
    return [`\${${name}}`];
  }

  /** A service integration ARN, kept partition-correct (cfn-lint accepts a whole placeholder). */
  integration(name: string, service: string): string {
    this.values[name] = sub(`arn:\${AWS::Partition}:states:::${service}`);
    return `\${${name}}`;
  }
}

export interface RenderedDefinition {
  readonly definition: JsonObject;
  readonly substitutions: Readonly<Record<string, Json>>;
}

/** Seconds to wait before each restart of a task that failed to start, as Retry's backoff would. */
export function restartWaits(plan: Plan): number[] {
  const waits: number[] = [];
  for (let i = 0; i < plan.retry.maxAttempts; i++) waits.push(Math.round(plan.retry.intervalSeconds * plan.retry.backoffRate ** i));
  return waits;
}

export function renderDefinition(plan: Plan): RenderedDefinition {
  const subs = new Substitutions();
  const runTaskResource = subs.integration('RunTaskResource', 'ecs:runTask.sync');
  const network = plan.network;
  const taskParameters: JsonObject = {
    Cluster: subs.scalar('Cluster', plan.cluster),
    TaskDefinition: subs.scalar('TaskDefinition', plan.taskDefinition),
    ...(plan.launchType !== undefined ? { LaunchType: subs.scalar('LaunchType', plan.launchType) } : {}),
    ...(Array.isArray(plan.capacityProviderStrategy)
      ? {
          CapacityProviderStrategy: plan.capacityProviderStrategy.map((p: Json, i: number) => {
            const provider = p as JsonObject;
            return {
              CapacityProvider: subs.scalar(`CapacityProvider${i}`, provider['CapacityProvider'] as Json),
              ...(provider['Weight'] !== undefined ? { Weight: provider['Weight'] } : {}),
              ...(provider['Base'] !== undefined ? { Base: provider['Base'] } : {}),
            };
          }),
        }
      : {}),
    ...(plan.platformVersion !== undefined ? { PlatformVersion: subs.scalar('PlatformVersion', plan.platformVersion) } : {}),
    ...(network
      ? {
          NetworkConfiguration: {
            AwsvpcConfiguration: {
              Subnets: subs.list('Subnets', network.subnets),
              ...(network.securityGroups !== undefined ? { SecurityGroups: subs.list('SecurityGroups', network.securityGroups) } : {}),
              ...(network.assignPublicIp !== undefined ? { AssignPublicIp: subs.scalar('AssignPublicIp', network.assignPublicIp) } : {}),
            },
          },
        }
      : {}),
  };
  const containerName = subs.scalar('ContainerName', plan.containerName);
  // Every failure first stops what this run still has running (a timed-out task; in parallel, the other steps).
  const failureEntry = STATE_NAMES.findRunningTasks;
  /** Tags each task with this execution (hashed: StartedBy takes letters, digits, - / _ only), to find it again. */
  const startedBy = "States.Hash($$.Execution.Id, 'SHA-256')";
  const restarts = plan.retry.maxAttempts > 0 && !plan.retryFailedCommands;

  /**
   * The states that run one step: merge its defaults, build the overrides, run it, restart it if it failed
   * to start. Every failure of the step (after retries and restarts) goes to `onFailure`.
   */
  const stepStates = (prefix: '' | 'Parallel', next: { next: string } | { end: true }, onFailure: string): Record<string, JsonObject> => {
    const n = stepStateNames(prefix);
    const retryErrors: string[] = [...INFRASTRUCTURE_ERRORS, ...(plan.retryFailedCommands ? ['States.TaskFailed'] : [])];
    const states: Record<string, JsonObject> = {
      [n.prepare]: {
        Type: 'Pass',
        Comment: 'The step, with an empty environment when it sets none; attempt counts restarts after a failure to start',
        Parameters: {
          'value.$': prefix === '' ? 'States.JsonMerge($.stepDefaults, States.ArrayGetItem($.plan.steps, $.loop.index), false)' : 'States.JsonMerge($.stepDefaults, $.item, false)',
          attempt: 0,
        },
        ResultPath: '$.step',
        Next: n.buildOverrides,
      },
      [n.buildOverrides]: {
        Type: 'Pass',
        Parameters: { ContainerOverrides: [{ Name: containerName, 'Command.$': '$.step.value.commands', 'Environment.$': '$.step.value.environment' }] },
        ResultPath: '$.step.container',
        Next: n.runTask,
      },
      [n.runTask]: {
        Type: 'Task',
        Comment: 'Runs the task and waits until it stops; a non-zero exit code of an essential container fails the step',
        Resource: runTaskResource,
        Parameters: { ...taskParameters, 'StartedBy.$': startedBy, 'Overrides.$': 'States.JsonMerge($.run.overrides, $.step.container, false)' },
        ...(plan.hasTimeouts ? { TimeoutSecondsPath: '$.run.timeoutSeconds' } : {}),
        ResultPath: null,
        ...(plan.retry.maxAttempts > 0
          ? { Retry: [{ ErrorEquals: retryErrors, IntervalSeconds: plan.retry.intervalSeconds, MaxAttempts: plan.retry.maxAttempts, BackoffRate: plan.retry.backoffRate }] }
          : {}),
        Catch: [
          ...(restarts ? [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: n.checkFailure }] : []),
          { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: onFailure },
        ],
        ...('end' in next ? { End: true } : { Next: next.next }),
      },
    };
    if (restarts) {
      Object.assign(states, {
        [n.checkFailure]: {
          Type: 'Choice',
          Comment: 'In Catch, States.TaskFailed matches every error but States.Timeout: only the stopped task itself is read',
          Choices: [
            {
              // Only a cause that is the stopped task (JSON) is read: a Pass state cannot catch a parse error.
              And: [
                { Variable: '$.error.Error', StringEquals: 'States.TaskFailed' },
                { Variable: '$.error.Cause', IsPresent: true },
                { Variable: '$.error.Cause', StringMatches: '{*' },
              ],
              Next: n.readFailure,
            },
          ],
          Default: onFailure,
        },
        [n.readFailure]: {
          Type: 'Pass',
          Comment: 'The cause of States.TaskFailed is the stopped task: did it fail to start (image pull, ENI, secrets), or did the command fail?',
          Parameters: { 'task.$': 'States.StringToJson($.error.Cause)' },
          ResultPath: '$.failedTask',
          Next: n.failedToStart,
        },
        [n.failedToStart]: {
          Type: 'Choice',
          Choices: [
            {
              And: [
                { Variable: '$.failedTask.task.StopCode', IsPresent: true },
                { Variable: '$.failedTask.task.StopCode', StringEquals: 'TaskFailedToStart' },
                { Variable: '$.step.attempt', NumericLessThan: plan.retry.maxAttempts },
              ],
              Next: n.countRestart,
            },
          ],
          Default: onFailure,
        },
        [n.countRestart]: {
          Type: 'Pass',
          Parameters: {
            'value.$': '$.step.value',
            'container.$': '$.step.container',
            'attempt.$': 'States.MathAdd($.step.attempt, 1)',
            'waitSeconds.$': 'States.ArrayGetItem($.run.restartWaits, $.step.attempt)',
          },
          ResultPath: '$.step',
          Next: n.waitRestart,
        },
        [n.waitRestart]: { Type: 'Wait', SecondsPath: '$.step.waitSeconds', Next: n.runTask },
      });
    }
    return states;
  };

  // A failed step in sequence goes straight to the failure handling; in parallel it fails its Map
  // iteration with the task's error, and the Map's Catch leads there.
  const sequence = stepStates('', { next: STATE_NAMES.nextStep }, failureEntry);
  const parallelStepFailed = stepStateNames('Parallel').stepFailed;
  const parallelSteps = {
    ...stepStates('Parallel', { end: true }, parallelStepFailed),
    [parallelStepFailed]: { Type: 'Fail', Comment: 'Fails this step with its task\'s error, and so the Map', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
  };

  const defaults: Record<string, Json> = {
    schedule: HAND_STARTED,
    environment: [],
    overrides: {},
    parallel: false,
    ...(plan.hasTimeouts ? { timeoutSeconds: plan.timeoutSeconds ?? MAX_TIMEOUT_SECONDS } : {}),
    ...(restarts ? { restartWaits: restartWaits(plan) } : {}),
  };

  const overlapStates: Record<string, JsonObject> = plan.allowOverlap
    ? {}
    : {
        [STATE_NAMES.overlapWanted]: {
          Type: 'Choice',
          Comment: 'Runs started by hand without a schedule name are never skipped',
          Choices: [{ Variable: '$.run.schedule', StringEquals: HAND_STARTED, Next: STATE_NAMES.checkInput }],
          Default: STATE_NAMES.listRunning,
        },
        [STATE_NAMES.listRunning]: {
          Type: 'Task',
          Resource: subs.integration('ListExecutionsResource', 'aws-sdk:sfn:listExecutions'),
          Parameters: { 'StateMachineArn.$': '$$.StateMachine.Id', StatusFilter: 'RUNNING', MaxResults: 1000 },
          ResultSelector: { 'arns.$': '$.Executions[*].ExecutionArn' },
          ResultPath: '$.running',
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
          Next: STATE_NAMES.findOverlap,
        },
        [STATE_NAMES.findOverlap]: {
          Type: 'Map',
          Comment: 'Is another running execution of this state machine a run of the same schedule?',
          ItemsPath: '$.running.arns',
          ItemSelector: { 'arn.$': '$$.Map.Item.Value', 'schedule.$': '$.run.schedule', 'self.$': '$$.Execution.Id', 'selfStart.$': '$$.Execution.StartTime' },
          MaxConcurrency: 10,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: STATE_NAMES.isOtherRun,
            States: {
              [STATE_NAMES.isOtherRun]: {
                Type: 'Choice',
                Choices: [{ Variable: '$.arn', StringEqualsPath: '$.self', Next: STATE_NAMES.notOverlapping }],
                Default: STATE_NAMES.describeRun,
              },
              [STATE_NAMES.describeRun]: {
                Type: 'Task',
                Resource: subs.integration('DescribeExecutionResource', 'aws-sdk:sfn:describeExecution'),
                Parameters: { 'ExecutionArn.$': '$.arn' },
                ResultSelector: { 'input.$': 'States.StringToJson($.Input)', 'startDate.$': '$.StartDate' },
                ResultPath: '$.described',
                Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
                Next: STATE_NAMES.sameSchedule,
              },
              [STATE_NAMES.sameSchedule]: {
                Type: 'Choice',
                Choices: [
                  {
                    // Only a run that started before this one counts: two runs checking at once (a duplicate
                    // delivery) must not both skip.
                    And: [
                      { Variable: '$.described.input.schedule', IsPresent: true },
                      { Variable: '$.described.input.schedule', StringEqualsPath: '$.schedule' },
                      { Variable: '$.described.startDate', IsTimestamp: true },
                      { Variable: '$.described.startDate', TimestampLessThanPath: '$.selfStart' },
                    ],
                    Next: STATE_NAMES.overlapping,
                  },
                ],
                Default: STATE_NAMES.notOverlapping,
              },
              [STATE_NAMES.overlapping]: { Type: 'Pass', Result: 'overlapping', End: true },
              [STATE_NAMES.notOverlapping]: { Type: 'Pass', Result: 'not overlapping', End: true },
            },
          },
          ResultPath: '$.overlaps',
          Next: STATE_NAMES.summariseOverlap,
        },
        [STATE_NAMES.summariseOverlap]: {
          Type: 'Pass',
          Parameters: { 'value.$': "States.ArrayContains($.overlaps, 'overlapping')" },
          ResultPath: '$.overlap',
          Next: STATE_NAMES.checkOverlap,
        },
        [STATE_NAMES.checkOverlap]: {
          Type: 'Choice',
          Choices: [{ Variable: '$.overlap.value', BooleanEquals: true, Next: STATE_NAMES.skipped }],
          Default: STATE_NAMES.checkInput,
        },
        [STATE_NAMES.skipped]: {
          Type: 'Pass',
          Comment: 'AllowOverlap: false. The previous run of this schedule is still running: this run does nothing',
          Parameters: { skipped: true, reason: 'the previous run of this schedule is still running (AllowOverlap: false)', 'schedule.$': '$.run.schedule' },
          End: true,
        },
      };

  const failureStates: Record<string, JsonObject> = {
    [STATE_NAMES.findRunningTasks]: {
      Type: 'Task',
      Comment: "A task whose state timed out, or a parallel step still running when another failed, must not keep running",
      Resource: subs.integration('ListTasksResource', 'aws-sdk:ecs:listTasks'),
      // StartedBy must be ListTasks' only filter; it lists tasks whose desired status is RUNNING by default.
      Parameters: { Cluster: taskParameters['Cluster'] as Json, 'StartedBy.$': startedBy },
      ResultSelector: { 'arns.$': '$.TaskArns' },
      ResultPath: '$.runningTasks',
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.cleanupError', Next: STATE_NAMES.describeFailure }],
      Next: STATE_NAMES.stopRunningTasks,
    },
    [STATE_NAMES.stopRunningTasks]: {
      Type: 'Map',
      ItemsPath: '$.runningTasks.arns',
      ItemSelector: { 'task.$': '$$.Map.Item.Value' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: STATE_NAMES.stopTask,
        States: {
          [STATE_NAMES.stopTask]: {
            Type: 'Task',
            Resource: subs.integration('StopTaskResource', 'aws-sdk:ecs:stopTask'),
            Parameters: { Cluster: taskParameters['Cluster'] as Json, 'Task.$': '$.task', Reason: 'EcsBatchScheduler: the run failed or timed out' },
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
            End: true,
          },
        },
      },
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.cleanupError', Next: STATE_NAMES.describeFailure }],
      Next: STATE_NAMES.describeFailure,
    },
    [STATE_NAMES.describeFailure]: {
      Type: 'Pass',
      Comment: 'What failed, for the failure report and the execution\'s error',
      Parameters: {
        'schedule.$': '$.run.schedule',
        'execution.$': '$$.Execution.Id',
        'steps.$': '$.plan.steps',
        'error.$': 'States.JsonMerge($.failureDefaults, $.error, false)',
      },
      ResultPath: '$.failure',
      Next: plan.failureTopicArn !== undefined ? STATE_NAMES.notifyFailure : STATE_NAMES.runFailed,
    },
    ...(plan.failureTopicArn !== undefined
      ? {
          [STATE_NAMES.notifyFailure]: {
            Type: 'Task',
            Comment: 'One message per failed or timed-out run; the run still ends FAILED',
            Resource: subs.integration('PublishResource', 'sns:publish'),
            Parameters: {
              TopicArn: subs.scalar('FailureTopicArn', plan.failureTopicArn),
              // SNS subjects take under 100 characters and no control characters: the schedule is in the message.
              Subject: 'EcsBatchScheduler: a scheduled run failed',
              // An object: the SNS integration sends it as its JSON text.
              'Message.$': '$.failure',
            },
            ResultPath: null,
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notifyError', Next: STATE_NAMES.runFailed }],
            Next: STATE_NAMES.runFailed,
          },
        }
      : {}),
    [STATE_NAMES.runFailed]: { Type: 'Fail', Comment: 'Ends the run with the error of the step that failed', ErrorPath: '$.failure.error.Error', CausePath: '$.failure.error.Cause' },
  };

  const definition: JsonObject = {
    Comment: `EcsBatchScheduler ${plan.shorthandId}: runs the execution input's command(s) as ECS tasks`,
    StartAt: STATE_NAMES.defaults,
    States: {
      [STATE_NAMES.defaults]: {
        Type: 'Pass',
        Comment: 'Defaults for what the input leaves out',
        Parameters: { defaults: defaults, 'input.$': '$' },
        Next: STATE_NAMES.applyDefaults,
      },
      [STATE_NAMES.applyDefaults]: {
        Type: 'Pass',
        Parameters: {
          'run.$': 'States.JsonMerge($.defaults, $.input, false)',
          stepDefaults: { environment: [] },
          failureDefaults: { Error: 'Unknown', Cause: '' },
        },
        Next: plan.allowOverlap ? STATE_NAMES.checkInput : STATE_NAMES.overlapWanted,
      },
      ...overlapStates,
      [STATE_NAMES.checkInput]: {
        Type: 'Choice',
        Comment: 'A run started by hand with the wrong input fails here, with a message saying what is expected',
        Choices: [
          { Variable: '$.run.steps[0].commands', IsPresent: true, Next: STATE_NAMES.useSteps },
          { Variable: '$.run.commands', IsPresent: true, Next: STATE_NAMES.singleCommand },
        ],
        Default: STATE_NAMES.invalidInput,
      },
      [STATE_NAMES.invalidInput]: { Type: 'Fail', Error: 'InvalidInput', Cause: INVALID_INPUT_CAUSE },
      [STATE_NAMES.singleCommand]: {
        Type: 'Pass',
        Comment: 'One command is a run of one step',
        Parameters: { 'steps.$': 'States.Array($.run)' },
        ResultPath: '$.plan',
        Next: STATE_NAMES.startSequence,
      },
      [STATE_NAMES.useSteps]: { Type: 'Pass', Parameters: { 'steps.$': '$.run.steps' }, ResultPath: '$.plan', Next: STATE_NAMES.chooseMode },
      [STATE_NAMES.chooseMode]: {
        Type: 'Choice',
        Choices: [{ Variable: '$.run.parallel', BooleanEquals: true, Next: STATE_NAMES.runInParallel }],
        Default: STATE_NAMES.startSequence,
      },
      [STATE_NAMES.startSequence]: {
        Type: 'Pass',
        Comment: 'Steps run one after another; each sees the original input (ResultPath: null); the first failure ends the run',
        Parameters: { index: 0, 'count.$': 'States.ArrayLength($.plan.steps)' },
        ResultPath: '$.loop',
        Next: stepStateNames('').prepare,
      },
      ...sequence,
      [STATE_NAMES.nextStep]: {
        Type: 'Pass',
        Parameters: { 'index.$': 'States.MathAdd($.loop.index, 1)', 'count.$': '$.loop.count' },
        ResultPath: '$.loop',
        Next: STATE_NAMES.moreSteps,
      },
      [STATE_NAMES.moreSteps]: {
        Type: 'Choice',
        Choices: [{ Variable: '$.loop.index', NumericLessThanPath: '$.loop.count', Next: stepStateNames('').prepare }],
        Default: STATE_NAMES.succeeded,
      },
      [STATE_NAMES.runInParallel]: {
        Type: 'Map',
        Comment: 'Parallel: true. All steps at once; the run fails if any step fails',
        ItemsPath: '$.plan.steps',
        ItemSelector: { 'item.$': '$$.Map.Item.Value', 'run.$': '$.run', 'stepDefaults.$': '$.stepDefaults' },
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: stepStateNames('Parallel').prepare, States: parallelSteps },
        ResultPath: null,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: failureEntry }],
        Next: STATE_NAMES.succeeded,
      },
      [STATE_NAMES.succeeded]: { Type: 'Succeed' },
      ...failureStates,
    },
  };
  return { definition, substitutions: subs.values };
}

/**
 * The state machine's role: exactly what `ecs:runTask.sync` needs for this task definition in this
 * cluster, and nothing else.
 */
export function renderStateMachineRole(plan: Plan): Resource {
  const clusterCondition = { ArnEquals: { 'ecs:cluster': oneOrMany(plan.clusterArns) } };
  const passRoles = plan.passRoleArns;
  const hasPassRoles = isIntrinsic(passRoles) || (Array.isArray(passRoles) && passRoles.length > 0);
  const statements: Json[] = [
    {
      Sid: 'RunTask',
      Effect: 'Allow',
      Action: 'ecs:RunTask',
      Resource: oneOrMany(plan.runTaskResources),
      Condition: clusterCondition,
    },
    {
      // Step Functions polls and, when an execution is stopped, stops the task it started; a failed or
      // timed-out run lists and stops what it still has running. Task IDs are not known in advance; the
      // cluster condition keeps this to tasks of this cluster.
      Sid: 'TrackTask',
      Effect: 'Allow',
      Action: ['ecs:DescribeTasks', 'ecs:ListTasks', 'ecs:StopTask'],
      Resource: '*',
      Condition: clusterCondition,
    },
    {
      // `.sync` learns that the task stopped through this EventBridge rule, which Step Functions manages
      // in the account on the role's behalf.
      Sid: 'SyncManagedRule',
      Effect: 'Allow',
      Action: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'],
      Resource: sub('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule'),
    },
  ];
  if (hasPassRoles) {
    const passStatement = (resource: Json): Json => ({
      Sid: 'PassTaskRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: resource,
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
    // The only role comes from an Fn::If that may be AWS::NoValue (an optional task role): the statement
    // goes with it, since a statement without Resource is invalid.
    const only = Array.isArray(passRoles) && passRoles.length === 1 ? (passRoles[0] as Json) : undefined;
    const conditional = isObject(only) && Array.isArray(only['Fn::If']) ? (only['Fn::If'] as readonly Json[]) : undefined;
    if (conditional?.length === 3 && containsNoValue(conditional[1]) !== containsNoValue(conditional[2])) {
      const [condition, yes, no] = conditional;
      statements.push({ 'Fn::If': [condition as Json, containsNoValue(yes) ? (yes as Json) : passStatement(yes as Json), containsNoValue(no) ? (no as Json) : passStatement(no as Json)] });
    } else {
      statements.push(passStatement(Array.isArray(passRoles) ? oneOrMany(passRoles) : passRoles));
    }
  }
  if (plan.failureTopicArn !== undefined) {
    statements.push({ Sid: 'NotifyFailure', Effect: 'Allow', Action: 'sns:Publish', Resource: plan.failureTopicArn });
  }
  if (plan.logging) {
    statements.push({
      // Log delivery for Step Functions is configured through these account-level APIs, which have no
      // resource-level permissions: "*" is the only valid resource.
      Sid: 'LogDelivery',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:UpdateLogDelivery',
      ],
      Resource: '*',
    });
    if (plan.stateMachineKmsKeyArn !== undefined) {
      statements.push({
        // With a customer managed key, Step Functions encrypts what it hands to CloudWatch Logs' delivery
        // with that key; the encryption context is this literal account-wide logs ARN. In this policy (not
        // in <Id>KeyPolicy) so that it is in place before the state machine and its logging are created.
        Sid: 'LogDeliveryKey',
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Resource: plan.stateMachineKmsKeyArn,
        Condition: { StringEquals: { 'kms:EncryptionContext:SourceArn': sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*') } },
      });
    }
  }
  return serviceRole(plan, {
    service: 'states.amazonaws.com',
    // No aws:SourceArn: the state machine refers to this role (RoleArn), so the role cannot name it.
    description: `Runs the ECS task of ${plan.shorthandId} (EcsBatchScheduler)`,
    policies: [{ PolicyName: 'RunEcsTask', Statement: statements }],
  });
}

/**
 * With a customer managed key: the state machine's role may use the key for this state machine's data
 * only (Step Functions puts the state machine ARN in the encryption context). A role policy of its own:
 * naming the state machine inside the role would be a cycle. The rules wait for it (see renderRule).
 */
export function renderStateMachineKeyPolicy(plan: Plan): Resource | undefined {
  const key = plan.stateMachineKmsKeyArn;
  if (key === undefined) return undefined;
  const statements: Json[] = [
    {
      Sid: 'StateMachineData',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: key,
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': ref(plan.ids.stateMachine) } },
    },
  ];
  return resource(
    'AWS::IAM::RolePolicy',
    { RoleName: ref(plan.ids.stateMachineRole), PolicyName: 'UseStateMachineKey', PolicyDocument: policyDocument(statements) },
    plan.attributes,
  );
}

/**
 * With `AllowOverlap: false` the state machine lists and describes its own running executions. Those
 * statements name the state machine, which names the role: in the role itself they would be a circular
 * dependency, so they live in a policy attached to the role.
 */
export function renderOverlapPolicy(plan: Plan): Resource | undefined {
  if (plan.allowOverlap) return undefined;
  const statements: Json[] = [
    { Sid: 'ListOwnExecutions', Effect: 'Allow', Action: 'states:ListExecutions', Resource: ref(plan.ids.stateMachine) },
    {
      Sid: 'DescribeOwnExecutions',
      Effect: 'Allow',
      Action: 'states:DescribeExecution',
      Resource: sub('arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${StateMachineName}:*', { StateMachineName: getAtt(plan.ids.stateMachine, 'Name') }),
    },
  ];
  return resource(
    'AWS::IAM::RolePolicy',
    { RoleName: ref(plan.ids.stateMachineRole), PolicyName: 'FindOverlappingRuns', PolicyDocument: policyDocument(statements) },
    plan.attributes,
  );
}

export function renderStateMachine(plan: Plan): Resource {
  const { definition, substitutions } = renderDefinition(plan);
  return resource(
    'AWS::StepFunctions::StateMachine',
    {
      // `.sync` service integrations exist only in Standard workflows.
      StateMachineType: 'STANDARD',
      RoleArn: getAtt(plan.ids.stateMachineRole, 'Arn'),
      Definition: definition,
      DefinitionSubstitutions: substitutions,
      ...(plan.logging
        ? {
            LoggingConfiguration: {
              Level: plan.logging.level,
              // Execution data holds the commands and environment values: kept out of the logs unless asked.
              IncludeExecutionData: plan.logging.includeExecutionData,
              Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(plan.ids.logGroup, 'Arn') } }],
            },
          }
        : {}),
      ...(plan.stateMachineKmsKeyArn !== undefined
        ? {
            EncryptionConfiguration: {
              Type: 'CUSTOMER_MANAGED_KMS_KEY',
              KmsKeyId: plan.stateMachineKmsKeyArn,
              // Step Functions' default: a new data key (a kms:GenerateDataKey call) every 5 minutes at most.
              KmsDataKeyReusePeriodSeconds: 300,
            },
          }
        : {}),
      ...tagList(plan),
    },
    plan.attributes,
    true,
  );
}

export function renderLogGroup(plan: Plan): Resource | undefined {
  if (!plan.logging) return undefined;
  // /aws/vendedlogs/ names keep the account's CloudWatch Logs resource policy from growing (5,120-character
  // limit); the stack name plus the first block of the stack's GUID cannot collide between stacks, not even
  // with a retained log group of a deleted stack of the same name.
  const stackGuidPrefix = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', ref('AWS::StackId')] }] }] }] };
  return resource(
    'AWS::Logs::LogGroup',
    {
      LogGroupName: sub(`/aws/vendedlogs/states/\${AWS::StackName}-${plan.shorthandId}-\${StackGuidPrefix}`, { StackGuidPrefix: stackGuidPrefix }),
      ...(plan.logging.retentionInDays !== undefined ? { RetentionInDays: plan.logging.retentionInDays } : {}),
      // The key policy must let logs.<region>.amazonaws.com use the key: the key owner's part (README).
      ...(plan.logging.kmsKeyArn !== undefined ? { KmsKeyId: plan.logging.kmsKeyArn } : {}),
      ...tagList(plan),
    },
    plan.attributes,
  );
}
