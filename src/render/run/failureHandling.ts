/**
 * Failure handling: every failed run (a task that failed or timed out, a step of several, the overlap
 * check) tells the failure topic once, then ends FAILED with the error of what failed. Step Functions
 * itself stops any task the run still had running (see stepRunner).
 */
import type { Json } from '../../json';
import type { Plan } from '../../plan';
import { API_RETRY, STATE_NAMES, present, type States, type Substitutions } from './shared';

/** Where a failure goes first: the report, or straight to the end when there is no topic. */
export function failureEntry(plan: Plan): string {
  return plan.failureTopicArn !== undefined ? STATE_NAMES.notifyFailure : STATE_NAMES.reportError;
}

/** The failure report reads `schedule`, `steps` and `error` (`{Error, Cause}`) from the state it is given. */
export function failureStates(plan: Plan, subs: Substitutions): States {
  return {
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
              Message: { 'schedule.$': '$.schedule', 'execution.$': '$$.Execution.Id', 'steps.$': '$.steps', 'error.$': '$.error' },
            },
            ResultPath: null,
            Retry: [API_RETRY],
            // A failure to publish does not hide the run's own error.
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notifyError', Next: STATE_NAMES.reportError }],
            Next: STATE_NAMES.reportError,
          },
        }
      : {}),
    [STATE_NAMES.reportError]: {
      Type: 'Choice',
      Comment: 'An error output may come without a Cause (the States Language makes it optional)',
      Choices: [{ ...present('$.error.Cause'), Next: STATE_NAMES.runFailed }],
      Default: STATE_NAMES.runFailedWithoutCause,
    },
    [STATE_NAMES.runFailed]: { Type: 'Fail', Comment: 'Ends the run with the error of what failed', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
    [STATE_NAMES.runFailedWithoutCause]: { Type: 'Fail', ErrorPath: '$.error.Error' },
  };
}

/** What failure handling needs: publish to the failure topic, nothing else. */
export function failureStatements(plan: Plan): Json[] {
  return plan.failureTopicArn !== undefined ? [{ Sid: 'NotifyFailure', Effect: 'Allow', Action: 'sns:Publish', Resource: plan.failureTopicArn }] : [];
}
