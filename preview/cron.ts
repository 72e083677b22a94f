/**
 * Evaluation of AWS cron expressions (`cron(min hour day-of-month month day-of-week year)`): which
 * wall-clock minutes match, including `?`, `L`, `LW`, `nW`, `nL`, `n#k`, names (JAN, MON) and the year
 * field. Validity is checked by scheduleExpression.ts; this module assumes a valid expression.
 */
import { DAYS, MONTHS } from '../src/scheduleExpression';
import type { WallTime } from './zonedTime';

type DayOfMonth =
  | { readonly kind: 'any' }
  | { readonly kind: 'set'; readonly values: ReadonlySet<number> }
  | { readonly kind: 'last' }
  | { readonly kind: 'lastWeekday' }
  | { readonly kind: 'nearestWeekday'; readonly day: number };

/** Days of the week as AWS numbers them: 1 = Sunday ... 7 = Saturday. */
type DayOfWeek =
  | { readonly kind: 'any' }
  | { readonly kind: 'set'; readonly values: ReadonlySet<number> }
  | { readonly kind: 'lastOfMonth'; readonly day: number }
  | { readonly kind: 'nth'; readonly day: number; readonly n: number };

interface Cron {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonth;
  readonly months: ReadonlySet<number>;
  readonly dayOfWeek: DayOfWeek;
  /** Undefined: every year. */
  readonly years: ReadonlySet<number> | undefined;
}

function values(field: string, min: number, max: number, names: readonly string[] = []): number[] {
  const out = new Set<number>();
  const valueOf = (text: string): number => {
    const index = names.indexOf(text);
    return index >= 0 ? index + min : Number(text);
  };
  for (const part of field.toUpperCase().split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    let start: number;
    let end: number;
    if (range === '*') {
      start = min;
      end = max;
    } else {
      const [a, b] = range.split('-') as [string, string | undefined];
      start = valueOf(a);
      // `5/15` means from 5 to the end of the range in steps of 15.
      end = b === undefined ? (stepText === undefined ? start : max) : valueOf(b);
    }
    for (let v = start; v <= end; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Parses the body of a valid `cron(...)` expression. */
export function parseCron(body: string): Cron {
  const [min, hour, dom, month, dow, year] = body.split(' ') as [string, string, string, string, string, string];
  return {
    minutes: values(min, 0, 59),
    hours: values(hour, 0, 23),
    dayOfMonth: parseDayOfMonth(dom.toUpperCase()),
    months: new Set(values(month, 1, 12, MONTHS)),
    dayOfWeek: parseDayOfWeek(dow.toUpperCase()),
    years: year === '*' ? undefined : new Set(values(year, 1970, 2199)),
  };
}

function parseDayOfMonth(field: string): DayOfMonth {
  if (field === '?' || field === '*') return { kind: 'any' };
  if (field === 'L') return { kind: 'last' };
  if (field === 'LW') return { kind: 'lastWeekday' };
  const weekday = /^(\d+)W$/.exec(field);
  if (weekday) return { kind: 'nearestWeekday', day: Number(weekday[1]) };
  return { kind: 'set', values: new Set(values(field, 1, 31)) };
}

function dayNumber(text: string): number {
  const index = DAYS.indexOf(text);
  return index >= 0 ? index + 1 : Number(text);
}

function parseDayOfWeek(field: string): DayOfWeek {
  if (field === '?' || field === '*') return { kind: 'any' };
  // A lone L is the last day of the week: Saturday.
  if (field === 'L') return { kind: 'set', values: new Set([7]) };
  const last = /^([A-Z0-9]+)L$/.exec(field);
  if (last) return { kind: 'lastOfMonth', day: dayNumber(last[1] as string) };
  const nth = /^([A-Z0-9]+)#(\d)$/.exec(field);
  if (nth) return { kind: 'nth', day: dayNumber(nth[1] as string), n: Number(nth[2]) };
  return { kind: 'set', values: new Set(values(field, 1, 7, DAYS)) };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** AWS day of week (1 = Sunday) of a date. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** The weekday (Mon-Fri) nearest to `day`, without leaving the month (Quartz's `W`). */
function nearestWeekday(year: number, month: number, day: number): number {
  const length = daysIn(year, month);
  const target = day;
  const wd = weekday(year, month, target);
  if (wd === 7) return target === 1 ? target + 2 : target - 1; // Saturday
  if (wd === 1) return target === length ? target - 2 : target + 1; // Sunday
  return target;
}

function matchesDay(cron: Cron, year: number, month: number, day: number): boolean {
  if (cron.years !== undefined && !cron.years.has(year)) return false;
  if (!cron.months.has(month)) return false;
  const length = daysIn(year, month);
  if (day > length) return false;
  const dom = cron.dayOfMonth;
  switch (dom.kind) {
    case 'any':
      break;
    case 'set':
      if (!dom.values.has(day)) return false;
      break;
    case 'last':
      if (day !== length) return false;
      break;
    case 'lastWeekday':
      if (day !== nearestWeekday(year, month, length)) return false;
      break;
    case 'nearestWeekday':
      // `31W` does not fire in a month without a 31st (as in Quartz, whose syntax AWS cron follows).
      if (dom.day > length || day !== nearestWeekday(year, month, dom.day)) return false;
      break;
  }
  const dow = cron.dayOfWeek;
  const wd = weekday(year, month, day);
  switch (dow.kind) {
    case 'any':
      return true;
    case 'set':
      return dow.values.has(wd);
    case 'lastOfMonth':
      return wd === dow.day && day + 7 > length;
    case 'nth':
      return wd === dow.day && Math.ceil(day / 7) === dow.n;
  }
}

/**
 * The wall-clock times that match, in order, starting at `from` (inclusive), up to `maxYears` years
 * ahead. A generator: the caller takes as many as it needs.
 */
export function* matchingWallTimes(cron: Cron, from: WallTime, maxYears = 200): Generator<WallTime> {
  const lastYear = from.year + maxYears;
  for (let year = from.year; year <= lastYear; year++) {
    if (cron.years !== undefined && !cron.years.has(year)) {
      if ([...cron.years].every((y) => y < year)) return;
      continue;
    }
    for (let month = year === from.year ? from.month : 1; month <= 12; month++) {
      if (!cron.months.has(month)) continue;
      const firstDay = year === from.year && month === from.month ? from.day : 1;
      for (let day = firstDay; day <= daysIn(year, month); day++) {
        if (!matchesDay(cron, year, month, day)) continue;
        const today = year === from.year && month === from.month && day === from.day;
        for (const hour of cron.hours) {
          if (today && hour < from.hour) continue;
          for (const minute of cron.minutes) {
            if (today && hour === from.hour && minute < from.minute) continue;
            yield { year, month, day, hour, minute };
          }
        }
      }
    }
  }
}
