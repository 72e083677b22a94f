/**
 * What a run costs: Step Functions Standard bills every state a run enters and every retry. Each shape of
 * run (test/fixtures/input/run_shapes.yaml) is executed locally with the input its trigger sends, and the
 * transitions are counted from the engine's event log; the tests fail above the targets of issue 11.
 * Also: the clean-up of a failed or timed-out run against a fake ECS that, like the real `.sync`
 * integration, writes its own StartedBy; and the alert when the overlap check itself fails.
 */
import { SYNC_STARTED_BY } from '../cli/simulation/fakeEcs';
import { billedTransitions, runLocally, transitionsUntil, type LocalRun, type LocalRunOptions, type Step } from '../cli/simulation/run';
import { resolve, substituteDefinition } from '../cli/simulation/resolve';
import type { Json, JsonObject } from '../src/json';
import { expandedFixtures, type Expanded } from './support/fixtures';

const SHAPES = expandedFixtures().find((f) => f.fixture.name === 'run_shapes') as Expanded;

function machine(id: 'Lean' | 'Alerting' | 'Guarded' | 'Watched') {
  const resources = SHAPES.expanded['Resources'] as JsonObject;
  const props = (resources[id] as JsonObject)['Properties'] as JsonObject;
  const definition = substituteDefinition(props['Definition'] as Json, resolve(SHAPES.env, props['DefinitionSubstitutions'] as Json) as Record<string, Json>);
  const input = (schedule: string): JsonObject => {
    const target = (((resources[`${id}${schedule}Rule`] as JsonObject)['Properties'] as JsonObject)['Targets'] as JsonObject[])[0] as JsonObject;
    return JSON.parse(resolve(SHAPES.env, target['Input'] as Json) as string) as JsonObject;
  };
  const run = (schedule: string, options: Partial<LocalRunOptions> = {}): Promise<LocalRun> => runLocally(definition, input(schedule), { exitCodes: [0], ...options });
  return { definition, input, run };
}

const isTask = (step: Step): boolean => /RunTask$/.test(step.state);

/** Transitions up to and including the task state whose failure failed the run (with its retries). */
const upToFailure = (run: LocalRun, failedState: (step: Step) => boolean): number => transitionsUntil(run.steps, failedState);

const OTHER_RUN = { arn: 'arn:aws:states:eu-central-1:123456789012:execution:Guarded-XYZ:other', input: { schedule: 'Elsewhere', commands: ['true'] } };

describe('billed state transitions per run (targets of issue 11)', () => {
  it.each([
    ['Lean', 'Single', 3],
    ['Lean', 'Sequence', 2 + 3],
    ['Lean', 'Parallel', 3 + 3],
    ['Alerting', 'Single', 3],
    ['Alerting', 'Sequence', 2 + 3],
    ['Alerting', 'Parallel', 3 + 3],
  ] as const)('%s %s succeeds in at most %i transitions', async (id, schedule, target) => {
    const result = await machine(id).run(schedule);
    expect(result.status).toBe('SUCCEEDED');
    expect(billedTransitions(result.steps)).toBeLessThanOrEqual(target);
  });

  it('an input started by hand that leaves fields out costs 4 more for its defaults, plus one per step', async () => {
    const { definition } = machine('Lean');
    const command = await runLocally(definition, { commands: ['python', 'manage.py', 'report'] }, { exitCodes: [0] });
    expect(command.status).toBe('SUCCEEDED');
    expect(billedTransitions(command.steps)).toBeLessThanOrEqual(3 + 4);
    const steps = await runLocally(definition, { steps: [{ commands: ['a'] }, { commands: ['b'] }, { commands: ['c'] }] }, { exitCodes: [0] });
    expect(steps.runTaskCalls).toHaveLength(3);
    expect(billedTransitions(steps.steps)).toBeLessThanOrEqual(2 + 3 + 4 + 3);
  });

  it.each([
    ['Single', 3],
    ['Sequence', 2 + 3],
    ['Parallel', 3 + 3],
  ] as const)('AllowOverlap: false adds at most 4 + 2 per running execution (itself included) to %s', async (schedule, base) => {
    const guarded = machine('Guarded');
    const alone = await guarded.run(schedule);
    expect(alone.status).toBe('SUCCEEDED');
    expect(billedTransitions(alone.steps)).toBeLessThanOrEqual(base + 4 + 2 * 1);
    const withOther = await guarded.run(schedule, { running: [OTHER_RUN] });
    expect(withOther.status).toBe('SUCCEEDED');
    expect(withOther.runTaskCalls.length).toBeGreaterThan(0);
    expect(billedTransitions(withOther.steps)).toBeLessThanOrEqual(base + 4 + 2 * 2);
    // A skipped run costs Start, the check and the state that says it was skipped.
    const skipped = await guarded.run(schedule, { running: [{ ...OTHER_RUN, input: guarded.input(schedule) }] });
    expect(skipped.output).toMatchObject({ skipped: true, schedule });
    expect(billedTransitions(skipped.steps)).toBeLessThanOrEqual(1 + 4 + 2 * 2 + 1);
  });

  it.each([
    ['Alerting', 'Single', [3]],
    ['Alerting', 'Sequence', [0, 0, 3]],
    ['Alerting', 'Parallel', [0, 3, 0]],
    ['Guarded', 'Single', [3]],
    ['Guarded', 'Sequence', [0, 3]],
    ['Alerting', 'Single', ['timeout']],
    ['Alerting', 'Single', ['failed-to-start']],
    ['Alerting', 'Single', ['no-capacity']],
  ] as const)('a failed run of %s %s (%j) takes at most 5 more transitions than the run up to its failure, alert included', async (id, schedule, outcomes) => {
    const result = await machine(id).run(schedule, { outcomes });
    expect(result.status).toBe('FAILED');
    expect(result.otherCalls.filter((call) => call.state === 'NotifyFailure')).toHaveLength(1);
    expect(billedTransitions(result.steps) - upToFailure(result, isTask)).toBeLessThanOrEqual(5);
  });

  it('a failed overlap check takes at most 5 more transitions than the check up to its failure, alert included', async () => {
    const result = await machine('Guarded').run('Single', { failingCalls: ['sfn:listExecutions'] });
    expect(billedTransitions(result.steps) - upToFailure(result, (s) => s.state === 'ListRunningExecutions')).toBeLessThanOrEqual(5);
  });
});

describe('recording success (AlarmIfNoSuccessWithinMinutes): what it adds, and only where asked', () => {
  const STATE_MACHINE_ARN = 'arn:aws:states:eu-central-1:123456789012:stateMachine:local';
  const published = (result: LocalRun) => result.otherCalls.filter((c) => c.state === 'PublishSuccess').map((c) => c.request);

  it.each([
    ['Single', 3 + 2],
    ['Sequence', 2 + 3 + 2],
  ] as const)('a successful run of %s publishes one success with the state machine and schedule as dimensions, in at most %i transitions', async (schedule, target) => {
    const result = await machine('Watched').run(schedule);
    expect(result.status).toBe('SUCCEEDED');
    expect(published(result)).toEqual([
      { Namespace: 'EcsBatchScheduler', MetricData: [{ MetricName: 'SuccessfulRuns', Dimensions: [{ Name: 'StateMachineArn', Value: STATE_MACHINE_ARN }, { Name: 'Schedule', Value: schedule }], Value: 1, Unit: 'Count' }] },
    ]);
    expect(billedTransitions(result.steps)).toBeLessThanOrEqual(target);
    // The run's output is what it was without the metric.
    expect(result.output).toEqual((await machine('Lean').run(schedule)).output);
  });

  it('a schedule without the alarm, beside ones with it, publishes nothing and pays 2 transitions for the check', async () => {
    const result = await machine('Watched').run('Parallel');
    expect(result.status).toBe('SUCCEEDED');
    expect(published(result)).toEqual([]);
    expect(billedTransitions(result.steps)).toBeLessThanOrEqual(3 + 3 + 2);
  });

  it.each([
    ['Single', [3]],
    ['Sequence', [0, 0, 3]],
    ['Single', ['timeout']],
  ] as const)('a failed run of %s (%j) publishes no success, and alerts once', async (schedule, outcomes) => {
    const result = await machine('Watched').run(schedule, { outcomes });
    expect(result.status).toBe('FAILED');
    expect(published(result)).toEqual([]);
    expect(result.otherCalls.filter((c) => c.state === 'NotifyFailure')).toHaveLength(1);
  });

  it('a success that cannot be recorded (after retries) fails the run and says why', async () => {
    const result = await machine('Watched').run('Single', { failingCalls: ['cloudwatch:putMetricData'] });
    expect(result.runTaskCalls).toHaveLength(1);
    expect(result).toMatchObject({ status: 'FAILED', error: 'SFN.SfnException' });
    expect(result.otherCalls.filter((c) => c.state === 'NotifyFailure')).toHaveLength(1);
  });

  it('shorthands that do not use the property have none of its states', () => {
    for (const id of ['Lean', 'Alerting', 'Guarded'] as const) {
      expect(Object.keys(machine(id).definition['States'] as JsonObject)).not.toEqual(expect.arrayContaining(['RecordSuccess']));
      expect(JSON.stringify(machine(id).definition)).not.toContain('putMetricData');
    }
  });
});

describe('every failed run alerts, also when the overlap check itself fails', () => {
  it('an input with neither commands nor steps: InvalidInput, no task, one alert', async () => {
    const result = await runLocally(machine('Alerting').definition, { schedule: 'Single', Commands: ['python'] }, { exitCodes: [0] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidInput', runTaskCalls: [] });
    const alerts = result.otherCalls.filter((c) => c.state === 'NotifyFailure');
    expect(alerts).toHaveLength(1);
    expect((alerts[0]?.request as JsonObject)['Message']).toMatchObject({ schedule: '(started by hand)', error: { Error: 'InvalidInput' } });
  });

  it.each([['sfn:listExecutions'], ['sfn:describeExecution']])('%s failing after its retries: one alert, the run fails with its error, no task starts', async (call) => {
    const result = await machine('Guarded').run('Sequence', { failingCalls: [call], running: [OTHER_RUN] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'SFN.SfnException', runTaskCalls: [] });
    // The call was retried before the run gave up.
    expect(result.steps.filter((s) => s.event === 'retried').length).toBeGreaterThanOrEqual(3);
    const alerts = result.otherCalls.filter((c) => c.state === 'NotifyFailure');
    expect(alerts).toHaveLength(1);
    const message = (alerts[0]?.request as JsonObject)['Message'] as JsonObject;
    expect(message).toMatchObject({ schedule: 'Sequence', error: { Error: 'SFN.SfnException' } });
    expect(message['steps']).toEqual([machine('Guarded').input('Sequence')]);
  });
});

describe('clean-up without StartedBy: the .sync integration stops what its cancelled states started', () => {
  it('a timed-out single task: the run fails with States.Timeout, alerts, and no task keeps running', async () => {
    const result = await machine('Alerting').run('Single', { outcomes: ['timeout'] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(result.tasks.map((t) => t.StartedBy)).toEqual([SYNC_STARTED_BY]);
    expect(result.tasks[0]?.LastStatus).toBe('STOPPED');
    expect(result.tasks[0]?.StoppedReason).toContain('timed out');
    expect(result.stillRunning).toEqual([]);
    // The run asks ECS for nothing but RunTask: no task lookup by StartedBy, no StopTask of its own.
    expect(result.runTaskCalls.every((c) => !('StartedBy' in c.request))).toBe(true);
    expect(result.otherCalls.map((c) => c.state)).toEqual(['NotifyFailure']);
  });

  it('a parallel run where one step fails while the others still run: the run fails with that step\'s error, the others are stopped', async () => {
    const result = await machine('Alerting').run('Parallel', { outcomes: ['running', 9, 'running'] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(JSON.parse(String(result.cause))).toMatchObject({ Containers: [{ ExitCode: 9 }] });
    expect(result.tasks).toHaveLength(3);
    expect(result.tasks.every((t) => t.StartedBy === SYNC_STARTED_BY)).toBe(true);
    expect(result.tasks.filter((t) => (t.StoppedReason ?? '').includes('cancelled'))).toHaveLength(2);
    expect(result.stillRunning).toEqual([]);
    expect(result.runTaskCalls.every((c) => !('StartedBy' in c.request))).toBe(true);
    expect(result.otherCalls.map((c) => c.state)).toEqual(['NotifyFailure']);
  });
});
