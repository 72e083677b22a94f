/**
 * Where in the template text an issue is: `line:column` of the YAML/JSON node its path names. The
 * expander's issues carry a resource and a dotted property path; this maps them back onto the parsed
 * document (yaml's node ranges), falling back to the nearest ancestor that exists in the file, e.g. the
 * schedule's name for a missing `Command`. Pure: takes the text, returns positions.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { Issue } from '../src/errors';

interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Every top-level key CloudFormation knows on a resource: an issue path starting with one of these is not
 * under `Properties`. All of them, not only those the shorthand supports (plan.ts), because an issue may be
 * about an unsupported one (`UpdatePolicy: is not supported on Custom::BatchCommandSchedule`).
 */
const CLOUDFORMATION_RESOURCE_KEYS = new Set(['Type', 'Properties', 'Condition', 'DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy']);

interface Locator {
  /** The position of the node the issue is about, or of its nearest existing ancestor. */
  readonly locate: (issue: Issue) => Position | undefined;
}

/** Builds a locator over a template's text (YAML or JSON). Syntax errors give a locator that finds nothing. */
export function locator(text: string): Locator {
  const lineCounter = new LineCounter();
  // Tags are irrelevant for positions: unknown `!Ref` tags only produce warnings, which we ignore.
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = (issue: Issue): Position | undefined => {
    if (document.errors.length > 0 || issue.logicalId === '') return undefined;
    const segments = issue.path === '' ? [] : issue.path.split('.');
    const first = segments[0];
    // An issue about the resource as a whole (path '') points at its logical ID.
    const path = ['Resources', issue.logicalId, ...(first === undefined || CLOUDFORMATION_RESOURCE_KEYS.has(first) ? segments : ['Properties', ...segments])];
    const found = find(document.contents, path);
    if (found === undefined) return undefined;
    const range = found.range;
    return range ? position(range[0]) : undefined;
  };
  return { locate };
}

interface Found {
  readonly range: readonly [number, number, number] | null | undefined;
}

/**
 * Walks `path` down maps (and lists, by index). A key may itself contain dots (an environment variable
 * `a.b`), so when a segment is not a key, longer joins of the following segments are tried. Returns the
 * value node of the full path, or the key node of the deepest entry that exists.
 */
function find(root: unknown, path: readonly string[]): Found | undefined {
  let node: unknown = root;
  let deepest: Found | undefined;
  let i = 0;
  while (i < path.length) {
    let matched: { pair: Pair; used: number } | undefined;
    if (isMap(node)) {
      for (let used = 1; used <= path.length - i && matched === undefined; used++) {
        const key = path.slice(i, i + used).join('.');
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
        if (pair) matched = { pair, used };
      }
    } else if (node !== null && typeof node === 'object' && 'items' in node && Array.isArray(node.items)) {
      const index = Number(path[i]);
      const item = (node as { items: unknown[] }).items[index];
      if (Number.isInteger(index) && item !== undefined) {
        node = item;
        deepest = { range: (item as Node).range };
        i += 1;
        continue;
      }
    }
    if (matched === undefined) return deepest;
    const keyNode = matched.pair.key as Node;
    deepest = { range: keyNode.range };
    node = matched.pair.value;
    i += matched.used;
    if (i === path.length) {
      // A scalar's own position; for a map or list, its key's line (the value starts on the next line).
      return { range: isScalar(node) ? node.range : keyNode.range };
    }
  }
  return deepest;
}
