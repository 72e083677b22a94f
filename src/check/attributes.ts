/**
 * The resource attributes of a shorthand (everything beside `Properties`): which are allowed, and what
 * they may hold. The valid ones pass through to the generated resources.
 */
import type { TemplateView } from '../arns';
import { isIntrinsic, isObject, type Json, type JsonObject } from '../json';
import { knownParameterValue } from '../parameters';
import { show } from '../schema';
import type { Report } from './issues';
import { checkReferences } from './references';

/** Resource attributes of the shorthand and what becomes of them. */
export interface PassThroughAttributes {
  /** Copied to every generated resource. */
  readonly Condition?: string;
  /** Copied to every generated resource (an intrinsic is left for AWS::LanguageExtensions to resolve). */
  readonly DeletionPolicy?: Json;
  /** Copied to every generated resource (an intrinsic is left for AWS::LanguageExtensions to resolve). */
  readonly UpdateReplacePolicy?: Json;
  /** Given to the state machine, which keeps the shorthand's logical ID. */
  readonly DependsOn?: string | readonly string[];
  /** Given to the state machine. */
  readonly Metadata?: JsonObject;
}

const RESOURCE_ATTRIBUTES = ['Type', 'Properties', 'Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata'];
/** What every generated resource type takes (Snapshot applies to storage resources only). */
const POLICIES = { DeletionPolicy: ['Delete', 'Retain', 'RetainExceptOnCreate'], UpdateReplacePolicy: ['Delete', 'Retain'] } as const;

/** Validates the resource attributes of a shorthand (everything beside `Properties`). */
export function checkAttributes(logicalId: string, resource: JsonObject, template: JsonObject, view: TemplateView, at: Report): PassThroughAttributes {
  for (const key of Object.keys(resource)) {
    if (!RESOURCE_ATTRIBUTES.includes(key)) {
      at(key, `is not supported on Custom::BatchCommandSchedule; allowed resource attributes: ${RESOURCE_ATTRIBUTES.join(', ')}`);
    }
  }
  const attributes: { -readonly [K in keyof PassThroughAttributes]: PassThroughAttributes[K] } = {};
  const condition = resource['Condition'];
  if (condition !== undefined) {
    const conditions = template['Conditions'];
    if (typeof condition !== 'string') at('Condition', `${show(condition)} is not valid: expected the name of a condition`);
    else if (!isObject(conditions) || !Object.hasOwn(conditions, condition)) at('Condition', `"${condition}" is not defined in the template's Conditions`);
    else attributes.Condition = condition;
  }
  for (const name of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
    const value = resource[name];
    if (value === undefined) continue;
    const allowed: readonly string[] = POLICIES[name];
    const expected = `expected one of ${allowed.map((p) => `"${p}"`).join(', ')} (applied to every generated resource)`;
    // With AWS::LanguageExtensions listed after this macro, a policy may still be an intrinsic: it is
    // copied as written, and checked when its value is known.
    const known = isIntrinsic(value) ? knownParameterValue(value, view) : value;
    if (isIntrinsic(value)) {
      checkReferences(logicalId, value, name, view, at);
      if (typeof known === 'string' && !allowed.includes(known)) at(name, `${show(value)} is ${show(known)}, which is not valid: ${expected}`);
      else attributes[name] = value;
    } else if (typeof value === 'string' && allowed.includes(value)) attributes[name] = value;
    else at(name, `${show(value)} is not valid: ${expected}`);
  }
  const dependsOn = resource['DependsOn'];
  if (dependsOn !== undefined) {
    const list = typeof dependsOn === 'string' ? [dependsOn] : dependsOn;
    if (!Array.isArray(list) || !list.every((d): d is string => typeof d === 'string')) {
      at('DependsOn', `${show(dependsOn)} is not valid: expected a logical ID or a list of logical IDs`);
    } else {
      for (const target of list) {
        const unknown = !Object.hasOwn(view.resources, target) && !view.resourcesIncomplete;
        if (unknown || target === logicalId) at('DependsOn', `"${target}" is not another resource of this template`);
      }
      attributes.DependsOn = dependsOn as string | string[];
    }
  }
  const metadata = resource['Metadata'];
  if (metadata !== undefined) {
    if (isObject(metadata)) {
      // CloudFormation resolves intrinsics in Metadata too (AWS::CloudFormation::Init relies on it).
      checkReferences(logicalId, metadata, 'Metadata', view, at);
      attributes.Metadata = metadata;
    }
    else at('Metadata', `${show(metadata)} is not valid: expected a map`);
  }
  return attributes;
}
