/**
 * `validate`'s findings for machines: a rule per finding, GitHub Actions workflow commands (annotations on
 * the pull request's diff) and a SARIF 2.1.0 log (code scanning, editors). Pure: text in, text or data out.
 */
import type { Issue } from '../src/errors';
import type { JsonObject } from '../src/json';
import { PROPERTY_NAMES, SCHEDULE_PROPERTY_NAMES, SHORTHAND_TYPE, stepSchema } from '../src/schema';

/** One finding of one file: an issue of the expansion, or a file that is not a readable template. */
export interface Finding extends Issue {
  readonly file: string;
  readonly rule: string;
  readonly line?: number;
  readonly column?: number;
}

/** Rules that are not one property of the shorthand. */
const RULES = {
  TemplateSyntax: 'A template that uses the macro must parse as YAML or JSON',
  Template: 'The template as a whole must be one the macro can expand',
  Resource: `A ${SHORTHAND_TYPE} as a whole: its generated logical IDs must be free and short enough, the expanded template small enough`,
  UnknownProperty: `Every property of a ${SHORTHAND_TYPE} must be one the shorthand knows (a typo?)`,
} as const;

const ATTRIBUTES: ReadonlySet<string> = new Set(['Type', 'Properties', 'Condition', 'DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy']);
const TOP: ReadonlySet<string> = new Set(PROPERTY_NAMES);
const SCHEDULE: ReadonlySet<string> = new Set(SCHEDULE_PROPERTY_NAMES);
const STEP: ReadonlySet<string> = new Set(Object.keys(stepSchema.shape));

/**
 * The rule an issue breaks: the property it is about with user-chosen names (schedules, step positions)
 * replaced by `*`, e.g. `Schedules.*.ScheduleExpression` for `Schedules.Nightly.ScheduleExpression`. Values
 * inside a property (list items, environment variables, tags) belong to the property's rule. A name the
 * shorthand does not know is `UnknownProperty`, so a typo never becomes a rule of its own.
 */
export function ruleOf(issue: Issue): string {
  if (issue.logicalId === '') return 'Template';
  if (issue.path === '') return 'Resource';
  const [first = '', ...rest] = issue.path.split('.');
  if (ATTRIBUTES.has(first)) return first;
  if (!TOP.has(first)) return 'UnknownProperty';
  if (first !== 'Schedules' || rest.length < 2) return first;
  const [, property = '', index, stepProperty] = rest;
  if (!SCHEDULE.has(property)) return 'UnknownProperty';
  if (property !== 'Steps' || index === undefined || stepProperty === undefined) return `Schedules.*.${property}`;
  return STEP.has(stepProperty) ? `Schedules.*.Steps.*.${stepProperty}` : 'UnknownProperty';
}

function describeRule(rule: string): string {
  if (rule in RULES) return RULES[rule as keyof typeof RULES];
  if (ATTRIBUTES.has(rule)) return `The ${rule} attribute of a ${SHORTHAND_TYPE}`;
  return `The property ${rule.replaceAll('Schedules.*', 'Schedules.<name>').replaceAll('Steps.*', 'Steps[n]')} of a ${SHORTHAND_TYPE}`;
}

/** `Resource.Property.Path`, `Resource` or `Template`: what a finding is about, as `validate` prints it. */
export function subjectOf(issue: Issue): string {
  return issue.logicalId === '' ? 'Template' : issue.path === '' ? issue.logicalId : `${issue.logicalId}.${issue.path}`;
}

// GitHub's workflow commands (the escaping @actions/core applies): data escapes %, CR and LF; property
// values also ':' and ',', which separate the properties.
const escapeData = (text: string): string => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string): string => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

/**
 * One `::error title=…,file=…,line=…,col=…::message` line: GitHub Actions shows it as an annotation on that
 * line of the file (the path must be relative to the repository root, as pre-commit and CI pass it).
 */
export function githubAnnotation(finding: Finding): string {
  const properties: Array<[string, string | number | undefined]> = [
    ['title', `EcsBatchScheduler ${subjectOf(finding)}`],
    ['file', finding.file],
    ['line', finding.line],
    ['col', finding.line === undefined ? undefined : finding.column],
  ];
  const shown = properties.filter((p): p is [string, string | number] => p[1] !== undefined).map(([name, value]) => `${name}=${escapeProperty(String(value))}`);
  return `::error ${shown.join(',')}::${escapeData(finding.message)}`;
}

/**
 * A file path as a SARIF artifact URI: a relative path stays relative (resolved against the repository
 * root by code scanning), an absolute one becomes a `file://` URI; each segment is percent-encoded.
 */
export function artifactUri(file: string): string {
  const slashed = file.replaceAll('\\', '/');
  const encoded = slashed
    .split('/')
    .map((segment, i) => (i === 0 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
  if (slashed.startsWith('/')) return `file://${encoded}`;
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${encoded}`;
  return encoded;
}

interface SarifTool {
  readonly name: string;
  readonly version: string;
}

/**
 * A SARIF 2.1.0 log of one run over every file checked: each finding an `error` result with its rule, the
 * file, line and column (when known), and the resource and property path as a logical location. Rules are
 * listed once, sorted, so the log is byte-identical for the same findings.
 */
export function sarifLog(findings: readonly Finding[], tool: SarifTool): JsonObject {
  const rules = [...new Set(findings.map((f) => f.rule))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            rules: rules.map((id) => ({ id, shortDescription: { text: describeRule(id) }, defaultConfiguration: { level: 'error' } })),
          },
        },
        // Columns are counted like JavaScript string indices.
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: rules.indexOf(finding.rule),
          level: 'error',
          message: { text: `${subjectOf(finding)}: ${finding.message}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(finding.file) },
                ...(finding.line === undefined ? {} : { region: { startLine: finding.line, startColumn: finding.column ?? 1 } }),
              },
              ...(finding.logicalId === '' ? {} : { logicalLocations: [{ fullyQualifiedName: subjectOf(finding), kind: finding.path === '' ? 'resource' : 'property' }] }),
            },
          ],
        })),
      },
    ],
  };
}
