/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // esbuild (ts-jest for files that call jest.mock): see the transform's header.
  transform: { '^.+\\.ts$': '<rootDir>/jest.transform.js' },
  setupFiles: ['<rootDir>/test/setup.ts'],
  testTimeout: 120000,
  // Both cores: the suites spend much of their time in child processes (cfn-lint, the built CLI, moto), and
  // jest's default (one worker less than the cores) would run them one after another.
  maxWorkers: 2,
};
