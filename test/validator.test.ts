/**
 * The rules of the schema's validator (src/validator.ts) that decide which messages a user sees. The
 * expected messages are those the zod/mini schema it replaced produced for the same properties (recorded
 * before the switch), except where a message said only zod's "Invalid input".
 */
import { expand } from '../src';
import type { Json } from '../src/json';
import { propertiesSchema } from '../src/schema';
import { validate } from '../src/validator';

const BASE: Record<string, Json> = { Cluster: 'c', TaskDefinition: 'td', ContainerName: 'app', Subnets: ['subnet-1'], PassRoleArns: [], Schedules: { A: { ScheduleExpression: 'rate(1 hour)', Command: ['x'] } } };
const schedule = (extra: Record<string, Json>): Record<string, Json> => ({ Schedules: { A: { ScheduleExpression: 'rate(1 hour)', Command: ['x'], ...extra } } });

function messages(properties: Record<string, Json>): string[] {
  const result = expand({ fragment: { Resources: { Jobs: { Type: 'Custom::BatchCommandSchedule', Properties: { ...BASE, ...properties } } } } });
  if (result.status === 'success') throw new Error('expected a failure');
  return result.issues.map((i) => `${i.path}: ${i.message}`).sort();
}

const HINT = 'an intrinsic function (Ref, Fn::GetAtt, Fn::Sub, Fn::If, ...)';
/** A schedule's properties as the documentation lists them (docs/reference.md), in that order. */
const SCHEDULE_KEYS = 'ScheduleExpression, Command, Environment, Steps, Parallel, Timezone, FlexibleWindowMinutes, StartDate, EndDate, Cpu, Memory, TimeoutSeconds, State, StartDeadlineSeconds, AlarmIfNoSuccessWithinMinutes, Description';

describe('the validator: which findings a user sees', () => {
  it.each<[string, Record<string, Json>, string[]]>([
    ['a value of the right type that breaks a rule: the rule says so', schedule({ Command: ['a\u0000b'] }), ['Schedules.A.Command.0: must not contain NUL characters']],
    [
      'a value no alternative takes: the union says what it expects',
      schedule({ Command: [1.5] }),
      ['Schedules.A.Command.0: 1.5 is not a whole number: YAML reads 1.10 as 1.1 and 1e3 as 1000, so quote such arguments to pass them as written'],
    ],
    [
      'a list where a list belongs: what is wrong inside it, element by element',
      { Subnets: ['x', 5, { Ref: 'AWS::Region' }] },
      [`Subnets.0: "x" is not valid: expected a subnet ID such as "subnet-0123456789abcdef0" or ${HINT}`, `Subnets.1: 5 is not valid: expected a subnet ID such as "subnet-0123456789abcdef0" or ${HINT}`],
    ],
    [
      'a list where it does not belong: the property says what it expects',
      { PassRoleArns: ['bad', 5] },
      [`PassRoleArns: ["bad",5] is not valid: expected a list of IAM role ARNs (or [] for a task without roles) or ${HINT}`],
    ],
    [
      'a map whose values have the wrong type is not checked for its keys',
      { Tags: { 'aws:x': 'y', bad: 5 } },
      [`Tags.bad: 5 is not valid: expected a string or ${HINT}`],
    ],
    [
      'a map whose values only break rules is',
      { Schedules: { 'a-b': { ScheduleExpression: 'rate(1 hour)', Command: ['x'] }, C: { ScheduleExpression: 'bad', Command: ['x'] } } },
      [
        'Schedules.C.ScheduleExpression: "bad" is not valid: must be "cron(minutes hours day-of-month month day-of-week year)", "rate(value unit)" or (EventBridge Scheduler only) "at(yyyy-mm-ddThh:mm:ss)"',
        'Schedules.a-b: schedule name "a-b" must be alphanumeric (A-Z, a-z, 0-9): it becomes part of logical IDs',
      ],
    ],
    [
      'a list too long is only that, whatever its elements',
      { CapacityProviderStrategy: [...Array.from({ length: 6 }, (_, i) => ({ CapacityProvider: `P${i}`, Weight: 1 })), 5] },
      ['CapacityProviderStrategy: ECS takes at most 6 capacity providers in a strategy'],
    ],
    [
      'text where a list belongs is also measured as one',
      schedule({ Command: undefined as unknown as Json, Steps: '' }),
      ['Schedules.A.Steps: "" is not valid: expected a list of steps, each with a Command', 'Schedules.A.Steps: must list at least one step'],
    ],
    [
      'a size as text that is not a positive whole number says what is expected (zod said "Invalid input")',
      schedule({ Cpu: '01', Memory: '0' }),
      [
        `Schedules.A.Cpu: "01" is not valid: expected a whole number of CPU units, e.g. "1024", or ${HINT}`,
        `Schedules.A.Memory: "0" is not valid: expected a whole number of MiB, e.g. "1024", or ${HINT}`,
      ],
    ],
    [
      'an unknown key does not hide the rules around it (here the Schedules map refusing a name)',
      { Schedules: { 'a-b': { ScheduleExpression: 'rate(1 hour)', Command: ['x'], Timzone: 'UTC' } } },
      [
        `Schedules.a-b.Timzone: is not a known property; did you mean Timezone? Allowed: ${SCHEDULE_KEYS}`,
        'Schedules.a-b: schedule name "a-b" must be alphanumeric (A-Z, a-z, 0-9): it becomes part of logical IDs',
      ],
    ],
    [
      'an unknown key in one schedule and a refused name in another: the cross-property checks still run',
      { LaunchType: 'EC2', AssignPublicIp: 'ENABLED', Schedules: { Ok: { ScheduleExpression: 'rate(1 day)', Command: ['a'], Comand: ['a'] }, 'bad-name': { ScheduleExpression: 'rate(1 day)', Command: ['b'] } } },
      [
        'AssignPublicIp: ENABLED is only supported with FARGATE, not EC2',
        `Schedules.Ok.Comand: is not a known property; did you mean Command? Allowed: ${SCHEDULE_KEYS}`,
        'Schedules.bad-name: schedule name "bad-name" must be alphanumeric (A-Z, a-z, 0-9): it becomes part of logical IDs',
      ],
    ],
    [
      'an unknown key in a step names what a step allows (the list was empty before)',
      { Schedules: { A: { ScheduleExpression: 'rate(1 hour)', Steps: [{ Command: ['a'], Bogus: 1 }] }, 'b-c': { ScheduleExpression: 'rate(1 hour)', Command: ['x'] } } },
      ['Schedules.A.Steps.0.Bogus: is not a known property. Allowed: Command, Environment', 'Schedules.b-c: schedule name "b-c" must be alphanumeric (A-Z, a-z, 0-9): it becomes part of logical IDs'],
    ],
  ])('%s', (_name, properties, expected) => {
    expect(messages(JSON.parse(JSON.stringify(properties)) as Record<string, Json>)).toEqual(expected);
  });
});

/**
 * The typed value is the input itself where nothing in it changes (the library only reads typed values;
 * copying every schedule was a fifth of the validation), and a copy from where something does: the input
 * is never changed, and a copy never carries what the typed value must not hold.
 */
describe('the validator: typed values', () => {
  function typed(properties: Record<string, Json>): Record<string, unknown> {
    const before = structuredClone(properties);
    const result = validate(propertiesSchema, properties);
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    expect(properties).toEqual(before);
    return result.data as unknown as Record<string, unknown>;
  }
  const at = (value: unknown, ...path: string[]): Record<string, unknown> => path.reduce((v, k) => (v as Record<string, unknown>)[k], value) as Record<string, unknown>;

  it('a shorthand nothing changes in is its own typed value, down to its lists', () => {
    const properties = JSON.parse(JSON.stringify({ ...BASE, Schedules: { A: { ScheduleExpression: 'rate(1 hour)', Command: ['x', 'y'], Environment: { MODE: 'full' } }, B: { ScheduleExpression: 'cron(0 1 * * ? *)', Steps: [{ Command: ['a'] }] } } })) as Record<string, Json>;
    const data = typed(properties);
    expect(data).toBe(properties);
    expect(at(data, 'Schedules', 'A', 'Command')).toBe(at(properties, 'Schedules', 'A', 'Command'));
    expect(at(data, 'Schedules', 'B', 'Steps')).toBe(at(properties, 'Schedules', 'B', 'Steps'));
  });

  it('a value that changes (a number argument becomes text) is copied with every map and list around it; the rest is shared', () => {
    const properties = JSON.parse(JSON.stringify({ ...BASE, Schedules: { A: { ScheduleExpression: 'rate(1 hour)', Command: ['x'] }, B: { ScheduleExpression: 'rate(1 hour)', Command: ['sleep', 10], Environment: { N: 5, M: 'm' } } } })) as Record<string, Json>;
    const data = typed(properties);
    expect(data).not.toBe(properties);
    expect(data).toEqual({ ...properties, Schedules: { A: { ScheduleExpression: 'rate(1 hour)', Command: ['x'] }, B: { ScheduleExpression: 'rate(1 hour)', Command: ['sleep', '10'], Environment: { N: '5', M: 'm' } } } });
    expect(Object.keys(at(data, 'Schedules', 'B'))).toEqual(['ScheduleExpression', 'Command', 'Environment']);
    expect(Object.keys(at(data, 'Schedules', 'B', 'Environment'))).toEqual(['N', 'M']);
    expect(at(data, 'Schedules', 'A')).toBe(at(properties, 'Schedules', 'A'));
    expect(at(data, 'Subnets')).toBe(at(properties, 'Subnets'));
  });

  it('a key given as undefined is left out of the typed value, as before', () => {
    const properties = { ...BASE, Schedules: { A: { ScheduleExpression: 'rate(1 hour)', Command: ['x'], Environment: undefined } } } as unknown as Record<string, Json>;
    const data = typed(properties);
    expect(Object.hasOwn(at(data, 'Schedules', 'A'), 'Environment')).toBe(false);
    expect(Object.hasOwn(at(properties, 'Schedules', 'A'), 'Environment')).toBe(true);
  });

  it('a map or list that is not an ordinary one (a null prototype) is copied into one', () => {
    const environment = Object.assign(Object.create(null) as Record<string, Json>, { MODE: 'full' });
    const properties = { ...BASE, Schedules: { A: { ScheduleExpression: 'rate(1 hour)', Command: ['x'], Environment: environment } } } as Record<string, Json>;
    const copied = at(typed(properties), 'Schedules', 'A', 'Environment');
    expect(copied).not.toBe(environment);
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(copied).toEqual({ MODE: 'full' });
  });

  it('a copied map keeps a "__proto__" key as an ordinary key, never as the prototype', () => {
    const environment = JSON.parse('{"__proto__": "x", "N": 5}') as Record<string, Json>;
    const properties = { ...BASE, Schedules: { A: { ScheduleExpression: 'rate(1 hour)', Command: ['x'], Environment: environment } } } as Record<string, Json>;
    const copied = at(typed(properties), 'Schedules', 'A', 'Environment');
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.keys(copied)).toEqual(['__proto__', 'N']);
    expect(Object.getOwnPropertyDescriptor(copied, '__proto__')?.value).toBe('x');
    expect(copied['N']).toBe('5');
  });
});
