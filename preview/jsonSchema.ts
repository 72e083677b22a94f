/**
 * The JSON Schema of the shorthand's properties, generated from the schema the macro validates with
 * (src/schema.ts; never maintained by hand), for editors (VS Code's YAML extension) and the cfn-lint rule in
 * cfn-lint-rules/. A JSON Schema cannot say everything the macro checks (cron validity, cross-property
 * rules, task definition facts): those stay with `validate` and the macro.
 */
import { propertiesSchema } from '../src/schema';

export function shorthandJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...propertiesSchema.json(),
    title: 'Custom::BatchCommandSchedule Properties (EcsBatchScheduler)',
    description: 'Properties of the EcsBatchScheduler shorthand. Generated from src/schema.ts by `npm run schema`: do not edit.',
  };
}
