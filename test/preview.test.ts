/**
 * The preview commands (validate, next-runs, simulate, diff) against readable output snapshots in
 * test/fixtures/cli/*.txt: the command line, what it printed and its exit code. After an intended
 * change, rewrite them with `WRITE_CLI_SNAPSHOTS=1 npx jest test/preview.test.ts` and review the diff.
 */
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import '@microsoft/jest-sarif';
import { main } from '../cli/index';
import { githubAnnotation, subjectOf, type Finding } from '../preview/findings';
import { shorthandJsonSchema } from '../preview/jsonSchema';
import { locator } from '../preview/locate';
import { nextRuns } from '../preview/nextRuns';
import { parseTemplate } from '../preview/cfnYaml';
import type { JsonObject } from '../src/json';
import { CLI_DIR, expectSnapshot, rel, runCli, withoutAwsCredentials, type CliOptions } from './support/cli';
import { INPUT_DIR, OUTPUT_DIR, ROOT, TEMPLATES_DIR } from './support/fixtures';

const run = (args: string[], options: CliOptions = {}) => runCli(args, options);

/** What a function writes to the process's stdout (how @actions/core emits workflow commands). */
function writtenBy(act: () => void): string {
  let written = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return written;
}

describe('validate', () => {
  it('reports every error with file:line:column, in file order, exit 1', async () => {
    const result = await expectSnapshot('validate_article_mistakes', ['validate', rel(join(INPUT_DIR, 'error_article_mistakes.yaml'))]);
    expect(result.code).toBe(1);
    // The unknown key "Commands" is on line 22 of the fixture, column 11.
    expect(result.stdout).toContain('error_article_mistakes.yaml:22:11: error NightlyJobs.Schedules.Cleanup.Commands: is not a known property');
  });

  it('locates errors of many kinds, and points at the nearest enclosing node for a missing property', async () => {
    const result = await expectSnapshot('validate_all_at_once', ['validate', rel(join(INPUT_DIR, 'error_all_at_once.yaml'))]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter((l) => l.includes(': error ')).every((l) => /\.yaml:\d+:\d+: error /.test(l))).toBe(true);
  });

  it('shows each schedule\'s start deadline, "no success" alarm window and a paused resource', async () => {
    const result = await expectSnapshot('validate_monitoring', ['validate', rel(join(INPUT_DIR, 'monitoring.yaml')), rel(join(INPUT_DIR, 'monitoring_scheduler.yaml'))]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Jobs.Nightly: start deadline: 900 s');
    expect(result.stdout).toContain('Jobs.Nightly: alarm: no success within 1500 minutes (CloudWatch: 2 periods of 750 minutes)');
    expect(result.stdout).toContain("Reports.Daily: paused: the resource's State is DISABLED");
    const json = JSON.parse((await run(['validate', join(INPUT_DIR, 'monitoring.yaml'), '--format', 'json'])).stdout) as { watches: unknown[] };
    expect(json.watches).toContainEqual({ resource: 'Jobs', schedule: 'Hourly', watch: { startDeadlineSeconds: 120, alarmIfNoSuccessWithinMinutes: 90 } });
  });

  it.each(['article.yaml', 'nightly-jobs.yaml'])('accepts templates/%s, exit 0', async (file) => {
    await expectSnapshot(`validate_ok_${file.replace('.yaml', '')}`, ['validate', rel(join(TEMPLATES_DIR, file))]);
  });

  it('prints JSON with --format json', async () => {
    const result = await run(['validate', join(INPUT_DIR, 'error_article_mistakes.yaml'), '--format', 'json']);
    const json = JSON.parse(result.stdout) as { valid: boolean; errors: Array<{ line: number; column: number; path: string }> };
    expect(result.code).toBe(1);
    expect(json.valid).toBe(false);
    expect(json.errors).toContainEqual(expect.objectContaining({ path: 'Schedules.Cleanup.Commands', line: 22, column: 11 }));
  });

  it('checks several files and skips those that do not use the macro (what a pre-commit hook passes)', async () => {
    const files = [join(TEMPLATES_DIR, 'article.yaml'), join(CLI_DIR, 'github_workflow.yml'), join(ROOT, 'package.json'), join(INPUT_DIR, 'error_article_mistakes.yaml')];
    const result = await expectSnapshot('validate_several_files', ['validate', ...files.map(rel)]);
    expect(result.code).toBe(1);
    const json = JSON.parse((await run(['validate', ...files, '--format', 'json'])).stdout) as Array<{ file: string; skipped: boolean; valid: boolean }>;
    expect(json.map(({ skipped, valid }) => ({ skipped, valid }))).toEqual([
      { skipped: false, valid: true },
      { skipped: true, valid: true },
      { skipped: true, valid: true },
      { skipped: false, valid: false },
    ]);
  });

  it('reports a template that does not parse as a finding with its position, and still checks the other files', async () => {
    const broken = 'Transform: EcsBatchScheduler\nResources:\n  A: [1,\n  B: 2\n';
    const read = (p: string): string => (p === 'broken.yaml' ? broken : readFileSync(p, 'utf8'));
    let stdout = '';
    const code = await main(['validate', '--format', 'github', 'broken.yaml', join(INPUT_DIR, 'error_article_mistakes.yaml')], { stdout: (t) => (stdout += t), stderr: () => undefined, readFile: read });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error title=EcsBatchScheduler Template,file=broken.yaml,line=4,col=3::.*at line 4, column 3/);
    expect(stdout.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(5);
  });

  it('prints GitHub Actions annotations with --format github', async () => {
    const result = await expectSnapshot('validate_github', ['validate', '--format', 'github', rel(join(INPUT_DIR, 'error_article_mistakes.yaml')), rel(join(TEMPLATES_DIR, 'article.yaml'))]);
    expect(result.code).toBe(1);
  });

  it('writes every annotation byte for byte as GitHub\'s own toolkit (@actions/core) writes it', async () => {
    const file = rel(join(INPUT_DIR, 'error_all_at_once.yaml'));
    const ours = (await run(['validate', '--format', 'github', join(ROOT, file)])).stdout.replaceAll(ROOT + '/', '');
    const json = JSON.parse((await run(['validate', '--format', 'json', join(ROOT, file)])).stdout) as { errors: Finding[] };
    // Plus the characters GitHub's workflow commands escape: %, CR and LF, and in properties also : and ,.
    const odd: Finding = { file: 'odd,dir:50%/t.yaml', rule: 'Template', logicalId: 'Jobs', path: 'Schedules.A:B,C', message: '100% wrong:\r\nsecond line, with: colons', line: 3, column: 7 };
    const findings = [...json.errors.map((e) => ({ ...e, file })), odd, { ...odd, line: undefined, column: undefined }];
    const theirs = findings.map((f) => writtenBy(() => { core.error(f.message, { title: `EcsBatchScheduler ${subjectOf(f)}`, file: f.file, startLine: f.line, startColumn: f.column }); }));
    expect(json.errors.length).toBeGreaterThan(5);
    expect(ours + [odd, { ...odd, line: undefined, column: undefined }].map((f) => `${githubAnnotation(f)}\n`).join('')).toBe(theirs.join(''));
  });

  it('writes SARIF 2.1.0 with --format sarif, valid against the SARIF schema', async () => {
    const result = await expectSnapshot('validate_sarif', ['validate', '--format', 'sarif', rel(join(INPUT_DIR, 'error_article_mistakes.yaml')), rel(join(TEMPLATES_DIR, 'article.yaml'))]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toBeValidSarifLog();
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    const file = join(INPUT_DIR, 'error_article_mistakes.yaml');
    expect((await run(['validate', file], { isTty: true })).stdout).toContain('\u001b[31merror\u001b[39m');
    expect((await run(['validate', file], { isTty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await run(['validate', file])).stdout).not.toContain('\u001b[');
  });

  it('points an issue about a whole resource at its logical ID', () => {
    const text = 'Resources:\n  Jobs:\n    Type: Custom::BatchCommandSchedule\n    Properties:\n      Cluster: batch\n';
    expect(locator(text).locate({ logicalId: 'Jobs', path: '', message: 'x' })).toEqual({ line: 2, column: 3 });
    expect(locator(text).locate({ logicalId: 'Jobs', path: 'DeletionPolicy', message: 'x' })).toEqual({ line: 2, column: 3 });
    expect(locator(text).locate({ logicalId: 'Jobs', path: 'Cluster', message: 'x' })).toEqual({ line: 5, column: 16 });
    expect(locator(text).locate({ logicalId: '', path: '', message: 'x' })).toBeUndefined();
  });

  it('exits 2 on wrong usage', async () => {
    expect((await run(['validate'])).code).toBe(2);
    expect((await run(['validate', 'a.yaml', '--frobnicate'])).stderr).toMatch(/unknown option "--frobnicate"/);
    expect((await run(['validate', join(ROOT, 'nope.yaml')])).code).toBe(2);
  });
});

describe('next-runs', () => {
  const dst = rel(join(CLI_DIR, 'dst_scheduler.yaml'));

  it('Scheduler in Europe/Berlin around the spring change: 02:30 does not exist on 28 March and is skipped', async () => {
    const result = await expectSnapshot('next_runs_dst_spring', ['next-runs', dst, '--now', '2027-03-26T12:00:00Z', '--count', '4']);
    expect(result.stdout).toContain('2027-03-28 02:30 does not exist in Europe/Berlin');
    expect(result.stdout).toContain('2027-03-27 01:30 UTC  2027-03-27 Sat 02:30 Europe/Berlin (+01:00)');
    expect(result.stdout).toContain('2027-03-29 00:30 UTC  2027-03-29 Mon 02:30 Europe/Berlin (+02:00)');
  });

  it('Scheduler in Europe/Berlin around the autumn change: 02:30 on 31 October runs once', async () => {
    const result = await expectSnapshot('next_runs_dst_autumn', ['next-runs', dst, '--now', '2027-10-29T12:00:00Z', '--count', '4']);
    expect(result.stdout).toContain('2027-10-31 00:30 UTC  2027-10-31 Sun 02:30 Europe/Berlin (+02:00)');
    expect(result.stdout).not.toContain('2027-10-31 01:30 UTC');
    expect(result.stdout).toContain('2027-11-01 01:30 UTC  2027-11-01 Mon 02:30 Europe/Berlin (+01:00)');
  });

  it('a UTC rule shown in Europe/Berlin warns that the local time shifts and suggests the Scheduler', async () => {
    const result = await expectSnapshot('next_runs_rule_berlin', ['next-runs', rel(join(TEMPLATES_DIR, 'article.yaml')), '--tz', 'Europe/Berlin', '--now', '2027-03-26T12:00:00Z', '--count', '4']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('runs at 22:45 (UTC+01:00) and 23:45 (UTC+02:00)');
    expect(result.stdout).toContain('Trigger: EventBridgeScheduler with Timezone: Europe/Berlin and cron(45 22 * * ? *)');
  });

  it('shows the start deadline and the "no success" alarm window of each schedule', async () => {
    const result = await expectSnapshot('next_runs_monitoring', ['next-runs', rel(join(INPUT_DIR, 'monitoring.yaml')), '--tz', 'UTC', '--now', '2027-01-01T00:00:00Z', '--count', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('start deadline: 120 s');
    expect(result.stdout).toContain('alarm: no success within 90 minutes');
    const json = JSON.parse((await run(['next-runs', join(INPUT_DIR, 'monitoring.yaml'), '--now', '2027-01-01T00:00:00Z', '--format', 'json'])).stdout) as { schedules: Array<{ schedule: string; watch?: unknown }> };
    expect(json.schedules.map((s) => [s.schedule, s.watch])).toEqual([
      ['Nightly', { startDeadlineSeconds: 900, alarmIfNoSuccessWithinMinutes: 1500 }],
      ['Hourly', { startDeadlineSeconds: 120, alarmIfNoSuccessWithinMinutes: 90 }],
      ['Quarterly', { startDeadlineSeconds: 900 }],
    ]);
  });

  it('rate(...) counts from --now, and says so', async () => {
    const result = await expectSnapshot('next_runs_nightly_jobs', ['next-runs', rel(join(TEMPLATES_DIR, 'nightly-jobs.yaml')), '--tz', 'UTC', '--now', '2027-01-30T22:10:00Z', '--count', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rate: counted from now');
  });

  const template = (schedules: Record<string, string>, extra: JsonObject = {}): JsonObject => ({
    Resources: { Jobs: { Type: 'Custom::BatchCommandSchedule', Properties: { Trigger: 'EventBridgeScheduler', Timezone: 'UTC', ...extra, Schedules: Object.fromEntries(Object.entries(schedules).map(([k, v]) => [k, { ScheduleExpression: v }])) } } },
  });
  const utcRuns = (expression: string, now: string, count = 4): string[] =>
    (nextRuns(template({ S: expression }), { now: Date.parse(now), count, displayZone: 'UTC', override: false })[0]?.runs ?? []).map((r) => r.utc);

  it.each([
    // L: last day of the month (February 2028 is a leap year).
    ['cron(0 12 L * ? *)', '2028-01-15T00:00:00Z', ['2028-01-31T12:00:00.000Z', '2028-02-29T12:00:00.000Z', '2028-03-31T12:00:00.000Z', '2028-04-30T12:00:00.000Z']],
    // 1W: the 1st of May 2027 is a Saturday: the nearest weekday in the month is Monday the 3rd.
    ['cron(0 8 1W 5 ? *)', '2027-04-01T00:00:00Z', ['2027-05-03T08:00:00.000Z', '2028-05-01T08:00:00.000Z', '2029-05-01T08:00:00.000Z', '2030-05-01T08:00:00.000Z']],
    // LW: last weekday; July 2027 ends on a Saturday.
    ['cron(0 8 LW 7 ? 2027)', '2027-01-01T00:00:00Z', ['2027-07-30T08:00:00.000Z']],
    // 6L: last Friday; 2#1: first Monday; the year field bounds the list.
    ['cron(0 8 ? 1-2 6L 2027)', '2027-01-01T00:00:00Z', ['2027-01-29T08:00:00.000Z', '2027-02-26T08:00:00.000Z']],
    ['cron(15 6 ? * MON#1 2027-2028)', '2027-11-15T00:00:00Z', ['2027-12-06T06:15:00.000Z', '2028-01-03T06:15:00.000Z', '2028-02-07T06:15:00.000Z', '2028-03-06T06:15:00.000Z']],
    // Steps and lists, names, and a ? in day-of-month.
    ['cron(0/20 9,17 ? * SAT,SUN *)', '2027-01-01T00:00:00Z', ['2027-01-02T09:00:00.000Z', '2027-01-02T09:20:00.000Z', '2027-01-02T09:40:00.000Z', '2027-01-02T17:00:00.000Z']],
  ])('%s from %s', (expression, now, expected) => {
    expect(utcRuns(expression, now)).toEqual(expected);
  });

  it('at(...) runs once, in the schedule time zone, and warns when it is in the past', () => {
    const runs = (now: string) => nextRuns(template({ S: 'at(2027-03-01T04:00:00)' }, { Timezone: 'Europe/Berlin' }), { now: Date.parse(now), count: 5, displayZone: 'UTC', override: false })[0];
    expect(runs('2027-01-01T00:00:00Z')?.runs.map((r) => r.utc)).toEqual(['2027-03-01T03:00:00.000Z']);
    expect(runs('2027-04-01T00:00:00Z')?.warnings).toEqual(['at(...) is in the past: this one-time schedule never runs']);
  });

  it('at(...) at a local time that does not exist warns instead of guessing', () => {
    const result = nextRuns(template({ S: 'at(2027-03-28T02:30:00)' }, { Timezone: 'Europe/Berlin' }), { now: Date.parse('2027-01-01T00:00:00Z'), count: 5, displayZone: 'UTC', override: false })[0];
    expect(result?.runs).toEqual([]);
    expect(result?.warnings).toEqual(['2027-03-28T02:30:00 does not exist in Europe/Berlin (the clocks go forward then): pick another time']);
  });

  it('--tz changes only how a Scheduler schedule is shown, not when it runs', () => {
    const shown = (override: boolean) => nextRuns(template({ S: 'cron(0 9 * * ? *)' }, { Timezone: 'Europe/Berlin' }), { now: Date.parse('2027-06-01T00:00:00Z'), count: 1, displayZone: 'Asia/Tokyo', override })[0]?.runs[0];
    expect(shown(false)).toEqual({ utc: '2027-06-01T07:00:00.000Z', local: '2027-06-01 Tue 09:00', offset: '+02:00' });
    expect(shown(true)).toEqual({ utc: '2027-06-01T07:00:00.000Z', local: '2027-06-01 Tue 16:00', offset: '+09:00' });
  });

  it('a rule in a zone without daylight saving time gives no warning', () => {
    const result = nextRuns({ Resources: { J: { Type: 'Custom::BatchCommandSchedule', Properties: { Schedules: { A: { ScheduleExpression: 'cron(0 8 * * ? *)' } } } } } }, { now: 0, count: 1, displayZone: 'Asia/Tokyo', override: false });
    expect(result[0]).toMatchObject({ trigger: 'EventBridgeRule', timezone: 'UTC', warnings: [], runs: [{ utc: '1970-01-01T08:00:00.000Z', local: '1970-01-01 Thu 17:00', offset: '+09:00' }] });
  });

  it('StartDate and EndDate bound the runs; a rate starts at its StartDate; DISABLED is a warning', () => {
    const props = (schedule: JsonObject): JsonObject => ({ Resources: { J: { Type: 'Custom::BatchCommandSchedule', Properties: { Trigger: 'EventBridgeScheduler', Timezone: 'UTC', Schedules: { S: schedule } } } } });
    const options = { now: Date.parse('2027-01-01T00:00:00Z'), count: 3, displayZone: 'UTC', override: false };
    const cron = nextRuns(props({ ScheduleExpression: 'cron(0 8 * * ? *)', StartDate: '2027-02-01T00:00:00Z', EndDate: '2027-02-02T12:00:00Z' }), options)[0];
    expect(cron?.runs.map((r) => r.utc)).toEqual(['2027-02-01T08:00:00.000Z', '2027-02-02T08:00:00.000Z']);
    expect(cron?.notes).toEqual(['StartDate 2027-02-01T00:00:00.000Z: no run before it', 'EndDate 2027-02-02T12:00:00.000Z: no run after it']);
    const rate = nextRuns(props({ ScheduleExpression: 'rate(6 hours)', StartDate: '2027-02-01T00:00:00Z', State: 'DISABLED' }), options)[0];
    expect(rate?.runs.map((r) => r.utc)).toEqual(['2027-02-01T00:00:00.000Z', '2027-02-01T06:00:00.000Z', '2027-02-01T12:00:00.000Z']);
    expect(rate?.warnings).toEqual(['State: DISABLED: EventBridge does not run this schedule; shown is when it would run once enabled']);
  });

  it('reports what it cannot evaluate', () => {
    const result = nextRuns(template({ A: 'cron(0 8 * * * *)' }, { Timezone: 'Mars/Olympus' }), { now: 0, count: 1, displayZone: 'UTC', override: false });
    expect(result[0]?.error).toBe('"Mars/Olympus" is not an IANA time zone name (e.g. Europe/Berlin)');
    const ref = nextRuns({ Resources: { J: { Type: 'Custom::BatchCommandSchedule', Properties: { Schedules: { A: { ScheduleExpression: { Ref: 'Expr' } } } } } } }, { now: 0, count: 1, displayZone: 'UTC', override: false });
    expect(ref[0]?.error).toMatch(/intrinsic function/);
  });

  it('exits 2 for a bad --tz or --now', async () => {
    expect((await run(['next-runs', join(TEMPLATES_DIR, 'article.yaml'), '--tz', 'Berlin'])).code).toBe(2);
    expect((await run(['next-runs', join(TEMPLATES_DIR, 'article.yaml'), '--now', 'tomorrow'])).code).toBe(2);
  });
});

describe('simulate', () => {
  const nightly = rel(join(TEMPLATES_DIR, 'nightly-jobs.yaml'));

  it('prints the RunTask request, the states and SUCCEEDED', async () => {
    const result = await expectSnapshot('simulate_success', ['simulate', nightly, 'NightlyJobs.ImportCustomers']);
    expect(result.code).toBe(0);
  });

  it('a command exiting non-zero fails the run with States.TaskFailed, exit 1', async () => {
    const result = await expectSnapshot('simulate_exit_code', ['simulate', nightly, 'NightlyJobs.HourlyReport', '--exit-code', '3']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Execution FAILED: States.TaskFailed');
  });

  it('--fail-step K fails only the K-th RunTask call', async () => {
    const first = JSON.parse((await run(['simulate', nightly, 'NightlyJobs.ImportCustomers', '--fail-step', '1', '--format', 'json'])).stdout) as { status: string; states: Array<{ event: string }> };
    const second = JSON.parse((await run(['simulate', nightly, 'NightlyJobs.ImportCustomers', '--fail-step', '2', '--format', 'json'])).stdout) as { status: string; runTaskRequests: unknown[] };
    expect(first.status).toBe('FAILED');
    expect(first.states.some((s) => s.event === 'failed')).toBe(true);
    // One step today: a second call never happens, so the run succeeds (multi-step schedules fail at K).
    expect(second).toMatchObject({ status: 'SUCCEEDED' });
    expect(second.runTaskRequests).toHaveLength(1);
  });

  it('a multi-step schedule: --fail-step 2 runs the first step, fails the second, stops and alerts', async () => {
    const berlin = rel(join(TEMPLATES_DIR, 'berlin-reports.yaml'));
    const result = await expectSnapshot('simulate_steps_fail_step', ['simulate', berlin, 'Reports.Nightly', '--fail-step', '2']);
    expect(result.code).toBe(1);
    const json = JSON.parse((await run(['simulate', berlin, 'Reports.Nightly', '--fail-step', '2', '--format', 'json'])).stdout) as { status: string; runTaskRequests: unknown[] };
    expect(json.status).toBe('FAILED');
    expect(json.runTaskRequests).toHaveLength(2);
    expect(result.stdout).toContain('NotifyFailure');
  });

  it('exits 2 for an unknown resource or schedule', async () => {
    expect((await run(['simulate', nightly, 'Nope.ImportCustomers'])).code).toBe(2);
    expect((await run(['simulate', nightly, 'NightlyJobs.Nope'])).stderr).toMatch(/no schedule named Nope/);
    expect((await run(['simulate', nightly])).code).toBe(2);
  });
});

describe('diff', () => {
  const cfn = mockClient(CloudFormationClient);
  const nightly = join(TEMPLATES_DIR, 'nightly-jobs.yaml');
  const deployedNightly = JSON.parse(readFileSync(join(OUTPUT_DIR, 'template_nightly-jobs.json'), 'utf8')) as JsonObject;
  afterEach(() => cfn.reset());
  afterAll(() => { cfn.restore(); });

  /** The deployed processed template, changed the way an older version of the file would have been. */
  function deployed(change: (resources: Record<string, unknown>) => void): string {
    const copy = structuredClone(deployedNightly);
    change(copy['Resources'] as Record<string, unknown>);
    return JSON.stringify(copy);
  }

  it('no differences against the same template, exit 0', async () => {
    cfn.on(GetTemplateCommand, { StackName: 'jobs', TemplateStage: 'Processed' }).resolves({ TemplateBody: JSON.stringify(deployedNightly) });
    const result = await run(['diff', nightly, '--stack', 'jobs', '--region', 'eu-central-1']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('No differences');
  });

  it('an added schedule: its rule is added', async () => {
    cfn.on(GetTemplateCommand).resolves({
      TemplateBody: deployed((r) => {
        delete r['NightlyJobsMonthlyCleanupRule'];
      }),
    });
    const result = await expectSnapshotWithMock('diff_added_schedule', nightly);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('+ NightlyJobsMonthlyCleanupRule  AWS::Events::Rule');
  });

  it('a removed schedule: its rule is removed', async () => {
    cfn.on(GetTemplateCommand).resolves({
      // The deployed stack still has a WeeklyAudit schedule that the file no longer has.
      TemplateBody: deployed((r) => {
        r['NightlyJobsWeeklyAuditRule'] = structuredClone(r['NightlyJobsMonthlyCleanupRule']);
      }),
    });
    const result = await expectSnapshotWithMock('diff_removed_schedule', nightly);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('- NightlyJobsWeeklyAuditRule  AWS::Events::Rule');
    expect(result.stdout).not.toContain('REPLACED');
  });

  it('a renamed shorthand: every generated resource is loudly REPLACED', async () => {
    const renamed = JSON.stringify(deployedNightly).replace(/NightlyJobs/g, 'BatchJobs');
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: renamed });
    const result = await expectSnapshotWithMock('diff_renamed_shorthand', nightly);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('!! BatchJobs → NightlyJobs  AWS::StepFunctions::StateMachine');
    expect(result.stdout).toContain('!! BatchJobsImportCustomersRule → NightlyJobsImportCustomersRule  AWS::Events::Rule');
  });

  it('a property that cannot be updated in place: the resource is loudly REPLACED, an in-place change is only modified', async () => {
    cfn.on(GetTemplateCommand).resolves({
      // An older expansion: the log group had another name and the state machine was EXPRESS (both replace
      // the resource, per the CloudFormation resource specification); a rule's schedule changes in place.
      TemplateBody: deployed((r) => {
        const logGroup = r['NightlyJobsLogGroup'] as { Properties: Record<string, unknown> };
        logGroup.Properties['LogGroupName'] = { 'Fn::Sub': '/aws/vendedlogs/states/${AWS::StackName}-NightlyJobs' };
        (r['NightlyJobs'] as { Properties: Record<string, unknown> }).Properties['StateMachineType'] = 'EXPRESS';
        (r['NightlyJobsHourlyReportRule'] as { Properties: Record<string, unknown> }).Properties['ScheduleExpression'] = 'rate(2 hours)';
      }),
    });
    const result = await expectSnapshotWithMock('diff_property_replacement', nightly);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('!! NightlyJobs  AWS::StepFunctions::StateMachine  (StateMachineType)');
    expect(result.stdout).toContain('!! NightlyJobsLogGroup  AWS::Logs::LogGroup  (LogGroupName)');
    expect(result.stdout).not.toMatch(/!! NightlyJobsHourlyReportRule/);
    expect(result.stdout).toContain('~ NightlyJobsHourlyReportRule  AWS::Events::Rule  (Properties.ScheduleExpression)');
  });

  it('the same replacements in JSON, beside the modifications', async () => {
    cfn.on(GetTemplateCommand).resolves({
      TemplateBody: deployed((r) => {
        (r['NightlyJobs'] as { Properties: Record<string, unknown> }).Properties['StateMachineType'] = 'EXPRESS';
      }),
    });
    const result = await run(['diff', nightly, '--stack', 'jobs', '--region', 'eu-central-1', '--format', 'json']);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as JsonObject;
    expect(parsed['modified']).toEqual([{ logicalId: 'NightlyJobs', type: 'AWS::StepFunctions::StateMachine', paths: ['Properties.StateMachineType'] }]);
    expect(parsed['replacedByProperty']).toEqual([{ logicalId: 'NightlyJobs', type: 'AWS::StepFunctions::StateMachine', properties: ['StateMachineType'], certain: true }]);
  });

  it('an unknown stack: a clear message, exit 2', async () => {
    cfn.on(GetTemplateCommand).rejects(Object.assign(new Error('Stack with id nope does not exist'), { name: 'ValidationError' }));
    const result = await run(['diff', nightly, '--stack', 'nope', '--region', 'eu-central-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('ecs-batch-scheduler diff: stack "nope" does not exist in this account and region (Stack with id nope does not exist)\n');
  });

  it('throttling: a clear message, exit 2', async () => {
    cfn.on(GetTemplateCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    const result = await run(['diff', nightly, '--stack', 'jobs', '--region', 'eu-central-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/throttled/);
  });

  it('requires --stack', async () => {
    expect((await run(['diff', nightly])).code).toBe(2);
  });

  async function expectSnapshotWithMock(name: string, file: string) {
    return expectSnapshot(name, ['diff', rel(file), '--stack', 'jobs', '--region', 'eu-central-1']);
  }
});

describe('diff with the real credential chain and no credentials', () => {
  withoutAwsCredentials();

  it('says that no credentials were found, exit 2, without touching the network', async () => {
    const result = await run(['diff', join(TEMPLATES_DIR, 'nightly-jobs.yaml'), '--stack', 'jobs', '--region', 'eu-central-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ecs-batch-scheduler diff: no AWS credentials found/);
  });
});

// The built binary runs these commands from the installed package, piped and so without colour: test/package.test.ts.

describe('JSON Schema', () => {
  it('the committed schema is the one generated from src/schema.ts (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(join(ROOT, 'schema', 'batch-command-schedule.schema.json'), 'utf8');
    expect(committed).toBe(`${JSON.stringify(shorthandJsonSchema(), null, 2)}\n`);
  });

  it('parses as JSON Schema with intrinsics allowed and unknown properties rejected', () => {
    const schema = parseTemplate(readFileSync(join(ROOT, 'schema', 'batch-command-schedule.schema.json'), 'utf8')) as JsonObject;
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(schema['required']).toEqual(expect.arrayContaining(['Cluster', 'TaskDefinition', 'Schedules']) as unknown);
  });
});
