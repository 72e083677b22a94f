/**
 * A small CloudFormation intrinsic evaluator for tests: resolves Ref, Fn::GetAtt, Fn::Sub, Fn::Join,
 * Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::FindInMap and Fn::ImportValue to concrete values for an example account, so that
 * generated definitions, inputs and policies can be executed and evaluated by independent tools.
 */
import type { Json, JsonObject } from '../../src/json';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';
export const STACK_NAME = 'jobs';
export const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK_NAME}/1b2c3d4e-aaaa-bbbb-cccc-0123456789ab`;

export interface Env {
  readonly template: JsonObject;
  readonly parameters: Readonly<Record<string, Json>>;
  /** Values of attributes the example account cannot model (`"Id.Attribute"`: a nested stack's output, a custom resource's value). */
  readonly attributes?: Readonly<Record<string, Json>>;
  /** Values of exports (`Fn::ImportValue`); default `<name>-value`. */
  readonly exports?: Readonly<Record<string, Json>>;
}

/** The template's resources, with simple `Fn::ForEach` loops (AWS::LanguageExtensions) unrolled. */
function resources(env: Env): JsonObject {
  const out: Record<string, Json> = {};
  for (const [id, resource] of Object.entries((env.template['Resources'] ?? {}) as JsonObject)) {
    if (!id.startsWith('Fn::ForEach::')) {
      out[id] = resource;
      continue;
    }
    const [identifier, values, body] = resource as [string, string[], JsonObject];
    for (const value of values) {
      for (const [key, generated] of Object.entries(body)) out[key.replace(`\${${identifier}}`, value)] = generated;
    }
  }
  return out;
}

function typeOf(env: Env, id: string): string {
  const r = resources(env)[id] as JsonObject | undefined;
  if (r === undefined) throw new Error(`no resource ${id}`);
  return r['Type'] as string;
}

/** What `Ref` returns for each resource type used in our templates. */
function refOf(env: Env, id: string): Json {
  if (id === 'AWS::AccountId') return ACCOUNT;
  if (id === 'AWS::Region') return REGION;
  if (id === 'AWS::Partition') return 'aws';
  if (id === 'AWS::StackName') return STACK_NAME;
  if (id === 'AWS::StackId') return STACK_ID;
  if (id === 'AWS::URLSuffix') return 'amazonaws.com';
  if (id in env.parameters) return env.parameters[id] as Json;
  switch (typeOf(env, id)) {
    case 'AWS::ECS::Cluster':
      return `${id.toLowerCase()}-cluster`;
    case 'AWS::ECS::TaskDefinition':
      return `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${STACK_NAME}-${id.toLowerCase()}:7`;
    case 'AWS::IAM::Role':
      return `${STACK_NAME}-${id}-ABC123`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${id}-XYZ`;
    case 'AWS::KMS::Key':
      return `${id.toLowerCase()}-0000-1111-2222-333344445555`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${REGION}:${ACCOUNT}:${STACK_NAME}-${id}`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${STACK_NAME}-${id}-PHYSICAL`;
    default:
      return `${STACK_NAME}-${id}-PHYSICAL`;
  }
}

function getAttOf(env: Env, id: string, attribute: string): Json {
  const given = env.attributes?.[`${id}.${attribute}`];
  if (given !== undefined) return given;
  const type = typeOf(env, id);
  if (type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:aws:iam::${ACCOUNT}:role/${refOf(env, id) as string}`;
  if (type === 'AWS::ECS::Cluster' && attribute === 'Arn') return `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${refOf(env, id) as string}`;
  if (type === 'AWS::ECS::TaskDefinition' && attribute === 'TaskDefinitionArn') return refOf(env, id);
  if (type === 'AWS::StepFunctions::StateMachine' && attribute === 'Arn') return refOf(env, id);
  if (type === 'AWS::StepFunctions::StateMachine' && attribute === 'Name') return `${id}-XYZ`;
  if (type === 'AWS::KMS::Key' && attribute === 'Arn') return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${refOf(env, id) as string}`;
  if (type === 'AWS::Logs::LogGroup' && attribute === 'Arn') return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${id}:*`;
  if (type === 'AWS::SQS::Queue' && attribute === 'QueueName') return `${STACK_NAME}-${id}-PHYSICAL`;
  if (type === 'AWS::SQS::Queue' && attribute === 'Arn') return `arn:aws:sqs:${REGION}:${ACCOUNT}:${STACK_NAME}-${id}-PHYSICAL`;
  if (type === 'AWS::Events::Rule' && attribute === 'Arn') return `arn:aws:events:${REGION}:${ACCOUNT}:rule/${STACK_NAME}-${id}-PHYSICAL`;
  // Any other attribute (a nested stack's output, a custom resource's value): an example value.
  return `${STACK_NAME}-${id}-${attribute.replace(/\./g, '-')}`;
}

function subText(env: Env, text: string, vars: Readonly<Record<string, Json>>): string {
  return text.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) => {
    if (bang === '!') return `\${${name}}`;
    if (name in vars) return String(vars[name]);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return String(getAttOf(env, name.slice(0, dot), name.slice(dot + 1)));
    return String(refOf(env, name));
  });
}

export function resolve(env: Env, value: Json): Json {
  if (Array.isArray(value)) return (value as readonly Json[]).map((v) => resolve(env, v)).filter((v) => v !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as JsonObject;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const key = keys[0] as string;
    const arg = obj[key] as Json;
    switch (key) {
      case 'Ref':
        return arg === 'AWS::NoValue' ? NO_VALUE : refOf(env, arg as string);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? (arg as string[]) : (arg as string).split('.');
        return getAttOf(env, id as string, attribute as string);
      }
      case 'Fn::Sub': {
        if (typeof arg === 'string') return subText(env, arg, {});
        const [text, vars] = arg as [string, JsonObject];
        const resolvedVars: Record<string, Json> = {};
        for (const [k, v] of Object.entries(vars)) resolvedVars[k] = resolve(env, v);
        return subText(env, text, resolvedVars);
      }
      case 'Fn::Join': {
        const [sep, list] = arg as [string, Json];
        return (resolve(env, list) as Json[]).map(String).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [Json, Json];
        return (resolve(env, list) as Json[])[Number(resolve(env, index))] as Json;
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, Json];
        return String(resolve(env, text)).split(sep);
      }
      case 'Fn::ImportValue': {
        // Exports of other stacks: the example account exports each name as `<name>-value`.
        const name = resolve(env, arg) as string;
        return env.exports?.[name] ?? `${name}-value`;
      }
      case 'Fn::ToJsonString':
        // AWS::LanguageExtensions: the compact JSON text of the resolved value.
        return JSON.stringify(resolve(env, arg));
      case 'Fn::FindInMap': {
        const [map, top, second] = (arg as Json[]).map((a) => resolve(env, a)) as [string, string, string];
        const mappings = (env.template['Mappings'] ?? {}) as Record<string, Record<string, Record<string, Json>>>;
        return mappings[map]?.[top]?.[second] as Json;
      }
      case 'Fn::If': {
        const [condition, yes, no] = arg as [string, Json, Json];
        return resolve(env, evaluateCondition(env, condition) ? yes : no);
      }
      default:
        break;
    }
  }
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(obj)) {
    const r = resolve(env, v);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

const NO_VALUE = '\u0000AWS::NoValue';

export function evaluateCondition(env: Env, name: string): boolean {
  const conditions = (env.template['Conditions'] ?? {}) as JsonObject;
  return evaluate(env, conditions[name] as Json);
}

function evaluate(env: Env, expression: Json): boolean {
  const obj = expression as JsonObject;
  if ('Fn::Equals' in obj) {
    const [a, b] = (obj['Fn::Equals'] as Json[]).map((v) => resolve(env, v));
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if ('Fn::Not' in obj) return !evaluate(env, (obj['Fn::Not'] as Json[])[0] as Json);
  if ('Fn::And' in obj) return (obj['Fn::And'] as Json[]).every((e) => evaluate(env, e));
  if ('Fn::Or' in obj) return (obj['Fn::Or'] as Json[]).some((e) => evaluate(env, e));
  if ('Condition' in obj) return evaluateCondition(env, obj['Condition'] as string);
  throw new Error(`condition ${JSON.stringify(expression)} is not modelled`);
}

/** Step Functions' textual `${Name}` replacement over the definition JSON. */
export function substituteDefinition(definition: Json, substitutions: Readonly<Record<string, Json>>): JsonObject {
  const text = JSON.stringify(definition).replace(/\$\{([^}]+)\}/g, (whole, name: string) =>
    name in substitutions ? String(substitutions[name]) : whole,
  );
  return JSON.parse(text) as JsonObject;
}
