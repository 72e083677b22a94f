/**
 * Jest's global teardown: stops the run's shared cfn-lint by its process ID, if a test file started it, and
 * removes its folder. `CFN_LINT_SERVER_LOG=<file>` keeps its output (which ends with the CPU time it took).
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env['CFN_LINT_SERVER_DIR'];
  if (dir === undefined) return;
  const pidFile = join(dir, 'pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, 'SIGTERM');
      // It waits for its forks and exits: jest ends when it is gone.
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) process.kill(pid, 0);
    } catch {
      // It has exited.
    }
  }
  if (process.env['CFN_LINT_SERVER_LOG'] !== undefined && existsSync(join(dir, 'log'))) appendFileSync(process.env['CFN_LINT_SERVER_LOG'], readFileSync(join(dir, 'log')));
  rmSync(dir, { recursive: true, force: true });
}
