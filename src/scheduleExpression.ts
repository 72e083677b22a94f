/**
 * Validation of EventBridge schedule expressions: `rate(value unit)` and the six-field AWS cron
 * `cron(minutes hours day-of-month month day-of-week year)`. AWS cron is not Unix cron: it has a year
 * field, exactly one of day-of-month / day-of-week must be `?`, and it supports `L`, `W` and `#`.
 */

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Special forms allowed as the whole field (beside lists, ranges and steps). */
  readonly special?: RegExp;
  readonly allowsQuestionMark?: boolean;
}

/** Month and day names AWS cron takes (JAN = 1, SUN = 1), shared with the evaluator in cron.ts. */
export const MONTHS: readonly string[] = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
export const DAYS: readonly string[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  // L = last day of the month, LW = last weekday, 15W = weekday nearest the 15th.
  { name: 'day-of-month', min: 1, max: 31, special: /^(L|LW|([1-9]|[12]\d|3[01])W)$/, allowsQuestionMark: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // L = last day of the week (Saturday), 5L = last Thursday, 3#2 = second Tuesday.
  {
    name: 'day-of-week',
    min: 1,
    max: 7,
    names: DAYS,
    special: /^(L|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5]))$/,
    allowsQuestionMark: true,
  },
  { name: 'year', min: 1970, max: 2199 },
];

type ExpressionKind = 'cron' | 'rate' | 'at';

/** Which kind of expression this is (by its prefix), or `undefined` for none of them. */
function expressionKind(expression: string): ExpressionKind | undefined {
  const match = /^(cron|rate|at)\(/.exec(expression);
  return match ? (match[1] as ExpressionKind) : undefined;
}

/** EventBridge rules and EventBridge Scheduler both take schedule expressions of at most 256 characters. */
const MAX_EXPRESSION_LENGTH = 256;

/** Only EventBridge Scheduler runs one-time `at(...)` schedules: why `expression` cannot run on `trigger`, if it cannot. */
export function triggerProblem(expression: string, trigger: string | undefined): string | undefined {
  return trigger !== 'EventBridgeScheduler' && expressionKind(expression) === 'at' ? 'one-time at(...) schedules need Trigger: EventBridgeScheduler' : undefined;
}

/**
 * Returns why the expression is invalid, or `undefined` when EventBridge accepts it. `at(...)` one-time
 * expressions are valid syntax here; only EventBridge Scheduler accepts them (`triggerProblem`).
 */
export function scheduleExpressionProblem(expression: string): string | undefined {
  if (expression.length > MAX_EXPRESSION_LENGTH) return `has ${expression.length} characters; EventBridge accepts at most ${MAX_EXPRESSION_LENGTH}`;
  // The usual expression, checked without taking it apart; anything else (and every problem) goes the long way.
  if (PLAIN_CRON.test(expression)) return undefined;
  const rate = /^rate\((.*)\)$/s.exec(expression);
  if (rate) return rateProblem(rate[1] as string);
  const cron = /^cron\((.*)\)$/s.exec(expression);
  if (cron) return cronProblem(cron[1] as string);
  const at = /^at\((.*)\)$/s.exec(expression);
  if (at) return atProblem(at[1] as string);
  return 'must be "cron(minutes hours day-of-month month day-of-week year)", "rate(value unit)" or (EventBridge Scheduler only) "at(yyyy-mm-ddThh:mm:ss)"';
}

/**
 * A cron expression AWS accepts made of plain fields only: each `*`, a number in the field's range (at
 * most one leading zero), or `?` in exactly one of day-of-month and day-of-week. Not matching says
 * nothing: `cronProblem` judges the rest. One regular expression, not a loop over the characters: it runs
 * as machine code from the first schedule of a cold Lambda on, where a loop would still be interpreted.
 */
const PLAIN_CRON = new RegExp(
  [
    '^cron\\(',
    '(?:\\*|[0-5]?\\d) ', // minutes 0-59
    '(?:\\*|[01]?\\d|2[0-3]) ', // hours 0-23
    // day-of-month 1-31 and month 1-12 with day-of-week "?", or day-of-month "?", month, day-of-week 1-7
    '(?:(?:\\*|0?[1-9]|[12]\\d|3[01]) (?:\\*|0?[1-9]|1[0-2]) \\?|\\? (?:\\*|0?[1-9]|1[0-2]) (?:\\*|0?[1-7])) ',
    '(?:\\*|19[7-9]\\d|2[01]\\d\\d)', // year 1970-2199
    '\\)$',
  ].join(''),
);

/** `at(yyyy-mm-ddThh:mm:ss)`: a local date and time (in the schedule's time zone), no offset. */
function atProblem(body: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) return 'a one-time schedule must be "at(yyyy-mm-ddThh:mm:ss)", e.g. "at(2027-03-01T04:00:00)", without a time zone offset (set Timezone instead)';
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return `"${body}" is not a real date and time`;
  }
  return undefined;
}

function rateProblem(body: string): string | undefined {
  const match = /^(\d+) ([a-z]+)$/.exec(body);
  if (!match) return 'a rate must be "rate(value unit)", e.g. "rate(5 minutes)" or "rate(1 hour)"';
  const value = Number(match[1]);
  const unit = match[2] as string;
  if (!/^[1-9]\d*$/.test(match[1] as string)) return 'the rate value must be a positive whole number';
  const singular = ['minute', 'hour', 'day'];
  const plural = ['minutes', 'hours', 'days'];
  const allowed = value === 1 ? singular : plural;
  if (!allowed.includes(unit)) {
    return `with a value of ${value} the unit must be one of ${allowed.map((u) => `"${u}"`).join(', ')}`;
  }
  return undefined;
}

function cronProblem(body: string): string | undefined {
  const fields = body.split(' ');
  if (fields.length !== 6 || fields.some((f) => f === '')) {
    return (
      `AWS cron has exactly 6 fields separated by single spaces (minutes hours day-of-month month ` +
      `day-of-week year), found ${body.trim() === '' ? 0 : body.trim().split(/\s+/).length}`
    );
  }
  const dom = fields[2] as string;
  const dow = fields[4] as string;
  if ((dom === '?') === (dow === '?')) {
    return 'exactly one of day-of-month and day-of-week must be "?"';
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = fieldProblem(fields[i] as string, FIELDS[i] as FieldSpec);
    if (problem) return problem;
  }
  return undefined;
}

/** What each field allows, for the error messages (built once, not per expression). */
const ALLOWED: ReadonlyMap<FieldSpec, string> = new Map(
  FIELDS.map((spec) => [spec, `${spec.name} allows ${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''}, with "*", ",", "-" and "/"`]),
);

function fieldProblem(rawField: string, spec: FieldSpec): string | undefined {
  // The common cases first: "*" and a plain number.
  if (rawField === '*') return undefined;
  if (/^\d{1,4}$/.test(rawField)) {
    const value = Number(rawField);
    if (value >= spec.min && value <= spec.max) return undefined;
  }
  // Month and day names are case-insensitive, as in the Quartz syntax AWS cron derives from.
  const field = rawField.toUpperCase();
  if (field === '?') return spec.allowsQuestionMark ? undefined : `"?" is only allowed in day-of-month and day-of-week, not in ${spec.name}`;
  if (spec.special?.test(field)) return undefined;
  const allowed = ALLOWED.get(spec) as string;
  for (const part of field.split(',')) {
    const match = /^(\*|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) return `"${field}" is not a valid ${spec.name} field: ${allowed}${specialHint(spec)}`;
    const [, range, step] = match;
    if (step !== undefined && Number(step) < 1) return `"${part}" in ${spec.name}: the increment must be at least 1`;
    if (range === '*') continue;
    const [startText, endText] = (range as string).split('-') as [string, string | undefined];
    const start = valueOf(startText, spec);
    const end = endText === undefined ? start : valueOf(endText, spec);
    if (start === undefined || end === undefined) {
      return `"${part}" in ${spec.name} is out of range: ${allowed}`;
    }
    if (start > end) {
      return `"${part}" in ${spec.name} is a reversed range: write it as two ranges joined by "," (e.g. "22-23,0-2")`;
    }
  }
  return undefined;
}

function specialHint(spec: FieldSpec): string {
  if (spec.name === 'day-of-month') return ' (or L, LW, nW)';
  if (spec.name === 'day-of-week') return ' (or L, nL, n#k)';
  return '';
}

function valueOf(text: string, spec: FieldSpec): number | undefined {
  const nameIndex = spec.names?.indexOf(text) ?? -1;
  if (nameIndex >= 0) return nameIndex + spec.min;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= spec.min && value <= spec.max ? value : undefined;
}
