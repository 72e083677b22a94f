/**
 * `ecs-batch-scheduler`: preview what the macro will generate, locally and without AWS. A thin adapter:
 * read a file, call the library, print. Exit codes: 0 success, 1 the template has errors, 2 usage.
 */
import { expand, formatIssue, normaliseIssues } from '../src';
import { TemplateSyntaxError, parseTemplate, toYaml } from '../src/cfnYaml';
import { isObject } from '../src/json';
import { fragmentOf, parameterValues } from '../src/template';
import { COMMANDS, oneLine, runCommand } from './commands';
import { VERSION } from './common';

export const USAGE = `Usage: ecs-batch-scheduler expand <template.yaml|json> [--format json|yaml] [--param Name=Value ...]

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

function parseArgs(args: readonly string[]): ExpandArgs | string {
  const [command, ...rest] = args;
  if (command !== 'expand') return command === undefined ? 'missing command' : `unknown command "${command}"`;
  let file: string | undefined;
  let format: 'json' | 'yaml' = 'json';
  const params: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === '--format') {
      const value = rest[++i];
      if (value !== 'json' && value !== 'yaml') return `--format takes json or yaml, got ${value === undefined ? 'nothing' : `"${value}"`}`;
      format = value;
    } else if (arg === '--param') {
      const value = rest[++i] ?? '';
      const eq = value.indexOf('=');
      if (eq < 1) return `--param takes Name=Value, got "${value}"`;
      params[value.slice(0, eq)] = value.slice(eq + 1);
    } else if (arg.startsWith('-')) {
      return `unknown option "${arg}"`;
    } else if (file === undefined) {
      file = arg;
    } else {
      return `unexpected argument "${arg}"`;
    }
  }
  if (file === undefined) return 'missing template file';
  return { file, format, params };
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
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`ecs-batch-scheduler: ${parsed}\n\n${USAGE}\n`);
    return 2;
  }
  let template: unknown;
  try {
    template = parseTemplate(io.readFile(parsed.file));
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      io.stderr(`${parsed.file}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`ecs-batch-scheduler: cannot read ${parsed.file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (!isObject(template)) {
    io.stderr(`${parsed.file}: a template must be a map of sections (Resources, Parameters, ...)\n`);
    return 1;
  }
  const result = expand({ fragment: fragmentOf(template), templateParameterValues: parameterValues(template, parsed.params) });
  if (result.status === 'failure') {
    for (const issue of normaliseIssues(result.issues)) io.stderr(`${parsed.file}: ${formatIssue(issue)}\n`);
    return 1;
  }
  io.stdout(parsed.format === 'yaml' ? toYaml(result.value) : `${JSON.stringify(result.value, null, 2)}\n`);
  return 0;
}

export const TOP_USAGE = `Usage: ecs-batch-scheduler <command> [options]   (--help on each command)

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
