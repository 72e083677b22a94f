/**
 * validate's machine formats: the rule of each finding, SARIF artifact URIs, and SARIF logs of every error
 * fixture checked against the SARIF 2.1.0 JSON schema (the one @microsoft/jest-sarif ships).
 */
import '@microsoft/jest-sarif';
import { readFileSync } from 'node:fs';
import { main } from '../cli/index';
import { artifactUri, ruleOf, sarifLog, type Finding } from '../preview/findings';
import type { JsonObject } from '../src/json';
import { fixtures } from './support/fixtures';

describe('ruleOf', () => {
  it.each([
    ['', '', 'Template'],
    ['Jobs', '', 'Resource'],
    ['Jobs', 'DeletionPolicy', 'DeletionPolicy'],
    ['Jobs', 'Properties', 'Properties'],
    ['Jobs', 'Cluster', 'Cluster'],
    ['Jobs', 'Subnets.0', 'Subnets'],
    ['Jobs', 'CapacityProviderStrategy.0.CapacityProvider', 'CapacityProviderStrategy'],
    ['Jobs', 'Tags.aws', 'Tags'],
    ['Jobs', 'Schedules', 'Schedules'],
    ['Jobs', 'Schedules.Nightly Report', 'Schedules'],
    ['Jobs', 'Schedules.Nightly.ScheduleExpression', 'Schedules.*.ScheduleExpression'],
    ['Jobs', 'Schedules.Nightly.Command.1', 'Schedules.*.Command'],
    ['Jobs', 'Schedules.Nightly.Environment.MODE', 'Schedules.*.Environment'],
    ['Jobs', 'Schedules.Nightly.Steps', 'Schedules.*.Steps'],
    ['Jobs', 'Schedules.Nightly.Steps.1.Environment', 'Schedules.*.Steps.*.Environment'],
    // A typo never becomes a rule of its own.
    ['Jobs', 'Retention', 'UnknownProperty'],
    ['Jobs', 'Schedules.Nightly.Comand', 'UnknownProperty'],
    ['Jobs', 'Schedules.Nightly.Steps.0.Comand', 'UnknownProperty'],
  ])('%s %s → %s', (logicalId, path, rule) => {
    expect(ruleOf({ logicalId, path, message: 'x' })).toBe(rule);
  });
});

describe('artifactUri', () => {
  it.each([
    ['templates/jobs.yaml', 'templates/jobs.yaml'],
    ['templates\\jobs.yaml', 'templates/jobs.yaml'],
    ['my templates/a#b?.yaml', 'my%20templates/a%23b%3F.yaml'],
    ['/home/ci/repo/jobs.yaml', 'file:///home/ci/repo/jobs.yaml'],
    ['C:\\repo\\jobs.yaml', 'file:///C:/repo/jobs.yaml'],
  ])('%s → %s', (file, uri) => {
    expect(artifactUri(file)).toBe(uri);
  });
});

describe('SARIF 2.1.0', () => {
  it('every error fixture, at once and with absolute paths, gives a log the SARIF schema accepts', async () => {
    // Prepare
    const files = fixtures().filter((f) => f.expectsError).map((f) => f.inputPath);
    let stdout = '';

    // Act
    const code = await main(['validate', '--format', 'sarif', ...files], { stdout: (t) => (stdout += t), stderr: () => undefined, readFile: (p) => readFileSync(p, 'utf8') });

    // Assess
    const log = JSON.parse(stdout) as { runs: Array<{ results: unknown[] }> };
    expect(code).toBe(1);
    expect(log).toBeValidSarifLog();
    expect(log.runs[0]?.results.length).toBeGreaterThan(files.length);
  });

  it('accepts a syntax error, a finding without a position and a log without findings; the schema check itself rejects a broken log', () => {
    const syntax: Finding = { file: 'broken.yaml', rule: 'TemplateSyntax', logicalId: '', path: '', message: 'Flow sequence must end with a ]\n\n  ^\n', line: 4, column: 3 };
    const templateWide: Finding = { file: 'jobs.json', rule: 'Template', logicalId: '', path: '', message: 'the template must be a JSON object, got a list' };
    expect(sarifLog([syntax, templateWide], { name: 'ecs-batch-scheduler', version: '0.1.0' })).toBeValidSarifLog();
    expect(sarifLog([], { name: 'ecs-batch-scheduler', version: '0.1.0' })).toBeValidSarifLog();

    const broken = sarifLog([{ ...syntax, line: 0 }], { name: 'ecs-batch-scheduler', version: '0.1.0' }) as JsonObject;
    expect(broken).not.toBeValidSarifLog();
    expect({ ...broken, version: '2.0.0' }).not.toBeValidSarifLog();
  });
});
