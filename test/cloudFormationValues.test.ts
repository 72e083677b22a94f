/**
 * Values as CloudFormation really sends them: numbers and booleans as strings, lists from list
 * parameters, parameters whose values CloudFormation already evaluated. (The golden cases
 * cloudformation_value_forms and error_parameter_values show the same on whole templates.)
 */
import { expand } from '../src';
import type { Json, JsonObject } from '../src/json';
import { flagOrIntrinsic, wholeNumberOrIntrinsic } from '../src/schema';
import { strict, validate, type Node } from '../src/validator';

/** The value of `key` as the schema turns it, or the first message. */
function check(node: Node<unknown>, key: string, given: unknown): { value?: unknown; message?: string } {
  const result = validate(strict({ [key]: node }, () => 'not a map'), { [key]: given });
  return result.success ? { value: (result.data as Record<string, unknown>)[key] } : { message: result.issues[0]!.message };
}

function shorthand(schedules: Record<string, Json>, extra: Record<string, Json> = {}): JsonObject {
  return {
    Type: 'Custom::BatchCommandSchedule',
    Properties: { Cluster: 'batch', TaskDefinition: 'app:1', ContainerName: 'app', Subnets: ['subnet-0a1b2c3d'], PassRoleArns: [], Schedules: schedules, ...extra },
  };
}

function messages(fragment: JsonObject, parameterValues: JsonObject = {}): string[] {
  const result = expand({ fragment, templateParameterValues: parameterValues });
  if (result.status === 'success') throw new Error('expected a failure');
  return result.issues.map((i) => `${i.path}: ${i.message}`);
}

function succeeds(fragment: JsonObject, parameterValues: JsonObject = {}): boolean {
  return expand({ fragment, templateParameterValues: parameterValues }).status === 'success';
}

describe('wholeNumberOrIntrinsic: the helper for integer properties that take intrinsics', () => {
  const node = wholeNumberOrIntrinsic('a count');
  it.each([
    [30, 30],
    ['30', 30],
    [{ Ref: 'Count' }, { Ref: 'Count' }],
  ])('accepts %j as %j', (given, expected) => {
    expect(check(node, 'N', given)).toEqual({ value: expected });
  });
  it.each([['30.5'], ['3e1'], ['-5'], [''], ['thirty'], [true], [[30]]])('rejects %j with a message naming what is expected', (given) => {
    expect(check(node, 'N', given).message).toMatch(/expected a count/);
  });
  it('rejects a fractional number', () => {
    expect(check(node, 'N', 1.5).message).toBe('1.5 is not valid: expected a count (a whole number)');
  });
});

describe('flagOrIntrinsic: the helper for boolean properties that take intrinsics', () => {
  const node = flagOrIntrinsic();
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['false', false],
    [{ 'Fn::If': ['IsProd', true, false] }, { 'Fn::If': ['IsProd', true, false] }],
  ])('accepts %j as %j', (given, expected) => {
    expect(check(node, 'B', given)).toEqual({ value: expected });
  });
  it.each([['yes'], ['True'], [1], ['1'], [null]])('rejects %j', (given) => {
    expect(check(node, 'B', given).message).toMatch(/expected true, false, or an intrinsic function/);
  });
});

describe('strings for numbers', () => {
  it('LogRetentionInDays "30" becomes the number 30 on the log group', () => {
    const result = expand({ fragment: { Resources: { Jobs: shorthand({ A: { ScheduleExpression: 'rate(1 day)', Command: ['a'] } }, { LogRetentionInDays: '30' }) } } });
    expect(result.status).toBe('success');
    if (result.status === 'success') expect(((result.value['Resources'] as JsonObject)['JobsLogGroup'] as JsonObject)['Properties']).toHaveProperty('RetentionInDays', 30);
  });
});

describe('list parameters via Ref, everywhere a list is taken', () => {
  const parameters = {
    Subnets: { Type: 'CommaDelimitedList' },
    Groups: { Type: 'List<AWS::EC2::SecurityGroup::Id>' },
    Roles: { Type: 'CommaDelimitedList' },
    Args: { Type: 'AWS::SSM::Parameter::Value<CommaDelimitedList>' },
  };
  it('as the whole list', () => {
    const fragment = {
      Parameters: parameters,
      Resources: { Jobs: shorthand({ A: { ScheduleExpression: 'rate(1 day)', Command: { Ref: 'Args' } } }, { Subnets: { Ref: 'Subnets' }, SecurityGroups: { Ref: 'Groups' }, PassRoleArns: { Ref: 'Roles' } }) },
    };
    expect(succeeds(fragment, { Subnets: ['subnet-1a', 'subnet-2b'], Groups: ['sg-1a'], Roles: ['app'], Args: ['a', 'b'] })).toBe(true);
    expect(succeeds(fragment)).toBe(true);
  });
  it('but not as one element of a list, which CloudFormation would reject at deploy time', () => {
    const fragment = {
      Parameters: parameters,
      Resources: {
        Jobs: shorthand({ A: { ScheduleExpression: 'rate(1 day)', Command: ['run', { Ref: 'Args' }] } }, { Subnets: [{ Ref: 'Subnets' }], SecurityGroups: [{ Ref: 'Groups' }], PassRoleArns: [{ Ref: 'Roles' }] }),
      },
    };
    expect(messages(fragment)).toEqual([
      'Subnets.0: !Ref Subnets is a list parameter and cannot be an element of a list: write Subnets: !Ref Subnets to use the whole list',
      'SecurityGroups.0: !Ref Groups is a list parameter and cannot be an element of a list: write SecurityGroups: !Ref Groups to use the whole list',
      'PassRoleArns.0: !Ref Roles is a list parameter and cannot be an element of a list: write PassRoleArns: !Ref Roles to use the whole list',
      'Schedules.A.Command.1: !Ref Args is a list parameter and cannot be an element of a list: write Command: !Ref Args to use the whole list',
    ]);
  });
});

describe('parameters in schedules', () => {
  const fragment = (expression: Json, state?: Json): JsonObject => ({
    Parameters: { Cron: { Type: 'String' }, State: { Type: 'String' } },
    Resources: { Jobs: shorthand({ A: { ScheduleExpression: expression, Command: ['a'], ...(state !== undefined ? { State: state } : {}) } }) },
  });
  it('a known value is validated', () => {
    expect(messages(fragment({ Ref: 'Cron' }, { Ref: 'State' }), { Cron: 'rate(5 minute)', State: 'enabled' })).toEqual([
      'Schedules.A.ScheduleExpression: !Ref Cron is "rate(5 minute)", which is not valid: with a value of 5 the unit must be one of "minutes", "hours", "days"',
      'Schedules.A.State: !Ref State is "enabled", which is not valid: expected one of "ENABLED", "DISABLED"',
    ]);
  });
  it('a valid known value passes, and the template keeps the Ref', () => {
    const result = expand({ fragment: fragment({ Ref: 'Cron' }), templateParameterValues: { Cron: 'cron(0 3 * * ? *)' } });
    expect(result.status).toBe('success');
    if (result.status === 'success') expect(((result.value['Resources'] as JsonObject)['JobsARule'] as JsonObject)['Properties']).toHaveProperty('ScheduleExpression', { Ref: 'Cron' });
  });
  it('an unknown value (no templateParameterValues, or another intrinsic) passes through', () => {
    expect(succeeds(fragment({ Ref: 'Cron' }))).toBe(true);
    expect(succeeds(fragment({ 'Fn::Sub': 'rate(${Cron} minutes)' }), { Cron: 'x' })).toBe(true);
  });
});

describe('the 8,192-character container override limit', () => {
  // A long container name makes ECS's limit the one that binds (the trigger's Input carries no name, but
  // its defaults: "environment":[],"overrides":{}).
  const container = 'a-container-whose-name-is-longer-than-the-input-defaults';
  const withCommand = (command: Json, environment?: Json): JsonObject => ({
    Parameters: { Long: { Type: 'String' }, Args: { Type: 'CommaDelimitedList' } },
    Resources: { Jobs: shorthand({ Big: { ScheduleExpression: 'rate(1 day)', Command: command, ...(environment !== undefined ? { Environment: environment } : {}) } }, { ContainerName: container }) },
  });
  // [{"name":"<container>","command":["x…"]}] is 28 characters plus the name and the argument.
  const fits = 'x'.repeat(8192 - 28 - container.length);

  it('counts exactly the JSON ECS receives: a command of 8,192 characters fits, one more does not', () => {
    expect(succeeds(withCommand([fits]))).toBe(true);
    expect(messages(withCommand([`${fits}x`]))).toEqual([
      'Schedules.Big.Command: the container override for this schedule is 8193 characters; ECS accepts at most 8192 (command and environment together)',
    ]);
  });
  it('counts command and environment together', () => {
    expect(messages(withCommand(['a'], { V: 'x'.repeat(8100) }))[0]).toMatch(/^Schedules\.Big\.Command: the container override for this schedule is 82\d\d characters/);
  });
  it('counts a parameter with its known value, and names the size', () => {
    expect(succeeds(withCommand(['run', { Ref: 'Long' }]), { Long: 'x'.repeat(100) })).toBe(true);
    expect(messages(withCommand(['run', { Ref: 'Long' }]), { Long: 'x'.repeat(9000) })[0]).toMatch(/is 90\d\d characters; ECS accepts at most 8192/);
    expect(messages(withCommand({ Ref: 'Args' }), { Args: ['y'.repeat(5000), 'z'.repeat(5000)] })[0]).toMatch(/is 100\d\d characters/);
  });
  it('counts a value only CloudFormation knows as empty: a lower bound, said as such', () => {
    expect(succeeds(withCommand(['run', { 'Fn::ImportValue': 'LongArgument' }]))).toBe(true);
    expect(messages(withCommand([fits, { 'Fn::ImportValue': 'LongArgument' }]))).toEqual([
      'Schedules.Big.Command: the container override for this schedule is at least 8195 characters (not counting values of intrinsic functions); ECS accepts at most 8192 (command and environment together)',
    ]);
  });
});

describe('the 8,192-character limit of a rule\'s or schedule\'s target Input', () => {
  const steps = (count: number, length: number): Json[] => Array.from({ length: count }, (_, i) => ({ Command: ['run', `${i}`.padEnd(length, 'x')] }));
  const withSteps = (count: number, length: number, trigger?: string): JsonObject => ({
    Resources: { Jobs: shorthand({ Many: { ScheduleExpression: 'rate(1 day)', Steps: steps(count, length) } }, trigger ? { Trigger: trigger } : {}) },
  });
  it('several steps, each far below the ECS override limit, can exceed it together: an error naming the schedule', () => {
    expect(succeeds(withSteps(3, 2000))).toBe(true);
    expect(messages(withSteps(5, 2000))).toEqual([
      expect.stringMatching(/^Schedules\.Many\.Steps: the rule's target Input \(this schedule's commands, environment and settings as JSON\) would be 1\d{4} characters; EventBridge accepts at most 8192/),
    ]);
    expect(messages(withSteps(5, 2000, 'EventBridgeScheduler'))[0]).toMatch(/^Schedules\.Many\.Steps: the schedule's target Input/);
  });
  it('counts escaped text as it will be sent: a quote is two characters in the JSON', () => {
    const quoted = (n: number): JsonObject => ({ Resources: { Jobs: shorthand({ Q: { ScheduleExpression: 'rate(1 day)', Command: ['echo', '"'.repeat(n)] } }) } });
    // {"schedule":"Q","commands":["echo","…"],"environment":[],"overrides":{}} is 71 characters plus two per quote.
    expect(succeeds(quoted(4060))).toBe(true);
    expect(messages(quoted(4061))[0]).toMatch(/would be 8193 characters/);
  });
  it('a schedule expression longer than 256 characters is refused (EventBridge takes at most 256)', () => {
    const expression = `cron(0 3 * * ? ${'2030,'.repeat(50)}2031)`;
    expect(messages({ Resources: { Jobs: shorthand({ A: { ScheduleExpression: expression, Command: ['a'] } }) } })[0]).toMatch(/^Schedules\.A\.ScheduleExpression: .* has 2\d\d characters; EventBridge accepts at most 256$/);
  });
  it('Retry whose restart waits exceed what a Wait state takes (99,999,999 s) is refused', () => {
    const fragment = (retry: Json): JsonObject => ({ Resources: { Jobs: shorthand({ A: { ScheduleExpression: 'rate(1 day)', Command: ['a'] } }, { Retry: retry }) } });
    expect(succeeds(fragment({ MaxAttempts: 3, IntervalSeconds: 99_999_999, BackoffRate: 1 }))).toBe(true);
    expect(messages(fragment({ MaxAttempts: 3, IntervalSeconds: 50_000_000, BackoffRate: 2 }))).toEqual([
      'Retry: waits 100000000 seconds before attempt 3 (IntervalSeconds 50000000 × BackoffRate 2^1); Step Functions waits at most 99999999 seconds: lower MaxAttempts, IntervalSeconds or BackoffRate',
    ]);
  });
});

describe('references inside intrinsics must point at something that exists', () => {
  const withArgument = (argument: Json): JsonObject => ({
    Parameters: { Stage: { Type: 'String' } },
    Resources: { Bucket: { Type: 'AWS::S3::Bucket' }, Jobs: shorthand({ A: { ScheduleExpression: 'rate(1 day)', Command: ['run', argument] } }) },
  });
  it.each([
    [{ 'Fn::Sub': '${Stage}-${AWS::Region}-${Bucket.Arn}-${!Literal}' }],
    [{ 'Fn::Sub': ['${Name}-${Stage}', { Name: { Ref: 'Bucket' } }] }],
  ])('%j is accepted', (argument) => {
    expect(succeeds(withArgument(argument))).toBe(true);
  });
  it.each([
    [{ 'Fn::Sub': 'x-${Missing}' }, 'Schedules.A.Command.1: !Sub refers to ${Missing}, which is not a parameter or another resource of this template (write ${!Missing} for the literal text)'],
    [{ 'Fn::Sub': '${Gone.Arn}' }, 'Schedules.A.Command.1: !Sub refers to ${Gone.Arn}, which is not an attribute of another resource of this template (write ${!Gone.Arn} for the literal text)'],
    [{ 'Fn::Sub': ['${X}', { X: { Ref: 'Missing' } }] }, 'Schedules.A.Command.1: !Ref Missing does not refer to a parameter or another resource of this template'],
    [{ 'Fn::Sub': ['${X}'] }, 'Schedules.A.Command.1: {"Fn::Sub":["${X}"]} is not valid: Fn::Sub takes a string, or [string, {Name: value, ...}]'],
    [{ Ref: 7 }, 'Schedules.A.Command.1: {"Ref":7} is not valid: Ref takes the logical ID of a parameter or resource'],
    [{ 'Fn::GetAtt': [1, 2] }, 'Schedules.A.Command.1: {"Fn::GetAtt":[1,2]} is not valid: Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"'],
  ])('%j is an error', (argument, message) => {
    expect(messages(withArgument(argument))).toEqual([message]);
  });
});

describe('Metadata, which goes to the state machine, is checked like the properties', () => {
  it('a reference to nothing in Metadata is an error', () => {
    const fragment: JsonObject = {
      Parameters: { Stage: { Type: 'String' } },
      Resources: { Jobs: { ...shorthand({ A: { ScheduleExpression: 'rate(1 day)', Command: ['a'] } }), Metadata: { Owner: { 'Fn::GetAtt': ['Stage', 'Name'] }, Team: { Ref: 'Stage' } } } },
    };
    expect(messages(fragment)).toEqual(['Metadata.Owner: !GetAtt Stage.Name does not refer to another resource of this template']);
  });
});
