/**
 * `simulate <file> <Resource>.<Schedule>`: runs the state machine the macro generates, whatever its shape,
 * with aws-local-stepfunctions, feeding it the exact input the schedule's trigger would send, against a fake
 * ECS that behaves like `ecs:runTask.sync` (FIELD_NOTES §3). Intrinsics are resolved for an example account
 * (123456789012, eu-central-1, stack "jobs") since nothing is deployed.
 */
import { isObject, type Json, type JsonObject } from '../src/json';
import { parameterValues } from '../src/template';
import { EXIT, formatOption, paramsOf, parseOptions, positiveInteger, styleFor, UsageError, type CliIo } from './common';
import { expandTemplate } from './expandTemplate';
import { loadTemplate } from './template';
import { resolve, substituteDefinition, ACCOUNT, REGION, STACK_NAME, type Env } from './simulation/resolve';

export const SIMULATE_USAGE = `Usage: ecs-batch-scheduler simulate <template.yaml|json> <Resource>.<Schedule> [--exit-code N] [--fail-step K] [--param Name=Value ...] [--format text|json]

Expands the template, then runs the generated state machine locally (aws-local-stepfunctions) with the
input the schedule's trigger sends, against a fake ECS. Prints each RunTask request ECS would receive,
the states the run passes through, and the final status (SUCCEEDED or FAILED, as Step Functions would).
  --exit-code N   the container's exit code (default 0); without --fail-step every task exits N
  --fail-step K   only the K-th RunTask call exits non-zero (with --exit-code, default 1)
Intrinsic functions are resolved for an example account ${ACCOUNT} in ${REGION}, stack "${STACK_NAME}".

Exit codes: 0 the run succeeded, 1 it failed (or the template has errors), 2 wrong usage.`;

const TRIGGER_TYPES = new Set(['AWS::Events::Rule', 'AWS::Scheduler::Schedule']);

export async function simulateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { values: ['--exit-code', '--fail-step', '--format'], repeated: ['--param'] });
  const format = formatOption(parsed.options['--format']);
  const exitCodeText = parsed.options['--exit-code'];
  if (exitCodeText !== undefined && !/^\d{1,3}$/.test(exitCodeText)) throw new UsageError(`--exit-code takes a number from 0 to 255, got "${exitCodeText}"`);
  const exitCode = exitCodeText === undefined ? undefined : Number(exitCodeText);
  const failStepText = parsed.options['--fail-step'];
  const failStep = failStepText === undefined ? undefined : positiveInteger('--fail-step', failStepText, 1);
  const [file, target, extra] = parsed.positional;
  if (file === undefined) throw new UsageError('missing template file');
  if (target === undefined || !/^[^.]+\.[^.]+$/.test(target)) throw new UsageError('missing <Resource>.<Schedule>, e.g. NightlyJobs.ImportCustomers');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const [resourceId, scheduleName] = target.split('.') as [string, string];

  const loaded = loadTemplate(io, file);
  const params = paramsOf(parsed.repeated['--param']);
  const result = expandTemplate(loaded, params);
  if (result.status === 'failure') {
    io.stderr(`${file}: the template has errors; run \`ecs-batch-scheduler validate ${file}\` to see them\n`);
    return EXIT.findings;
  }
  const expanded = result.value;
  const resources = expanded['Resources'] as JsonObject;
  const machine = resources[resourceId];
  if (!isObject(machine) || machine['Type'] !== 'AWS::StepFunctions::StateMachine') {
    io.stderr(`${file}: no Custom::BatchCommandSchedule named ${resourceId}\n`);
    return EXIT.usage;
  }
  const env: Env = { template: expanded, parameters: parameterValues(loaded.template, params) };
  const trigger = triggerOf(resources, resourceId, scheduleName);
  if (trigger === undefined) {
    io.stderr(`${file}: ${resourceId} has no schedule named ${scheduleName}\n`);
    return EXIT.usage;
  }
  const props = machine['Properties'] as JsonObject;
  const definition = substituteDefinition(props['Definition'] as Json, resolve(env, props['DefinitionSubstitutions'] ?? {}) as Record<string, Json>);
  let input: Json;
  try {
    input = JSON.parse(resolve(env, trigger.input) as string) as Json;
  } catch (error) {
    io.stderr(`${file}: the input ${trigger.type} ${resourceId}${scheduleName} sends does not resolve to valid JSON for the example account: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.findings;
  }

  const codes = failStep === undefined ? [exitCode ?? 0] : [...Array<number>(failStep - 1).fill(0), exitCode ?? 1, 0];
  // The local Step Functions engine is loaded only by this command, not at every start of the CLI.
  const { runLocally } = await import('./simulation/run');
  const { status, error, cause, output, runTaskCalls, otherCalls, steps } = await runLocally(definition, input, {
    exitCodes: codes,
    executionId: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${resourceId}:simulated`,
  });

  const report = {
    schedule: target,
    trigger: trigger.type,
    input,
    runTaskRequests: runTaskCalls,
    otherTaskRequests: otherCalls,
    states: steps,
    status,
    ...(error === undefined ? {} : { error, cause }),
    ...(output === undefined ? {} : { output }),
  };
  if (format === 'json') {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const style = styleFor(io);
    const lines = [`${style.bold(`Simulated run of ${target}`)} (${trigger.type} input, fake ECS, account ${ACCOUNT}, ${REGION})`, '', 'Execution input:', indent(JSON.stringify(input, null, 2)), ''];
    runTaskCalls.forEach((call, i) => {
      lines.push(`RunTask request ${i + 1} (state "${call.state}"):`, indent(JSON.stringify(call.request, null, 2)), '');
    });
    for (const call of otherCalls) lines.push(`Task request (state "${call.state}"):`, indent(JSON.stringify(call.request, null, 2)), '');
    lines.push('States:');
    for (const step of steps) lines.push(`  ${step.event.padEnd(9)} ${step.state}${step.detail === undefined ? '' : `  ${step.detail}`}`);
    lines.push('', status === 'SUCCEEDED' ? style.green('Execution SUCCEEDED') : `${style.red('Execution FAILED')}: ${error ?? ''}${cause === undefined ? '' : `\n${indent(`Cause: ${cause}`)}`}`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return status === 'SUCCEEDED' ? EXIT.ok : EXIT.findings;
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}

/** The trigger resource the macro generated for this schedule, and the execution input it sends. */
function triggerOf(resources: JsonObject, resourceId: string, scheduleName: string): { type: string; input: Json } | undefined {
  for (const suffix of ['Rule', 'Schedule']) {
    const r = resources[`${resourceId}${scheduleName}${suffix}`];
    if (!isObject(r) || typeof r['Type'] !== 'string' || !TRIGGER_TYPES.has(r['Type'])) continue;
    const p = r['Properties'] as JsonObject;
    const target = isObject(p['Target']) ? p['Target'] : Array.isArray(p['Targets']) ? (p['Targets'][0] as JsonObject) : undefined;
    if (target?.['Input'] !== undefined) return { type: r['Type'], input: target['Input'] };
  }
  return undefined;
}

