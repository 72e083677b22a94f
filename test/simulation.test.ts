/**
 * The local run behind `simulate` is generic over the definition: a multi-step sequence and a Parallel
 * state (the shapes multi-step schedules take) are served by the fake ECS, `--fail-step K` fails exactly
 * the K-th RunTask call, and a failed step stops a sequence as it would on AWS.
 */
import type { JsonObject } from '../src/json';
import { runLocally } from '../cli/simulation/run';

const RUN_TASK = 'arn:aws:states:::ecs:runTask.sync';

function step(command: string, next?: string): JsonObject {
  return {
    Type: 'Task',
    Resource: RUN_TASK,
    Parameters: { Cluster: 'batch', TaskDefinition: 'app:3', Overrides: { ContainerOverrides: [{ Name: 'app', Command: [command] }] } },
    ResultPath: null,
    ...(next === undefined ? { End: true } : { Next: next }),
  };
}

const sequence: JsonObject = { StartAt: 'Migrate', States: { Migrate: step('migrate', 'Report'), Report: step('report', 'Notify'), Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 'arn:aws:sns:eu-central-1:123456789012:t', Message: 'done' }, End: true } } };

const parallel: JsonObject = {
  StartAt: 'Both',
  States: { Both: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'A', States: { A: step('a') } }, { StartAt: 'B', States: { B: step('b') } }] } },
};

describe('runLocally (the engine of simulate)', () => {
  it('runs every step of a sequence against the fake ECS, then the other tasks', async () => {
    const run = await runLocally(sequence, { commands: ['x'] }, { exitCodes: [0] });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.runTaskCalls.map((c) => c.state)).toEqual(['Migrate', 'Report']);
    expect(run.otherCalls).toEqual([{ state: 'Notify', request: { TopicArn: 'arn:aws:sns:eu-central-1:123456789012:t', Message: 'done' } }]);
    expect(run.steps.map((s) => `${s.event} ${s.state}`)).toEqual(['entered Migrate', 'exited Migrate', 'entered Report', 'exited Report', 'entered Notify', 'exited Notify']);
  });

  it('fails at the K-th RunTask call and runs nothing after it', async () => {
    const run = await runLocally(sequence, {}, { exitCodes: [0, 7, 0] });
    expect(run).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(JSON.parse(run.cause ?? '')).toMatchObject({ Containers: [{ Name: 'app', ExitCode: 7 }] });
    expect(run.runTaskCalls.map((c) => c.state)).toEqual(['Migrate', 'Report']);
    expect(run.otherCalls).toEqual([]);
  });

  it('serves RunTask states inside Parallel branches', async () => {
    const ok = await runLocally(parallel, {}, { exitCodes: [0] });
    expect(ok.status).toBe('SUCCEEDED');
    expect(ok.runTaskCalls.map((c) => c.state).sort()).toEqual(['A', 'B']);
    const failed = await runLocally(parallel, {}, { exitCodes: [0, 1] });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
  });

  it('retries without waiting and reports each retry', async () => {
    const retried: JsonObject = { StartAt: 'Run', States: { Run: { ...step('r'), Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2, IntervalSeconds: 60 }] } } };
    const started = Date.now();
    const run = await runLocally(retried, {}, { exitCodes: [1, 1, 0] });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.steps.filter((s) => s.event === 'retried')).toHaveLength(2);
    expect(run.runTaskCalls).toHaveLength(3);
  });

  it('validates every definition it runs: an invalid one is refused on each run, a valid one runs again after its first validation', async () => {
    const invalid: JsonObject = { StartAt: 'Missing', States: { Run: step('r') } };
    for (let i = 0; i < 2; i++) await expect(runLocally(invalid, {}, { exitCodes: [0] })).rejects.toThrow(/Missing|StartAt|valid/i);
    for (let i = 0; i < 2; i++) expect((await runLocally(sequence, { commands: ['x'] }, { exitCodes: [0] })).status).toBe('SUCCEEDED');
  });
});
