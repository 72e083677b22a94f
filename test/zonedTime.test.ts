/**
 * UTC without ICU: preview/zonedTime.ts computes wall times in UTC (under the names of UTC_ZONES) from Date's
 * UTC fields, and next-runs takes the machine's zone from the /etc/localtime link when it names UTC, so a
 * start whose zones are all UTC never loads ICU's data. Each shortcut is held against what Intl answers.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { machineZone } from '../cli/nextRuns';
import { ROOT, TEMPLATES_DIR } from './support/paths';
import { formatWallTime, instantsOf, isTimeZone, offsetMinutes, UTC_ZONES, wallTime } from '../preview/zonedTime';

/** What Intl itself says about a zone, in a fresh formatter (not the module's cache). */
const resolved = (zone: string): string => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;

/** The Intl path of the module for UTC: a spelling Intl accepts that is not in UTC_ZONES. */
const VIA_INTL = 'utc';

const YEAR_ONE = Date.parse('0001-01-01T00:00:00Z');
const LAST_DATE = 8.64e15;

describe('UTC without Intl', () => {
  it('every name of UTC_ZONES is a zone Intl accepts and resolves to UTC; "utc" is not in the set (it is the Intl path below)', () => {
    for (const zone of UTC_ZONES) expect([zone, resolved(zone)]).toEqual([zone, 'UTC']);
    expect(UTC_ZONES.has(VIA_INTL)).toBe(false);
    expect(resolved(VIA_INTL)).toBe('UTC');
  });

  it('isTimeZone answers as Intl does, for the UTC names and for others', () => {
    for (const zone of [...UTC_ZONES, VIA_INTL, 'Europe/Berlin', 'GMT', 'Etc/GMT+0']) expect([zone, isTimeZone(zone)]).toEqual([zone, true]);
    for (const zone of ['Mars/Olympus', 'UTC ', 'Etc/UTC/x', '']) expect([zone, isTimeZone(zone)]).toEqual([zone, false]);
  });

  it('wall times, offsets and local times in UTC equal those Intl computes, from year 1 to the last Date', () => {
    const edges = [YEAR_ONE, YEAR_ONE + 1, -1, 0, 999, Date.parse('1582-10-04T23:59:59.999Z'), Date.parse('1582-10-15T00:00:00Z'), Date.parse('2028-02-29T23:59:59.999Z'), Date.parse('9999-12-31T23:59:59.999Z'), LAST_DATE];
    const same = (instant: number): void => {
      const viaIntl = { wall: wallTime(VIA_INTL, instant), local: formatWallTime(VIA_INTL, instant), offset: offsetMinutes(VIA_INTL, instant) };
      const zones = [...UTC_ZONES];
      expect({ instant, answers: zones.map((zone) => ({ zone, wall: wallTime(zone, instant), local: formatWallTime(zone, instant), offset: offsetMinutes(zone, instant) })) }).toEqual({ instant, answers: zones.map((zone) => ({ zone, ...viaIntl })) });
    };
    edges.forEach(same);
    fc.assert(fc.property(fc.integer({ min: YEAR_ONE, max: LAST_DATE }), (instant) => {
      same(instant);
    }), { numRuns: 200 });
    fc.assert(fc.property(fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') }), (instant) => {
      same(instant);
    }), { numRuns: 200 });
  });

  it('a local time in UTC is one instant, as Intl finds it', () => {
    const time = { year: 2027, month: 3, day: 28, hour: 2, minute: 30 };
    expect(instantsOf('UTC', time)).toEqual(instantsOf(VIA_INTL, time));
    expect(instantsOf('Etc/UTC', time)).toEqual([Date.parse('2027-03-28T02:30:00Z')]);
  });

  it('before year 1, and for what is not a Date, the Intl path answers (Intl counts 1 BC as year 1; it throws for NaN)', () => {
    const before = YEAR_ONE - 1;
    expect(wallTime('UTC', before)).toEqual(wallTime(VIA_INTL, before));
    expect(wallTime('UTC', before).year).toBe(1);
    expect(new Date(before).getUTCFullYear()).toBe(0);
    for (const instant of [Number.NaN, LAST_DATE + 1, Number.POSITIVE_INFINITY]) {
      expect(() => wallTime(VIA_INTL, instant)).toThrow(RangeError);
      expect(() => wallTime('UTC', instant)).toThrow(RangeError);
    }
  });
});

describe("next-runs: the machine's zone", () => {
  const intl = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const link = (target: string) => () => target;
  const missing = (): string => {
    throw Object.assign(new Error("ENOENT: no such file or directory, readlink '/etc/localtime'"), { code: 'ENOENT' });
  };

  it('a link to zoneinfo/UTC or zoneinfo/Etc/UTC, without TZ, is "UTC", as ICU names it', () => {
    for (const target of ['/usr/share/zoneinfo/Etc/UTC', '/usr/share/zoneinfo/UTC', '../usr/share/zoneinfo/Etc/UTC', '/usr/lib/zoneinfo/UTC']) {
      expect([target, machineZone({}, link(target))]).toEqual([target, 'UTC']);
    }
    expect(resolved('Etc/UTC')).toBe('UTC');
  });

  it('TZ set (valid, invalid or empty), another zone, a name not after /zoneinfo/, or no link: Intl answers', () => {
    const cases: Array<[Record<string, string | undefined>, () => string]> = [
      [{ TZ: 'Europe/Berlin' }, link('/usr/share/zoneinfo/Etc/UTC')],
      [{ TZ: 'Mars/Olympus' }, link('/usr/share/zoneinfo/Etc/UTC')],
      [{ TZ: '' }, link('/usr/share/zoneinfo/UTC')],
      [{}, link('/usr/share/zoneinfo/Europe/Berlin')],
      [{}, link('/usr/share/zoneinfo/posix/Etc/UTC')],
      [{}, link('/usr/share/zoneinfo/Etc/UTC/')],
      [{}, link('/etc/UTC')],
      [{}, missing],
    ];
    for (const [env, readLink] of cases) expect(machineZone(env, readLink)).toBe(intl);
  });

  /** Intl's answer in a fresh node process without TZ (this one's Intl may have seen another TZ). */
  const intlWithoutTz = (): string => {
    const env = { ...process.env };
    delete env['TZ'];
    return execFileSync(process.execPath, ['-e', 'process.stdout.write(Intl.DateTimeFormat().resolvedOptions().timeZone)'], { encoding: 'utf8', env });
  };

  it('on this machine, without TZ: the same answer as Intl, in machineZone and in the built CLI (a rule is shown in the machine\'s zone)', () => {
    const fromIntl = intlWithoutTz();
    expect(machineZone({})).toBe(fromIntl);
    const env = { ...process.env };
    delete env['TZ'];
    const out = execFileSync(process.execPath, [join(ROOT, 'dist', 'cli', 'bin.mjs'), 'next-runs', join(TEMPLATES_DIR, 'nightly-jobs.yaml'), '--format', 'json', '--count', '1'], { encoding: 'utf8', env });
    const shown = (JSON.parse(out) as { schedules: Array<{ displayTimezone: string }> }).schedules.map((s) => s.displayTimezone);
    expect(shown).toEqual([fromIntl, fromIntl, fromIntl]);
  });

  it('on this machine, the link is the one read: where /etc/localtime links to UTC, Intl says "UTC" too', () => {
    const read: string[] = [];
    const zone = machineZone({}, (path) => {
      read.push(path);
      return readlinkSync(path);
    });
    expect(read).toEqual(['/etc/localtime']);
    // Where the link names UTC, machineZone answered "UTC" without asking Intl.
    expect(zone).toBe(intlWithoutTz());
  });
});
