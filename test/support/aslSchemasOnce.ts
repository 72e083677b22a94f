/**
 * asl-validator (called by the tests, and by aws-local-stepfunctions before every local run) builds a new
 * Ajv and compiles its fifteen JSON schemas into it on every call: about 250 ms of CPU for a check that
 * then takes a few milliseconds. That made validation most of the state machine tests' time. Here the
 * Ajv that asl-validator builds is built once per test file and handed back on later calls, its schemas
 * already compiled; every call still validates its definition with the same schemas and formats.
 *
 * Only an Ajv built with asl-validator's schemas is shared. On the shared one, asl-validator's setup
 * (formats, and the keywords ajv-formats adds) runs again on every call: registering what is already
 * registered (the same format code, the same keyword definition) is a no-op; registering anything else
 * (e.g. asl-validator called with `checkPaths: false`, which registers other formats) throws, so a call
 * is never validated with the formats of an earlier one.
 */
import { dirname } from 'node:path';

const ASL_STATE_MACHINE_SCHEMA = 'http://asl-validator.cloud/state-machine.json#';

interface AjvLike {
  addFormat: (name: string, format: unknown) => unknown;
  addKeyword: (definition: unknown, ...rest: unknown[]) => unknown;
}
type AjvConstructor = new (...args: unknown[]) => AjvLike;

function isAslValidators(options: unknown): boolean {
  const schemas = (options as { schemas?: unknown } | undefined)?.schemas;
  return Array.isArray(schemas) && schemas.some((s) => (s as { $id?: unknown } | null)?.$id === ASL_STATE_MACHINE_SCHEMA);
}

/** The same format: the same object, or a function with the same code (asl-validator makes new closures per call). */
function sameFormat(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'function' && typeof b === 'function' && String(a) === String(b));
}

function shareable(ajv: AjvLike): AjvLike {
  const addFormat = ajv.addFormat.bind(ajv);
  const addKeyword = ajv.addKeyword.bind(ajv);
  const formats = new Map<string, unknown>();
  const keywords = new Set<unknown>();
  ajv.addFormat = (name, format) => {
    if (formats.has(name)) {
      if (!sameFormat(formats.get(name), format)) throw new Error(`test/support/aslSchemasOnce: asl-validator registered another format "${name}" than on its first call; the shared Ajv cannot validate with it`);
      return ajv;
    }
    formats.set(name, format);
    return addFormat(name, format);
  };
  ajv.addKeyword = (definition, ...rest) => {
    if (keywords.has(definition)) return ajv;
    keywords.add(definition);
    return addKeyword(definition, ...rest);
  };
  return ajv;
}

/** Makes the Ajv that asl-validator loads share one compiled instance per set of constructor options. */
export function compileAslSchemasOnce(): void {
  const ajvPath = require.resolve('ajv', { paths: [dirname(require.resolve('asl-validator'))] });
  const ajvModule = require(ajvPath) as { default: AjvConstructor };
  const Ajv = ajvModule.default;
  const shared = new Map<string, AjvLike>();
  ajvModule.default = new Proxy(Ajv, {
    construct(target, args, newTarget) {
      if (!isAslValidators(args[0])) return Reflect.construct(target, args, newTarget) as AjvLike;
      const key = JSON.stringify(args);
      let ajv = shared.get(key);
      if (ajv === undefined) {
        ajv = shareable(Reflect.construct(target, args, newTarget) as AjvLike);
        shared.set(key, ajv);
      }
      return ajv;
    },
  });
}
