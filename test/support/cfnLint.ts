/**
 * cfn-lint for the tests. A cfn-lint process spends about 2.5 s of CPU importing itself and loading its
 * rules and schemas before it lints anything, so a test file asks for one run over all the templates it lints
 * and reads each file's findings from the `parseable` output (every finding line starts with the file as
 * it was given); and in a jest run the runs are served by one cfn-lint started for the whole run
 * (`test/support/cfn_lint_server.py`): each run is a fork of that warm process executing cfn-lint's own
 * command line with the run's arguments, in its folder and environment, so nothing one run does reaches
 * another.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { OUTPUT_DIR } from './paths';
import { onPath, toolMissing, whereOnPath } from './tools';

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

/** One cfn-lint run over `files` (duplicates are linted once). */
export async function cfnLint(files: readonly string[], options: CfnLintOptions = {}): Promise<CfnLintRun> {
  const unique = [...new Set(files)];
  const args = [...(options.rules === undefined ? [] : ['-a', options.rules]), '--format', 'parseable', ...(options.regions === undefined ? [] : ['--regions', ...options.regions]), '--', ...unique];
  const result = await runCfnLint(args, options.cwd ?? process.cwd());
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

export interface CfnLintOutput {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `cfn-lint ...args` in `cwd`: its exit code, stdout and stderr. In a jest run (whose global setup,
 * test/support/globalSetup.ts, names a folder for it) the run's shared cfn-lint serves it, started by the
 * first test file that needs it; elsewhere, or if that cfn-lint cannot start, a cfn-lint process of its own.
 */
export async function runCfnLint(args: readonly string[], cwd: string): Promise<CfnLintOutput> {
  const dir = process.env['CFN_LINT_SERVER_DIR'];
  if (dir !== undefined && (await sharedCfnLint(dir))) return request(join(dir, 'socket'), args, cwd);
  return new Promise((resolve, reject) => {
    const child = spawn('cfn-lint', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (status) => {
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

let shared: Promise<boolean> | undefined;

/** Whether the run's shared cfn-lint listens on `dir`/socket: starts it if no test file has, then waits until it listens. */
function sharedCfnLint(dir: string): Promise<boolean> {
  shared ??= (async () => {
    const log = join(dir, 'log');
    const failed = join(dir, 'failed');
    let lock: number | undefined;
    try {
      lock = openSync(join(dir, 'started'), 'wx');
    } catch {
      // Another test file (jest worker) started it.
    }
    let started: ReturnType<typeof spawn> | undefined;
    /** Until it listens, the starter records an early exit for every test file waiting on it. */
    const exited = (why: string): void => {
      if (existsSync(dir)) writeFileSync(failed, why);
    };
    if (lock !== undefined) {
      closeSync(lock);
      const output = openSync(log, 'a');
      const [python, ...pythonArgs] = pythonOf(whereOnPath('cfn-lint'));
      started = spawn(python ?? 'python3', [...pythonArgs, join(__dirname, 'cfn_lint_server.py'), join(dir, 'socket'), process.env['CFN_LINT_SERVER_OWNER'] ?? String(process.pid), join(OUTPUT_DIR, 'minimal.json')], {
        detached: true,
        stdio: ['ignore', output, output],
      });
      closeSync(output);
      started.once('error', (error) => {
        exited(String(error));
      });
      started.once('exit', (code, signal) => {
        exited(`exited with ${String(code ?? signal)}`);
      });
      if (started.pid !== undefined) writeFileSync(join(dir, 'pid'), String(started.pid));
      started.unref();
    }
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (existsSync(failed)) {
        console.warn(`The shared cfn-lint did not start (${readFileSync(failed, 'utf8')}): one cfn-lint process per run instead.\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
        return false;
      }
      // The server prints its ready line once it listens (after loading cfn-lint).
      if (existsSync(log) && readFileSync(log, 'utf8').includes('ready: cfn-lint')) {
        started?.removeAllListeners('exit');
        return true;
      }
    }
    throw new Error(`The shared cfn-lint did not listen on ${dir}/socket within 120 s:\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
  })();
  return shared;
}

/**
 * The Python that runs the `cfn-lint` executable, from its `#!` line (a virtualenv's or pipx's Python sees the
 * cfnlint package that cfn-lint does); `python3` for a wrapper that is not a Python script (pyenv's shims
 * pick the same Python for `python3` as for `cfn-lint`).
 */
function pythonOf(executable: string | undefined): string[] {
  const first = executable === undefined ? '' : (readFileSync(executable, 'utf8').split('\n', 1)[0] ?? '');
  const shebang = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first) ?? /^#!\s*(\S+\/env)\s+(python[\d.]*)\s*$/.exec(first);
  return shebang === null ? ['python3'] : shebang.slice(1);
}

/** One run of the shared cfn-lint: a line of JSON out, a line of JSON back (see cfn_lint_server.py). */
function request(socket: string, args: readonly string[], cwd: string): Promise<CfnLintOutput> {
  return new Promise((resolve, reject) => {
    const connection = createConnection(socket);
    const chunks: Buffer[] = [];
    connection.on('data', (chunk: Buffer) => chunks.push(chunk));
    connection.once('error', reject);
    connection.once('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as CfnLintOutput);
      } catch (error) {
        reject(new Error(`The shared cfn-lint gave no answer to cfn-lint ${args.join(' ')}: ${String(error)}`));
      }
    });
    connection.end(`${JSON.stringify({ args, cwd, env: process.env })}\n`);
  });
}
