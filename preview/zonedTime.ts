/**
 * Wall-clock time in an IANA time zone, with the platform's time zone data (Intl), and the conversion
 * back to instants that daylight saving time makes ambiguous: a local time may not exist (clocks go
 * forward) or exist twice (clocks go back). Pure: no clock is read here.
 *
 * UTC itself (under the names in UTC_ZONES) is computed with Date's UTC fields instead: the first
 * Intl.DateTimeFormat of a process loads ICU's data (about 25 ms), which a command whose zones are all UTC
 * (a rule shown on a machine set to UTC) then never pays. Both give the same answer (test/zonedTime.test.ts).
 */

export interface WallTime {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Names of the zone UTC that Intl accepts (and resolves to "UTC"): the time zone database's UTC and its
 * links. Written as the database spells them; another spelling ("utc") goes through Intl.
 */
export const UTC_ZONES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'UCT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu']);

/**
 * From 0001-01-01T00:00Z on, Date's UTC fields are Intl's wall time in UTC (both count days in the proleptic
 * Gregorian calendar); before it Intl (en-US) counts years of an era, 1 BC being year 1 where Date says 0.
 */
const YEAR_ONE = -62_135_596_800_000;
/** The last instant a Date holds; beyond it (and for NaN) Intl throws a RangeError, as it should here too. */
const LAST_DATE = 8.64e15;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether the platform knows `zone` as an IANA time zone name. */
export function isTimeZone(zone: string): boolean {
  if (UTC_ZONES.has(zone)) return true;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time at `instant` (ms since the epoch) in `zone`. */
export function wallTime(zone: string, instant: number): WallTime & { readonly second: number } {
  if (UTC_ZONES.has(zone) && instant >= YEAR_ONE && instant <= LAST_DATE) {
    const d = new Date(instant);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
  }
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts['year'] ?? 0, month: parts['month'] ?? 0, day: parts['day'] ?? 0, hour: parts['hour'] ?? 0, minute: parts['minute'] ?? 0, second: parts['second'] ?? 0 };
}

/** The zone's offset from UTC at `instant`, in minutes (Europe/Berlin in summer: 120). */
export function offsetMinutes(zone: string, instant: number): number {
  const w = wallTime(zone, instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** `+01:00`, `-05:30`, `+00:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The instants at which the wall clock of `zone` shows `time`, earliest first: one normally, none in a
 * spring-forward gap, two in a fall-back overlap.
 */
export function instantsOf(zone: string, time: WallTime): number[] {
  const naive = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute);
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((delta) => offsetMinutes(zone, naive + delta)));
  const found = new Set<number>();
  for (const offset of offsets) {
    const candidate = naive - offset * 60_000;
    const w = wallTime(zone, candidate);
    if (w.year === time.year && w.month === time.month && w.day === time.day && w.hour === time.hour && w.minute === time.minute) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `2027-03-28 Sun 01:45` in `zone`. */
export function formatWallTime(zone: string, instant: number): string {
  const w = wallTime(zone, instant);
  const weekday = WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()] as string;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${weekday} ${pad(w.hour)}:${pad(w.minute)}`;
}
