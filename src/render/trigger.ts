/**
 * EventBridge scheduled rules: one per schedule, each starting the state machine with that schedule's
 * command as the execution input, and one role for all of them that can do nothing but that.
 */
import { getAtt, ref } from '../json';
import type { Plan, SchedulePlan } from '../plan';
import { resource, serviceTrust, tagList, type Resource } from './common';

export function renderEventsRole(plan: Plan): Resource {
  return resource(
    'AWS::IAM::Role',
    {
      Description: `Lets the EventBridge rules of ${plan.shorthandId} start its state machine (EcsBatchScheduler)`,
      AssumeRolePolicyDocument: serviceTrust('events.amazonaws.com'),
      Policies: [
        {
          PolicyName: 'StartExecution',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: ref(plan.ids.stateMachine) }],
          },
        },
      ],
      ...tagList(plan),
    },
    plan.attributes,
  );
}

export function renderRule(plan: Plan, schedule: SchedulePlan): Resource {
  return resource(
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
          Input: schedule.input,
        },
      ],
      ...tagList(plan),
    },
    plan.attributes,
  );
}
