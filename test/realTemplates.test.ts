/**
 * Templates in the shapes public ECS templates use (test/fixtures/real/: a nested-stack parent wiring its
 * children's outputs, a service with an optional task role and sizes from a mapping, values from SSM,
 * another stack's exports and mappings picked by conditions, `!Sub |` shell scripts with quotes and
 * backslashes), expanded by the bundled Lambda handler and checked
 * by independent means:
 * - cfn-lint reports nothing on the output;
 * - every rule's and schedule's Input, resolved for an example account and parameter set in which the
 *   values only CloudFormation knows hold quotes, backslashes and line breaks, is valid JSON of at most
 *   8,192 characters;
 * - a local run of the state machine with that input hands the fake ECS exactly the command and environment
 *   the shorthand says, resolved the same way (the expectation never comes from the generated template).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MacroResponse } from '../macro/handler';
import { runLocally } from '../cli/simulation/run';
import { resolve, substituteDefinition, type Env } from '../cli/simulation/resolve';
import { isObject, type Json, type JsonObject } from '../src/json';
import { parameterValues } from '../src/template';
import { CFN_LINT_INSTALLED, cfnLint, cfnLintMissing } from './support/cfnLint';
import { ROOT, loadTemplate, macroEventFor } from './support/fixtures';

const BUNDLE = join(ROOT, 'dist', 'macro', 'index.js');
const DIR = join(__dirname, 'fixtures', 'real');
const NASTY = 'say "hi" \\ C:\\temp\nsecond line\ttab\r';

/** What CloudFormation would resolve in the example account: SSM values and outputs with characters JSON escapes. */
const RESOLVED: { parameters: Record<string, Json>; attributes: Record<string, Json>; exports: Record<string, Json> } = {
  parameters: {
    ClusterName: 'batch',
    TaskDefinitionArn: 'arn:aws:ecs:eu-central-1:123456789012:task-definition/worker:4',
    ReportQuery: `SELECT "name" FROM t WHERE path = 'a\\b'\n`,
  },
  attributes: {
    'Network.Outputs.PrivateSubnetIds': 'subnet-0a1b2c3d,subnet-0e5f6a7b',
    'Network.Outputs.TaskSecurityGroup': 'sg-0a1b2c3d',
    'Network.Outputs.DataBucket': 'data-bucket',
    'Network.Outputs.Banner': NASTY,
    'App.Outputs.TaskDefinitionArn': 'arn:aws:ecs:eu-central-1:123456789012:task-definition/web:12',
    'App.Outputs.ReportTitle': 'Q3 "final" report\\n',
    'Alerts.Outputs.TopicArn': 'arn:aws:sns:eu-central-1:123456789012:alerts',
    'ExportPrefix.Value': 'exports/"daily"\\',
  },
  exports: {
    'platform-cluster-name': 'platform',
    'platform-task-definition-arn': 'arn:aws:ecs:eu-central-1:123456789012:task-definition/worker:9',
    'platform-private-subnets': 'subnet-0a1b2c3d,subnet-0e5f6a7b',
    'platform-task-role-arn': 'arn:aws:iam::123456789012:role/worker-task',
    'platform-maintenance-script': `psql "$DATABASE_URL" -c 'VACUUM ANALYZE;'\necho "done \\o/"\t${NASTY}`,
    'platform-prod-target': 'db "primary"',
  },
};

interface RealCase {
  readonly name: string;
  readonly template: JsonObject;
  readonly response: MacroResponse;
}

let cases: RealCase[] = [];

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` (npm test does)`);
  const bundle = require(BUNDLE) as { handler: (e: unknown) => Promise<MacroResponse> };
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
  cases = await Promise.all(
    files.map(async (file) => {
      const template = loadTemplate(join(DIR, file));
      return { name: file, template, response: await bundle.handler(macroEventFor(template)) };
    }),
  );
});

function expanded(c: RealCase): JsonObject {
  if (c.response.status !== 'success') throw new Error(`${c.name}: ${c.response.errorMessage}`);
  return c.response.fragment;
}

function envFor(c: RealCase): Env {
  return { template: expanded(c), parameters: { ...parameterValues(c.template, {}), ...RESOLVED.parameters }, attributes: RESOLVED.attributes, exports: RESOLVED.exports };
}

interface Trigger {
  readonly stateMachineId: string;
  readonly schedule: string;
  readonly input: Json;
}

function triggers(c: RealCase): Trigger[] {
  const out: Trigger[] = [];
  const original = c.template['Resources'] as JsonObject;
  const resources = expanded(c)['Resources'] as JsonObject;
  for (const [id, resource] of Object.entries(original)) {
    if (!isObject(resource) || resource['Type'] !== 'Custom::BatchCommandSchedule') continue;
    for (const schedule of Object.keys((resource['Properties'] as JsonObject)['Schedules'] as JsonObject)) {
      const rule = resources[`${id}${schedule}Rule`] as JsonObject | undefined;
      const scheduled = resources[`${id}${schedule}Schedule`] as JsonObject | undefined;
      const props = (rule ?? scheduled)?.['Properties'] as JsonObject;
      const target = rule ? ((props['Targets'] as Json[])[0] as JsonObject) : (props['Target'] as JsonObject);
      out.push({ stateMachineId: id, schedule, input: target['Input'] as Json });
    }
  }
  return out;
}

describe('realistic templates, expanded by the bundled handler', () => {
  it('all expand', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
    for (const c of cases) expect([c.name, c.response.status]).toEqual([c.name, 'success']);
  });

  it('cfn-lint reports nothing on any expansion', async () => {
    if (!CFN_LINT_INSTALLED) {
      cfnLintMissing('the realistic templates');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'real-templates-'));
    try {
      const files = cases.map((c) => {
        const file = join(dir, c.name.replace(/\.yaml$/, '.json'));
        writeFileSync(file, JSON.stringify(expanded(c)));
        return file;
      });
      const result = await cfnLint(files);
      expect({ status: result.status, findings: [...files.flatMap((file) => result.findingsOf(file)), ...result.unattributed] }).toEqual({ status: 0, findings: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every Input resolves to valid JSON of at most 8,192 characters, and a local run hands ECS the exact command text', async () => {
    let runs = 0;
    for (const c of cases) {
      const env = envFor(c);
      const resources = expanded(c)['Resources'] as JsonObject;
      for (const trigger of triggers(c)) {
        const label = `${c.name} ${trigger.stateMachineId}.${trigger.schedule}`;
        const text = resolve(env, trigger.input);
        expect([label, typeof text]).toEqual([label, 'string']);
        expect((text as string).length).toBeLessThanOrEqual(8192);
        const input = JSON.parse(text as string) as JsonObject;

        // What the shorthand says, resolved the same way: the expectation.
        const spec = resolve(env, ((c.template['Resources'] as JsonObject)[trigger.stateMachineId] as JsonObject)['Properties'] as Json) as JsonObject;
        const schedule = (spec['Schedules'] as JsonObject)[trigger.schedule] as JsonObject;
        const steps = (schedule['Steps'] as JsonObject[] | undefined) ?? [{ Command: schedule['Command'] as Json, ...(schedule['Environment'] ? { Environment: schedule['Environment'] } : {}) }];
        const expected = steps.map((s) => ({
          command: s['Command'],
          environment: Object.entries((s['Environment'] ?? {}) as JsonObject).map(([Name, Value]) => ({ Name, Value })),
        }));

        const machine = resources[trigger.stateMachineId] as JsonObject;
        const props = machine['Properties'] as JsonObject;
        const definition = substituteDefinition(props['Definition'] as Json, resolve(env, props['DefinitionSubstitutions'] as Json) as Record<string, Json>);
        const run = await runLocally(definition, input, { exitCodes: [0] });
        expect([label, run.status]).toEqual([label, 'SUCCEEDED']);
        const sent = run.runTaskCalls.map((call) => {
          const override = ((call.request['Overrides'] as JsonObject)['ContainerOverrides'] as JsonObject[])[0] as JsonObject;
          return { command: override['Command'], environment: override['Environment'] };
        });
        expect([label, sent]).toEqual([label, expected]);
        runs++;
      }
    }
    expect(runs).toBeGreaterThanOrEqual(5);
  });
});
