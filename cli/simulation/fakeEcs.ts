/**
 * A fake of what `arn:aws:states:::ecs:runTask.sync` does, as FIELD_NOTES §3 describes the real one:
 * the Task's resolved Parameters are the RunTask request; a task whose essential container exits 0
 * returns the stopped task (PascalCase, as the integration returns it); a non-zero exit fails the Task
 * with `States.TaskFailed` and the stopped task as a JSON string in `Cause`; RunTask `Failures` (no
 * capacity) fail with `AmazonECS.Unknown`. Like the real integration (and LocalStack's emulation of it),
 * it starts every task with `StartedBy: "AWS Step Functions"`, whatever the request says; and like the
 * real integration it stops the task itself when the Task state ends before the task does (the state
 * timed out, or its Map iteration or the execution was cancelled: see `cancelPending` of {@link fakeEcs}).
 */
import type { JsonObject } from '../../src/json';

export interface RunTaskCall {
  readonly state: string;
  readonly request: JsonObject;
}

/**
 * What one RunTask call does: the essential container's exit code; `no-capacity` (RunTask answers with
 * Failures: `AmazonECS.Unknown`); `failed-to-start` (the task stops with StopCode TaskFailedToStart, e.g.
 * an image pull error: `States.TaskFailed`, no exit code); `timeout` (the Task state's time limit passes:
 * `States.Timeout`); `api-error` (an ECS server error: `ECS.ServerException`); `running` (the task is
 * still running when the run ends: its state waits until it is cancelled).
 */
export type RunTaskOutcome = number | 'no-capacity' | 'failed-to-start' | 'timeout' | 'api-error' | 'running';

interface FakeEcsBehaviour {
  /** Exit code of the essential container, per call (the last one repeats). Default 0. */
  readonly exitCodes?: readonly number[];
  /** Outcome per call (the last one repeats); takes precedence over exitCodes. */
  readonly outcomes?: readonly RunTaskOutcome[];
}

export class StatesError extends Error {
  constructor(name: string, override readonly cause: string) {
    super(cause);
    this.name = name;
  }
}

type Handler = (input: unknown) => Promise<JsonObject>;

/** What the `.sync` integration writes into StartedBy of every task it starts (seen in real task descriptions). */
export const SYNC_STARTED_BY = 'AWS Step Functions';

/** A task the fake started, as DescribeTasks would show it. */
export interface FakeTask {
  readonly TaskArn: string;
  readonly Cluster: string;
  readonly StartedBy: string;
  /** Which Task state started it. */
  readonly state: string;
  LastStatus: 'RUNNING' | 'STOPPED';
  StoppedReason?: string;
}

export function fakeEcs(taskStates: readonly string[], behaviour: FakeEcsBehaviour = {}) {
  const calls: RunTaskCall[] = [];
  const tasks: FakeTask[] = [];
  /** Ends the states still waiting for a running task, once the run is over. */
  const waiting: Array<() => void> = [];
  const start = (state: string, request: JsonObject, status: FakeTask['LastStatus']): FakeTask => {
    const task: FakeTask = { TaskArn: taskArn(calls.length), Cluster: String(request['Cluster']), StartedBy: SYNC_STARTED_BY, state, LastStatus: status };
    tasks.push(task);
    return task;
  };
  const taskArn = (n: number): string => `arn:aws:ecs:eu-central-1:123456789012:task/batch/${String(n).padStart(32, '0')}`;
  const handler = (state: string): Handler => async (input) => {
    const request = input as JsonObject;
    calls.push({ state, request });
    const outcomes: readonly RunTaskOutcome[] = behaviour.outcomes ?? behaviour.exitCodes ?? [0];
    const outcome = outcomes[Math.min(calls.length - 1, outcomes.length - 1)] as RunTaskOutcome;
    if (outcome === 'no-capacity') {
      throw new StatesError('AmazonECS.Unknown', JSON.stringify({ Failures: [{ Arn: 'arn:aws:ecs:eu-central-1:123456789012:container-instance/x', Reason: 'RESOURCE:FARGATE' }] }));
    }
    if (outcome === 'timeout') {
      // The state's time limit passed while the task ran: Step Functions stops the task it started.
      const task = start(state, request, 'STOPPED');
      task.StoppedReason = 'Stopped by AWS Step Functions: the Task state timed out';
      throw new StatesError('States.Timeout', 'Task timed out after the TimeoutSeconds of the state');
    }
    if (outcome === 'running') {
      start(state, request, 'RUNNING');
      // The state waits for the task until the run ends (cancelPending).
      return new Promise<JsonObject>((_resolve, reject) => {
        waiting.push(() => {
          reject(new StatesError('States.Cancelled', 'the Task state was cancelled'));
        });
      });
    }
    if (outcome === 'api-error') throw new StatesError('ECS.ServerException', 'Service Unavailable. Please try again later.');
    const exitCode = typeof outcome === 'number' ? outcome : undefined;
    const overrides = (request['Overrides'] as JsonObject | undefined) ?? {};
    const container = ((overrides['ContainerOverrides'] as JsonObject[] | undefined) ?? [])[0] ?? {};
    start(state, request, 'STOPPED');
    const task = {
      TaskArn: taskArn(calls.length),
      ClusterArn: String(request['Cluster']),
      TaskDefinitionArn: String(request['TaskDefinition']),
      LastStatus: 'STOPPED',
      StopCode: exitCode === undefined ? 'TaskFailedToStart' : 'EssentialContainerExited',
      StoppedReason: exitCode === undefined ? 'CannotPullContainerError: pull image manifest has been retried 5 time(s)' : 'Essential container in task exited',
      Containers: [{ Name: String(container['Name']), ...(exitCode === undefined ? {} : { ExitCode: exitCode }), LastStatus: 'STOPPED' }],
      Overrides: overrides,
    };
    if (exitCode !== 0) throw new StatesError('States.TaskFailed', JSON.stringify(task));
    return task;
  };
  const handlers: Record<string, Handler> = {};
  for (const state of taskStates) handlers[state] = handler(state);
  /**
   * The run ended while these tasks' states still waited for them: their Map iteration or the execution
   * was cancelled, and Step Functions stops the tasks it started for them.
   */
  const cancelPending = (): void => {
    for (const end of waiting.splice(0)) end();
    for (const task of tasks) {
      if (task.LastStatus !== 'RUNNING') continue;
      task.LastStatus = 'STOPPED';
      task.StoppedReason = 'Stopped by AWS Step Functions: the Task state was cancelled';
    }
  };
  return { calls, handlers, tasks, cancelPending };
}

