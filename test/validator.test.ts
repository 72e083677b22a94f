/**
 * The rules of the schema's validator (src/validator.ts) that decide which messages a user sees. The
 * expected messages are those the zod/mini schema it replaced produced for the same properties (recorded
 * before the switch), except where a message said only zod's "Invalid input".
 */
import { expand } from '../src';
import type { Json } from '../src/json';

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
