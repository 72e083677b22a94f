/**
 * The state machine resource and its role. The states themselves are rendered in `run/`, one file per part
 * of a run, each beside the IAM statements its states need (as CDK's `EcsRunTask` renders a task and its
 * policy side by side); this file assembles the role from those parts, plus logging and encryption.
 *
 * The definition is a literal JSON document: no intrinsic inside it. Every template-dependent value
 * (cluster, task definition, subnets, partition) that is not a plain literal goes through
 * `DefinitionSubstitutions`, which CloudFormation resolves and Step Functions splices in textually.
 * User text (commands, environment) never does: it arrives in the execution input.
 */
import { getAtt, ref, sub, type Json } from '../json';
import type { Plan } from '../plan';
import { policyDocument, resource, serviceRole, tagList, type Resource } from './common';
import { renderDefinition } from './run/definition';
import { failureStatements } from './run/failureHandling';
import { overlapGuardStatements } from './run/overlapGuard';
import { recordSuccessStatements } from './run/recordSuccess';
import { stepRunnerStatements } from './run/stepRunner';

/**
 * The state machine's role: exactly what `ecs:runTask.sync` needs for this task definition in this
 * cluster, and nothing else.
 */
export function renderStateMachineRole(plan: Plan): Resource {
  // Each part of a run brings the IAM it needs; the overlap guard's is in <Id>OverlapPolicy (see there).
  const statements: Json[] = [...stepRunnerStatements(plan), ...recordSuccessStatements(plan), ...failureStatements(plan)];
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

/**
 * With `AllowOverlap: false` the state machine lists and describes its own running executions. Those
 * statements name the state machine, which names the role: in the role itself they would be a circular
 * dependency, so they live in a policy attached to the role.
 */
export function renderOverlapPolicy(plan: Plan): Resource | undefined {
  if (plan.allowOverlap) return undefined;
  const statements = overlapGuardStatements(plan);
  return resource(
    'AWS::IAM::RolePolicy',
    { RoleName: ref(plan.ids.stateMachineRole), PolicyName: 'FindOverlappingRuns', PolicyDocument: policyDocument(statements) },
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
      // The key policy must let logs.<region>.amazonaws.com use the key: the key owner's part (docs/security.md).
      ...(plan.logging.kmsKeyArn !== undefined ? { KmsKeyId: plan.logging.kmsKeyArn } : {}),
      ...tagList(plan),
    },
    plan.attributes,
  );
}
