/**
 * The cfn-lint rule in cfn-lint-rules/, run with the real, preinstalled cfn-lint: it validates the
 * shorthand's properties against the generated JSON Schema before expansion and silences E3003 for it,
 * while every other resource is still linted. Two cfn-lint runs (without the rule, and with it for every
 * template below), as each costs seconds before it lints anything; each test reads its files' findings.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CFN_LINT_INSTALLED, cfnLint, cfnLintMissing, statusOf, type CfnLintRun } from './support/cfnLint';
import { INPUT_DIR, ROOT, TEMPLATES_DIR } from './support/fixtures';

const RULES = join(ROOT, 'cfn-lint-rules');

/** A template with a broken SNS topic, another custom resource and a shorthand: only the first two are flagged. */
function mixedTemplate(): string {
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
  return file;
}

describe('cfn-lint -a cfn-lint-rules', () => {
  if (!CFN_LINT_INSTALLED) {
    it('is installed (a failure under CI=true, never a skip)', () => {
      cfnLintMissing('the cfn-lint rule in cfn-lint-rules/ was NOT tested, and its templates');
    });
    return;
  }

  const examples = ['templates/article.yaml', 'templates/nightly-jobs.yaml'];
  const mistakes = ['test/fixtures/input/error_article_mistakes.yaml', 'test/fixtures/input/error_wrong_types.yaml'];
  const goldenInputs = [join(INPUT_DIR, 'minimal.yaml'), join(TEMPLATES_DIR, 'nightly-jobs.yaml')];
  let mixed: string;
  let withoutRule: CfnLintRun;
  let withRule: CfnLintRun;
  const lines = (run: CfnLintRun, files: readonly string[]): string[] => files.flatMap((file) => run.findingsOf(file));
  beforeAll(async () => {
    mixed = mixedTemplate();
    [withoutRule, withRule] = await Promise.all([
      cfnLint(['templates/article.yaml'], { cwd: ROOT }),
      cfnLint([...examples, ...mistakes, mixed, ...goldenInputs], { rules: RULES, cwd: ROOT }),
    ]);
  });

  it('runs each process to the end, every finding attributed to a file, the exit code that of the findings', () => {
    for (const run of [withoutRule, withRule]) {
      expect({ stderr: run.stderr, unattributed: run.unattributed }).toEqual({ stderr: '', unattributed: [] });
    }
    expect(withoutRule.status).toBe(statusOf(withoutRule.findingsOf('templates/article.yaml')));
    expect(withRule.status).toBe(statusOf(lines(withRule, [...examples, ...mistakes, mixed, ...goldenInputs])));
  });

  it('without the rule, cfn-lint reports E3003 on the shorthand (the problem the rule solves)', () => {
    expect(withoutRule.findingsOf('templates/article.yaml')).toEqual(['templates/article.yaml:11:5:11:15:E3003:\'ServiceToken\' is a required property']);
  });

  it('with the rule, the example templates lint clean', () => {
    expect({ status: statusOf(lines(withRule, examples)), lines: lines(withRule, examples), stderr: withRule.stderr }).toEqual({ status: 0, lines: [], stderr: '' });
  });

  it('reports wrong shorthand properties as E9101 with line and column, and no E3003', () => {
    const result = { status: statusOf(lines(withRule, mistakes)), lines: lines(withRule, mistakes) };
    expect(result.status).not.toBe(0);
    expect(result.lines.filter((l) => l.includes(':E3003:'))).toEqual([]);
    expect(result.lines).toContain("test/fixtures/input/error_article_mistakes.yaml:20:9:20:16:E9101:NightlyJobs: Schedules.Cleanup: Additional properties are not allowed ('Commands' was unexpected)");
    expect(result.lines).toContain("test/fixtures/input/error_wrong_types.yaml:9:7:9:17:E9101:Jobs: LaunchType: 'SPOT' is not one of ['FARGATE', 'EC2', 'EXTERNAL']");
  });

  it('still lints every other resource: a broken SNS topic and another custom resource are flagged', () => {
    const codes = withRule.findingsOf(mixed).map((l) => l.split(':').slice(5, 6)[0]);
    expect(codes.sort()).toEqual(['E3002', 'E3003']);
  });

  it('covers the golden inputs without crashing', () => {
    // stderr is the whole run's: a crash on any template shows there.
    expect(withRule.stderr).toBe('');
    expect(goldenInputs.map((file) => withRule.findingsOf(file).filter((l) => /:E0\d{3}:/.test(l)))).toEqual([[], []]);
  });
});
