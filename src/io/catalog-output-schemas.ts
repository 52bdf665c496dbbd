// The `--json` contract of `catalog offers | api | onprem` (docs/json-output.md): one row per price, with the date it
// was read and its age in days on `asOf`. Units are in the key names; null = unknown, with a sibling reason.
import { z } from 'zod';

const m = <T extends z.ZodType>(schema: T, description: string): T => schema.meta({ description });
const str = (d: string) => m(z.string(), d);
const isoDate = (d: string) => m(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), d);
const nullable = <T extends z.ZodType>(schema: T, d: string) => m(schema.nullable(), d);
const usd = (d: string) => nullable(z.number().min(0), `${d}; null when unknown (see the sibling reason).`);
const reason = (d: string) => nullable(z.string(), `Why ${d} is unknown; null when it is known.`);
const head = <K extends string>(kind: K, what: string) => ({
  schemaVersion: m(z.literal(1), 'Version of this output contract; bumped only when a key is removed, renamed or changes type.'),
  kind: m(z.literal(kind), `Which command printed this: "${kind}" (${what}).`),
  asOf: isoDate('Date prices are selected for and ages counted to (--as-of, default today).'),
});
const age = {
  readOn: nullable(isoDate('Date the source was read.'), 'Date the price was read at its source (YYYY-MM-DD); null when the price is unknown.'),
  ageDays: nullable(z.number().int(), 'Days from readOn to asOf (negative when read after asOf); null when undated.'),
};

const offerRow = z.strictObject({
  id: str('Offer id in catalogs/cloud-gpu-prices.yaml.'),
  provider: str('Cloud provider id (aws, gcp, azure, lambda, runpod, ...).'),
  instanceType: str('Instance type or product name as the provider sells it.'),
  region: str('Provider region, or "global" when the location is chosen at order time.'),
  jurisdiction: nullable(z.string(), 'Data-residency jurisdiction of the region: us, eu, apac, ca; null when unmapped (src/core/cost/regions.ts).'),
  gpuId: str('GPU catalog id.'),
  gpuCount: m(z.number().int().min(1), 'GPUs in the instance (count).'),
  minimumUnitGpus: m(z.number().int().min(1), 'Smallest number of GPUs rentable in this shape (count).'),
  onDemandUsdPerHour: usd('On-demand price of the whole instance, USD per hour'),
  onDemandUsdPerGpuHour: usd('onDemandUsdPerHour / gpuCount, USD per GPU-hour'),
  onDemandMissingReason: reason('the on-demand price'),
  onDemandFrom: m(z.enum(['current', 'history']), 'Whether the on-demand price is the current one or a past price valid on asOf.'),
  spotLowUsdPerGpuHour: usd('Cheapest spot observation, USD per GPU-hour'),
  spotHighUsdPerGpuHour: usd('Dearest spot observation, USD per GPU-hour'),
  spotMissingReason: reason('the spot price'),
  commit1yUsdPerGpuHour: usd('Effective rate with a 1-year commitment, USD per GPU-hour'),
  commit1yMissingReason: reason('the 1-year rate'),
  commit3yUsdPerGpuHour: usd('Effective rate with a 3-year commitment, USD per GPU-hour'),
  commit3yMissingReason: reason('the 3-year rate'),
  source: nullable(z.string(), 'Where the on-demand price comes from; null when unknown.'),
  ...age,
  interruptionNote: str('When the capacity can be taken back.'),
  notes: nullable(z.string(), 'Caveats of the offer; null when none.'),
});

export const catalogOffersOutputSchema = z
  .strictObject({
    ...head('catalog-offers', 'llmplan catalog offers --json'),
    summary: z
      .strictObject({
        offers: m(z.number().int().min(0), 'Offers listed (count).'),
        providers: m(z.array(z.strictObject({ provider: str('Provider id.'), offers: m(z.number().int().min(1), 'Its offers (count).') })), 'Providers with at least one offer listed.'),
        byJurisdiction: m(z.record(z.string(), z.number().int().min(1)), 'Offers per jurisdiction (us, eu, apac, ca), or per region when unmapped ("global").'),
      })
      .meta({ description: 'Counts of the rows below.' }),
    offers: m(z.array(offerRow), 'One row per offer (provider × instance type × region), in catalog order, filtered by --provider/--gpu/--region.'),
  })
  .meta({ title: 'llmplan catalog offers --json', description: 'Cloud GPU offers with their prices per instance-hour and per GPU-hour, each dated. USD, hours.' });

const multiplierRow = z.strictObject({
  provider: str('API provider id.'),
  kind: m(z.enum(['batch', 'flex', 'priority']), 'Which price the multiplier gives: batch API, flex or priority service tier.'),
  multiplier: nullable(z.number().gt(0), 'Standard price × this; null when no flat factor is known.'),
  appliesTo: m(z.array(z.string()), 'Price components it applies to (input, output, cacheRead, cacheWrite).'),
  missingReason: reason('the multiplier'),
  source: nullable(z.string(), 'Where it comes from; null when unknown.'),
  ...age,
  notes: nullable(z.string(), 'Caveats; null when none.'),
});

const apiPriceRow = z.strictObject({
  origin: m(z.enum(['genai-prices', 'api-extras']), 'Which data the row comes from: the @pydantic/genai-prices package or catalogs/api-extras.yaml.'),
  provider: str('API provider id.'),
  model: str('Model id at the provider.'),
  tier: m(z.enum(['standard', 'priority', 'flex', 'batch']), 'Service tier the price is for.'),
  inputUsdPerMTok: usd('Input price, USD per 1M tokens (the base price below any context tier)'),
  outputUsdPerMTok: usd('Output price, USD per 1M tokens (embedding models have none)'),
  cacheReadUsdPerMTok: usd('Cached-input read price, USD per 1M tokens'),
  cacheWriteUsdPerMTok: usd('Cache write price, USD per 1M tokens'),
  missingReason: reason('the per-token price'),
  tierStartsInputTokens: m(z.array(z.number().int().min(0)), 'Input sizes (tokens) above which a context tier changes the price; empty when flat.'),
  priceStartDate: nullable(isoDate('First day of the price.'), 'First day the listed price applied, when the source dates it; null otherwise.'),
  deprecated: m(z.boolean(), 'The provider has deprecated the model.'),
  contextWindow: nullable(z.number().int().min(0), 'Context window in tokens, when genai-prices gives it.'),
  source: str('genai-prices <version>, or the api-extras row\'s source.'),
  readOn: nullable(isoDate('Date of the data.'), 'Date the price data was read (genai-prices: its release date); null when unknown.'),
  ageDays: nullable(z.number().int(), 'Days from readOn to asOf; null when undated.'),
  note: nullable(z.string(), 'Price comments (time-of-day prices, regions); null when none.'),
});

export const catalogApiOutputSchema = z
  .strictObject({
    ...head('catalog-api', 'llmplan catalog api --json'),
    genaiPricesVersion: str('Version of @pydantic/genai-prices bundled.'),
    genaiPricesDataDate: nullable(isoDate('Release date.'), 'Date of the bundled genai-prices data (its npm release); null when unknown.'),
    multipliers: m(z.array(multiplierRow), 'Batch and service-tier multipliers from catalogs/api-extras.yaml.'),
    prices: m(z.array(apiPriceRow), 'Per-token prices: api-extras rows first, then every genai-prices model (filtered by --provider).'),
  })
  .meta({ title: 'llmplan catalog api --json', description: 'Hosted-API token prices llmplan knows, each dated. USD per 1M tokens.' });

const onpremRow = z.strictObject({
  section: m(z.enum(['gpu-purchase', 'server', 'node', 'pue', 'electricity', 'colocation', 'depreciation', 'staff', 'support', 'residual']), 'Which on-prem input.'),
  id: str('Row id (GPU id for gpu-purchase).'),
  label: str('Human label.'),
  unit: str('Unit of value, low and high: USD, USD/kWh, USD/kW-month, W, years, USD/year, GPUs/FTE; "" for a ratio or fraction.'),
  value: nullable(z.number().min(0), 'The single value; null for a range (see low/high) or when unknown.'),
  low: nullable(z.number().min(0), 'Low end of a sourced range; null otherwise.'),
  high: nullable(z.number().min(0), 'High end of a sourced range; null otherwise.'),
  basis: m(z.enum(['sourced', 'range', 'assumed', 'unknown']), 'sourced value, sourced low…high range, labelled assumption, or unknown.'),
  isDefault: m(z.boolean(), 'The row llmplan tco uses by default in its section.'),
  source: nullable(z.string(), 'Where the number comes from; null when assumed or unknown.'),
  readOn: nullable(isoDate('Date read.'), 'Date the source was read (a range: its older end); null when undated.'),
  ageDays: nullable(z.number().int(), 'Days from readOn to asOf; null when undated.'),
  missingReason: reason('the value'),
  note: nullable(z.string(), 'Caveat, or the reason of an assumption; null when none.'),
});

export const catalogOnpremOutputSchema = z
  .strictObject({
    ...head('catalog-onprem', 'llmplan catalog onprem --json'),
    rows: m(z.array(onpremRow), 'Every on-prem input of catalogs/onprem.yaml (and user catalogs), one row each.'),
  })
  .meta({ title: 'llmplan catalog onprem --json', description: 'On-prem TCO inputs: purchase prices, power, PUE, electricity, colocation, depreciation, staff, support, resale.' });
