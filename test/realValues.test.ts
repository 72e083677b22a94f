/**
 * What real templates hand the shorthand: nested stacks' outputs, custom resources, SSM parameters, roles
 * inside conditions, sizes and limits from mappings, AWS::LanguageExtensions forms, keys such as
 * `__proto__`, and misplaced uses. Each value is either accepted and carried through exactly, or refused
 * with a message naming the resource and the property path.
 */
import { handleMacroEvent, SNIPPET_MESSAGE } from '../macro/handler';
import { expand } from '../src';
import type { Json, JsonObject } from '../src/json';
import { silentLogger } from './support/fixtures';

const SUBNETS = ['subnet-0a1b2c3d'];

function shorthand(properties: Record<string, Json>, attributes: Record<string, Json> = {}): JsonObject {
  return {
    Type: 'Custom::BatchCommandSchedule',
    ...attributes,
    Properties: {
      Cluster: 'batch',
      TaskDefinition: 'app:1',
      ContainerName: 'app',
      Subnets: SUBNETS,
      PassRoleArns: [],
      Schedules: { Nightly: { ScheduleExpression: 'rate(1 day)', Command: ['run'] } },
      ...properties,
    },
  };
}

function run(fragment: JsonObject, values: JsonObject = {}): { resources?: JsonObject; messages: string[] } {
  const result = expand({ fragment, templateParameterValues: values });
  if (result.status === 'success') return { resources: result.value['Resources'] as JsonObject, messages: [] };
  return { messages: result.issues.map((i) => `${i.logicalId}: ${i.path}: ${i.message}`) };
}

const OTHERS: JsonObject = {
  Network: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.com/n.yaml' } },
  App: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.com/a.yaml' } },
  Lookup: { Type: 'Custom::Lookup', Properties: { ServiceToken: 'arn:aws:lambda:eu-central-1:123456789012:function:f' } },
  Name: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'batch' } },
  Queue: { Type: 'AWS::SQS::Queue' },
  Topic: { Type: 'AWS::SNS::Topic', Properties: { FifoTopic: true, TopicName: 'alerts.fifo' } },
  Bucket: { Type: 'AWS::S3::Bucket' },
};

function policyOf(resources: JsonObject): JsonObject[] {
  const role = resources['JobsRole'] as JsonObject;
  const policies = (role['Properties'] as JsonObject)['Policies'] as JsonObject[];
  return ((policies[0] as JsonObject)['PolicyDocument'] as JsonObject)['Statement'] as JsonObject[];
}

describe('item 2: any attribute of any resource where a string is expected', () => {
  it('nested stack outputs, a custom resource and an SSM parameter Value are accepted', () => {
    const { resources, messages } = run({
      Resources: {
        ...OTHERS,
        Jobs: shorthand({
          Cluster: { 'Fn::GetAtt': ['Network', 'Outputs.ClusterName'] },
          TaskDefinition: { 'Fn::GetAtt': ['App', 'Outputs.TaskDefinitionArn'] },
          PassRoleArns: [{ 'Fn::GetAtt': ['App', 'Outputs.TaskRoleArn'] }],
          FailureTopicArn: { 'Fn::GetAtt': ['Lookup', 'TopicArn'] },
          ContainerName: { 'Fn::GetAtt': ['Name', 'Value'] },
        }),
      },
    });
    expect(messages).toEqual([]);
    const runTask = policyOf(resources as JsonObject).find((s) => s['Sid'] === 'RunTask') as JsonObject;
    // A nested stack's output may be a cluster name or ARN, a task definition ARN with or without revision: both forms.
    expect(runTask['Resource']).toEqual([{ 'Fn::GetAtt': ['App', 'Outputs.TaskDefinitionArn'] }, { 'Fn::Sub': ['${Arn}:*', { Arn: { 'Fn::GetAtt': ['App', 'Outputs.TaskDefinitionArn'] } }] }]);
    expect((runTask['Condition'] as JsonObject)['ArnEquals']).toEqual({
      'ecs:cluster': [{ 'Fn::GetAtt': ['Network', 'Outputs.ClusterName'] }, { 'Fn::Sub': ['arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${Name}', { Name: { 'Fn::GetAtt': ['Network', 'Outputs.ClusterName'] } }] }],
    });
  });
  it('a reference that certainly yields something else is still refused, saying what to write', () => {
    expect(run({ Resources: { ...OTHERS, Jobs: shorthand({ Cluster: { Ref: 'Name' }, FailureTopicArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, TaskDefinition: { Ref: 'Bucket' } }) } }).messages.sort()).toEqual([
      'Jobs: Cluster: refers to Name, an AWS::SSM::Parameter: its Ref is the parameter\'s name, so write !GetAtt Name.Value for its value',
      'Jobs: FailureTopicArn: refers to Queue.Arn, a AWS::SQS::Queue: expected an AWS::SNS::Topic',
      'Jobs: TaskDefinition: refers to Bucket, a AWS::S3::Bucket: expected !Ref (or !GetAtt .TaskDefinitionArn) of an AWS::ECS::TaskDefinition',
    ]);
  });
});

describe('item 4: role references inside Fn::If become ARNs in iam:PassRole', () => {
  const template = (taskRole: Json, executionRole?: Json): JsonObject => ({
    Parameters: { UseRole: { Type: 'String', Default: 'yes' } },
    Conditions: { HasRole: { 'Fn::Equals': [{ Ref: 'UseRole' }, 'yes'] } },
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Exec: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      TaskDefinition: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: { RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc', TaskRoleArn: taskRole, ...(executionRole ? { ExecutionRoleArn: executionRole } : {}), ContainerDefinitions: [{ Name: 'app', Image: 'x' }] },
      },
      Jobs: { Type: 'Custom::BatchCommandSchedule', Properties: { Cluster: 'batch', TaskDefinition: { Ref: 'TaskDefinition' }, Subnets: SUBNETS, Schedules: { N: { ScheduleExpression: 'rate(1 day)', Command: ['run'] } } } },
    },
  });
  it('every branch is converted like a plain !Ref (the role name becomes the role ARN)', () => {
    const { resources } = run(template({ 'Fn::If': ['HasRole', { Ref: 'Role' }, { Ref: 'AWS::NoValue' }] }, { Ref: 'Exec' }));
    const pass = policyOf(resources as JsonObject).find((s) => s['Sid'] === 'PassTaskRoles') as JsonObject;
    expect(pass['Resource']).toEqual([{ 'Fn::If': ['HasRole', { 'Fn::GetAtt': ['Role', 'Arn'] }, { Ref: 'AWS::NoValue' }] }, { 'Fn::GetAtt': ['Exec', 'Arn'] }]);
  });
  it('when the only role may be AWS::NoValue, the whole statement goes with it (a statement without Resource is invalid)', () => {
    const { resources } = run(template({ 'Fn::If': ['HasRole', { Ref: 'Role' }, { Ref: 'AWS::NoValue' }] }));
    const statements = policyOf(resources as JsonObject);
    expect(statements.find((s) => s['Sid'] === 'PassTaskRoles')).toBeUndefined();
    expect(statements).toContainEqual({
      'Fn::If': ['HasRole', { Sid: 'PassTaskRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': ['Role', 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } }, { Ref: 'AWS::NoValue' }],
    });
  });
});

describe('item 5: Cpu, Memory and TimeoutSeconds from intrinsics; FIFO topics in the template', () => {
  const sized = (schedule: Record<string, Json>, extra: Record<string, Json> = {}): JsonObject => ({
    Parameters: { Env: { Type: 'String' }, Timeout: { Type: 'Number' } },
    Mappings: { Sizes: { prod: { Cpu: 1024, Memory: '2048', Timeout: 3600, Bad: 3000 } } },
    Resources: { Jobs: shorthand({ Schedules: { N: { ScheduleExpression: 'rate(1 day)', Command: ['run'], ...schedule } }, ...extra }) },
  });
  it('from a mapping or a parameter: accepted, checked with the value, carried as written', () => {
    const { resources, messages } = run(
      sized({ Cpu: { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Cpu'] }, Memory: { 'Fn::FindInMap': ['Sizes', 'prod', 'Memory'] }, TimeoutSeconds: { Ref: 'Timeout' } }, { TimeoutSeconds: { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Timeout'] } }),
      { Env: 'prod', Timeout: '600' },
    );
    expect(messages).toEqual([]);
    const input = ((((resources as JsonObject)['JobsNRule'] as JsonObject)['Properties'] as JsonObject)['Targets'] as JsonObject[])[0]?.['Input'];
    expect(JSON.stringify(input)).toContain('"timeoutSeconds\\":600');
    expect(JSON.stringify(input)).toContain('Fn::FindInMap');
    expect(JSON.stringify((resources as JsonObject)['Jobs'])).toContain('"timeoutSeconds":3600');
  });
  it('an SSM parameter is not resolved by the macro (the request may carry its name or its value)', () => {
    const fragment: JsonObject = { Parameters: { Limit: { Type: 'AWS::SSM::Parameter::Value<String>' } }, Resources: { Jobs: shorthand({ TimeoutSeconds: { Ref: 'Limit' } }) } };
    expect(run(fragment, { Limit: '600' }).messages).toEqual([expect.stringMatching(/^Jobs: TimeoutSeconds: \{"Ref":"Limit"\} cannot be resolved by the macro/)]);
  });
  it('a size that Fargate does not take is refused with the value it resolves to', () => {
    expect(run(sized({ Cpu: { 'Fn::FindInMap': ['Sizes', 'prod', 'Bad'] }, Memory: '2048' })).messages).toEqual([
      'Jobs: Schedules.N.Cpu: {"Fn::FindInMap":["Sizes","prod","Bad"]} (3000) is not a Fargate CPU size: one of 256, 512, 1024, 2048, 4096, 8192, 16384',
    ]);
  });
  it('a time limit the macro cannot resolve is refused, saying what works', () => {
    expect(run(sized({ TimeoutSeconds: { 'Fn::ImportValue': 'limit' } })).messages).toEqual([
      'Jobs: Schedules.N.TimeoutSeconds: {"Fn::ImportValue":"limit"} cannot be resolved by the macro: a time limit goes into the state machine and the trigger\'s input, so give a number, !Ref of a parameter, or !FindInMap whose keys are literals or parameters',
    ]);
    expect(run(sized({ TimeoutSeconds: { Ref: 'Timeout' } }), { Timeout: '0' }).messages).toEqual([
      'Jobs: Schedules.N.TimeoutSeconds: {"Ref":"Timeout"} is "0", which is not valid: expected a whole number of seconds from 1 to 99999999',
    ]);
  });
  it('!Ref of an in-template FIFO topic is refused like a literal .fifo ARN', () => {
    expect(run({ Resources: { ...OTHERS, Jobs: shorthand({ FailureTopicArn: { Ref: 'Topic' } }) } }).messages).toEqual([
      'Jobs: FailureTopicArn: refers to Topic, a FIFO topic (FifoTopic: true): publishing to it needs a message group, so use a standard topic for failure alerts',
    ]);
  });
});

describe('item 6: what AWS accepts is accepted, and what it does not is explained', () => {
  it('DeletionPolicy RetainExceptOnCreate, and policies AWS::LanguageExtensions resolves later', () => {
    const { resources, messages } = run({
      Parameters: { Policy: { Type: 'String' }, Attr: { Type: 'String' } },
      Conditions: { Keep: { 'Fn::Equals': ['a', 'a'] } },
      Resources: {
        ...OTHERS,
        Jobs: shorthand({ Schedules: { N: { ScheduleExpression: 'rate(1 day)', Command: ['run', { 'Fn::GetAtt': ['Lookup', { Ref: 'Attr' }] }] } } }, { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: { 'Fn::If': ['Keep', 'Retain', 'Delete'] } }),
      },
    });
    expect(messages).toEqual([]);
    expect((resources as JsonObject)['JobsRole']).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: { 'Fn::If': ['Keep', 'Retain', 'Delete'] } });
  });
  it('a policy from a parameter is checked with its value', () => {
    expect(run({ Parameters: { Policy: { Type: 'String' } }, Resources: { Jobs: shorthand({}, { DeletionPolicy: { Ref: 'Policy' } }) } }, { Policy: 'Snapshot' }).messages).toEqual([
      'Jobs: DeletionPolicy: {"Ref":"Policy"} is "Snapshot", which is not valid: expected one of "Delete", "Retain", "RetainExceptOnCreate" (applied to every generated resource)',
    ]);
  });
  it('LaunchType MANAGED_INSTANCES is refused, pointing at CapacityProviderStrategy', () => {
    expect(run({ Resources: { Jobs: shorthand({ LaunchType: 'MANAGED_INSTANCES' }) } }).messages).toEqual([
      expect.stringMatching(/^Jobs: LaunchType: "MANAGED_INSTANCES" cannot be a LaunchType here: RunTask starts ECS Managed Instances tasks only through a capacity provider strategy .*CapacityProviderStrategy/),
    ]);
  });
});

describe('item 7: nothing vanishes', () => {
  const parse = (text: string): JsonObject => JSON.parse(text) as JsonObject;
  it.each(['constructor', 'prototype'])('%s as an environment variable, tag key, schedule name and resource ID is kept', (key) => {
    const { resources, messages } = run(
      parse(`{"Resources": {"${key}": {"Type": "AWS::S3::Bucket"}, "Jobs": ${JSON.stringify(shorthand({ Tags: parse(`{"${key}": "t"}`), Schedules: parse(`{"${key}": {"ScheduleExpression": "rate(1 day)", "Command": ["run"], "Environment": {"${key}": "v"}}}`) }))}}}`),
    );
    expect(messages).toEqual([]);
    expect(Object.keys(resources as JsonObject)).toEqual(expect.arrayContaining([key, `Jobs${key}Rule`]));
    expect(JSON.stringify(resources)).toContain(`{\\"Name\\":\\"${key}\\",\\"Value\\":\\"v\\"}`);
    expect(((resources as JsonObject)['JobsRole'] as JsonObject)['Properties']).toMatchObject({ Tags: [{ Key: key, Value: 't' }] });
  });
  it('__proto__ as a resource ID is kept; as an environment variable, tag key or schedule name it is refused by name', () => {
    const kept = run(parse(`{"Resources": {"__proto__": {"Type": "AWS::S3::Bucket"}, "Jobs": ${JSON.stringify(shorthand({}))}}}`));
    expect(Object.hasOwn(kept.resources as JsonObject, '__proto__')).toBe(true);
    expect(JSON.stringify(kept.resources)).toContain('"__proto__":{"Type":"AWS::S3::Bucket"}');
    const refused = run(parse(`{"Resources": {"Jobs": {"Type": "Custom::BatchCommandSchedule", "Properties": {"Cluster": "batch", "TaskDefinition": "app:1", "ContainerName": "app", "Subnets": ["subnet-0a1b2c3d"], "PassRoleArns": [],
      "Tags": {"__proto__": "t"}, "Schedules": {"__proto__": {"ScheduleExpression": "rate(1 day)", "Command": ["a"]}, "A": {"ScheduleExpression": "rate(1 day)", "Command": ["a"], "Environment": {"__proto__": "v"}}}}}}}`));
    expect(refused.messages).toEqual([
      'Jobs: Tags.__proto__: "__proto__" cannot be used as a tag key (it is reserved in the JavaScript the macro runs in): rename it',
      'Jobs: Schedules.__proto__: "__proto__" cannot be used as a schedule name (it is reserved in the JavaScript the macro runs in): rename it',
      'Jobs: Schedules.A.Environment.__proto__: "__proto__" cannot be used as an environment variable name (it is reserved in the JavaScript the macro runs in): rename it',
    ]);
  });
});

describe('item 8: misplaced use is an error, not a silent no-op', () => {
  it.each<[string, JsonObject]>([
    ['in Resources', { 'Fn::Transform': { Name: 'EcsBatchScheduler' }, Jobs: shorthand({}) }],
    ['in a resource', { Type: 'Custom::BatchCommandSchedule', Properties: shorthand({})['Properties'] as Json }],
    ['in Properties', shorthand({})['Properties'] as JsonObject],
  ])('a snippet-level Fn::Transform (%s) fails, saying to use the template-level Transform', (_where, snippet) => {
    const response = handleMacroEvent({ requestId: 'r', fragment: snippet, params: {}, templateParameterValues: {} }, silentLogger);
    expect(response).toMatchObject({ status: 'failure', errorMessage: SNIPPET_MESSAGE });
    expect(SNIPPET_MESSAGE).toMatch(/add "Transform: EcsBatchScheduler" at the top level/);
  });
  it('a whole template with Fn::Transform naming the macro fails with the path (what the CLI sees)', () => {
    expect(run({ Resources: { Jobs: shorthand({ 'Fn::Transform': { Name: 'EcsBatchScheduler' } }) } }).messages[0]).toMatch(/^Jobs: Properties\.Fn::Transform: Fn::Transform cannot call EcsBatchScheduler: .*"Transform: EcsBatchScheduler" at the top level/);
  });
  it('a shorthand inside an unexpanded Fn::ForEach fails, saying to list AWS::LanguageExtensions first', () => {
    const fragment: JsonObject = { Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::Jobs': ['Name', ['A', 'B'], { 'Jobs${Name}': shorthand({}) }] } };
    expect(run(fragment).messages).toEqual([
      ': Resources.Fn::ForEach::Jobs: Fn::ForEach::Jobs holds a Custom::BatchCommandSchedule, which is expanded only when AWS::LanguageExtensions runs first: write "Transform: [AWS::LanguageExtensions, EcsBatchScheduler]" (in that order)',
    ]);
  });
});

describe('item 9: a response is always serialisable', () => {
  it('a fragment nested thousands of levels deep outside the shorthand gets a failure naming where', () => {
    const depth = 20_000;
    const text = `{"Resources":{"Other":{"Type":"AWS::S3::Bucket","Metadata":${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}},"Jobs":${JSON.stringify(shorthand({}))}}}`;
    const response = handleMacroEvent({ requestId: 'r', fragment: JSON.parse(text) as unknown, templateParameterValues: {} }, silentLogger);
    expect(typeof JSON.stringify(response)).toBe('string');
    expect(response).toMatchObject({ requestId: 'r', status: 'failure' });
    if (response.status === 'failure') expect(response.errorMessage).toMatch(/^EcsBatchScheduler: 1 error found\.\nTemplate: Resources\.Other\.Metadata: nests 20003 levels deep/);
  });
});
