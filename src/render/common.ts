import type { Json, JsonObject } from '../json';
import type { PassThroughAttributes, Plan } from '../plan';

/** A CloudFormation resource as the renderers build it. */
export interface Resource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: string | readonly string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
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

/** A trust policy for an AWS service, with confused-deputy protection: only this account's resources. */
export function serviceTrust(service: string): JsonObject {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ],
  };
}

/** One value, or the list when there are several (IAM takes both; one reads better). */
export function oneOrMany(values: readonly Json[]): Json {
  return values.length === 1 ? (values[0] as Json) : values;
}
