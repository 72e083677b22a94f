/**
 * The JSON Schema of the shorthand's properties, generated from the zod schema the macro validates with
 * (never maintained by hand), for editors (VS Code's YAML extension) and the cfn-lint rule in
 * cfn-lint-rules/. A JSON Schema cannot say everything the macro checks (cron validity, cross-property
 * rules, task definition facts): those stay with `validate` and the macro.
 */
import * as z from 'zod/mini';
import { propertiesSchema } from '../src/schema';

/** What an intrinsic function looks like: a one-key map `{Ref: ...}`, `{Fn::GetAtt: ...}`, ... */
const INTRINSIC_SCHEMA = {
  type: 'object',
  description: 'An intrinsic function: Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::FindInMap, Fn::Join, Fn::Select, Fn::ImportValue, ...',
  minProperties: 1,
  maxProperties: 1,
  propertyNames: { pattern: '^(Ref|Condition|Fn::[A-Za-z]+)$' },
} as const;

export function shorthandJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(propertiesSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (context) => {
      const def = context.zodSchema._zod.def;
      if (def.type === 'custom') {
        for (const key of Object.keys(context.jsonSchema)) Reflect.deleteProperty(context.jsonSchema, key);
        Object.assign(context.jsonSchema, INTRINSIC_SCHEMA);
      }
    },
  }) as Record<string, unknown>;
  return {
    ...generated,
    title: 'Custom::BatchCommandSchedule Properties (EcsBatchScheduler)',
    description: 'Properties of the EcsBatchScheduler shorthand. Generated from src/schema.ts by `npm run schema`: do not edit.',
  };
}
