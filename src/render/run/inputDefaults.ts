/**
 * Input defaults. A trigger's input already carries every field with its default (decided at deploy
 * time, see plan), so a scheduled run goes from `Start` straight to its work. An input started by hand
 * may leave fields out: it takes a detour through `Defaults`, which fills them in, and joins the run at
 * `AfterDefaults`; an input with neither commands nor steps fails at once with `InvalidInput`.
 */
import type { Json, JsonObject } from '../../json';
import type { Plan } from '../../plan';
import { failureEntry } from './failureHandling';
import { MAX_TIMEOUT_SECONDS } from '../../schema';
import { HAND_STARTED, HAS_STEPS, INVALID_INPUT_CAUSE, STATE_NAMES, absent, present, runRules, type States } from './shared';

/** The defaults of a hand-started input, field by field (docs/execution-input.md). */
function inputDefaults(plan: Plan): Record<string, Json> {
  return {
    schedule: HAND_STARTED,
    environment: [],
    steps: [],
    parallel: false,
    overrides: {},
    ...(plan.hasTimeouts ? { timeoutSeconds: plan.timeoutSeconds ?? MAX_TIMEOUT_SECONDS } : {}),
  };
}

/**
 * An input is taken as it is when it holds every field a trigger sends. For steps that includes each
 * step's `environment`; a Choice can only look at fixed positions, so it looks at as many steps as the
 * longest schedule has (decided at deploy time) and sends longer hand-started inputs through the defaults.
 */
function complete(plan: Plan): JsonObject {
  const common = [present('$.schedule'), present('$.overrides'), ...(plan.hasTimeouts ? [present('$.timeoutSeconds')] : [])];
  const command: JsonObject = { And: [present('$.commands'), present('$.environment'), absent('$.steps'), ...common] };
  const longest = plan.schedules.reduce((max, s) => Math.max(max, s.stepCount ?? 0), 0);
  if (longest === 0) return command;
  const eachStep: JsonObject[] = [];
  for (let i = 0; i < longest; i++) {
    const environment = present(`$.steps[${i}].environment`);
    eachStep.push(i === 0 ? environment : { Or: [absent(`$.steps[${i}]`), environment] });
  }
  return { Or: [command, { And: [HAS_STEPS, present('$.parallel'), ...common, ...eachStep, absent(`$.steps[${longest}]`)] }] };
}

/**
 * Where a complete input goes: the overlap guard first (`guard`, for a run of a schedule), then the steps
 * at once, the steps one after another, or (Default) the single command.
 */
export function dispatch(guard?: string): { Choices: JsonObject[]; Default: string } {
  return {
    Choices: [...(guard !== undefined ? [{ Not: { Variable: '$.schedule', StringEquals: HAND_STARTED }, Next: guard }] : []), ...runRules()],
    Default: STATE_NAMES.prepareCommand,
  };
}

/** `Start`: where a run goes first, by the shape of its input. `guard` is the overlap guard's first state, if any. */
export function inputStates(plan: Plan, guard?: string): States {
  const run = dispatch(guard);
  return {
    [STATE_NAMES.start]: {
      Type: 'Choice',
      Comment: 'A trigger\'s input carries every field: it goes straight to its work. An input started by hand gets its defaults first',
      Choices: [
        { Not: { Or: [HAS_STEPS, present('$.commands')] }, Next: STATE_NAMES.invalidInput },
        { Not: complete(plan), Next: STATE_NAMES.defaults },
        ...run.Choices,
      ],
      Default: run.Default,
    },
    [STATE_NAMES.invalidInput]:
      plan.failureTopicArn === undefined
        ? { Type: 'Fail', Comment: 'Neither commands nor steps: no task is started', Error: 'InvalidInput', Cause: INVALID_INPUT_CAUSE }
        : {
            Type: 'Pass',
            Comment: 'Neither commands nor steps: no task is started, and the run is reported (a trigger never sends such an input: it was started by hand)',
            Parameters: { schedule: HAND_STARTED, 'steps.$': 'States.Array($)', error: { Error: 'InvalidInput', Cause: INVALID_INPUT_CAUSE } },
            Next: failureEntry(plan),
          },
    [STATE_NAMES.defaults]: {
      Type: 'Pass',
      Comment: 'Defaults for what an input started by hand leaves out',
      Parameters: { defaults: inputDefaults(plan), 'input.$': '$' },
      Next: STATE_NAMES.applyDefaults,
    },
    [STATE_NAMES.applyDefaults]: {
      Type: 'Pass',
      Parameters: { 'run.$': 'States.JsonMerge($.defaults, $.input, false)' },
      OutputPath: '$.run',
      Next: STATE_NAMES.applyStepDefaults,
    },
    [STATE_NAMES.applyStepDefaults]: {
      Type: 'Map',
      Comment: 'Each step without an environment gets an empty one',
      ItemsPath: '$.steps',
      ItemSelector: { defaults: { environment: [] }, 'step.$': '$$.Map.Item.Value' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: STATE_NAMES.stepWithDefaults,
        States: { [STATE_NAMES.stepWithDefaults]: { Type: 'Pass', Parameters: { 'step.$': 'States.JsonMerge($.defaults, $.step, false)' }, OutputPath: '$.step', End: true } },
      },
      ResultPath: '$.steps',
      Next: STATE_NAMES.afterDefaults,
    },
    [STATE_NAMES.afterDefaults]: { Type: 'Choice', ...run },
  };
}
