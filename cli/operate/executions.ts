/**
 * Reading a state machine's executions: which schedule each belongs to (the `schedule` of its input, which
 * only DescribeExecution returns) and what each did (its history). Step Functions keeps Standard executions
 * for 90 days; ListExecutions returns the newest first, 1,000 at most per page.
 */
import type * as SfnSdk from '@aws-sdk/client-sfn';
import { summariseRun, scheduleOfInput, type ExecutionLike, type HistoryEventLike, type RunSummary } from '../../preview/operate/runs';
import { call } from '../aws';

/** How many DescribeExecution / GetExecutionHistory calls run at once (Step Functions throttles beyond). */
const CONCURRENCY = 8;

export interface Sfn {
  readonly client: SfnSdk.SFNClient;
  readonly sdk: typeof SfnSdk;
  readonly command: string;
}

export async function sfnClient(config: { region?: string; profile?: string }, command: string): Promise<Sfn> {
  const sdk = await import('@aws-sdk/client-sfn');
  // Looking at many executions means many DescribeExecution calls: when Step Functions throttles, the
  // adaptive mode slows the client down and retries, rather than giving up after the standard 3 attempts.
  return { client: new sdk.SFNClient({ ...config, retryMode: 'adaptive', maxAttempts: 10 }), sdk, command };
}

/** Applies `f` to every item, `CONCURRENCY` at a time, keeping the order. */
export async function mapLimited<T, R>(items: readonly T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(f))));
  return out;
}

export async function describeExecution(sfn: Sfn, executionArn: string): Promise<ExecutionLike> {
  return call(`describe execution ${executionArn}`, { command: sfn.command, permission: 'states:DescribeExecution on the execution' }, () => sfn.client.send(new sfn.sdk.DescribeExecutionCommand({ executionArn })));
}

export async function executionHistory(sfn: Sfn, executionArn: string): Promise<HistoryEventLike[]> {
  const events: HistoryEventLike[] = [];
  let token: string | undefined;
  do {
    const page = await call(`read the history of ${executionArn}`, { command: sfn.command, permission: 'states:GetExecutionHistory on the execution' }, () =>
      sfn.client.send(new sfn.sdk.GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken: token })),
    );
    events.push(...(page.events ?? []));
    token = page.nextToken;
  } while (token !== undefined && token !== '');
  return events;
}

async function summarise(sfn: Sfn, execution: ExecutionLike, now: number): Promise<RunSummary> {
  return summariseRun(execution, await executionHistory(sfn, execution.executionArn ?? ''), now);
}

export interface CollectedRuns {
  /** Per schedule name: its newest runs, newest first. */
  readonly runs: ReadonlyMap<string, readonly RunSummary[]>;
  /** Runs going on now, per schedule. */
  readonly running: ReadonlyMap<string, readonly RunSummary[]>;
  /** How many executions were looked at; `complete` when that was all of them. */
  readonly scanned: number;
  readonly complete: boolean;
}

/**
 * The newest `last` runs of each of `schedules`, looking at no more than `scan` executions (newest first),
 * and the runs going on now. Each run comes with its history (exit codes).
 */
export async function collectRuns(sfn: Sfn, stateMachineArn: string, schedules: readonly string[], options: { readonly last: number; readonly scan: number; readonly now: number }): Promise<CollectedRuns> {
  const wanted = new Set(schedules);
  const found = new Map<string, ExecutionLike[]>(schedules.map((s) => [s, []]));
  const permission = 'states:ListExecutions on the state machine';
  let scanned = 0;
  let token: string | undefined;
  let complete = false;
  const full = (): boolean => [...found.values()].every((list) => list.length >= options.last);
  while (!full() && scanned < options.scan) {
    const page = await call(`list the executions of ${stateMachineArn}`, { command: sfn.command, permission }, () =>
      sfn.client.send(new sfn.sdk.ListExecutionsCommand({ stateMachineArn, maxResults: Math.min(1000, Math.max(100, options.scan - scanned)), nextToken: token })),
    );
    const executions = (page.executions ?? []).slice(0, options.scan - scanned);
    let done = 0;
    for (; done < executions.length && !full(); done += CONCURRENCY) {
      const chunk = executions.slice(done, done + CONCURRENCY);
      const described = await mapLimited(chunk, (e) => describeExecution(sfn, e.executionArn ?? ''));
      scanned += chunk.length;
      for (const d of described) {
        const schedule = scheduleOfInput(d.input);
        const list = schedule === undefined || !wanted.has(schedule) ? undefined : found.get(schedule);
        if (list !== undefined && list.length < options.last) list.push(d);
      }
    }
    token = page.nextToken;
    if (token === undefined || token === '') {
      // The last page: complete when every execution on it was looked at.
      complete = done >= (page.executions ?? []).length;
      break;
    }
  }
  const runs = new Map<string, RunSummary[]>();
  for (const [schedule, executions] of found) runs.set(schedule, await mapLimited(executions, (e) => summarise(sfn, e, options.now)));
  const running = new Map<string, RunSummary[]>();
  const listing = await runningExecutions(sfn, stateMachineArn);
  const described = await mapLimited(listing, (e) => describeExecution(sfn, e));
  for (const d of described) {
    const schedule = scheduleOfInput(d.input);
    if (schedule === undefined || !wanted.has(schedule)) continue;
    const summary = summariseRun(d, [], options.now);
    running.set(schedule, [...(running.get(schedule) ?? []), summary]);
  }
  return { runs, running, scanned, complete };
}

async function runningExecutions(sfn: Sfn, stateMachineArn: string): Promise<string[]> {
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await call(`list the running executions of ${stateMachineArn}`, { command: sfn.command, permission: 'states:ListExecutions on the state machine' }, () =>
      sfn.client.send(new sfn.sdk.ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000, nextToken: token })),
    );
    arns.push(...(page.executions ?? []).map((e) => e.executionArn ?? '').filter((a) => a !== ''));
    token = page.nextToken;
  } while (token !== undefined && token !== '');
  return arns;
}
