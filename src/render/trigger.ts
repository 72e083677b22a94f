/**
 * EventBridge scheduled rules: one per schedule, each starting the state machine with that schedule's
 * command as the execution input, and one role for all of them that can do nothing but that.
 */
import { getAtt, ref } from '../json';
import type { Plan, SchedulePlan } from '../plan';
import { resource, serviceRole, tagList, type Resource } from './common';

export function renderEventsRole(plan: Plan): Resource {
  return serviceRole(plan, {
    service: 'events.amazonaws.com',
    // No aws:SourceArn: every rule refers to this role (Targets.RoleArn), so the role cannot name the rules.
    description: `Lets the EventBridge rules of ${plan.shorthandId} start its state machine (EcsBatchScheduler)`,
    policies: [
      {
        PolicyName: 'StartExecution',
        Statement: [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: ref(plan.ids.stateMachine) }],
      },
    ],
  });
}

export function renderRule(plan: Plan, schedule: SchedulePlan): Resource {
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
          Input: schedule.input,
        },
      ],
      ...tagList(plan),
    },
    plan.attributes,
  );
  // With a customer managed key, a run can only start once the role may use the key for this state machine.
  return plan.stateMachineKmsKeyArn !== undefined ? { ...rule, DependsOn: plan.ids.stateMachineKeyPolicy } : rule;
}
