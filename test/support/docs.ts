/**
 * The README and the pages of docs/ as the tests read them: their fenced blocks, sections, links and
 * heading anchors, and whether a block that shows part of a file (an output, a template) really is part
 * of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures';

export interface Doc {
  /** Path relative to the repository: `README.md`, `docs/operate.md`. */
  readonly file: string;
  readonly text: string;
}

/** README.md and every docs/*.md page. */
export function docs(): Doc[] {
  const pages = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', ...pages].map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));
}

export function doc(file: string): Doc {
  return { file, text: readFileSync(join(ROOT, file), 'utf8') };
}

export interface Block {
  /** The info string after the opening fence: `sh`, `yaml`, `json`, `text`, or empty for an output. */
  readonly info: string;
  readonly lines: string[];
}

/** The fenced blocks of a page, each with its info string. */
export function blocks(text: string): Block[] {
  const out: Block[] = [];
  let open: { info: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) {
      if (open === undefined) open = { info: line.slice(3).trim(), lines: [] };
      else {
        out.push(open);
        open = undefined;
      }
    } else open?.lines.push(line);
  }
  return out;
}

/** The page without its fenced blocks and inline code spans: the prose, where links and headings are. */
export function prose(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, (code) => (code.includes('](') ? code : ''));
}

/** The section that starts with the heading line `heading`, up to the next heading of the same or a higher level. */
export function section(text: string, heading: string): string {
  const level = /^#+/.exec(heading)?.[0].length ?? 1;
  const lines = text.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no section "${heading}"`);
  let fenced = false;
  let end = lines.length;
  for (let i = start + 1; i < lines.length && end === lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && new RegExp(`^#{1,${level}} `).test(line)) end = i;
  }
  return lines.slice(start, end).join('\n');
}

/** The anchors GitHub gives the headings of a page (lower case, punctuation dropped, spaces to hyphens, repeats numbered). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const outside = text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  for (const match of outside.matchAll(/^#{1,6} +(.*?) *#*$/gm)) {
    const base = (match[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

/**
 * Whether the lines a page shows are part of `source`: the parts between lines that say only `...`
 * (or `# ...` in YAML) are each a run of consecutive lines of the source, in order. A shown line that ends
 * in `...` is the start of its source line (a long line cut). `dedent` characters are taken off each
 * source line first (a nested excerpt shown from its own level).
 */
export function showsPartOf(shown: readonly string[], source: readonly string[], dedent = 0): boolean {
  const parts: string[][] = [[]];
  for (const line of shown) {
    if (/^\s*(# )?\.\.\.$/.test(line)) parts.push([]);
    else parts[parts.length - 1]?.push(line);
  }
  const lines = source.map((l) => l.slice(dedent));
  const same = (line: string, actual: string): boolean => line === actual || (line.endsWith('...') && line.length > 3 && actual.startsWith(line.slice(0, -3)));
  let from = 0;
  for (const part of parts.filter((p) => p.length > 0)) {
    let at = -1;
    for (let i = from; i + part.length <= lines.length && at < 0; i++) if (part.every((line, k) => same(line, lines[i + k] as string))) at = i;
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}
