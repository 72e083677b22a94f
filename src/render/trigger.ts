/**
 * Triggers: per schedule, an EventBridge scheduled rule (UTC) or an EventBridge Scheduler schedule (time
 * zones, one-time `at(...)`, flexible windows, start and end dates), each starting the state machine with
 * that schedule's run as the execution input; and one role for all of them that can do nothing but that.
 */
import { getAtt, ref, sub, type Json, type JsonObject } from '../json';
import type { Plan, SchedulePlan } from '../plan';
import { deadLetterQueueArn } from './alarms';
import { resource, serviceRole, tagList, type Resource } from './common';

function startExecutionRole(plan: Plan, service: string, who: string, sourceArn?: Json): Resource {
  const queue = deadLetterQueueArn(plan);
  return serviceRole(plan, {
    service,
    ...(sourceArn !== undefined ? { sourceArn } : {}),
    description: `Lets the ${who} of ${plan.shorthandId} start its state machine (EcsBatchScheduler)`,
    policies: [
      {
        PolicyName: 'StartExecution',
        Statement: [
          { Effect: 'Allow', Action: 'states:StartExecution', Resource: ref(plan.ids.stateMachine) },
          // EventBridge Scheduler sends a dead letter with the schedule's role; EventBridge rules send as
          // the service, admitted by the queue's policy instead (see renderDeadLetterQueuePolicy).
          ...(queue !== undefined && service === 'scheduler.amazonaws.com' ? [{ Sid: 'SendDeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queue }] : []),
        ],
      },
    ],
  });
}

/**
 * What a trigger does with an event it could not deliver: give up once it is older than the start deadline
 * (MaximumRetryAttempts is AWS's default, 185, stated so that the deadline alone decides), and put it in
 * the dead-letter queue.
 */
function delivery(plan: Plan, schedule: SchedulePlan): JsonObject {
  const queue = deadLetterQueueArn(plan);
  return {
    ...(schedule.startDeadlineSeconds !== undefined ? { RetryPolicy: { MaximumEventAgeInSeconds: schedule.startDeadlineSeconds, MaximumRetryAttempts: 185 } } : {}),
    ...(queue !== undefined ? { DeadLetterConfig: { Arn: queue } } : {}),
  };
}

/**
 * EventBridge Scheduler names the schedule group as the source of the AssumeRole (as the AWS CDK's
 * scheduler targets do); our schedules live in the account's `default` group, which always exists, so
 * the trust can carry `aws:SourceArn` without a dependency cycle.
 */
const DEFAULT_SCHEDULE_GROUP = sub('arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule-group/default');

/** The trigger role and one trigger per schedule, in output order. */
export function renderTriggers(plan: Plan, inputs: ReadonlyMap<string, Json>): Array<readonly [string, Resource]> {
  const inputOf = (schedule: SchedulePlan): Json => {
    const input = inputs.get(schedule.name);
    if (input === undefined) throw new Error(`internal: no Input was rendered for schedule ${schedule.name}`);
    return input;
  };
  if (plan.trigger === 'EventBridgeScheduler') {
    return [
      [plan.ids.schedulerRole, startExecutionRole(plan, 'scheduler.amazonaws.com', 'EventBridge Scheduler schedules', DEFAULT_SCHEDULE_GROUP)],
      ...plan.schedules.map((s) => [s.resourceId, renderSchedule(plan, s, inputOf(s))] as const),
    ];
  }
  // No aws:SourceArn: every rule refers to this role (Targets.RoleArn), so the role cannot name the rules.
  return [
    [plan.ids.eventsRole, startExecutionRole(plan, 'events.amazonaws.com', 'EventBridge rules')],
    ...plan.schedules.map((s) => [s.resourceId, renderRule(plan, s, inputOf(s))] as const),
  ];
}

function renderRule(plan: Plan, schedule: SchedulePlan, input: Json): Resource {
  const rule = resource(
    'AWS::Events::Rule',
    {
      Description: schedule.description,
      ScheduleExpression: schedule.expression,
      State: schedule.state,
      Targets: [
        {
          Id: 'StateMachine',
          Arn: ref(plan.ids.stateMachine),
          RoleArn: getAtt(plan.ids.eventsRole, 'Arn'),
          Input: input,
          ...delivery(plan, schedule),
        },
      ],
      ...tagList(plan),
    },
    plan.attributes,
  );
  // With a customer managed key, a run can only start once the role may use the key for this state machine.
  return plan.stateMachineKmsKeyArn !== undefined ? { ...rule, DependsOn: plan.ids.stateMachineKeyPolicy } : rule;
}

/** `AWS::Scheduler::Schedule` has no Tags property (only schedule groups do). */
function renderSchedule(plan: Plan, schedule: SchedulePlan, input: Json): Resource {
  const window: JsonObject =
    schedule.flexibleWindowMinutes === undefined ? { Mode: 'OFF' } : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: schedule.flexibleWindowMinutes };
  const scheduled = resource(
    'AWS::Scheduler::Schedule',
    {
      Description: schedule.description,
      ScheduleExpression: schedule.expression,
      ...(schedule.timezone !== undefined ? { ScheduleExpressionTimezone: schedule.timezone } : {}),
      FlexibleTimeWindow: window,
      ...(schedule.startDate !== undefined ? { StartDate: schedule.startDate } : {}),
      ...(schedule.endDate !== undefined ? { EndDate: schedule.endDate } : {}),
      State: schedule.state,
      Target: {
        Arn: ref(plan.ids.stateMachine),
        RoleArn: getAtt(plan.ids.schedulerRole, 'Arn'),
        Input: input,
        ...delivery(plan, schedule),
      },
    },
    plan.attributes,
  );
  return plan.stateMachineKmsKeyArn !== undefined ? { ...scheduled, DependsOn: plan.ids.stateMachineKeyPolicy } : scheduled;
}
