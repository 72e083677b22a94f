/**
 * The preview CLI: `ecs-batch-scheduler expand <file>`, in process. The built binary runs every command from
 * the installed package in test/package.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../cli/index';
import { parseOptions, UsageError } from '../cli/common';
import { INPUT_DIR, OUTPUT_DIR, ROOT, TEMPLATES_DIR } from './support/fixtures';

async function runCli(args: string[], readFile = (p: string): string => readFileSync(p, 'utf8')) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile,
  });
  return { code, stdout, stderr };
}

describe('ecs-batch-scheduler expand', () => {
  it('prints the expanded template as JSON, identical to what the macro returns', async () => {
    const result = await runCli(['expand', join(TEMPLATES_DIR, 'article.yaml')]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const golden = JSON.parse(readFileSync(join(OUTPUT_DIR, 'template_article.json'), 'utf8')) as unknown;
    expect(JSON.parse(result.stdout)).toEqual(golden);
  });

  it('prints YAML with --format yaml', async () => {
    const result = await runCli(['expand', join(TEMPLATES_DIR, 'article.yaml'), '--format', 'yaml']);
    expect(result.code).toBe(0);
    const golden = JSON.parse(readFileSync(join(OUTPUT_DIR, 'template_article.json'), 'utf8')) as unknown;
    expect(parse(result.stdout)).toEqual(golden);
  });

  it('uses --param values the way CloudFormation evaluates parameters', async () => {
    const dev = await runCli(['expand', join(INPUT_DIR, 'intrinsics.yaml')]);
    const withArn = await runCli(['expand', join(INPUT_DIR, 'intrinsics.yaml'), '--param', 'TaskDefinitionArn=app']);
    expect(dev.code).toBe(0);
    expect(withArn.code).toBe(0);
    // A family name instead of an ARN: the RunTask resource becomes the family's ARN with every revision.
    expect(withArn.stdout).toContain('task-definition/${Family}:*');
    expect(dev.stdout).not.toContain('task-definition/${Family}:*');
  });

  it('prints every error, one per line with the file name, and exits 1', async () => {
    const file = join(INPUT_DIR, 'error_article_mistakes.yaml');
    const result = await runCli(['expand', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    // The same issues the macro reports (the golden), each on its own line, prefixed with the file name.
    const golden = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/output/error_article_mistakes.json'), 'utf8')) as { errorMessage: string };
    const issues = golden.errorMessage.split('\n').slice(1);
    expect(issues).toHaveLength(4);
    expect(result.stderr.trim().split('\n')).toEqual(issues.map((line) => `${file}: ${line}`));
  });

  it('reports YAML syntax errors with line and column, exit 1', async () => {
    const result = await runCli(['expand', 'broken.yaml'], () => 'Resources:\n  A: [1,\n  B: 2\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^broken\.yaml: .*at line \d+, column \d+/);
  });

  it.each([
    [[], /missing command/],
    [['deploy', 'x.yaml'], /unknown command "deploy"/],
    [['expand'], /missing template file/],
    [['expand', 'a.yaml', '--format', 'xml'], /--format takes json or yaml/],
    [['expand', 'a.yaml', '--frobnicate'], /unknown option "--frobnicate"/],
    [['expand', 'a.yaml', 'b.yaml'], /unexpected argument "b\.yaml"/],
    [['expand', 'a.yaml', '--param', 'NoEquals'], /--param takes Name=Value, got "NoEquals"/],
    [['expand', join(ROOT, 'does-not-exist.yaml')], /cannot read/],
  ])('exits 2 on wrong usage: %j', async (args, message) => {
    const result = await runCli(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('prints help and exits 0 with --help', async () => {
    const result = await runCli(['expand', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: ecs-batch-scheduler expand/);
  });

});

describe('option parsing (node:util parseArgs, the messages of every command)', () => {
  const spec = { values: ['--format', '--now'], repeated: ['--param'], flags: ['--wait'] };

  it('reads --name value, --name=value, repeated options, flags and positionals in any order', () => {
    expect(parseOptions(['a.yaml', '--format=json', '--param', 'A=1', '-', '--wait', '--param=B=2', '--now', '-5'], spec)).toEqual({
      positional: ['a.yaml', '-'],
      options: { '--format': 'json', '--now': '-5' },
      repeated: { '--param': ['A=1', 'B=2'] },
      flags: ['--wait'],
    });
  });

  it.each([
    [['--frobnicate'], 'unknown option "--frobnicate"'],
    [['--frobnicate=1'], 'unknown option "--frobnicate=1"'],
    [['-x'], 'unknown option "-x"'],
    [['--wait=yes'], 'unknown option "--wait=yes"'],
    [['--', 'a.yaml'], 'unknown option "--"'],
    [['a.yaml', '--format'], '--format needs a value'],
  ])('%j is a usage error: %s', (args, message) => {
    expect(() => parseOptions(args, spec)).toThrow(new UsageError(message));
  });
});
