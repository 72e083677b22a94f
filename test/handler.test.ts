/** The Lambda handler on real macro events (FIELD_NOTES §1): it never throws and never half-expands. */
import { handleMacroEvent, handler, type Logger } from '../macro/handler';
import type { Json, JsonObject } from '../src/json';
import { INPUT_DIR, loadTemplate, macroEventFor, silentLogger } from './support/fixtures';
import { join } from 'node:path';

function recordingLogger(): Logger & { errors: unknown[]; infos: unknown[] } {
  const errors: unknown[] = [];
  const infos: unknown[] = [];
  return { errors, infos, error: (m, d) => errors.push({ m, d }), info: (m, d) => infos.push({ m, d }) };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value as object).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const nightly = (): JsonObject => loadTemplate(join(INPUT_DIR, 'in_template_task_definition.yaml'));

describe('macro handler', () => {
  it('answers a real request with the same requestId, status success and the whole expanded fragment', async () => {
    // Prepare
    const event = macroEventFor(nightly(), 'b1946ac9-2f3c-4c59-a1d5-6a6c2c1e3f10');

    // Act
    const response = await handler(event);

    // Assess
    expect(Object.keys(response).sort()).toEqual(['fragment', 'requestId', 'status']);
    expect(response.requestId).toBe('b1946ac9-2f3c-4c59-a1d5-6a6c2c1e3f10');
    expect(response.status).toBe('success');
    const resources = (response.fragment as JsonObject)['Resources'] as JsonObject;
    expect((resources['Jobs'] as JsonObject)['Type']).toBe('AWS::StepFunctions::StateMachine');
    expect(Object.values(resources).some((r) => (r as JsonObject)['Type'] === 'Custom::BatchCommandSchedule')).toBe(false);
  });

  it('returns resources it does not own, and every other section, byte-identical', () => {
    const event = macroEventFor(nightly());
    const input = event.fragment as JsonObject;
    const response = handleMacroEvent(event, silentLogger);
    if (response.status !== 'success') throw new Error(response.errorMessage);
    for (const section of Object.keys(input).filter((k) => k !== 'Resources')) {
      expect(JSON.stringify(response.fragment[section])).toBe(JSON.stringify(input[section]));
    }
    const before = input['Resources'] as JsonObject;
    const after = response.fragment['Resources'] as JsonObject;
    for (const id of ['Cluster', 'TaskRole', 'ExecutionRole', 'TaskDefinition']) {
      expect(JSON.stringify(after[id])).toBe(JSON.stringify(before[id]));
    }
  });

  it('never mutates the incoming event (deep-frozen input expands the same)', () => {
    const event = deepFreeze(macroEventFor(nightly()));
    const text = JSON.stringify(event);
    const response = handleMacroEvent(event, silentLogger);
    expect(response.status).toBe('success');
    expect(JSON.stringify(event)).toBe(text);
  });

  it('returns a template without shorthand unchanged', () => {
    const fragment = { AWSTemplateFormatVersion: '2010-09-09', Resources: { Q: { Type: 'AWS::SQS::Queue' } }, Outputs: { U: { Value: { Ref: 'Q' } } } };
    const response = handleMacroEvent({ requestId: 'r', fragment }, silentLogger);
    expect(response).toEqual({ requestId: 'r', status: 'success', fragment });
  });

  it('leaves Fn::ForEach keys (AWS::LanguageExtensions listed after us) untouched', () => {
    const event = macroEventFor(loadTemplate(join(INPUT_DIR, 'foreach_passthrough.yaml')));
    const input = (event.fragment as JsonObject)['Resources'] as JsonObject;
    const response = handleMacroEvent(event, silentLogger);
    if (response.status !== 'success') throw new Error(response.errorMessage);
    const output = response.fragment['Resources'] as JsonObject;
    expect(JSON.stringify(output['Fn::ForEach::Buckets'])).toBe(JSON.stringify(input['Fn::ForEach::Buckets']));
    expect(response.fragment['Transform']).toEqual(['AWS::LanguageExtensions']);
  });

  it('rejects bad input with one message naming every resource and property path, and logs it', () => {
    const template = nightly();
    const resources = template['Resources'] as Record<string, Json>;
    const jobs = resources['Jobs'] as { Properties: Record<string, Json> };
    jobs.Properties['LaunchType'] = 'SPOT';
    jobs.Properties['Schedules'] = { Nightly: { ScheduleExpression: 'cron(45 21 * * * *)', Command: [] } };
    const logger = recordingLogger();

    const response = handleMacroEvent(macroEventFor(template, 'req-7'), logger);

    expect(response.status).toBe('failure');
    if (response.status !== 'failure') return;
    expect(response.requestId).toBe('req-7');
    expect(response.errorMessage.split('\n')).toEqual([
      'EcsBatchScheduler: 3 errors found.',
      'Resource Jobs: LaunchType: "SPOT" is not valid: expected one of "FARGATE", "EC2", "EXTERNAL", or an intrinsic function (Ref, Fn::GetAtt, Fn::Sub, Fn::If, ...)',
      'Resource Jobs: Schedules.Nightly.Command: must not be empty: give the executable and its arguments',
      'Resource Jobs: Schedules.Nightly.ScheduleExpression: "cron(45 21 * * * *)" is not valid: exactly one of day-of-month and day-of-week must be "?"',
    ]);
    expect(logger.infos).toHaveLength(1);
  });

  it('never returns a half-expanded template: one broken shorthand fails the whole request', () => {
    const template = loadTemplate(join(INPUT_DIR, 'multiple_shorthands.yaml'));
    const exports = (template['Resources'] as Record<string, { Properties: Record<string, Json> }>)['Exports'];
    if (exports === undefined) throw new Error('fixture changed');
    exports.Properties['LaunchType'] = 'SPOT';

    const response = handleMacroEvent(macroEventFor(template), silentLogger);

    expect(response.status).toBe('failure');
    expect(response).not.toHaveProperty('fragment.Resources.ImportsCustomersRule');
    if (response.status === 'failure') expect(response.errorMessage).toMatch(/^Resource Exports: LaunchType: "SPOT" is not valid/m);
  });

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['a list', []],
    ['an event without fragment', { requestId: 'x' }],
    ['a fragment that is a list', { requestId: 'x', fragment: [1, 2] }],
    ['a fragment that is a string', { requestId: 'x', fragment: 'Resources' }],
  ])('answers %s with a failure and a message, never an exception', (_name, event) => {
    const response = handleMacroEvent(event, silentLogger);
    expect(response.status).toBe('failure');
    expect(response).toHaveProperty('errorMessage', expect.stringMatching(/\S/));
  });

  it('turns an unexpected exception into a failure that says it is internal, with the request id, and logs the stack', () => {
    // A fragment whose Resources throw when read: stands in for any bug in the library.
    const hostile = new Proxy({}, { ownKeys: () => { throw new TypeError('boom'); } });
    const logger = recordingLogger();

    const response = handleMacroEvent({ requestId: 'req-42', fragment: { Resources: hostile } }, logger);

    expect(response).toMatchObject({ requestId: 'req-42', status: 'failure' });
    if (response.status !== 'failure') return;
    expect(response.errorMessage).toMatch(/internal error/);
    expect(response.errorMessage).toMatch(/req-42/);
    expect(response.errorMessage).not.toMatch(/boom/);
    expect(JSON.stringify(logger.errors)).toMatch(/TypeError.*boom|boom/);
    expect(JSON.stringify(logger.errors)).toMatch(/stack/);
  });
});
