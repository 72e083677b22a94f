/**
 * The import boundaries of eslint.config.mjs fail on an offending import and pass a legal one. src/ is what
 * the Lambda runs: it never imports cli/, macro/ or preview/; macro/ (the Lambda) imports neither cli/ nor
 * preview/; preview/ never imports cli/ or macro/. Each
 * snippet is linted with the repository's own ESLint configuration (as `npm run lint` runs it, without the
 * type-aware rules, which these rules do not need: test/support/lint.ts) in place of a file that exists (the
 * file on disk is not touched), at the top of its folder and in its deepest subfolder, where the way up is
 * longer.
 *
 * The floors of the core, in the same configuration: check/ < plan < render/ < expand. A module that imports
 * from a floor above its own fails the lint, in every way TypeScript can import (a value, a type, a
 * re-export); the imports the code makes today pass. Each snippet is linted in place of a real file of its folder.
 *
 * One ESLint run lints the snippets of both (an ESLint process spends about 1.5 s of CPU loading itself, its
 * plugins and the configuration before it lints anything).
 */
import { join, posix, relative, sep } from 'node:path';
import { ROOT } from './support/fixtures';
import { lintSnippets, type LintMessage, type Snippet } from './support/lint';
import { tsFiles } from './support/sources';

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
  const files = tsFiles(folder).sort();
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

const core = probes('src');
const macro = probes('macro');
const preview = probes('preview');
const boundaryCases = [
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

const RULE = '@typescript-eslint/no-restricted-imports';
const PLANNING = 'planning does not import rendering';
const CHECKS = 'checks do not import planning or rendering';
const RENDERING = 'rendering does not import the orchestrator';
const LEAF = 'a leaf module of the core imports no check, plan, render or expand module';

interface FloorCase extends Snippet {
  readonly name: string;
  /** The start of the rule's message on each offending line, by line number; none for a legal snippet. */
  readonly expected: Readonly<Record<number, string>>;
}

const floorCases: readonly FloorCase[] = [
  {
    name: 'plan imports render/',
    filePath: 'src/plan.ts',
    code: [
      "import { renderInputs } from './render/input';",
      "import type { Resource } from './render/common';",
      "export { renderTriggers } from './render/trigger';",
      "import { expand } from './expand';",
      'export const used: [typeof renderInputs, Resource | undefined, typeof expand] = [renderInputs, undefined, expand];',
    ].join('\n'),
    expected: { 1: PLANNING, 2: PLANNING, 3: PLANNING, 4: PLANNING },
  },
  {
    name: 'plan imports the checks and the leaves',
    filePath: 'src/plan.ts',
    code: [
      "import type { CheckedShorthand } from './check/shorthand';",
      "import { logicalIds } from './logicalIds';",
      'export const used: [CheckedShorthand | undefined, typeof logicalIds] = [undefined, logicalIds];',
    ].join('\n'),
    expected: {},
  },
  {
    name: 'a check imports plan or render/',
    filePath: 'src/check/schedule.ts',
    code: [
      "import { planShorthand } from '../plan';",
      "import type { Plan } from '../plan';",
      "import { render } from '../expand';",
      "export * from '../render/input';",
      'export const used: [typeof planShorthand, Plan | undefined, typeof render] = [planShorthand, undefined, render];',
    ].join('\n'),
    expected: { 1: CHECKS, 2: CHECKS, 3: CHECKS, 4: CHECKS },
  },
  {
    name: 'a check imports another check and the leaves',
    filePath: 'src/check/schedule.ts',
    code: [
      "import type { Report } from './issues';",
      "import { show } from '../schema';",
      'export const used: [Report | undefined, typeof show] = [undefined, show];',
    ].join('\n'),
    expected: {},
  },
  {
    name: 'a renderer two folders down imports the orchestrator',
    filePath: 'src/render/run/definition.ts',
    code: ["import { expand } from '../../expand';", "import type { Plan } from '../../plan';", 'export const used: [typeof expand, Plan | undefined] = [expand, undefined];'].join('\n'),
    expected: { 1: RENDERING },
  },
  {
    name: 'a leaf module imports a check',
    filePath: 'src/json.ts',
    code: ["import type { Report } from './check/issues';", "import { isObject } from './json';", 'export const used: [Report | undefined, typeof isObject] = [undefined, isObject];'].join('\n'),
    expected: { 1: LEAF },
  },
];

/** What the floors' rule reported, by line, and any parsing error (a snippet that was not parsed would pass vacuously). */
function reported(messages: readonly LintMessage[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const m of messages) {
    if (m.ruleId === null) throw new Error(`not parsed: ${m.message}`);
    if (m.ruleId === RULE) out[m.line] = m.message;
  }
  return out;
}

let linted: { readonly boundaries: LintMessage[][]; readonly floors: LintMessage[][] } = { boundaries: [], floors: [] };
beforeAll(() => {
  const all = lintSnippets([...boundaryCases, ...floorCases]);
  linted = { boundaries: all.slice(0, boundaryCases.length), floors: all.slice(boundaryCases.length) };
}, 300_000);

describe('import boundaries (eslint.config.mjs)', () => {
  it('probes src/ and preview/ each at the top and at least one folder down, macro/ at its top', () => {
    expect(macro.map((p) => p.up)).toEqual(['..']);
    expect(core.map((p) => p.up.split('/').length)).toEqual([1, expect.any(Number)]);
    expect(core[1]?.up.split('/').length).toBeGreaterThanOrEqual(2);
    expect(preview.map((p) => p.up.split('/').length)).toEqual([1, 2]);
  });

  it.each(boundaryCases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    expect(linted.boundaries.length).toBe(boundaryCases.length);
    expect(boundaryErrors(linted.boundaries[i] ?? [])).toEqual(boundaryCases[i]?.expected);
  });
});

describe('the floors of the core (ESLint)', () => {
  it.each(floorCases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const { expected } = floorCases[i]!;
    const got = reported(linted.floors[i]!);
    expect(Object.keys(got).map(Number).sort()).toEqual(Object.keys(expected).map(Number).sort());
    for (const [line, start] of Object.entries(expected)) expect(got[Number(line)]).toMatch(new RegExp(`^'[^']+' import (pattern )?is restricted .*${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
