/** `next-runs <file>`: the next fire times of each schedule, in UTC and in local time, DST-correct. */
import { readlinkSync } from 'node:fs';
import { describeWatch, nextRuns, type ScheduleRuns } from '../preview/nextRuns';
import { isTimeZone } from '../preview/zonedTime';
import { EXIT, formatOption, nowOption, parseOptions, positiveInteger, styleFor, table, UsageError, type CliIo } from './common';
import { loadTemplate } from './template';

export const NEXT_RUNS_USAGE = `Usage: ecs-batch-scheduler next-runs <template.yaml|json> [--count N] [--tz ZONE] [--now ISO] [--format text|json]

Prints the next N (default 5) fire times of every schedule, in UTC and in local time, with AWS cron
semantics (6 fields, ?, L, W, #, year) and daylight saving time applied as EventBridge applies it:
  - Trigger: EventBridgeRule (default) runs in UTC; times are shown in --tz (default: this machine's
    zone), with a warning when the local time moves with daylight saving time.
  - Trigger: EventBridgeScheduler evaluates cron(...) and at(...) in the schedule's Timezone; a local time
    that does not exist is skipped, one that occurs twice runs once. --tz only changes the display.
  - rate(...) is counted from --now (EventBridge counts from when the schedule is created).
--now sets the current time (ISO 8601, e.g. 2027-03-27T12:00:00Z), for reproducible output.

Exit codes: 0 listed, 1 a schedule cannot be evaluated or has a warning, 2 wrong usage.`;

export function nextRunsCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseOptions(args, { values: ['--count', '--tz', '--now', '--format'] });
  const format = formatOption(parsed.options['--format']);
  const count = positiveInteger('--count', parsed.options['--count'], 5);
  const tz = parsed.options['--tz'];
  if (tz !== undefined && !isTimeZone(tz)) throw new UsageError(`--tz takes an IANA time zone name such as Europe/Berlin, got "${tz}"`);
  const now = nowOption(parsed.options['--now'], io);
  const [file, extra] = parsed.positional;
  if (file === undefined) throw new UsageError('missing template file');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const loaded = loadTemplate(io, file);
  const displayZone = tz ?? io.env?.['TZ'] ?? machineZone();
  const schedules = nextRuns(loaded.template, { now, count, displayZone: isTimeZone(displayZone) ? displayZone : 'UTC', override: tz !== undefined });
  const findings = schedules.some((s) => s.error !== undefined || s.warnings.length > 0);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ file, now: new Date(now).toISOString(), schedules }, null, 2)}\n`);
  } else if (schedules.length === 0) {
    io.stdout(`${file}: no Custom::BatchCommandSchedule schedules\n`);
  } else {
    io.stdout(schedules.map((s) => describe(s, io)).join('\n'));
  }
  return findings ? EXIT.findings : EXIT.ok;
}

/**
 * This machine's time zone as Intl names it (`Intl.DateTimeFormat().resolvedOptions().timeZone`). Without
 * TZ in the environment, ICU takes the zone from the name /etc/localtime links to, after "/zoneinfo/"; when
 * that is UTC, the answer ("UTC") is known without Intl, whose first use loads ICU's data (about 25 ms of
 * a start). Any other case (TZ set, another zone, no link, a copied file) asks Intl.
 */
export function machineZone(env: Readonly<Record<string, string | undefined>> = process.env, readLink: (path: string) => string = readlinkSync): string {
  if (env['TZ'] === undefined) {
    let target: string | undefined;
    try {
      target = readLink('/etc/localtime');
    } catch {
      target = undefined;
    }
    const zone = target?.split('/zoneinfo/')[1];
    if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function describe(s: ScheduleRuns, io: CliIo): string {
  const style = styleFor(io);
  const where = s.trigger === 'EventBridgeRule' ? 'EventBridge rule, evaluated in UTC' : `EventBridge Scheduler, evaluated in ${s.timezone}`;
  const lines = [`${style.bold(`${s.resource}.${s.schedule}`)}  ${s.expression}  (${where})`];
  if (s.error !== undefined) {
    lines.push(`  ${style.red('error')}: ${s.error}`);
  } else {
    const rows = s.runs.map((r) => [`  ${r.utc.replace('T', ' ').replace(/:00\.000Z$/, ' UTC')}`, `${r.local} ${s.displayTimezone} (${r.offset})`]);
    lines.push(...table(rows));
    for (const note of s.notes) lines.push(`  ${style.dim(`note: ${note}`)}`);
    for (const warning of s.warnings) lines.push(`  ${style.yellow('warning')}: ${warning}`);
  }
  if (s.watch) for (const line of describeWatch(s.watch)) lines.push(`  ${line}`);
  return `${lines.join('\n')}\n`;
}
