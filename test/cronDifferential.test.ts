/**
 * A differential test of the cron evaluator (preview/cron.ts, behind next-runs and status) against an
 * independent implementation, the npm package aws-cron-parser (pinned in package.json), on generated
 * expressions, in UTC as an EventBridge rule evaluates them.
 *
 * Compared only where the two are known to agree, so that a difference is a bug on one side:
 * - day-of-month values up to 28. aws-cron-parser 1.1.12 gets days 29–31 wrong in months that lack them
 *   and `W` (nearest weekday) at a month's edge; `L`, `LW`, `nW` and day-of-month steps (which run to 31)
 *   are left out with them. Those are covered by preview/cron.ts's own example tests in test/preview.test.ts.
 * - steps (`5/15`, `*\/10`) as a whole field only: aws-cron-parser ignores a step inside a list (`0,5/15`),
 *   which our validator accepts;
 *   and lists in ascending order without overlaps (it mis-evaluates `14,2-19`).
 * - `n#5` is left out: aws-cron-parser gives up ("iter > 10") when few months have a fifth such day.
 * - a lone `L` in day-of-week (Saturday) is left out: aws-cron-parser recurses until the stack overflows.
 * - everything else AWS cron has: lists, ranges, names (JAN, MON-FRI), `n#k` and `nL` in day-of-week,
 *   and the year field.
 * Every expression is checked valid by our validator first: an expression both accept is compared.
 */
import awsCronParser from 'aws-cron-parser';
import * as fc from 'fast-check';
import { matchingWallTimes, parseCron } from '../preview/cron';
import { scheduleExpressionProblem } from '../src/scheduleExpression';

const SEED = Number(process.env['FC_SEED'] ?? 20261201);
const RUNS = Math.max(1, Math.round(400 * Number(process.env['FC_RUNS'] ?? 1)));
const OCCURRENCES = 12;

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * A list of values and ranges over min..max, numbers or names, in ascending order without overlaps:
 * aws-cron-parser mis-evaluates an unordered list (`14,2-19` in hours skips 2 to 13).
 */
function list(min: number, max: number, names: readonly string[] = []): fc.Arbitrary<string> {
  const name = (v: number, useName: boolean): string => (useName && names.length > 0 ? (names[v - min] as string) : String(v));
  return fc
    .tuple(fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.boolean())
    .map(([picked, ranges, useName]) => {
      const sorted = [...picked].sort((a, b) => a - b);
      const parts: string[] = [];
      for (let i = 0; i < sorted.length; i++) {
        const a = sorted[i] as number;
        const b = sorted[i + 1];
        if (b !== undefined && ranges[i] === true) {
          parts.push(`${name(a, useName)}-${name(b, useName)}`);
          i++;
        } else {
          parts.push(name(a, useName));
        }
      }
      return parts.join(',');
    });
}

/** `*`, a step from a value or from `*` (as the whole field: aws-cron-parser ignores a step inside a list), or a list. */
function field(min: number, max: number, names: readonly string[] = []): fc.Arbitrary<string> {
  const step = fc.integer({ min: 1, max: Math.max(1, max - min) });
  return fc.oneof(fc.constant('*'), fc.tuple(fc.oneof(fc.constant('*'), fc.integer({ min, max }).map(String)), step).map(([from, s]) => `${from}/${s}`), list(min, max, names));
}

/** Day-of-month values 1–28 only: values, ranges and lists, no steps (`n/s` runs to 31), no L or W. */
const dayOfMonth = fc.oneof(fc.constant('*'), list(1, 28));

const dayOfWeek = fc.oneof(
  list(1, 7, DAY_NAMES),
  fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 })).map(([d, n]) => `${d}#${n}`),
  fc.integer({ min: 1, max: 7 }).map((d) => `${d}L`),
);

const year = fc.oneof(fc.constant('*'), fc.tuple(fc.integer({ min: 2026, max: 2032 }), fc.integer({ min: 0, max: 6 })).map(([a, n]) => `${a}-${a + n}`), fc.integer({ min: 2026, max: 2030 }).map((a) => `${a}/2`));

const expression = fc
  .tuple(field(0, 59), field(0, 23), fc.boolean(), dayOfMonth, field(1, 12, MONTH_NAMES), dayOfWeek, year)
  .map(([min, hour, byMonthDay, dom, month, dow, y]) => (byMonthDay ? `${min} ${hour} ${dom} ${month} ? ${y}` : `${min} ${hour} ? ${month} ${dow} ${y}`));

/** A start between 2026 and 2028, on a whole minute. */
const start = fc.integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2028, 11, 31) / 60_000 }).map((m) => m * 60_000);

function ours(body: string, from: number): string[] {
  const d = new Date(from);
  const out: string[] = [];
  const wall = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
  for (const t of matchingWallTimes(parseCron(body), wall, 20)) {
    out.push(new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute)).toISOString());
    if (out.length === OCCURRENCES) break;
  }
  return out;
}

function theirs(body: string, from: number): string[] {
  const parsed = awsCronParser.parse(body);
  const out: string[] = [];
  // next() is strictly after its argument: start a second early so that `from` itself can match.
  let at: Date | null = new Date(from - 1000);
  while (out.length < OCCURRENCES) {
    at = awsCronParser.next(parsed, at);
    if (at === null || at.getUTCFullYear() > new Date(from).getUTCFullYear() + 20) break;
    out.push(at.toISOString());
  }
  return out;
}

describe('cron evaluator against aws-cron-parser (day-of-month up to 28; see the header)', () => {
  it('the examples of the AWS documentation agree', () => {
    const from = Date.UTC(2026, 11, 1);
    for (const body of ['0 10 * * ? *', '15 12 * * ? *', '0 18 ? * MON-FRI *', '0 8 1 * ? *', '0/15 * * * ? *', '0/10 * ? * MON-FRI *', '0/5 8-17 ? * MON-FRI *', '0 9 ? * 2#1 *']) {
      expect(scheduleExpressionProblem(`cron(${body})`)).toBeUndefined();
      expect({ body, runs: ours(body, from) }).toEqual({ body, runs: theirs(body, from) });
    }
  });

  it('generated expressions give the same next runs', () => {
    fc.assert(
      fc.property(expression, start, (body, from) => {
        fc.pre(scheduleExpressionProblem(`cron(${body})`) === undefined);
        expect({ body, runs: ours(body, from) }).toEqual({ body, runs: theirs(body, from) });
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
