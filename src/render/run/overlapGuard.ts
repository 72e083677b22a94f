/**
 * The overlap guard (`AllowOverlap: false` only): before a scheduled run starts any task, it looks for a
 * run of the same schedule that started earlier and is still running; if there is one, this run does
 * nothing and succeeds with `{"skipped": true, ...}`. Of two runs that check at the same moment (a
 * trigger delivers at least once), the earlier one goes on. A failure of the check itself (after its
 * retries) is a failed run like any other: it is reported.
 *
 * Cost: `ListRunningExecutions`, `AnyRunningExecutions`, the Map and `CheckOverlap`, plus two states per
 * running execution (itself included): a Choice, then `DescribeEarlierRun` for a run that started earlier
 * or `NotEarlier` for the others.
 */
import { getAtt, ref, sub, type Json } from '../../json';
import type { Plan } from '../../plan';
import { dispatch } from './inputDefaults';
import { API_RETRY, STATE_NAMES, present, type States, type Substitutions } from './shared';

export function overlapGuardStates(plan: Plan, subs: Substitutions, onFailure: string): States {
  const caught = { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: STATE_NAMES.overlapCheckFailed };
  return {
    [STATE_NAMES.listRunning]: {
      Type: 'Task',
      Comment: 'AllowOverlap: false. This state machine\'s running executions, newest first',
      Resource: subs.integration('ListExecutionsResource', 'aws-sdk:sfn:listExecutions'),
      Parameters: { 'StateMachineArn.$': '$$.StateMachine.Id', StatusFilter: 'RUNNING', MaxResults: 1000 },
      ResultSelector: { 'executions.$': '$.Executions' },
      ResultPath: '$.running',
      Retry: [API_RETRY],
      Catch: [caught],
      Next: STATE_NAMES.anyRunning,
    },
    [STATE_NAMES.anyRunning]: {
      Type: 'Choice',
      Comment: 'ListExecutions is eventually consistent: it may not list this run yet',
      Choices: [{ ...present('$.running.executions[0]'), Next: STATE_NAMES.findOverlap }, ...dispatch().Choices],
      Default: dispatch().Default,
    },
    [STATE_NAMES.findOverlap]: {
      Type: 'Map',
      Comment: 'The inputs of the runs that started before this one: is one of them a run of the same schedule?',
      ItemsPath: '$.running.executions',
      ItemSelector: { 'arn.$': '$$.Map.Item.Value.ExecutionArn', 'startDate.$': '$$.Map.Item.Value.StartDate', 'self.$': '$$.Execution.Id', 'selfStart.$': '$$.Execution.StartTime' },
      MaxConcurrency: 10,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: STATE_NAMES.startedBefore,
        States: {
          [STATE_NAMES.startedBefore]: {
            Type: 'Choice',
            Choices: [
              {
                And: [
                  { Not: { Variable: '$.arn', StringEqualsPath: '$.self' } },
                  { Variable: '$.startDate', IsTimestamp: true },
                  { Variable: '$.startDate', TimestampLessThanPath: '$.selfStart' },
                ],
                Next: STATE_NAMES.describeEarlier,
              },
            ],
            Default: STATE_NAMES.notEarlier,
          },
          [STATE_NAMES.describeEarlier]: {
            Type: 'Task',
            Resource: subs.integration('DescribeExecutionResource', 'aws-sdk:sfn:describeExecution'),
            Parameters: { 'ExecutionArn.$': '$.arn' },
            ResultSelector: { 'input.$': 'States.StringToJson($.Input)' },
            Retry: [API_RETRY],
            End: true,
          },
          // Every iteration's output has input.schedule, so the path below always finds a value.
          [STATE_NAMES.notEarlier]: { Type: 'Pass', Parameters: { input: { schedule: null } }, End: true },
        },
      },
      ResultSelector: { 'found.$': 'States.ArrayContains($[*].input.schedule, $$.Execution.Input.schedule)' },
      ResultPath: '$.overlap',
      Catch: [caught],
      Next: STATE_NAMES.checkOverlap,
    },
    [STATE_NAMES.checkOverlap]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.overlap.found', BooleanEquals: true, Next: STATE_NAMES.skipped }, ...dispatch().Choices],
      Default: dispatch().Default,
    },
    [STATE_NAMES.skipped]: {
      Type: 'Pass',
      Comment: 'The previous run of this schedule is still running: this run starts no task',
      Parameters: { skipped: true, reason: 'the previous run of this schedule is still running (AllowOverlap: false)', 'schedule.$': '$.schedule' },
      End: true,
    },
    [STATE_NAMES.overlapCheckFailed]: {
      Type: 'Pass',
      Comment: 'The check itself failed after its retries: reported like any failed run, with the input as the run\'s steps',
      Parameters: { 'schedule.$': '$.schedule', 'steps.$': 'States.Array($$.Execution.Input)', 'error.$': '$.error' },
      Next: onFailure,
    },
  };
}

/**
 * The guard lists and describes this state machine's own executions. Those statements name the state
 * machine, which names the role: in the role itself they would be a circular dependency, so they live in
 * `<Id>OverlapPolicy`, attached to the role.
 */
export function overlapGuardStatements(plan: Plan): Json[] {
  return [
    { Sid: 'ListOwnExecutions', Effect: 'Allow', Action: 'states:ListExecutions', Resource: ref(plan.ids.stateMachine) },
    {
      Sid: 'DescribeOwnExecutions',
      Effect: 'Allow',
      Action: 'states:DescribeExecution',
      Resource: sub('arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${StateMachineName}:*', { StateMachineName: getAtt(plan.ids.stateMachine, 'Name') }),
    },
  ];
}
