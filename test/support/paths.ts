/** Where the repository's files are: a module that loads nothing else (test/lazyLoading.test.ts counts what loads). */
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const INPUT_DIR = join(ROOT, 'test', 'fixtures', 'input');
export const OUTPUT_DIR = join(ROOT, 'test', 'fixtures', 'output');
export const TEMPLATES_DIR = join(ROOT, 'templates');
