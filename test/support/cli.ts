/**
 * Runs the CLI in-process, capturing what it prints, and compares its output with a readable snapshot in
 * test/fixtures/cli/*.txt: the command line, what it printed and its exit code. After an intended change,
 * rewrite them with `WRITE_CLI_SNAPSHOTS=1 npx jest <test file>` and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main, type CliIo } from '../../cli/index';
import { ROOT } from './paths';

export const CLI_DIR = join(ROOT, 'test', 'fixtures', 'cli');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type CliOptions = Partial<Pick<CliIo, 'isTty' | 'env' | 'sleep' | 'now'>>;

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => readFileSync(p, 'utf8'),
    isTty: options.isTty ?? false,
    env: options.env ?? {},
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return { code, stdout, stderr };
}

/** Paths relative to the repository, so snapshots do not depend on where it is checked out. */
export function rel(path: string): string {
  return relative(ROOT, path);
}

export async function expectSnapshot(name: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  const previous = process.cwd();
  process.chdir(ROOT);
  try {
    const result = await runCli(args, options);
    const text = `$ ecs-batch-scheduler ${args.join(' ')}\n${result.stdout}${result.stderr === '' ? '' : `[stderr]\n${result.stderr}`}[exit code ${result.code}]\n`;
    const file = join(CLI_DIR, `${name}.txt`);
    if (!existsSync(file) && process.env['CI'] === 'true') {
      // A snapshot written by the run that checks it proves nothing: in CI a missing one is a failure.
      throw new Error(`${rel(file)} is missing: run WRITE_CLI_SNAPSHOTS=1 npx jest on this test file, read it and commit it`);
    }
    if (process.env['WRITE_CLI_SNAPSHOTS'] === '1' || !existsSync(file)) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
    return result;
  } finally {
    process.chdir(previous);
  }
}

/**
 * For the describe block that calls it: the AWS SDK's real credential chain finds nothing (no AWS_*
 * variables, no config or credentials file, no instance metadata), and the environment is restored after.
 */
export function withoutAwsCredentials(): void {
  const saved = { ...process.env };
  beforeAll(() => {
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) Reflect.deleteProperty(process.env, key);
    process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
    process.env['AWS_CONFIG_FILE'] = join(ROOT, 'does-not-exist', 'config');
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(ROOT, 'does-not-exist', 'credentials');
  });
  afterAll(() => {
    process.env = saved;
  });
}
