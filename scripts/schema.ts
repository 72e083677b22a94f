/** Writes schema/batch-command-schedule.schema.json from the schema the macro validates with (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shorthandJsonSchema } from '../preview/jsonSchema';

const SCHEMA_PATH = join(__dirname, '..', '..', 'schema', 'batch-command-schedule.schema.json');

writeFileSync(SCHEMA_PATH, `${JSON.stringify(shorthandJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
