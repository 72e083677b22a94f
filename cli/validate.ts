/**
 * `validate <file>...`: every error of each template at once, each with `file:line:column`; as text, JSON,
 * GitHub Actions annotations or SARIF. Files that do not use the macro are skipped, so a pre-commit hook
 * or CI job can hand it every YAML/JSON file it touches.
 */
import { normaliseIssues, SHORTHAND_TYPE } from '../src';
import { TemplateSyntaxError } from '../preview/cfnYaml';
import { githubAnnotation, ruleOf, sarifLog, subjectOf, type Finding } from '../preview/findings';
import { isObject, type JsonObject } from '../src/json';
import { describeWatch, scheduleWatch, type ScheduleWatch } from '../preview/nextRuns';
import { locator } from '../preview/locate';
import { MACRO_NAME } from '../src/template';
import { EXIT, paramsOf, parseOptions, styleFor, TemplateLoadError, UsageError, VERSION, type CliIo } from './common';
import { expandTemplate } from './expandTemplate';
import { loadTemplate } from './template';

export const VALIDATE_USAGE = `Usage: ecs-batch-scheduler validate <template.yaml|json>... [--param Name=Value ...] [--format text|json|github|sarif]

Checks every ${SHORTHAND_TYPE} of each template exactly as the macro would at deploy time and
prints every error at once, each as file:line:column (of the offending YAML/JSON node, or of its nearest
enclosing node when the property is missing), the resource, the property path and what is allowed.
A file without a ${SHORTHAND_TYPE} resource and without Transform: ${MACRO_NAME} is not a
template for this macro: it is skipped (nothing to check), so hooks can pass every YAML/JSON file they
see. A file that mentions either but does not parse is an error.

--format json    one JSON object per file (a list of them for several files)
--format github  GitHub Actions annotations (::error file=...,line=...,col=...::message)
--format sarif   a SARIF 2.1.0 log (GitHub code scanning, editors)

Exit codes: 0 valid, 1 errors found, 2 wrong usage or a file that cannot be read.`;

const FORMATS = ['text', 'json', 'github', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** What `validate` found in one file. */
type FileReport =
  | { readonly file: string; readonly status: 'skipped' }
  | { readonly file: string; readonly status: 'unreadable'; readonly message: string }
  | { readonly file: string; readonly status: 'checked'; readonly shorthands: number; readonly schedules: number; readonly findings: readonly Finding[]; readonly watches?: readonly Watched[] };

/** A schedule with a start deadline, a "no success" alarm or a paused resource. */
interface Watched {
  readonly resource: string;
  readonly schedule: string;
  readonly watch: ScheduleWatch;
}

function watchesOf(resources: JsonObject): Watched[] {
  const out: Watched[] = [];
  for (const [resource, r] of Object.entries(resources)) {
    if (!isObject(r) || r['Type'] !== SHORTHAND_TYPE || !isObject(r['Properties']) || !isObject(r['Properties']['Schedules'])) continue;
    for (const [schedule, spec] of Object.entries(r['Properties']['Schedules'])) {
      const watch = isObject(spec) ? scheduleWatch(r['Properties'], spec) : undefined;
      if (watch) out.push({ resource, schedule, watch });
    }
  }
  return out;
}

/**
 * Whether a text can hold anything for this macro to check: the shorthand's type or the transform's name
 * (a quick look before parsing, so other YAML, e.g. Kubernetes manifests or workflows, is never parsed).
 */
function usesMacro(text: string): boolean {
  return text.includes(SHORTHAND_TYPE) || text.includes(MACRO_NAME);
}

function checkFile(io: CliIo, file: string, params: Readonly<Record<string, string>>): FileReport {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    return { file, status: 'unreadable', message: `ecs-batch-scheduler: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!usesMacro(text)) return { file, status: 'skipped' };
  let loaded;
  try {
    loaded = loadTemplate({ ...io, readFile: () => text }, file);
  } catch (error) {
    if (!(error instanceof TemplateLoadError)) throw error;
    // YAML that parses but is no map of sections (a list, a scalar) cannot be a template: nothing to check.
    if (!(error.cause instanceof TemplateSyntaxError)) return { file, status: 'skipped' };
    const { message, position } = error.cause;
    return { file, status: 'checked', shorthands: 0, schedules: 0, findings: [{ file, rule: 'TemplateSyntax', logicalId: '', path: '', message, ...position }] };
  }
  const resources = isObject(loaded.template['Resources']) ? loaded.template['Resources'] : {};
  const shorthands = Object.values(resources).filter((r) => isObject(r) && r['Type'] === SHORTHAND_TYPE);
  const transform = loaded.template['Transform'];
  if (shorthands.length === 0 && !(transform === MACRO_NAME || (Array.isArray(transform) && transform.includes(MACRO_NAME)))) return { file, status: 'skipped' };
  const schedules = shorthands.reduce<number>((n, r) => {
    const props = isObject(r) ? r['Properties'] : undefined;
    return n + (isObject(props) && isObject(props['Schedules']) ? Object.keys(props['Schedules']).length : 0);
  }, 0);
  const result = expandTemplate(loaded, params);
  if (result.status === 'success') {
    const watches = watchesOf(resources);
    return { file, status: 'checked', shorthands: shorthands.length, schedules, findings: [], ...(watches.length > 0 ? { watches } : {}) };
  }
  // Positions need a second parse of the text (with a line counter): only when there is something to place.
  const where = locator(text);
  const findings = normaliseIssues(result.issues).map((issue) => ({ file, rule: ruleOf(issue), ...issue, ...where.locate(issue) }));
  return { file, status: 'checked', shorthands: shorthands.length, schedules, findings: sortByPosition(findings) };
}

export function validateCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseOptions(args, { values: ['--format'], repeated: ['--param'] });
  const format = formatOf(parsed.options['--format']);
  if (parsed.positional.length === 0) throw new UsageError('missing template file');
  const params = paramsOf(parsed.repeated['--param']);
  const reports = parsed.positional.map((file) => checkFile(io, file, params));

  for (const report of reports) if (report.status === 'unreadable') io.stderr(`${report.message}\n`);
  const findings = reports.flatMap((r) => (r.status === 'checked' ? r.findings : []));
  if (format === 'json') {
    const objects = reports.filter((r) => r.status !== 'unreadable').map(jsonReport);
    if (objects.length > 0) io.stdout(`${JSON.stringify(parsed.positional.length === 1 ? objects[0] : objects, null, 2)}\n`);
  } else if (format === 'github') {
    for (const finding of findings) io.stdout(`${githubAnnotation(finding)}\n`);
  } else if (format === 'sarif') {
    io.stdout(`${JSON.stringify(sarifLog(findings, { name: 'ecs-batch-scheduler', version: VERSION }), null, 2)}\n`);
  } else {
    printText(io, reports);
  }
  return reports.some((r) => r.status === 'unreadable') ? EXIT.usage : findings.length > 0 ? EXIT.findings : EXIT.ok;
}

function formatOf(value: string | undefined): Format {
  if (value === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format takes ${FORMATS.join(', ')}, got "${value}"`);
}

function jsonReport(report: Exclude<FileReport, { status: 'unreadable' }>) {
  if (report.status === 'skipped') return { file: report.file, skipped: true, valid: true, shorthands: 0, schedules: 0, errors: [] };
  const errors = report.findings.map(({ file: _file, ...finding }) => finding);
  return { file: report.file, skipped: false, valid: errors.length === 0, shorthands: report.shorthands, schedules: report.schedules, errors, ...(report.watches ? { watches: report.watches } : {}) };
}

function printText(io: CliIo, reports: readonly FileReport[]): void {
  const style = styleFor(io);
  for (const report of reports) {
    if (report.status === 'unreadable') continue;
    if (report.status === 'skipped') {
      io.stdout(`${style.dim('-')} ${report.file}: nothing to check (no ${SHORTHAND_TYPE}, no ${MACRO_NAME} transform)\n`);
      continue;
    }
    const { file, findings, shorthands, schedules } = report;
    const syntax = findings.find((f) => f.rule === 'TemplateSyntax');
    if (syntax !== undefined) {
      // As every other command reports a template it cannot read.
      io.stderr(`${file}: ${syntax.message}\n`);
      continue;
    }
    if (findings.length === 0) {
      io.stdout(`${style.green('✓')} ${file}: valid (${shorthands} ${SHORTHAND_TYPE}, ${schedules} schedule${schedules === 1 ? '' : 's'})\n`);
      for (const w of report.watches ?? []) io.stdout(describeWatch(w.watch).map((line) => `  ${w.resource}.${w.schedule}: ${line}\n`).join(''));
      continue;
    }
    for (const finding of findings) {
      const where = finding.line === undefined ? file : `${file}:${finding.line}:${finding.column ?? 1}`;
      io.stdout(`${style.bold(where)}: ${style.red('error')} ${subjectOf(finding)}: ${finding.message}\n`);
    }
    io.stdout(`\n${findings.length} error${findings.length === 1 ? '' : 's'} found${reports.length > 1 ? ` in ${file}` : ''}\n`);
  }
}

/** In file order, so the list reads top to bottom; findings without a position first (they are template-wide). */
function sortByPosition(findings: Finding[]): Finding[] {
  return findings.map((finding, index) => ({ finding, index })).sort((a, b) => (a.finding.line ?? 0) - (b.finding.line ?? 0) || (a.finding.column ?? 0) - (b.finding.column ?? 0) || a.index - b.index).map((x) => x.finding);
}
