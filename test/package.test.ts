/**
 * The npm package as a user gets it: `npm pack` of the build `npm test` has just made (the same `npm run
 * build` that `prepare` runs before a pack or a publish; packing with the scripts on would build it a third
 * time, after `npm ci` and `npm test`, for 2 to 3 s of CPU), `npm i -D ./ecs-batch-scheduler-<version>.tgz`
 * into an empty folder, and every command run there with `npx`, with none of this repository's files or
 * node_modules in reach.
 *
 * No network: the package has no runtime dependencies (the CLI bundle carries everything it uses), so the
 * install needs nothing from a registry or the npm cache. `--offline` makes npm fail (ENOTCACHED) instead
 * of fetching, should a runtime dependency ever creep back in; the test then says so below.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { INPUT_DIR, OUTPUT_DIR, ROOT, TEMPLATES_DIR } from './support/fixtures';
import { tsFiles } from './support/sources';

interface Manifest {
  version: string;
  bin: Record<string, string>;
  files: string[];
  dependencies?: Record<string, string>;
  scripts: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** The environment without the variables of the `npm test` that runs us (they would steer the inner npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('AWS_')) continue;
    if (key.toLowerCase().startsWith('npm_') && key.toLowerCase() !== 'npm_config_cache') continue;
    env[key] = value;
  }
  return {
    ...env,
    NO_COLOR: '1',
    // `diff` runs the real credential chain: give it nothing to find and no instance metadata to ask.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(ROOT, 'does-not-exist', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'does-not-exist', 'credentials'),
  };
}

/** The CLI build's own list of what it wrote (esbuild's metafile; `build:cli` empties dist/cli/ first). */
const BUILD_META = join(ROOT, 'dist', 'cli-meta.json');

/**
 * The build to pack is newer than every source it bundles: `npm test` builds right before jest, but a file
 * run alone (`npx jest test/package.test.ts`) after an edit would otherwise test the code before it.
 */
function assertFreshBuild(): void {
  if (!existsSync(BUILD_META)) throw new Error(`${BUILD_META} is missing: run \`npm run build\` (npm test does)`);
  const built = statSync(BUILD_META).mtimeMs;
  const newer = ['cli', 'preview', 'src'].flatMap(tsFiles).find((file) => statSync(join(ROOT, file)).mtimeMs > built);
  if (newer !== undefined) throw new Error(`dist/ is older than ${newer}: run \`npm run build\` (npm test does)`);
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 120_000 });
}

describe('the npm package', () => {
  let work: string;
  let project: string;
  let packed: { filename: string; files: Array<{ path: string }> };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ecs-batch-scheduler-package-'));
    project = join(work, 'project');
    mkdirSync(project);

    assertFreshBuild();
    const pack = npm(['pack', '--offline', '--ignore-scripts', '--json', '--pack-destination', project], ROOT);
    if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    [packed] = JSON.parse(pack.stdout) as [typeof packed];

    const install = npm(['install', '--save-dev', '--offline', '--no-audit', '--no-fund', `./${packed.filename}`], project);
    if (install.status !== 0) {
      throw new Error(`npm install --offline of the tarball failed (a runtime dependency that is not bundled?):\n${install.stderr}`);
    }
    const copied = [join(TEMPLATES_DIR, 'nightly-jobs.yaml'), join(INPUT_DIR, 'error_article_mistakes.yaml'), join(ROOT, '.pre-commit-hooks.yaml'), join(ROOT, 'test', 'fixtures', 'cli', 'github_workflow.yml')];
    for (const file of copied) copyFileSync(file, join(project, basename(file)));
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  const npx = (...args: string[]): SpawnSyncReturns<string> => spawnSync('npx', ['--offline', 'ecs-batch-scheduler', ...args], { cwd: project, encoding: 'utf8', env: cleanEnv(), timeout: 60_000 });
  /** The link npm made in node_modules/.bin, which npx runs (without npx's own start-up time). */
  const bin = (...args: string[]): SpawnSyncReturns<string> => spawnSync(join(project, 'node_modules', '.bin', 'ecs-batch-scheduler'), args, { cwd: project, encoding: 'utf8', env: cleanEnv(), timeout: 60_000 });

  it('holds the built CLI with its chunks, the docs, the licence, the schema and the cfn-lint rule, and no sources or tests', () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(packed.filename).toBe(`ecs-batch-scheduler-${manifest.version}.tgz`);
    expect(paths).toEqual(expect.arrayContaining(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json', manifest.bin['ecs-batch-scheduler'], 'schema/batch-command-schedule.schema.json', 'cfn-lint-rules/BatchCommandSchedule.py']));
    expect(paths.filter((p) => p.startsWith('dist/cli/chunks/')).length).toBeGreaterThan(1);
    // The licences of the bundled packages travel with their code.
    const notices = readFileSync(join(project, 'node_modules', 'ecs-batch-scheduler', 'dist', 'cli', 'THIRD_PARTY_NOTICES.md'), 'utf8');
    for (const name of ['yaml', '@aws-sdk/client-cloudformation', 'aws-local-stepfunctions']) expect(notices).toMatch(new RegExp(`^- ${name}@\\d`, 'm'));
    expect(notices).toContain('Apache License');
    expect(paths.filter((p) => !/^(dist\/cli\/|schema\/|cfn-lint-rules\/|[A-Z]+\.md$|LICENSE$|package\.json$)/.test(p))).toEqual([]);
  });

  it('packs what a publish packs: the build `prepare` makes, no other pack or publish script skipped, no file that build did not write', () => {
    // `--ignore-scripts` skips every lifecycle script of the pack; `prepare` (the build) is the only one, and
    // it is the build `npm test` ran before jest.
    const lifecycle = Object.keys(manifest.scripts).filter((name) => /^(pre|post)?(pack|publish)$|^prepublishOnly$|^prepare$/.test(name));
    expect({ lifecycle, prepare: manifest.scripts['prepare'], test: manifest.scripts['test'] }).toEqual({
      lifecycle: ['prepare'],
      prepare: 'npm run build',
      test: expect.stringMatching(/&& npm run build && jest$/) as unknown,
    });
    // Nothing left over in dist/ from an earlier build: exactly what the CLI build wrote.
    const meta = JSON.parse(readFileSync(BUILD_META, 'utf8')) as { outputs: Record<string, unknown> };
    const written = [...Object.keys(meta.outputs), 'dist/cli/db.json.gz', 'dist/cli/THIRD_PARTY_NOTICES.md'].sort();
    expect(packed.files.map((f) => f.path).filter((path) => path.startsWith('dist/')).sort()).toEqual(written);
  });

  it('has no runtime dependencies: everything the CLI uses is in its bundle (add packages as devDependencies)', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.version).toMatch(/^0\.\d+\.\d+$/);
    expect(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['ecs-batch-scheduler']);
  });

  it('runs validate from the installed tarball: a valid template exits 0, a broken one 1 with file:line:column', () => {
    const valid = npx('validate', 'nightly-jobs.yaml');
    expect({ status: valid.status, stdout: valid.stdout }).toEqual({ status: 0, stdout: '✓ nightly-jobs.yaml: valid (1 Custom::BatchCommandSchedule, 3 schedules)\n' });
    const broken = bin('validate', '--format', 'github', 'error_article_mistakes.yaml');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('file=error_article_mistakes.yaml,line=22,col=11::is not a known property');
    // Piped, it writes no colour, even when the environment asks for it.
    const text = spawnSync(join(project, 'node_modules', '.bin', 'ecs-batch-scheduler'), ['validate', 'error_article_mistakes.yaml'], { cwd: project, encoding: 'utf8', env: { ...cleanEnv(), FORCE_COLOR: '1' }, timeout: 60_000 });
    expect({ status: text.status, colour: text.stdout.includes('\u001b[') }).toEqual({ status: 1, colour: false });
  });

  it('runs expand, next-runs, simulate (the local engine chunk), diff, status, history, run and logs (the AWS SDK chunks) from the installed tarball', () => {
    expect(JSON.parse(bin('expand', 'nightly-jobs.yaml').stdout)).toEqual(JSON.parse(readFileSync(join(OUTPUT_DIR, 'template_nightly-jobs.json'), 'utf8')));
    expect(bin('next-runs', 'nightly-jobs.yaml', '--now', '2027-01-01T00:00:00Z', '--count', '1').status).toBe(0);
    const run = bin('simulate', 'nightly-jobs.yaml', 'NightlyJobs.ImportCustomers');
    expect({ status: run.status, last: run.stdout.trim().split('\n').pop() }).toEqual({ status: 0, last: 'Execution SUCCEEDED' });
    const diff = bin('diff', 'nightly-jobs.yaml', '--stack', 'jobs', '--region', 'eu-central-1');
    expect({ status: diff.status, stderr: diff.stderr }).toEqual({ status: 2, stderr: expect.stringMatching(/^ecs-batch-scheduler diff: no AWS credentials found/m) as unknown });
    // The operate commands load the CloudFormation, Step Functions, EventBridge, Scheduler, ECS and Logs chunks.
    for (const args of [['status'], ['history', 'NightlyJobs.ImportCustomers'], ['run', 'NightlyJobs.ImportCustomers'], ['logs', 'NightlyJobs.ImportCustomers']]) {
      const operate = bin(...args, '--stack', 'jobs', '--region', 'eu-central-1');
      expect({ args, status: operate.status, stderr: operate.stderr }).toEqual({ args, status: 2, stderr: expect.stringMatching(new RegExp(`^ecs-batch-scheduler ${args[0] ?? ''}: no AWS credentials found`, 'm')) as unknown });
    }
    expect(bin('--version').stdout).toBe(`${manifest.version}\n`);
  });

  it('the pre-commit hook runs its entry on the files of a commit: templates are checked, other YAML/JSON skipped', () => {
    // Prepare: the hook as pre-commit reads it, and the files a commit might touch.
    // `bin` runs node_modules/.bin/ecs-batch-scheduler: the entry's command, as asserted below.
    const [hook, ...others] = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; language: string; files: string }>;
    const [command, ...args] = hook?.entry.split(' ') ?? [];
    const touched = ['nightly-jobs.yaml', '.pre-commit-hooks.yaml', 'github_workflow.yml', 'package.json', 'README.md'];
    const passed = touched.filter((file) => new RegExp(hook?.files ?? '$^').test(file));

    // Act
    const clean = bin(...args, ...passed);
    const broken = bin(...args, ...passed, 'error_article_mistakes.yaml');

    // Assess
    expect(others).toEqual([]);
    expect(hook).toMatchObject({ id: 'ecs-batch-scheduler-validate', language: 'node' });
    expect(command).toBe(Object.keys(manifest.bin)[0]);
    expect(passed).toEqual(['nightly-jobs.yaml', '.pre-commit-hooks.yaml', 'github_workflow.yml', 'package.json']);
    expect({ status: clean.status, stdout: clean.stdout }).toEqual({
      status: 0,
      stdout: [
        '✓ nightly-jobs.yaml: valid (1 Custom::BatchCommandSchedule, 3 schedules)',
        ...passed.slice(1).map((file) => `- ${file}: nothing to check (no Custom::BatchCommandSchedule, no EcsBatchScheduler transform)`),
        '',
      ].join('\n'),
    });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('error_article_mistakes.yaml:22:11: error NightlyJobs.Schedules.Cleanup.Commands');
  });
});
