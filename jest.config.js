/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // esbuild (ts-jest for files that call jest.mock): see the transform's header.
  transform: { '^.+\\.ts$': '<rootDir>/jest.transform.js' },
  // The longest files first, also on a run without cached durations: see the sequencer's header.
  testSequencer: '<rootDir>/jest.sequencer.js',
  setupFiles: ['<rootDir>/test/setup.ts'],
  // One cfn-lint process for the whole run instead of one per test file that lints: see test/support/cfnLint.ts.
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 120000,
  // Both cores: the suites spend much of their time in child processes (cfn-lint, the built CLI, moto), and
  // jest's default (one worker less than the cores) would run them one after another.
  maxWorkers: 2,
};
