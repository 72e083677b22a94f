/**
 * What the parts of a run's definition share: state names, choice rules, the substitutions collector.
 *
 * Step Functions bills every state a run enters (and every retry), so each part is built to enter as
 * few states as possible on the paths runs take every day; what the macro knows at deploy time (which
 * parts exist at all, the defaults a trigger's input already carries) is decided here, not at run time.
 */
import { sub, type Json, type JsonObject } from '../../json';

/** A part of the definition: its states, by name. */
export type States = Record<string, JsonObject>;

/** Names of the states, part of what an operator sees in the console and in execution history. */
export const STATE_NAMES = {
  start: 'Start',
  invalidInput: 'InvalidInput',
  defaults: 'Defaults',
  applyDefaults: 'ApplyDefaults',
  applyStepDefaults: 'ApplyStepDefaults',
  stepWithDefaults: 'StepWithDefaults',
  afterDefaults: 'AfterDefaults',
  listRunning: 'ListRunningExecutions',
  anyRunning: 'AnyRunningExecutions',
  findOverlap: 'FindOverlappingRun',
  startedBefore: 'StartedBeforeThisRun',
  describeEarlier: 'DescribeEarlierRun',
  notEarlier: 'NotEarlier',
  checkOverlap: 'CheckOverlap',
  skipped: 'SkippedPreviousRunStillRunning',
  overlapCheckFailed: 'OverlapCheckFailed',
  prepareCommand: 'PrepareCommand',
  runInSequence: 'RunStepsInSequence',
  runInParallel: 'RunStepsInParallel',
  notifyFailure: 'NotifyFailure',
  reportError: 'ReportError',
  runFailed: 'RunFailed',
  runFailedWithoutCause: 'RunFailedWithoutCause',
  recordSuccess: 'RecordSuccess',
  publishSuccess: 'PublishSuccess',
  succeeded: 'Succeeded',
} as const;

/** Where a task runs: the single command at the top level, or a step inside one of the two Maps. */
export type TaskScope = '' | 'Sequence' | 'Parallel';

/** The states that run one task; names are unique across the whole state machine, as ASL requires. */
export function taskStateNames(scope: TaskScope) {
  return {
    runTask: `${scope}RunTask`,
    checkFailure: `${scope}CheckTaskFailure`,
    countRestart: `${scope}CountRestart`,
    waitRestart: `${scope}WaitBeforeRestart`,
    stepFailed: `${scope}StepFailed`,
    stepFailedWithoutCause: `${scope}StepFailedWithoutCause`,
  } as const;
}

export const INVALID_INPUT_CAUSE =
  'The execution input must be {"commands": ["executable", "argument", ...]}, optionally with ' +
  '"environment": [{"Name": "KEY", "Value": "value"}, ...], or {"steps": [{"commands": [...]}, ...]}.';

/** ECS API errors and placement failures: worth another attempt. A command's own failure is not. */
export const INFRASTRUCTURE_ERRORS = ['ECS.AmazonECSException', 'ECS.ServerException', 'AmazonECS.Unknown'] as const;

/** What an input without `schedule` is called in failure reports. */
export const HAND_STARTED = '(started by hand)';

/** Retries of the Step Functions and SNS API calls a run makes besides RunTask. */
export const API_RETRY: JsonObject = { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 };

/** `Variable` is present. */
export const present = (variable: string): JsonObject => ({ Variable: variable, IsPresent: true });
/** `Variable` is absent (written with Not: aws-local-stepfunctions 3 does not match `IsPresent: false` on a missing field). */
export const absent = (variable: string): JsonObject => ({ Not: present(variable) });

/** The run holds steps (a steps input, or one whose defaults were applied: then `steps` is `[]` for a command). */
export const HAS_STEPS = present('$.steps[0].commands');
const IN_PARALLEL: JsonObject = { Variable: '$.parallel', BooleanEquals: true };

/** The run states for steps: all at once, or one after another; a run without steps runs its command. */
export function runRules(): JsonObject[] {
  return [
    { And: [HAS_STEPS, IN_PARALLEL], Next: STATE_NAMES.runInParallel },
    { ...HAS_STEPS, Next: STATE_NAMES.runInSequence },
  ];
}

/** Collects `DefinitionSubstitutions`: literals stay inline, everything else becomes `${Name}`. */
export class Substitutions {
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
