// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Which way imports point. src/ is the library the Lambda runs; macro/ and cli/ are adapters around it, and
 * preview/ holds what only the CLI and the build use. src/ imports none of them; macro/ imports src/ alone;
 * preview/ imports src/ but neither adapter. A specifier is relative: one or more `../`, then the folder.
 * @param {string[]} folders
 */
const importOf = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const CORE = {
  regex: importOf(['cli', 'macro', 'preview']),
  message: 'src/ holds only what the Lambda runs: it never imports cli/, macro/ or preview/ (move the shared code into src/).',
};
const MACRO = { regex: importOf(['cli', 'preview']), message: 'macro/ is the Lambda: it imports src/, never cli/ or preview/.' };
const PREVIEW = { regex: importOf(['cli', 'macro']), message: 'preview/ is a library for the CLI: it never imports cli/ or macro/.' };

/**
 * The block that forbids `patterns` to `files`: in static imports and re-exports (no-restricted-imports), and in
 * `import('…')` and `typeof import('…')` (no-restricted-syntax; no-restricted-imports does not see them).
 * @param {string[]} files
 * @param {{ regex: string, message: string }[]} patterns
 */
const boundary = (files, ...patterns) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns }],
    'no-restricted-syntax': [
      'error',
      ...patterns.map(({ regex, message }) => ({ selector: `:matches(ImportExpression, TSImportType) Literal[value=/${regex.replace(/\//g, '\\/')}/]`, message })),
    ],
  },
});

/**
 * The floors of the core, lowest first: leaf modules (json, arns, parameters, schema, ...) < check/ <
 * plan < render/ < expand < index. Data flows up (check → plan → render → expand); a module never imports
 * from a floor above its own. typescript-eslint's no-restricted-imports (a rule of its own, so these blocks
 * do not replace the options of ESLint's no-restricted-imports that other blocks set) also sees `import type`
 * and `export … from`.
 * @param {'./' | '../'} from how a module of this folder names src/: './' in src/ itself, '../' (or '../../') below it
 * @param {string[]} above the floors it must not import
 * @param {string} message
 */
const noImportOf = (from, above, message) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: [{ regex: `^${from === './' ? '\\./' : '(\\.\\./)+'}(${above.join('|')})(/|$)`, message, caseSensitive: true }] },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.aws-sam/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'cli/simulation/**/*.ts'],
    rules: {
      // Tests (and the test doubles the simulate command reuses) cast parsed JSON to the shapes they assert on.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  // One block per folder. A later block replaces an earlier one's options of the same rule for the files both
  // match: a narrower boundary inside a folder (planning never imports rendering, say) either repeats the
  // folder's pattern, boundary(['src/plan.ts'], CORE, { regex: …, message: … }), or uses a rule of its own
  // (typescript-eslint's no-restricted-imports).
  boundary(['src/**'], CORE),
  boundary(['macro/**'], MACRO),
  boundary(['preview/**'], PREVIEW),
  // The floors of the core (a rule of their own, beside the folder boundaries above).
  {
    files: ['src/*.ts'],
    ignores: ['src/plan.ts', 'src/expand.ts', 'src/index.ts'],
    rules: noImportOf('./', ['check', 'plan', 'render', 'expand', 'index'], 'a leaf module of the core imports no check, plan, render or expand module: they build on it'),
  },
  {
    files: ['src/check/**'],
    rules: noImportOf('../', ['plan', 'render', 'expand', 'index'], 'checks do not import planning or rendering: they report issues and return what they resolved, and plan and render/ come after'),
  },
  {
    files: ['src/plan.ts'],
    rules: noImportOf('./', ['render', 'expand', 'index'], 'planning does not import rendering: plan decides the data (e.g. the trigger input\'s content), render/ serialises it'),
  },
  {
    files: ['src/render/**'],
    rules: noImportOf('../', ['expand', 'index'], 'rendering does not import the orchestrator (expand) or the library\'s index'),
  },
  { files: ['*.js', '*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['*.js'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __filename: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
