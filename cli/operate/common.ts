/** What status, history, run and logs share: stack options, errors as one line, and how a run is shown. */
import type { DeployedSchedule } from '../../preview/operate/stack';
import { findSchedule } from '../../preview/operate/stack';
import { runOutcome, type RunSummary } from '../../preview/operate/runs';
import { AwsAccessError, loadStack, type AwsOptions, type DeployedStack } from '../aws';
import { EXIT, formatOption, UsageError, type CliIo, type ParsedArgs, type Style } from '../common';

/** Options every operate command takes. */
export const STACK_OPTIONS = ['--stack', '--region', '--profile', '--format'] as const;

export const AWS_HELP = `  --region R, --profile P   the AWS region and profile (default: the SDK's chain: AWS_REGION, AWS_PROFILE,
                            ~/.aws/config, SSO, ...); AWS_ENDPOINT_URL points every call at another endpoint`;

interface StackArgs {
  readonly stack: string;
  readonly aws: AwsOptions;
  readonly format: 'text' | 'json';
}

export function stackArgs(parsed: ParsedArgs): StackArgs {
  const stack = parsed.options['--stack'];
  if (stack === undefined || stack === '') throw new UsageError('missing --stack NAME');
  const region = parsed.options['--region'];
  const profile = parsed.options['--profile'];
  return { stack, format: formatOption(parsed.options['--format']), aws: { ...(region === undefined ? {} : { region }), ...(profile === undefined ? {} : { profile }) } };
}

/** The one `<Resource>.<Schedule>` argument. */
export function targetArg(positional: readonly string[]): string {
  const [target, extra] = positional;
  if (target === undefined || !/^[A-Za-z0-9]+\.[A-Za-z0-9]+$/.test(target)) throw new UsageError('missing <Resource>.<Schedule>, e.g. NightlyJobs.ImportCustomers');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  return target;
}

/** A failure the user can act on, printed as one line with exit code 2 (not a usage error). */
export class OperateError extends AwsAccessError {}

/** The stack, and the schedule named by `target` in it (its state machine must exist). */
export async function stackSchedule(args: StackArgs, target: string, command: string): Promise<{ stack: DeployedStack; schedule: DeployedSchedule; stateMachineArn: string }> {
  const stack = await loadStack(args.stack, args.aws, command);
  const schedule = findSchedule(stack.shorthands, target, args.stack);
  if (typeof schedule === 'string') throw new OperateError(schedule);
  const machine = stack.shorthands.find((s) => s.resource === schedule.resource)?.stateMachineArn;
  if (machine === undefined) throw new OperateError(`the state machine ${schedule.resource} of stack "${args.stack}" does not exist (yet)`);
  return { stack, schedule, stateMachineArn: machine };
}

/**
 * Runs an operate command: AWS problems and anything unexpected become one line on stderr and exit 2,
 * never a stack trace. Usage errors go on to the caller, which prints the usage.
 */
export async function operate(command: string, io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = error instanceof AwsAccessError ? error.message : `unexpected error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    io.stderr(`ecs-batch-scheduler ${command}: ${message.split('\n')[0] ?? ''}\n`);
    return EXIT.usage;
  }
}

/** `2027-03-25 21:45:02 UTC`. */
export function formatTime(iso: string | undefined): string {
  return iso === undefined ? '-' : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** `3s`, `4m 12s`, `2h 05m`, `3d 04h`. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ${pad(Math.floor((seconds % 3600) / 60))}m`;
  return `${Math.floor(seconds / 86400)}d ${pad(Math.floor((seconds % 86400) / 3600))}h`;
}

const OUTCOME_WIDTH = 60;

/** One table row per run: start, duration, status, how it was started, outcome, execution ARN. */
export function runRow(run: RunSummary, style: Style): string[] {
  const colour = run.status === 'SUCCEEDED' ? style.green : run.status === 'RUNNING' || run.status === 'SKIPPED' ? style.yellow : style.red;
  const outcome = runOutcome(run);
  // A stop reason can be long (an image pull error): the table keeps its start, --format json has all of it.
  const shown = outcome.length > OUTCOME_WIDTH ? `${outcome.slice(0, OUTCOME_WIDTH - 3)}...` : outcome;
  return [formatTime(run.startDate), formatDuration(run.durationSeconds), colour(run.status), run.manual ? 'by hand' : 'scheduled', shown, style.dim(run.executionArn)];
}

export function nowOf(io: CliIo): number {
  return io.now?.() ?? Date.now();
}

export function sleepOf(io: CliIo): (ms: number) => Promise<void> {
  return io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
}
