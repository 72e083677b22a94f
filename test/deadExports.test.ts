/**
 * No module exports what no other module imports: an export is a promise that someone uses it, and a dead one
 * hides that its code (or its `export`) can go. Read from the syntax of every TypeScript file of the
 * repository (the tests and scripts count as importers): named imports and re-exports name what they use;
 * `import * as`, `export *`, `import('…')` and jest's `requireActual`/`mock` use a whole module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';
import { ROOT } from './support/fixtures';
import { tsFiles } from './support/sources';

/**
 * The folders whose exports are checked. src/ and scripts/ join when their last dead exports are gone (src/:
 * with the check → plan → render work; scripts/: bench.ts's FEATURES and Feature).
 */
const CHECKED = ['src', 'preview', 'cli', 'macro', 'scripts'];
/** Modules something outside the repository loads: the Lambda runtime (`index.handler`) and the `bin` of package.json. */
const ENTRY_POINTS = new Set(['macro/index.ts', 'cli/bin.ts']);
const SCANNED = ['src', 'preview', 'cli', 'macro', 'scripts', 'test'];

interface Module {
  readonly exports: Set<string>;
  /** Per module imported (repository path), the names taken from it; `*` for all of them. */
  readonly imports: Map<string, Set<string>>;
}

/** The repository path of a relative specifier, as TypeScript resolves it (`./x` → x.ts or x/index.ts). */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(ROOT, dirname(from), specifier);
  const file = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
  return file === undefined ? undefined : relative(ROOT, file).split(sep).join('/');
}

function modifiers(node: ts.Node): ts.SyntaxKind[] {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []).map((m) => m.kind) : [];
}

/**
 * What the code takes from a dynamic `import(…)`: `const { a, b } = await import(…)`, `(await import(…)).a` and
 * `import(…).then((m) => m.a …)` name it; anything else uses the whole module (`*`).
 */
function namesTaken(call: ts.CallExpression): string[] {
  let node: ts.Node = call;
  if (ts.isAwaitExpression(node.parent)) {
    node = node.parent;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    if (ts.isVariableDeclaration(node.parent) && ts.isObjectBindingPattern(node.parent.name)) {
      const elements = node.parent.name.elements;
      if (elements.every((e) => e.dotDotDotToken === undefined)) return elements.map((e) => (e.propertyName ?? e.name).getText());
    }
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) return [node.parent.name.text];
    return ['*'];
  }
  const then = call.parent;
  const callback = ts.isPropertyAccessExpression(then) && then.name.text === 'then' && ts.isCallExpression(then.parent) ? then.parent.arguments[0] : undefined;
  const parameter = callback !== undefined && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback.parameters[0]?.name : undefined;
  if (callback === undefined || parameter === undefined || !ts.isIdentifier(parameter)) return ['*'];
  // `m.name` takes a name; `m` used any other way (passed on, spread) takes the whole module.
  const names: string[] = [];
  const uses = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === parameter.text && node !== parameter) {
      names.push(ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node ? node.parent.name.text : '*');
    }
    ts.forEachChild(node, uses);
  };
  uses(callback);
  return names.includes('*') || names.length === 0 ? ['*'] : names;
}

function readModule(file: string, text = readFileSync(join(ROOT, file), 'utf8')): Module {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const exports = new Set<string>();
  const imports = new Map<string, Set<string>>();
  const take = (specifier: string, names: readonly string[]): void => {
    const target = resolveSpecifier(file, specifier);
    if (target === undefined) return;
    const taken = imports.get(target) ?? new Set<string>();
    for (const name of names) taken.add(name);
    imports.set(target, taken);
  };

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const names = [
        ...(clause?.name === undefined ? [] : ['default']),
        ...(bindings === undefined ? [] : ts.isNamespaceImport(bindings) ? ['*'] : bindings.elements.map((e) => (e.propertyName ?? e.name).text)),
      ];
      take(statement.moduleSpecifier.text, names);
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier)) {
        take(statement.moduleSpecifier.text, clause === undefined || ts.isNamespaceExport(clause) ? ['*'] : clause.elements.map((e) => (e.propertyName ?? e.name).text));
      }
      if (clause !== undefined && ts.isNamedExports(clause)) for (const element of clause.elements) exports.add(element.name.text);
    } else if (ts.isExportAssignment(statement)) {
      exports.add('default');
    } else if (modifiers(statement).includes(ts.SyntaxKind.ExportKeyword)) {
      if (modifiers(statement).includes(ts.SyntaxKind.DefaultKeyword)) {
        exports.add('default');
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) exports.add(declaration.name.text);
      } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) {
        if (statement.name !== undefined) exports.add(statement.name.text);
      } else {
        throw new Error(`${file}: an export this test cannot read: ${statement.getText(source).slice(0, 80)}`);
      }
    }
  }
  // Uses anywhere in the file: import('…') (what the code takes from it, when it says; else the whole module),
  // `typeof import('…')`, jest.mock/requireActual and require (the whole module).
  const visit = (node: ts.Node): void => {
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) take(node.argument.literal.text, ['*']);
    if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const callee = node.expression.getText(source);
      const dynamic = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const loads = dynamic || ['require', 'jest.mock', 'jest.requireActual', 'jest.doMock'].includes(callee);
      if (loads && first !== undefined && ts.isStringLiteral(first)) take(first.text, dynamic ? namesTaken(node) : ['*']);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { exports, imports };
}

describe('exports', () => {
  const modules = new Map(SCANNED.flatMap(tsFiles).map((file) => [file, readModule(file)] as const));

  it('are read from every module, with what each imports', () => {
    expect(modules.size).toBeGreaterThanOrEqual(80);
    expect([...modules.values()].reduce((n, m) => n + m.imports.size, 0)).toBeGreaterThanOrEqual(200);
    // Most imports name what they take: whole-module uses (which hide a dead export) are the exception.
    const taken = [...modules.values()].flatMap((m) => [...m.imports.values()].flatMap((names) => [...names]));
    expect(taken.filter((name) => name !== '*').length).toBeGreaterThanOrEqual(600);
    expect(taken.filter((name) => name === '*').length).toBeLessThan(40);
  });

  it('are read in every shape TypeScript writes them, and so are imports', () => {
    const probe = readModule(
      'cli/probe.ts',
      [
        `import def, { a, b as c } from './common';`,
        `import * as ns from '../src/json';`,
        `import type { T } from './diff';`,
        `import 'node:fs';`,
        `export { x } from './validate';`,
        `export * from './simulate';`,
        `export const v = 1, w = 2;`,
        `export function f() {}`,
        `export async function g() {}`,
        `export interface I {}`,
        `export type U = string;`,
        `export class K {}`,
        `export enum E { A }`,
        `const local = 1;`,
        `export { local as renamed };`,
        `export default function named() {}`,
        `const later = () => import('./replacements');`,
        `const { runLocally, polyfill: shim } = await import('./simulation/run');`,
        `const one = (await import('./commands')).runCommand;`,
        `const lazy = () => import('./operate/status').then((m) => ({ usage: m.STATUS_USAGE, run: m.statusCommand }));`,
        `const whole = () => import('./operate/run').then((m) => m);`,
        `type Q = typeof import('./nextRuns');`,
        `jest.mock('./aws');`,
        `const required = jest.requireActual('./bin');`,
      ].join('\n'),
    );
    expect([...probe.exports].sort()).toEqual(['E', 'I', 'K', 'U', 'default', 'f', 'g', 'renamed', 'v', 'w', 'x']);
    expect(Object.fromEntries([...probe.imports].map(([target, names]) => [target, [...names]]))).toEqual({
      'cli/common.ts': ['default', 'a', 'b'],
      'src/json.ts': ['*'],
      'cli/diff.ts': ['T'],
      'cli/validate.ts': ['x'],
      'cli/simulate.ts': ['*'],
      'cli/replacements.ts': ['*'],
      'cli/simulation/run.ts': ['runLocally', 'polyfill'],
      'cli/commands.ts': ['runCommand'],
      'cli/operate/status.ts': ['STATUS_USAGE', 'statusCommand'],
      'cli/operate/run.ts': ['*'],
      'cli/nextRuns.ts': ['*'],
      'cli/aws.ts': ['*'],
      'cli/bin.ts': ['*'],
    });
  });

  it.each(CHECKED)('of %s/ are each imported by another module', (folder) => {
    const used = new Map<string, Set<string>>();
    for (const module of modules.values()) {
      for (const [target, names] of module.imports) used.set(target, new Set([...(used.get(target) ?? []), ...names]));
    }
    const dead = [...modules]
      .filter(([file]) => file.startsWith(`${folder}/`) && !ENTRY_POINTS.has(file))
      .flatMap(([file, { exports }]) => [...exports].filter((name) => !used.get(file)?.has(name) && !used.get(file)?.has('*')).map((name) => `${file}: ${name}`));
    expect(dead).toEqual([]);
  });
});
