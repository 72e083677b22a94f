/**
 * `logs --stack NAME <Resource>.<Schedule>`: the container output of a run, every step. The run's history
 * names each ECS task and its task definition; the task definition's `awslogs` configuration names the log
 * group and the stream (`<prefix>/<container>/<task ID>`); CloudWatch Logs has the lines.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type * as EcsSdk from '@aws-sdk/client-ecs';
import { logLocations, type LogLocation } from '../../preview/operate/logs';
import { ecsTasks, runOutcome, summariseRun, taskId, taskOutcome, type RunSummary, type TaskRun } from '../../preview/operate/runs';
import { AwsAccessError, call, clientConfig, explainAwsError, type AwsOptions } from '../aws';
import { EXIT, parseOptions, styleFor, UsageError, type CliIo, type Style } from '../common';
import { AWS_HELP, formatTime, nowOf, operate, OperateError, sleepOf, STACK_OPTIONS, stackArgs, stackSchedule, targetArg } from './common';
import { collectRuns, describeExecution, executionHistory, sfnClient, type Sfn } from './executions';
import { POLL_MS } from './run';

export const LOGS_USAGE = `Usage: ecs-batch-scheduler logs --stack NAME <Resource>.<Schedule> [--execution ARN | --last] [--follow] [--region R] [--profile P] [--format text|json]

Prints the container output of a run (default --last: the schedule's newest run, scheduled or by hand),
for every step (every ECS task the run started), from CloudWatch Logs: the log group and stream come
from the task definition's awslogs log configuration (awslogs-group, awslogs-stream-prefix; the stream
is <prefix>/<container>/<task ID>). A container without an awslogs configuration is named, with its log
driver.
  --execution ARN  this run instead of the newest
  --follow         keep printing new lines (and new tasks) until the run ends; Ctrl-C stops
${AWS_HELP}

Exit codes: 0 printed, 1 a task's output cannot be found (no awslogs configuration) or the run started
no task, 2 wrong usage or AWS could not be reached.`;

interface Stream {
  readonly task: number;
  readonly location: LogLocation;
  token?: string;
  /** The stream did not exist when last asked (said once). */
  missing?: boolean;
  readonly lines: Array<{ timestamp?: string; message: string }>;
}

export function logsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { values: [...STACK_OPTIONS, '--execution'], flags: ['--last', '--follow'] });
  const options = stackArgs(parsed);
  const target = targetArg(parsed.positional);
  const executionArn = parsed.options['--execution'];
  if (executionArn !== undefined && parsed.flags.includes('--last')) throw new UsageError('give --execution ARN or --last, not both');
  const follow = parsed.flags.includes('--follow');
  if (follow && options.format === 'json') throw new UsageError('--follow prints lines as they come: use it without --format json');
  return operate('logs', io, async () => {
    const { schedule, stateMachineArn } = await stackSchedule(options, target, 'logs');
    const sfn = await sfnClient(clientConfig(options.aws), 'logs');
    const readers = new LogReaders(options.aws);
    try {
      let arn = executionArn;
      if (arn === undefined) {
        const newest = (await collectRuns(sfn, stateMachineArn, [schedule.schedule], { last: 1, scan: 10000, now: nowOf(io) })).runs.get(schedule.schedule)?.[0];
        if (newest === undefined) throw new OperateError(`${target} has no run yet (in the 90 days Step Functions keeps)`);
        arn = newest.executionArn;
      }
      const machineName = stateMachineArn.split(':').pop() ?? '';
      if (arn.split(':')[6] !== machineName) throw new OperateError(`execution ${arn} is not a run of ${target} (state machine ${machineName})`);
      const style = styleFor(io);
      const streams: Stream[] = [];
      const locate = async (tasks: readonly TaskRun[]): Promise<void> => {
        for (let i = streams.reduce((n, s) => Math.max(n, s.task + 1), 0); i < tasks.length; i++) {
          const task = tasks[i] as TaskRun;
          if (task.taskArn === undefined) break;
          const locations = await readers.locate(task);
          for (const location of locations) streams.push({ task: i, location, lines: [] });
          if (options.format === 'text') for (const s of streams.filter((x) => x.task === i)) io.stdout(header(task, i, tasks.length, s.location, style));
        }
      };
      let run = await load(sfn, arn, io);
      if (options.format === 'text') io.stdout(`${style.bold(`Run ${run.summary.name}`)} of ${target}: ${run.summary.status}${run.summary.manual ? ' (started by hand)' : ''}, started ${formatTime(run.summary.startDate)}, ${runOutcome(run.summary)}\n${style.dim(run.summary.executionArn)}\n`);
      await locate(run.tasks);
      for (const s of streams) await readers.read(s, (line) => {
        if (options.format === 'text') io.stdout(`${line}\n`);
      });
      const print = (line: string): void => {
        io.stdout(`${line}\n`);
      };
      let followed = false;
      while (follow && run.summary.status === 'RUNNING') {
        followed = true;
        await sleepOf(io)(POLL_MS);
        run = await load(sfn, arn, io);
        await locate(run.tasks);
        for (const s of streams) await readers.read(s, print);
      }
      if (followed) {
        // The last lines of a task can reach CloudWatch Logs a few seconds after it stopped.
        await sleepOf(io)(POLL_MS);
        for (const s of streams) await readers.read(s, print);
      }
      if (options.format === 'json') {
        io.stdout(`${JSON.stringify({ schedule: target, run: run.summary, logs: streams.map((s) => ({ task: run.tasks[s.task]?.taskArn, ...s.location, lines: s.lines })) }, null, 2)}\n`);
      }
      const missing = streams.some((s) => !s.location.found) || run.tasks.length === 0;
      if (options.format === 'text' && run.tasks.length === 0) io.stdout(`The run started no ECS task${run.summary.status === 'SKIPPED' ? ' (skipped: the previous run was still running)' : ''}: there is no container output.\n`);
      return missing ? EXIT.findings : EXIT.ok;
    } finally {
      sfn.client.destroy();
      readers.destroy();
    }
  });
}

async function load(sfn: Sfn, arn: string, io: CliIo): Promise<{ summary: RunSummary; tasks: readonly TaskRun[] }> {
  const execution = await describeExecution(sfn, arn);
  const events = await executionHistory(sfn, arn);
  return { summary: summariseRun(execution, events, nowOf(io)), tasks: ecsTasks(events) };
}

function header(task: TaskRun, index: number, count: number, location: LogLocation, style: Style): string {
  const where = location.found ? `log group ${location.group}, stream ${location.stream}` : `no logs: ${location.reason}`;
  return `\n${style.bold(`== task ${index + 1} of ${count}: ${taskId(task.taskArn ?? '')}, container ${location.container}, ${taskOutcome(task)}`)}\n${location.found ? style.dim(`   ${where}`) : style.yellow(`   ${where}`)}\n`;
}

/** Task definitions (read once each) and CloudWatch Logs clients (one per region). */
class LogReaders {
  private readonly definitions = new Map<string, Promise<readonly EcsSdk.ContainerDefinition[]>>();
  private readonly clients = new Map<string, Promise<CloudWatchLogsClient>>();
  private ecs?: Promise<{ client: EcsSdk.ECSClient; sdk: typeof EcsSdk }>;

  constructor(private readonly options: AwsOptions) {}

  async locate(task: TaskRun): Promise<LogLocation[]> {
    const definition = task.taskDefinitionArn;
    if (definition === undefined) return [{ found: false, container: task.container ?? '', reason: 'the run does not name the task definition of this task' }];
    let containers = this.definitions.get(definition);
    if (containers === undefined) {
      containers = this.describe(definition);
      this.definitions.set(definition, containers);
    }
    return logLocations(await containers, taskId(task.taskArn ?? ''), task.container, definition);
  }

  private async describe(taskDefinition: string): Promise<readonly EcsSdk.ContainerDefinition[]> {
    this.ecs ??= import('@aws-sdk/client-ecs').then((sdk) => ({ sdk, client: new sdk.ECSClient(clientConfig(this.options)) }));
    const { client, sdk } = await this.ecs;
    const answer = await call(`describe task definition ${taskDefinition}`, { command: 'logs', permission: 'ecs:DescribeTaskDefinition' }, () => client.send(new sdk.DescribeTaskDefinitionCommand({ taskDefinition })));
    return answer.taskDefinition?.containerDefinitions ?? [];
  }

  /** Reads the stream from where it was left, printing each new line. */
  async read(stream: Stream, print: (line: string) => void): Promise<void> {
    const location = stream.location;
    if (!location.found) return;
    const region = location.region ?? '';
    let client = this.clients.get(region);
    if (client === undefined) {
      client = import('@aws-sdk/client-cloudwatch-logs').then((sdk) => new sdk.CloudWatchLogsClient(clientConfig(location.region === undefined ? this.options : { ...this.options, region: location.region })));
      this.clients.set(region, client);
    }
    const logs = await client;
    const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    for (;;) {
      let page;
      try {
        page = await logs.send(new GetLogEventsCommand({ logGroupName: location.group, logStreamName: location.stream, startFromHead: true, nextToken: stream.token }));
      } catch (error) {
        if (error instanceof Error && error.name === 'ResourceNotFoundException') {
          if (stream.missing !== true) print(`   (no output yet: log stream ${location.stream} does not exist in ${location.group})`);
          stream.missing = true;
          return;
        }
        throw new AwsAccessError(explainAwsError(error, { command: 'logs', permission: `logs:GetLogEvents on log group ${location.group}` }) ?? `cannot read log stream ${location.stream}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      for (const event of page.events ?? []) {
        const timestamp = event.timestamp === undefined ? undefined : new Date(event.timestamp).toISOString();
        const message = (event.message ?? '').replace(/\n$/, '');
        stream.lines.push({ ...(timestamp === undefined ? {} : { timestamp }), message });
        print(`${timestamp === undefined ? '' : `${formatTime(timestamp)}  `}${message}`);
      }
      const next = page.nextForwardToken;
      const done = next === undefined || next === stream.token;
      stream.token = next;
      if (done || (page.events ?? []).length === 0) return;
    }
  }

  destroy(): void {
    void this.ecs?.then((e) => {
      e.client.destroy();
    });
    for (const c of this.clients.values()) {
      void c.then((x) => {
        x.destroy();
      });
    }
  }
}
