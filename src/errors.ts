/**
 * One user error: which resource, which property path (dotted, relative to the resource's `Properties`,
 * or a resource attribute such as `DeletionPolicy`), and what is wrong and what is allowed.
 */
export interface Issue {
  readonly logicalId: string;
  readonly path: string;
  readonly message: string;
}

/** An expansion either succeeds with a new fragment or fails with every issue found. Never both. */
export type Result<T> =
  | { readonly status: 'success'; readonly value: T }
  | { readonly status: 'failure'; readonly issues: readonly Issue[] };

export function formatIssue(issue: Issue): string {
  const subject = issue.logicalId === '' ? 'Template' : `Resource ${issue.logicalId}`;
  const where = issue.path === '' ? subject : `${subject}: ${issue.path}`;
  return `${where}: ${issue.message}`;
}

/** Sorted by resource, then path, then message; exact duplicates removed. */
export function normaliseIssues(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  const unique: Issue[] = [];
  for (const issue of issues) {
    const key = formatIssue(issue);
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(issue);
    }
  }
  return unique.sort(
    (a, b) =>
      compare(a.logicalId, b.logicalId) || comparePaths(a.path, b.path) || compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares paths segment by segment so that `Schedules.A.Command` sorts before `Schedules.AB`. */
function comparePaths(a: string, b: string): number {
  const sa = a.split('.');
  const sb = b.split('.');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const c = compare(sa[i] as string, sb[i] as string);
    if (c !== 0) return c;
  }
  return sa.length - sb.length;
}

/**
 * The single message CloudFormation shows in the stack events
 * (`Transform 123456789012::EcsBatchScheduler failed with: <this>`), one issue per line.
 */
export function formatIssues(issues: readonly Issue[]): string {
  const sorted = normaliseIssues(issues);
  const header = sorted.length === 1 ? '1 error found' : `${sorted.length} errors found`;
  return [`EcsBatchScheduler: ${header}.`, ...sorted.map((i) => formatIssue(i))].join('\n');
}
