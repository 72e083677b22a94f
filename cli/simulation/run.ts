/**
 * One local execution of a generated state machine, whatever its shape: every ECS RunTask Task state
 * (also inside Parallel branches and Map iterators) is served by the fake ECS, any other Task state
 * (e.g. an SNS publish) by a recorder that answers `{}`. Retries happen at once: what matters locally is
 * which errors are retried and how often, not the wait.
 */
import './polyfill';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { isObject, type Json, type JsonObject } from '../../src/json';
import { StatesError, fakeEcs, type FakeTask, type RunTaskCall, type RunTaskOutcome } from './fakeEcs';

export interface Step {
  readonly state: string;
  readonly event: 'entered' | 'exited' | 'failed' | 'retried' | 'caught';
  readonly detail?: string;
  /** Inside a Map: the iteration. */
  readonly index?: number;
}

export interface LocalRun {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly cause?: string;
  readonly output?: Json;
  readonly runTaskCalls: readonly RunTaskCall[];
  readonly otherCalls: ReadonlyArray<{ readonly state: string; readonly request: Json }>;
  readonly steps: readonly Step[];
  /** The time limit each timed Task state got, resolved from its TimeoutSecondsPath against its input (as AWS does). */
  readonly timeouts: ReadonlyArray<{ readonly state: string; readonly seconds: Json }>;
  /** Every task the fake ECS started, as DescribeTasks would show it after the run. */
  readonly tasks: readonly FakeTask[];
  /** Tasks still running after the run (none: Step Functions stops what its cancelled states started). */
  readonly stillRunning: readonly string[];
}

/** Another execution of the same state machine that is running (for AllowOverlap: false). */
interface RunningExecution {
  readonly arn: string;
  readonly input: Json;
  /** When it started (ISO 8601). Default: a minute before the local run starts. */
  readonly startDate?: string;
}

export interface LocalRunOptions {
  /** Exit code of the essential container per RunTask call, in call order; the last one repeats. */
  readonly exitCodes: readonly number[];
  /** Outcome per RunTask call (exit code, no-capacity, failed-to-start, timeout, api-error); overrides exitCodes. */
  readonly outcomes?: readonly RunTaskOutcome[];
  readonly executionId?: string;
  /** Other running executions ListExecutions reports beside this one. Default: none. */
  readonly running?: readonly RunningExecution[];
  /** AWS SDK calls (by resource suffix, e.g. `sfn:listExecutions`) that fail every time, as after their retries. */
  readonly failingCalls?: readonly string[];
}

/**
 * What Step Functions Standard bills for a run: one state transition per state entered, and one per
 * retry (FIELD_NOTES §2). Nested states (Map iterations) count like any other.
 */
export function billedTransitions(steps: readonly Step[]): number {
  return steps.filter((s) => s.event === 'entered' || s.event === 'retried').length;
}

/** The transitions up to and including the last entry (or retry) of a state `until` picks: a run up to its failure. */
export function transitionsUntil(steps: readonly Step[], until: (step: Step) => boolean): number {
  const last = steps.reduce((found, step, i) => (until(step) && (step.event === 'entered' || step.event === 'retried') ? i : found), -1);
  return billedTransitions(steps.slice(0, last + 1));
}

const STATE_MACHINE_ARN = 'arn:aws:states:eu-central-1:123456789012:stateMachine:local';
/** When the simulated execution starts (aws-local-stepfunctions sets $$.Execution.StartTime to now itself). */
const START_TIME = '2027-01-01T00:00:00.000Z';

/** The part of aws-local-stepfunctions' event log we report (its EventLog type is not exported). */
interface LoggedEvent {
  readonly type: string;
  readonly index?: number;
  readonly state?: { readonly name: string; readonly input?: Json };
  readonly Error?: string;
  readonly retry?: { readonly attempt: number };
}

export async function runLocally(source: JsonObject, input: Json, options: LocalRunOptions): Promise<LocalRun> {
  // aws-local-stepfunctions resolves TimeoutSecondsPath against the Task's Parameters output, AWS against
  // the state input: the local copy drops it, and each timed state's limit is resolved here as AWS would.
  // A JSON copy, not structuredClone: under jest that makes objects of another realm, which the engine does not take as plain objects.
  const definition = JSON.parse(JSON.stringify(source)) as JsonObject;
  const timedStates = new Map<string, string>();
  eachState(definition, (name, state) => {
    if (typeof state['TimeoutSecondsPath'] === 'string') {
      timedStates.set(name, state['TimeoutSecondsPath']);
      Reflect.deleteProperty(state, 'TimeoutSecondsPath');
    }
  });
  const sequences = markSequentialMaps(definition);
  const tasks = taskStates(definition);
  const ecs = fakeEcs(tasks.filter((t) => t.runTask).map((t) => t.name), { exitCodes: options.exitCodes, ...(options.outcomes ? { outcomes: options.outcomes } : {}) });
  const executionId = options.executionId ?? 'arn:aws:states:eu-central-1:123456789012:execution:local:simulated';
  const running = options.running ?? [];
  const otherCalls: Array<{ state: string; request: Json }> = [];
  const handlers: Record<string, (input: unknown) => Promise<Json>> = {};
  for (const [name, handler] of Object.entries(ecs.handlers)) handlers[name] = sequences.guard(name, handler);
  for (const task of tasks.filter((t) => !t.runTask)) {
    handlers[task.name] = (request) => {
      otherCalls.push({ state: task.name, request: request as Json });
      if ((options.failingCalls ?? []).some((suffix) => task.resource.endsWith(`:${suffix}`))) {
        return Promise.reject(new StatesError('SFN.SfnException', `${task.resource.split(':').pop() ?? 'call'} failed (simulated)`));
      }
      // The Step Functions SDK calls AllowOverlap: false makes, answered from `running`.
      if (task.resource.endsWith(':sfn:listExecutions')) {
        // Newest first, as ListExecutions sorts them; this run started just now.
        const others = running.map((r) => ({ ExecutionArn: r.arn, Status: 'RUNNING', StartDate: startOf(r) }));
        const all = [{ ExecutionArn: executionId, Status: 'RUNNING', StartDate: new Date().toISOString() }, ...others];
        return Promise.resolve({ Executions: all.sort((a, b) => b.StartDate.localeCompare(a.StartDate)) });
      }
      if (task.resource.endsWith(':sfn:describeExecution')) {
        const arn = isObject(request) ? request['ExecutionArn'] : undefined;
        const found = running.find((r) => r.arn === arn);
        return Promise.resolve({
          ExecutionArn: arn ?? null,
          Status: 'RUNNING',
          Input: JSON.stringify(found?.input ?? input),
          StartDate: found ? startOf(found) : new Date().toISOString(),
        });
      }
      return Promise.resolve({});
    };
  }
  const waits: Record<string, number> = {};
  eachState(definition, (name, state) => {
    if (state['Type'] === 'Wait') waits[name] = 0;
  });
  const execution = stateMachineOf(definition).run(input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: zeroRetryIntervals(definition), waitTimeOverrides: waits },
    context: {
      Execution: { Id: executionId, Name: 'simulated', Input: input as never, StartTime: START_TIME },
      StateMachine: { Id: STATE_MACHINE_ARN, Name: 'local' },
    },
  });
  const steps: Step[] = [];
  const timeouts: Array<{ state: string; seconds: Json; index?: number }> = [];
  const collect = (async () => {
    for await (const event of execution.eventLogs) {
      const logged = event as unknown as LoggedEvent;
      const step = stepOf(logged);
      if (step) steps.push(logged.index === undefined ? step : { ...step, index: logged.index });
      const path = logged.state ? timedStates.get(logged.state.name) : undefined;
      if (logged.type === 'StateEntered' && logged.state && path !== undefined) {
        timeouts.push({ state: logged.state.name, seconds: valueAt(logged.state.input, path), ...(logged.index === undefined ? {} : { index: logged.index }) });
      }
    }
  })();
  let run: Omit<LocalRun, 'runTaskCalls' | 'otherCalls' | 'steps' | 'timeouts' | 'tasks' | 'stillRunning'>;
  try {
    run = { status: 'SUCCEEDED', output: (await execution.result) as Json };
  } catch (e) {
    if (!(e instanceof ExecutionError)) throw e;
    const inner = e.cause as Error & { cause?: unknown };
    run = { status: 'FAILED', error: inner.name, cause: typeof inner.cause === 'string' ? inner.cause : inner.message };
  }
  await collect;
  ecs.cancelPending();
  return {
    ...run,
    runTaskCalls: ecs.calls,
    otherCalls,
    steps: steps.filter((step) => !sequences.skipped(step)),
    timeouts: timeouts.filter((t) => !sequences.skipped(t)),
    tasks: ecs.tasks,
    stillRunning: ecs.tasks.filter((t) => t.LastStatus === 'RUNNING').map((t) => t.TaskArn),
  };
}

/**
 * Definitions the engine has validated in this process (as JSON text). Its constructor validates with
 * asl-validator, which compiles its JSON schemas anew on every call (about 70 % of a local run); the same
 * definition is validated once, and later runs of it skip only that repeated, identical check.
 */
const validated = new Set<string>();

function stateMachineOf(definition: JsonObject): StateMachine {
  const text = JSON.stringify(definition);
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, validated.has(text) ? { validationOptions: { noValidate: true } } : {});
  validated.add(text);
  return machine;
}

/** When another running execution started (default: a minute before this run). */
function startOf(execution: RunningExecution): string {
  return execution.startDate ?? new Date(Date.now() - 60_000).toISOString();
}

const ITEM_MARK = '__localMapItem';

/**
 * aws-local-stepfunctions 3 honours a Map's MaxConcurrency, but keeps starting queued iterations after one
 * failed; AWS fails the Map at the first failed iteration, and with MaxConcurrency 1 (steps one after
 * another) starts no later one. This emulates AWS for such Maps: each iteration's RunTask request carries
 * its index (removed before the fake ECS sees it); once an iteration's last RunTask call failed (for the
 * generated definitions: the step failed), a later iteration's call never reaches ECS (it ends that
 * iteration at once), and the events of those iterations are left out of the run's report.
 */
function markSequentialMaps(definition: JsonObject) {
  const failed = new Map<string, number>();
  const lastCallFailed = new Map<string, boolean>();
  const mapOfState = new Map<string, string>();
  eachState(definition, (mapName, state) => {
    if (state['Type'] !== 'Map' || state['MaxConcurrency'] !== 1 || !isObject(state['ItemSelector'])) return;
    Reflect.set(state, 'ItemSelector', { ...state['ItemSelector'], [`${ITEM_MARK}.$`]: '$$.Map.Item.Index' });
    eachState(state['ItemProcessor'], (name, inner) => {
      mapOfState.set(name, mapName);
      if (inner['Type'] === 'Task' && isObject(inner['Parameters'])) Reflect.set(inner, 'Parameters', { ...inner['Parameters'], [`${ITEM_MARK}.$`]: `$.${ITEM_MARK}` });
    });
  });
  return {
    guard:
      (state: string, handler: (input: unknown) => Promise<Json>) =>
      async (input: unknown): Promise<Json> => {
        const map = mapOfState.get(state);
        if (map === undefined || !isObject(input)) return handler(input);
        const { [ITEM_MARK]: mark, ...request } = input;
        const index = Number(mark);
        for (const [key, callFailed] of lastCallFailed) {
          const [ofMap, earlier] = key.split('#');
          if (callFailed && ofMap === map && Number(earlier) < index) failed.set(map, Math.min(failed.get(map) ?? Infinity, Number(earlier)));
        }
        const firstFailed = failed.get(map);
        // The engine starts it after the Map has already failed; ending it at once leaves nothing waiting.
        if (firstFailed !== undefined && index > firstFailed) throw new StatesError('States.Runtime', 'not started: an earlier iteration failed (AWS starts no later one)');
        try {
          const result = await handler(request);
          lastCallFailed.set(`${map}#${index}`, false);
          return result;
        } catch (error) {
          lastCallFailed.set(`${map}#${index}`, true);
          throw error;
        }
      },
    /** A later iteration starts: did the one before it end with a failed call? Then AWS would not start it. */
    skipped: (event: { readonly state: string; readonly index?: number }): boolean => {
      const map = mapOfState.get(event.state);
      if (map === undefined || event.index === undefined) return false;
      const firstFailed = failed.get(map);
      return firstFailed !== undefined && event.index > firstFailed;
    },
  };
}

/** A plain `$.a.b` reference path, resolved; `null` when absent (AWS would fail the state with States.Runtime). */
function valueAt(document: Json | undefined, path: string): Json {
  let value: Json | undefined = document;
  for (const key of path.replace(/^\$\.?/, '').split('.').filter((k) => k !== '')) {
    value = isObject(value) ? value[key] : undefined;
  }
  return value ?? null;
}

interface TaskState {
  readonly name: string;
  readonly resource: string;
  readonly runTask: boolean;
}

/** Calls `visit` for every state, also those nested in Parallel branches and Map iterators. */
function eachState(machine: unknown, visit: (name: string, state: JsonObject) => void): void {
  if (!isObject(machine) || !isObject(machine['States'])) return;
  for (const [name, state] of Object.entries(machine['States'])) {
    if (!isObject(state)) continue;
    visit(name, state);
    if (Array.isArray(state['Branches'])) for (const branch of state['Branches']) eachState(branch, visit);
    eachState(state['ItemProcessor'], visit);
    eachState(state['Iterator'], visit);
  }
}

function taskStates(definition: JsonObject): TaskState[] {
  const out: TaskState[] = [];
  eachState(definition, (name, state) => {
    if (state['Type'] !== 'Task') return;
    const resource = typeof state['Resource'] === 'string' ? state['Resource'] : '';
    out.push({ name, resource, runTask: resource.includes(':ecs:runTask') });
  });
  return out;
}

function zeroRetryIntervals(definition: JsonObject): Record<string, number> {
  const out: Record<string, number> = {};
  eachState(definition, (name, state) => {
    if (Array.isArray(state['Retry'])) out[name] = 0;
  });
  return out;
}

function stepOf(event: LoggedEvent): Step | undefined {
  const name = event.state?.name;
  if (name === undefined) return undefined;
  switch (event.type) {
    case 'StateEntered':
      return { state: name, event: 'entered' };
    case 'StateExited':
      return { state: name, event: 'exited' };
    case 'StateFailed':
      return { state: name, event: 'failed', ...(event.Error === undefined ? {} : { detail: event.Error }) };
    case 'StateRetried':
      return { state: name, event: 'retried', detail: `attempt ${event.retry?.attempt ?? '?'}` };
    case 'StateCaught':
      return { state: name, event: 'caught' };
    default:
      return undefined;
  }
}
