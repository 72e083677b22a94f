/**
 * Linting snippets with the repository's own ESLint configuration, as `npm run lint` runs it, without type
 * information: the rules the snippets are linted for (the import boundaries: no-restricted-imports and
 * no-restricted-syntax) read the syntax tree only, and typed linting spends seconds building the TypeScript
 * program before it lints anything (test/importBoundaries.test.ts alone, before it also held the floors of the core: 13.8 s of CPU typed, 4.0 s
 * without, jest's start included).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './fixtures';

export interface Snippet {
  readonly code: string;
  /** Relative to the repository: the file whose configuration blocks apply (not touched on disk). */
  readonly filePath: string;
}

export interface LintMessage {
  readonly line: number;
  readonly ruleId: string | null;
  readonly message: string;
}

/**
 * Lints the snippets with ESLint's Node API (`lintText` with a `filePath`) in a child process (ESLint loads
 * eslint.config.mjs with `import()`, which jest's module sandbox refuses), once for all of them. The
 * configuration is eslint.config.mjs with typescript-eslint's `disableTypeChecked` on top (as the config
 * itself does for `*.js`): the type-aware rules are off and the parser builds no TypeScript program; every
 * other rule and option is the repository's.
 */
export function lintSnippets(snippets: readonly Snippet[]): LintMessage[][] {
  const script = `
    const { ESLint } = require('eslint');
    const snippets = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: require('typescript-eslint').configs.disableTypeChecked });
      const out = [];
      for (const { code, filePath } of snippets) {
        const [result] = await eslint.lintText(code, { filePath });
        out.push(result.messages.map(({ line, ruleId, message }) => ({ line, ruleId, message })));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exitCode = 1; });`;
  const input = JSON.stringify(snippets.map((s) => ({ ...s, filePath: join(ROOT, s.filePath) })));
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, input, encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) throw new Error(`ESLint failed (${String(run.status)}): ${run.stderr}`);
  return JSON.parse(run.stdout) as LintMessage[][];
}
