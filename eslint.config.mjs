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
  { files: ['*.js', '*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['*.js'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __filename: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
