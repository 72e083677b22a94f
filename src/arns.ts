/**
 * Turning the user's cluster, task definition and role values (names, ARNs, references, parameters) into
 * the ARNs IAM needs. IAM matches ARNs only: a cluster *name* in a condition or a task definition ARN
 * without a revision in a Resource silently denies the run (AccessDenied at 3 a.m.), so every form is
 * normalised here, and an intrinsic is never resolved, only wrapped.
 */
import { getAtt, getAttTarget, isObject, refTarget, sub, type Json, type JsonObject } from './json';

/** What the macro can know about a value at transform time. */
type ValueSource =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'resource'; readonly logicalId: string; readonly type: string; readonly attribute?: string }
  | { readonly kind: 'parameter'; readonly name: string; readonly value?: string }
  | { readonly kind: 'unknown' };

export interface TemplateView {
  /** Resources of the incoming fragment, by logical ID. */
  readonly resources: JsonObject;
  /** Parameter declarations of the incoming fragment. */
  readonly parameters: JsonObject;
  /** Evaluated parameter values CloudFormation sent with the request. */
  readonly parameterValues: Readonly<Record<string, unknown>>;
  /**
   * True while `Fn::ForEach::…` keys are still unexpanded (AWS::LanguageExtensions listed after this
   * macro): resources they will generate cannot be seen, so an unknown reference is not an error.
   */
  readonly resourcesIncomplete: boolean;
  /** The template's Mappings (for `Fn::FindInMap` values the macro must know, e.g. task sizes). */
  readonly mappings?: JsonObject;
}

const LIST_PARAMETER = /^(CommaDelimitedList|List<.+>|AWS::SSM::Parameter::Value<(CommaDelimitedList|List<.+>)>)$/;

/** Whether `name` is a parameter of a list type (`CommaDelimitedList`, `List<…>`, SSM lists). */
export function isListParameter(name: string, view: TemplateView): boolean {
  if (!Object.hasOwn(view.parameters, name)) return false;
  const declaration = view.parameters[name];
  const type = isObject(declaration) ? declaration['Type'] : undefined;
  return typeof type === 'string' && LIST_PARAMETER.test(type);
}

/**
 * Whether an intrinsic certainly yields a single string (so a list-valued property needs it wrapped in
 * a list): a reference to a resource or to a non-list parameter, an attribute, Sub, Join, Select,
 * ImportValue, Base64. Split, If, FindInMap, GetAZs and list parameters may yield lists.
 */
export function yieldsSingleString(value: Json, view: TemplateView): boolean {
  const target = refTarget(value);
  if (target !== undefined) {
    if (target === 'AWS::NotificationARNs') return false;
    if (target.startsWith('AWS::')) return true;
    if (Object.hasOwn(view.parameters, target)) return !isListParameter(target, view);
    return Object.hasOwn(view.resources, target);
  }
  if (!isObject(value)) return false;
  const [fn] = Object.keys(value);
  return ['Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::ImportValue', 'Fn::Base64'].includes(fn ?? '');
}

export function resourceType(view: TemplateView, logicalId: string): string | undefined {
  if (!Object.hasOwn(view.resources, logicalId)) return undefined;
  const resource = view.resources[logicalId];
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) return undefined;
  const type = (resource as JsonObject)['Type'];
  return typeof type === 'string' ? type : undefined;
}

export function sourceOf(value: Json, view: TemplateView): ValueSource {
  if (typeof value === 'string') return { kind: 'literal', text: value };
  const refId = refTarget(value);
  if (refId !== undefined) {
    const type = resourceType(view, refId);
    if (type !== undefined) return { kind: 'resource', logicalId: refId, type };
    if (Object.hasOwn(view.parameters, refId)) {
      const known = view.parameterValues[refId];
      return typeof known === 'string' ? { kind: 'parameter', name: refId, value: known } : { kind: 'parameter', name: refId };
    }
    return { kind: 'unknown' };
  }
  const att = getAttTarget(value);
  if (att !== undefined) {
    const type = resourceType(view, att[0]);
    if (type !== undefined) return { kind: 'resource', logicalId: att[0], type, attribute: att[1] };
  }
  return { kind: 'unknown' };
}

/** Resources whose Ref and attributes are whatever their template or provider makes them. */
export function opaque(type: string): boolean {
  return type === 'AWS::CloudFormation::Stack' || type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::');
}

/**
 * Why a reference cannot give the value a property needs, if it cannot. Resource types are checked only
 * where the macro knows what a reference yields: the expected type (by Ref or one of `attributes`), an
 * `AWS::SSM::Parameter` (its `Value`; its Ref is its name), another resource of the same service, and the
 * Ref of any other AWS resource (a name or ID of something else). Any attribute of any other resource, a
 * nested stack's `Outputs.X` and whatever a custom resource returns are strings the macro cannot see, and
 * are accepted.
 */
export function sourceProblem(source: ValueSource, expected: string, attributes: readonly string[], expectation = `an ${expected}`): string | undefined {
  if (source.kind !== 'resource') return undefined;
  const { logicalId, type, attribute } = source;
  if (type === expected) {
    if (attribute === undefined || attributes.includes(attribute)) return undefined;
    return `refers to ${logicalId}.${attribute}, a ${type}: expected ${expectation}`;
  }
  if (type === 'AWS::SSM::Parameter') {
    return attribute === 'Value' ? undefined : `refers to ${logicalId}${attribute === undefined ? '' : `.${attribute}`}, an AWS::SSM::Parameter: its Ref is the parameter's name, so write !GetAtt ${logicalId}.Value for its value`;
  }
  if (opaque(type)) return undefined;
  // The ARN of another kind of resource is certainly wrong; other attributes are strings the macro cannot judge.
  const service = (t: string): string => t.split('::').slice(0, 2).join('::');
  if (attribute !== undefined && !attribute.endsWith('Arn') && service(type) !== service(expected)) return undefined;
  return `refers to ${logicalId}${attribute === undefined ? '' : `.${attribute}`}, a ${type}: expected ${expectation}`;
}

const PARTITION_REGION_ACCOUNT = 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}';

export const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/;
export const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
export const TASK_DEFINITION_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}(:[1-9]\d*)?$/;
export const TASK_DEFINITION_FAMILY = /^[A-Za-z0-9_-]{1,255}(:[1-9]\d*)?$/;
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * The values the `ecs:cluster` condition may take. A name is turned into this account's ARN; an
 * intrinsic that may resolve to either a name or an ARN (an export, a mapping) yields both candidates:
 * whichever form it takes, exactly one of them is the cluster's ARN and the other matches nothing.
 */
export function clusterArns(value: Json, view: TemplateView): Json[] {
  const source = sourceOf(value, view);
  const fromName = (name: Json): Json => sub(`${PARTITION_REGION_ACCOUNT}:cluster/\${Name}`, { Name: name });
  switch (source.kind) {
    case 'literal':
      return [CLUSTER_ARN.test(source.text) ? source.text : sub(`${PARTITION_REGION_ACCOUNT}:cluster/${source.text}`)];
    case 'resource':
      // Ref of an AWS::ECS::Cluster is its name; its Arn attribute is what IAM compares. Other resources
      // (a nested stack's output, a custom resource) may yield either.
      if (source.type !== 'AWS::ECS::Cluster') return [value, fromName(value)];
      return [source.attribute === 'Arn' ? value : getAtt(source.logicalId, 'Arn')];
    case 'parameter':
      if (source.value !== undefined) return [CLUSTER_ARN.test(source.value) ? value : fromName(value)];
      return [value, fromName(value)];
    case 'unknown':
      return [value, fromName(value)];
  }
}

/**
 * The `ecs:RunTask` resources for the task definition. IAM requires the revision in the ARN: a task
 * definition given by family (or an ARN without revision) runs its latest ACTIVE revision, so the
 * policy allows `family:*` — every revision of that family and nothing else.
 */
export function taskDefinitionArns(value: Json, view: TemplateView): Json[] {
  const source = sourceOf(value, view);
  const hasRevision = (text: string): boolean => /:\d+$/.test(text);
  switch (source.kind) {
    case 'literal': {
      const text = source.text;
      if (TASK_DEFINITION_ARN.test(text)) return [hasRevision(text) ? text : `${text}:*`];
      return [sub(`${PARTITION_REGION_ACCOUNT}:task-definition/${text}${hasRevision(text) ? '' : ':*'}`)];
    }
    case 'resource':
      // Ref and the TaskDefinitionArn attribute of AWS::ECS::TaskDefinition are the ARN with revision;
      // another resource's value (a nested stack's output) must be an ARN, with or without revision.
      return source.type === 'AWS::ECS::TaskDefinition' ? [value] : [value, sub('${Arn}:*', { Arn: value })];
    case 'parameter': {
      const known = source.value;
      if (known === undefined) return [value, sub('${Arn}:*', { Arn: value })];
      const suffix = hasRevision(known) ? '' : ':*';
      if (TASK_DEFINITION_ARN.test(known)) return [suffix === '' ? value : sub('${Arn}:*', { Arn: value })];
      return [sub(`${PARTITION_REGION_ACCOUNT}:task-definition/\${Family}${suffix}`, { Family: value })];
    }
    case 'unknown':
      // Documented: such a value must resolve to an ARN. With or without revision, one of these matches.
      return [value, sub('${Arn}:*', { Arn: value })];
  }
}

/** The ARN of a role given as ARN, name, `!Ref` of an `AWS::IAM::Role` (its name) or `!GetAtt Role.Arn`. */
export function roleArn(value: Json, view: TemplateView): Json {
  // Each branch of an Fn::If is converted on its own (AWS::NoValue stays: CloudFormation drops it).
  if (isObject(value) && Object.keys(value).length === 1 && Array.isArray(value['Fn::If']) && value['Fn::If'].length === 3) {
    const [condition, yes, no] = value['Fn::If'] as readonly Json[];
    const branch = (b: Json): Json => (refTarget(b) === 'AWS::NoValue' ? b : roleArn(b, view));
    return { 'Fn::If': [condition as Json, branch(yes as Json), branch(no as Json)] };
  }
  const source = sourceOf(value, view);
  const fromName = (name: Json): Json => sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Name}', { Name: name });
  switch (source.kind) {
    case 'literal':
      return ROLE_ARN.test(source.text) ? source.text : sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${source.text}`);
    case 'resource':
      return source.type === 'AWS::IAM::Role' && source.attribute === undefined ? getAtt(source.logicalId, 'Arn') : value;
    case 'parameter':
      return source.value !== undefined && !ROLE_ARN.test(source.value) ? fromName(value) : value;
    case 'unknown':
      return value;
  }
}

