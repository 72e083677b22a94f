/**
 * `ecs-batch-scheduler`: preview what the macro will generate, locally and without AWS. A thin adapter:
 * read a file, call the library, print. Exit codes: 0 success, 1 the template has errors, 2 usage.
 */
import { formatIssue, normaliseIssues, type Result } from '../src';
import { toYaml } from '../preview/cfnYaml';
import type { JsonObject } from '../src/json';
import { COMMANDS, oneLine, runCommand } from './commands';
import { EXIT, TemplateLoadError, UsageError, VERSION, expandTemplate, loadTemplate, paramsOf, parseOptions } from './common';

const USAGE = `Usage: ecs-batch-scheduler expand <template.yaml|json> [--format json|yaml] [--param Name=Value ...]

Expands every Custom::BatchCommandSchedule in the template exactly as the EcsBatchScheduler macro
would at deploy time, and prints the resulting template (JSON by default). Parameter values default to
the template's Default values; --param overrides one (repeatable).

Exit codes: 0 expanded, 1 the template has errors (printed, one per line), 2 wrong usage.`;

export type { CliIo } from './common';
import type { CliIo } from './common';

interface ExpandArgs {
  readonly file: string;
  readonly format: 'json' | 'yaml';
  readonly params: Record<string, string>;
}

function expandArgs(args: readonly string[]): ExpandArgs {
  const parsed = parseOptions(args, { values: ['--format'], repeated: ['--param'] });
  const format = parsed.options['--format'] ?? 'json';
  if (format !== 'json' && format !== 'yaml') throw new UsageError(`--format takes json or yaml, got "${format}"`);
  const [file, extra] = parsed.positional;
  if (file === undefined) throw new UsageError('missing template file');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  return { file, format, params: paramsOf(parsed.repeated['--param']) };
}

/** Runs one command; `expand` answers synchronously, the preview commands (see ./commands) may not. */
export function main(args: readonly string[], io: CliIo): number | Promise<number> {
  try {
    return expandMain(args, io);
  } catch (error) {
    io.stderr(`${oneLine(args[0] ?? '', error)}\n`);
    return 1;
  }
}

function expandMain(args: readonly string[], io: CliIo): number | Promise<number> {
  if (args[0] === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (args[0] !== undefined && COMMANDS.includes(args[0])) return runCommand(args[0], args.slice(1), io);
  if (args[0] === undefined || args[0] === '--help' || args[0] === '-h') {
    if (args[0] === undefined) io.stderr(`ecs-batch-scheduler: missing command\n\n${TOP_USAGE}\n`);
    else io.stdout(`${TOP_USAGE}\n`);
    return args[0] === undefined ? 2 : 0;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args[0] !== 'expand') {
    io.stderr(`ecs-batch-scheduler: unknown command "${args[0]}"\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  let parsed: ExpandArgs;
  let result: Result<JsonObject>;
  try {
    parsed = expandArgs(args.slice(1));
    result = expandTemplate(loadTemplate(io, parsed.file), parsed.params);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ecs-batch-scheduler: ${error.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    if (error instanceof TemplateLoadError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
  if (result.status === 'failure') {
    for (const issue of normaliseIssues(result.issues)) io.stderr(`${parsed.file}: ${formatIssue(issue)}\n`);
    return EXIT.findings;
  }
  io.stdout(parsed.format === 'yaml' ? toYaml(result.value) : `${JSON.stringify(result.value, null, 2)}\n`);
  return 0;
}

const TOP_USAGE = `Usage: ecs-batch-scheduler <command> [options]   (--help on each command)

Commands:
  expand <file>                      print the template as the macro expands it
  validate <file>...                 every error, with file:line:column (text, json, github, sarif)
  next-runs <file>                   the next fire times of each schedule, in UTC and local time
  simulate <file> <Resource>.<Name>  run the generated state machine locally against a fake ECS
  diff <file> --stack NAME           what a deploy would add, remove, modify and replace

After the deploy (from the deployed stack alone; AWS credentials from the SDK's chain, --region, --profile):
  status --stack NAME                every schedule: state, next fire times, runs going on, last runs
  history --stack NAME <Res>.<Name>  the runs of one schedule, with exit codes
  run --stack NAME <Res>.<Name>      start a run now with the schedule's input (--wait, --env K=V)
  logs --stack NAME <Res>.<Name>     the container output of a run, every step (--follow)

--version prints the version. Exit codes: 0 success, 1 findings (errors, a failed run, differences), 2 wrong
usage or AWS access.`;
