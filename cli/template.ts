/** Reading a template file (YAML with short-form tags, or JSON) for a command, with the exit code to give when it cannot be used. */
import { TemplateSyntaxError, parseTemplate } from '../preview/cfnYaml';
import { isObject, type JsonObject } from '../src/json';
import { EXIT, TemplateLoadError, type CliIo } from './common';

export interface LoadedTemplate {
  readonly file: string;
  readonly text: string;
  readonly template: JsonObject;
}

export function loadTemplate(io: CliIo, file: string): LoadedTemplate {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    throw new TemplateLoadError(`ecs-batch-scheduler: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage);
  }
  let template: unknown;
  try {
    template = parseTemplate(text);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new TemplateLoadError(`${file}: ${error.message}`, EXIT.findings, { cause: error });
    throw error;
  }
  if (!isObject(template)) throw new TemplateLoadError(`${file}: a template must be a map of sections (Resources, Parameters, ...)`, EXIT.findings);
  return { file, text, template };
}
