/**
 * fast-check generators for macro requests: valid templates with shorthands in every form the README
 * documents, mutations of them (wrong types, missing and extra keys, huge strings, deep nesting, unicode,
 * intrinsics in every position, Fn::If with AWS::NoValue), and arbitrary JSON.
 *
 * Naming keeps valid templates valid: shorthand IDs are `S` + 4 lowercase letters (same length, so
 * `<Id><Schedule>Rule` of two shorthands never collide), other resources start with `X`, parameters
 * with `P`; nothing the macro generates can clash with them.
 */
import * as fc from 'fast-check';
import type { Json, JsonObject } from '../../src/json';
import type { MacroEvent } from '../../macro/handler';
import { ACCOUNT, REGION } from '../../cli/simulation/resolve';

type Mutable = { [key: string]: Json };

/** Parameters every generated template declares, with the values CloudFormation would send. */
export const PARAMETERS: JsonObject = {
  PStage: { Type: 'String', Default: 'prod', AllowedValues: ['dev', 'prod'] },
  PCron: { Type: 'String', Default: 'cron(0 3 * * ? *)' },
  PSubnets: { Type: 'CommaDelimitedList', Default: 'subnet-0a1b2c3d,subnet-0e5f6a7b' },
  PSubnet: { Type: 'AWS::EC2::Subnet::Id', Default: 'subnet-0c0c0c0c' },
  PGroups: { Type: 'List<AWS::EC2::SecurityGroup::Id>', Default: 'sg-0a1b2c3d' },
  PRoles: { Type: 'CommaDelimitedList', Default: 'arn:aws:iam::123456789012:role/app-task' },
  PArgs: { Type: 'CommaDelimitedList', Default: 'python,manage.py,report' },
  PRetention: { Type: 'Number', Default: '30' },
  PCluster: { Type: 'String', Default: 'batch' },
  PText: { Type: 'String', Default: 'x' },
};
export const PARAMETER_VALUES: JsonObject = {
  PStage: 'prod',
  PCron: 'cron(0 3 * * ? *)',
  PSubnets: ['subnet-0a1b2c3d', 'subnet-0e5f6a7b'],
  PSubnet: 'subnet-0c0c0c0c',
  PGroups: ['sg-0a1b2c3d'],
  PRoles: ['arn:aws:iam::123456789012:role/app-task'],
  PArgs: ['python', 'manage.py', 'report'],
  PRetention: '30',
  PCluster: 'batch',
  // A value with every character JSON escapes, as CloudFormation would send it.
  PText: 'say "hi" \\ C:\\dir\nline\ttab\r\u0001',
};

/** What the example account resolves nested-stack outputs to: text JSON must escape, and the IDs they stand for. */
export const NESTED_OUTPUTS: JsonObject = {
  'XNetwork.Outputs.Script': 'echo "from the network stack" \\\nexit 0\t',
  'XNetwork.Outputs.ClusterName': 'batch',
  'XNetwork.Outputs.TaskDefinitionArn': `arn:aws:ecs:eu-central-1:123456789012:task-definition/app:5`,
  'XNetwork.Outputs.TopicArn': 'arn:aws:sns:eu-central-1:123456789012:alerts',
};

/** Resources the macro does not own, referenced by the shorthands. */
const OTHER_RESOURCES: JsonObject = {
  XCluster: { Type: 'AWS::ECS::Cluster' },
  XTaskRole: {
    Type: 'AWS::IAM::Role',
    Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
  },
  XTaskDefinition: {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      Cpu: '256',
      Memory: '512',
      TaskRoleArn: { 'Fn::GetAtt': ['XTaskRole', 'Arn'] },
      ContainerDefinitions: [{ Name: 'app', Image: 'public.ecr.aws/docker/library/python:3.12' }],
    },
  },
  XBucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { Tags: [{ Key: 'k', Value: 'v' }] } },
  XTopic: { Type: 'AWS::SNS::Topic' },
  XNetwork: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.com/network.yaml' } },
};

const text = fc.string({ unit: 'grapheme', maxLength: 24 }).filter((s) => !s.includes('\u0000'));
/** Literal text of an `!Sub |` script: quotes, backslashes, line breaks, tabs, `$` (never a `${` of its own). */
const scriptText = fc
  .array(fc.oneof(text, fc.constantFrom('"', '\\', '\n', '\t', '\r\n', "'", '$', '{', '}', '$.x', ' && ')), { maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter((t) => !t.includes('${') && !t.includes('\u0000'));
/** An `Fn::Sub` as real templates write it: literal text around parameters, attributes, pseudo parameters and `${!Literal}`. */
const subScript: fc.Arbitrary<Json> = fc
  .array(fc.tuple(scriptText, fc.constantFrom('${PStage}', '${PText}', '${XNetwork.Outputs.Script}', '${XBucket}', '${XBucket.Arn}', '${AWS::Region}', '${!Literal}', '${Var}', '')), { minLength: 1, maxLength: 4 })
  .map((pieces) => pieces.map(([t, r]) => `${t}${r}`).join(''))
  // Pieces side by side may form a `${` of their own (`$` then `{`): only the listed references are wanted.
  .filter((body) => [...body.matchAll(/\$\{([^}]*)\}/g)].every((m) => ['PStage', 'PText', 'XNetwork.Outputs.Script', 'XBucket', 'XBucket.Arn', 'AWS::Region', '!Literal', 'Var'].includes(m[1] as string)))
  .chain((body) => {
    return body.includes('${Var}') ? fc.constantFrom<Json>({ 'Fn::Sub': [body, { Var: 'a "literal" \\ value' }] }, { 'Fn::Sub': [body, { Var: { Ref: 'PText' } }] }) : fc.constant<Json>({ 'Fn::Sub': body });
  });
const userValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: text },
  fc.constantFrom<Json>('${AWS::AccountId}', '$.commands', 'say "hi"', 'C:\\path\\', '日本語 🚀', '${!Literal}'),
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.boolean(),
  fc.constantFrom<Json>({ Ref: 'PStage' }, { 'Fn::Sub': '${PStage}-${AWS::Region}' }, { 'Fn::GetAtt': ['XBucket', 'Arn'] }, { 'Fn::ImportValue': 'shared-value' }),
  // Intrinsics whose values hold characters JSON escapes, known to the macro or only to CloudFormation.
  { weight: 3, arbitrary: subScript },
  fc.constantFrom<Json>(
    { Ref: 'PText' },
    { 'Fn::GetAtt': ['XNetwork', 'Outputs.Script'] },
    { 'Fn::If': ['IsProd', 'prod "quoted"', { Ref: 'PText' }] },
    { 'Fn::If': ['IsProd', { 'Fn::GetAtt': ['XNetwork', 'Outputs.Script'] }, 'x'] },
    { 'Fn::Join': ['\n', ['line "1"', { Ref: 'PText' }, { 'Fn::GetAtt': ['XNetwork', 'Outputs.Script'] }]] },
    { 'Fn::Select': [1, { Ref: 'PArgs' }] },
    { 'Fn::ToJsonString': { query: 'SELECT "name"', path: 'C:\\dir', lines: ['a\nb', 1, true] } },
  ),
);

const scheduleName = fc.oneof({ weight: 9, arbitrary: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,7}$/) }, fc.constantFrom('constructor', 'prototype'));
const expression: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  'rate(1 day)',
  'rate(5 minutes)',
  'cron(0 3 * * ? *)',
  'cron(15 10 ? * MON-FRI *)',
  'cron(0 0 L * ? 2030)',
  { Ref: 'PCron' },
  { 'Fn::If': ['IsProd', 'rate(1 hour)', 'rate(2 hours)'] },
);

const command: fc.Arbitrary<Json> = fc.oneof({ weight: 5, arbitrary: fc.array(userValue, { minLength: 1, maxLength: 6 }) }, fc.constant<Json>({ Ref: 'PArgs' }));
const environment = fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/) }, fc.constantFrom('constructor', 'prototype', 'toString')), userValue, { maxKeys: 4 });

/** One schedule: a Command (and Environment) or Steps; the Scheduler's options are dropped for rules later. */
const schedule: fc.Arbitrary<Json> = (() => {
  const common = {
    ScheduleExpression: fc.oneof(expression, fc.constant<Json>('at(2030-01-01T04:00:00)')),
    State: fc.constantFrom<Json>('ENABLED', 'DISABLED', { 'Fn::If': ['IsProd', 'ENABLED', { Ref: 'AWS::NoValue' }] }),
    Description: fc.string({ unit: 'grapheme', maxLength: 60 }),
    TimeoutSeconds: fc.constantFrom<Json>(600, '3600'),
    Timezone: fc.constantFrom<Json>('Europe/Berlin', 'America/New_York', 'UTC'),
    FlexibleWindowMinutes: fc.constantFrom<Json>(15, '5'),
    StartDeadlineSeconds: fc.constantFrom<Json>(60, '900', 86400),
    AlarmIfNoSuccessWithinMinutes: fc.constantFrom<Json>(1, 90, 1500, '10080'),
  };
  const single = fc.record({ ...common, Command: command, Environment: environment }, { requiredKeys: ['ScheduleExpression', 'Command'] });
  const steps = fc.record(
    {
      ...common,
      Steps: fc.array(fc.record({ Command: command, Environment: environment }, { requiredKeys: ['Command'] }), { minLength: 1, maxLength: 3 }),
      Parallel: fc.constantFrom<Json>(true, false, 'true'),
    },
    { requiredKeys: ['ScheduleExpression', 'Steps'] },
  );
  return fc.oneof({ weight: 3, arbitrary: single }, steps) as fc.Arbitrary<Json>;
})();

const properties: fc.Arbitrary<Json> = fc
  .record(
    {
      Cluster: fc.constantFrom<Json>('batch', `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/batch`, { Ref: 'XCluster' }, { 'Fn::GetAtt': ['XCluster', 'Arn'] }, { Ref: 'PCluster' }, { 'Fn::ImportValue': 'cluster-name' }, { 'Fn::GetAtt': ['XNetwork', 'Outputs.ClusterName'] }),
      TaskDefinition: fc.constantFrom<Json>('app:3', 'app', `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/app:3`, { Ref: 'XTaskDefinition' }, { 'Fn::GetAtt': ['XNetwork', 'Outputs.TaskDefinitionArn'] }),
      ContainerName: fc.constant<Json>('app'),
      LaunchType: fc.constantFrom<Json>('FARGATE', { 'Fn::If': ['IsProd', 'FARGATE', { Ref: 'AWS::NoValue' }] }),
      PlatformVersion: fc.constantFrom<Json>('LATEST', '1.4.0'),
      Subnets: fc.constantFrom<Json>(['subnet-0a1b2c3d'], { Ref: 'PSubnets' }, { Ref: 'PSubnet' }, [{ Ref: 'PSubnet' }, 'subnet-0b0b0b0b'], { 'Fn::If': ['IsProd', ['subnet-0a'], ['subnet-0b']] }),
      SecurityGroups: fc.constantFrom<Json>(['sg-0a1b2c3d'], { Ref: 'PGroups' }),
      AssignPublicIp: fc.constantFrom<Json>('ENABLED', 'DISABLED', { 'Fn::If': ['IsProd', 'DISABLED', { Ref: 'AWS::NoValue' }] }),
      PassRoleArns: fc.constantFrom<Json>([], [`arn:aws:iam::${ACCOUNT}:role/app-task`], ['app-task'], { Ref: 'PRoles' }, [{ 'Fn::GetAtt': ['XTaskRole', 'Arn'] }], [{ 'Fn::If': ['IsProd', 'app-task', { Ref: 'AWS::NoValue' }] }], [{ 'Fn::If': ['IsProd', { Ref: 'XTaskRole' }, { Ref: 'AWS::NoValue' }] }]),
      LogRetentionInDays: fc.constantFrom<Json>(30, '30', 3653, { Ref: 'PRetention' }, { 'Fn::If': ['IsProd', 365, { Ref: 'AWS::NoValue' }] }),
      LogLevel: fc.constantFrom<Json>('ALL', 'ERROR', 'FATAL'),
      IncludeExecutionData: fc.constantFrom<Json>(true, false, 'true', 'false'),
      LogKmsKeyArn: fc.constant<Json>(`arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
      StateMachineKmsKeyArn: fc.constant<Json>(`arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
      PermissionsBoundary: fc.constant<Json>(`arn:aws:iam::${ACCOUNT}:policy/boundary`),
      Tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.oneof(fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,20}$/), fc.constant<Json>({ Ref: 'PStage' })), { maxKeys: 3 }),
      Trigger: fc.constantFrom<Json>('EventBridgeRule', 'EventBridgeScheduler'),
      Timezone: fc.constantFrom<Json>('Europe/Berlin', 'Asia/Tokyo'),
      TimeoutSeconds: fc.constantFrom<Json>(3600, '900'),
      Retry: fc.record({ MaxAttempts: fc.constantFrom<Json>(1, 3, '2'), IntervalSeconds: fc.constantFrom<Json>(30, '10'), BackoffRate: fc.constantFrom<Json>(2, '1.5') }, { requiredKeys: [] }),
      RetryFailedCommands: fc.constantFrom<Json>(true, false, 'false'),
      FailureTopicArn: fc.constantFrom<Json>({ Ref: 'XTopic' }, `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`, { 'Fn::GetAtt': ['XNetwork', 'Outputs.TopicArn'] }),
      AllowOverlap: fc.constantFrom<Json>(true, false, 'false'),
      AlarmTopicArn: fc.constantFrom<Json>({ Ref: 'XTopic' }, `arn:aws:sns:${REGION}:${ACCOUNT}:alarms`),
      DeadLetterQueue: fc.constantFrom<Json>(true, 'true', false, `arn:aws:sqs:${REGION}:${ACCOUNT}:dead-letters`, { 'Fn::ImportValue': 'dead-letter-queue-arn' }),
      StartDeadlineSeconds: fc.constantFrom<Json>(120, '3600'),
      State: fc.constantFrom<Json>('ENABLED', 'DISABLED'),
      Schedules: fc.uniqueArray(fc.tuple(scheduleName, schedule), { minLength: 1, maxLength: 5, selector: ([name]) => name }).map((entries) => Object.fromEntries(entries) as Json),
    },
    { requiredKeys: ['Cluster', 'TaskDefinition', 'ContainerName', 'Subnets', 'PassRoleArns', 'Schedules'] },
  )
  .map((p) => {
    const props = { ...(p as Mutable) };
    // EventBridge rules have no time zones, windows or at(...): without the Scheduler, leave those out.
    if (props['Trigger'] !== 'EventBridgeScheduler') {
      Reflect.deleteProperty(props, 'Timezone');
      const schedules: Mutable = {};
      for (const [name, value] of Object.entries(props['Schedules'] as JsonObject)) {
        const { Timezone: _zone, FlexibleWindowMinutes: _window, ...rest } = value as Mutable;
        schedules[name] = { ...rest, ...(typeof rest['ScheduleExpression'] === 'string' && rest['ScheduleExpression'].startsWith('at(') ? { ScheduleExpression: 'rate(1 day)' } : {}) };
      }
      props['Schedules'] = schedules;
    }
    // A "no success" alarm needs a topic to go to.
    if (props['AlarmTopicArn'] === undefined && props['FailureTopicArn'] === undefined) {
      const schedules: Mutable = {};
      for (const [name, value] of Object.entries(props['Schedules'] as JsonObject)) {
        const { AlarmIfNoSuccessWithinMinutes: _window, ...rest } = value as Mutable;
        schedules[name] = rest;
      }
      props['Schedules'] = schedules;
    }
    // The macro cannot prove an intrinsic LaunchType is FARGATE, and only FARGATE takes a public IP.
    if (typeof props['LaunchType'] === 'object' && props['AssignPublicIp'] === 'ENABLED') props['AssignPublicIp'] = 'DISABLED';
    return props as Json;
  });

const shorthand: fc.Arbitrary<Json> = fc
  .record(
    {
      Properties: properties,
      Condition: fc.constant<Json>('IsProd'),
      DeletionPolicy: fc.constantFrom<Json>('Delete', 'Retain', 'RetainExceptOnCreate'),
      UpdateReplacePolicy: fc.constantFrom<Json>('Delete', 'Retain'),
      DependsOn: fc.constantFrom<Json>('XBucket', ['XBucket', 'XTaskRole']),
      Metadata: fc.constant<Json>({ Owner: 'data-team' }),
    },
    { requiredKeys: ['Properties'] },
  )
  .map((r) => ({ Type: 'Custom::BatchCommandSchedule', ...(r as Mutable) }) as Json);

const shorthandId = fc.stringMatching(/^S[a-z]{4}$/);

/** A valid template (as CloudFormation sends the fragment) with 1 to 3 shorthands among other resources. */
export const validFragment: fc.Arbitrary<JsonObject> = fc
  .tuple(fc.uniqueArray(fc.tuple(shorthandId, shorthand), { minLength: 1, maxLength: 3, selector: ([id]) => id }), fc.boolean())
  .map(([shorthands, withOutputs]) => {
    const resources: Mutable = { XCluster: OTHER_RESOURCES['XCluster'] as Json };
    for (const [id, r] of shorthands) resources[id] = r;
    for (const [id, r] of Object.entries(OTHER_RESOURCES)) resources[id] = r;
    const first = shorthands[0]?.[0] ?? 'Sxxxx';
    return {
      AWSTemplateFormatVersion: '2010-09-09',
      Parameters: PARAMETERS,
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'PStage' }, 'prod'] } },
      Resources: resources,
      ...(withOutputs ? { Outputs: { Machine: { Condition: 'IsProd', Value: { Ref: first } }, Name: { Condition: 'IsProd', Value: { 'Fn::GetAtt': [first, 'Name'] } } } } : {}),
    };
  });

export function eventFor(fragment: unknown, requestId: string): MacroEvent {
  return { region: REGION, accountId: ACCOUNT, fragment, transformId: `${ACCOUNT}::EcsBatchScheduler`, params: {}, requestId, templateParameterValues: PARAMETER_VALUES };
}

/** Nested arrays, objects or Fn::If `depth` levels deep around a leaf. */
function nest(depth: number, leaf: Json, shape: 'array' | 'object' | 'if'): Json {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = shape === 'object' ? { [`k${i % 3}`]: value } : shape === 'if' ? { 'Fn::If': ['IsProd', value, 'x'] } : [value];
  return value;
}

const REFERENCE_TARGETS = ['PStage', 'PArgs', 'XBucket', 'XTaskRole', 'Missing', 'AWS::Region', 'AWS::NoValue', 'Sxxxx'];

/** Intrinsic functions, well-formed or not, pointing at things that exist or not. */
const intrinsic: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...REFERENCE_TARGETS).map((t) => ({ Ref: t }) as Json),
  fc.tuple(fc.constantFrom(...REFERENCE_TARGETS), fc.constantFrom('Arn', 'Name')).map(([t, a]) => ({ 'Fn::GetAtt': [t, a] }) as Json),
  fc.constantFrom<Json>(
    { 'Fn::Sub': '${PStage}-${Missing}' },
    { 'Fn::Sub': '${!Literal}-${AWS::StackName}' },
    { 'Fn::Sub': ['${A}', { A: { Ref: 'PStage' } }] },
    { 'Fn::Sub': 42 },
    { Ref: 42 },
    { 'Fn::GetAtt': 'NoDot' },
    { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'x'] },
    { 'Fn::If': ['IsProd', ['a', 'b'], { Ref: 'AWS::NoValue' }] },
    { 'Fn::If': ['NoSuchCondition', 'a', 'b'] },
    { 'Fn::FindInMap': ['Map', 'Top', 'Key'] },
    { 'Fn::Join': [',', { Ref: 'PArgs' }] },
    { 'Fn::Select': [0, { Ref: 'PArgs' }] },
    { 'Fn::Split': [',', 'a,b'] },
    { 'Fn::ImportValue': 'export' },
    { 'Fn::Base64': 'x' },
    { 'Fn::GetAZs': '' },
  ),
);

/** Values that are wrong somewhere: types, sizes, depth, unicode, intrinsics. */
export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: intrinsic },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom<Json>('', ' ', '\u0000', 'x'.repeat(10_000), '🚀'.repeat(3000), 'rate(0 minutes)', 'cron(* * * * * *)', 'arn:aws:iam::123:role/x', null, true, 0, -1, 1.5, 1e21, [], {}),
  // Up to 800 levels: deeper, fast-check's own value printer overflows; test/properties.test.ts covers 50,000.
  fc.tuple(fc.integer({ min: 20, max: 800 }), fc.constantFrom('array' as const, 'object' as const, 'if' as const), intrinsic).map(([depth, shape, leaf]) => nest(depth, leaf, shape)),
);

export type Mutation =
  | { readonly kind: 'replace'; readonly at: number; readonly value: Json }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'add'; readonly at: number; readonly key: string; readonly value: Json }
  | { readonly kind: 'noValue'; readonly at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: nastyValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('Comand', 'Type', 'Ref', 'Fn::If', '__proto__', 'constructor', 'prototype')), value: nastyValue }),
  fc.record({ kind: fc.constant('noValue' as const), at: fc.nat() }),
);

/** Every place inside the shorthands (the resource itself, its attributes and properties, at any depth). */
function places(resources: Mutable): Array<{ parent: Mutable | Json[]; key: string | number }> {
  const out: Array<{ parent: Mutable | Json[]; key: string | number }> = [];
  const walk = (value: Json): void => {
    if (Array.isArray(value)) {
      const list = value as Json[];
      list.forEach((v, i) => {
        out.push({ parent: list, key: i });
        walk(v);
      });
    } else if (value !== null && typeof value === 'object') {
      const obj = value as Mutable;
      for (const [k, v] of Object.entries(obj)) {
        out.push({ parent: obj, key: k });
        walk(v);
      }
    }
  };
  for (const [id, r] of Object.entries(resources)) {
    if (id.startsWith('S')) {
      out.push({ parent: resources, key: id });
      walk(r);
    }
  }
  return out;
}

/** Applies the mutations to a deep copy of the fragment's shorthands. */
export function mutate(fragment: JsonObject, mutations: readonly Mutation[]): JsonObject {
  const copy = structuredClone(fragment) as Mutable;
  const resources = copy['Resources'] as Mutable;
  for (const m of mutations) {
    const all = places(resources);
    const place = all[m.at % Math.max(all.length, 1)];
    if (place === undefined) break;
    const { parent, key } = place;
    const current = (parent as Record<string | number, Json>)[key] as Json;
    const target = current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as Mutable) : undefined;
    switch (m.kind) {
      case 'replace':
        (parent as Record<string | number, Json>)[key] = m.value;
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else Reflect.deleteProperty(parent, key);
        break;
      case 'add':
        if (target !== undefined) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
        else (parent as Record<string | number, Json>)[key] = m.value;
        break;
      case 'noValue':
        (parent as Record<string | number, Json>)[key] = { 'Fn::If': ['IsProd', current, { Ref: 'AWS::NoValue' }] };
        break;
    }
  }
  return copy;
}
