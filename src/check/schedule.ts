/** The checks of one schedule: its shape given the trigger and launch type, its values, its container override. */
import { yieldsSingleString, type TemplateView } from '../arns';
import { alarmWindow, type AlarmWindow } from '../alarmWindow';
import { isIntrinsic, isObject, refTarget, unresolvedToJsonString, type Json } from '../json';
import { knownParameterValue, resolvedJsonLength } from '../parameters';
import { scheduleExpressionProblem, triggerProblem } from '../scheduleExpression';
import { MAX_OVERRIDE_CHARACTERS, STATES, show, type ScheduleSpec, type Trigger } from '../schema';
import type { Report } from './issues';
import { checkTaskSizes } from './taskSizes';
import { scheduleState, startDeadline, timeLimit } from './timing';

export const COMMAND_REQUIRED = 'is required: a non-empty list of strings, e.g. [python, manage.py, import_customers] (or Steps, for several commands in one run)';

const SCHEDULER_ONLY = ['Timezone', 'FlexibleWindowMinutes', 'StartDate', 'EndDate'] as const;

/** What the schedules of one shorthand share. */
interface ScheduleContext {
  readonly view: TemplateView;
  readonly trigger: Trigger;
  /** FARGATE, EC2 or EXTERNAL when known; undefined when an intrinsic decides. */
  readonly launch: string | undefined;
  /** The container whose command is overridden, when known ('' otherwise: overrides are then counted without it). */
  readonly containerName: Json;
  /** The resource's State as written, and its value when the macro knows it. */
  readonly resourceState: Json | undefined;
  readonly knownResourceState: Json | undefined;
  /** The resource's StartDeadlineSeconds. */
  readonly resourceDeadline: Json | undefined;
  /** Whether alarms have a topic (AlarmTopicArn or FailureTopicArn). */
  readonly hasAlarmTopic: boolean;
  /** Whether the shorthand may hold an `Fn::ToJsonString` (./references saw one, or could not look everywhere). */
  readonly toJsonString: boolean;
}

/** What checking a schedule resolved: the values planning takes as they are. */
export interface CheckedSchedule {
  readonly state: Json;
  /** The schedule's own time limit, resolved. */
  readonly timeoutSeconds?: number;
  readonly startDeadlineSeconds?: Json;
  readonly noSuccess?: AlarmWindow;
  /** The command(s) the schedule runs. */
  readonly commands: readonly CommandSpec[];
}

export function checkSchedule(name: string, schedule: ScheduleSpec, context: ScheduleContext, at: Report): CheckedSchedule {
  const { view, trigger } = context;
  const base = `Schedules.${name}`;
  checkScheduleShape(base, schedule, trigger, at);
  checkTaskSizes(base, schedule, view, context.launch, at);
  for (const [i, step] of (schedule.Steps ?? [{ Command: schedule.Command }]).entries()) {
    const path = schedule.Steps === undefined ? `${base}.Command` : `${base}.Steps.${i}.Command`;
    if (isIntrinsic(step.Command) && yieldsSingleString(step.Command, view)) {
      at(path, 'yields a single string, not a list: write [!Ref Name] for a one-word command, or use a CommaDelimitedList parameter or !Split');
    }
  }
  const state = scheduleState(context.resourceState, context.knownResourceState, schedule.State, `${base}.State`, at);
  const deadline = startDeadline(schedule.StartDeadlineSeconds, `${base}.StartDeadlineSeconds`, view, at) ?? context.resourceDeadline;
  let noSuccess: AlarmWindow | undefined;
  if (schedule.AlarmIfNoSuccessWithinMinutes !== undefined) {
    const window = alarmWindow(schedule.AlarmIfNoSuccessWithinMinutes);
    if (typeof window === 'string') at(`${base}.AlarmIfNoSuccessWithinMinutes`, window);
    else noSuccess = window;
    if (!context.hasAlarmTopic) at(`${base}.AlarmIfNoSuccessWithinMinutes`, 'needs a topic for the alarm: set AlarmTopicArn (or FailureTopicArn) on the resource');
  }
  // Parameters CloudFormation has already evaluated are checked like literals.
  const expression = knownParameterValue(schedule.ScheduleExpression, view);
  if (typeof expression === 'string') {
    const problem = scheduleExpressionProblem(expression) ?? triggerProblem(expression, trigger);
    if (problem) at(`${base}.ScheduleExpression`, `!Ref ${refTarget(schedule.ScheduleExpression) ?? ''} is ${show(expression)}, which is not valid: ${problem}`);
  }
  const knownState = knownParameterValue(schedule.State, view);
  if (knownState !== undefined && !(STATES as readonly unknown[]).includes(knownState)) {
    at(`${base}.State`, `!Ref ${refTarget(schedule.State) ?? ''} is ${show(knownState)}, which is not valid: expected one of ${STATES.map((v) => `"${v}"`).join(', ')}`);
  }
  const commands = scheduleCommands(schedule);
  checkCommands(base, schedule, commands, context, at);
  const timeoutSeconds = timeLimit(schedule.TimeoutSeconds, `${base}.TimeoutSeconds`, view, at);
  return {
    state,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(deadline !== undefined ? { startDeadlineSeconds: deadline } : {}),
    ...(noSuccess ? { noSuccess } : {}),
    commands,
  };
}

/** What a single schedule's properties must agree on, given the trigger. */
function checkScheduleShape(base: string, schedule: ScheduleSpec, trigger: Trigger, at: Report): void {
  if (schedule.Command === undefined && schedule.Steps === undefined) {
    at(`${base}.Command`, COMMAND_REQUIRED);
  }
  if (schedule.Command !== undefined && schedule.Steps !== undefined) at(`${base}.Steps`, 'cannot be combined with Command: give one command, or Steps');
  if (schedule.Steps !== undefined && schedule.Environment !== undefined) at(`${base}.Environment`, 'cannot be combined with Steps: give each step its own Environment');
  if (schedule.Parallel !== undefined && schedule.Steps === undefined) at(`${base}.Parallel`, 'only applies to Steps');
  if (trigger !== 'EventBridgeScheduler') {
    for (const key of SCHEDULER_ONLY) {
      if (schedule[key] !== undefined) at(`${base}.${key}`, 'needs Trigger: EventBridgeScheduler (EventBridge rules have no time zones, windows or start and end dates)');
    }
    const atProblem = typeof schedule.ScheduleExpression === 'string' ? triggerProblem(schedule.ScheduleExpression, trigger) : undefined;
    if (atProblem !== undefined) at(`${base}.ScheduleExpression`, atProblem);
  }
  const { StartDate: start, EndDate: end } = schedule;
  if (typeof start === 'string' && typeof end === 'string' && Date.parse(start) >= Date.parse(end)) {
    at(`${base}.EndDate`, `${show(end)} is not after StartDate ${show(start)}`);
  }
}

/** The commands and environment as ECS receives them: intrinsics AWS::LanguageExtensions cannot resolve in time, and the override size. */
function checkCommands(base: string, schedule: ScheduleSpec, commands: readonly CommandSpec[], context: ScheduleContext, at: Report): void {
  // Fn::ToJsonString over intrinsics is resolved by AWS::LanguageExtensions only after the Input is written.
  let toJson: Json | undefined;
  for (const c of context.toJsonString ? commands : []) {
    toJson ??= unresolvedToJsonString(c.command);
    for (const e of c.environment ?? []) toJson ??= unresolvedToJsonString(e.Value);
  }
  if (context.toJsonString) toJson ??= unresolvedToJsonString(schedule.Cpu) ?? unresolvedToJsonString(schedule.Memory);
  if (toJson !== undefined) {
    at(base, `${show(toJson)} holds intrinsic functions, which AWS::LanguageExtensions resolves only after this macro has written the trigger's input: list it first, "Transform: [AWS::LanguageExtensions, EcsBatchScheduler]", or give Fn::ToJsonString literal values only`);
  }
  commands.forEach((c, i) => {
    // What ECS receives as containerOverrides. Known parameter values count with their text; a value only
    // CloudFormation knows (an attribute, an import, a Sub) counts as empty, so the check never rejects a
    // template that could fit, and ECS still refuses one that does not at run time.
    // Most overrides are far below the limit: a bound on their JSON length spares the exact count.
    let bound = 40 + jsonLengthBound(context.containerName) + jsonLengthBound(c.command);
    for (const e of c.environment ?? []) bound += 20 + jsonLengthBound(e.Name) + jsonLengthBound(e.Value);
    if (bound <= MAX_OVERRIDE_CHARACTERS) return;
    const override = [{ name: context.containerName, command: c.command, environment: c.environment }];
    const overrides = resolvedJsonLength(override, context.view);
    if (overrides.length > MAX_OVERRIDE_CHARACTERS) {
      const size = overrides.exact ? `${overrides.length} characters` : `at least ${overrides.length} characters (not counting values of intrinsic functions)`;
      at(schedule.Steps ? `${base}.Steps.${i}.Command` : `${base}.Command`, `the container override for this ${schedule.Steps ? 'step' : 'schedule'} is ${size}; ECS accepts at most ${MAX_OVERRIDE_CHARACTERS} (command and environment together)`);
    }
  });
}

/** A variable of a command's environment, in the shape ECS container overrides take. */
type EnvironmentEntry = { readonly Name: string; readonly Value: Json };

/** One command and its environment, as the macro knows them (elements may be intrinsics). */
export interface CommandSpec {
  readonly command: Json;
  readonly environment?: readonly EnvironmentEntry[];
}

/** The command(s) a schedule runs: its Command, or its Steps. */
export function scheduleCommands(schedule: ScheduleSpec): CommandSpec[] {
  const environmentOf = (env: Readonly<Record<string, Json>> | undefined): EnvironmentEntry[] | undefined =>
    env === undefined ? undefined : Object.keys(env).map((Name) => ({ Name, Value: env[Name] as Json }));
  return schedule.Steps
    ? schedule.Steps.map((step) => ({ command: step.Command, ...(step.Environment ? { environment: environmentOf(step.Environment) } : {}) }))
    : schedule.Command !== undefined
      ? [{ command: schedule.Command, ...(schedule.Environment ? { environment: environmentOf(schedule.Environment) } : {}) }]
      : [];
}

/**
 * An upper bound of the JSON length of a literal value (a string's JSON text is at most six characters
 * per UTF-16 unit, `\uXXXX`, plus its quotes), or Infinity when the value holds an intrinsic (whose
 * resolved length only resolvedJsonLength can bound).
 */
function jsonLengthBound(value: unknown): number {
  if (typeof value === 'string') return 2 + 6 * value.length;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return 24;
  if (isIntrinsic(value)) return Infinity;
  let total = 2;
  if (Array.isArray(value)) {
    for (const element of value) total += 1 + jsonLengthBound(element);
    return total;
  }
  if (isObject(value)) {
    for (const key of Object.keys(value)) total += 2 + jsonLengthBound(key) + jsonLengthBound(value[key]);
    return total;
  }
  return Infinity;
}
