/**
 * cfn-lint, an independent validator of CloudFormation schemas, state machine definitions, IAM actions
 * and schedule expressions, over every expanded golden (the goldens test proves they are what the macro
 * produces today) and so over every expanded templates/ example. No error, no warning.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { OUTPUT_DIR, ROOT, fixtures } from './support/fixtures';

const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const available = probe.status === 0;
const files = fixtures()
  .filter((f) => !f.expectsError)
  .map((f) => join(OUTPUT_DIR, `${f.name}.json`));
// The SAM template that deploys the macro itself (cfn-lint runs the SAM translator on it).
const samTemplate = join(ROOT, 'template.yaml');

describe('cfn-lint', () => {
  if (!available) {
    it('is installed (a failure under CI=true, never a skip)', () => {
      const message = `cfn-lint is NOT installed: ${files.length} expanded templates were NOT linted. Install it (pip install cfn-lint).`;
      console.warn(`\n!!!!!!!!!!\n${message}\n!!!!!!!!!!\n`);
      if (process.env['CI'] === 'true') throw new Error(message);
    });
    return;
  }

  it(`reports nothing on the ${files.length} expanded goldens and examples, and on template.yaml`, () => {
    // One call for all files: cfn-lint takes seconds to start.
    const result = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files, samTemplate], { encoding: 'utf8' });
    expect({ status: result.status, findings: result.stdout.trim(), stderr: result.stderr.trim() }).toEqual({ status: 0, findings: '', stderr: '' });
  });

  it('really lints: it flags a generated template broken on purpose', () => {
    // A guard against a silent linter: the same invocation must fail on a known-bad template.
    const bad = join(__dirname, 'fixtures', 'lint', 'broken_expansion.json');
    const result = spawnSync('cfn-lint', ['--format', 'parseable', '--', bad], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/E3027|E3601|W3037/);
  });
});
