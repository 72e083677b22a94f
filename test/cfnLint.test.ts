/**
 * cfn-lint, an independent validator of CloudFormation schemas, state machine definitions, IAM actions
 * and schedule expressions, over every expanded golden (the goldens test proves they are what the macro
 * produces today) and so over every expanded templates/ example. No error, no warning: in cfn-lint's
 * default region and in a region of each other partition (test/partitions.test.ts proves that the
 * expansion in every partition is the golden, byte for byte; cfn-lint knows which resource types and
 * properties each region has, EventBridge Scheduler for instance).
 *
 * One cfn-lint run lints them all, in all three regions, beside template.yaml and a template broken on
 * purpose; each test reads its files' findings.
 */
import { join } from 'node:path';
import { CFN_LINT_INSTALLED, cfnLint, cfnLintMissing, statusOf, type CfnLintRun } from './support/cfnLint';
import { OUTPUT_DIR, ROOT, fixtures } from './support/fixtures';

const files = fixtures()
  .filter((f) => !f.expectsError)
  .map((f) => join(OUTPUT_DIR, `${f.name}.json`));
// The SAM template that deploys the macro itself (cfn-lint runs the SAM translator on it).
const samTemplate = join(ROOT, 'template.yaml');
// A guard against a silent linter: the same invocation must fail on a known-bad template.
const bad = join(__dirname, 'fixtures', 'lint', 'broken_expansion.json');
/** cfn-lint's default region (aws) and one region of each other partition. */
const REGIONS = ['us-east-1', 'cn-north-1', 'us-gov-west-1'] as const;

describe('cfn-lint', () => {
  if (!CFN_LINT_INSTALLED) {
    it('is installed (a failure under CI=true, never a skip)', () => {
      cfnLintMissing(`${files.length} expanded templates`);
    });
    return;
  }

  let run: CfnLintRun;
  beforeAll(async () => {
    run = await cfnLint([...files, samTemplate, bad], { regions: REGIONS });
  });

  it(`reports nothing on the ${files.length} expanded goldens and examples, and on template.yaml`, () => {
    const findings = [...files, samTemplate].flatMap((file) => run.findingsOf(file));
    expect({ findings, unattributed: run.unattributed, stderr: run.stderr }).toEqual({ findings: [], unattributed: [], stderr: '' });
    // The exit code is the broken template's alone.
    expect(run.status).toBe(statusOf(run.findingsOf(bad)));
  });

  it.each(REGIONS.filter((r) => r !== 'us-east-1'))('with a region of each partition: reports nothing on every expansion in %s', (_region) => {
    // The run lints every file in each of REGIONS; a finding in any region fails this test (and the one above).
    expect(files.flatMap((file) => run.findingsOf(file))).toEqual([]);
  });

  it('really lints: it flags a generated template broken on purpose', () => {
    const findings = run.findingsOf(bad);
    expect(statusOf(findings)).not.toBe(0);
    expect(findings.join('\n')).toMatch(/E3027|E3601|W3037/);
  });
});
