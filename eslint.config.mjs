// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Which way imports point. src/ is the library the Lambda runs; macro/ and cli/ are adapters around it, and
 * preview/ holds what only the CLI and the build use. src/ imports none of them; preview/ imports src/ but
 * neither adapter. An import specifier is relative, so "above" is one or more `../` then the folder's name.
 */
/** @param {string[]} folders */
const importOf = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const CORE = {
  regex: importOf(['cli', 'macro', 'preview']),
  message: 'src/ holds only what the Lambda runs: it never imports cli/, macro/ or preview/ (move the shared code into src/).',
};
const PREVIEW = { regex: importOf(['cli', 'macro']), message: 'preview/ is a library for the CLI: it never imports cli/ or macro/.' };
/**
 * The same boundary for `import('…')` and `typeof import('…')`, which no-restricted-imports does not see.
 * @param {{ regex: string, message: string }} pattern
 */
const dynamicImport = ({ regex, message }) => ({
  selector: `:matches(ImportExpression, TSImportType) Literal[value=/${regex.replace(/\//g, '\\/')}/]`,
  message,
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
  // One block per folder, because a later block's no-restricted-imports replaces an earlier one's options
  // for the files both match: a narrower rule (e.g. planning never imports rendering) spreads CORE into its
  // own patterns, in a block after this one:
  //   { files: ['src/plan.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [CORE, { regex: …, message: … }] }] } }
  // (pending: src/plan.ts still imports src/render/input; the check → plan → render work removes it).
  {
    files: ['src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [CORE] }],
      'no-restricted-syntax': ['error', dynamicImport(CORE)],
    },
  },
  {
    files: ['preview/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [PREVIEW] }],
      'no-restricted-syntax': ['error', dynamicImport(PREVIEW)],
    },
  },
  { files: ['*.js', '*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['*.js'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
);
