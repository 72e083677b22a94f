/**
 * Regenerates test/fixtures/output/*.json from the golden inputs. Run `npm run goldens`, then read the
 * diff (`git diff test/fixtures/output`) like code before committing it.
 */
import { existsSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_DIR, fixtures, goldenOf, goldenText, runFixture } from '../test/support/fixtures';

const written = new Set<string>();
let changed = 0;
for (const fixture of fixtures()) {
  const response = runFixture(fixture);
  if ((response.status === 'failure') !== fixture.expectsError) {
    console.error(`${fixture.name}: expected ${fixture.expectsError ? 'an error' : 'success'}, got ${response.status}${response.status === 'failure' ? `:\n${response.errorMessage}` : ''}`);
    process.exitCode = 1;
  }
  const path = join(OUTPUT_DIR, `${fixture.name}.json`);
  const text = goldenText(goldenOf(response));
  written.add(path);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
    writeFileSync(path, text);
    changed++;
    console.log(`updated ${fixture.name}`);
  }
}
for (const file of readdirSync(OUTPUT_DIR)) {
  const path = join(OUTPUT_DIR, file);
  if (!written.has(path)) {
    unlinkSync(path);
    console.log(`removed ${file} (no input)`);
  }
}
console.log(`${written.size} goldens, ${changed} changed`);
