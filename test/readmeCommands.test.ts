/**
 * Every command the README and the pages of docs/ show is run, and every output they show is checked
 * against the run that produced it:
 * - each command of a ```sh block runs here (with its placeholders filled in), except the few that need
 *   an AWS account or the SAM CLI, which are listed below with what checks them instead;
 * - each output block (a fence without a language) is part of a file a test produces and compares: a
 *   CLI snapshot (test/fixtures/cli/*.txt, which test/preview.test.ts and test/operate.test.ts write and
 *   check), or a deploy error that is a golden's errorMessage (test/fixtures/output/error_*.json, checked
 *   by test/goldens.test.ts); a `$ ecs-batch-scheduler …` transcript is the start of its snapshot;
 * - each inline `npx ecs-batch-scheduler …` runs.
 * A command added to a page without a way to run it, or an output that is not (or no longer) what the
 * tests produce, fails this test.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CFN_LINT_INSTALLED, cfnLintMissing, runCfnLint } from './support/cfnLint';
import { blocks, docs, showsPartOf } from './support/docs';
import { OUTPUT_DIR, ROOT } from './support/fixtures';

const DOCS = docs();
const CLI = join(ROOT, 'dist', 'cli', 'bin.mjs');

/** The commands of the pages' ```sh blocks, continuation lines joined and trailing comments dropped. */
function shellCommands(): string[] {
  const out: string[] = [];
  for (const block of DOCS.flatMap(({ text }) => [...text.matchAll(/```sh\n([\s\S]*?)```/g)])) {
    const joined = (block[1] as string).replace(/\\\n\s*/g, ' ').replace(/\n(\s+)(?=\{"commands")/g, ' ');
    for (const line of joined.split('\n')) {
      const command = line.replace(/\s{2,}#.*$/, '').trim();
      if (command !== '') out.push(command.replace(/\s+/g, ' '));
    }
  }
  return out;
}

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}


/**
 * `npx ecs-batch-scheduler …` runs the package's bin (package.json maps the name to dist/cli/bin.mjs, which
 * `npm run build` writes; test/package.test.ts runs it from an installed tarball too).
 */
function npx(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  expect(manifest.bin['ecs-batch-scheduler']).toBe('dist/cli/bin.mjs');
  return cli(args);
}

/** How each ```sh command is run here, or why it cannot be (with what checks it instead). */
const SHELL: ReadonlyArray<{ readonly pattern: RegExp; readonly check: (command: string) => void | Promise<void> }> = [
  {
    // Setup runs before any test (npm test builds); the last part runs here, through npx as written.
    pattern: /^npm ci && npm run build && npx ecs-batch-scheduler expand templates\/nightly-jobs\.yaml$/,
    check: () => {
      const result = npx(['expand', 'templates/nightly-jobs.yaml']);
      expect(result.status).toBe(0);
      expect(Object.keys((JSON.parse(result.stdout) as { Resources: object }).Resources)).toContain('NightlyJobsImportCustomersRule');
    },
  },
  {
    // The command that runs this very test: checked to be what package.json runs.
    pattern: /^npm ci && npm test$/,
    check: () => {
      const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
      expect(scripts['test']).toMatch(/jest$/);
    },
  },
  {
    pattern: /^npx ecs-batch-scheduler expand <template\.yaml\|json> \[--format json\|yaml\] \[--param Name=Value \.\.\.\]$/,
    check: () => {
      const result = cli(['expand', 'templates/nightly-jobs.yaml', '--format', 'yaml', '--param', 'Stage=prod']);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^AWSTemplateFormatVersion|^Parameters:|Resources:/m);
    },
  },
  {
    // cfn-lint's command line with the README's arguments, in the run's shared cfn-lint (see test/support/cfnLint.ts).
    pattern: /^cfn-lint -a cfn-lint-rules -- templates\/nightly-jobs\.yaml$/,
    check: async (command) => {
      if (!CFN_LINT_INSTALLED) {
        cfnLintMissing("the README's cfn-lint command and its rules");
        return;
      }
      const [program, ...args] = command.split(' ');
      expect(program).toBe('cfn-lint');
      const result = await runCfnLint(args, ROOT);
      expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
    },
  },
  {
    // Needs the SAM CLI and an AWS account. Checked instead: template.yaml lints clean (test/cfnLint.test.ts) and
    // the settings file it reads exists.
    pattern: /^sam build && sam deploy$/,
    check: () => {
      expect(readFileSync(join(ROOT, 'samconfig.toml'), 'utf8')).toMatch(/stack_name/);
    },
  },
  {
    // Needs the SAM CLI (not installed here). Checked instead: the Makefile target SAM runs builds the same
    // bundle npm run build does, and the packaged template's metadata (test/package.test.ts, test/sam.test.ts).
    pattern: /^sam (build|package --s3-bucket BUCKET --output-template-file packaged\.yaml|publish --template packaged\.yaml --region REGION)$/,
    check: () => {
      expect(readFileSync(join(ROOT, 'Makefile'), 'utf8')).toMatch(/^build-MacroFunction:/m);
      expect(readFileSync(join(ROOT, 'template.yaml'), 'utf8')).toMatch(/AWS::ServerlessRepo::Application/);
    },
  },
  {
    // From the registry (not reachable here); test/package.test.ts installs the packed tarball offline instead.
    pattern: /^npm i -D ecs-batch-scheduler$/,
    check: () => {
      expect((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string }).name).toBe('ecs-batch-scheduler');
    },
  },
  {
    // They need a deployed stack: test/operate.test.ts runs them against mocked AWS clients and
    // test/operate.e2e.test.ts end to end against moto_server. Here: each is a command whose usage shows
    // the synopsis the README gives.
    pattern: /^npx ecs-batch-scheduler (status|history|run|logs) +--stack NAME .*$/,
    check: (command) => {
      const [name, ...synopsis] = command.replace(/^npx ecs-batch-scheduler /, '').split(/\s+/);
      const result = npx([name as string, '--help']);
      expect(result.status).toBe(0);
      for (const option of synopsis.filter((w) => /^\[?--[a-z]+/.test(w))) expect(result.stdout).toContain(option.replace(/^\[/, '').replace(/\]$/, ''));
    },
  },
  {
    pattern: /^npx ecs-batch-scheduler validate templates\/\*\.yaml$/,
    check: () => {
      const templates = readdirSync(join(ROOT, 'templates')).filter((f) => f.endsWith('.yaml')).map((f) => `templates/${f}`);
      const result = npx(['validate', ...templates]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/valid/);
    },
  },
  {
    // Needs an AWS account. Checked instead: the capabilities are the ones the expanded templates need
    // (IAM roles; a macro), and the state machine accepts exactly these inputs (test/stateMachine.test.ts).
    pattern: /^aws cloudformation deploy --template-file jobs\.yaml --stack-name jobs --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND$/,
    check: () => {
      const result = cli(['expand', 'templates/nightly-jobs.yaml']);
      expect(result.stdout).toContain('"AWS::IAM::Role"');
    },
  },
  {
    pattern: /^aws stepfunctions start-execution --state-machine-arn <arn> --input '(.*)'$/,
    check: (command) => {
      // The input shown must be valid JSON in the shape the state machine takes.
      const input = JSON.parse(/--input '(.*)'$/.exec(command)?.[1] ?? '') as Record<string, unknown>;
      expect(Array.isArray(input['commands']) || Array.isArray(input['steps'])).toBe(true);
    },
  },
];

describe('commands and outputs of the README and docs/', () => {
  const commands = shellCommands();

  it('every ```sh command is known here', () => {
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const command of commands) expect([command, SHELL.filter((s) => s.pattern.test(command)).length]).toEqual([command, 1]);
  });

  it.each(commands)('runs: %s', async (command) => {
    const handler = SHELL.find((s) => s.pattern.test(command));
    if (handler === undefined) throw new Error(`no way to run ${command}`);
    await handler.check(command);
  });

  it('every output block is part of a file the tests produce and compare; a transcript is the start of its snapshot', () => {
    const snapshots = readdirSync(join(ROOT, 'test', 'fixtures', 'cli'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(ROOT, 'test', 'fixtures', 'cli', f), 'utf8').split('\n'));
    // What CloudFormation shows in the stack events when the macro refuses a template.
    const deployErrors = readdirSync(OUTPUT_DIR)
      .filter((f) => f.startsWith('error_'))
      .map((f) => `Transform 123456789012::EcsBatchScheduler failed with: ${(JSON.parse(readFileSync(join(OUTPUT_DIR, f), 'utf8')) as { errorMessage: string }).errorMessage}`.split('\n'));
    const shown = DOCS.flatMap(({ file, text }) => blocks(text).filter((b) => b.info === '').map((b) => ({ file, lines: b.lines })));
    expect(shown.length).toBeGreaterThanOrEqual(12);
    for (const { file, lines } of shown) {
      const transcript = lines[0]?.startsWith('$ ecs-batch-scheduler ') === true;
      // Several snapshots may run the same command line (e.g. diff against differently mocked stacks).
      const sources = transcript ? snapshots.filter((s) => s[0] === lines[0]) : [...snapshots, ...deployErrors];
      expect({ file, lines, produced: sources.some((source) => showsPartOf(lines, source)) }).toEqual({ file, lines, produced: true });
    }
  });

  it('every inline `npx ecs-batch-scheduler …` with concrete arguments runs without a stack trace', () => {
    const inline = DOCS.flatMap(({ text }) => [...text.matchAll(/`npx ecs-batch-scheduler ([^`<]*)`/g)]).map((m) => (m[1] as string).trim().split(/\s+/));
    expect(inline.length).toBeGreaterThanOrEqual(2);
    for (const args of inline) {
      const result = cli(args.length === 1 && args[0] === 'next-runs' ? ['next-runs', 'templates/article.yaml'] : args);
      expect([args.join(' '), result.status === 0 || result.status === 1, result.stderr]).toEqual([args.join(' '), true, expect.not.stringMatching(/\n\s+at /)]);
    }
  });
});
