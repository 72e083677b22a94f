import { scheduleExpressionProblem } from '../src/scheduleExpression';

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
});
