/**
 * The state machine and, next to it, the IAM it needs (as CDK's `EcsRunTask` renders a task and its
 * policy side by side).
 *
 * The definition is a literal JSON document: no intrinsic inside it. Every template-dependent value
 * (cluster, task definition, subnets, partition) that is not a plain literal goes through
 * `DefinitionSubstitutions`, which CloudFormation resolves and Step Functions splices in textually.
 * User text (commands, environment) never does: it arrives in the execution input.
 */
import { getAtt, isIntrinsic, ref, sub, type Json, type JsonObject } from '../json';
import type { Plan } from '../plan';
import { oneOrMany, policyDocument, resource, serviceRole, tagList, type Resource } from './common';

/** Names of the states, part of what an operator sees in the console and in execution history. */
export const STATE_NAMES = {
  checkInput: 'CheckInput',
  invalidInput: 'InvalidInput',
  runTask: 'RunTask',
  runTaskWithEnvironment: 'RunTaskWithEnvironment',
} as const;

export const INVALID_INPUT_CAUSE =
  'The execution input must be {"commands": ["executable", "argument", ...]}, optionally with ' +
  '"environment": [{"Name": "KEY", "Value": "value"}, ...].';

/** Collects `DefinitionSubstitutions`: literals stay inline, everything else becomes `${Name}`. */
class Substitutions {
  readonly values: Record<string, Json> = {};

  scalar(name: string, value: Json): Json {
    if (typeof value === 'string') return value;
    this.values[name] = value;
    return `\${${name}}`;
  }

  /** A list splices in as `["${Name}"]` with the elements joined by `","` (the AWS Copilot technique). */
  list(name: string, value: Json): Json {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    this.values[name] = { 'Fn::Join': ['","', value] };
    return [`\${${name}}`];
  }
}

export interface RenderedDefinition {
  readonly definition: JsonObject;
  readonly substitutions: Readonly<Record<string, Json>>;
}

export function renderDefinition(plan: Plan): RenderedDefinition {
  const subs = new Substitutions();
  // cfn-lint accepts a Task Resource that is a literal arn:aws: ARN or one whole placeholder; a whole
  // placeholder keeps the ARN partition-correct (aws-cn, aws-us-gov).
  subs.values['RunTaskResource'] = sub('arn:${AWS::Partition}:states:::ecs:runTask.sync');
  const network = plan.network;
  const parameters = (withEnvironment: boolean): JsonObject => ({
    Cluster: subs.scalar('Cluster', plan.cluster),
    TaskDefinition: subs.scalar('TaskDefinition', plan.taskDefinition),
    LaunchType: subs.scalar('LaunchType', plan.launchType),
    ...(plan.platformVersion !== undefined ? { PlatformVersion: subs.scalar('PlatformVersion', plan.platformVersion) } : {}),
    ...(network
      ? {
          NetworkConfiguration: {
            AwsvpcConfiguration: {
              Subnets: subs.list('Subnets', network.subnets),
              ...(network.securityGroups !== undefined ? { SecurityGroups: subs.list('SecurityGroups', network.securityGroups) } : {}),
              ...(network.assignPublicIp !== undefined ? { AssignPublicIp: subs.scalar('AssignPublicIp', network.assignPublicIp) } : {}),
            },
          },
        }
      : {}),
    Overrides: {
      ContainerOverrides: [
        {
          Name: subs.scalar('ContainerName', plan.containerName),
          'Command.$': '$.commands',
          ...(withEnvironment ? { 'Environment.$': '$.environment' } : {}),
        },
      ],
    },
  });
  const runTask = (withEnvironment: boolean): JsonObject => ({
    Type: 'Task',
    Comment: 'Runs the task and waits until it stops; a non-zero exit code of an essential container fails the run',
    Resource: '${RunTaskResource}',
    Parameters: parameters(withEnvironment),
    End: true,
  });
  const definition: JsonObject = {
    Comment: `EcsBatchScheduler ${plan.shorthandId}: runs the execution input's command as an ECS task`,
    StartAt: STATE_NAMES.checkInput,
    States: {
      [STATE_NAMES.checkInput]: {
        Type: 'Choice',
        Comment: 'A run started by hand with the wrong input fails here, with a message saying what is expected',
        Choices: [
          {
            And: [
              { Variable: '$.commands', IsPresent: true },
              { Variable: '$.environment', IsPresent: true },
            ],
            Next: STATE_NAMES.runTaskWithEnvironment,
          },
          { Variable: '$.commands', IsPresent: true, Next: STATE_NAMES.runTask },
        ],
        Default: STATE_NAMES.invalidInput,
      },
      [STATE_NAMES.invalidInput]: { Type: 'Fail', Error: 'InvalidInput', Cause: INVALID_INPUT_CAUSE },
      [STATE_NAMES.runTask]: runTask(false),
      [STATE_NAMES.runTaskWithEnvironment]: runTask(true),
    },
  };
  return { definition, substitutions: subs.values };
}

/**
 * The state machine's role: exactly what `ecs:runTask.sync` needs for this task definition in this
 * cluster, and nothing else.
 */
export function renderStateMachineRole(plan: Plan): Resource {
  const clusterCondition = { ArnEquals: { 'ecs:cluster': oneOrMany(plan.clusterArns) } };
  const passRoles = plan.passRoleArns;
  const hasPassRoles = isIntrinsic(passRoles) || (Array.isArray(passRoles) && passRoles.length > 0);
  const statements: Json[] = [
    {
      Sid: 'RunTask',
      Effect: 'Allow',
      Action: 'ecs:RunTask',
      Resource: oneOrMany(plan.runTaskResources),
      Condition: clusterCondition,
    },
    {
      // Step Functions polls and, when an execution is stopped, stops the task it started. Task IDs are
      // not known in advance; the cluster condition keeps this to tasks of this cluster.
      Sid: 'TrackTask',
      Effect: 'Allow',
      Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
      Resource: '*',
      Condition: clusterCondition,
    },
    {
      // `.sync` learns that the task stopped through this EventBridge rule, which Step Functions manages
      // in the account on the role's behalf.
      Sid: 'SyncManagedRule',
      Effect: 'Allow',
      Action: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'],
      Resource: sub('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule'),
    },
  ];
  if (hasPassRoles) {
    statements.push({
      Sid: 'PassTaskRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: Array.isArray(passRoles) ? oneOrMany(passRoles) : passRoles,
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
  }
  if (plan.logging) {
    statements.push({
      // Log delivery for Step Functions is configured through these account-level APIs, which have no
      // resource-level permissions: "*" is the only valid resource.
      Sid: 'LogDelivery',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:UpdateLogDelivery',
      ],
      Resource: '*',
    });
    if (plan.stateMachineKmsKeyArn !== undefined) {
      statements.push({
        // With a customer managed key, Step Functions encrypts what it hands to CloudWatch Logs' delivery
        // with that key; the encryption context is this literal account-wide logs ARN. In this policy (not
        // in <Id>KeyPolicy) so that it is in place before the state machine and its logging are created.
        Sid: 'LogDeliveryKey',
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Resource: plan.stateMachineKmsKeyArn,
        Condition: { StringEquals: { 'kms:EncryptionContext:SourceArn': sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*') } },
      });
    }
  }
  return serviceRole(plan, {
    service: 'states.amazonaws.com',
    // No aws:SourceArn: the state machine refers to this role (RoleArn), so the role cannot name it.
    description: `Runs the ECS task of ${plan.shorthandId} (EcsBatchScheduler)`,
    policies: [{ PolicyName: 'RunEcsTask', Statement: statements }],
  });
}

/**
 * With a customer managed key: the state machine's role may use the key for this state machine's data
 * only (Step Functions puts the state machine ARN in the encryption context). A role policy of its own:
 * naming the state machine inside the role would be a cycle. The rules wait for it (see renderRule).
 */
export function renderStateMachineKeyPolicy(plan: Plan): Resource | undefined {
  const key = plan.stateMachineKmsKeyArn;
  if (key === undefined) return undefined;
  const statements: Json[] = [
    {
      Sid: 'StateMachineData',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: key,
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': ref(plan.ids.stateMachine) } },
    },
  ];
  return resource(
    'AWS::IAM::RolePolicy',
    { RoleName: ref(plan.ids.stateMachineRole), PolicyName: 'UseStateMachineKey', PolicyDocument: policyDocument(statements) },
    plan.attributes,
  );
}

export function renderStateMachine(plan: Plan): Resource {
  const { definition, substitutions } = renderDefinition(plan);
  return resource(
    'AWS::StepFunctions::StateMachine',
    {
      // `.sync` service integrations exist only in Standard workflows.
      StateMachineType: 'STANDARD',
      RoleArn: getAtt(plan.ids.stateMachineRole, 'Arn'),
      Definition: definition,
      DefinitionSubstitutions: substitutions,
      ...(plan.logging
        ? {
            LoggingConfiguration: {
              Level: plan.logging.level,
              // Execution data holds the commands and environment values: kept out of the logs unless asked.
              IncludeExecutionData: plan.logging.includeExecutionData,
              Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(plan.ids.logGroup, 'Arn') } }],
            },
          }
        : {}),
      ...(plan.stateMachineKmsKeyArn !== undefined
        ? {
            EncryptionConfiguration: {
              Type: 'CUSTOMER_MANAGED_KMS_KEY',
              KmsKeyId: plan.stateMachineKmsKeyArn,
              // Step Functions' default: a new data key (a kms:GenerateDataKey call) every 5 minutes at most.
              KmsDataKeyReusePeriodSeconds: 300,
            },
          }
        : {}),
      ...tagList(plan),
    },
    plan.attributes,
    true,
  );
}

export function renderLogGroup(plan: Plan): Resource | undefined {
  if (!plan.logging) return undefined;
  // /aws/vendedlogs/ names keep the account's CloudWatch Logs resource policy from growing (5,120-character
  // limit); the stack name plus the first block of the stack's GUID cannot collide between stacks, not even
  // with a retained log group of a deleted stack of the same name.
  const stackGuidPrefix = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', ref('AWS::StackId')] }] }] }] };
  return resource(
    'AWS::Logs::LogGroup',
    {
      LogGroupName: sub(`/aws/vendedlogs/states/\${AWS::StackName}-${plan.shorthandId}-\${StackGuidPrefix}`, { StackGuidPrefix: stackGuidPrefix }),
      ...(plan.logging.retentionInDays !== undefined ? { RetentionInDays: plan.logging.retentionInDays } : {}),
      // The key policy must let logs.<region>.amazonaws.com use the key: the key owner's part (README).
      ...(plan.logging.kmsKeyArn !== undefined ? { KmsKeyId: plan.logging.kmsKeyArn } : {}),
      ...tagList(plan),
    },
    plan.attributes,
  );
}
