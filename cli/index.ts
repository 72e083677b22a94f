/**
 * `ecs-batch-scheduler`: preview what the macro will generate, locally and without AWS. A thin adapter:
 * read a file, call the library, print. Exit codes: 0 success, 1 the template has errors, 2 usage.
 * This module only dispatches (and answers --help and --version): each command, `expand` too, is imported
 * when it runs (./commands, ./expand), so a command starts without loading the code of the others.
 */
import { COMMANDS, oneLine, runCommand } from './commands';
import { EXIT, VERSION } from './common';

export const USAGE = `Usage: ecs-batch-scheduler expand <template.yaml|json> [--format json|yaml] [--param Name=Value ...]

Expands every Custom::BatchCommandSchedule in the template exactly as the EcsBatchScheduler macro
would at deploy time, and prints the resulting template (JSON by default). Parameter values default to
the template's Default values; --param overrides one (repeatable).

Exit codes: 0 expanded, 1 the template has errors (printed, one per line), 2 wrong usage.`;

export type { CliIo } from './common';
import type { CliIo } from './common';

/** Runs one command; --help and --version answer synchronously, the commands (loaded when they run) do not. */
export function main(args: readonly string[], io: CliIo): number | Promise<number> {
  const failed = (error: unknown): number => {
    io.stderr(`${oneLine(args[0] ?? '', error)}\n`);
    return 1;
  };
  try {
    const code = expandMain(args, io);
    return typeof code === 'number' ? code : code.catch(failed);
  } catch (error) {
    return failed(error);
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
  return import('./expand').then((m) => m.expandCommand(args.slice(1), io));
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
