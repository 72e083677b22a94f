/**
 * The macro's output composes with the SAM transform: aws-sam-translator (the real translator, offline)
 * turns the expanded with_sam golden into plain CloudFormation, keeping every generated resource.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '../src/json';
import { loadTemplate, OUTPUT_DIR, ROOT } from './support/fixtures';
import { toolMissing } from './support/tools';

const probe = spawnSync('python3', ['-c', 'import samtranslator'], { encoding: 'utf8' });
const available = probe.status === 0;

describe('composition with AWS::Serverless-2016-10-31', () => {
  if (!available) {
    it('aws-sam-translator is installed (a failure under CI=true, never a skip)', () => {
      toolMissing('python3 -c "import samtranslator" failed: the SAM composition test did NOT run.');
    });
    return;
  }

  it('the SAM translator accepts the expanded template and keeps every generated resource', () => {
    // Prepare
    const golden = join(OUTPUT_DIR, 'with_sam.json');
    const expanded = JSON.parse(readFileSync(golden, 'utf8')) as JsonObject;

    // Act
    const result = spawnSync('python3', [join(ROOT, 'test', 'support', 'sam_translate.py'), golden], {
      encoding: 'utf8',
      env: { ...process.env, AWS_DEFAULT_REGION: 'eu-central-1' },
    });

    // Assess
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const translated = JSON.parse(result.stdout) as JsonObject;
    const resources = translated['Resources'] as Record<string, JsonObject>;
    for (const [id, resource] of Object.entries(expanded['Resources'] as Record<string, JsonObject>)) {
      if (resource['Type'] === 'AWS::Serverless::Function') continue;
      expect(resources[id]).toEqual(resource);
    }
    expect(resources['StartByHand']?.['Type']).toBe('AWS::Lambda::Function');
  });

  it('the SAM translator accepts the macro\'s own template.yaml as `sam package` leaves it, Serverless Application Repository metadata included', () => {
    // Prepare: what `sam build && sam package` hand to `sam publish`: local paths replaced by S3 URIs.
    const template = loadTemplate(join(ROOT, 'template.yaml')) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    const app: Record<string, unknown> = template['Metadata']?.['AWS::ServerlessRepo::Application'] ?? {};
    const fn = template['Resources']?.['MacroFunction']?.['Properties'];
    if (fn === undefined) throw new Error('template.yaml has no MacroFunction');
    fn['CodeUri'] = 's3://packaging-bucket/0123456789abcdef';
    app['LicenseUrl'] = 's3://packaging-bucket/license';
    app['ReadmeUrl'] = 's3://packaging-bucket/readme';
    const work = mkdtempSync(join(tmpdir(), 'ecs-batch-scheduler-sam-'));
    const packaged = join(work, 'packaged.json');
    writeFileSync(packaged, JSON.stringify(template));

    // Act
    const result = spawnSync('python3', [join(ROOT, 'test', 'support', 'sam_translate.py'), packaged], { encoding: 'utf8', env: { ...process.env, AWS_DEFAULT_REGION: 'eu-central-1' } });
    rmSync(work, { recursive: true, force: true });

    // Assess
    expect({ status: result.status, stderr: result.stderr, errors: result.status === 0 ? undefined : result.stdout }).toEqual({ status: 0, stderr: '', errors: undefined });
    const translated = JSON.parse(result.stdout) as { Metadata: JsonObject; Resources: Record<string, { Type: string; Properties: JsonObject }> };
    expect(translated.Metadata['AWS::ServerlessRepo::Application']).toEqual(app);
    expect(translated.Resources['MacroFunction']).toMatchObject({ Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: 'packaging-bucket', S3Key: '0123456789abcdef' }, Runtime: 'nodejs22.x' } });
    expect(translated.Resources['Macro']?.Type).toBe('AWS::CloudFormation::Macro');
  });
});
