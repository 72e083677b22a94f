/**
 * status, history, run (and diff, from the built binary) end to end, over real HTTP, against moto_server as the AWS endpoint
 * (AWS_ENDPOINT_URL), with the real SDK clients and credential chain (fake keys): a stack is created from
 * an expanded example template with the SDK, `run` starts an execution whose input is the rule's, and
 * `status` and `history` list it, marked as started by hand.
 *
 * What moto does not do, and where it is covered instead (test/operate.test.ts, with aws-sdk-client-mock):
 * - it never runs ECS tasks, and its Step Functions executions do not run the definition (it stores a
 *   `Definition` object as an empty definition): exit codes, stop reasons, skipped runs, several steps and
 *   `run --wait` are tested with recorded history events;
 * - it silently skips AWS::Scheduler::Schedule and AWS::IAM::RolePolicy in stacks: the Scheduler trigger
 *   (GetSchedule) is tested with mocks;
 * - it keeps a List<> parameter's default as one string: the parameters are passed explicitly here;
 * - CloudWatch Logs output of a task (`logs`) needs a task that ran: tested with mocks.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SFNClient, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli';
import { CLI_BIN, OUTPUT_DIR, TEMPLATES_DIR } from './support/fixtures';
import { motoInstalled, reportMissingMoto, startMoto, type Moto } from './support/moto';

const REGION = 'us-east-1';
const STACK = 'jobs';
const installed = motoInstalled();

describe('status, history and run against moto_server', () => {
  if (!installed) {
    it('moto_server is installed (a failure under CI=true, never a skip)', () => {
      reportMissingMoto('the end-to-end test of status, history and run');
    });
    return;
  }

  let moto: Moto | undefined;
  const saved = { ...process.env };
  const config = () => ({ region: REGION, endpoint: moto?.endpoint ?? '', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

  beforeAll(async () => {
    moto = await startMoto();
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) Reflect.deleteProperty(process.env, key);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(__dirname, 'does-not-exist'),
      AWS_SHARED_CREDENTIALS_FILE: join(__dirname, 'does-not-exist'),
    });
    // The macro's output for templates/nightly-jobs.yaml, deployed as an already expanded template.
    const template = readFileSync(join(OUTPUT_DIR, 'template_nightly-jobs.json'), 'utf8');
    const cfn = new CloudFormationClient(config());
    await cfn.send(
      new CreateStackCommand({
        StackName: STACK,
        TemplateBody: template,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [
          { ParameterKey: 'PrivateSubnets', ParameterValue: 'subnet-0123456789abcdef0,subnet-0fedcba9876543210' },
          { ParameterKey: 'JobsSecurityGroup', ParameterValue: 'sg-0123456789abcdef0' },
          { ParameterKey: 'Stage', ParameterValue: 'dev' },
        ],
      }),
    );
    const stack = await cfn.send(new DescribeStacksCommand({ StackName: STACK }));
    expect(stack.Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    cfn.destroy();
  }, 90_000);

  afterAll(async () => {
    process.env = saved;
    await moto?.stop();
  });

  it('run starts an execution with exactly the rule target Input, named manual-…', async () => {
    const template = JSON.parse(readFileSync(join(OUTPUT_DIR, 'template_nightly-jobs.json'), 'utf8')) as { Resources: Record<string, { Properties: { Targets: Array<{ Input: string }> } }> };
    const ruleInput = template.Resources['NightlyJobsImportCustomersRule']?.Properties.Targets[0]?.Input;

    const started = await runCli(['run', '--stack', STACK, 'NightlyJobs.ImportCustomers', '--region', REGION, '--format', 'json']);
    expect(started).toMatchObject({ code: 0, stderr: '' });
    const answer = JSON.parse(started.stdout) as { executionArn: string; name: string };
    expect(answer.name).toMatch(/^manual-\d{8}T\d{6}Z-[0-9a-f]{8}$/);

    const sfn = new SFNClient(config());
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: answer.executionArn }));
    sfn.destroy();
    expect(execution.input).toBe(ruleInput);
    expect(JSON.parse(execution.input ?? '')).toMatchObject({ schedule: 'ImportCustomers', commands: ['python', 'manage.py', 'import_customers'] });

    // The region from AWS_REGION this time.
    process.env['AWS_REGION'] = REGION;
    const history = await runCli(['history', '--stack', STACK, 'NightlyJobs.ImportCustomers']);
    Reflect.deleteProperty(process.env, 'AWS_REGION');
    expect(history.stderr).toBe('');
    expect(history.stdout).toContain(answer.executionArn);
    expect(history.stdout).toMatch(/by hand/);

    const status = await runCli(['status', '--stack', STACK, '--region', REGION, '--format', 'json']);
    expect(status.stderr).toBe('');
    const json = JSON.parse(status.stdout) as { schedules: Array<{ resource: string; schedule: string; state: string; lastRuns: Array<{ executionArn: string; manual: boolean }>; nextRuns: string[] }> };
    expect(json.schedules.map((s) => `${s.resource}.${s.schedule}`)).toEqual(['NightlyJobs.ImportCustomers', 'NightlyJobs.HourlyReport', 'NightlyJobs.MonthlyCleanup']);
    const imported = json.schedules[0];
    expect(imported?.state).toBe('ENABLED');
    expect(imported?.nextRuns).toHaveLength(3);
    expect(imported?.lastRuns).toEqual([expect.objectContaining({ executionArn: answer.executionArn, manual: true })]);
    expect(json.schedules[1]?.lastRuns).toEqual([]);
  }, 60_000);

  it('--env adds to the environment of the input; an unknown stack is one line, exit 2', async () => {
    const started = await runCli(['run', '--stack', STACK, 'NightlyJobs.ImportCustomers', '--region', REGION, '--env', 'MODE=partial', '--env', 'DRY_RUN=1', '--format', 'json']);
    expect(started.code).toBe(0);
    const { input } = JSON.parse(started.stdout) as { input: { environment: unknown } };
    expect(input.environment).toEqual([{ Name: 'MODE', Value: 'partial' }, { Name: 'DRY_RUN', Value: '1' }]);

    const missing = await runCli(['status', '--stack', 'nope', '--region', REGION]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')).toHaveLength(2);
    expect(missing.stderr).toMatch(/^ecs-batch-scheduler status: stack "nope" does not exist/);
  }, 60_000);

  it('logs of a run moto never ran: says that it started no ECS task, exit 1', async () => {
    const result = await runCli(['logs', '--stack', STACK, 'NightlyJobs.ImportCustomers', '--region', REGION]);
    expect(result).toMatchObject({ code: 1, stderr: '' });
    expect(result.stdout).toMatch(/^Run manual-\d{8}T\d{6}Z-[0-9a-f]{8} of NightlyJobs.ImportCustomers: /);
    expect(result.stdout).toContain('The run started no ECS task');
  }, 60_000);

  it('AWS_PROFILE and --profile: region and credentials from a profile, no AWS_ACCESS_KEY_ID', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebs-profile-'));
    try {
      writeFileSync(join(dir, 'config'), '[profile moto]\nregion = us-east-1\n');
      writeFileSync(join(dir, 'credentials'), '[moto]\naws_access_key_id = testing\naws_secret_access_key = testing\n');
      const env = { ...process.env };
      Reflect.deleteProperty(process.env, 'AWS_ACCESS_KEY_ID');
      Reflect.deleteProperty(process.env, 'AWS_SECRET_ACCESS_KEY');
      process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials');
      try {
        const flag = await runCli(['status', '--stack', STACK, '--profile', 'moto', '--format', 'json']);
        expect(flag.stderr).toBe('');
        expect(JSON.parse(flag.stdout)).toMatchObject({ stack: STACK, region: 'us-east-1' });
        process.env['AWS_PROFILE'] = 'moto';
        const variable = await runCli(['history', '--stack', STACK, 'NightlyJobs.ImportCustomers', '--format', 'json']);
        expect(variable.stderr).toBe('');
        expect((JSON.parse(variable.stdout) as { runs: unknown[] }).runs.length).toBeGreaterThanOrEqual(2);
      } finally {
        process.env = env;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the built binary runs diff: the resource specification ships with the package (a create-only property replaces)', () => {
    // Prepare: the deployed example, with a name given to its cluster (ClusterName cannot be updated in place).
    const dir = mkdtempSync(join(tmpdir(), 'ebs-diff-'));
    const file = join(dir, 'nightly-jobs.yaml');
    const text = readFileSync(join(TEMPLATES_DIR, 'nightly-jobs.yaml'), 'utf8').replace('Type: AWS::ECS::Cluster\n    Properties:\n', 'Type: AWS::ECS::Cluster\n    Properties:\n      ClusterName: batch\n');
    writeFileSync(file, text);
    try {
      // Act
      const params = ['--param', 'PrivateSubnets=subnet-0123456789abcdef0,subnet-0fedcba9876543210', '--param', 'JobsSecurityGroup=sg-0123456789abcdef0', '--param', 'Stage=dev'];
      const result = spawnSync(process.execPath, [CLI_BIN, 'diff', file, '--stack', STACK, '--region', REGION, ...params], { encoding: 'utf8', env: process.env, timeout: 60_000 });

      // Assess
      expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: expect.stringContaining('Stack jobs (deployed, processed)') as unknown });
      expect(result.stdout).toContain('!! Cluster  AWS::ECS::Cluster  (ClusterName)');
      expect(result.stdout).toMatch(/^0 to add, 0 to remove, 1 to modify \(1 of them by replacement\), 0 to replace$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the built binary (the package bin) runs status, its SDK clients loaded from their bundled chunks', () => {
    const result = spawnSync(process.execPath, [CLI_BIN, 'status', '--stack', STACK, '--region', REGION], { encoding: 'utf8', env: process.env, timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Stack jobs in us-east-1: 1 EcsBatchScheduler resource, 3 schedules/);
    expect(result.stdout).toContain('by hand');
  });
});
