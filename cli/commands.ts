/**
 * The preview commands beside `expand`, and the operate commands (status, history, run, logs) that read a
 * deployed stack: each parses its own options, returns an exit code and never
 * throws for a user mistake (usage errors exit 2 with the command's usage, unreadable templates exit 1/2).
 */
import { EXIT, TemplateLoadError, UsageError, type CliIo } from './common';
import { DIFF_USAGE, diffCommand } from './diff';
import { NEXT_RUNS_USAGE, nextRunsCommand } from './nextRuns';
import { HISTORY_USAGE, historyCommand } from './operate/history';
import { LOGS_USAGE, logsCommand } from './operate/logs';
import { RUN_USAGE, runScheduleCommand } from './operate/run';
import { STATUS_USAGE, statusCommand } from './operate/status';
import { SIMULATE_USAGE, simulateCommand } from './simulate';
import { VALIDATE_USAGE, validateCommand } from './validate';

type Command = (args: readonly string[], io: CliIo) => number | Promise<number>;

const TABLE: Readonly<Record<string, { readonly usage: string; readonly run: Command }>> = {
  validate: { usage: VALIDATE_USAGE, run: validateCommand },
  'next-runs': { usage: NEXT_RUNS_USAGE, run: nextRunsCommand },
  simulate: { usage: SIMULATE_USAGE, run: simulateCommand },
  diff: { usage: DIFF_USAGE, run: diffCommand },
  status: { usage: STATUS_USAGE, run: statusCommand },
  history: { usage: HISTORY_USAGE, run: historyCommand },
  run: { usage: RUN_USAGE, run: runScheduleCommand },
  logs: { usage: LOGS_USAGE, run: logsCommand },
};

/** An unexpected error as one line (never a stack trace): what failed, and that it is worth reporting. */
export function oneLine(command: string, error: unknown): string {
  const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return `ecs-batch-scheduler ${command}: ${message.split('\n')[0] ?? ''} (unexpected; please report it with the template)`;
}

export const COMMANDS: readonly string[] = Object.keys(TABLE);

export async function runCommand(name: string, args: readonly string[], io: CliIo): Promise<number> {
  const command = TABLE[name];
  if (command === undefined) throw new Error(`no command ${name}`);
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ecs-batch-scheduler ${name}: ${error.message}\n\n${command.usage}\n`);
      return EXIT.usage;
    }
    if (error instanceof TemplateLoadError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`${oneLine(name, error)}\n`);
    return EXIT.findings;
  }
}
