// zod schema of scenarios/*.yaml (schemaVersion 1). Numbers here are the values after expressions are evaluated
// (expressions.ts); the JSON Schema for editors also accepts a string expression wherever a number goes.
// Cross-field rules (exactly one volume, peak ≥ busiest hour, p95 ≥ mean, ids exist) live in load.ts.
// Every number has an upper limit (core/bounds.ts, docs/limits.md): within them no figure overflows and no command
// runs longer than a few seconds.
import { z } from 'zod';
import { DAYS } from '../core/capacity/workload.ts';
import type { LimitName } from '../core/bounds.ts';
import { atMost, label, list, text } from '../io/schema-bounds.ts';

const positive = (description: string, limit: LimitName) => atMost(limit, z.number().positive()).meta({ description });
const nonNegative = (description: string, limit: LimitName) => atMost(limit, z.number().min(0)).meta({ description });
const share = (description: string) => z.number().min(0).max(1).meta({ description });
const hourOfDay = (description: string) => z.number().int().min(0).max(24).meta({ description });

const daysSchema = z
  .union([z.enum(['all', 'weekdays', 'weekends']), z.array(z.enum(DAYS)).min(1)])
  .meta({ description: 'Which days: "all", "weekdays" (Mon–Fri), "weekends", or a list such as [mon, wed, fri].' });

const periodSchema = z.strictObject({
  days: daysSchema,
  fromHour: hourOfDay('Start hour, 0–23, local time (9 = 09:00).'),
  toHour: hourOfDay('End hour (exclusive), 1–24; a value ≤ fromHour wraps past midnight (17 → 9 = evening and night).'),
  value: nonNegative('Traffic in these hours, in the shape\'s unit.', 'users'),
});

const weeklyShapeSchema = z
  .strictObject({
    unit: z
      .enum(['relative', 'concurrentUsers', 'requestsPerSecond'])
      .default('relative')
      .meta({ description: 'What the values are. With a volume (requestsPerDay, …) they only give proportions; without one they must be absolute (concurrentUsers needs thinkTimeSeconds).' }),
    periods: list(periodSchema, 'weeklyPeriods').min(1).optional().meta({ description: 'Named periods, e.g. weekdays 9–17: 400 concurrent. Hours no period covers carry no traffic.' }),
    hourly: z
      .strictObject({
        weekdays: z.array(atMost('users', z.number().min(0))).length(24).meta({ description: '24 values, 00:00–01:00 first, for Monday–Friday.' }),
        weekends: z.array(atMost('users', z.number().min(0))).length(24).meta({ description: '24 values, 00:00–01:00 first, for Saturday and Sunday.' }),
      })
      .optional()
      .meta({ description: 'An hourly profile; give this or periods.' }),
  })
  .meta({ description: 'How traffic varies over the week, in the scenario timezone. Absent: flat.' });

const batchSchema = z
  .strictObject({
    itemsPerRun: positive('Items each run must process, e.g. 5000 product descriptions.', 'requestsPerDay'),
    windowStartHour: hourOfDay('Hour the run may start, 0–23, local time (20 = 20:00).'),
    deadlineHour: hourOfDay('Hour the run must be finished, 1–24 (24 = midnight); ≤ windowStartHour means the next day.'),
    days: daysSchema.default('all'),
  })
  .meta({ description: 'Batch work sized for its deadline, not for a peak: one run per listed day.' });

const embeddingSchema = z
  .strictObject({
    corpusDocuments: positive('Documents in the one-time corpus pass.', 'corpusDocuments'),
    tokensPerDocument: positive('Mean tokens per document (or per chunk, if documents are chunked).', 'tokensPerRequest'),
    corpusPassHours: positive('Hours within which the corpus pass must finish.', 'corpusPassHours'),
    newDocumentsPerMonth: nonNegative('Documents added later, embedded as they arrive.', 'corpusDocuments').default(0),
  })
  .meta({ description: 'Prefill-only work: a one-time corpus pass plus the per-query load described by the workload volume.' });

const workloadSchema = z.strictObject({
  dailyActiveUsers: positive('Users per day; with requestsPerUserPerDay gives requestsPerDay.', 'users').optional(),
  requestsPerUserPerDay: positive('Requests (messages) per user per day.', 'requestsPerUserPerDay').optional(),
  requestsPerDay: positive('Requests per day (see dailyBasis).', 'requestsPerDay').optional(),
  dailyBasis: z
    .enum(['averageDay', 'weekday'])
    .default('averageDay')
    .meta({ description: 'What a per-day figure describes: an average day of the week, or an average Monday–Friday (weekends then follow weeklyShape).' }),
  requestsPerMonth: positive('Requests per 730-hour month.', 'requestsPerMonth').optional(),
  meanRequestsPerSecond: positive('Mean requests per second over the week.', 'requestsPerSecond').optional(),
  peakConcurrentUsers: positive('Users active at the busiest moment; needs thinkTimeSeconds.', 'users').optional(),
  peakRequestsPerSecond: positive('Requests per second at the busiest moment.', 'requestsPerSecond').optional(),
  thinkTimeSeconds: positive('Seconds a user takes between a response and the next request (Little\'s law).', 'seconds').optional(),
  responseSeconds: nonNegative('Seconds a response takes, added to think time in Little\'s law; default 0 (a slight over-estimate).', 'seconds').default(0),
  responseCacheHitRate: share('Share of requests answered from a response cache without reaching the model (0–1).').default(0),
  weeklyShape: weeklyShapeSchema.optional(),
  inputTokensMean: nonNegative('Mean prompt tokens per request, system prompt and history included.', 'tokensPerRequest'),
  outputTokensMean: nonNegative('Mean generated tokens per request; 0 for embeddings.', 'tokensPerRequest'),
  inputTokensP50: nonNegative('Median prompt tokens.', 'tokensPerRequest').optional(),
  inputTokensP95: nonNegative('95th-percentile prompt tokens.', 'tokensPerRequest').optional(),
  outputTokensP50: nonNegative('Median generated tokens.', 'tokensPerRequest').optional(),
  outputTokensP95: nonNegative('95th-percentile generated tokens.', 'tokensPerRequest').optional(),
  systemPromptTokens: nonNegative('Tokens of the prefix every request shares (part of inputTokensMean).', 'tokensPerRequest').default(0),
  prefixCacheHitRate: share('Share of requests whose shared prefix is already in the KV cache (0–1).').default(0),
  batch: batchSchema.optional(),
  embedding: embeddingSchema.optional(),
});

const targetsSchema = z.strictObject({
  ttftP95Seconds: positive('95th-percentile time to first token, seconds.', 'seconds').optional(),
  tpotP95Seconds: positive('95th-percentile time per output token after the first, seconds.', 'seconds').optional(),
  e2eP95Seconds: positive('95th-percentile end-to-end response time, seconds.', 'seconds').optional(),
  availability: z.number().meta({ description: 'Fraction of time the service must be up, in (0, 1): 0.999 for 99.9% (or the expression "99.9%").' }).optional(),
});

const constraintsSchema = z.strictObject({
  onPremOnly: z.boolean().default(false).meta({ description: 'Data must stay in our own data centre: no cloud GPUs, no hosted API.' }),
  regions: list(label.min(1), 'listItems').default([]).meta({ description: 'Where it may run: exact cloud region ids of the catalog\'s offers (us-east-1 allows us-east-1 only), or jurisdictions written as such (us, eu, ca, apac: every region in it); empty = anywhere. Hosted APIs must process data there too.' }),
  allowedGpus: list(label.min(1), 'listItems').default([]).meta({ description: 'GPU catalog ids allowed, e.g. a100-pcie-80gb; empty = any.' }),
});

const budgetSchema = z.strictObject({
  monthlyUsd: nonNegative('Operating budget per month, USD.', 'usd').optional(),
  capitalUsd: nonNegative('One-time capital budget, USD.', 'usd').optional(),
});

const horizonSchema = z.strictObject({
  months: atMost('horizonMonths', z.number().int().positive()).default(36).meta({ description: 'Planning horizon in months (default 36).' }),
  monthlyGrowthRate: atMost('monthlyGrowthRate', z.number().gt(-1)).default(0).meta({ description: 'Compound traffic growth per month: 0.05 = +5%/month.' }),
});

const idMap = <T extends z.ZodType>(value: T, description: string) => z.record(z.string().min(1), value).meta({ description });

/**
 * The user's own prices (infracost's usage file, in spirit): each replaces the catalog figure and is shown as
 * "yours" beside it. Absent keys keep the catalog's.
 */
const pricingSchema = z.strictObject({
  electricityUsdPerKWh: positive('Your electricity price, USD per kWh (replaces the catalog\'s figure for the site).', 'usd').optional(),
  pue: z.number().min(1).max(3).meta({ description: 'Your data centre\'s power usage effectiveness, 1–3 (1.3 = 30% overhead).' }).optional(),
  facility: z.enum(['own', 'colo']).meta({ description: 'On-prem facility: own data centre (power × PUE) or colocation (+ colocation per kW-month). The --facility flag wins.' }).optional(),
  coloUsdPerKwMonth: nonNegative('Your colocation price, USD per kW of IT power per month.', 'usd').optional(),
  staffUsdPerGpuYear: nonNegative('Your operations staff cost per GPU per year, USD.', 'usd').optional(),
  gpuPurchaseUsd: idMap(positive('USD per card.', 'usd'), 'Your purchase price per GPU card, by GPU catalog id, e.g. { h100-sxm-80gb: 24000 }.').optional(),
  ownedGpus: idMap(z.number().int().min(1).max(1_000_000).meta({ description: 'Cards owned (at most a million).' }), 'GPUs already bought, by GPU catalog id: no purchase for them (and the host servers they fill); power, space, staff and support still count.').optional(),
  cloudDiscounts: idMap(share('Fraction off, 0–1.'), 'Fraction off a cloud provider\'s prices (an enterprise agreement discounts the whole bill: on-demand, commitments and spot), by provider id, e.g. { aws: 0.25 }.').optional(),
  apiDiscounts: idMap(share('Fraction off, 0–1.'), 'Fraction off a hosted API provider\'s token prices, by provider id (genai-prices ids), e.g. { openai: 0.1 }.').optional(),
});

export const scenarioFileSchema = z.strictObject({
  schemaVersion: z.literal(1).meta({ description: 'Scenario format version; 1.' }),
  name: label.min(1).optional().meta({ description: 'Short name; default: the file name.' }),
  description: text.default('').meta({ description: 'What the deployment is for.' }),
  kind: z.enum(['interactive', 'batch', 'embedding']).meta({ description: 'interactive (chat, completion), batch (deadline), embedding (prefill-only).' }),
  timezone: label.default('UTC').meta({ description: 'IANA time zone the weekly shape and batch hours are written in, e.g. America/New_York.' }),
  models: list(label.min(1), 'modelsPerScenario').min(1).optional().meta({ description: 'Self-hosted candidates, model catalog ids (llmplan catalog models).' }),
  qualityTier: z.enum(['small', 'medium', 'large']).optional().meta({ description: 'Instead of models: small ≈ 7–9B, medium ≈ 27–32B, large ≈ 70B.' }),
  api: list(z.strictObject({ provider: label.min(1), model: label.min(1) }), 'listItems')
    .default([])
    .meta({ description: 'Hosted API models to compare with, named as in @pydantic/genai-prices (provider openai, model gpt-4o-mini).' }),
  workload: workloadSchema.meta({ description: 'Traffic: one volume (dailyActiveUsers × requestsPerUserPerDay, requestsPerDay, requestsPerMonth or meanRequestsPerSecond), an optional weeklyShape and peak, and token lengths.' }),
  targets: targetsSchema.default({}).meta({ description: 'Service levels to size for; absent targets are not checked.' }),
  constraints: constraintsSchema.default({ onPremOnly: false, regions: [], allowedGpus: [] }).meta({ description: 'Where it may run and on what.' }),
  budget: budgetSchema.default({}).meta({ description: 'Money available; absent = not checked.' }),
  horizon: horizonSchema.default({ months: 36, monthlyGrowthRate: 0 }).meta({ description: 'How far ahead to plan and how fast traffic grows.' }),
  pricing: pricingSchema.optional().meta({ description: 'Your own prices (electricity, PUE, facility, colocation, staff, GPU purchase, GPUs already owned, cloud and API discounts); each is shown as "yours" beside the catalog figure it replaces.' }),
});
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

type JsonSchemaNode = Record<string, unknown>;

/** Every number in the editor schema may also be written as an expression string (expressions.ts). */
function allowExpressions(ctx: { zodSchema: { _zod: { def: { type: string } } }; jsonSchema: JsonSchemaNode }): void {
  if (ctx.zodSchema._zod.def.type !== 'number') return;
  const js = ctx.jsonSchema;
  const numberSchema: JsonSchemaNode = {};
  for (const key of Object.keys(js)) {
    if (key === 'description' || key === 'default') continue;
    numberSchema[key] = js[key];
    delete js[key];
  }
  js.anyOf = [numberSchema, { type: 'string', description: 'An expression over other numeric fields, e.g. "dailyActiveUsers * requestsPerUserPerDay".' }];
}

/** JSON Schema (draft-07, input shape) for schemas/scenario.schema.json. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioFileSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any', override: allowExpressions });
}
