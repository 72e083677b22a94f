/**
 * When each schedule of a template fires next, as EventBridge would fire it:
 * - an EventBridge rule (`AWS::Events::Rule`) evaluates cron in UTC, so its local wall-clock time moves by
 *   an hour when the displayed zone changes to or from daylight saving time;
 * - EventBridge Scheduler (`Trigger: EventBridgeScheduler`) evaluates cron and `at(...)` in the schedule's
 *   time zone. Per the AWS knowledge-center article on DST and EventBridge Scheduler: a local time that does
 *   not exist (clocks go forward) is skipped, and a local time that occurs twice (clocks go back) runs once.
 *   Which of the two instants is not documented; we show the first (the earlier one).
 * - `rate(...)` counts from when the rule or schedule was created (or its StartDate), which a template does
 *   not say: the runs shown count from "now". A Scheduler rate in days is 24 hours, whatever DST does.
 * - a schedule's StartDate / EndDate (EventBridge Scheduler) bound the runs; State: DISABLED is a warning.
 * Reads raw shorthand properties (Trigger, Timezone, Schedules.<name>.Timezone/ScheduleExpression/StartDate/
 * EndDate/State) so that it needs nothing from the schema beyond the expression. Pure: "now" is a parameter.
 */
import { alarmWindow } from '../src/alarmWindow';
import { matchingWallTimes, parseCron } from './cron';
import { isObject, type JsonObject } from '../src/json';
import { scheduleExpressionProblem, triggerProblem } from '../src/scheduleExpression';
import { SHORTHAND_TYPE } from '../src/schema';
import { formatOffset, formatWallTime, instantsOf, isTimeZone, offsetMinutes, wallTime, type WallTime } from './zonedTime';

export type Trigger = 'EventBridgeRule' | 'EventBridgeScheduler';

interface Run {
  /** ISO 8601 in UTC. */
  readonly utc: string;
  /** `2027-03-28 Sun 01:45` in the display zone. */
  readonly local: string;
  /** Offset of the display zone at that instant, e.g. `+02:00`. */
  readonly offset: string;
}

export interface ScheduleRuns {
  readonly resource: string;
  readonly schedule: string;
  readonly expression: string;
  readonly trigger: Trigger;
  /** The zone EventBridge evaluates the expression in (UTC for a rule). */
  readonly timezone: string;
  /** The zone the local times are shown in. */
  readonly displayTimezone: string;
  readonly runs: readonly Run[];
  /** Facts about the runs shown: skipped and de-duplicated DST times, rate origin. */
  readonly notes: readonly string[];
  /** Things the user probably did not intend: a UTC rule whose local time shifts, a past at(...). */
  readonly warnings: readonly string[];
  /** Set when the expression cannot be evaluated (an intrinsic function, an invalid expression or zone). */
  readonly error?: string;
  /** What watches this schedule (set only when the shorthand says): start deadline, "no success" alarm, pause. */
  readonly watch?: ScheduleWatch;
}

/** What the shorthand says about knowing when this schedule did not run. */
export interface ScheduleWatch {
  /** Seconds, or the intrinsic as JSON text when only CloudFormation knows it. */
  readonly startDeadlineSeconds?: number | string;
  readonly alarmIfNoSuccessWithinMinutes?: number;
  /** The resource-level State: DISABLED pauses this schedule whatever its own State says. */
  readonly pausedByResource?: true;
}

/** The watch of a schedule from its shorthand's properties (undefined when nothing is set). */
export function scheduleWatch(props: JsonObject, spec: JsonObject): ScheduleWatch | undefined {
  const deadline = spec['StartDeadlineSeconds'] ?? props['StartDeadlineSeconds'];
  const asNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
  const window = asNumber(spec['AlarmIfNoSuccessWithinMinutes']);
  const watch: ScheduleWatch = {
    ...(deadline !== undefined ? { startDeadlineSeconds: asNumber(deadline) ?? JSON.stringify(deadline) } : {}),
    ...(window !== undefined ? { alarmIfNoSuccessWithinMinutes: window } : {}),
    ...(props['State'] === 'DISABLED' ? { pausedByResource: true as const } : {}),
  };
  return Object.keys(watch).length > 0 ? watch : undefined;
}

/** One line per fact of a watch, for people. */
export function describeWatch(watch: ScheduleWatch): string[] {
  const lines: string[] = [];
  if (watch.startDeadlineSeconds !== undefined) {
    const shown = typeof watch.startDeadlineSeconds === 'number' ? `${watch.startDeadlineSeconds} s` : `${watch.startDeadlineSeconds} (known at deploy time)`;
    lines.push(`start deadline: ${shown}; a run that cannot start within it is skipped (AWS's default: 24 h)`);
  }
  if (watch.alarmIfNoSuccessWithinMinutes !== undefined) {
    const window = alarmWindow(watch.alarmIfNoSuccessWithinMinutes);
    const how = typeof window === 'string' ? `: ${window}` : window.evaluationPeriods > 1 ? ` (CloudWatch: ${window.evaluationPeriods} periods of ${window.periodSeconds / 60} minutes)` : '';
    lines.push(`alarm: no success within ${watch.alarmIfNoSuccessWithinMinutes} minutes${how}`);
  }
  if (watch.pausedByResource) lines.push('paused: the resource\'s State is DISABLED');
  return lines;
}

export interface NextRunsOptions {
  /** The current instant, ms since the epoch. */
  readonly now: number;
  readonly count: number;
  /** Display zone for rules (and for Scheduler schedules when `override` is set). */
  readonly displayZone: string;
  /** `--tz` was given: show every schedule in `displayZone`. */
  readonly override: boolean;
}

const MINUTE = 60_000;
/** Milliseconds per rate(...) unit. */
export const RATE_UNITS: Readonly<Record<string, number>> = { minute: MINUTE, minutes: MINUTE, hour: 60 * MINUTE, hours: 60 * MINUTE, day: 1440 * MINUTE, days: 1440 * MINUTE };

/** Every schedule of every shorthand of a template, in template order. */
export function nextRuns(template: JsonObject, options: NextRunsOptions): ScheduleRuns[] {
  const out: ScheduleRuns[] = [];
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || resource['Type'] !== SHORTHAND_TYPE || !isObject(resource['Properties'])) continue;
    const props = resource['Properties'];
    const trigger: Trigger = props['Trigger'] === 'EventBridgeScheduler' ? 'EventBridgeScheduler' : 'EventBridgeRule';
    const schedules = isObject(props['Schedules']) ? props['Schedules'] : {};
    for (const [name, schedule] of Object.entries(schedules)) {
      if (!isObject(schedule)) continue;
      const watch = scheduleWatch(props, schedule);
      out.push({ ...scheduleRuns(logicalId, name, trigger, props, schedule, options), ...(watch ? { watch } : {}) });
    }
  }
  return out;
}

function scheduleRuns(resource: string, schedule: string, trigger: Trigger, props: JsonObject, spec: JsonObject, options: NextRunsOptions): ScheduleRuns {
  const rawZone = trigger === 'EventBridgeScheduler' ? (spec['Timezone'] ?? props['Timezone'] ?? 'UTC') : 'UTC';
  const expressionValue = spec['ScheduleExpression'];
  const base = { resource, schedule, trigger, expression: typeof expressionValue === 'string' ? expressionValue : expressionValue === undefined ? '' : JSON.stringify(expressionValue) };
  const fail = (error: string, timezone = typeof rawZone === 'string' ? rawZone : 'UTC'): ScheduleRuns => ({ ...base, timezone, displayTimezone: options.displayZone, runs: [], notes: [], warnings: [], error });
  if (typeof rawZone !== 'string') return fail('the time zone is an intrinsic function: its value is only known at deploy time', 'UTC');
  if (!isTimeZone(rawZone)) return fail(`${JSON.stringify(rawZone)} is not an IANA time zone name (e.g. Europe/Berlin)`);
  const zone = rawZone;
  const display = trigger === 'EventBridgeRule' || options.override ? options.displayZone : zone;
  if (expressionValue === undefined) return fail('ScheduleExpression is missing', zone);
  if (typeof expressionValue !== 'string') return fail('the schedule expression is an intrinsic function: its value is only known at deploy time', zone);
  const expression = expressionValue;
  const run = (instant: number): Run => ({ utc: new Date(instant).toISOString(), local: formatWallTime(display, instant), offset: formatOffset(offsetMinutes(display, instant)) });
  const notes: string[] = [];
  const warnings: string[] = [];
  const startDate = dateOf(spec['StartDate']);
  const endDate = dateOf(spec['EndDate']);
  const result = (all: readonly number[]): ScheduleRuns => {
    const instants = endDate === undefined ? all : all.filter((i) => i <= endDate);
    if (instants.length < all.length) notes.push(`EndDate ${new Date(endDate ?? 0).toISOString()}: no run after it`);
    return { ...base, timezone: zone, displayTimezone: display, runs: instants.map(run), notes, warnings };
  };
  if (spec['State'] === 'DISABLED') warnings.push('State: DISABLED: EventBridge does not run this schedule; shown is when it would run once enabled');
  const later = startDate !== undefined && startDate > options.now;
  if (later) notes.push(`StartDate ${new Date(startDate).toISOString()}: no run before it`);

  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [, y, mo, d, h, mi] = at.map(Number) as [number, number, number, number, number, number];
    const problem = triggerProblem(expression, trigger);
    if (problem !== undefined) return fail(problem, zone);
    const instants = instantsOf(zone, { year: y, month: mo, day: d, hour: h, minute: mi });
    const first = instants[0];
    if (first === undefined) {
      warnings.push(`${expression.slice(3, -1)} does not exist in ${zone} (the clocks go forward then): pick another time`);
      return result([]);
    }
    if (instants.length > 1) notes.push(`${expression.slice(3, -1)} occurs twice in ${zone} (the clocks go back): the schedule runs once; shown is the first`);
    if (first <= options.now) {
      warnings.push(`at(...) is in the past: this one-time schedule never runs`);
      return result([]);
    }
    notes.push('one-time schedule: runs once');
    return result([first]);
  }

  const problem = scheduleExpressionProblem(expression);
  if (problem !== undefined) return fail(problem, zone);

  const rate = /^rate\((\d+) ([a-z]+)\)$/.exec(expression);
  if (rate) {
    const step = Number(rate[1]) * (RATE_UNITS[rate[2] as string] ?? MINUTE);
    if (!later) notes.push('rate: counted from now; EventBridge counts from when the schedule is created (or its StartDate)');
    // A rate schedule's first run is its StartDate when it has one (EventBridge Scheduler).
    const first = later ? startDate : options.now + step;
    return result(Array.from({ length: options.count }, (_, i) => first + i * step));
  }

  const cron = parseCron(expression.slice(5, -1));
  // The first whole minute after now, as a wall-clock time in the evaluation zone.
  const startInstant = later ? Math.ceil(startDate / MINUTE) * MINUTE : Math.floor(options.now / MINUTE) * MINUTE + MINUTE;
  const start = wallTime(zone, startInstant);
  const instants: number[] = [];
  for (const time of matchingWallTimes(cron, start)) {
    if (instants.length >= options.count) break;
    const candidates = instantsOf(zone, time);
    const first = candidates[0];
    if (first === undefined) {
      notes.push(`${label(time)} does not exist in ${zone} (clocks go forward): EventBridge Scheduler skips this run`);
      continue;
    }
    if (first < startInstant) continue;
    if (candidates.length > 1) notes.push(`${label(time)} occurs twice in ${zone} (clocks go back): EventBridge Scheduler runs once; shown is the first (${formatOffset(offsetMinutes(zone, first))})`);
    instants.push(first);
  }
  if (instants.length === 0) warnings.push('no future run: the expression matches no time from now on');
  if (trigger === 'EventBridgeRule') {
    const shift = dstShift(display, expression, cron.hours.length === 1 && cron.minutes.length === 1 ? { hour: cron.hours[0] as number, minute: cron.minutes[0] as number } : undefined, options.now);
    if (shift !== undefined) warnings.push(shift);
  }
  return result(instants);
}

/** An ISO 8601 date-time property (StartDate, EndDate), or undefined when absent or not a literal. */
function dateOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? undefined : instant;
}

function label(time: WallTime): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${time.year}-${pad(time.month)}-${pad(time.day)} ${pad(time.hour)}:${pad(time.minute)}`;
}

/** The last zone and start offsetChanges sampled: every UTC rule of a template asks for the same. */
let sampled: { readonly zone: string; readonly now: number; readonly offsets: ReadonlyArray<{ readonly offset: number; readonly from: number }> } | undefined;

/** The zone's UTC offset at `now` and at each daily sample over the next year where it differs from the day before. */
function offsetChanges(zone: string, now: number): ReadonlyArray<{ readonly offset: number; readonly from: number }> {
  if (sampled?.zone === zone && sampled.now === now) return sampled.offsets;
  const offsets: Array<{ offset: number; from: number }> = [];
  for (let day = 0; day <= 366; day++) {
    const instant = now + day * 1440 * MINUTE;
    const offset = offsetMinutes(zone, instant);
    if (offsets.length === 0 || (offsets[offsets.length - 1] as { offset: number }).offset !== offset) offsets.push({ offset, from: instant });
  }
  sampled = { zone, now, offsets };
  return offsets;
}

/**
 * For a UTC rule shown in a zone with daylight saving time: how the local time moves over the next year,
 * and the Scheduler configuration that would keep it fixed.
 */
function dstShift(zone: string, expression: string, fixed: { hour: number; minute: number } | undefined, now: number): string | undefined {
  const offsets = offsetChanges(zone, now);
  const distinct = [...new Set(offsets.map((o) => o.offset))];
  if (distinct.length < 2) return undefined;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const at = (offset: number): string => {
    if (fixed === undefined) return `UTC${formatOffset(offset)}`;
    const minutes = (((fixed.hour * 60 + fixed.minute + offset) % 1440) + 1440) % 1440;
    return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)} (UTC${formatOffset(offset)})`;
  };
  // The first change, to the minute: between the last sample before it and the first after it.
  let low = (offsets[1] as { from: number }).from - 1440 * MINUTE;
  let high = (offsets[1] as { from: number }).from;
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (offsetMinutes(zone, mid) === (offsets[0] as { offset: number }).offset) low = mid;
    else high = mid;
  }
  const changeDay = formatWallTime(zone, high).slice(0, 14);
  const times = distinct.map(at).join(' and ');
  const shifted = fixed === undefined ? undefined : fixed.hour * 60 + fixed.minute + (offsets[0] as { offset: number }).offset;
  // Moving the time across midnight would also move the days: only then is a rewritten expression not offered.
  const everyDay = /^cron\(\S+ \S+ (\*|\?) \S+ (\*|\?) /.test(expression);
  const local = shifted === undefined || (!everyDay && (shifted < 0 || shifted >= 1440)) ? undefined : ((shifted % 1440) + 1440) % 1440;
  const suggestion =
    local === undefined
      ? `Trigger: EventBridgeScheduler with Timezone: ${zone} and the expression written in local time`
      : `Trigger: EventBridgeScheduler with Timezone: ${zone} and ${expression.replace(/^cron\(\S+ \S+ /, `cron(${local % 60} ${Math.floor(local / 60)} `)}`;
  return `EventBridge rules run in UTC: in ${zone} this schedule runs at ${times}; the local time next shifts on ${changeDay} (daylight saving time). To keep the local time fixed, use ${suggestion}.`;
}
