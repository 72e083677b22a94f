/**
 * Property-based tests of the macro handler (fast-check). Whatever CloudFormation sends, the handler
 * answers with a well-formed response echoing the requestId, never throws and never reports an internal
 * error; a failure names the resource; a success contains no shorthand, only references that resolve,
 * and every resource the macro does not own byte for byte.
 *
 * Not checked: that an expanded template expands to itself. It always does, because it holds no shorthand
 * and a template without one comes back unchanged (test/handler.test.ts), so the check could not fail.
 * Determinism is checked once, across processes, on the built bundle (the last test here).
 *
 * Runs are reproducible: a fixed seed (override with FC_SEED=<n> to explore) and a fixed number of runs
 * per property (FC_RUNS scales them), chosen to keep this file at a few seconds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { handleMacroEvent, type MacroResponse } from '../macro/handler';
import type { Json, JsonObject } from '../src/json';
import { resolve, type Env } from '../cli/simulation/resolve';
import { NESTED_OUTPUTS, PARAMETER_VALUES, eventFor, mutate, mutation, nastyValue, validFragment } from './support/arbitraries';
import { ROOT, silentLogger } from './support/fixtures';

const SEED = Number(process.env['FC_SEED'] ?? 20261128);
const SCALE = Number(process.env['FC_RUNS'] ?? 1);
const runs = (n: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * SCALE)), endOnFailure: true });

const SHORTHAND = 'Custom::BatchCommandSchedule';
const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

/**
 * Answers, and checks the invariants every response must satisfy whatever the input. The checks of a run are
 * gathered into few assertions: an expect() costs about as much as expanding a small generated template
 * (tens of microseconds), and these properties make thousands of runs.
 */
function answer(event: unknown): MacroResponse {
  const before = JSON.stringify(event);
  const response = handleMacroEvent(event, silentLogger);
  const requestId = event !== null && typeof event === 'object' && typeof (event as JsonObject)['requestId'] === 'string' ? (event as JsonObject)['requestId'] : '';
  const failure = response.status === 'failure' ? { errorMessage: response.errorMessage, messageLength: response.errorMessage.length > 0 } : {};
  expect({
    requestId: response.requestId,
    status: response.status,
    // Serialisable as the Lambda runtime will serialise it, and nothing of the request was changed.
    serialised: typeof JSON.stringify(response),
    request: JSON.stringify(event),
    ...failure,
  }).toEqual({
    requestId,
    status: expect.stringMatching(/^(success|failure)$/) as unknown,
    serialised: 'string',
    request: before,
    ...(response.status === 'failure' ? { errorMessage: expect.not.stringMatching(/internal error/) as unknown, messageLength: true } : {}),
  });
  return response;
}

/** A failure for a template names each resource (or the template) on each line. */
function expectNamedFailure(response: MacroResponse, fragment: JsonObject): void {
  if (response.status !== 'failure') throw new Error('expected a failure');
  const [header, ...lines] = response.errorMessage.split('\n');
  expect(header).toMatch(/^EcsBatchScheduler: \d+ errors? found\.$/);
  expect(lines.length).toBeGreaterThan(0);
  const ids = Object.keys((fragment['Resources'] ?? {}) as JsonObject);
  for (const line of lines) {
    const named = /^Resource (\S+): /.exec(line);
    if (named) expect(ids).toContain(named[1]);
    else expect(line).toMatch(/^Template: /);
  }
}

/** Every Ref, GetAtt and ${} of the value points at a parameter, a resource, a pseudo parameter or a Sub variable. */
function danglingReferences(value: Json, template: JsonObject, where: string, out: string[], variables: ReadonlySet<string> = new Set()): void {
  const resources = template['Resources'] as JsonObject;
  const parameters = (template['Parameters'] ?? {}) as JsonObject;
  const exists = (name: string): boolean => PSEUDO.has(name) || variables.has(name) || Object.hasOwn(parameters, name) || Object.hasOwn(resources, name);
  if (Array.isArray(value)) {
    (value as Json[]).forEach((v) => {
      danglingReferences(v, template, where, out, variables);
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as JsonObject;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === 'Ref') {
    if (typeof obj['Ref'] !== 'string' || !exists(obj['Ref'])) out.push(`${where}: Ref ${JSON.stringify(obj['Ref'])}`);
    return;
  }
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
    const arg = obj['Fn::GetAtt'];
    const id = Array.isArray(arg) ? (arg as Json[])[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
    if (typeof id !== 'string' || !Object.hasOwn(resources, id)) out.push(`${where}: GetAtt ${JSON.stringify(arg)}`);
    return;
  }
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    const arg = obj['Fn::Sub'];
    const [body, vars] = Array.isArray(arg) ? (arg as [Json, JsonObject]) : [arg, {}];
    if (typeof body !== 'string') {
      out.push(`${where}: Sub ${JSON.stringify(arg)}`);
      return;
    }
    const names = new Set([...variables, ...Object.keys(vars)]);
    for (const match of body.matchAll(/\$\{([^}]*)\}/g)) {
      const name = (match[1] as string).trim();
      if (name.startsWith('!') || names.has(name)) continue;
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::') ? !Object.hasOwn(resources, name.slice(0, dot)) : !exists(name)) out.push(`${where}: Sub \${${name}}`);
    }
    for (const v of Object.values(vars)) danglingReferences(v, template, where, out, variables);
    return;
  }
  for (const v of Object.values(obj)) danglingReferences(v, template, where, out, variables);
}

/** The invariants of a successful expansion of `input`. */
function expectGoodExpansion(input: JsonObject, output: JsonObject): void {
  if (input['Resources'] === null || typeof input['Resources'] !== 'object' || Array.isArray(input['Resources'])) {
    // Nothing to expand: the template comes back as it was.
    expect(JSON.stringify(output)).toBe(JSON.stringify(input));
    return;
  }
  const before = input['Resources'] as JsonObject;
  const after = output['Resources'] as JsonObject;
  // Every section but Resources comes back as it was.
  const sections = [...new Set([...Object.keys(input), ...Object.keys(output)])].filter((section) => section !== 'Resources');
  const text = (template: JsonObject, keys: readonly string[]): Record<string, string | undefined> => Object.fromEntries(keys.map((key) => [key, JSON.stringify(template[key])]));
  expect(text(output, sections)).toEqual(text(input, sections));
  const isShorthand = (r: Json | undefined): boolean => r !== null && typeof r === 'object' && !Array.isArray(r) && (r as JsonObject)['Type'] === SHORTHAND;
  const owned = new Set(Object.keys(before).filter((id) => isShorthand(before[id])));
  // No shorthand is left; what the macro does not own is byte-identical.
  const notOwned = Object.keys(before).filter((id) => !owned.has(id));
  expect({ shorthandsLeft: Object.keys(after).filter((id) => isShorthand(after[id])), notOwned: text(after, notOwned) }).toEqual({ shorthandsLeft: [], notOwned: text(before, notOwned) });
  // Every generated resource is an object, and its references resolve, including ${} of state machine definitions.
  const dangling: string[] = [];
  const notObjects: string[] = [];
  const conditions = (output['Conditions'] ?? {}) as JsonObject;
  for (const [id, resource] of Object.entries(after)) {
    if (Object.hasOwn(before, id) && !owned.has(id)) continue;
    const r = resource as JsonObject;
    if (typeof r !== 'object') notObjects.push(id);
    danglingReferences(r, output, id, dangling);
    if (typeof r['Condition'] === 'string' && !Object.hasOwn(conditions, r['Condition'])) dangling.push(`${id}: Condition ${r['Condition']}`);
    for (const target of ([] as Json[]).concat(r['DependsOn'] ?? [])) if (!Object.hasOwn(after, target as string)) dangling.push(`${id}: DependsOn ${String(target)}`);
    if (r['Type'] === 'AWS::StepFunctions::StateMachine') {
      const props = r['Properties'] as JsonObject;
      const substitutions = (props['DefinitionSubstitutions'] ?? {}) as JsonObject;
      for (const match of JSON.stringify(props['Definition']).matchAll(/\$\{([^}]*)\}/g)) {
        if (!Object.hasOwn(substitutions, match[1] as string)) dangling.push(`${id}: Definition \${${match[1] as string}}`);
      }
    }
  }
  expect({ notObjects, dangling }).toEqual({ notObjects: [], dangling: [] });
}

describe('the handler on arbitrary input', () => {
  it('arbitrary JSON as the whole event: a well-formed answer, never an internal error', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (event) => {
        answer(event);
      }),
      runs(300),
    );
  });

  it('arbitrary JSON as the fragment, its Resources or one resource', () => {
    const fragment = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })).map((resources) => ({ Resources: resources })),
      fc.jsonValue({ maxDepth: 3 }).map((properties) => ({ Resources: { Jobs: { Type: SHORTHAND, Properties: properties } } })),
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })).map((properties) => ({ Resources: { Jobs: { Type: SHORTHAND, Properties: properties } } })),
    );
    fc.assert(
      fc.property(fragment, fc.string(), fc.option(fc.jsonValue({ maxDepth: 2 })), (f, requestId, parameterValues) => {
        const response = answer({ requestId, fragment: f, templateParameterValues: parameterValues });
        if (response.status === 'success' && f !== null && typeof f === 'object' && !Array.isArray(f)) expectGoodExpansion(f as JsonObject, response.fragment);
      }),
      runs(300),
    );
  });
});

describe('valid shorthands', () => {
  it('always expand, with every invariant of a good expansion', () => {
    fc.assert(
      fc.property(validFragment, (fragment) => {
        const response = answer(eventFor(fragment, 'req-valid'));
        if (response.status !== 'success') throw new Error(response.errorMessage);
        expectGoodExpansion(fragment, response.fragment);
      }),
      runs(100),
    );
  });

  it('keep every generated resource under the shorthand\'s Condition, and Outputs that reference it keep resolving', () => {
    fc.assert(
      fc.property(validFragment, (fragment) => {
        const response = answer(eventFor(fragment, 'req-cond'));
        if (response.status !== 'success') throw new Error(response.errorMessage);
        const before = fragment['Resources'] as JsonObject;
        const after = response.fragment['Resources'] as JsonObject;
        // Per generated resource, its Condition and the shorthand's.
        const conditions: Array<[string, Json | undefined, Json | undefined]> = [];
        for (const [id, shorthand] of Object.entries(before)) {
          if ((shorthand as JsonObject)['Type'] !== SHORTHAND) continue;
          const condition = (shorthand as JsonObject)['Condition'];
          const generated = Object.entries(after).filter(([gid]) => gid.startsWith(id) && !Object.hasOwn(before, gid) || gid === id);
          for (const [gid, g] of generated) conditions.push([gid, (g as JsonObject)['Condition'], condition]);
        }
        const dangling: string[] = [];
        danglingReferences((response.fragment['Outputs'] ?? {}) as Json, response.fragment, 'Outputs', dangling);
        expect({ conditions: conditions.map(([gid, condition]) => [gid, condition]), dangling }).toEqual({ conditions: conditions.map(([gid, , condition]) => [gid, condition]), dangling: [] });
      }),
      runs(60),
    );
  });
});

/** The command and environment of each step as the shorthand says, resolved: what the container must receive. */
function expectedSteps(schedule: JsonObject): Json {
  const text = (v: Json): Json => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
  const steps = (schedule['Steps'] as JsonObject[] | undefined) ?? [schedule];
  return steps.map((s) => ({
    commands: (s['Command'] as Json[]).map(text),
    environment: Object.entries((s['Environment'] ?? {}) as JsonObject).map(([Name, Value]) => ({ Name, Value: text(Value) })),
  }));
}

describe('every trigger Input', () => {
  it('resolves, for an example account whose values hold quotes, backslashes and line breaks, to valid JSON of at most 8,192 characters carrying exactly the commands', () => {
    fc.assert(
      fc.property(validFragment, (fragment) => {
        const response = answer(eventFor(fragment, 'req-input'));
        if (response.status !== 'success') throw new Error(response.errorMessage);
        const env: Env = { template: response.fragment, parameters: PARAMETER_VALUES, attributes: NESTED_OUTPUTS };
        const after = response.fragment['Resources'] as JsonObject;
        for (const [id, shorthand] of Object.entries(fragment['Resources'] as JsonObject)) {
          if ((shorthand as JsonObject)['Type'] !== SHORTHAND) continue;
          const schedules = resolve(env, ((shorthand as JsonObject)['Properties'] as JsonObject)['Schedules'] as Json) as JsonObject;
          for (const name of Object.keys(schedules)) {
            const trigger = (after[`${id}${name}Rule`] ?? after[`${id}${name}Schedule`]) as JsonObject;
            const props = trigger['Properties'] as JsonObject;
            const input = (props['Target'] !== undefined ? (props['Target'] as JsonObject)['Input'] : ((props['Targets'] as JsonObject[])[0] as JsonObject)['Input']) as Json;
            const text = resolve(env, input);
            expect(typeof text).toBe('string');
            expect((text as string).length).toBeLessThanOrEqual(8192);
            const parsed = JSON.parse(text as string) as JsonObject;
            const sent = (parsed['steps'] as JsonObject[] | undefined) ?? [parsed];
            expect(sent.map((s) => ({ commands: s['commands'], environment: s['environment'] ?? [] }))).toEqual(expectedSteps(schedules[name] as JsonObject));
          }
        }
      }),
      runs(100),
    );
  });
});

describe('mutated shorthands (wrong types, missing and extra keys, huge strings, deep nesting, unicode, intrinsics, Fn::If with AWS::NoValue)', () => {
  it('either expand with every invariant of a good expansion, or fail naming the resource', () => {
    fc.assert(
      fc.property(validFragment, fc.array(mutation, { minLength: 1, maxLength: 3 }), (fragment, mutations) => {
        const mutated = mutate(fragment, mutations);
        const response = answer(eventFor(mutated, 'req-mutated'));
        if (response.status === 'success') {
          expectGoodExpansion(mutated, response.fragment);
        } else {
          expectNamedFailure(response, mutated);
        }
      }),
      runs(250),
    );
  });

  it('a nasty value in any one schedule property is handled like any other', () => {
    const key = fc.constantFrom('ScheduleExpression', 'Command', 'Environment', 'State', 'Description');
    fc.assert(
      fc.property(key, nastyValue, fc.option(fc.jsonValue({ maxDepth: 2 })), (property, value, parameterValues) => {
        const fragment: JsonObject = {
          Parameters: { PStage: { Type: 'String' }, PArgs: { Type: 'CommaDelimitedList' } },
          Conditions: { IsProd: { 'Fn::Equals': ['a', 'a'] } },
          Resources: {
            XBucket: { Type: 'AWS::S3::Bucket' },
            Jobs: {
              Type: SHORTHAND,
              Properties: { Cluster: 'batch', TaskDefinition: 'app:1', ContainerName: 'app', Subnets: ['subnet-0a'], PassRoleArns: [], Schedules: { A: { ScheduleExpression: 'rate(1 day)', Command: ['a'], [property]: value } } },
            },
          },
        };
        const response = answer({ requestId: 'r', fragment, templateParameterValues: parameterValues ?? PARAMETER_VALUES });
        if (response.status === 'success') expectGoodExpansion(fragment, response.fragment);
        else expectNamedFailure(response, fragment);
      }),
      runs(300),
    );
  });
});

describe('deep nesting', () => {
  it.each([100, 5_000, 50_000])('a value nested %i levels deep is a clear error, not a stack overflow', (depth) => {
    let value: Json = { Ref: 'PStage' };
    for (let i = 0; i < depth; i++) value = { 'Fn::If': ['IsProd', value, 'x'] };
    const fragment: JsonObject = {
      Parameters: { PStage: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': ['a', 'a'] } },
      Resources: { Jobs: { Type: SHORTHAND, Properties: { Cluster: 'batch', TaskDefinition: 'app:1', ContainerName: 'app', Subnets: ['subnet-0a'], PassRoleArns: [], Schedules: { A: { ScheduleExpression: 'rate(1 day)', Command: ['run', value] } } } } },
    };
    const response = handleMacroEvent({ requestId: 'deep', fragment }, silentLogger);
    expect(response).toMatchObject({
      requestId: 'deep',
      status: 'failure',
      errorMessage: 'EcsBatchScheduler: 1 error found.\nResource Jobs: Schedules.A.Command.1: is nested more than 64 levels deep; no shorthand property needs that many (is a value generated by mistake?)',
    });
  });
  it.each([65, 5_000])('lists nested %i levels deep inside an intrinsic are found too, with the same path', (depth) => {
    let list: Json = ['x'];
    for (let i = 0; i < depth; i++) list = [list];
    const fragment: JsonObject = {
      Resources: { Jobs: { Type: SHORTHAND, Properties: { Cluster: 'batch', TaskDefinition: 'app:1', ContainerName: 'app', Subnets: ['subnet-0a'], PassRoleArns: [], Schedules: { A: { ScheduleExpression: 'rate(1 day)', Command: ['run', { 'Fn::Join': ['', list] }] } } } } },
    };
    expect(handleMacroEvent({ requestId: 'deep', fragment }, silentLogger)).toMatchObject({
      status: 'failure',
      errorMessage: 'EcsBatchScheduler: 1 error found.\nResource Jobs: Schedules.A.Command.1: is nested more than 64 levels deep; no shorthand property needs that many (is a value generated by mistake?)',
    });
  });

  it('lists exactly as deep as allowed are not refused for their depth', () => {
    // Properties.Schedules.A.Command.1.Fn::Join.1 is 6 levels; the lists inside make up the rest of 64.
    let list: Json = 'x';
    for (let i = 0; i < 64 - 6; i++) list = [list];
    const fragment: JsonObject = {
      Resources: { Jobs: { Type: SHORTHAND, Properties: { Cluster: 'batch', TaskDefinition: 'app:1', ContainerName: 'app', Subnets: ['subnet-0a'], PassRoleArns: [], Schedules: { A: { ScheduleExpression: 'rate(1 day)', Command: ['run', { 'Fn::Join': ['', list] }] } } } } },
    };
    const response = handleMacroEvent({ requestId: 'deep', fragment }, silentLogger);
    expect(response.status === 'failure' ? response.errorMessage : '').not.toContain('nested more than');
  });
});

describe('determinism (the one test of it) and the built bundle', () => {
  const BUNDLE = join(ROOT, 'dist', 'macro', 'index.js');

  // Separate processes, so that nothing a process keeps (a cache, an iteration order, a clock) can make two
  // answers alike; the library in this process must give the same bytes, so the bundle is what was tested.
  it('the Lambda bundle, run in two separate processes, answers generated requests byte for byte alike, and like the library', () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` (npm test does)`);
    // Prepare: valid and mutated requests from the fixed seed, in one file.
    const valid = fc.sample(validFragment, { seed: SEED, numRuns: 20 });
    const mutated = fc.sample(fc.tuple(validFragment, fc.array(mutation, { minLength: 1, maxLength: 3 })), { seed: SEED + 1, numRuns: 20 }).map(([f, m]) => mutate(f, m));
    const events = [...valid, ...mutated].map((f, i) => eventFor(f, `req-${i}`));
    const dir = mkdtempSync(join(tmpdir(), 'ebs-determinism-'));
    const file = join(dir, 'events.json');
    writeFileSync(file, JSON.stringify(events));
    const script = `const h = require(${JSON.stringify(BUNDLE)}).handler; const events = require(${JSON.stringify(file)});
      console.error = () => undefined; console.log = () => undefined;
      Promise.all(events.map((e) => h(e))).then((r) => process.stdout.write(JSON.stringify(r)));`;
    try {
      // Act
      const first = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const second = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

      // Assess
      expect(second).toBe(first);
      expect(first).toBe(JSON.stringify(events.map((e) => handleMacroEvent(e, silentLogger))));
      const statuses = (JSON.parse(first) as MacroResponse[]).map((r) => r.status);
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill('success'));
      expect(statuses.slice(20)).toContain('failure');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
