/**
 * The README and docs/ as a newcomer meets them: a short README that links every page, pages that stand on
 * their own, links and anchors that resolve, and examples that are what the project really has and
 * produces (the commands and outputs themselves are run and compared in test/readmeCommands.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { parseTemplate } from '../preview/cfnYaml';
import { anchors, blocks, doc, docs, prose, showsPartOf } from './support/docs';
import { main } from '../cli/index';
import { OUTPUT_DIR, ROOT, TEMPLATES_DIR } from './support/fixtures';

const DOCS = docs();
const README = doc('README.md').text;

/** Every `[text](target)` of a page's prose, with the page it is on. */
function links(): Array<{ file: string; target: string }> {
  return DOCS.flatMap(({ file, text }) => [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => ({ file, target: m[1] as string })));
}

describe('the README', () => {
  it('is short enough to take in (at most 250 lines)', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('links every page of docs/', () => {
    const pages = DOCS.filter((d) => d.file.startsWith('docs/')).map((d) => d.file);
    expect(pages.length).toBeGreaterThanOrEqual(10);
    const linked = new Set(links().filter((l) => l.file === 'README.md').map((l) => l.target.split('#')[0]));
    expect(pages.filter((p) => !linked.has(p))).toEqual([]);
  });

  describe('its example', () => {
    const [shorthand] = blocks(README).filter((b) => b.info === 'yaml');
    const [excerpt] = blocks(README).filter((b) => b.info === 'json');
    const template = readFileSync(join(TEMPLATES_DIR, 'nightly-jobs.yaml'), 'utf8');
    const golden = readFileSync(join(OUTPUT_DIR, 'template_nightly-jobs.json'), 'utf8');

    it('shows the shorthand of templates/nightly-jobs.yaml as it is written there', () => {
      expect(shorthand?.lines.some((l) => l.includes('Type: Custom::BatchCommandSchedule'))).toBe(true);
      expect(showsPartOf(shorthand?.lines ?? [], template.split('\n'))).toBe(true);
    });

    it('lists exactly the resources the macro puts in place of the shorthand, in order (the golden)', () => {
      const input = parseTemplate(template) as { Resources: Record<string, unknown> };
      const output = JSON.parse(golden) as { Resources: Record<string, { Type: string }> };
      const generated = Object.entries(output.Resources).filter(([id]) => id === 'NightlyJobs' || !(id in input.Resources)).map(([id, r]) => `${id} ${r.Type}`);
      const table = README.slice(README.indexOf('| Logical ID | Type | What |'));
      const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2).map((row) => row.split(' | ').slice(0, 2).map((cell) => cell.replace(/^\| /, '').replaceAll('`', '')).join(' '));
      expect(rows).toEqual(generated);
    });

    it('shows a rule as the golden has it (the golden is what test/goldens.test.ts compares the expansion with)', () => {
      expect(excerpt?.lines.join('\n')).toContain('"Input": "{\\"schedule\\":\\"ImportCustomers\\"');
      // The rule sits in the golden's Resources, four spaces in.
      expect(showsPartOf(excerpt?.lines ?? [], golden.split('\n'), 4)).toBe(true);
    });
  });
});

describe('the pages of docs/', () => {
  it.each(DOCS.filter((d) => d.file.startsWith('docs/')).map((d) => [d.file, d.text] as const))('%s stands on its own: one title, and an opening that links back to the README', (_file, text) => {
    const titles = [...text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').matchAll(/^# /gm)];
    expect(text.startsWith('# ')).toBe(true);
    expect(titles).toHaveLength(1);
    const opening = text.slice(0, text.search(/\n## |$/));
    expect(opening).toMatch(/\]\((\.\.\/README\.md|development\.md)\)/);
  });
});

describe('links and names', () => {
  it('every relative link of the README and docs/ reaches a file, and every #anchor a heading there', () => {
    const found = links().filter((l) => !/^[a-z]+:/.test(l.target));
    expect(found.length).toBeGreaterThanOrEqual(40);
    const broken = found.filter(({ file, target }) => {
      const [path = '', anchor] = target.split('#');
      const to = path === '' ? file : normalize(join(dirname(file), path));
      if (!existsSync(join(ROOT, to))) return true;
      return anchor !== undefined && !anchors(readFileSync(join(ROOT, to), 'utf8')).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('every repository path the pages name in code (`test/…`, `templates/…`, …) exists', () => {
    const roots = ['test', 'templates', 'src', 'preview', 'cli', 'macro', 'scripts', 'schema', 'cfn-lint-rules', 'bench', 'docs', '.ci'];
    const named = DOCS.flatMap(({ file, text }) =>
      [...text.matchAll(/`([^`\s]+)`/g)]
        .map((m) => (m[1] as string).replace(/[.,:;)]+$/, ''))
        .filter((p) => roots.some((r) => p.startsWith(`${r}/`)) && !/[<>]/.test(p))
        .map((path) => ({ file, path })),
    );
    expect(named.length).toBeGreaterThanOrEqual(30);
    const missing = named.filter(({ path }) => {
      if (!path.includes('*')) return !existsSync(join(ROOT, path.replace(/\/$/, '')));
      // A glob of one folder (`test/fixtures/cli/*.txt`, `status_*`): at least one file matches.
      const folder = dirname(path);
      const pattern = new RegExp(`^${path.slice(folder.length + 1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      return !existsSync(join(ROOT, folder)) || !readdirSync(join(ROOT, folder)).some((f) => pattern.test(f));
    });
    expect(missing).toEqual([]);
  });

  it('every `npm run <script>` the pages name is a script of package.json, and every `npx jest <file>` a test file', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const runs = DOCS.flatMap(({ text }) => [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string));
    expect(runs).toEqual(expect.arrayContaining(['build', 'goldens', 'schema', 'bench']));
    expect(runs.filter((s) => scripts[s] === undefined)).toEqual([]);
    const jestFiles = DOCS.flatMap(({ text }) => [...text.matchAll(/npx jest ((?:test\/\S+\.test\.ts ?)+)/g)].flatMap((m) => (m[1] as string).trim().split(' ')));
    expect(jestFiles.length).toBeGreaterThanOrEqual(1);
    expect(jestFiles.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });

  it('the layout of docs/development.md names folders that exist', () => {
    const [layout] = blocks(doc('docs/development.md').text).filter((b) => b.info === 'text');
    const folders = (layout?.lines ?? []).map((l) => /^(\S+)\/\s/.exec(l)?.[1]).filter((f): f is string => f !== undefined);
    expect(folders.length).toBeGreaterThanOrEqual(7);
    expect(folders.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });
});

describe('the templates the pages show', () => {
  const shown = DOCS.flatMap(({ file, text }) => blocks(text).filter((b) => b.info === 'yaml' && b.lines.some((l) => /Type: Custom::BatchCommandSchedule/.test(l))).map((b) => ({ file, lines: b.lines })));
  const templates = readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(TEMPLATES_DIR, f), 'utf8').split('\n'));

  it('are whole templates the CLI validates, or excerpts of a template in templates/ (which the tests expand, lint and run)', async () => {
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const { file, lines } of shown) {
      const whole = lines[0]?.startsWith('Transform: ') === true && !lines.some((l) => /^\s*# \.\.\.$/.test(l));
      if (!whole) {
        expect({ file, lines, excerpt: templates.some((t) => showsPartOf(lines, t)) }).toEqual({ file, lines, excerpt: true });
        continue;
      }
      let stdout = '';
      const code = await main(['validate', 'example.yaml'], { stdout: (o) => (stdout += o), stderr: (o) => (stdout += o), readFile: () => `${lines.join('\n')}\n` });
      expect({ file, lines, code, stdout }).toEqual({ file, lines, code: 0, stdout: expect.stringMatching(/^✓ example\.yaml: valid/) as unknown });
    }
  });
});

interface Expansion {
  readonly schedules: number;
  readonly resources: number;
  readonly outputBytes: number;
  readonly expandMs: number;
  readonly floorMs: number;
  readonly ratio: number;
}

describe('docs/performance.md', () => {
  const page = doc('docs/performance.md').text;
  const results = JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) as {
    runCost: Array<{ transitions: number; usdPerMillionRuns: number }>;
    bundle: { bytes: number };
  };
  /** The body rows of the table whose header row is `header`, as cells without markup. */
  const table = (header: string): string[][] => {
    const rest = page.slice(page.indexOf(`${header}\n`));
    return rest.slice(0, rest.indexOf('\n\n')).split('\n').slice(2).map((row) => row.replace(/^\||\|$/g, '').split('|').map((cell) => cell.replaceAll('**', '').trim()));
  };
  /** A figure as shown (`14.5 KB`, `0.83 ms`, `(654)`) is the measured one, rounded as written. */
  const near = (shown: string, measured: number): boolean => {
    const figure = Number(/[\d.]+/.exec(shown.replaceAll(',', ''))?.[0]);
    return Math.abs(figure - measured) <= 0.5 * 10 ** -((/\.(\d+)/.exec(shown)?.[1] ?? '').length) + 1e-9;
  };

  it('shows the expansion figures of the committed bench/results.json (npm run bench writes it)', () => {
    // Every measured expansion, wherever results.json keeps it (plain shapes, single features), in its order.
    const measurements: Expansion[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (typeof value === 'object' && value !== null) {
        if ('expandMs' in value && 'floorMs' in value && 'ratio' in value && 'schedules' in value) measurements.push(value as Expansion);
        else Object.values(value).forEach(collect);
      }
    };
    collect(results);
    const rows = table('| case | schedules | resources | output | expansion | JSON floor | ratio | aws-sam-translator 1.110 (peer) |');
    expect(rows).toHaveLength(measurements.length);
    rows.forEach(([, schedules = '', resources = '', output = '', expansion = '', floor = '', ratio = ''], i) => {
      const measured = measurements[i];
      expect({ row: i, schedules: Number(schedules), resources: near(resources, measured?.resources ?? NaN), output: near(output, (measured?.outputBytes ?? NaN) / 1024), expansion: near(expansion, measured?.expandMs ?? NaN), floor: near(floor, measured?.floorMs ?? NaN), ratio: near(ratio, measured?.ratio ?? NaN) }).toEqual({ row: i, schedules: measured?.schedules, resources: true, output: true, expansion: true, floor: true, ratio: true });
    });
    expect(page).toContain(`${results.bundle.bytes.toLocaleString('en-US')} bytes`);
  });

  it('shows the transitions and costs of the committed bench/results.json for each run shape, in order', () => {
    const rows = table('| run | outcome | transitions | target | $ per million runs | before |');
    expect(rows.map((r) => [Number(r[2]), Number(r[4])])).toEqual(results.runCost.map((c) => [c.transitions, c.usdPerMillionRuns]));
  });
});
