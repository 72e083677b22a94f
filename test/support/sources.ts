/** The repository's own TypeScript sources, as the tests that read them list them. */
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ROOT } from './paths';

/** The TypeScript files of `folder` and its subfolders (no declarations, no fixtures), as repository paths with `/`. */
export function tsFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.split(sep).includes('fixtures'))
    .map((f) => `${folder}/${f.split(sep).join('/')}`);
}
