/**
 * dist/cli/THIRD_PARTY_NOTICES.md: every npm package esbuild bundled into the CLI (read from the build's
 * metafile), with its version, licence and the licence and notice texts it ships, as those licences ask of
 * redistributed copies (MIT, ISC and Apache-2.0 all do). Identical texts are printed once.
 * Usage: node dist/scripts/notices.js <metafile> <output>
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Bundled {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly texts: readonly string[];
}

function bundledPackages(metafile: string): Bundled[] {
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as { inputs: Record<string, unknown> };
  const dirs = new Set<string>();
  for (const input of Object.keys(meta.inputs)) {
    // The last node_modules segment: a nested copy is a package of its own.
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1] !== undefined) dirs.add(match[1]);
  }
  return [...dirs].map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const files = readdirSync(dir).filter((f) => /^(licen[cs]e|copying|notice)/i.test(f)).sort();
    return { name: manifest.name, version: manifest.version, license: manifest.license ?? 'UNKNOWN', texts: files.map((f) => readFileSync(join(dir, f), 'utf8').trim()) };
  });
}

function notices(packages: readonly Bundled[]): string {
  const sorted = [...packages].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byText = new Map<string, string[]>();
  for (const p of sorted) for (const text of p.texts) byText.set(text, [...(byText.get(text) ?? []), `${p.name}@${p.version}`]);
  const lines = [
    '# Third-party notices',
    '',
    'The ecs-batch-scheduler CLI bundle (dist/cli) contains code from these npm packages:',
    '',
    ...sorted.map((p) => `- ${p.name}@${p.version} (${p.license})${p.texts.length === 0 ? ': ships no licence file; its licence applies as named' : ''}`),
  ];
  for (const [text, users] of byText) lines.push('', '---', '', `Applies to: ${users.join(', ')}`, '', '```text', text, '```');
  return `${lines.join('\n')}\n`;
}

const [metafile, output] = process.argv.slice(2);
if (metafile === undefined || output === undefined) throw new Error('usage: notices <metafile> <output>');
writeFileSync(output, notices(bundledPackages(metafile)));
