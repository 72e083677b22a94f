/**
 * Every generated state machine, from every golden and every example template, checked by independent
 * tools: asl-validator validates the definition, aws-local-stepfunctions executes it against a fake ECS
 * (and a recording SNS) with the exact input each trigger (EventBridge rule or Scheduler schedule) sends.
 * The expectations come from the shorthand as the user wrote it, never from the generated definition.
 */
import validator from 'asl-validator';
import { runLocally, type LocalRunOptions } from '../cli/simulation/run';
import { resolve, substituteDefinition, type Env } from '../cli/simulation/resolve';
import { isObject, type Json, type JsonObject } from '../src/json';
import { expandedFixtures } from './support/fixtures';

interface Case {
  readonly fixture: string;
  readonly stateMachineId: string;
  readonly definition: JsonObject;
  /** The shorthand's properties as the user wrote them, resolved: the expectations come from here. */
  readonly shorthand: JsonObject;
  readonly env: Env;
  readonly expanded: JsonObject;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const { fixture, template, expanded, env } of expandedFixtures()) {
    const resources = expanded['Resources'] as JsonObject;
    const original = template['Resources'] as JsonObject;
    for (const [id, resource] of Object.entries(resources)) {
      if (!isObject(resource) || resource['Type'] !== 'AWS::StepFunctions::StateMachine') continue;
      const props = resource['Properties'] as JsonObject;
      const substitutions = resolve(env, props['DefinitionSubstitutions'] as Json) as Record<string, Json>;
      out.push({
        fixture: fixture.name,
        stateMachineId: id,
        definition: substituteDefinition(props['Definition'] as Json, substitutions),
        shorthand: resolve(env, (original[id] as JsonObject)['Properties'] as Json) as JsonObject,
        env,
        expanded,
      });
    }
  }
  return out;
}

const ALL = cases();
const table = ALL.map((c) => [`${c.fixture}/${c.stateMachineId}`, c] as const);
const byName = (fixture: string, id: string): Case => {
  const found = ALL.find((c) => c.fixture === fixture && c.stateMachineId === id);
  if (!found) throw new Error(`no case ${fixture}/${id}`);
  return found;
};

/** The Input each trigger (rule or Scheduler schedule) targeting this state machine sends, by schedule name. */
function triggerInputs(c: Case): Array<[string, JsonObject]> {
  const resources = c.expanded['Resources'] as JsonObject;
  return Object.keys(c.shorthand['Schedules'] as JsonObject).map((name) => {
    const rule = resources[`${c.stateMachineId}${name}Rule`] as JsonObject | undefined;
    const schedule = resources[`${c.stateMachineId}${name}Schedule`] as JsonObject | undefined;
    const target = rule
      ? (((rule['Properties'] as JsonObject)['Targets'] as JsonObject[])[0] as JsonObject)
      : ((schedule?.['Properties'] as JsonObject)['Target'] as JsonObject);
    expect(target['Arn']).toEqual({ Ref: c.stateMachineId });
    return [name, JSON.parse(resolve(c.env, target['Input'] as Json) as string) as JsonObject];
  });
}

function inputOf(c: Case, schedule: string): JsonObject {
  const found = triggerInputs(c).find(([name]) => name === schedule);
  if (!found) throw new Error(`no schedule ${schedule}`);
  return found[1];
}

/**
 * The defaults as the README's property table documents them, written out here rather than imported from
 * src/ so that a changed default in the code fails these tests instead of moving their expectations with it.
 */
const DOCUMENTED_RETRY = { MaxAttempts: 3, IntervalSeconds: 30, BackoffRate: 2 } as const;
/** Without a TimeoutSeconds, a timed run waits at most what a Wait state allows (FIELD_NOTES §2: 99,999,999 s). */
const LONGEST_WAIT_SECONDS = 99_999_999;

const run = (c: Case, input: Json, options: Partial<LocalRunOptions> = {}) => runLocally(c.definition, input, { exitCodes: [0], ...options });

type Steps = Array<{ command: Json[]; environment?: JsonObject }>;

/** The commands a schedule runs, as written: its Command, or its Steps. */
function stepsOf(schedule: JsonObject): Steps {
  const steps = schedule['Steps'] as JsonObject[] | undefined;
  if (steps) return steps.map((s) => ({ command: s['Command'] as Json[], ...(s['Environment'] ? { environment: s['Environment'] as JsonObject } : {}) }));
  return [{ command: schedule['Command'] as Json[], ...(schedule['Environment'] ? { environment: schedule['Environment'] as JsonObject } : {}) }];
}

function overridesOf(request: JsonObject): { override: JsonObject; task: JsonObject } {
  const task = request['Overrides'] as JsonObject;
  return { override: (task['ContainerOverrides'] as JsonObject[])[0] as JsonObject, task };
}

/** The shorthand's Retry, each field defaulted as documented. */
function retryOf(shorthand: JsonObject): { maxAttempts: number; intervalSeconds: number; backoffRate: number } {
  const retry = (shorthand['Retry'] as JsonObject | undefined) ?? {};
  return {
    maxAttempts: Number(retry['MaxAttempts'] ?? DOCUMENTED_RETRY.MaxAttempts),
    intervalSeconds: Number(retry['IntervalSeconds'] ?? DOCUMENTED_RETRY.IntervalSeconds),
    backoffRate: Number(retry['BackoffRate'] ?? DOCUMENTED_RETRY.BackoffRate),
  };
}

describe('generated state machines', () => {
  it('covers every golden and example template', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(10);
  });

  it.each(table)('%s: passes asl-validator', (_name, c) => {
    const result = validator(structuredClone(c.definition) as never);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it.each(table)("%s: each trigger hands ECS exactly its schedule's commands, task size, time limit, cluster, task definition and network", async (_name, c) => {
    const props = c.shorthand;
    for (const [name, input] of triggerInputs(c)) {
      const schedule = (props['Schedules'] as JsonObject)[name] as JsonObject;
      const steps = stepsOf(schedule);
      // Act
      const result = await run(c, input);

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expect(result.runTaskCalls).toHaveLength(steps.length);
      const parallel = schedule['Parallel'] === true || schedule['Parallel'] === 'true';
      const requests = result.runTaskCalls.map((call) => call.request);
      const commands = requests.map((r) => overridesOf(r).override['Command']);
      const expected = steps.map((s) => s.command.map(String));
      // In sequence, in order; in parallel, all of them (the local engine runs Map iterations at once).
      if (parallel) expect([...commands].sort()).toEqual([...expected].sort());
      else expect(commands).toEqual(expected);
      for (const request of requests) {
        const { override, task } = overridesOf(request);
        const step = steps.find((s) => JSON.stringify(s.command.map(String)) === JSON.stringify(override['Command'])) as Steps[number];
        expect(override['Environment']).toEqual(Object.entries(step.environment ?? {}).map(([Name, Value]) => ({ Name, Value: String(Value) })));
        expect(task['Cpu']).toBe(schedule['Cpu'] === undefined ? undefined : String(schedule['Cpu']));
        expect(task['Memory']).toBe(schedule['Memory'] === undefined ? undefined : String(schedule['Memory']));
        expect(request['Cluster']).toBe(props['Cluster']);
        expect(request['TaskDefinition']).toBe(props['TaskDefinition']);
        if (props['CapacityProviderStrategy'] !== undefined) {
          expect(request).not.toHaveProperty('LaunchType');
          expect(request['CapacityProviderStrategy']).toEqual(props['CapacityProviderStrategy']);
        } else {
          expect(request['LaunchType']).toBe(props['LaunchType'] ?? 'FARGATE');
        }
        if (props['Subnets'] === undefined) {
          expect(request).not.toHaveProperty('NetworkConfiguration');
        } else {
          const awsvpc = (request['NetworkConfiguration'] as JsonObject)['AwsvpcConfiguration'] as JsonObject;
          // A single subnet or security group (e.g. !Ref of an AWS::EC2::Subnet::Id parameter) is a one-element list.
          const asList = (v: Json): Json[] => (Array.isArray(v) ? (v as Json[]) : [v]);
          expect(awsvpc['Subnets']).toEqual(asList(props['Subnets'] as Json));
          if (props['SecurityGroups'] !== undefined) expect(awsvpc['SecurityGroups']).toEqual(asList(props['SecurityGroups'] as Json));
          expect(awsvpc['AssignPublicIp']).toBe(props['AssignPublicIp'] ?? 'DISABLED');
        }
      }
      const limit = schedule['TimeoutSeconds'] ?? props['TimeoutSeconds'];
      const timed = Object.values(props['Schedules'] as JsonObject).some((s) => (s as JsonObject)['TimeoutSeconds'] !== undefined) || props['TimeoutSeconds'] !== undefined;
      expect(result.timeouts.map((t) => t.seconds)).toEqual(timed ? steps.map(() => Number(limit ?? LONGEST_WAIT_SECONDS)) : []);
    }
  });

  it.each(table)('%s: a command that exits non-zero fails the execution with States.TaskFailed (retried only when RetryFailedCommands)', async (_name, c) => {
    const [, input] = triggerInputs(c)[0] as [string, JsonObject];
    const result = await run(c, input, { outcomes: [3] });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.TaskFailed');
    expect(JSON.parse(String(result.cause))).toMatchObject({ Containers: [{ ExitCode: 3 }] });
    const retried = c.shorthand['RetryFailedCommands'] === true || c.shorthand['RetryFailedCommands'] === 'true';
    expect(result.runTaskCalls).toHaveLength(retried ? 1 + retryOf(c.shorthand).maxAttempts : 1);
  });

  it.each(table)('%s: a task ECS cannot place is retried with backoff, then fails the execution with AmazonECS.Unknown', async (_name, c) => {
    const [, input] = triggerInputs(c)[0] as [string, JsonObject];
    const result = await run(c, input, { outcomes: ['no-capacity'] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'AmazonECS.Unknown' });
    expect(result.runTaskCalls).toHaveLength(1 + retryOf(c.shorthand).maxAttempts);
  });

  it.each(table)("%s: an operator can start a run by hand with the article's input shape", async (_name, c) => {
    const result = await run(c, { commands: ['python', 'manage.py', 'import_customers'] });
    expect(result.status).toBe('SUCCEEDED');
    expect(overridesOf((result.runTaskCalls[0] as { request: JsonObject }).request).override['Command']).toEqual(['python', 'manage.py', 'import_customers']);
  });

  it.each(table)('%s: input without commands fails loudly and starts no task', async (_name, c) => {
    const result = await run(c, { Commands: ['python'] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidInput', runTaskCalls: [] });
  });
});

describe('production batch behaviour (test/fixtures/input/production_batch.yaml)', () => {
  const c = byName('production_batch', 'Jobs');
  const commandsOf = (r: Awaited<ReturnType<typeof run>>) => r.runTaskCalls.map((call) => overridesOf(call.request).override['Command']);

  it('runs steps one after another, each with its own command and environment, and the original input preserved', async () => {
    const result = await run(c, inputOf(c, 'Reports'));
    expect(result.status).toBe('SUCCEEDED');
    expect(commandsOf(result)).toEqual([
      ['python', 'manage.py', 'migrate'],
      ['python', 'manage.py', 'report', '--daily'],
    ]);
    expect(result.runTaskCalls.map((call) => overridesOf(call.request).override['Environment'])).toEqual([[], [{ Name: 'REPORT', Value: 'daily' }]]);
    // Each step saw the execution input, not the previous step's output (ResultPath: null).
    expect(result.steps.filter((s) => s.state === 'SequenceRunTask' && s.event === 'entered')).toHaveLength(2);
  });

  it('stops at the first failed step: the next step never starts', async () => {
    const result = await run(c, inputOf(c, 'Reports'), { outcomes: [4, 0] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(commandsOf(result)).toEqual([['python', 'manage.py', 'migrate']]);
  });

  it('runs parallel steps at once and fails the run when one of them fails', async () => {
    const ok = await run(c, inputOf(c, 'Exports'));
    expect(ok.status).toBe('SUCCEEDED');
    expect(ok.runTaskCalls.map((call) => call.state)).toEqual(['ParallelRunTask', 'ParallelRunTask']);
    const failed = await run(c, inputOf(c, 'Exports'), { outcomes: [0, 9] });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
  });

  it('hands the per-schedule task size and time limit to every step', async () => {
    const result = await run(c, inputOf(c, 'Reports'));
    for (const call of result.runTaskCalls) expect(overridesOf(call.request).task).toMatchObject({ Cpu: '1024', Memory: '2048' });
    expect(result.timeouts).toEqual([
      { state: 'SequenceRunTask', seconds: 600, index: 0 },
      { state: 'SequenceRunTask', seconds: 600, index: 1 },
    ]);
    const oneOff = await run(c, inputOf(c, 'OneOff'));
    expect(oneOff.timeouts).toEqual([{ state: 'RunTask', seconds: 3600 }]);
  });

  it('retries ECS API errors with the configured attempts, and no more', async () => {
    const { maxAttempts, intervalSeconds, backoffRate } = retryOf(c.shorthand);
    const recovers = await run(c, inputOf(c, 'OneOff'), { outcomes: [...Array<'api-error'>(maxAttempts).fill('api-error'), 0] });
    expect(recovers.status).toBe('SUCCEEDED');
    expect(recovers.runTaskCalls).toHaveLength(1 + maxAttempts);
    const givesUp = await run(c, inputOf(c, 'OneOff'), { outcomes: Array<'api-error'>(maxAttempts + 1).fill('api-error') });
    expect(givesUp.status).toBe('FAILED');
    expect(givesUp.runTaskCalls).toHaveLength(1 + maxAttempts);
    // The local engine retries without waiting: the backoff is read off the definition, against the shorthand's numbers.
    const retry = ((c.definition['States'] as JsonObject)['RunTask'] as JsonObject)['Retry'];
    expect(retry).toEqual([
      { ErrorEquals: ['ECS.AmazonECSException', 'ECS.ServerException', 'AmazonECS.Unknown'], IntervalSeconds: intervalSeconds, MaxAttempts: maxAttempts, BackoffRate: backoffRate },
    ]);
  });

  it('restarts a task that failed to start (it never ran the command), but not a command that failed', async () => {
    const restarted = await run(c, inputOf(c, 'OneOff'), { outcomes: ['failed-to-start', 0] });
    expect(restarted.status).toBe('SUCCEEDED');
    expect(restarted.runTaskCalls).toHaveLength(2);
    expect(restarted.steps.filter((s) => s.state === 'WaitBeforeRestart' && s.event === 'entered')).toHaveLength(1);
    const givesUp = await run(c, inputOf(c, 'OneOff'), { outcomes: ['failed-to-start'] });
    expect(givesUp).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(givesUp.runTaskCalls).toHaveLength(3);
    const commandFailed = await run(c, inputOf(c, 'OneOff'), { outcomes: [1, 0] });
    expect(commandFailed.status).toBe('FAILED');
    expect(commandFailed.runTaskCalls).toHaveLength(1);
  });

  it('waits before each restart as the backoff says (IntervalSeconds × BackoffRate^n)', () => {
    const { maxAttempts, intervalSeconds, backoffRate } = retryOf(c.shorthand);
    const prepared = ((c.definition['States'] as JsonObject)['PrepareCommand'] as JsonObject)['Parameters'] as JsonObject;
    expect(prepared['restartWaits']).toEqual(Array.from({ length: maxAttempts }, (_, n) => intervalSeconds * backoffRate ** n));
  });

  it('tells the failure topic once about a failed run, with schedule, steps, exit code and execution, and still fails', async () => {
    const result = await run(c, inputOf(c, 'Reports'), { outcomes: [0, 3], executionId: 'arn:aws:states:eu-central-1:123456789012:execution:Jobs-XYZ:run-1' });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    const published = result.otherCalls.filter((call) => call.state === 'NotifyFailure');
    expect(published).toHaveLength(1);
    const request = (published[0] as { request: JsonObject }).request;
    expect(request['TopicArn']).toBe(resolve(c.env, { Ref: 'AlertsTopic' }));
    expect(request['Subject']).toBe('EcsBatchScheduler: a scheduled run failed');
    const message = request['Message'] as JsonObject;
    expect(message).toMatchObject({ schedule: 'Reports', execution: 'arn:aws:states:eu-central-1:123456789012:execution:Jobs-XYZ:run-1' });
    expect((message['error'] as JsonObject)['Error']).toBe('States.TaskFailed');
    expect(JSON.parse(String((message['error'] as JsonObject)['Cause']))).toMatchObject({ StopCode: 'EssentialContainerExited', Containers: [{ ExitCode: 3 }] });
    expect(message['steps']).toEqual(inputOf(c, 'Reports')['steps']);
  });

  it('a timed-out run fails with States.Timeout, is reported, and leaves no task running', async () => {
    const result = await run(c, inputOf(c, 'OneOff'), { outcomes: ['timeout'] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(result.runTaskCalls).toHaveLength(1);
    const message = ((result.otherCalls.find((call) => call.state === 'NotifyFailure') as { request: JsonObject }).request)['Message'] as JsonObject;
    expect((message['error'] as JsonObject)['Error']).toBe('States.Timeout');
    expect(result.stillRunning).toEqual([]);
  });

  it('skips a run while the previous run of the same schedule is still running, and says so', async () => {
    const previous = { arn: 'arn:aws:states:eu-central-1:123456789012:execution:Jobs-XYZ:previous', input: inputOf(c, 'Reports') };
    const skipped = await run(c, inputOf(c, 'Reports'), { running: [previous] });
    expect(skipped.status).toBe('SUCCEEDED');
    expect(skipped.output).toMatchObject({ skipped: true, schedule: 'Reports' });
    expect(skipped.runTaskCalls).toEqual([]);
    // A run of the same schedule that started after this one (two deliveries at once) does not block it:
    // only the earlier of two overlapping runs goes on.
    const later = await run(c, inputOf(c, 'Reports'), { running: [{ ...previous, startDate: new Date(Date.now() + 60_000).toISOString() }] });
    expect(later.runTaskCalls).toHaveLength(2);
    // Another schedule's run does not block this one.
    const other = await run(c, inputOf(c, 'OneOff'), { running: [previous] });
    expect(other.status).toBe('SUCCEEDED');
    expect(other.runTaskCalls).toHaveLength(1);
    // A run started by hand without a schedule name is never skipped and looks at nothing.
    const byHand = await run(c, { commands: ['python', 'manage.py', 'backfill'] }, { running: [previous] });
    expect(byHand.runTaskCalls).toHaveLength(1);
    expect(byHand.otherCalls).toEqual([]);
  });
});

describe('RetryFailedCommands (test/fixtures/input/retry_failed_commands.yaml)', () => {
  const c = byName('retry_failed_commands', 'Jobs');

  it('retries a command that exited non-zero, with the default retry policy', async () => {
    const result = await run(c, inputOf(c, 'Flaky'), { outcomes: [1, 1, 0] });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.runTaskCalls).toHaveLength(3);
    const retry = (((c.definition['States'] as JsonObject)['RunTask'] as JsonObject)['Retry'] as JsonObject[])[0] as JsonObject;
    expect(c.shorthand['Retry']).toBeUndefined();
    expect(retry).toMatchObject(DOCUMENTED_RETRY);
    expect(retry['ErrorEquals']).toContain('States.TaskFailed');
  });

  it('hands EC2 task sizes through as given', async () => {
    const result = await run(c, inputOf(c, 'Flaky'));
    expect(overridesOf((result.runTaskCalls[0] as { request: JsonObject }).request).task).toMatchObject({ Cpu: '300', Memory: '700' });
  });
});
