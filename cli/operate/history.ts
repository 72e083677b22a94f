/** `history --stack NAME <Resource>.<Schedule>`: the runs of one schedule, further back than `status`. */
import { clientConfig } from '../aws';
import { EXIT, nowOption, parseOptions, positiveInteger, styleFor, table, type CliIo } from '../common';
import { AWS_HELP, operate, runRow, STACK_OPTIONS, stackArgs, stackSchedule, targetArg } from './common';
import { collectRuns, sfnClient } from './executions';

export const HISTORY_USAGE = `Usage: ecs-batch-scheduler history --stack NAME <Resource>.<Schedule> [--last N] [--scan N] [--now ISO] [--region R] [--profile P] [--format text|json]

The last runs of one schedule of a deployed stack, newest first: start, duration, SUCCEEDED/FAILED/
TIMED_OUT/ABORTED/SKIPPED (overlap)/RUNNING, scheduled or started by hand (\`run\`), each ECS task's exit code
or stop reason, and the execution ARN. Step Functions keeps Standard executions for 90 days.
  --last N   runs to show (default 20)
  --scan N   look at no more than the N newest executions of the state machine (default 10000)
  --now ISO  the current time, for the duration of a running run (for reproducible output)
${AWS_HELP}

Exit codes: 0 listed, 1 the newest finished run failed, timed out or was aborted, 2 wrong usage or the
stack could not be read.`;

export function historyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { values: [...STACK_OPTIONS, '--last', '--scan', '--now'] });
  const options = stackArgs(parsed);
  const target = targetArg(parsed.positional);
  const last = positiveInteger('--last', parsed.options['--last'], 20);
  const scan = positiveInteger('--scan', parsed.options['--scan'], 10000);
  const now = nowOption(parsed.options['--now'], io);
  return operate('history', io, async () => {
    const { schedule, stateMachineArn } = await stackSchedule(options, target, 'history');
    const sfn = await sfnClient(clientConfig(options.aws), 'history');
    let collected;
    try {
      collected = await collectRuns(sfn, stateMachineArn, [schedule.schedule], { last, scan, now });
    } finally {
      sfn.client.destroy();
    }
    const runs = collected.runs.get(schedule.schedule) ?? [];
    if (options.format === 'json') {
      io.stdout(`${JSON.stringify({ stack: options.stack, schedule: target, stateMachineArn, scannedExecutions: collected.scanned, allExecutionsScanned: collected.complete, runs }, null, 2)}\n`);
    } else {
      const style = styleFor(io);
      const lines = [`${style.bold(target)} in stack ${options.stack}: ${runs.length === 0 ? 'no runs' : `the last ${runs.length} run${runs.length === 1 ? '' : 's'}, newest first`} (${collected.complete ? `all ${collected.scanned}` : `the newest ${collected.scanned}`} executions of ${schedule.resource} looked at)`];
      if (runs.length > 0) lines.push(...table(runs.map((r) => runRow(r, style))).map((l) => `  ${l}`));
      io.stdout(`${lines.join('\n')}\n`);
    }
    const finished = runs.find((r) => r.status !== 'RUNNING');
    return finished !== undefined && ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(finished.status) ? EXIT.findings : EXIT.ok;
  });
}
