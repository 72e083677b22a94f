/**
 * The preview commands beside `expand`, and the operate commands (status, history, run, logs) that read a
 * deployed stack: each parses its own options, returns an exit code and never
 * throws for a user mistake (usage errors exit 2 with the command's usage, unreadable templates exit 1/2).
 */
import { EXIT, TemplateLoadError, UsageError, type CliIo } from './common';

type Command = (args: readonly string[], io: CliIo) => number | Promise<number>;
interface Loaded {
  readonly usage: string;
  readonly run: Command;
}

/**
 * Each command's module is imported when the command runs (also for its --help), so a command loads only
 * its own code: `next-runs` never loads the expansion, `--help` and `--version` load none of them.
 */
const TABLE: Readonly<Record<string, () => Promise<Loaded>>> = {
  validate: async () => import('./validate').then((m) => ({ usage: m.VALIDATE_USAGE, run: m.validateCommand })),
  'next-runs': async () => import('./nextRuns').then((m) => ({ usage: m.NEXT_RUNS_USAGE, run: m.nextRunsCommand })),
  simulate: async () => import('./simulate').then((m) => ({ usage: m.SIMULATE_USAGE, run: m.simulateCommand })),
  diff: async () => import('./diff').then((m) => ({ usage: m.DIFF_USAGE, run: m.diffCommand })),
  status: async () => import('./operate/status').then((m) => ({ usage: m.STATUS_USAGE, run: m.statusCommand })),
  history: async () => import('./operate/history').then((m) => ({ usage: m.HISTORY_USAGE, run: m.historyCommand })),
  run: async () => import('./operate/run').then((m) => ({ usage: m.RUN_USAGE, run: m.runScheduleCommand })),
  logs: async () => import('./operate/logs').then((m) => ({ usage: m.LOGS_USAGE, run: m.logsCommand })),
};

/** An unexpected error as one line (never a stack trace): what failed, and that it is worth reporting. */
export function oneLine(command: string, error: unknown): string {
  const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return `ecs-batch-scheduler ${command}: ${message.split('\n')[0] ?? ''} (unexpected; please report it with the template)`;
}

export const COMMANDS: readonly string[] = Object.keys(TABLE);

export async function runCommand(name: string, args: readonly string[], io: CliIo): Promise<number> {
  const load = TABLE[name];
  if (load === undefined) throw new Error(`no command ${name}`);
  const command = await load();
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
