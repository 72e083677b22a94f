/** `validate <file>`: every error of the template at once, each with `file:line:column`. */
import { normaliseIssues, SHORTHAND_TYPE, type Issue } from '../src';
import { isObject } from '../src/json';
import { locator } from '../src/locate';
import { EXIT, expandTemplate, formatOption, loadTemplate, paramsOf, parseOptions, styleFor, UsageError, type CliIo } from './common';

export const VALIDATE_USAGE = `Usage: ecs-batch-scheduler validate <template.yaml|json> [--param Name=Value ...] [--format text|json]

Checks every Custom::BatchCommandSchedule of the template exactly as the macro would at deploy time and
prints every error at once, each as file:line:column (of the offending YAML/JSON node, or of its nearest
enclosing node when the property is missing), the resource, the property path and what is allowed.

Exit codes: 0 valid, 1 errors found, 2 wrong usage.`;

interface Located extends Issue {
  readonly line?: number;
  readonly column?: number;
}

export function validateCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseOptions(args, { values: ['--format'], repeated: ['--param'] });
  const format = formatOption(parsed.options['--format']);
  const [file, extra] = parsed.positional;
  if (file === undefined) throw new UsageError('missing template file');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const loaded = loadTemplate(io, file);
  const result = expandTemplate(loaded, paramsOf(parsed.repeated['--param']));
  const resources = isObject(loaded.template['Resources']) ? loaded.template['Resources'] : {};
  const shorthands = Object.entries(resources).filter(([, r]) => isObject(r) && r['Type'] === SHORTHAND_TYPE);
  const schedules = shorthands.reduce((n, [, r]) => {
    const props = isObject(r) ? r['Properties'] : undefined;
    return n + (isObject(props) && isObject(props['Schedules']) ? Object.keys(props['Schedules']).length : 0);
  }, 0);
  const issues: Located[] =
    result.status === 'success'
      ? []
      : sortByPosition(normaliseIssues(result.issues).map((issue) => ({ ...issue, ...locator(loaded.text).locate(issue) })));

  if (format === 'json') {
    io.stdout(`${JSON.stringify({ file, valid: issues.length === 0, shorthands: shorthands.length, schedules, errors: issues }, null, 2)}\n`);
    return issues.length === 0 ? EXIT.ok : EXIT.findings;
  }
  const style = styleFor(io);
  if (issues.length === 0) {
    io.stdout(`${style.green('✓')} ${file}: valid (${shorthands.length} ${SHORTHAND_TYPE}, ${schedules} schedule${schedules === 1 ? '' : 's'})\n`);
    return EXIT.ok;
  }
  for (const issue of issues) {
    const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
    const subject = issue.logicalId === '' ? 'Template' : issue.path === '' ? issue.logicalId : `${issue.logicalId}.${issue.path}`;
    io.stdout(`${style.bold(where)}: ${style.red('error')} ${subject}: ${issue.message}\n`);
  }
  io.stdout(`\n${issues.length} error${issues.length === 1 ? '' : 's'} found\n`);
  return EXIT.findings;
}

/** In file order, so the list reads top to bottom; issues without a position first (they are template-wide). */
function sortByPosition(issues: Located[]): Located[] {
  return issues.map((issue, index) => ({ issue, index })).sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.column ?? 0) - (b.issue.column ?? 0) || a.index - b.index).map((x) => x.issue);
}
