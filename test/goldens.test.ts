import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_DIR, fixtures, goldenOf, goldenText, runFixture } from './support/fixtures';

describe('golden fixtures (regenerate with `npm run goldens`, review the diff)', () => {
  it.each(fixtures().map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    // Act
    const response = runFixture(fixture);

    // Assess
    expect(response.status).toBe(fixture.expectsError ? 'failure' : 'success');
    const expected = readFileSync(join(OUTPUT_DIR, `${fixture.name}.json`), 'utf8');
    expect(goldenText(goldenOf(response))).toBe(expected);
  });
});
