/**
 * The cfn-lint rule in cfn-lint-rules/, run with the real, preinstalled cfn-lint: it validates the
 * shorthand's properties against the generated JSON Schema before expansion and silences E3003 for it,
 * while every other resource is still linted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INPUT_DIR, ROOT, TEMPLATES_DIR } from './support/fixtures';

const RULES = join(ROOT, 'cfn-lint-rules');
const available = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

function lint(files: string[], withRule = true) {
  const result = spawnSync('cfn-lint', [...(withRule ? ['-a', RULES] : []), '--format', 'parseable', '--', ...files], { encoding: 'utf8', cwd: ROOT });
  return { status: result.status, lines: result.stdout.trim() === '' ? [] : result.stdout.trim().split('\n'), stderr: result.stderr.trim() };
}

describe('cfn-lint -a cfn-lint-rules', () => {
  if (!available) {
    it('is installed (a failure under CI=true, never a skip)', () => {
      const message = 'cfn-lint is NOT installed: the cfn-lint rule in cfn-lint-rules/ was NOT tested. Install it (pip install cfn-lint).';
      console.warn(`\n!!!!!!!!!!\n${message}\n!!!!!!!!!!\n`);
      if (process.env['CI'] === 'true') throw new Error(message);
    });
    return;
  }

  it('without the rule, cfn-lint reports E3003 on the shorthand (the problem the rule solves)', () => {
    const result = lint(['templates/article.yaml'], false);
    expect(result.lines).toEqual(['templates/article.yaml:11:5:11:15:E3003:\'ServiceToken\' is a required property']);
  });

  it('with the rule, the example templates lint clean', () => {
    expect(lint(['templates/article.yaml', 'templates/nightly-jobs.yaml'])).toEqual({ status: 0, lines: [], stderr: '' });
  });

  it('reports wrong shorthand properties as E9101 with line and column, and no E3003', () => {
    const result = lint(['test/fixtures/input/error_article_mistakes.yaml', 'test/fixtures/input/error_wrong_types.yaml']);
    expect(result.status).not.toBe(0);
    expect(result.lines.filter((l) => l.includes(':E3003:'))).toEqual([]);
    expect(result.lines).toContain("test/fixtures/input/error_article_mistakes.yaml:20:9:20:16:E9101:NightlyJobs: Schedules.Cleanup: Additional properties are not allowed ('Commands' was unexpected)");
    expect(result.lines).toContain("test/fixtures/input/error_wrong_types.yaml:9:7:9:17:E9101:Jobs: LaunchType: 'SPOT' is not one of ['FARGATE', 'EC2', 'EXTERNAL']");
  });

  it('still lints every other resource: a broken SNS topic and another custom resource are flagged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfnlint-rule-'));
    const file = join(dir, 'mixed.yaml');
    writeFileSync(
      file,
      [
        'Resources:',
        '  Topic:',
        '    Type: AWS::SNS::Topic',
        '    Properties:',
        '      DisplayNam: typo',
        '  Other:',
        '    Type: Custom::Other',
        '    Properties:',
        '      Size: 1',
        '  Jobs:',
        '    Type: Custom::BatchCommandSchedule',
        '    Properties:',
        '      Cluster: batch',
        '      TaskDefinition: app:1',
        '      Schedules:',
        '        Nightly: {ScheduleExpression: cron(0 2 * * ? *), Command: [run]}',
        '',
      ].join('\n'),
    );
    const codes = lint([file]).lines.map((l) => l.split(':').slice(5, 6)[0]);
    expect(codes.sort()).toEqual(['E3002', 'E3003']);
  });

  it('covers the golden inputs without crashing', () => {
    const result = lint([join(INPUT_DIR, 'minimal.yaml'), join(TEMPLATES_DIR, 'nightly-jobs.yaml')]);
    expect(result.stderr).toBe('');
  });
});
