/**
 * Every golden and example template, expanded for a region of each AWS partition (`aws`, `aws-cn`,
 * `aws-us-gov`), as the SAM transform tests its goldens. The checks come from outside the code under test:
 * - the expansion does not depend on the region the macro runs in: it is the golden, byte for byte (every
 *   partition-specific value is left to `AWS::Partition`, `AWS::Region` and `AWS::URLSuffix`);
 * - with those pseudo parameters resolved as CloudFormation resolves them in the partition, no ARN the
 *   macro writes names another partition (no `arn:aws:` literal in China or GovCloud), the Task resource is
 *   the partition's `arn:<partition>:states:::ecs:runTask.sync`, and the managed rule Step Functions uses for
 *   `.sync` runs (`StepFunctionsGetEventsForECSTaskRule`) is the partition's;
 * - every service principal is one AWS documents for the partition. The AWS CDK's region-info (`Default.
 *   servicePrincipal`) says "the global service principal is always correct, when referenced from within
 *   a region": `<service>.amazonaws.com` in China and GovCloud too (the `.amazonaws.com.cn` form is refused
 *   by IAM in China for services such as RDS monitoring: terraform-aws-modules/terraform-aws-rds-aurora#437);
 * - cfn-lint, with a region of the partition, reports nothing: test/cfnLint.test.ts lints the goldens (which
 *   every partition's expansion equals, as checked here) in a region of each partition, in one process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handleMacroEvent } from '../macro/handler';
import { isObject, type Json, type JsonObject } from '../src/json';
import { OUTPUT_DIR, fixtures, goldenOf, goldenText, loadTemplate, macroEventFor, silentLogger } from './support/fixtures';

interface Partition {
  readonly partition: string;
  readonly region: string;
  readonly urlSuffix: string;
}

const PARTITIONS: readonly Partition[] = [
  { partition: 'aws', region: 'eu-central-1', urlSuffix: 'amazonaws.com' },
  { partition: 'aws-cn', region: 'cn-north-1', urlSuffix: 'amazonaws.com.cn' },
  { partition: 'aws-us-gov', region: 'us-gov-west-1', urlSuffix: 'amazonaws.com' },
];

/** The service principals the macro's roles and conditions may name, per partition (see the header). */
const SERVICE_PRINCIPALS: Readonly<Record<string, readonly string[]>> = {
  aws: ['states.amazonaws.com', 'events.amazonaws.com', 'scheduler.amazonaws.com', 'ecs-tasks.amazonaws.com'],
  'aws-cn': ['states.amazonaws.com', 'events.amazonaws.com', 'scheduler.amazonaws.com', 'ecs-tasks.amazonaws.com'],
  'aws-us-gov': ['states.amazonaws.com', 'events.amazonaws.com', 'scheduler.amazonaws.com', 'ecs-tasks.amazonaws.com'],
};

const ACCOUNT = '123456789012';
const EXPANDING = fixtures().filter((f) => !f.expectsError);

/** The template with the pseudo parameters resolved for `p` (in Ref and in Fn::Sub text); all else as it is. */
function withPseudoParameters(value: Json, p: Partition): Json {
  const pseudo: Record<string, string> = { 'AWS::Partition': p.partition, 'AWS::Region': p.region, 'AWS::URLSuffix': p.urlSuffix, 'AWS::AccountId': ACCOUNT };
  if (Array.isArray(value)) return (value as Json[]).map((v) => withPseudoParameters(v, p));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof value['Ref'] === 'string' && pseudo[value['Ref']] !== undefined) return pseudo[value['Ref']] as string;
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    const arg = value['Fn::Sub'] as Json;
    const [text, vars] = Array.isArray(arg) ? (arg as [Json, Json]) : [arg, undefined];
    if (typeof text === 'string') {
      const resolved = text.replace(/\$\{(AWS::[A-Za-z]+)\}/g, (whole, name: string) => pseudo[name] ?? whole);
      const rest = vars === undefined ? undefined : withPseudoParameters(vars, p);
      return { 'Fn::Sub': rest === undefined ? resolved : [resolved, rest] };
    }
  }
  return Object.fromEntries(keys.map((k) => [k, withPseudoParameters(value[k] as Json, p)]));
}

/** Every string in a value, with its path. */
function strings(value: Json, path: string, out: Array<[string, string]>): Array<[string, string]> {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) (value as Json[]).forEach((v, i) => strings(v, `${path}.${i}`, out));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) strings(v as Json, `${path}.${k}`, out);
  return out;
}

/** The resources the macro generated (not in the input), resolved for the partition. */
function generated(fixtureInput: JsonObject, expanded: JsonObject, p: Partition): JsonObject {
  const before = (fixtureInput['Resources'] ?? {}) as JsonObject;
  const after = expanded['Resources'] as JsonObject;
  const owned = Object.entries(after).filter(([id]) => !Object.hasOwn(before, id) || (before[id] as JsonObject)['Type'] === 'Custom::BatchCommandSchedule');
  return withPseudoParameters(Object.fromEntries(owned), p) as JsonObject;
}

const expansions = PARTITIONS.flatMap((p) =>
  EXPANDING.map((fixture) => {
    const template = loadTemplate(fixture.inputPath);
    const response = handleMacroEvent({ ...macroEventFor(template), region: p.region }, silentLogger);
    return { p, fixture, template, response };
  }),
);

describe.each(PARTITIONS.map((p) => [p.partition, p] as const))('partition %s', (_name, p) => {
  const mine = expansions.filter((e) => e.p === p);

  it.each(mine.map((e) => [e.fixture.name, e] as const))(`%s: expands in ${p.region} to the golden, with every ARN, principal and managed rule of the partition`, (_fixture, e) => {
    // The same template in every partition: CloudFormation resolves the partition.
    expect(e.response.status).toBe('success');
    expect(goldenText(goldenOf(e.response))).toBe(readFileSync(join(OUTPUT_DIR, `${e.fixture.name}.json`), 'utf8'));
    if (e.response.status !== 'success') return;

    const resources = generated(e.template, e.response.fragment, p);
    const texts = strings(resources, 'Resources', []);
    // ARNs the user wrote (e.g. a task definition ARN, to which the macro may add `:*`) are theirs: only the macro's are checked.
    const userText = JSON.stringify(e.template);
    const foreign = texts.filter(([, s]) => /arn:aws(-[a-z-]+)?:/.test(s)).flatMap(([path, s]) => [...s.matchAll(/arn:(aws(?:-[a-z-]+)?):[^"\s,]*/g)].filter((m) => m[1] !== p.partition && !userText.includes(m[0].replace(/:\*$/, ''))).map((m) => `${path}: ${m[0]}`));
    expect(foreign).toEqual([]);

    // Service principals: in trust policies and in iam:PassedToService conditions.
    const principals = texts.filter(([path, s]) => /\.Principal\.Service(\.\d+)?$/.test(path) || /iam:PassedToService(\.\d+)?$/.test(path) || /\.amazonaws\.com/.test(s) && !s.startsWith('arn:')).map(([, s]) => s);
    const machines = Object.values(resources).filter((r) => (r as JsonObject)['Type'] === 'AWS::StepFunctions::StateMachine');
    if (machines.length > 0) expect(principals.length).toBeGreaterThan(0);
    for (const principal of principals) expect(SERVICE_PRINCIPALS[p.partition]).toContain(principal);

    // Each state machine's Task resource and the managed rule of its .sync integration.
    for (const [id, resource] of Object.entries(resources)) {
      const r = resource as JsonObject;
      if (r['Type'] !== 'AWS::StepFunctions::StateMachine') continue;
      const substitutions = ((r['Properties'] as JsonObject)['DefinitionSubstitutions'] ?? {}) as JsonObject;
      const serviceArns = Object.values(substitutions).filter((v) => isObject(v) && typeof v['Fn::Sub'] === 'string' && (v['Fn::Sub'] as string).includes(':states:::'));
      expect({ id, serviceArns }).toEqual({ id, serviceArns: expect.arrayContaining([{ 'Fn::Sub': `arn:${p.partition}:states:::ecs:runTask.sync` }]) as unknown });
      const role = resources[`${id}Role`] as JsonObject;
      expect(JSON.stringify(role)).toContain(`"arn:${p.partition}:events:${p.region}:${ACCOUNT}:rule/StepFunctionsGetEventsForECSTaskRule"`);
    }
  });
});
