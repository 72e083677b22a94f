import { expand } from '../src';
import type { Json, JsonObject } from '../src/json';
import { runLocally } from '../cli/simulation/run';
import { resolve, substituteDefinition, type Env } from '../cli/simulation/resolve';

function shorthand(schedules: Record<string, Json>, extra: Record<string, Json> = {}): JsonObject {
  return {
    Type: 'Custom::BatchCommandSchedule',
    Properties: { Cluster: 'batch', TaskDefinition: 'app:1', ContainerName: 'app', Subnets: ['subnet-0a1b2c3d'], PassRoleArns: [], Schedules: schedules, ...extra },
  };
}

function expandOk(fragment: JsonObject, parameterValues: JsonObject = {}): JsonObject {
  const result = expand({ fragment, templateParameterValues: parameterValues });
  if (result.status !== 'success') throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value['Resources'] as JsonObject;
}

function messages(fragment: JsonObject): string[] {
  const result = expand({ fragment });
  if (result.status === 'success') throw new Error('expected a failure');
  return result.issues.map((i) => `${i.logicalId}: ${i.path}: ${i.message}`);
}

const schedule = (command: Json[]): JsonObject => ({ ScheduleExpression: 'rate(1 day)', Command: command });

describe('generated logical IDs', () => {
  it('derive only from the resource and schedule names, documented and fixed', () => {
    const resources = expandOk({ Resources: { Jobs: shorthand({ Nightly: schedule(['a']), Hourly: schedule(['b']) }) } });
    expect(Object.keys(resources)).toEqual(['Jobs', 'JobsRole', 'JobsLogGroup', 'JobsEventsRole', 'JobsNightlyRule', 'JobsHourlyRule']);
  });

  it('never change when a schedule is added, removed or reordered', () => {
    // Prepare
    const before = expandOk({ Resources: { Jobs: shorthand({ A: schedule(['a']), B: schedule(['b']), C: schedule(['c']) }) } });
    // Act
    const after = expandOk({ Resources: { Jobs: shorthand({ C: schedule(['c']), D: schedule(['d']), A: schedule(['a']) }) } });
    // Assess
    for (const id of ['Jobs', 'JobsRole', 'JobsLogGroup', 'JobsEventsRole', 'JobsARule', 'JobsCRule']) {
      expect(JSON.stringify(after[id])).toBe(JSON.stringify(before[id]));
    }
    expect(after).not.toHaveProperty('JobsBRule');
    expect(after).toHaveProperty('JobsDRule');
  });

  it('must not collide with a parameter', () => {
    expect(messages({ Parameters: { JobsEventsRole: { Type: 'String' } }, Resources: { Jobs: shorthand({ A: schedule(['a']) }) } })).toEqual([
      'Jobs: : generated logical ID JobsEventsRole collides with a parameter of the template: rename one of them',
    ]);
  });

  it('expanding an already expanded template returns it unchanged', () => {
    const once = { Resources: expandOk({ Resources: { Jobs: shorthand({ A: schedule(['a']) }) } }) };
    const twice = expand({ fragment: once });
    expect(twice).toEqual({ status: 'success', value: once });
  });
});

describe('limits', () => {
  const many = (n: number): Record<string, Json> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, schedule(['run', String(i)])]));

  it('496 schedules fill a stack to exactly 500 resources', () => {
    expect(Object.keys(expandOk({ Resources: { Jobs: shorthand(many(496)) } }))).toHaveLength(500);
  });

  it('one more schedule is a clear error naming the count, before CloudFormation refuses the stack', () => {
    expect(messages({ Resources: { Jobs: shorthand(many(497)) } })).toEqual([
      'Jobs: Schedules: the expanded template would contain 501 resources (501 generated from this resource); CloudFormation allows 500 per stack: split the schedules across stacks',
    ]);
  });

  it('every monitoring resource counts: a queue, its policy, two alarms per shorthand and one alarm per watched schedule', () => {
    const watched = (n: number): Record<string, Json> => Object.fromEntries(Object.entries(many(n)).map(([name, s]) => [name, { ...(s as JsonObject), AlarmIfNoSuccessWithinMinutes: 1500 }]));
    const extra = { DeadLetterQueue: true, AlarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:alarms', StartDeadlineSeconds: 900 };
    // 8 per shorthand (state machine, role, log group, events role, queue, queue policy, executions and dead-letter alarms) + 2 per schedule.
    expect(Object.keys(expandOk({ Resources: { Jobs: shorthand(watched(246), extra) } }))).toHaveLength(500);
    expect(messages({ Resources: { Jobs: shorthand(watched(247), extra) } })).toEqual([
      'Jobs: Schedules: the expanded template would contain 502 resources (502 generated from this resource); CloudFormation allows 500 per stack: split the schedules across stacks',
    ]);
  });

  it('a command override larger than ECS accepts is an error', () => {
    const [message] = messages({ Resources: { Jobs: shorthand({ Big: schedule(['echo', 'x'.repeat(8200)]) }) } });
    expect(message).toMatch(/^Jobs: Schedules\.Big\.Command: the container override for this schedule is \d+ characters; ECS accepts at most 8192/);
  });
});

describe('user text reaches ECS byte for byte', () => {
  const hostile = [
    '${AWS::AccountId}',
    '${Foo}',
    '${!Literal}',
    '$.commands',
    "States.Format('{}', $.x)",
    '$$.Execution.Id',
    'States.JsonToString($)',
    'say "hi" and \'bye\'',
    'line1\nline2\ttab',
    'C:\\path\\to\\file \\" \\\\',
    'Grüße, 日本語, emoji 🚀',
    '</script><!-- -->',
    '{"json": [1, 2]}',
  ];

  it('through the rule Input and a local Step Functions execution', async () => {
    // Prepare
    const fragment: JsonObject = {
      Resources: { Jobs: shorthand({ Hostile: { ScheduleExpression: 'rate(1 day)', Command: hostile, Environment: Object.fromEntries(hostile.map((h, i) => [`V${i}`, h])) } }) },
    };
    const resources = expandOk(fragment);
    const env: Env = { template: { Resources: resources }, parameters: {} };
    const input = (((resources['JobsHostileRule'] as JsonObject)['Properties'] as JsonObject)['Targets'] as JsonObject[])[0]?.['Input'];
    // A plain string: no Fn::Sub anywhere near user text.
    expect(typeof input).toBe('string');
    const props = (resources['Jobs'] as JsonObject)['Properties'] as JsonObject;
    const definition = substituteDefinition(props['Definition'] as Json, resolve(env, props['DefinitionSubstitutions'] as Json) as Record<string, Json>);

    // Act
    const run = await runLocally(definition, JSON.parse(input as string) as Json, { exitCodes: [0] });

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    const override = (((run.runTaskCalls[0]?.request['Overrides'] as JsonObject)['ContainerOverrides'] as JsonObject[])[0]) as JsonObject;
    expect(override['Command']).toEqual(hostile);
    expect(override['Environment']).toEqual(hostile.map((h, i) => ({ Name: `V${i}`, Value: h })));
  });

  it('with intrinsic arguments, the Input is built with Fn::Join (which substitutes nothing) and still parses', () => {
    const fragment: JsonObject = {
      Parameters: { Stage: { Type: 'String' }, Args: { Type: 'CommaDelimitedList' } },
      Resources: {
        Jobs: shorthand({
          Mixed: { ScheduleExpression: 'rate(1 day)', Command: ['run', { Ref: 'Stage' }, '${Stage}', '"quoted"'], Environment: { STAGE: { Ref: 'Stage' }, RAW: '${AWS::Region}' } },
          WholeList: { ScheduleExpression: 'rate(1 day)', Command: { Ref: 'Args' } },
        }),
      },
    };
    const resources = expandOk(fragment);
    const env: Env = { template: { ...fragment, Resources: resources }, parameters: { Stage: 'prod', Args: ['python', 'manage.py', 'x'] } };
    const inputOf = (id: string): Json => (((resources[id] as JsonObject)['Properties'] as JsonObject)['Targets'] as JsonObject[])[0]?.['Input'] as Json;

    expect(JSON.stringify(inputOf('JobsMixedRule'))).not.toContain('Fn::Sub');
    expect(JSON.parse(resolve(env, inputOf('JobsMixedRule')) as string)).toEqual({
      schedule: 'Mixed',
      commands: ['run', 'prod', '${Stage}', '"quoted"'],
      environment: [{ Name: 'STAGE', Value: 'prod' }, { Name: 'RAW', Value: '${AWS::Region}' }],
      overrides: {},
    });
    // The trigger's input carries every default (issue 11): an empty environment, no task-level overrides.
    expect(JSON.parse(resolve(env, inputOf('JobsWholeListRule')) as string)).toEqual({ schedule: 'WholeList', commands: ['python', 'manage.py', 'x'], environment: [], overrides: {} });
  });

  it('a rule description is written as given: no Fn::Sub, so ${...} stays literal', () => {
    const description = 'Runs ${AWS::AccountId} "report" for $.x \\ Grüße';
    const resources = expandOk({ Resources: { Jobs: shorthand({ A: { ...schedule(['a']), Description: description } }) } });
    const rule = resources['JobsARule'] as JsonObject;
    expect((rule['Properties'] as JsonObject)['Description']).toBe(description);
    expect(JSON.stringify(rule)).not.toContain('Fn::Sub');
  });

  it('NUL characters, which no process argument can hold, are rejected', () => {
    expect(messages({ Resources: { Jobs: shorthand({ A: schedule(['a\u0000b']) }) } })).toEqual(['Jobs: Schedules.A.Command.0: must not contain NUL characters']);
  });
});

describe('least privilege of the state machine role', () => {
  const statements = (resources: JsonObject): JsonObject[] =>
    ((((resources['JobsRole'] as JsonObject)['Properties'] as JsonObject)['Policies'] as JsonObject[])[0]?.['PolicyDocument'] as JsonObject)['Statement'] as JsonObject[];

  it('has no action wildcard, and "*" only for the documented actions without resource-level permissions', () => {
    const resources = expandOk({ Resources: { Jobs: shorthand({ A: schedule(['a']) }, { PassRoleArns: ['arn:aws:iam::123456789012:role/task'] }) } });
    for (const s of statements(resources)) {
      for (const action of ([] as Json[]).concat(s['Action'] as Json)) expect(String(action)).not.toContain('*');
      if (s['Resource'] === '*') expect(['TrackTask', 'LogDelivery']).toContain(s['Sid']);
    }
    expect(statements(resources).find((s) => s['Sid'] === 'TrackTask')).toHaveProperty('Condition');
  });

  it('has no PassRole statement at all for a task without roles', () => {
    const resources = expandOk({ Resources: { Jobs: shorthand({ A: schedule(['a']) }) } });
    expect(statements(resources).map((s) => s['Sid'])).toEqual(['RunTask', 'TrackTask', 'SyncManagedRule', 'LogDelivery']);
  });

  it('has no log-delivery statement when logging is OFF', () => {
    const resources = expandOk({ Resources: { Jobs: shorthand({ A: schedule(['a']) }, { LogLevel: 'OFF' }) } });
    expect(statements(resources).map((s) => s['Sid'])).toEqual(['RunTask', 'TrackTask', 'SyncManagedRule']);
    expect(resources).not.toHaveProperty('JobsLogGroup');
  });
});

describe('execution data in the state machine log', () => {
  const logging = (resources: JsonObject): JsonObject => ((resources['Jobs'] as JsonObject)['Properties'] as JsonObject)['LoggingConfiguration'] as JsonObject;

  it('is left out by default: commands and environment values stay out of the log', () => {
    expect(logging(expandOk({ Resources: { Jobs: shorthand({ A: schedule(['a']) }) } }))['IncludeExecutionData']).toBe(false);
  });

  it.each([
    [true, true],
    ['true', true],
    ['false', false],
    [{ Ref: 'Debug' }, { Ref: 'Debug' }],
  ] as const)('IncludeExecutionData: %j turns it to %j', (given, expected) => {
    const fragment = { Parameters: { Debug: { Type: 'String' } }, Resources: { Jobs: shorthand({ A: schedule(['a']) }, { IncludeExecutionData: given as Json }) } };
    expect(logging(expandOk(fragment))['IncludeExecutionData']).toEqual(expected);
  });
});

describe('time zones', () => {
  it('a zone name checked once is taken on every schedule, and an unknown one is refused on every schedule, also after known ones', () => {
    // Prepare
    const zoned = (zone: string): JsonObject => ({ ScheduleExpression: 'cron(0 8 * * ? *)', Command: ['a'], Timezone: zone });
    const fragment = (zones: readonly string[]): JsonObject => ({
      Resources: { Jobs: shorthand(Object.fromEntries(zones.map((z, i) => [`S${i}`, zoned(z)])), { Trigger: 'EventBridgeScheduler' }) },
    });
    // Act
    const resources = expandOk(fragment(['Europe/Berlin', 'Europe/Berlin', 'Asia/Tokyo']));
    const refused = messages(fragment(['Europe/Berlin', 'Mars/Olympus', 'Mars/Olympus']));
    // Assess
    expect(['JobsS0Schedule', 'JobsS1Schedule', 'JobsS2Schedule'].map((id) => ((resources[id] as JsonObject)['Properties'] as JsonObject)['ScheduleExpressionTimezone'])).toEqual(['Europe/Berlin', 'Europe/Berlin', 'Asia/Tokyo']);
    expect(refused).toEqual([1, 2].map((i) => `Jobs: Schedules.S${i}.Timezone: "Mars/Olympus" is not an IANA time zone name such as "Europe/Berlin" or "UTC"`));
  });
});
