/**
 * Recording success (only in definitions of shorthands with `AlarmIfNoSuccessWithinMinutes`): a run that
 * succeeded publishes one data point of the success metric, with the state machine and the schedule as
 * dimensions, which the schedule's `<Id><Schedule>NoSuccessAlarm` watches. Which schedules record is
 * decided at deploy time: the definition lists their names, so the trigger's input stays as it is, and a
 * run started by hand with such a schedule's name counts as that schedule's success too.
 *
 * Cost: two more states per successful run of such a shorthand (`RecordSuccess`, then `PublishSuccess`
 * or `Succeeded`); other shorthands' definitions do not have them.
 */
import type { Json, JsonObject } from '../../json';
import { recordsSuccess, type Plan } from '../../plan';
import { SUCCESS_METRIC } from '../alarms';
import { API_RETRY, STATE_NAMES, type States, type Substitutions } from './shared';

/** Where a successful run goes at its end; undefined: it simply ends. */
export function successEntry(plan: Plan): string | undefined {
  return recordsSuccess(plan) ? STATE_NAMES.recordSuccess : undefined;
}

export function recordSuccessStates(plan: Plan, subs: Substitutions, onFailure: string): States {
  if (!recordsSuccess(plan)) return {};
  const rules: JsonObject[] = plan.schedules.filter((s) => s.noSuccess !== undefined).map((s) => ({ Variable: '$.schedule', StringEquals: s.name }));
  return {
    [STATE_NAMES.recordSuccess]: {
      Type: 'Choice',
      Comment: 'A run of a schedule with AlarmIfNoSuccessWithinMinutes records its success',
      Choices: [{ ...(rules.length === 1 ? rules[0] : { Or: rules }), Next: STATE_NAMES.publishSuccess }],
      Default: STATE_NAMES.succeeded,
    },
    [STATE_NAMES.publishSuccess]: {
      Type: 'Task',
      Comment: "One data point of the success metric the schedule's NoSuccessAlarm watches",
      Resource: subs.integration('PutMetricDataResource', 'aws-sdk:cloudwatch:putMetricData'),
      Parameters: {
        Namespace: SUCCESS_METRIC.namespace,
        MetricData: [
          {
            MetricName: SUCCESS_METRIC.name,
            Dimensions: [
              { Name: SUCCESS_METRIC.stateMachineDimension, 'Value.$': '$$.StateMachine.Id' },
              { Name: SUCCESS_METRIC.scheduleDimension, 'Value.$': '$.schedule' },
            ],
            Value: 1,
            Unit: 'Count',
          },
        ],
      },
      ResultPath: null,
      Retry: [API_RETRY],
      // The task succeeded, but a success nobody recorded would raise the alarm later without a word: the
      // run fails and says why.
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: onFailure }],
      End: true,
    },
    [STATE_NAMES.succeeded]: { Type: 'Succeed' },
  };
}

/**
 * PutMetricData has no resource-level permissions: the `cloudwatch:namespace` condition keeps the role to
 * the success metric's namespace.
 */
export function recordSuccessStatements(plan: Plan): Json[] {
  if (!recordsSuccess(plan)) return [];
  return [{ Sid: 'RecordSuccess', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': SUCCESS_METRIC.namespace } } }];
}
