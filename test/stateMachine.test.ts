/**
 * Every generated state machine, from every golden and every example template, checked by independent
 * tools: asl-validator validates the definition, aws-local-stepfunctions executes it against a fake ECS
 * with the exact input each EventBridge rule would send.
 */
import validator from 'asl-validator';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { isObject, type Json, type JsonObject } from '../src/json';
import { parameterValues } from '../src/template';
import { fakeEcs, type FakeEcsBehaviour } from '../cli/simulation/fakeEcs';
import { fixtures, loadTemplate, runFixture } from './support/fixtures';
import { resolve, substituteDefinition, type Env } from '../cli/simulation/resolve';

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
  for (const fixture of fixtures().filter((f) => !f.expectsError)) {
    const template = loadTemplate(fixture.inputPath);
    const response = runFixture(fixture);
    if (response.status !== 'success') throw new Error(`${fixture.name} did not expand`);
    const expanded = response.fragment;
    const env: Env = { template: expanded, parameters: parameterValues(template, {}) };
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

function taskStates(definition: JsonObject): string[] {
  return Object.entries(definition['States'] as JsonObject)
    .filter(([, s]) => isObject(s) && s['Type'] === 'Task')
    .map(([name]) => name);
}

/** The Input each EventBridge rule targeting this state machine sends, by schedule name. */
function ruleInputs(c: Case): Array<[string, JsonObject]> {
  const schedules = Object.keys(c.shorthand['Schedules'] as JsonObject);
  return schedules.map((name) => {
    const rule = (c.expanded['Resources'] as JsonObject)[`${c.stateMachineId}${name}Rule`] as JsonObject;
    const target = ((rule['Properties'] as JsonObject)['Targets'] as JsonObject[])[0] as JsonObject;
    expect(target['Arn']).toEqual({ Ref: c.stateMachineId });
    return [name, JSON.parse(resolve(c.env, target['Input'] as Json) as string) as JsonObject];
  });
}

async function run(c: Case, input: Json, behaviour: FakeEcsBehaviour = {}) {
  const ecs = fakeEcs(taskStates(c.definition), behaviour);
  const machine = new StateMachine(c.definition as unknown as StateMachineDefinition);
  const execution = machine.run(input as never, { overrides: { taskResourceLocalHandlers: ecs.handlers as never } });
  try {
    return { status: 'SUCCEEDED' as const, output: await execution.result, calls: ecs.calls };
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    const cause = error.cause as Error & { cause?: unknown };
    return { status: 'FAILED' as const, error: cause.name, cause: cause.cause ?? cause.message, calls: ecs.calls };
  }
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

  it.each(table)('%s: each rule hands ECS exactly its schedule\'s command, cluster, task definition and network', async (_name, c) => {
    const props = c.shorthand;
    for (const [name, input] of ruleInputs(c)) {
      const schedule = (props['Schedules'] as JsonObject)[name] as JsonObject;
      // Act
      const result = await run(c, input);

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expect(result.calls).toHaveLength(1);
      const request = (result.calls[0] as { request: JsonObject }).request;
      expect(request['Cluster']).toBe(props['Cluster']);
      expect(request['TaskDefinition']).toBe(props['TaskDefinition']);
      expect(request['LaunchType']).toBe(props['LaunchType'] ?? 'FARGATE');
      const override = ((request['Overrides'] as JsonObject)['ContainerOverrides'] as JsonObject[])[0] as JsonObject;
      expect(override['Command']).toEqual((schedule['Command'] as Json[]).map(String));
      const environment = schedule['Environment'] as JsonObject | undefined;
      if (environment === undefined) expect(override).not.toHaveProperty('Environment');
      else expect(override['Environment']).toEqual(Object.entries(environment).map(([Name, Value]) => ({ Name, Value: String(Value) })));
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
  });

  it.each(table)('%s: a command that exits non-zero fails the execution with States.TaskFailed', async (_name, c) => {
    const [, input] = ruleInputs(c)[0] as [string, JsonObject];
    const result = await run(c, input, { exitCodes: [3] });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.TaskFailed');
    expect(JSON.parse(String(result.cause))).toMatchObject({ Containers: [{ ExitCode: 3 }] });
  });

  it.each(table)('%s: a task ECS cannot place fails the execution', async (_name, c) => {
    const [, input] = ruleInputs(c)[0] as [string, JsonObject];
    const result = await run(c, input, { failToPlace: true });
    expect(result).toMatchObject({ status: 'FAILED', error: 'AmazonECS.Unknown' });
  });

  it.each(table)('%s: an operator can start a run by hand with the article\'s input shape', async (_name, c) => {
    const result = await run(c, { commands: ['python', 'manage.py', 'import_customers'] });
    expect(result.status).toBe('SUCCEEDED');
    const request = (result.calls[0] as { request: JsonObject }).request;
    const override = ((request['Overrides'] as JsonObject)['ContainerOverrides'] as JsonObject[])[0] as JsonObject;
    expect(override['Command']).toEqual(['python', 'manage.py', 'import_customers']);
  });

  it.each(table)('%s: input without commands fails loudly and starts no task', async (_name, c) => {
    const result = await run(c, { Commands: ['python'] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidInput', calls: [] });
  });
});
