/**
 * The CLI never prints a stack trace: a YAML alias bomb, a template whose trigger input holds `!Sub |`
 * scripts and quotes, and any unexpected error give a one-line message and exit 1 (2 for usage).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/fixtures';

const CLI = join(ROOT, 'dist', 'cli', 'bin.mjs');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ebs-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STACK_TRACE = /\n\s+at |^\s+at /m;

const SCRIPT = `Transform: EcsBatchScheduler
Parameters:
  Bucket: {Type: String, Default: my-bucket}
  Quote: {Type: String, Default: 'say "hi" \\ there'}
Resources:
  Jobs:
    Type: Custom::BatchCommandSchedule
    Properties:
      Cluster: batch
      TaskDefinition: app:1
      ContainerName: app
      Subnets: [subnet-0a1b2c3d]
      PassRoleArns: []
      Schedules:
        Sync:
          ScheduleExpression: rate(1 day)
          Command:
            - sh
            - -c
            - !Sub |
              aws s3 sync "s3://\${Bucket}/in" /data
              echo "\${Quote}" \\ done
`;

describe('the CLI on hostile or unusual input', () => {
  it.each(['expand', 'validate', 'next-runs'])('%s: a YAML alias bomb is a one-line error, exit 1', (command) => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const file = write('bomb.yaml', `Transform: EcsBatchScheduler\n${levels.join('\n')}\nResources: {}\n`);
    const result = cli([command, file]);
    expect(result.status).toBe(1);
    const output = `${result.stdout}${result.stderr}`.trim().split('\n');
    expect(output).toEqual([expect.stringMatching(/bomb\.yaml(:\d+:\d+)?: .*cannot be read: .*alias/)]);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('simulate hands the fake ECS a two-line !Sub | script with quotes and backslashes exactly', () => {
    const file = write('script.yaml', SCRIPT);
    const result = cli(['simulate', file, 'Jobs.Sync', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { runTaskRequests: Array<{ request: { Overrides: { ContainerOverrides: Array<{ Command: string[] }> } } }> };
    expect(report.runTaskRequests[0]?.request.Overrides.ContainerOverrides[0]?.Command).toEqual(['sh', '-c', 'aws s3 sync "s3://my-bucket/in" /data\necho "say "hi" \\ there" \\ done\n']);
  });

  it('validate no longer calls a template valid whose shorthand sits in an unexpanded Fn::ForEach', () => {
    const file = write('foreach.yaml', `Transform: [EcsBatchScheduler, AWS::LanguageExtensions]
Resources:
  Fn::ForEach::Jobs:
    - Name
    - [A, B]
    - Jobs\${Name}:
        Type: Custom::BatchCommandSchedule
        Properties: {Cluster: batch, TaskDefinition: app:1, ContainerName: app, Subnets: [subnet-0a1b2c3d], PassRoleArns: [], Schedules: {N: {ScheduleExpression: rate(1 day), Command: [run]}}}
`);
    const result = cli(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Fn::ForEach::Jobs holds a Custom::BatchCommandSchedule, which is expanded only when AWS::LanguageExtensions runs first: write "Transform: [AWS::LanguageExtensions, EcsBatchScheduler]"');
  });

  it('an error the example account cannot model (a condition it does not evaluate) is one line, exit 1', () => {
    const file = write('condition.yaml', SCRIPT.replace('Resources:', 'Conditions:\n  Odd: {"Fn::Contains": [[a], a]}\nResources:').replace('- sh\n', '- !If [Odd, sh, bash]\n'));
    const result = cli(['simulate', file, 'Jobs.Sync']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });
});
