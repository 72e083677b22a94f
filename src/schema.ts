/**
 * The `Custom::BatchCommandSchedule` shorthand: one strict schema that validates the user's properties,
 * gives the TypeScript types the rest of the library works with, and is written out as the JSON Schema
 * of schema/ (./jsonSchema). Unknown keys are errors (they are almost always typos). Wherever a value
 * could come from a parameter, a mapping, a condition or another resource, an intrinsic function is
 * accepted and passed through untouched.
 */
// ./validator, not a general library: the schema is validated in one walk per shorthand, and building it
// at module load is cheap (zod/mini's schema objects were two thirds of the Lambda's require()).
import { isIntrinsic, type Intrinsic } from './json';
import { scheduleExpressionProblem } from './scheduleExpression';
import * as v from './validator';

export const SHORTHAND_TYPE = 'Custom::BatchCommandSchedule';

/** CloudWatch Logs retention values (`AWS::Logs::LogGroup.RetentionInDays`). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
const LAUNCH_TYPES = ['FARGATE', 'EC2', 'EXTERNAL'] as const;
const LOG_LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'] as const;
const ASSIGN_PUBLIC_IP = ['ENABLED', 'DISABLED'] as const;
export const STATES = ['ENABLED', 'DISABLED'] as const;
const TRIGGERS = ['EventBridgeRule', 'EventBridgeScheduler'] as const;
export type Trigger = (typeof TRIGGERS)[number];
/** Step Functions' largest `TimeoutSeconds`. */
export const MAX_TIMEOUT_SECONDS = 99_999_999;
/** EventBridge Scheduler's flexible time window: 1 to 1,440 minutes. */
const MAX_FLEXIBLE_WINDOW_MINUTES = 1440;
/** A trigger's RetryPolicy MaximumEventAgeInSeconds (rules and Scheduler): 60 to 86,400 seconds; AWS's default is 86,400 (24 h). */
export const MIN_START_DEADLINE_SECONDS = 60;
export const MAX_START_DEADLINE_SECONDS = 86_400;
/** The longest window a CloudWatch alarm can look back: Period × EvaluationPeriods ≤ 604,800 s (7 days). */
export const MAX_NO_SUCCESS_MINUTES = 10_080;
/** Retries when `Retry` (or one of its fields) is absent: three more attempts, 30 s, 60 s and 120 s later. */
export const DEFAULT_RETRY = { MaxAttempts: 3, IntervalSeconds: 30, BackoffRate: 2 } as const;
/** ECS takes at most 6 capacity providers in a strategy. */
const MAX_CAPACITY_PROVIDERS = 6;

const SCHEDULE_NAME = /^[A-Za-z0-9]+$/;
const SUBNET_ID = /^subnet-[0-9a-zA-Z]+$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-zA-Z]+$/;
/** ECS caps the JSON of all container overrides at 8,192 characters. */
export const MAX_OVERRIDE_CHARACTERS = 8192;

/** Shows a user value in a message: JSON, cut to a readable length. */
export function show(value: unknown): string {
  let text: string;
  try {
    // JSON.stringify gives undefined for undefined and functions.
    text = value === undefined || typeof value === 'function' ? String(value) : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const INTRINSIC_HINT = 'an intrinsic function (Ref, Fn::GetAtt, Fn::Sub, Fn::If, ...)';

/** Error text for a value that is missing or of the wrong shape. */
function expecting(expected: string): v.ErrorText {
  return (input) => (input === undefined ? `is required: ${expected}` : `${show(input)} is not valid: expected ${expected}`);
}

/** What an intrinsic function looks like in JSON Schema: a one-key map `{Ref: ...}`, `{Fn::GetAtt: ...}`, ... */
const INTRINSIC_SCHEMA = {
  type: 'object',
  description: 'An intrinsic function: Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::FindInMap, Fn::Join, Fn::Select, Fn::ImportValue, ...',
  minProperties: 1,
  maxProperties: 1,
  propertyNames: { pattern: '^(Ref|Condition|Fn::[A-Za-z]+)$' },
} as const;

const intrinsic = v.accept((value): value is Intrinsic => isIntrinsic(value), INTRINSIC_SCHEMA);

/** A list of at least one (and at most `max`) elements. */
function sized<T>(node: v.Node<T[]>, min: string, max?: { readonly count: number; readonly message: string }): v.Node<T[]> {
  return v.lengths(node, { count: 1, message: min }, max);
}

/** A string, or an intrinsic that resolves to one. */
function text(expected = 'a string') {
  return v.union([v.string(), intrinsic], expecting(`${expected} or ${INTRINSIC_HINT}`));
}

/** One of a fixed set of values, or an intrinsic; `explain` gives a value AWS knows but this property cannot take its reason. */
function choice<const T extends readonly [string, ...string[]]>(values: T, explain: Readonly<Record<string, string>> = {}) {
  const list = values.map((v) => `"${v}"`).join(', ');
  const generic = expecting(`one of ${list}, or ${INTRINSIC_HINT}`);
  return v.union([v.oneOf(values), intrinsic], (input) => (typeof input === 'string' && Object.hasOwn(explain, input) ? `"${input}" ${explain[input] ?? ''}` : generic(input)));
}

/**
 * A list of IDs (literal elements must match `pattern`), or an intrinsic that yields the whole list
 * (e.g. `!Ref` of a `List<AWS::EC2::Subnet::Id>` or `CommaDelimitedList` parameter).
 */
function idList(kind: string, pattern: RegExp, example: string) {
  const expected = `a ${kind} ID such as "${example}" or ${INTRINSIC_HINT}`;
  const element = v.union([v.matching(pattern, expecting(expected)), intrinsic], expecting(expected));
  return v.union(
    [sized(v.list(element), `must list at least one ${kind}`), intrinsic],
    (input) => (Array.isArray(input) ? undefined : `${show(input)} is not valid: expected a list of ${kind} IDs or ${INTRINSIC_HINT}`),
    true,
  );
}

/**
 * A command argument or environment value: any text but NUL (execve strings cannot hold it). Whole
 * numbers and booleans are taken as their text (`[sleep, 10]`), as CloudFormation does for string
 * properties.
 */
const userText = v.union(
  [
    v.rules(v.string(), (s, report) => {
      if (s.includes('\u0000')) report('must not contain NUL characters');
    }),
    // Only whole numbers: YAML reads 1.10 as 1.1 and 1e3 as 1000, which would silently change the argument.
    v.map(
      v.rules(v.number(), (n, report) => {
        if (!Number.isSafeInteger(n)) report('is not a whole number');
      }),
      String,
    ),
    v.map(v.boolean(), String),
    intrinsic,
  ],
  (input) =>
    typeof input === 'number'
      ? `${show(input)} is not a whole number: YAML reads 1.10 as 1.1 and 1e3 as 1000, so quote such arguments to pass them as written`
      : expecting(`a string or ${INTRINSIC_HINT}`)(input),
);

/** The command ECS runs instead of the image's CMD: a non-empty list of strings (exec form, no shell). */
const command = v.union(
  [sized(v.list(userText), 'must not be empty: give the executable and its arguments'), intrinsic],
  (input) =>
    input === undefined
      ? 'is required: a non-empty list of strings, e.g. [python, manage.py, import_customers]'
      : Array.isArray(input)
        ? undefined
        : `${show(input)} is not valid: expected a non-empty list of strings, e.g. [python, manage.py, import_customers]`,
  true,
);

const environment = v.rules(v.record(userText, expecting('a map of variable names to values, e.g. {MODE: full}')), (env, report) => {
  for (const name of Object.keys(env)) {
    if (name === '' || name.includes('=') || name.includes('\u0000')) {
      report(`environment variable name ${show(name)} must be non-empty and contain no "=" or NUL`, name);
    }
  }
});

/** Digits as text (how parameters arrive), as a number. */
const digits = v.map(v.matching(/^\d+$/), Number);

/** "true" / "false" as text (how parameters arrive), as a boolean. */
const booleanText = v.map(v.oneOf(['true', 'false']), (text) => text === 'true');

/**
 * A whole number (not negative) as CloudFormation may hand it over: `30`, or `"30"` (parameter values, and numbers that
 * went through a string-typed tool, arrive as strings; CloudFormation accepts both for integer
 * properties), or an intrinsic. Literal forms come out as a number. `expected` describes the value.
 */
export function wholeNumberOrIntrinsic(expected: string) {
  return v.rules(v.union([v.number(), digits, intrinsic], expecting(`${expected} or ${INTRINSIC_HINT}`)), (value, report) => {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) report(`${show(value)} is not valid: expected ${expected} (a whole number)`);
  });
}

/**
 * A boolean as CloudFormation may hand it over: `true`/`false`, or the strings `"true"`/`"false"`
 * (parameter values are strings), or an intrinsic. Literal forms come out as a boolean, so the
 * generated template never depends on how a service reads the text.
 */
export function flagOrIntrinsic(expected = 'true, false') {
  return v.union([v.boolean(), booleanText, intrinsic], expecting(`${expected}, or ${INTRINSIC_HINT}`));
}

const retention = v.rules(wholeNumberOrIntrinsic(`a number of days (${LOG_RETENTION_DAYS.join(', ')})`), (value, report) => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && !(LOG_RETENTION_DAYS as readonly number[]).includes(value)) {
    report(`${value} is not a retention CloudWatch Logs accepts: one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
});

/**
 * A whole number between `min` and `max`, also as CloudFormation sends numbers from parameters and
 * YAML quoting: `"30"` is 30.
 */
function wholeNumber(min: number, max: number, unit: string) {
  return v.rules(v.union([v.number(), digits], expecting(`a whole number of ${unit} from ${min} to ${max}`)), (value, report) => {
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      report(`${show(value)} is not valid: expected a whole number of ${unit} from ${min} to ${max}`);
    }
  });
}

/**
 * true or false, also as `"true"` / `"false"` (how CloudFormation passes booleans from parameters); no
 * intrinsic, because the value decides the shape of the generated definition.
 */
const literalFlag = v.union([v.boolean(), booleanText], expecting('true or false'));

/** A positive decimal number (a backoff rate), also as text. */
const backoffRate = v.rules(v.union([v.number(), v.map(v.matching(/^\d+(\.\d+)?$/), Number)], expecting('a number of at least 1, e.g. 2')), (value, report) => {
  if (!(value >= 1 && value <= 100)) report(`${show(value)} is not valid: a backoff rate is a number from 1 to 100`);
});

/** Task-level CPU units or memory MiB for an override: text of digits (ECS takes strings), a whole number, or an intrinsic. */
function taskSize(unit: string) {
  return v.union([v.matching(/^[1-9]\d*$/), v.map(v.positiveInteger(), String), intrinsic], expecting(`a whole number of ${unit}, e.g. "1024", or ${INTRINSIC_HINT}`));
}

/** A time limit in seconds, or an intrinsic the macro resolves at transform time (a parameter, a mapping). */
function timeLimit() {
  return v.union([wholeNumber(1, MAX_TIMEOUT_SECONDS, 'seconds'), intrinsic], (input) => `${show(input)} is not valid: expected a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, or ${INTRINSIC_HINT}`);
}

/** How long a trigger event may wait to be delivered: 60 to 86,400 seconds, or an intrinsic (checked when its value is known). */
function startDeadline() {
  return v.union(
    [wholeNumber(MIN_START_DEADLINE_SECONDS, MAX_START_DEADLINE_SECONDS, 'seconds'), intrinsic],
    (input) =>
      `${show(input)} is not valid: expected a whole number of seconds from ${MIN_START_DEADLINE_SECONDS} to ${MAX_START_DEADLINE_SECONDS} (EventBridge keeps a trigger event at least a minute and at most 24 hours), or ${INTRINSIC_HINT}`,
  );
}

export function windowTooLong(minutes: number): string {
  return `${minutes} minutes is longer than a CloudWatch alarm can look back (7 days, ${MAX_NO_SUCCESS_MINUTES} minutes): a schedule that runs less often than weekly cannot have this alarm`;
}

/** Minutes without a success before the alarm: 1 up to the 7 days a CloudWatch alarm can look back. */
const noSuccessWindow = v.rules(v.union([v.number(), digits], expecting(`a whole number of minutes from 1 to ${MAX_NO_SUCCESS_MINUTES}`)), (value, report) => {
  if (!Number.isSafeInteger(value) || value < 1) report(`${show(value)} is not valid: expected a whole number of minutes from 1 to ${MAX_NO_SUCCESS_MINUTES}`);
  else if (value > MAX_NO_SUCCESS_MINUTES) report(windowTooLong(value));
});

/**
 * Zone names the platform has accepted. Constructing an Intl.DateTimeFormat costs 75-105 µs, and a
 * template names the same few zones on hundreds of schedules. Only known names are kept: there are a few
 * hundred, so the set stays small however many requests a warm Lambda serves.
 */
const knownZones = new Set<string>();

/** An IANA time zone name (what EventBridge Scheduler's ScheduleExpressionTimezone takes). */
function timeZoneProblem(zone: string): string | undefined {
  if (knownZones.has(zone)) return undefined;
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return `${show(zone)} is not an IANA time zone name such as "Europe/Berlin" or "UTC"`;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    knownZones.add(zone);
    return undefined;
  } catch {
    return `${show(zone)} is not an IANA time zone name such as "Europe/Berlin" or "UTC"`;
  }
}

const timeZone = v.rules(text('an IANA time zone name such as "Europe/Berlin"'), (zone, report) => {
  const problem = typeof zone === 'string' ? timeZoneProblem(zone) : undefined;
  if (problem) report(problem);
});

/** A date and time for a schedule's StartDate / EndDate: ISO 8601 in UTC or with an offset. */
const dateTime = v.rules(text('a date and time such as "2027-01-01T00:00:00Z"'), (value, report) => {
  if (typeof value !== 'string') return;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    report(`${show(value)} is not valid: expected an ISO 8601 date and time with "Z" or an offset, e.g. "2027-01-01T00:00:00Z"`);
  }
});

/** Characters IAM, Step Functions, EventBridge and CloudWatch Logs all accept in tag keys and values. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAGS = 50;

const tags = v.rules(v.record(text(), expecting('a map of tag keys to values, e.g. {team: data}')), (value, report) => {
  if (Object.keys(value).length > MAX_TAGS) report(`has ${Object.keys(value).length} tags; AWS resources take at most ${MAX_TAGS}`);
  for (const [key, tagValue] of Object.entries(value)) {
    if (!TAG_TEXT.test(key) || (typeof tagValue === 'string' && !TAG_TEXT.test(tagValue))) {
      report('tag keys and values may contain only letters, digits, spaces and _ . : / = + - @', key);
    }
    if (key.length < 1 || key.length > 128) report('tag keys must have 1 to 128 characters', key);
    if (key.toLowerCase().startsWith('aws:')) report('tag keys starting with "aws:" are reserved by AWS', key);
    if (typeof tagValue === 'string' && tagValue.length > 256) report('tag values have at most 256 characters', key);
  }
});

/** A symmetric KMS key, by key ARN: IAM policies and CloudWatch Logs need the key ARN (not an alias or key ID). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
/** A customer or AWS managed policy, usable as a permissions boundary. */
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;

/** An ARN of a given shape (checked when literal), or an intrinsic that yields one. */
function arn(pattern: RegExp, expected: string) {
  return v.rules(text(expected), (value, report) => {
    if (typeof value === 'string' && !pattern.test(value)) report(`${show(value)} is not valid: expected ${expected}`);
  });
}

const kmsKeyArn = arn(KMS_KEY_ARN, 'a KMS key ARN such as "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"');

/** One command of a multi-step run. */
export const stepSchema = v.strict(
  {
    /** The container command, exec form. Required. */
    Command: command,
    /** Environment variables for this step's task. Default: none. */
    Environment: v.optional(environment),
  },
  expecting('a map with Command and, optionally, Environment'),
);

/** One named schedule: when to run, and which command(s) to hand to the container. */
const scheduleSchema = v.strict(
  {
    /** `cron(...)` (six fields), `rate(...)` or, with EventBridge Scheduler, `at(...)`. Required. */
    ScheduleExpression: v.rules(text('a "cron(...)" or "rate(...)" expression'), (expression, report) => {
      const problem = typeof expression === 'string' ? scheduleExpressionProblem(expression) : undefined;
      if (problem) report(`${show(expression)} is not valid: ${problem}`);
    }),
    /** The container command, exec form. Required unless Steps is given. */
    Command: v.optional(command),
    /** Environment variables set on the container for this schedule's runs. Default: none. */
    Environment: v.optional(environment),
    /** Several commands in one run, instead of Command. */
    Steps: v.optional(sized(v.list(stepSchema, expecting('a list of steps, each with a Command')), 'must list at least one step')),
    /** With Steps: run them at the same time (true) or one after another (false, the default). */
    Parallel: v.optional(literalFlag),
    /** IANA time zone of this schedule (EventBridge Scheduler only). Default: the resource's Timezone, else UTC. */
    Timezone: v.optional(timeZone),
    /** EventBridge Scheduler's flexible time window in minutes. Default: off. */
    FlexibleWindowMinutes: v.optional(wholeNumber(1, MAX_FLEXIBLE_WINDOW_MINUTES, 'minutes')),
    /** First date the schedule may fire (EventBridge Scheduler only). */
    StartDate: v.optional(dateTime),
    /** Last date the schedule may fire (EventBridge Scheduler only). */
    EndDate: v.optional(dateTime),
    /** Task-level CPU units for this schedule's tasks. Default: the task definition's. */
    Cpu: v.optional(taskSize('CPU units')),
    /** Task-level memory (MiB) for this schedule's tasks. Default: the task definition's. */
    Memory: v.optional(taskSize('MiB')),
    /** Time limit of each of this schedule's tasks, in seconds. Default: the resource's TimeoutSeconds. */
    TimeoutSeconds: v.optional(timeLimit()),
    /** ENABLED (default) or DISABLED. A resource-level State: DISABLED pauses this schedule whatever its own State. */
    State: v.optional(choice(STATES)),
    /** A trigger event older than this many seconds is not delivered (the run is skipped). Default: the resource's StartDeadlineSeconds, else AWS's 86,400 (24 h). */
    StartDeadlineSeconds: v.optional(startDeadline()),
    /** Dead-man's switch: an alarm when no run of this schedule succeeded within this many minutes. Default: none. */
    AlarmIfNoSuccessWithinMinutes: v.optional(noSuccessWindow),
    /** Rule description. Default: "<Resource> schedule <Name> (EcsBatchScheduler)". */
    Description: v.optional(
      v.rules(text(), (d, report) => {
        if (typeof d === 'string' && d.length > 512) report('must have at most 512 characters');
      }),
    ),
  },
  expecting('a map with ScheduleExpression and Command'),
);

export const propertiesSchema = v.strict(
  {
    /** The ECS cluster: name, ARN, or intrinsic. Required. */
    Cluster: text('a cluster name or ARN'),
    /**
     * The task definition: ARN (with or without revision), `family:revision`, `family`, or a Ref/GetAtt of an
     * `AWS::ECS::TaskDefinition` in the same template. Required.
     */
    TaskDefinition: text('a task definition ARN, "family:revision" or "family"'),
    /** The container whose command is overridden. Default: the only container of an in-template task definition. */
    ContainerName: v.optional(text('a container name')),
    /** FARGATE (default), EC2 or EXTERNAL. */
    LaunchType: v.optional(
      choice(LAUNCH_TYPES, {
        MANAGED_INSTANCES:
          'cannot be a LaunchType here: RunTask starts ECS Managed Instances tasks only through a capacity provider strategy (with no launch type). Leave LaunchType out and use CapacityProviderStrategy: [{CapacityProvider: <your Managed Instances capacity provider>, Weight: 1}]',
      }),
    ),
    /** Fargate platform version. Default: none (ECS uses LATEST). */
    PlatformVersion: v.optional(text()),
    /** Subnets for awsvpc networking. Required with FARGATE. */
    Subnets: v.optional(idList('subnet', SUBNET_ID, 'subnet-0123456789abcdef0')),
    /** Security groups for awsvpc networking. Default: the VPC's default security group. */
    SecurityGroups: v.optional(idList('security group', SECURITY_GROUP_ID, 'sg-0123456789abcdef0')),
    /** ENABLED or DISABLED (default). */
    AssignPublicIp: v.optional(choice(ASSIGN_PUBLIC_IP)),
    /** Roles ECS may be handed (task role, execution role). Derived from an in-template task definition. */
    PassRoleArns: v.optional(
      v.union([v.list(text('a role ARN')), intrinsic], expecting(`a list of IAM role ARNs (or [] for a task without roles) or ${INTRINSIC_HINT}`)),
    ),
    /** Retention of the state machine's log group. Default: never expire. */
    LogRetentionInDays: v.optional(retention),
    /** ALL, ERROR (default), FATAL or OFF. */
    LogLevel: v.optional(choice(LOG_LEVELS)),
    /**
     * Whether the state machine's log includes execution data (input, output, the commands and environment
     * values). Default: false.
     */
    IncludeExecutionData: v.optional(flagOrIntrinsic()),
    /** KMS key that encrypts the state machine's log group. Default: CloudWatch Logs' own encryption. */
    LogKmsKeyArn: v.optional(kmsKeyArn),
    /** KMS key that encrypts the state machine's definition and execution history. Default: an AWS owned key. */
    StateMachineKmsKeyArn: v.optional(kmsKeyArn),
    /** Managed policy set as the permissions boundary of every generated role. Default: none. */
    PermissionsBoundary: v.optional(arn(MANAGED_POLICY_ARN, 'a managed policy ARN such as "arn:aws:iam::123456789012:policy/boundary"')),
    /** How schedules start runs: EventBridgeRule (default; UTC) or EventBridgeScheduler (time zones, at(), windows). */
    Trigger: v.optional(v.oneOf(TRIGGERS, expecting(`one of ${TRIGGERS.map((t) => `"${t}"`).join(', ')}`))),
    /** Default IANA time zone of every schedule (EventBridge Scheduler only). Default: UTC. */
    Timezone: v.optional(timeZone),
    /** Capacity providers instead of LaunchType, e.g. FARGATE_SPOT with a FARGATE base. */
    CapacityProviderStrategy: v.optional(
      sized(
        v.list(
          v.strict(
            {
              CapacityProvider: text('a capacity provider name'),
              Weight: v.optional(wholeNumber(0, 1000, 'parts')),
              Base: v.optional(wholeNumber(0, 100000, 'tasks')),
            },
            expecting('a map with CapacityProvider and, optionally, Weight and Base'),
          ),
          expecting('a list of capacity providers, e.g. [{CapacityProvider: FARGATE_SPOT, Weight: 1}]'),
        ),
        'must list at least one capacity provider',
        { count: MAX_CAPACITY_PROVIDERS, message: `ECS takes at most ${MAX_CAPACITY_PROVIDERS} capacity providers in a strategy` },
      ),
    ),
    /** Time limit of each task of a run, in seconds. Default: none. */
    TimeoutSeconds: v.optional(timeLimit()),
    /** Retries of infrastructure errors. Default: 3 attempts, 30 s apart, doubling. */
    Retry: v.optional(
      v.strict(
        {
          MaxAttempts: v.optional(wholeNumber(0, 99, 'attempts')),
          IntervalSeconds: v.optional(wholeNumber(1, 99_999_999, 'seconds')),
          BackoffRate: v.optional(backoffRate),
        },
        expecting('a map with MaxAttempts, IntervalSeconds and BackoffRate'),
      ),
    ),
    /** Also retry a command that exited non-zero. Default: false. */
    RetryFailedCommands: v.optional(literalFlag),
    /** SNS topic told about every failed or timed-out run. Default: none. */
    FailureTopicArn: v.optional(text('an SNS topic ARN')),
    /** SNS topic every alarm of this resource goes to. Default: FailureTopicArn; without either, no alarm. */
    AlarmTopicArn: v.optional(text('an SNS topic ARN')),
    /**
     * true: trigger events that could not start a run land in a generated SQS queue (`<Id>DeadLetterQueue`); or the
     * ARN of a standard SQS queue of yours. Default: none.
     */
    DeadLetterQueue: v.optional(v.union([v.boolean(), booleanText, text('an SQS queue ARN')], expecting(`true, or an SQS queue ARN, or ${INTRINSIC_HINT}`))),
    /** Default StartDeadlineSeconds of every schedule. Default: AWS's 86,400 (24 h). */
    StartDeadlineSeconds: v.optional(startDeadline()),
    /** ENABLED (default) or DISABLED: DISABLED pauses every schedule, whatever its own State. */
    State: v.optional(choice(STATES)),
    /** false: a run that starts while the previous run of the same schedule still runs is skipped. Default: true. */
    AllowOverlap: v.optional(literalFlag),
    /** Tags for every taggable generated resource. Default: none. */
    Tags: v.optional(tags),
    /** The schedules, keyed by an alphanumeric name. Required, at least one. */
    Schedules: v.rules(v.record(scheduleSchema, expecting('a map of schedules keyed by name')), (schedules, report) => {
      const names = Object.keys(schedules);
      if (names.length === 0) report('must contain at least one schedule');
      for (const name of names) {
        if (!SCHEDULE_NAME.test(name)) report(`schedule name ${show(name)} must be alphanumeric (A-Z, a-z, 0-9): it becomes part of logical IDs`, name);
      }
    }),
  },
  expecting('a map of properties'),
);

export type ScheduleSpec = v.Output<typeof scheduleSchema>;
export type ShorthandProperties = v.Output<typeof propertiesSchema>;

export const PROPERTY_NAMES: readonly string[] = propertiesSchema.keys;
export const SCHEDULE_PROPERTY_NAMES: readonly string[] = scheduleSchema.keys;
