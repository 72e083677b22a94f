/**
 * cfn-lint for the tests. Each cfn-lint process spends 1.5 s to 2 s of CPU importing itself before it
 * lints anything, so a test file runs one process for all the templates it lints and reads each file's
 * findings from the `parseable` output (every finding line starts with the file as it was given).
 */
import { spawnSync } from 'node:child_process';
import { onPath, toolMissing } from './tools';

/**
 * Whether a `cfn-lint` executable is on PATH (without starting Python for `--version`: that alone costs
 * what a lint does). A command that is found but does not run makes the lint fail with its stderr, never
 * skip it.
 */
export const CFN_LINT_INSTALLED: boolean = onPath('cfn-lint');

/** Fails under CI=true, warns elsewhere: a missing cfn-lint is never a silent skip. */
export function cfnLintMissing(what: string): void {
  toolMissing(`cfn-lint is NOT installed: ${what} were NOT linted. Install it (pip install cfn-lint).`);
}

export interface CfnLintRun {
  /** The process's exit code: cfn-lint ORs 2 (an error), 4 (a warning) and 8 (an informational finding). */
  readonly status: number | null;
  readonly stderr: string;
  /** The finding lines (`file:line:column:endLine:endColumn:rule:message`) of one of the files given. */
  readonly findingsOf: (file: string) => string[];
  /** Finding lines that name none of the files given (there should be none). */
  readonly unattributed: readonly string[];
}

export interface CfnLintOptions {
  /** `--regions` (cfn-lint's default: us-east-1). */
  readonly regions?: readonly string[];
  /** `-a`: a folder of extra rules. */
  readonly rules?: string;
  /** Where to run it (file names print as given, relative to here). */
  readonly cwd?: string;
}

/** One cfn-lint process over `files` (duplicates are linted once). */
export function cfnLint(files: readonly string[], options: CfnLintOptions = {}): CfnLintRun {
  const unique = [...new Set(files)];
  const args = [...(options.rules === undefined ? [] : ['-a', options.rules]), '--format', 'parseable', ...(options.regions === undefined ? [] : ['--regions', ...options.regions]), '--', ...unique];
  const result = spawnSync('cfn-lint', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
  if (result.error) throw result.error;
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  // The longest name first, so that `a.json` never claims the findings of `a.json.bak`.
  const byLength = [...unique].sort((a, b) => b.length - a.length);
  const owner = (line: string): string | undefined => byLength.find((file) => line.startsWith(`${file}:`));
  return {
    status: result.status,
    stderr: result.stderr.trim(),
    findingsOf: (file) => {
      if (!unique.includes(file)) throw new Error(`${file} was not linted in this run`);
      return lines.filter((line) => owner(line) === file);
    },
    unattributed: lines.filter((line) => owner(line) === undefined),
  };
}

/** The exit code cfn-lint gives for these finding lines alone (2 for an error, 4 a warning, 8 informational). */
export function statusOf(lines: readonly string[]): number {
  const levels: Readonly<Record<string, number>> = { E: 2, W: 4, I: 8 };
  return lines.reduce((status, line) => status | (levels[(line.split(':')[5] ?? '').charAt(0)] ?? 0), 0);
}
