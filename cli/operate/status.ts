/**
 * `status --stack NAME`: every schedule of a deployed stack with its trigger, state, next fire times (the
 * `next-runs` code, fed with the deployed expressions), whether a run is going on, and its last runs.
 */
import { nextRuns, type NextRunsOptions, type ScheduleRuns } from '../../preview/nextRuns';
import { asShorthandTemplate, rateOrigin, type DeployedSchedule, type LiveTrigger } from '../../preview/operate/stack';
import type { RunSummary } from '../../preview/operate/runs';
import { isTimeZone } from '../../preview/zonedTime';
import { loadStack } from '../aws';
import { clientConfig } from '../aws';
import { EXIT, nowOption, parseOptions, positiveInteger, styleFor, table, UsageError, type CliIo, type Style } from '../common';
import { AWS_HELP, formatDuration, formatTime, operate, runRow, STACK_OPTIONS, stackArgs } from './common';
import { alarmStates, type AlarmState } from './alarms';
import { collectRuns, sfnClient, type CollectedRuns } from './executions';
import { liveTriggers, MISSING } from './triggers';

export const STATUS_USAGE = `Usage: ecs-batch-scheduler status --stack NAME [--last N] [--next N] [--scan N] [--tz ZONE] [--now ISO] [--region R] [--profile P] [--format text|json]

For every EcsBatchScheduler schedule of a deployed stack (read from the stack alone: its processed
template and resources): the trigger, expression and time zone, ENABLED/DISABLED (as the rule or
schedule says now), the next fire times, the runs going on now and the last runs, each with its start,
duration, SUCCEEDED/FAILED/TIMED_OUT/ABORTED/SKIPPED (overlap), whether it was scheduled or started by
hand (\`run\`), the container's exit code or stop reason, the execution ARN, and the state of the alarms
that watch it (its "no success" alarm, its resource's executions and dead-letter alarms).
  --last N   runs per schedule (default 5)
  --next N   next fire times per schedule (default 3)
  --scan N   look at no more than the N newest executions per state machine (default 1000)
  --tz ZONE  also show fire times in this IANA time zone (default: the schedule's own)
  --now ISO  the current time (for reproducible output)
${AWS_HELP}

Exit codes: 0 fine, 1 the last finished run of a schedule failed, timed out or was aborted, or one of
its alarms is in ALARM, 2 wrong usage or the stack could not be read.`;

interface ScheduleStatus {
  readonly resource: string;
  readonly schedule: string;
  readonly trigger: DeployedSchedule['trigger'];
  readonly triggerName?: string;
  readonly expression: string;
  readonly timezone: string;
  readonly state: string;
  /** Next fire times: UTC, and the local time in `nextRunsTimezone`. */
  readonly nextRuns: ReadonlyArray<{ readonly utc: string; readonly local: string; readonly offset: string }>;
  readonly nextRunsTimezone: string;
  /** Why there is no next run (an at(...) in the past), or why it cannot be told. */
  readonly nextRunsNote?: string;
  readonly nextRunsError?: string;
  /** Facts about the fire times shown (a rate counted from now, a skipped or repeated DST time). */
  readonly nextRunsNotes: readonly string[];
  readonly running: readonly RunSummary[];
  readonly lastRuns: readonly RunSummary[];
  readonly scannedExecutions: number;
  readonly allExecutionsScanned: boolean;
  /** The alarms that watch this schedule: its NoSuccessAlarm, and its resource's ExecutionsAlarm and DeadLetterAlarm. */
  readonly alarms: readonly AlarmState[];
}

export function statusCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { values: [...STACK_OPTIONS, '--last', '--next', '--scan', '--tz', '--now'] });
  const options = stackArgs(parsed);
  const last = positiveInteger('--last', parsed.options['--last'], 5);
  const next = positiveInteger('--next', parsed.options['--next'], 3);
  const scan = positiveInteger('--scan', parsed.options['--scan'], 1000);
  const tz = parsed.options['--tz'];
  if (tz !== undefined && !isTimeZone(tz)) throw new UsageError(`--tz takes an IANA time zone name such as Europe/Berlin, got "${tz}"`);
  const now = nowOption(parsed.options['--now'], io);
  if (parsed.positional[0] !== undefined) throw new UsageError(`unexpected argument "${parsed.positional[0]}"`);
  return operate('status', io, async () => {
    const stack = await loadStack(options.stack, options.aws, 'status');
    const all = stack.shorthands.flatMap((s) => s.schedules);
    const live = await liveTriggers(all, options.aws, 'status');
    const timing = { now, count: next, displayZone: tz ?? 'UTC', override: tz !== undefined };
    const times = nextRuns(asShorthandTemplate(stack.shorthands, live), timing);
    const alarms = await alarmStates(stack.shorthands.flatMap((s) => s.alarms), options.aws, 'status');
    const statuses: ScheduleStatus[] = [];
    if (all.length > 0) {
      const sfn = await sfnClient(clientConfig(options.aws), 'status');
      try {
        for (const shorthand of stack.shorthands) {
          const names = shorthand.schedules.map((s) => s.schedule);
          const runs: CollectedRuns | undefined = shorthand.stateMachineArn === undefined ? undefined : await collectRuns(sfn, shorthand.stateMachineArn, names, { last, scan, now });
          for (const s of shorthand.schedules) {
            const found = times.find((t) => t.resource === s.resource && t.schedule === s.schedule);
            const watching = shorthand.alarms.filter((a) => a.schedule === undefined || a.schedule === s.schedule).flatMap((a) => alarms.get(a.logicalId) ?? []);
            statuses.push({ ...scheduleStatus(s, live.get(s.triggerLogicalId), continueRate(s, found, runs, live, timing), runs), alarms: watching });
          }
        }
      } finally {
        sfn.client.destroy();
      }
    }
    const failing = statuses.filter((s) => {
      const finished = s.lastRuns.find((r) => r.status !== 'RUNNING');
      return (finished !== undefined && ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(finished.status)) || s.alarms.some((a) => a.state === 'ALARM');
    });
    if (options.format === 'json') {
      io.stdout(`${JSON.stringify({ stack: stack.name, region: stack.region, now: new Date(now).toISOString(), schedules: statuses }, null, 2)}\n`);
    } else {
      io.stdout(render(stack.name, stack.region, statuses, stack.shorthands.length, now, styleFor(io)));
    }
    return failing.length > 0 ? EXIT.findings : EXIT.ok;
  });
}

/**
 * The next fire times of a rate(...) continued from its last scheduled run (next-runs counts a rate from
 * now, as a template does not say when the rule was created; a deployed schedule's runs do).
 */
function continueRate(s: DeployedSchedule, times: ScheduleRuns | undefined, runs: CollectedRuns | undefined, live: ReadonlyMap<string, LiveTrigger>, timing: NextRunsOptions): ScheduleRuns | undefined {
  const anchor = runs?.runs.get(s.schedule)?.find((r) => !r.manual && r.startDate !== undefined)?.startDate;
  if (times === undefined || anchor === undefined || times.error !== undefined) return times;
  const origin = rateOrigin(times.expression, Date.parse(anchor), timing.now);
  if (origin === undefined) return times;
  const only = { resource: s.resource, schedules: [s], alarms: [] };
  const continued = nextRuns(asShorthandTemplate([only], live), { ...timing, now: origin })[0];
  if (continued === undefined) return times;
  const notes = continued.notes.filter((n) => !n.startsWith('rate:'));
  return { ...continued, notes: [...notes, `rate: continued from the last scheduled run, started ${formatTime(anchor)}`] };
}

function scheduleStatus(s: DeployedSchedule, live: LiveTrigger | undefined, times: ScheduleRuns | undefined, runs: CollectedRuns | undefined): Omit<ScheduleStatus, 'alarms'> {
  const expression = live?.expression ?? (typeof s.properties['ScheduleExpression'] === 'string' ? s.properties['ScheduleExpression'] : JSON.stringify(s.properties['ScheduleExpression'] ?? ''));
  const state = s.triggerPhysicalId === undefined ? 'NOT DEPLOYED' : (live?.state ?? (typeof s.properties['State'] === 'string' ? s.properties['State'] : 'ENABLED'));
  return {
    resource: s.resource,
    schedule: s.schedule,
    trigger: s.trigger,
    ...(s.triggerPhysicalId === undefined ? {} : { triggerName: s.triggerPhysicalId }),
    expression,
    timezone: times?.timezone ?? 'UTC',
    state,
    nextRuns: state === MISSING ? [] : (times?.runs ?? []),
    nextRunsTimezone: times?.displayTimezone ?? 'UTC',
    ...(state === MISSING ? { nextRunsNote: 'nothing triggers it' } : times !== undefined && times.runs.length === 0 && times.warnings[0] !== undefined ? { nextRunsNote: times.warnings[0] } : {}),
    ...(times?.error === undefined ? {} : { nextRunsError: times.error }),
    nextRunsNotes: state === MISSING ? [] : (times?.notes ?? []),
    running: runs?.running.get(s.schedule) ?? [],
    lastRuns: runs?.runs.get(s.schedule) ?? [],
    scannedExecutions: runs?.scanned ?? 0,
    allExecutionsScanned: runs?.complete ?? true,
  };
}

const ALARM_LABELS: Readonly<Record<AlarmState['kind'], string>> = { noSuccess: 'no success within its window', executions: 'failed/throttled executions', deadLetters: 'dead letters' };

function render(stack: string, region: string, statuses: readonly ScheduleStatus[], shorthands: number, now: number, style: Style): string {
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const lines = [`Stack ${stack} in ${region}: ${count(shorthands, 'EcsBatchScheduler resource')}, ${count(statuses.length, 'schedule')} (now ${formatTime(new Date(now).toISOString())})`];
  if (statuses.length === 0) {
    lines.push('', `No EcsBatchScheduler schedules in stack "${stack}": no rule <Id><Schedule>Rule or schedule <Id><Schedule>Schedule that starts a state machine of the stack.`);
    return `${lines.join('\n')}\n`;
  }
  for (const s of statuses) lines.push('', ...describe(s, style));
  return `${lines.join('\n')}\n`;
}

function describe(s: ScheduleStatus, style: Style): string[] {
  const where = s.trigger === 'EventBridgeRule' ? 'EventBridge rule, UTC' : `EventBridge Scheduler, ${s.timezone}`;
  const state = s.state === 'ENABLED' ? style.green(s.state) : style.yellow(s.state);
  const lines = [`${style.bold(`${s.resource}.${s.schedule}`)}  ${s.expression}  (${where})  ${state}`];
  const zone = s.nextRunsTimezone === s.timezone ? '' : ` ${s.nextRunsTimezone}`;
  const shown = s.nextRuns.map((r) => `${r.utc.slice(0, 10)} ${r.utc.slice(11, r.utc.slice(17, 19) === '00' ? 16 : 19)} UTC${s.nextRunsTimezone === 'UTC' ? '' : ` (${r.local.slice(11)}${zone} ${r.offset})`}`);
  if (s.nextRunsError !== undefined) lines.push(`  next runs: cannot tell: ${s.nextRunsError}`);
  else lines.push(`  next runs: ${shown.length === 0 ? `none${s.nextRunsNote === undefined ? '' : ` (${s.nextRunsNote})`}` : shown.join(', ')}${s.state === 'DISABLED' ? ' (if enabled)' : ''}`);
  for (const note of s.nextRunsNotes) lines.push(`  ${style.dim(`note: ${note}`)}`);
  if (s.running.length === 0) lines.push('  running now: no');
  else for (const r of s.running) lines.push(`  running now: since ${formatTime(r.startDate)} (${formatDuration(r.durationSeconds)}), ${r.manual ? 'started by hand' : 'scheduled'}, ${r.executionArn}`);
  if (s.lastRuns.length === 0) {
    lines.push(`  last runs: none${s.allExecutionsScanned ? '' : ` among the ${s.scannedExecutions} newest executions of ${s.resource} (--scan looks further)`}`);
  } else {
    lines.push('  last runs:', ...table(s.lastRuns.map((r) => runRow(r, style))).map((l) => `    ${l}`));
  }
  if (s.alarms.length > 0) {
    const colour = (state: string): string => (state === 'OK' ? style.green(state) : state === 'ALARM' ? style.red(state) : style.yellow(state));
    lines.push(`  alarms: ${s.alarms.map((a) => `${ALARM_LABELS[a.kind]} ${colour(a.state)}${a.state === 'ALARM' && a.since !== undefined ? ` since ${formatTime(a.since)}` : ''}`).join(', ')}`);
  }
  return lines;
}
