/**
 * What a run did, read from a Step Functions execution and its history. Pure: the CLI fetches them.
 *
 * ECS tasks are found by event type and integration (`TaskScheduled` with resource type `ecs` and resource
 * `runTask.sync`, or `runTask` as LocalStack records it), never by state name, so a change of the state
 * machine's states does not matter. For each task: the RunTask answer (`TaskSubmitted`: its ARN), then the
 * stopped task (`TaskSucceeded` output, or the `TaskFailed` cause: `Containers[].ExitCode`, `StopCode`,
 * `StoppedReason`; FIELD_NOTES §3).
 */
import { isObject, type Json } from '../../src/json';

/** Executions started by `ecs-batch-scheduler run` are named `manual-…`; triggers name theirs with a UUID. */
const MANUAL_PREFIX = 'manual-';

/** The fields of a Step Functions history event this module reads (the SDK's `HistoryEvent` fits). */
export interface HistoryEventLike {
  readonly id?: number | undefined;
  readonly previousEventId?: number | undefined;
  readonly type?: string | undefined;
  readonly timestamp?: Date | undefined;
  readonly taskScheduledEventDetails?: { readonly resourceType?: string | undefined; readonly resource?: string | undefined; readonly parameters?: string | undefined } | undefined;
  readonly taskSubmittedEventDetails?: TaskEventDetails | undefined;
  readonly taskSucceededEventDetails?: TaskEventDetails | undefined;
  readonly taskFailedEventDetails?: TaskEventDetails | undefined;
  readonly taskTimedOutEventDetails?: TaskEventDetails | undefined;
  readonly taskStartFailedEventDetails?: TaskEventDetails | undefined;
  readonly taskSubmitFailedEventDetails?: TaskEventDetails | undefined;
}

interface TaskEventDetails {
  readonly resourceType?: string | undefined;
  readonly resource?: string | undefined;
  readonly output?: string | undefined;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
}

/** The fields of DescribeExecution / ListExecutions this module reads. */
export interface ExecutionLike {
  readonly executionArn?: string | undefined;
  readonly name?: string | undefined;
  readonly status?: string | undefined;
  readonly startDate?: Date | undefined;
  readonly stopDate?: Date | undefined;
  readonly input?: string | undefined;
  readonly output?: string | undefined;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
}

interface ContainerResult {
  readonly name: string;
  readonly exitCode?: number;
  readonly reason?: string;
}

export interface TaskRun {
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  readonly taskArn?: string;
  readonly taskDefinitionArn?: string;
  readonly clusterArn?: string;
  /** The container whose command the run overrides (from the RunTask parameters). */
  readonly container?: string;
  readonly command?: readonly string[];
  readonly containers: readonly ContainerResult[];
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  /** The Step Functions error of a failed task (`States.TaskFailed`, `States.Timeout`, `ECS.…`). */
  readonly error?: string;
  /** A cause that is not a stopped task (an ECS API error message). */
  readonly cause?: string;
  readonly scheduledAt?: string;
}

type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'SKIPPED' | 'PENDING_REDRIVE';

export interface RunSummary {
  readonly executionArn: string;
  readonly name: string;
  /** Started by `ecs-batch-scheduler run` (name prefix `manual-`). */
  readonly manual: boolean;
  /** The `schedule` of the execution input, when it has one. */
  readonly schedule?: string;
  readonly status: RunStatus;
  readonly startDate?: string;
  readonly stopDate?: string;
  /** Whole seconds from start to stop (or to now for a running run). */
  readonly durationSeconds?: number;
  readonly error?: string;
  readonly cause?: string;
  /** Why an overlap-guarded run did nothing. */
  readonly skippedReason?: string;
  /** Every ECS task the run started, in order (retried starts included). */
  readonly tasks: readonly TaskRun[];
}

export function parseJson(text: string | undefined): Json | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/** The `schedule` field of an execution input, if any. */
export function scheduleOfInput(input: string | undefined): string | undefined {
  const parsed = parseJson(input);
  return isObject(parsed) && typeof parsed['schedule'] === 'string' ? parsed['schedule'] : undefined;
}

function isManual(name: string | undefined): boolean {
  return name?.startsWith(MANUAL_PREFIX) === true;
}

/** A name for a hand-started execution: `manual-<UTC time>-<random>` (at most 80 characters, [A-Za-z0-9-_]). */
export function manualExecutionName(now: number, random: string): string {
  const time = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${MANUAL_PREFIX}${time}-${random.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`;
}

/** One execution and its history, summarised; `now` gives a running run its duration so far. */
export function summariseRun(execution: ExecutionLike, events: readonly HistoryEventLike[], now: number): RunSummary {
  const arn = execution.executionArn ?? '';
  const name = execution.name ?? arn.split(':').pop() ?? '';
  const output = parseJson(execution.output);
  const skipped = execution.status === 'SUCCEEDED' && isObject(output) && output['skipped'] === true;
  const status = (skipped ? 'SKIPPED' : (execution.status ?? 'RUNNING')) as RunStatus;
  const start = execution.startDate?.getTime();
  const stop = execution.stopDate?.getTime() ?? (status === 'RUNNING' ? now : undefined);
  const schedule = scheduleOfInput(execution.input);
  return {
    executionArn: arn,
    name,
    manual: isManual(name),
    ...(schedule === undefined ? {} : { schedule }),
    status,
    ...(execution.startDate === undefined ? {} : { startDate: execution.startDate.toISOString() }),
    ...(execution.stopDate === undefined ? {} : { stopDate: execution.stopDate.toISOString() }),
    ...(start === undefined || stop === undefined ? {} : { durationSeconds: Math.max(0, Math.round((stop - start) / 1000)) }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    ...(skipped && isObject(output) && typeof output['reason'] === 'string' ? { skippedReason: output['reason'] } : {}),
    tasks: ecsTasks(events),
  };
}

type DetailsKey = 'taskSubmittedEventDetails' | 'taskSucceededEventDetails' | 'taskFailedEventDetails' | 'taskTimedOutEventDetails' | 'taskStartFailedEventDetails' | 'taskSubmitFailedEventDetails';

/** The events of a task after TaskScheduled, with where their details are (TaskStarted has none we read). */
const TASK_EVENTS: Readonly<Record<string, DetailsKey | null>> = {
  TaskStarted: null,
  TaskSubmitted: 'taskSubmittedEventDetails',
  TaskSucceeded: 'taskSucceededEventDetails',
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
  TaskStartFailed: 'taskStartFailedEventDetails',
  TaskSubmitFailed: 'taskSubmitFailedEventDetails',
};

interface Building {
  status: TaskRun['status'];
  fields: Partial<Record<keyof TaskRun, unknown>>;
  containers: ContainerResult[];
}

/** Every `ecs:runTask(.sync)` task of a history, in the order they were scheduled. */
export function ecsTasks(events: readonly HistoryEventLike[]): TaskRun[] {
  const tasks: Building[] = [];
  const byEvent = new Map<number, Building>();
  for (const event of [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
    const type = event.type ?? '';
    if (type === 'TaskScheduled') {
      const d = event.taskScheduledEventDetails;
      if (d?.resourceType !== 'ecs' || d.resource?.startsWith('runTask') !== true) continue;
      const task: Building = { status: 'RUNNING', fields: {}, containers: [] };
      const params = parseJson(d.parameters);
      const override = isObject(params) && isObject(params['Overrides']) && Array.isArray(params['Overrides']['ContainerOverrides']) ? (params['Overrides']['ContainerOverrides'][0] as Json) : undefined;
      if (isObject(override) && typeof override['Name'] === 'string') task.fields.container = override['Name'];
      if (isObject(override) && Array.isArray(override['Command'])) task.fields.command = override['Command'].map(String);
      if (event.timestamp !== undefined) task.fields.scheduledAt = event.timestamp.toISOString();
      tasks.push(task);
      if (event.id !== undefined) byEvent.set(event.id, task);
      continue;
    }
    const detailsKey = TASK_EVENTS[type];
    if (detailsKey === undefined) continue;
    const details = detailsKey === null ? undefined : event[detailsKey];
    if (details?.resourceType !== undefined && details.resourceType !== 'ecs') continue;
    // Events of one task link to each other with previousEventId; without the link (some emulators), an
    // event with details of an ecs task belongs to the last task still open.
    const linked = event.previousEventId === undefined ? undefined : byEvent.get(event.previousEventId);
    const task = linked ?? (details === undefined ? undefined : [...tasks].reverse().find((t) => t.status === 'RUNNING'));
    if (task === undefined) continue;
    if (event.id !== undefined) byEvent.set(event.id, task);
    if (details === undefined) continue;
    if (type === 'TaskSubmitted') readStartedTask(task, parseJson(details.output));
    else if (type === 'TaskSucceeded') finish(task, 'SUCCEEDED', parseJson(details.output), details);
    else finish(task, type === 'TaskTimedOut' ? 'TIMED_OUT' : 'FAILED', parseJson(details.cause), details);
  }
  return tasks.map((t) => ({ ...(t.fields as Partial<TaskRun>), status: t.status, containers: t.containers }));
}

/** The RunTask answer (`{Tasks: [...], Failures: [...]}`) or a task object. */
function readStartedTask(task: Building, output: Json | undefined): void {
  const first = isObject(output) && Array.isArray(output['Tasks']) ? (output['Tasks'][0] as Json) : output;
  readTask(task, first);
}

function readTask(task: Building, value: Json | undefined): boolean {
  if (!isObject(value) || typeof value['TaskArn'] !== 'string') return false;
  task.fields.taskArn = value['TaskArn'];
  if (typeof value['TaskDefinitionArn'] === 'string') task.fields.taskDefinitionArn = value['TaskDefinitionArn'];
  if (typeof value['ClusterArn'] === 'string') task.fields.clusterArn = value['ClusterArn'];
  if (typeof value['StopCode'] === 'string') task.fields.stopCode = value['StopCode'];
  if (typeof value['StoppedReason'] === 'string') task.fields.stoppedReason = value['StoppedReason'];
  if (Array.isArray(value['Containers'])) {
    task.containers = value['Containers'].filter(isObject).map((c) => ({
      name: typeof c['Name'] === 'string' ? c['Name'] : '',
      ...(typeof c['ExitCode'] === 'number' ? { exitCode: c['ExitCode'] } : {}),
      ...(typeof c['Reason'] === 'string' ? { reason: c['Reason'] } : {}),
    }));
  }
  return true;
}

function finish(task: Building, status: TaskRun['status'], stopped: Json | undefined, details: TaskEventDetails): void {
  task.status = status;
  if (details.error !== undefined) task.fields.error = details.error;
  if (!readTask(task, stopped) && details.cause !== undefined && details.cause !== '') task.fields.cause = details.cause;
}

/**
 * What a task came to, in a few words: `exit 0`, `exit 3 (app)`, or the stop code and reason when the
 * container never exited (e.g. `TaskFailedToStart: CannotPullContainerError: …`).
 */
export function taskOutcome(task: TaskRun): string {
  if (task.status === 'RUNNING') return 'running';
  const main = task.containers.find((c) => c.name === task.container) ?? (task.containers.length === 1 ? task.containers[0] : undefined);
  const others = task.containers.filter((c) => c !== main && c.exitCode !== undefined && c.exitCode !== 0);
  const sidecars = others.map((c) => `, ${c.name} exit ${c.exitCode ?? ''}`).join('');
  if (main?.exitCode !== undefined) return `exit ${main.exitCode}${sidecars}`;
  if (task.containers.length > 1 && main === undefined && others.length > 0) return others.map((c) => `${c.name} exit ${c.exitCode ?? ''}`).join(', ');
  if (task.stopCode !== undefined || task.stoppedReason !== undefined) return [task.stopCode, task.stoppedReason ?? main?.reason].filter((x) => x !== undefined).join(': ');
  return task.error ?? (task.status === 'TIMED_OUT' ? 'timed out' : 'failed');
}

/** The result column of a run: each task's outcome, or why it started none. */
export function runOutcome(run: RunSummary): string {
  if (run.status === 'SKIPPED') return run.skippedReason ?? 'skipped: the previous run was still running';
  const finished = run.tasks.filter((t) => t.status !== 'RUNNING');
  if (run.tasks.length === 0) return run.status === 'RUNNING' ? 'no task yet' : [run.error, run.cause === undefined ? undefined : oneLine(run.cause)].filter((x) => x !== undefined).join(': ') || 'no ECS task';
  const running = run.tasks.length - finished.length;
  return [...finished.map(taskOutcome), ...(running > 0 ? [`${running} task${running === 1 ? '' : 's'} running`] : [])].join(', ');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}

/** The task ID: the last part of a task ARN. */
export function taskId(taskArn: string): string {
  return taskArn.split('/').pop() ?? taskArn;
}

/**
 * The run input with `--env` entries added to or replacing the environment: of the command, or of every
 * step. Input that is not a run input is returned as it is.
 */
export function withEnvironment(input: Json, entries: Readonly<Record<string, string>>): Json {
  if (!isObject(input) || Object.keys(entries).length === 0) return input;
  const merge = (environment: Json | undefined): Json => {
    const list: readonly Json[] = Array.isArray(environment) ? (environment as readonly Json[]).filter((e: Json) => !(isObject(e) && typeof e['Name'] === 'string' && e['Name'] in entries)) : [];
    return [...list, ...Object.entries(entries).map(([Name, Value]) => ({ Name, Value }))];
  };
  const steps = input['steps'];
  if (Array.isArray(steps)) return { ...input, steps: steps.map((s: Json) => (isObject(s) ? { ...s, environment: merge(s['environment']) } : s)) };
  return { ...input, environment: merge(input['environment']) };
}
