/**
 * The step runner: the single command, or the steps one after another or at once, each as one
 * `ecs:runTask.sync` Task. Next to the states, the IAM they need (as CDK's `EcsRunTask` renders a task
 * and its policy side by side).
 *
 * A successful run of one command enters `PrepareCommand` and `RunTask`; a run of n steps enters one Map
 * and n `RunTask`s. No loop counter, no per-step preparation: the Map's `ItemSelector` builds each step's
 * container override for free.
 *
 * Clean-up: the run itself stops no task. Step Functions stops the task a `.sync` Task state started when
 * that state ends before the task does: the state timed out (`TimeoutSecondsPath`), its Map iteration was
 * cancelled because another step failed (a failed iteration fails the Map and "all its iterations are
 * stopped"), or the execution was stopped. That is why the documented `.sync` policy for ECS holds
 * `ecs:StopTask`, with the note "You can only stop Amazon ECS tasks that were started by Step Functions,
 * despite the `*` IAM policy" (Step Functions developer guide, IAM policies for ECS/Fargate). Nothing here
 * depends on the task's `StartedBy`, which the integration sets to "AWS Step Functions" itself.
 */
import { containsNoValue, isIntrinsic, isObject, sub, type Json, type JsonObject } from '../../json';
import type { Plan } from '../../plan';
import { oneOrMany } from '../common';
import { INFRASTRUCTURE_ERRORS, STATE_NAMES, present, taskStateNames, type States, type Substitutions, type TaskScope } from './shared';

/** Seconds to wait before each restart of a task that failed to start, as Retry's backoff would. */
function restartWaits(plan: Plan): number[] {
  const waits: number[] = [];
  for (let i = 0; i < plan.retry.maxAttempts; i++) waits.push(Math.round(plan.retry.intervalSeconds * plan.retry.backoffRate ** i));
  return waits;
}

/** Whether a task that failed to start (it never ran the command) is started again: a loop of its own. */
function restarts(plan: Plan): boolean {
  return plan.retry.maxAttempts > 0 && !plan.retryFailedCommands;
}

/** The RunTask parameters that come from the shorthand: cluster, task definition, launch, network. */
function taskParameters(plan: Plan, subs: Substitutions): JsonObject {
  const network = plan.network;
  return {
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
}

/**
 * What one task's states read: the container override built from the step (`from` is where its commands
 * and environment are), the task-level overrides, the time limit and the restart counter.
 */
function taskInput(plan: Plan, subs: Substitutions, from: string): JsonObject {
  return {
    container: { ContainerOverrides: [{ Name: subs.scalar('ContainerName', plan.containerName), 'Command.$': `${from}.commands`, 'Environment.$': `${from}.environment` }] },
    'overrides.$': '$.overrides',
    ...(plan.hasTimeouts ? { 'timeoutSeconds.$': '$.timeoutSeconds' } : {}),
    ...(restarts(plan) ? { restart: { attempt: 0 }, restartWaits: restartWaits(plan) } : {}),
  };
}

/**
 * One task and, when it may be restarted, the loop that restarts it. `onFailure` is where any other
 * failure goes: the failure report at the top level; inside a Map nowhere (the error fails the iteration,
 * and so the Map), except through a Fail state that re-raises it after the restart check.
 */
function taskStates(plan: Plan, subs: Substitutions, scope: TaskScope, next: { next: string } | { end: true }, onFailure?: string): States {
  const n = taskStateNames(scope);
  const restart = restarts(plan);
  const retryErrors: string[] = [...INFRASTRUCTURE_ERRORS, ...(plan.retryFailedCommands ? ['States.TaskFailed'] : [])];
  const catches: JsonObject[] = [
    ...(restart ? [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: n.checkFailure }] : []),
    ...(onFailure !== undefined ? [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: onFailure }] : []),
  ];
  const states: States = {
    [n.runTask]: {
      Type: 'Task',
      Comment: 'Runs the task and waits until it stops; a non-zero exit code of an essential container fails it',
      Resource: subs.integration('RunTaskResource', 'ecs:runTask.sync'),
      Parameters: { ...taskParameters(plan, subs), 'Overrides.$': 'States.JsonMerge($.overrides, $.container, false)' },
      ...(plan.hasTimeouts ? { TimeoutSecondsPath: '$.timeoutSeconds' } : {}),
      ResultPath: null,
      ...(plan.retry.maxAttempts > 0
        ? { Retry: [{ ErrorEquals: retryErrors, IntervalSeconds: plan.retry.intervalSeconds, MaxAttempts: plan.retry.maxAttempts, BackoffRate: plan.retry.backoffRate }] }
        : {}),
      ...(catches.length > 0 ? { Catch: catches } : {}),
      ...('end' in next ? { End: true } : { Next: next.next }),
    },
  };
  if (!restart) return states;
  // Inside a Map (no onFailure) a failure that is not restarted is raised again by a Fail state, so that
  // it fails the iteration and so the Map.
  return {
    ...states,
    [n.checkFailure]: {
      Type: 'Choice',
      Comment: 'A task that failed to start (image pull, ENI, secrets) never ran the command: it is started again. In Catch, States.TaskFailed matches every error but States.Timeout',
      Choices: [
        {
          And: [
            { Variable: '$.error.Error', StringEquals: 'States.TaskFailed' },
            present('$.error.Cause'),
            // The cause is the stopped task as JSON text; read without parsing it (compact or spaced).
            { Or: [{ Variable: '$.error.Cause', StringMatches: '*"StopCode":"TaskFailedToStart"*' }, { Variable: '$.error.Cause', StringMatches: '*"StopCode": "TaskFailedToStart"*' }] },
            { Variable: '$.restart.attempt', NumericLessThan: plan.retry.maxAttempts },
          ],
          Next: n.countRestart,
        },
        ...(onFailure === undefined ? [{ ...present('$.error.Cause'), Next: n.stepFailed }] : []),
      ],
      Default: onFailure ?? n.stepFailedWithoutCause,
    },
    [n.countRestart]: {
      Type: 'Pass',
      Parameters: { 'attempt.$': 'States.MathAdd($.restart.attempt, 1)', 'waitSeconds.$': 'States.ArrayGetItem($.restartWaits, $.restart.attempt)' },
      ResultPath: '$.restart',
      Next: n.waitRestart,
    },
    [n.waitRestart]: { Type: 'Wait', SecondsPath: '$.restart.waitSeconds', Next: n.runTask },
    ...(onFailure === undefined
      ? {
          [n.stepFailed]: { Type: 'Fail', Comment: "Fails this step with its task's error, and so the run", ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
          [n.stepFailedWithoutCause]: { Type: 'Fail', ErrorPath: '$.error.Error' },
        }
      : {}),
  };
}

/** A Map over the run's steps; `parallel` runs them at once, otherwise one after another. */
function stepsMap(plan: Plan, subs: Substitutions, parallel: boolean, onFailure: string, onSuccess?: string): JsonObject {
  const scope: TaskScope = parallel ? 'Parallel' : 'Sequence';
  return {
    Type: 'Map',
    Comment: parallel
      ? 'Parallel: true. All steps at once; when one fails, the Map fails and Step Functions stops the others, and their tasks'
      : 'One step after another, each as its own task: MaxConcurrency 1 starts a step when the one before it succeeded, and the first failure fails the Map',
    ItemsPath: '$.steps',
    ItemSelector: taskInput(plan, subs, '$$.Map.Item.Value'),
    ...(parallel ? {} : { MaxConcurrency: 1 }),
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: taskStateNames(scope).runTask, States: taskStates(plan, subs, scope, { end: true }) },
    ResultPath: null,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: onFailure }],
    ...(onSuccess !== undefined ? { Next: onSuccess } : { End: true }),
  };
}

/** The states that run the command or the steps of a complete input; a successful run ends, or goes to `onSuccess`. */
export function stepRunnerStates(plan: Plan, subs: Substitutions, onFailure: string, onSuccess?: string): States {
  const single = taskStateNames('');
  return {
    [STATE_NAMES.prepareCommand]: {
      Type: 'Pass',
      Comment: 'One command: its container override; the failure report lists the input as the run\'s only step',
      Parameters: { 'schedule.$': '$.schedule', 'steps.$': 'States.Array($)', ...taskInput(plan, subs, '$') },
      Next: single.runTask,
    },
    ...taskStates(plan, subs, '', onSuccess !== undefined ? { next: onSuccess } : { end: true }, onFailure),
    [STATE_NAMES.runInSequence]: stepsMap(plan, subs, false, onFailure, onSuccess),
    [STATE_NAMES.runInParallel]: stepsMap(plan, subs, true, onFailure, onSuccess),
  };
}

/** ECS may be handed exactly the task's roles. */
function passRoleStatement(passRoles: Json): Json {
  const statement = (resource: Json): Json => ({
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
    return { 'Fn::If': [condition as Json, containsNoValue(yes) ? (yes as Json) : statement(yes as Json), containsNoValue(no) ? (no as Json) : statement(no as Json)] };
  }
  return statement(Array.isArray(passRoles) ? oneOrMany(passRoles) : passRoles);
}

/** What the step runner needs: run this task definition in this cluster, follow the task, pass its roles. */
export function stepRunnerStatements(plan: Plan): Json[] {
  const clusterCondition = { ArnEquals: { 'ecs:cluster': oneOrMany(plan.clusterArns) } };
  const passRoles = plan.passRoleArns;
  const hasPassRoles = isIntrinsic(passRoles) || (Array.isArray(passRoles) && passRoles.length > 0);
  return [
    { Sid: 'RunTask', Effect: 'Allow', Action: 'ecs:RunTask', Resource: oneOrMany(plan.runTaskResources), Condition: clusterCondition },
    {
      // `.sync` follows the task (DescribeTasks) and stops it when its state ends first: a timeout, a
      // cancelled Map iteration, a stopped execution. Step Functions can stop only tasks it started; task
      // IDs are not known in advance; the cluster condition keeps this to tasks of this cluster.
      Sid: 'TrackTask',
      Effect: 'Allow',
      Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
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
    ...(hasPassRoles ? [passRoleStatement(passRoles)] : []),
  ];
}
