/** Turning a template file's content into what CloudFormation would send the macro. Pure. */
import { isObject, type Json, type JsonObject } from './json';

export const MACRO_NAME = 'EcsBatchScheduler';

/**
 * The fragment a template-level transform receives: the template without our `Transform` entry (other
 * transforms stay, in order, as CloudFormation would still run them).
 */
export function fragmentOf(template: JsonObject): JsonObject {
  const transform = template['Transform'];
  const { Transform: _omitted, ...rest } = template;
  if (transform === undefined) return template;
  const list = Array.isArray(transform) ? transform : [transform];
  const others = list.filter((t: Json) => t !== MACRO_NAME);
  if (others.length === 0) return rest;
  return { ...rest, Transform: others.length === 1 && !Array.isArray(transform) ? (others[0] as Json) : others };
}

/**
 * Parameter values as CloudFormation would evaluate them: the declared defaults, overridden by the given
 * values. CloudFormation sends lists (CommaDelimitedList, List<…>) as arrays and everything else as strings.
 */
export function parameterValues(template: JsonObject, given: Readonly<Record<string, string>>): Record<string, Json> {
  const values: Record<string, Json> = {};
  const parameters = isObject(template['Parameters']) ? template['Parameters'] : {};
  for (const [name, declaration] of Object.entries(parameters)) {
    const raw = given[name] ?? (isObject(declaration) ? declaration['Default'] : undefined);
    const text = Array.isArray(raw) ? raw.map(String).join(',') : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    if (text === undefined) continue;
    const type = isObject(declaration) && typeof declaration['Type'] === 'string' ? declaration['Type'] : 'String';
    values[name] = type === 'CommaDelimitedList' || type.startsWith('List<') ? text.split(',').map((s) => s.trim()) : text;
  }
  return values;
}
