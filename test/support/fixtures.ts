/** Golden fixtures: inputs (whole templates, as a user writes them) and the macro's expected answers. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { handleMacroEvent, type MacroEvent, type MacroResponse } from '../../macro/handler';
import { parseTemplate } from '../../preview/cfnYaml';
import type { JsonObject } from '../../src/json';
import { MACRO_NAME, fragmentOf, parameterValues } from '../../src/template';
import { ACCOUNT, REGION, type Env } from '../../cli/simulation/resolve';

import { INPUT_DIR, ROOT, TEMPLATES_DIR } from './paths';

export { INPUT_DIR, OUTPUT_DIR, ROOT, TEMPLATES_DIR } from './paths';
/** The built executable, as package.json's `bin` names it (what `npx ecs-batch-scheduler` runs). */
export const CLI_BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['ecs-batch-scheduler'] as string);

export interface Fixture {
  /** Name of the golden output file, without `.json`. */
  readonly name: string;
  readonly inputPath: string;
  readonly expectsError: boolean;
}

/** Every golden case: test/fixtures/input/*.yaml and, as `template_<name>`, every templates/*.yaml. */
export function fixtures(): Fixture[] {
  const list = (dir: string): string[] => readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  return [
    ...list(INPUT_DIR).map((f) => ({ name: f.replace(/\.[^.]+$/, ''), inputPath: join(INPUT_DIR, f), expectsError: f.startsWith('error_') })),
    ...list(TEMPLATES_DIR).map((f) => ({ name: `template_${f.replace(/\.[^.]+$/, '')}`, inputPath: join(TEMPLATES_DIR, f), expectsError: false })),
  ];
}

export function loadTemplate(path: string): JsonObject {
  return parseTemplate(readFileSync(path, 'utf8')) as JsonObject;
}

/** The request CloudFormation would send for a template that lists the macro in `Transform`. */
export function macroEventFor(template: JsonObject, requestId = 'req-0001'): MacroEvent {
  return {
    region: REGION,
    accountId: ACCOUNT,
    fragment: fragmentOf(template),
    transformId: `${ACCOUNT}::${MACRO_NAME}`,
    params: {},
    requestId,
    templateParameterValues: parameterValues(template, {}),
  };
}

/** What the golden file records: the expanded fragment, or the error message. */
export function goldenOf(response: MacroResponse): unknown {
  return response.status === 'success' ? response.fragment : { errorMessage: response.errorMessage };
}

/** Rejections are logged by the handler in Lambda; golden runs keep the console quiet. */
export const silentLogger = { error: (): void => undefined, info: (): void => undefined };

export function runFixture(fixture: Fixture): MacroResponse {
  return handleMacroEvent(macroEventFor(loadTemplate(fixture.inputPath)), silentLogger);
}

export function goldenText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A golden case that expands: the template as written, its expansion, and what resolves intrinsics in it. */
export interface Expanded {
  readonly fixture: Fixture;
  readonly template: JsonObject;
  readonly expanded: JsonObject;
  readonly env: Env;
}

/** Every golden case that expands (inputs without `error_` and every templates/ example), expanded. */
export function expandedFixtures(): Expanded[] {
  return fixtures()
    .filter((f) => !f.expectsError)
    .map((fixture) => {
      const template = loadTemplate(fixture.inputPath);
      const response = runFixture(fixture);
      if (response.status !== 'success') throw new Error(`${fixture.name} did not expand`);
      return { fixture, template, expanded: response.fragment, env: { template: response.fragment, parameters: parameterValues(template, {}) } };
    });
}
