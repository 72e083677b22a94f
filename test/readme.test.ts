/**
 * What docs/use-from-your-repository.md shows for using the CLI from another repository is what the project ships
 * and runs; the monitoring example of docs/production-runs.md expands to what it says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../cli/index';
import { expand } from '../src';
import { parseTemplate } from '../preview/cfnYaml';
import type { JsonObject } from '../src/json';
import { blocks, doc, section } from './support/docs';
import { ROOT, TEMPLATES_DIR } from './support/fixtures';

const PAGE = doc('docs/use-from-your-repository.md').text;
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The fenced ```yaml blocks of the page's section that starts with `heading`. */
function yamlBlocks(heading: string): string[] {
  return blocks(section(PAGE, heading)).filter((b) => b.info === 'yaml').map((b) => `${b.lines.join('\n')}\n`);
}

describe('docs/use-from-your-repository.md', () => {
  const [preCommit] = yamlBlocks('## pre-commit');
  const [workflow] = yamlBlocks('## GitHub Actions');

  it('shows the GitHub Actions workflow that test/fixtures/cli/github_workflow.yml holds (validate skips it in the tests)', () => {
    expect(workflow).toBe(readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'github_workflow.yml'), 'utf8'));
  });

  it('configures pre-commit with a hook .pre-commit-hooks.yaml offers, at the released version', () => {
    const config = parse(preCommit ?? '') as { repos: Array<{ rev: string; hooks: Array<{ id: string }> }> };
    const offered = (parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string }>).map((h) => h.id);
    expect(config.repos[0]?.hooks.map((h) => h.id)).toEqual(offered);
    expect(config.repos[0]?.rev).toBe(`v${manifest.version}`);
    expect(PAGE).toContain(`npm i -D ./ecs-batch-scheduler-${manifest.version}.tgz`);
  });

  it('runs `npx ecs-batch-scheduler validate templates/*.yaml`: every example template is valid', async () => {
    const files = readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => join(TEMPLATES_DIR, f));
    let stdout = '';
    const code = await main(['validate', ...files], { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t), readFile: (p) => readFileSync(p, 'utf8') });
    expect({ code, lines: stdout.trim().split('\n').length }).toEqual({ code: 0, lines: files.length });
    expect(PAGE).toContain('npx ecs-batch-scheduler validate templates/*.yaml');
  });
});

describe('docs/production-runs.md: knowing when a schedule did not run', () => {
  it('the example expands, with its dead-letter queue, its alarms and the start deadline on the rule', () => {
    const [example] = blocks(section(doc('docs/production-runs.md').text, '## Knowing when a schedule did not run')).filter((b) => b.info === 'yaml');
    const template = parseTemplate(`${example?.lines.join('\n') ?? ''}\n`) as JsonObject;
    const result = expand({ fragment: template });
    if (result.status !== 'success') throw new Error(JSON.stringify(result));
    const resources = result.value['Resources'] as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    expect(Object.keys(resources).filter((id) => id.startsWith('NightlyJobs')).sort()).toEqual([
      'NightlyJobs', 'NightlyJobsDeadLetterAlarm', 'NightlyJobsDeadLetterQueue', 'NightlyJobsDeadLetterQueuePolicy', 'NightlyJobsEventsRole', 'NightlyJobsExecutionsAlarm',
      'NightlyJobsLogGroup', 'NightlyJobsNightlyNoSuccessAlarm', 'NightlyJobsNightlyRule', 'NightlyJobsRole',
    ]);
    expect((resources['NightlyJobsNightlyRule']?.Properties['Targets'] as Array<Record<string, unknown>>)[0]).toMatchObject({ RetryPolicy: { MaximumEventAgeInSeconds: 900 } });
  });
});
