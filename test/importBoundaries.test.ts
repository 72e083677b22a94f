/**
 * The import boundaries of eslint.config.mjs fail on an offending import and pass a legal one. src/ is what
 * the Lambda runs: it never imports cli/, macro/ or preview/; macro/ (the Lambda) imports neither cli/ nor
 * preview/; preview/ never imports cli/ or macro/. Each
 * snippet is linted with the repository's own ESLint configuration (as `npm run lint` runs it, without the
 * type-aware rules, which these rules do not need: test/support/lint.ts) in place of a file that exists (the
 * file on disk is not touched), at the top of its folder and in its deepest subfolder, where the way up is
 * longer.
 */
import { readdirSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { ROOT } from './support/fixtures';
import { lintSnippets, type LintMessage } from './support/lint';

const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);
/**
 * What the boundary rules reported, `line rule message`, and any parsing error (a snippet that was not parsed
 * would pass vacuously). The other rules are left out: the snippets are not written to pass them (unused
 * imports, say).
 */
const boundaryErrors = (messages: readonly LintMessage[]): string[] =>
  messages.filter((m) => m.ruleId === null || BOUNDARY_RULES.has(m.ruleId)).map((m) => `${m.line} ${m.ruleId ?? 'parser'} ${m.message}`);

/** A TypeScript file of `folder` at the top, and one as deep as any in it, with the `../` that lead back to the root. */
function probes(folder: string): { filePath: string; up: string }[] {
  const files = readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${folder}/${f.split(sep).join('/')}`)
    .sort();
  const top = files.find((f) => f.split('/').length === 2);
  const deepest = [...files].sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b))[0];
  if (top === undefined || deepest === undefined) throw new Error(`no TypeScript file in ${folder}/`);
  return [...new Set([top, deepest])].map((filePath) => ({ filePath, up: relative(join(ROOT, filePath, '..'), ROOT).split(sep).join('/') }));
}

/** Snippets that import across a boundary in every way TypeScript can, and the errors expected on them. */
function coreOffending(up: string): string {
  return [
    `import { main } from '${up}/cli/index';`,
    `import type { Finding } from '${up}/preview/findings';`,
    `export { handler } from '${up}/macro/handler';`,
    `export * from '${up}/preview/cron';`,
    `export const later = () => import('${up}/preview/nextRuns');`,
    `export type Status = typeof import('${up}/cli/operate/status');`,
    `export const used: [typeof main, Finding | undefined] = [main, undefined];`,
  ].join('\n');
}
/** A module of src/ imports another as `./json` or `../../json`, and may spell it out as `../src/json`. */
function coreLegal(up: string, filePath: string): string {
  const toSrc = posix.relative(posix.dirname(filePath), 'src');
  return [
    `import { isDeepStrictEqual } from 'node:util';`,
    `import { isObject } from '${toSrc === '' ? '.' : toSrc}/json';`,
    `import { SHORTHAND_TYPE } from '${up}/src/schema';`,
    '',
    `export const probe = (value: unknown): boolean => isObject(value) && !isDeepStrictEqual(value, SHORTHAND_TYPE);`,
    '',
  ].join('\n');
}
function previewLegal(up: string): string {
  return [`import { isObject } from '${up}/src/json';`, `import { isTimeZone } from '${up}/preview/zonedTime';`, '', `export const probe = (value: unknown): boolean => isObject(value) || (typeof value === 'string' && isTimeZone(value));`, ''].join('\n');
}
function macroLegal(up: string): string {
  return [`import { expand } from '${up}/src';`, `import type { JsonObject } from '${up}/src/json';`, '', `export const probe = (fragment: JsonObject) => expand({ fragment });`, ''].join('\n');
}
function macroOffending(up: string): string {
  return [`import { main } from '${up}/cli/index';`, `import { parseTemplate } from '${up}/preview/cfnYaml';`, `export const later = () => import('${up}/preview/nextRuns');`, `export const used = [main, parseTemplate];`].join('\n');
}
function previewOffending(up: string): string {
  return [`import { main } from '${up}/cli/index';`, `export const later = () => import('${up}/macro/handler');`, `export const used = main;`].join('\n');
}

const CORE_MESSAGE = 'src/ holds only what the Lambda runs: it never imports cli/, macro/ or preview/ (move the shared code into src/).';
const MACRO_MESSAGE = 'macro/ is the Lambda: it imports src/, never cli/ or preview/.';
const PREVIEW_MESSAGE = 'preview/ is a library for the CLI: it never imports cli/ or macro/.';
const restricted = (specifier: string, message: string): string => `no-restricted-imports '${specifier}' import is restricted from being used by a pattern. ${message}`;

describe('import boundaries (eslint.config.mjs)', () => {
  const core = probes('src');
  const macro = probes('macro');
  const preview = probes('preview');
  const cases = [
    ...core.flatMap(({ filePath, up }) => [
      { name: `src: ${filePath} importing cli/, macro/ and preview/`, filePath, code: coreOffending(up), expected: [
        `1 ${restricted(`${up}/cli/index`, CORE_MESSAGE)}`,
        `2 ${restricted(`${up}/preview/findings`, CORE_MESSAGE)}`,
        `3 ${restricted(`${up}/macro/handler`, CORE_MESSAGE)}`,
        `4 ${restricted(`${up}/preview/cron`, CORE_MESSAGE)}`,
        `5 no-restricted-syntax ${CORE_MESSAGE}`,
        `6 no-restricted-syntax ${CORE_MESSAGE}`,
      ] },
      { name: `src: ${filePath} importing src/ and a package`, filePath, code: coreLegal(up, filePath), expected: [] },
    ]),
    ...macro.flatMap(({ filePath, up }) => [
      { name: `macro: ${filePath} importing cli/ and preview/`, filePath, code: macroOffending(up), expected: [
        `1 ${restricted(`${up}/cli/index`, MACRO_MESSAGE)}`,
        `2 ${restricted(`${up}/preview/cfnYaml`, MACRO_MESSAGE)}`,
        `3 no-restricted-syntax ${MACRO_MESSAGE}`,
      ] },
      { name: `macro: ${filePath} importing src/`, filePath, code: macroLegal(up), expected: [] },
    ]),
    ...preview.flatMap(({ filePath, up }) => [
      { name: `preview: ${filePath} importing cli/ and macro/`, filePath, code: previewOffending(up), expected: [
        `1 ${restricted(`${up}/cli/index`, PREVIEW_MESSAGE)}`,
        `2 no-restricted-syntax ${PREVIEW_MESSAGE}`,
      ] },
      { name: `preview: ${filePath} importing src/ and preview/`, filePath, code: previewLegal(up), expected: [] },
    ]),
  ];
  let linted: LintMessage[][] = [];
  beforeAll(() => {
    linted = lintSnippets(cases);
  });

  it('probes src/ and preview/ each at the top and at least one folder down, macro/ at its top', () => {
    expect(macro.map((p) => p.up)).toEqual(['..']);
    expect(core.map((p) => p.up.split('/').length)).toEqual([1, expect.any(Number)]);
    expect(core[1]?.up.split('/').length).toBeGreaterThanOrEqual(2);
    expect(preview.map((p) => p.up.split('/').length)).toEqual([1, 2]);
  });

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    expect(linted.length).toBe(cases.length);
    expect(boundaryErrors(linted[i] ?? [])).toEqual(cases[i]?.expected);
  });
});
