/**
 * Jest's global setup: a folder for the run's shared cfn-lint (see test/support/cfnLint.ts), which the
 * first test file that lints starts, and whose process the global teardown (test/support/globalTeardown.ts)
 * stops. Workers start after this and inherit the variables.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup(): void {
  process.env['CFN_LINT_SERVER_DIR'] = mkdtempSync(join(tmpdir(), 'cfn-lint-server-'));
  // The shared cfn-lint exits when this process (the jest run) is gone, should the teardown not run.
  process.env['CFN_LINT_SERVER_OWNER'] = String(process.pid);
}
