// Generate schemas/*.schema.json from the zod sources (draft-07, input shape, so defaulted keys are optional).
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../io/write.ts';
import { generateSchemas } from '../io/json-schemas.ts';

export default async function main(): Promise<void> {
  mkdirSync('schemas', { recursive: true });
  for (const [name, schema] of Object.entries(generateSchemas())) {
    writeFileAtomic(`schemas/${name}.schema.json`, JSON.stringify(schema, null, 2) + '\n');
    process.stdout.write(`wrote schemas/${name}.schema.json\n`);
  }
}
