/** `expand <file>`: the template as the macro expands it at deploy time, as JSON or YAML. */
import { formatIssue, normaliseIssues, type Result } from '../src';
import { toYaml } from '../preview/cfnYaml';
import type { JsonObject } from '../src/json';
import { EXIT, TemplateLoadError, UsageError, paramsOf, parseOptions, type CliIo } from './common';
import { expandTemplate } from './expandTemplate';
import { USAGE } from './index';
import { loadTemplate } from './template';

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

/** Runs `expand` with the arguments after the command name. */
export function expandCommand(args: readonly string[], io: CliIo): number {
  let parsed: ExpandArgs;
  let result: Result<JsonObject>;
  try {
    parsed = expandArgs(args);
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
