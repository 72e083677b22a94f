/**
 * Jest's transform for the TypeScript sources and tests: esbuild strips the types (as ts-jest did with
 * `isolatedModules`: no type checks here, `npm test` runs `tsc` first), in about a tenth of the time ts-jest
 * takes while its compiler is still cold (an uncached run: a fresh clone, CI, a changed file).
 * `import()` becomes a `require()` (jest's module registry, as ts-jest compiled it for CommonJS). A file
 * that calls `jest.mock` goes through ts-jest, which hoists those calls above the imports.
 */
const { readFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const esbuild = require('esbuild');

const SELF = readFileSync(__filename, 'utf8');
let tsJest;

/** @type {import('@jest/transform').SyncTransformer} */
module.exports = {
  canInstrument: false,
  getCacheKey(source, filename, options) {
    const mocks = source.includes('jest.mock(');
    const key = mocks ? (tsJest ??= require('ts-jest').default.createTransformer({ tsconfig: 'tsconfig.json' })).getCacheKey(source, filename, options) : '';
    return createHash('sha256').update(SELF).update(esbuild.version).update(filename).update('\0').update(source).update(key).digest('hex');
  },
  process(source, filename, options) {
    if (source.includes('jest.mock(')) {
      tsJest ??= require('ts-jest').default.createTransformer({ tsconfig: 'tsconfig.json' });
      return tsJest.process(source, filename, options);
    }
    const { code, map } = esbuild.transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcemap: 'external', sourcesContent: false, sourcefile: filename, supported: { 'dynamic-import': false } });
    return { code, map };
  },
};
