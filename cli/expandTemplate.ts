/**
 * A template expanded as the macro expands it: the one CLI module that loads the library's expansion
 * (schema, plan, renderers), so that only the commands that expand (expand, validate, simulate, diff) load it.
 */
import { expand, type Result } from '../src';
import type { JsonObject } from '../src/json';
import { fragmentOf, parameterValues } from '../src/template';
import type { LoadedTemplate } from './template';

/** The template expanded as the macro would expand it at deploy time. */
export function expandTemplate(loaded: LoadedTemplate, params: Readonly<Record<string, string>> = {}): Result<JsonObject> {
  return expand({ fragment: fragmentOf(loaded.template), templateParameterValues: parameterValues(loaded.template, params) });
}
