/** Names, ARNs, references and parameters become the ARNs IAM compares; intrinsics are wrapped, never resolved. */
import { clusterArns, roleArn, taskDefinitionArns, type TemplateView } from '../src/arns';
import type { Json } from '../src/json';

const view: TemplateView = {
  resources: {
    Cluster: { Type: 'AWS::ECS::Cluster' },
    TaskDef: { Type: 'AWS::ECS::TaskDefinition' },
    Role: { Type: 'AWS::IAM::Role' },
  },
  parameters: { ClusterName: { Type: 'String' }, ClusterArn: { Type: 'String' }, Family: { Type: 'String' }, FamilyRev: { Type: 'String' }, TdArn: { Type: 'String' }, Unset: { Type: 'String' }, RoleName: { Type: 'String' } },
  parameterValues: {
    ClusterName: 'batch',
    ClusterArn: 'arn:aws:ecs:eu-central-1:123456789012:cluster/batch',
    Family: 'app',
    FamilyRev: 'app:4',
    TdArn: 'arn:aws:ecs:eu-central-1:123456789012:task-definition/app',
    RoleName: 'task-role',
  },
  resourcesIncomplete: false,
};
const PREFIX = 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}';

describe('cluster ARNs for the ecs:cluster condition', () => {
  it.each<[string, Json, Json[]]>([
    ['an ARN', 'arn:aws:ecs:eu-central-1:123456789012:cluster/batch', ['arn:aws:ecs:eu-central-1:123456789012:cluster/batch']],
    ['a name', 'batch', [{ 'Fn::Sub': `${PREFIX}:cluster/batch` }]],
    ['!Ref of a cluster (its name)', { Ref: 'Cluster' }, [{ 'Fn::GetAtt': ['Cluster', 'Arn'] }]],
    ['!GetAtt Cluster.Arn', { 'Fn::GetAtt': ['Cluster', 'Arn'] }, [{ 'Fn::GetAtt': ['Cluster', 'Arn'] }]],
    ['a parameter holding a name', { Ref: 'ClusterName' }, [{ 'Fn::Sub': [`${PREFIX}:cluster/\${Name}`, { Name: { Ref: 'ClusterName' } }] }]],
    ['a parameter holding an ARN', { Ref: 'ClusterArn' }, [{ Ref: 'ClusterArn' }]],
    [
      'an export (name or ARN: both candidates, one of which matches nothing)',
      { 'Fn::ImportValue': 'x' },
      [{ 'Fn::ImportValue': 'x' }, { 'Fn::Sub': [`${PREFIX}:cluster/\${Name}`, { Name: { 'Fn::ImportValue': 'x' } }] }],
    ],
  ])('%s', (_name, value, expected) => {
    expect(clusterArns(value, view)).toEqual(expected);
  });
});

describe('task definition ARNs for ecs:RunTask (a revision, or every revision of the family)', () => {
  it.each<[string, Json, Json[]]>([
    ['an ARN with revision', 'arn:aws:ecs:eu-central-1:123456789012:task-definition/app:3', ['arn:aws:ecs:eu-central-1:123456789012:task-definition/app:3']],
    ['an ARN without revision', 'arn:aws:ecs:eu-central-1:123456789012:task-definition/app', ['arn:aws:ecs:eu-central-1:123456789012:task-definition/app:*']],
    ['family:revision', 'app:3', [{ 'Fn::Sub': `${PREFIX}:task-definition/app:3` }]],
    ['family', 'app', [{ 'Fn::Sub': `${PREFIX}:task-definition/app:*` }]],
    ['!Ref of a task definition (ARN with revision)', { Ref: 'TaskDef' }, [{ Ref: 'TaskDef' }]],
    ['a parameter holding a family', { Ref: 'Family' }, [{ 'Fn::Sub': [`${PREFIX}:task-definition/\${Family}:*`, { Family: { Ref: 'Family' } }] }]],
    ['a parameter holding family:revision', { Ref: 'FamilyRev' }, [{ 'Fn::Sub': [`${PREFIX}:task-definition/\${Family}`, { Family: { Ref: 'FamilyRev' } }] }]],
    ['a parameter holding an ARN without revision', { Ref: 'TdArn' }, [{ 'Fn::Sub': ['${Arn}:*', { Arn: { Ref: 'TdArn' } }] }]],
    ['a parameter without a known value (taken as an ARN)', { Ref: 'Unset' }, [{ Ref: 'Unset' }, { 'Fn::Sub': ['${Arn}:*', { Arn: { Ref: 'Unset' } }] }]],
  ])('%s', (_name, value, expected) => {
    expect(taskDefinitionArns(value, view)).toEqual(expected);
  });
});

describe('role ARNs for iam:PassRole', () => {
  it.each<[string, Json, Json]>([
    ['an ARN', 'arn:aws:iam::123456789012:role/path/task', 'arn:aws:iam::123456789012:role/path/task'],
    ['a name', 'task-role', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/task-role' }],
    ['!Ref of a role (its name)', { Ref: 'Role' }, { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!GetAtt Role.Arn', { 'Fn::GetAtt': ['Role', 'Arn'] }, { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['a parameter holding a name', { Ref: 'RoleName' }, { 'Fn::Sub': ['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Name}', { Name: { Ref: 'RoleName' } }] }],
  ])('%s', (_name, value, expected) => {
    expect(roleArn(value, view)).toEqual(expected);
  });
});
