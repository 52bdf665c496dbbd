// Building blocks of the --json contracts' zod schemas: every key carries a description (the JSON Schema's).
import { z } from 'zod';

export const m = <T extends z.ZodType>(schema: T, description: string): T => schema.meta({ description });
export const str = (d: string) => m(z.string(), d);
export const num = (d: string) => m(z.number(), d);
export const nullable = <T extends z.ZodType>(schema: T, d: string) => m(schema.nullable(), d);
export const isoDate = (d: string) => m(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), d);

/** The keys every scenario command's document starts with. */
export const scenarioHead = <K extends string>(kind: K) => ({
  schemaVersion: m(z.literal(1), 'Version of this output contract; bumped only when a key is removed, renamed or changes type.'),
  kind: m(z.literal(kind), `Which command printed this: "${kind}".`),
  scenario: str('Scenario name.'),
  asOf: isoDate('Date prices are selected for (--as-of).'),
});
