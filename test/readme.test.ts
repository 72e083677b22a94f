/** What the README shows for using the CLI from another repository is what the project ships and runs. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../cli/index';
import { expand } from '../src';
import { parseTemplate } from '../src/cfnYaml';
import type { JsonObject } from '../src/json';
import { ROOT, TEMPLATES_DIR } from './support/fixtures';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The fenced ```yaml blocks of the README section that starts with `heading`. */
function yamlBlocks(heading: string): string[] {
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const next = README.indexOf('\n## ', start + heading.length + 2);
  const section = README.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

describe('README: use the CLI from your own repository', () => {
  const [preCommit, workflow] = yamlBlocks('## Use the CLI from your own repository (npm, pre-commit, CI)');

  it('shows the GitHub Actions workflow that test/fixtures/cli/github_workflow.yml holds (validate skips it in the tests)', () => {
    expect(workflow).toBe(readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'github_workflow.yml'), 'utf8'));
  });

  it('configures pre-commit with a hook .pre-commit-hooks.yaml offers, at the released version', () => {
    const config = parse(preCommit ?? '') as { repos: Array<{ rev: string; hooks: Array<{ id: string }> }> };
    const offered = (parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string }>).map((h) => h.id);
    expect(config.repos[0]?.hooks.map((h) => h.id)).toEqual(offered);
    expect(config.repos[0]?.rev).toBe(`v${manifest.version}`);
    expect(README).toContain(`npm i -D ./ecs-batch-scheduler-${manifest.version}.tgz`);
  });

  it('runs `npx ecs-batch-scheduler validate templates/*.yaml`: every example template is valid', async () => {
    const files = readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => join(TEMPLATES_DIR, f));
    let stdout = '';
    const code = await main(['validate', ...files], { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t), readFile: (p) => readFileSync(p, 'utf8') });
    expect({ code, lines: stdout.trim().split('\n').length }).toEqual({ code: 0, lines: files.length });
    expect(README).toContain('npx ecs-batch-scheduler validate templates/*.yaml');
  });
});

describe('README: knowing when a schedule did not run', () => {
  it('the example expands, with its dead-letter queue, its alarms and the start deadline on the rule', () => {
    const [example] = yamlBlocks('### Knowing when a schedule did not run');
    const shorthand = parseTemplate(example ?? '') as Record<string, JsonObject>;
    const result = expand({ fragment: { Resources: { OpsTopic: { Type: 'AWS::SNS::Topic' }, ...shorthand } } });
    if (result.status !== 'success') throw new Error(JSON.stringify(result));
    const resources = result.value['Resources'] as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    expect(Object.keys(resources).filter((id) => id.startsWith('NightlyJobs')).sort()).toEqual([
      'NightlyJobs', 'NightlyJobsDeadLetterAlarm', 'NightlyJobsDeadLetterQueue', 'NightlyJobsDeadLetterQueuePolicy', 'NightlyJobsEventsRole', 'NightlyJobsExecutionsAlarm',
      'NightlyJobsLogGroup', 'NightlyJobsNightlyNoSuccessAlarm', 'NightlyJobsNightlyRule', 'NightlyJobsRole',
    ]);
    expect((resources['NightlyJobsNightlyRule']?.Properties['Targets'] as Array<Record<string, unknown>>)[0]).toMatchObject({ RetryPolicy: { MaximumEventAgeInSeconds: 900 } });
  });
});
