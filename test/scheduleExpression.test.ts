import * as fc from 'fast-check';
import { scheduleExpressionProblem } from '../src/scheduleExpression';

const SEED = Number(process.env['FC_SEED'] ?? 20261201);
const RUNS = Math.max(1, Math.round(3000 * Number(process.env['FC_RUNS'] ?? 1)));

describe('schedule expressions (EventBridge rules)', () => {
  it.each([
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    'cron(45 21 * * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0 8-17 ? * MON-FRI *)',
    'cron(0 8-17 ? * mon-fri *)',
    'cron(0 12 L * ? *)',
    'cron(0 12 LW * ? *)',
    'cron(0 12 15W * ? *)',
    'cron(0 12 ? * 6L *)',
    'cron(0 12 ? * 2#1 *)',
    'cron(0 12 ? * MON#3 *)',
    'cron(0 0 1 JAN,JUL ? 2027-2030)',
    'cron(5,35 14 * * ? *)',
    'cron(0 10 * * ? 2027/2)',
    'cron(0 0 ? * L *)',
    'at(2027-03-01T04:00:00)',
    'at(2028-02-29T23:59:59)',
  ])('accepts %s', (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });

  it.each([
    ['cron(45 21 * * * *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(45 21 ? * ? *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(45 21 * * *)', 'found 5'],
    ['cron(0 0 1 1 ? 2027 x)', 'found 7'],
    ['cron(0  0 1 1 ? 2027)', 'exactly 6 fields'],
    ['cron(60 0 * * ? *)', '"60" in minutes is out of range'],
    ['cron(0 24 * * ? *)', '"24" in hours is out of range'],
    ['cron(0 0 32 * ? *)', '"32" in day-of-month is out of range'],
    ['cron(0 0 0 * ? *)', '"0" in day-of-month is out of range'],
    ['cron(0 0 * 13 ? *)', '"13" in month is out of range'],
    ['cron(0 0 ? * 8 *)', '"8" in day-of-week is out of range'],
    ['cron(0 0 ? * FUN *)', '"FUN" in day-of-week is out of range'],
    ['cron(0 0 * * ? 2200)', '"2200" in year is out of range'],
    ['cron(0 22-2 * * ? *)', 'reversed range'],
    ['cron(0/0 * * * ? *)', 'increment must be at least 1'],
    ['cron(? 0 * * ? *)', '"?" is only allowed in day-of-month and day-of-week'],
    ['cron(0 0 L-2 * ? *)', '"L-2" in day-of-month'],
    ['cron(0 0 ? * 2#6 *)', 'not a valid day-of-week field'],
    ['rate(1 minutes)', 'with a value of 1 the unit must be one of "minute", "hour", "day"'],
    ['rate(2 hour)', 'with a value of 2 the unit must be one of "minutes", "hours", "days"'],
    ['rate(0 minutes)', 'positive whole number'],
    ['rate(05 minutes)', 'positive whole number'],
    ['rate(1 week)', 'must be one of'],
    ['rate(1.5 hours)', 'a rate must be "rate(value unit)"'],
    ['rate(5minutes)', 'a rate must be "rate(value unit)"'],
    ['at(2027-02-30T04:00:00)', 'is not a real date'],
    ['at(2027-03-01T04:00:00Z)', 'without a time zone offset'],
    ['at(2027-03-01 04:00)', 'must be "at(yyyy-mm-ddThh:mm:ss)"'],
    ['0 2 * * *', 'must be "cron('],
    ['', 'must be "cron('],
  ])('rejects %s', (expression, problem) => {
    expect(scheduleExpressionProblem(expression)).toContain(problem);
  });

  // The usual expressions (every field `*`, `?` or a number) are checked by a short way that takes nothing
  // apart: it must judge them exactly as AWS cron's rules say, and as the long way does.
  describe('plain fields', () => {
    const RANGES = [
      [0, 59],
      [0, 23],
      [1, 31],
      [1, 12],
      [1, 7],
      [1970, 2199],
    ] as const;
    /** AWS's rules for fields that are `*`, `?` or a number (leading zeros allowed), as the documentation states them. */
    function valid(fields: readonly string[]): boolean {
      if (fields.length !== 6) return false;
      const ok = fields.every((f, i) => {
        if (f === '*') return true;
        if (f === '?') return i === 2 || i === 4;
        const [min, max] = RANGES[i] as readonly [number, number];
        return /^\d+$/.test(f) && Number(f) >= min && Number(f) <= max;
      });
      return ok && (fields[2] === '?') !== (fields[4] === '?');
    }
    /** A field its position takes: `*` or a number in range, sometimes with leading zeros. */
    const fieldFor = (i: number): fc.Arbitrary<string> => {
      const [min, max] = RANGES[i] as readonly [number, number];
      return fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min, max }).map(String) },
        { weight: 2, arbitrary: fc.constant('*') },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('0', '00', '000', '0000'), fc.integer({ min, max })).map(([zeros, n]) => `${zeros}${n}`) },
      );
    };
    /** What can break one: a value just outside a range, `?` elsewhere, junk, a field too many or too few, another separator. */
    const breakage = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom('-1', '0', '60', '24', '32', '13', '8', '1969', '2200', '12345', '?', '**', '?*', '*?', '', '1a', 'X')).map(([i, t]) => ({ field: i, token: t })),
      fc.constantFrom({ more: true }, { fewer: true }, { separator: '  ' }, { separator: '\t' }, { separator: '' }, { trailing: ' ' }),
      fc.integer({ min: 0, max: 5 }).map((i) => ({ questionTo: i })),
    );
    const expression = fc
      .tuple(fc.tuple(...[0, 1, 2, 3, 4, 5].map(fieldFor)), fc.boolean(), fc.option(breakage, { freq: 2 }))
      .map(([valid, questionInDayOfMonth, broken]) => {
        const fields: string[] = [...valid];
        fields[questionInDayOfMonth ? 2 : 4] = '?';
        if (broken !== null && 'field' in broken) fields[broken.field] = broken.token;
        if (broken !== null && 'questionTo' in broken) {
          fields[questionInDayOfMonth ? 2 : 4] = '1';
          fields[broken.questionTo] = '?';
        }
        if (broken !== null && 'more' in broken) fields.push('0');
        if (broken !== null && 'fewer' in broken) fields.pop();
        const separator: string = broken !== null && 'separator' in broken ? (broken.separator ?? ' ') : ' ';
        const trailing: string = broken !== null && 'trailing' in broken ? (broken.trailing ?? '') : '';
        return `${fields.join(' ').replace(' ', separator)}${trailing}`;
      });

    it('an expression of such fields is accepted exactly when the rules accept it', () => {
      let accepted = 0;
      fc.assert(
        fc.property(expression, (body) => {
          const expected = !/\t| {2}/.test(body) && valid(body.split(' '));
          const actual = scheduleExpressionProblem(`cron(${body})`) === undefined;
          if (actual) accepted++;
          expect(actual).toBe(expected);
        }),
        { seed: SEED, numRuns: RUNS },
      );
      // Both answers are well represented.
      expect(accepted).toBeGreaterThan(RUNS / 10);
      expect(accepted).toBeLessThan(RUNS * 0.9);
    });

    it.each([
      ['cron(0 0 1 1 ? 1970)', true],
      ['cron(59 23 31 12 ? 2199)', true],
      ['cron(* * ? * 7 *)', true],
      ['cron(007 0 ? * 1 *)', true],
      ['cron(00001 0 ? * 1 *)', true],
      ['cron(0 0 1 1 ? 2199 )', false],
      ['cron( 0 0 1 1 ? 2199)', false],
      ['cron(0 0 1 1 ? 02200)', false],
      ['cron(0 0 1 1 ?? 2027)', false],
      ['cron(0 0 ? 1 ? 2027)', false],
      ['cron(0 0 1 1 1 2027)', false],
      ['cron(0 0 1 1 ? 2027))', false],
      ['cron(? 0 1 * 1 *)', false],
      ['cron(0 0 1 ? 1 *)', false],
    ] as const)('%s: accepted %s', (expression, accepted) => {
      expect(scheduleExpressionProblem(expression) === undefined).toBe(accepted);
    });
  });
});
