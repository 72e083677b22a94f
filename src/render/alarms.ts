/**
 * Knowing when a schedule did not run: the dead-letter queue of trigger events that could not start a run
 * (and its policy), and the CloudWatch alarms that go to the alarm topic: visible dead letters, executions
 * that failed, timed out, were aborted or throttled, and per schedule "no success within" (a dead-man's
 * switch fed by the success metric each run of that schedule publishes, see run/recordSuccess).
 */
import { getAtt, ref, type Json, type JsonObject } from '../json';
import type { Plan, SchedulePlan } from '../plan';
import { policyDocument, resource, tagList, type Resource } from './common';

/** The success metric: namespace, name and dimensions (the state machine's ARN and the schedule's name). */
export const SUCCESS_METRIC = { namespace: 'EcsBatchScheduler', name: 'SuccessfulRuns', stateMachineDimension: 'StateMachineArn', scheduleDimension: 'Schedule' } as const;

/** Where trigger events that could not start a run go; undefined: nowhere. */
export function deadLetterQueueArn(plan: Plan): Json | undefined {
  const queue = plan.deadLetterQueue;
  if (queue === undefined) return undefined;
  return queue.generated ? getAtt(plan.ids.deadLetterQueue, 'Arn') : queue.arn;
}

/** 14 days, SQS's longest retention: time to look at what could not start. */
const FOURTEEN_DAYS = 1_209_600;

function renderDeadLetterQueue(plan: Plan): Resource {
  return resource('AWS::SQS::Queue', { MessageRetentionPeriod: FOURTEEN_DAYS, SqsManagedSseEnabled: true, ...tagList(plan) }, plan.attributes);
}

/**
 * EventBridge rules deliver dead letters as the service: the queue admits `events.amazonaws.com` for this
 * shorthand's rules only. (EventBridge Scheduler sends with the schedule's role instead, see trigger.)
 */
function renderDeadLetterQueuePolicy(plan: Plan): Resource {
  return resource(
    'AWS::SQS::QueuePolicy',
    {
      Queues: [ref(plan.ids.deadLetterQueue)],
      PolicyDocument: policyDocument([
        {
          Sid: 'DeadLettersOfTheseRules',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: getAtt(plan.ids.deadLetterQueue, 'Arn'),
          Condition: { ArnEquals: { 'aws:SourceArn': plan.schedules.map((s) => getAtt(s.resourceId, 'Arn')) } },
        },
      ]),
    },
    plan.attributes,
  );
}

/** The queue's name, which its CloudWatch metrics are keyed by. */
function queueName(plan: Plan): Json {
  const queue = plan.deadLetterQueue;
  if (queue === undefined || queue.generated) return getAtt(plan.ids.deadLetterQueue, 'QueueName');
  if (typeof queue.arn === 'string') return queue.arn.slice(queue.arn.lastIndexOf(':') + 1);
  return { 'Fn::Select': [5, { 'Fn::Split': [':', queue.arn] }] };
}

function alarm(plan: Plan, topic: Json, properties: JsonObject): Resource {
  return resource('AWS::CloudWatch::Alarm', { ActionsEnabled: true, AlarmActions: [topic], ...properties }, plan.attributes);
}

function renderDeadLetterAlarm(plan: Plan, topic: Json): Resource {
  const names = plan.trigger === 'EventBridgeScheduler' ? 'the message attributes name the schedule' : 'the RULE_ARN attribute of each message names the rule';
  return alarm(plan, topic, {
    AlarmDescription: `Schedules of ${plan.shorthandId} could not start a run: their trigger events are in the dead-letter queue (${names}) (EcsBatchScheduler)`,
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: queueName(plan) }],
    Statistic: 'Maximum',
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });
}

/** Step Functions' metrics of runs that did not succeed, and of starts it throttled. */
const EXECUTION_PROBLEMS = [
  ['failed', 'ExecutionsFailed'],
  ['timedOut', 'ExecutionsTimedOut'],
  ['aborted', 'ExecutionsAborted'],
  ['throttled', 'ExecutionThrottled'],
] as const;

/**
 * One alarm (metric math over four metrics) instead of four: a failure the run could not report itself
 * (one before its failure handling, a stopped execution) or a throttled start is still seen.
 */
function renderExecutionsAlarm(plan: Plan, topic: Json): Resource {
  const dimensions = [{ Name: 'StateMachineArn', Value: ref(plan.ids.stateMachine) }];
  return alarm(plan, topic, {
    AlarmDescription: `Runs of ${plan.shorthandId} failed, timed out, were aborted or were throttled (EcsBatchScheduler)`,
    Metrics: [
      ...EXECUTION_PROBLEMS.map(([id, name]) => ({ Id: id, MetricStat: { Metric: { Namespace: 'AWS/States', MetricName: name, Dimensions: dimensions }, Period: 60, Stat: 'Sum' }, ReturnData: false })),
      { Id: 'problems', Label: 'Failed, timed-out, aborted and throttled executions', Expression: EXECUTION_PROBLEMS.map(([id]) => `FILL(${id}, 0)`).join(' + '), ReturnData: true },
    ],
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });
}

/**
 * ALARM when no success of the schedule was recorded in `evaluationPeriods` periods in a row; missing data
 * (no run, a failed run, a disabled schedule, a deleted state machine) is breaching.
 */
function renderNoSuccessAlarm(plan: Plan, schedule: SchedulePlan, topic: Json): Resource | undefined {
  const window = schedule.noSuccess;
  if (window === undefined) return undefined;
  return alarm(plan, topic, {
    AlarmDescription: `No run of schedule ${schedule.name} of ${plan.shorthandId} succeeded within ${window.minutes} minutes (EcsBatchScheduler)`,
    Namespace: SUCCESS_METRIC.namespace,
    MetricName: SUCCESS_METRIC.name,
    Dimensions: [
      { Name: SUCCESS_METRIC.stateMachineDimension, Value: ref(plan.ids.stateMachine) },
      { Name: SUCCESS_METRIC.scheduleDimension, Value: schedule.name },
    ],
    Statistic: 'Sum',
    Period: window.periodSeconds,
    EvaluationPeriods: window.evaluationPeriods,
    DatapointsToAlarm: window.evaluationPeriods,
    Threshold: 1,
    ComparisonOperator: 'LessThanThreshold',
    TreatMissingData: 'breaching',
  });
}

/** The dead-letter queue, its policy and the alarms, in output order. */
export function renderMonitoring(plan: Plan): Array<readonly [string, Resource]> {
  const out: Array<readonly [string, Resource]> = [];
  if (plan.deadLetterQueue?.generated === true) {
    out.push([plan.ids.deadLetterQueue, renderDeadLetterQueue(plan)]);
    if (plan.trigger === 'EventBridgeRule') out.push([plan.ids.deadLetterQueuePolicy, renderDeadLetterQueuePolicy(plan)]);
  }
  const topic = plan.alarmTopicArn;
  if (topic === undefined) return out;
  out.push([plan.ids.executionsAlarm, renderExecutionsAlarm(plan, topic)]);
  if (plan.deadLetterQueue !== undefined) out.push([plan.ids.deadLetterAlarm, renderDeadLetterAlarm(plan, topic)]);
  for (const schedule of plan.schedules) {
    const noSuccess = renderNoSuccessAlarm(plan, schedule, topic);
    if (noSuccess) out.push([plan.ids.noSuccessAlarm(schedule.name), noSuccess]);
  }
  return out;
}
