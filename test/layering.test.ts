/**
 * The floors of the core (eslint.config.mjs): check/ < plan < render/ < expand. A module that imports from a
 * floor above its own fails the lint, in every way TypeScript can import (a value, a type, a re-export);
 * the imports the code makes today pass. Each snippet is linted in place of a real file of its folder.
 */
import { lintSnippets, type LintMessage, type Snippet } from './support/lint';

const RULE = '@typescript-eslint/no-restricted-imports';
const PLANNING = 'planning does not import rendering';
const CHECKS = 'checks do not import planning or rendering';
const RENDERING = 'rendering does not import the orchestrator';
const LEAF = 'a leaf module of the core imports no check, plan, render or expand module';

interface Case extends Snippet {
  readonly name: string;
  /** The start of the rule's message on each offending line, by line number; none for a legal snippet. */
  readonly expected: Readonly<Record<number, string>>;
}

const cases: readonly Case[] = [
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

/** What the layering rule reported, by line, and any parsing error (a snippet that was not parsed would pass vacuously). */
function reported(messages: readonly LintMessage[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const m of messages) {
    if (m.ruleId === null) throw new Error(`not parsed: ${m.message}`);
    if (m.ruleId === RULE) out[m.line] = m.message;
  }
  return out;
}

describe('the floors of the core (ESLint)', () => {
  let results: LintMessage[][];
  beforeAll(() => {
    results = lintSnippets(cases);
  }, 300_000);

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const { expected } = cases[i]!;
    const got = reported(results[i]!);
    expect(Object.keys(got).map(Number).sort()).toEqual(Object.keys(expected).map(Number).sort());
    for (const [line, start] of Object.entries(expected)) expect(got[Number(line)]).toMatch(new RegExp(`^'[^']+' import (pattern )?is restricted .*${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
