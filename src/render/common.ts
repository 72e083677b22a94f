import type { Json, JsonObject } from '../json';
import type { PassThroughAttributes, Plan } from '../plan';

/** A CloudFormation resource as the renderers build it. */
export interface Resource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: string | readonly string[];
  readonly DeletionPolicy?: Json;
  readonly UpdateReplacePolicy?: Json;
  readonly Metadata?: JsonObject;
  readonly Properties: JsonObject;
}

/**
 * Wraps properties in a resource carrying the shorthand's `Condition`, `DeletionPolicy` and
 * `UpdateReplacePolicy` (every generated resource) and, for the primary resource only, its `DependsOn`
 * and `Metadata`.
 */
export function resource(type: string, properties: JsonObject, attributes: PassThroughAttributes, primary = false): Resource {
  return {
    Type: type,
    ...(attributes.Condition !== undefined ? { Condition: attributes.Condition } : {}),
    ...(primary && attributes.DependsOn !== undefined ? { DependsOn: attributes.DependsOn } : {}),
    ...(attributes.DeletionPolicy !== undefined ? { DeletionPolicy: attributes.DeletionPolicy } : {}),
    ...(attributes.UpdateReplacePolicy !== undefined ? { UpdateReplacePolicy: attributes.UpdateReplacePolicy } : {}),
    ...(primary && attributes.Metadata !== undefined ? { Metadata: attributes.Metadata } : {}),
    Properties: properties,
  };
}

/** `Tags` as the list of `{Key, Value}` that IAM, Logs, Step Functions and EventBridge take; absent when none. */
export function tagList(plan: Plan): JsonObject {
  return plan.tags.length > 0 ? { Tags: plan.tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {};
}

/**
 * A trust policy for an AWS service, with confused-deputy protection: only this account's resources may
 * make the service assume the role (`aws:SourceAccount`). `aws:SourceArn` is added where the caller knows
 * the source ARN without a dependency cycle (see docs/security.md for why the generated
 * roles cannot: each source resource refers to its role).
 */
function serviceTrust(service: string, sourceArn?: Json): JsonObject {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ...(sourceArn !== undefined ? { ArnEquals: { 'aws:SourceArn': sourceArn } } : {}),
        },
      },
    ],
  };
}

/** An inline policy of a generated role. */
interface InlinePolicy {
  readonly PolicyName: string;
  readonly Statement: readonly Json[];
}

export function policyDocument(statements: readonly Json[]): JsonObject {
  return { Version: '2012-10-17', Statement: [...statements] };
}

/** What differs between the generated roles; everything else is applied alike by {@link serviceRole}. */
interface ServiceRoleSpec {
  /** The service principal that assumes the role, e.g. `states.amazonaws.com`. */
  readonly service: string;
  /** Known source ARN for the trust policy, only where referring to it causes no dependency cycle. */
  readonly sourceArn?: Json;
  readonly description: Json;
  readonly policies: readonly InlinePolicy[];
}

/**
 * Every `AWS::IAM::Role` the macro generates is built here, so that each one, including roles added
 * later, gets the same hardening: a service trust with confused-deputy conditions, the user's
 * `PermissionsBoundary`, the tags and the shorthand's resource attributes.
 */
export function serviceRole(plan: Plan, spec: ServiceRoleSpec): Resource {
  return resource(
    'AWS::IAM::Role',
    {
      Description: spec.description,
      AssumeRolePolicyDocument: serviceTrust(spec.service, spec.sourceArn),
      ...(plan.permissionsBoundary !== undefined ? { PermissionsBoundary: plan.permissionsBoundary } : {}),
      Policies: spec.policies.map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: policyDocument(p.Statement) })),
      ...tagList(plan),
    },
    plan.attributes,
  );
}

/** One value, or the list when there are several (IAM takes both; one reads better). */
export function oneOrMany(values: readonly Json[]): Json {
  return values.length === 1 ? (values[0] as Json) : values;
}
