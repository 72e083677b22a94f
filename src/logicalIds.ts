/**
 * Generated logical IDs: a public contract. They are derived only from the shorthand's logical ID and the
 * schedule names, so adding, removing or reordering a schedule never renames another resource, and they
 * must never change once released (a renamed logical ID makes CloudFormation replace the resource).
 */
export interface LogicalIds {
  /** The Step Functions state machine keeps the shorthand's own ID, so `!Ref`/`!GetAtt` keep working. */
  readonly stateMachine: string;
  /** The state machine's execution role: `<Id>Role`. */
  readonly stateMachineRole: string;
  /**
   * With `StateMachineKmsKeyArn`: the role policy `<Id>KeyPolicy` that lets the state machine's role use the
   * key for this state machine only. A separate resource because its condition names the state machine's
   * ARN, and the state machine already depends on the role.
   */
  readonly stateMachineKeyPolicy: string;
  /** The state machine's log group: `<Id>LogGroup`. */
  readonly logGroup: string;
  /** The role every EventBridge rule of this shorthand uses to start executions: `<Id>EventsRole`. */
  readonly eventsRole: string;
  /** One EventBridge rule per schedule: `<Id><ScheduleName>Rule`. */
  readonly rule: (scheduleName: string) => string;
  /** With `Trigger: EventBridgeScheduler`, the role every schedule uses: `<Id>SchedulerRole`. */
  readonly schedulerRole: string;
  /** With `Trigger: EventBridgeScheduler`, one schedule per schedule: `<Id><ScheduleName>Schedule`. */
  readonly schedule: (scheduleName: string) => string;
  /** With `AllowOverlap: false`, the state machine's permission to look at its own runs: `<Id>OverlapPolicy`. */
  readonly overlapPolicy: string;
  /** With `DeadLetterQueue: true`, the generated SQS queue: `<Id>DeadLetterQueue`. */
  readonly deadLetterQueue: string;
  /** With `DeadLetterQueue: true` and EventBridge rules, the queue policy admitting this shorthand's rules: `<Id>DeadLetterQueuePolicy`. */
  readonly deadLetterQueuePolicy: string;
  /** With `DeadLetterQueue` and an alarm topic, the alarm on the queue's visible messages: `<Id>DeadLetterAlarm`. */
  readonly deadLetterAlarm: string;
  /** With an alarm topic, the alarm on failed, timed-out, aborted and throttled executions: `<Id>ExecutionsAlarm`. */
  readonly executionsAlarm: string;
  /** With `AlarmIfNoSuccessWithinMinutes`, the schedule's dead-man's switch: `<Id><ScheduleName>NoSuccessAlarm`. */
  readonly noSuccessAlarm: (scheduleName: string) => string;
}

export function logicalIds(shorthandId: string): LogicalIds {
  return {
    stateMachine: shorthandId,
    stateMachineRole: `${shorthandId}Role`,
    stateMachineKeyPolicy: `${shorthandId}KeyPolicy`,
    logGroup: `${shorthandId}LogGroup`,
    eventsRole: `${shorthandId}EventsRole`,
    rule: (scheduleName) => `${shorthandId}${scheduleName}Rule`,
    schedulerRole: `${shorthandId}SchedulerRole`,
    schedule: (scheduleName) => `${shorthandId}${scheduleName}Schedule`,
    overlapPolicy: `${shorthandId}OverlapPolicy`,
    deadLetterQueue: `${shorthandId}DeadLetterQueue`,
    deadLetterQueuePolicy: `${shorthandId}DeadLetterQueuePolicy`,
    deadLetterAlarm: `${shorthandId}DeadLetterAlarm`,
    executionsAlarm: `${shorthandId}ExecutionsAlarm`,
    noSuccessAlarm: (scheduleName) => `${shorthandId}${scheduleName}NoSuccessAlarm`,
  };
}
