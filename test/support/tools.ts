/**
 * The external tools some tests run (cfn-lint, moto_server, aws-sam-translator): whether one is there, and
 * what a test does when it is not — warn loudly, and fail under CI=true, never a silent skip.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Whether an executable `name` is on PATH, without starting it (a Python tool's `--version` costs what a run does). */
export function onPath(name: string): boolean {
  return whereOnPath(name) !== undefined;
}

/** The file an executable `name` on PATH runs (the first one, as a shell finds it). */
export function whereOnPath(name: string): string | undefined {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** A tool a test needs is missing: warns where it is seen, and throws under CI=true. */
export function toolMissing(message: string): void {
  console.warn(`\n!!!!!!!!!!\n${message}\n!!!!!!!!!!\n`);
  if (process.env['CI'] === 'true') throw new Error(message);
}
