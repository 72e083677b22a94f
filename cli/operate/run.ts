/**
 * `run --stack NAME <Resource>.<Schedule>`: starts a run now with the input the schedule's trigger sends,
 * read from the deployed rule or schedule (not recomputed from a template). The execution is named
 * `manual-<UTC time>-<random>` so that it is never taken for a scheduled run (triggers name theirs with a
 * UUID); `status` and `history` mark such runs "by hand".
 */
import { randomBytes } from 'node:crypto';
import { ecsTasks, manualExecutionName, parseJson, runOutcome, summariseRun, taskId, taskOutcome, withEnvironment, type RunSummary, type TaskRun } from '../../preview/operate/runs';
import { call, clientConfig } from '../aws';
import { EXIT, parseOptions, styleFor, UsageError, type CliIo } from '../common';
import { AWS_HELP, formatDuration, nowOf, operate, OperateError, sleepOf, STACK_OPTIONS, stackArgs, stackSchedule, targetArg } from './common';
import { describeExecution, executionHistory, sfnClient, type Sfn } from './executions';
import { triggerInput } from './triggers';

export const RUN_USAGE = `Usage: ecs-batch-scheduler run --stack NAME <Resource>.<Schedule> [--wait] [--env K=V ...] [--region R] [--profile P] [--format text|json]

Starts a run of the schedule now, with the input its deployed rule or schedule sends (read from
EventBridge, not recomputed), as an execution named manual-<time>-<random>: status and history show it
"by hand", never as a scheduled run. With AllowOverlap: false it is skipped like any run while a run of
the same schedule is going on.
  --env K=V  add or replace an environment variable of the command (of every step); repeatable
  --wait     wait for the run to end, showing its tasks as they start and stop (a live line with the
             elapsed time on a terminal), then its outcome; Ctrl-C stops waiting, not the run
${AWS_HELP}

Exit codes: 0 started (with --wait: the run SUCCEEDED), 1 with --wait: the run failed, timed out, was
aborted or skipped, 2 wrong usage or AWS could not be reached.`;

/** How often --wait looks at the run. */
export const POLL_MS = 5000;

export function runScheduleCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { values: STACK_OPTIONS, repeated: ['--env'], flags: ['--wait'] });
  const options = stackArgs(parsed);
  const target = targetArg(parsed.positional);
  const env: Record<string, string> = {};
  for (const entry of parsed.repeated['--env'] ?? []) {
    const eq = entry.indexOf('=');
    if (eq < 1) throw new UsageError(`--env takes NAME=VALUE, got "${entry}"`);
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const wait = parsed.flags.includes('--wait');
  return operate('run', io, async () => {
    const { schedule, stateMachineArn } = await stackSchedule(options, target, 'run');
    const deployedInput = await triggerInput(schedule, stateMachineArn, options.aws, 'run');
    const from = `${schedule.trigger === 'EventBridgeRule' ? 'rule' : 'schedule'} ${schedule.triggerPhysicalId ?? ''}`;
    const parsedInput = parseJson(deployedInput);
    if (parsedInput === undefined) throw new OperateError(`the Input of ${from} is not JSON: ${deployedInput.slice(0, 80)}`);
    const input = Object.keys(env).length === 0 ? deployedInput : JSON.stringify(withEnvironment(parsedInput, env));
    const sfn = await sfnClient(clientConfig(options.aws), 'run');
    try {
      const name = manualExecutionName(nowOf(io), randomBytes(4).toString('hex'));
      const started = await call(`start a run of ${target}`, { command: 'run', permission: `states:StartExecution on ${stateMachineArn}` }, () =>
        sfn.client.send(new sfn.sdk.StartExecutionCommand({ stateMachineArn, name, input })),
      );
      const executionArn = started.executionArn ?? '';
      const style = styleFor(io);
      if (options.format === 'text') {
        io.stdout(`Started ${style.bold(target)} by hand: ${executionArn}\n`);
        io.stdout(`Input (as ${from} sends it${Object.keys(env).length === 0 ? '' : `, with --env ${Object.keys(env).join(', ')}`}):\n  ${input}\n`);
      }
      if (!wait) {
        if (options.format === 'json') io.stdout(`${JSON.stringify({ schedule: target, executionArn, name, trigger: from, input: parseJson(input) }, null, 2)}\n`);
        return EXIT.ok;
      }
      const run = await waitForRun(sfn, executionArn, io, options.format === 'text');
      if (options.format === 'json') {
        io.stdout(`${JSON.stringify({ schedule: target, executionArn, name, trigger: from, input: parseJson(input), run }, null, 2)}\n`);
      } else {
        const colour = run.status === 'SUCCEEDED' ? style.green : style.red;
        io.stdout(`${colour(`Run ${run.status}`)} after ${formatDuration(run.durationSeconds)}: ${runOutcome(run)}\n`);
      }
      return run.status === 'SUCCEEDED' ? EXIT.ok : EXIT.findings;
    } finally {
      sfn.client.destroy();
    }
  });
}

/**
 * Polls the run until it ends. Text output: a line whenever a task starts or stops; on a terminal also a
 * live line with the elapsed time, rewritten in place.
 */
async function waitForRun(sfn: Sfn, executionArn: string, io: CliIo, text: boolean): Promise<RunSummary> {
  const sleep = sleepOf(io);
  const live = text && io.isTty === true;
  const seen = new Map<number, string>();
  if (text) io.stdout(`Waiting for the run to end (Ctrl-C stops waiting, not the run)...\n`);
  for (;;) {
    const execution = await describeExecution(sfn, executionArn);
    const events = await executionHistory(sfn, executionArn);
    const tasks = ecsTasks(events);
    if (text) {
      if (live) io.stdout('\r\u001b[2K');
      tasks.forEach((task, i) => {
        const state = progress(task);
        if (seen.get(i) === state) return;
        if (!seen.has(i) && task.status !== 'RUNNING') io.stdout(`  task ${i + 1} started: ${describeTask(task)}\n`);
        seen.set(i, state);
        io.stdout(`  task ${i + 1} ${state}\n`);
      });
    }
    if (execution.status !== 'RUNNING' && execution.status !== undefined) {
      return summariseRun(execution, events, nowOf(io));
    }
    if (live) {
      const start = execution.startDate?.getTime() ?? nowOf(io);
      const running = tasks.filter((t) => t.status === 'RUNNING').length;
      io.stdout(`  RUNNING ${formatDuration(Math.max(0, Math.round((nowOf(io) - start) / 1000)))}  ${running === 0 ? 'no task running' : `${running} task${running === 1 ? '' : 's'} running`}`);
    }
    await sleep(POLL_MS);
  }
}

function describeTask(task: TaskRun): string {
  return task.taskArn === undefined ? 'starting' : `task ${taskId(task.taskArn)}${task.container === undefined ? '' : ` (container ${task.container})`}`;
}

function progress(task: TaskRun): string {
  if (task.status === 'RUNNING') return task.taskArn === undefined ? 'starting' : `started: ${describeTask(task)}`;
  return `${task.status === 'SUCCEEDED' ? 'stopped' : task.status === 'TIMED_OUT' ? 'timed out' : 'failed'}: ${taskOutcome(task)}`;
}
