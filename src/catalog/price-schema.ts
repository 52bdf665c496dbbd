// zod schemas for the price catalogs: catalogs/cloud-gpu-prices.yaml, onprem.yaml and api-extras.yaml.
// Units live in key names (USD per INSTANCE-hour, USD per kWh, USD per 1M tokens); the loader in prices.ts
// converts to the derived figures (USD per GPU-hour) once. Every number is a `sourcedNumber`: a value with its
// source and read date, or null with a reason — never a guess and never 0 for "unknown".
import { z } from 'zod';
import { LIMITS } from '../core/bounds.ts';
import { rangeMessage } from '../io/schema-bounds.ts';
import { GPU_FORM_FACTORS, sourcedIn, sourcedNumber } from './schema.ts';
import { CLOUD_PROVIDERS } from './providers.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');
const kebabId = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'a kebab-case id such as "aws-p5.48xlarge-us-east-1"');

/** A value nobody has published, e.g. Azure spot for ND-series: `{ value: null, reason }`. */
const unknownValue = z.strictObject({ value: z.null(), reason: z.string().min(3) });

/**
 * An explicit modelling assumption (not a measurement): it has a value and says why, and renders as "assumed".
 * Used only where cost-anchors.md found no source and the brief allows a labelled assumption (staff ratios).
 */
export const assumedNumber = z.strictObject({
  value: z.number().finite().min(0).refine((v) => v === 0 || (v >= LIMITS.catalogNumber.min && v <= LIMITS.catalogNumber.max), { error: (i) => rangeMessage('catalogNumber', i.input) }),
  assumption: z.literal(true),
  reason: z.string().min(10),
  readOn: isoDate.optional(),
});
export type AssumedNumber = z.infer<typeof assumedNumber>;

/** A spread of observed prices (e.g. cheapest…dearest availability zone), both ends sourced. */
const sourcedRange = z.strictObject({ low: sourcedNumber, high: sourcedNumber, note: z.string().optional() });


const historyEntry = z.strictObject({
  /** First day this price applied; omit when unknown (then it covers everything before `validUntil`). */
  validFrom: isoDate.optional(),
  /** First day it no longer applied (exclusive). */
  validUntil: isoDate,
  onDemandUsdPerHour: sourcedNumber,
  note: z.string().optional(),
});

export const cloudGpuOfferSchema = z.strictObject({
  id: kebabId,
  provider: z.enum(CLOUD_PROVIDERS),
  instanceType: z.string().min(1),
  gpuId: kebabId,
  gpuCount: z.number().int().positive(),
  region: z.string().min(2),
  /** True for every cloud GPU instance; false for quotes that bill the GPU separately (GCP accelerator rows). */
  gpuIncludedInPrice: z.boolean(),
  /** The smallest number of GPUs you can rent in this shape: an 8-GPU box is rented whole (8). */
  minimumUnitGpus: z.number().int().positive(),
  /** Price of the whole INSTANCE per hour (not per GPU): p5.48xlarge = 55.04, i.e. 6.88 per GPU-hour. */
  onDemandUsdPerHour: sourcedNumber,
  /** First day the current on-demand price applied, when known; earlier prices live in `history`. */
  onDemandValidFrom: isoDate.optional(),
  /** Per INSTANCE-hour, low…high across zones or observations; or null with a reason. */
  spotUsdPerHour: z.union([sourcedRange, unknownValue]),
  /** Effective per-INSTANCE-hour rate with a 1-year / 3-year commitment (RI, Savings Plan, CUD). */
  commit1yUsdPerHour: sourcedNumber,
  commit3yUsdPerHour: sourcedNumber,
  interruptionNote: z.string().min(3),
  history: z.array(historyEntry).default([]),
  notes: z.string().optional(),
});
export type CloudGpuOfferEntry = z.infer<typeof cloudGpuOfferSchema>;

export const cloudGpuPriceCatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  offers: z.array(cloudGpuOfferSchema),
});
export type CloudGpuPriceCatalog = z.infer<typeof cloudGpuPriceCatalogSchema>;

// ---------------------------------------------------------------------------------------------------------------
// On-prem TCO inputs

const sourcedOrAssumed = z.union([sourcedNumber, assumedNumber]);

export const gpuPurchaseSchema = z.strictObject({
  gpuId: kebabId,
  /** Street price of one GPU (card/module), USD; a range because list prices are not published. */
  cardUsd: z.union([sourcedRange, unknownValue]),
  notes: z.string().optional(),
});

export const serverSchema = z.strictObject({
  id: kebabId,
  gpuId: kebabId,
  gpuCount: z.number().int().positive(),
  /** Price of the complete system, GPUs included, USD. */
  systemUsd: sourcedNumber,
  /** What `systemUsd` includes, e.g. ["8x GPU", "CPUs", "RAM", "NVSwitch", "InfiniBand NICs"]. */
  includes: z.array(z.string()).min(1),
  notes: z.string().optional(),
});

/**
 * A kind of GPU server priced without its GPUs: an 8-GPU baseboard server (HGX for SXM, UBB for OAM) or a PCIe GPU
 * server. A GPU is hosted in the type that lists its `formFactor` (catalogs/gpus.yaml); one type per form factor.
 */
export const serverTypeSchema = z.strictObject({
  id: kebabId,
  label: z.string().min(3),
  formFactors: z.array(z.enum(GPU_FORM_FACTORS)).min(1),
  /** GPUs one server holds (slots for double-width cards, or the baseboard's module count). */
  gpusPerServer: z.number().int().positive().max(64),
  /** The server without its GPUs, USD: chassis, CPUs, RAM, local NVMe, NICs, power supplies (and the baseboard). */
  hostUsdPerServer: sourcedNumber,
  /** Ports of the cluster-fabric switch (`fabricSwitch`) one server takes. */
  fabricPortsPerServer: z.union([sourcedNumber, assumedNumber]),
  /** What `hostUsdPerServer` includes (and leaves out: support bundle, margin). */
  includes: z.array(z.string()).min(1),
  notes: z.string().optional(),
});
export type ServerTypeEntry = z.infer<typeof serverTypeSchema>;

/** The switch cluster networking is priced from: USD per port = usdPerSwitch / portsPerSwitch. */
export const fabricSwitchSchema = z.strictObject({
  label: z.string().min(3),
  usdPerSwitch: sourcedNumber,
  portsPerSwitch: z.number().int().positive().max(4096),
  notes: z.string().optional(),
});

const namedValue = z.strictObject({ id: kebabId, label: z.string(), value: sourcedNumber, notes: z.string().optional() });

export const electricitySchema = z.strictObject({
  id: kebabId,
  label: z.string(),
  sector: z.enum(['industrial', 'commercial', 'all-sectors', 'assumption']),
  /** USD per kWh: EIA prints cents per kWh; 7.90 ¢ is written 0.079 here. */
  usdPerKwh: sourcedNumber,
});

export const onpremCatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  gpuPurchase: z.array(gpuPurchaseSchema),
  servers: z.array(serverSchema),
  /** Host servers without GPUs, one type per GPU form factor (replaces the single 8-GPU host of schemaVersion 1 drafts). */
  serverTypes: z.array(serverTypeSchema).min(1),
  /** Cluster networking: switch ports per server × (switch price / ports); NICs are in the host price. */
  fabricSwitch: fabricSwitchSchema,
  /** Storage per server beyond its local NVMe, USD. */
  storageUsdPerNode: sourcedNumber,
  /** Non-GPU IT power of a GPU server (CPUs, fans, NICs), W; GPU TDP comes from catalogs/gpus.yaml. */
  hostPowerWattsPerServer: sourcedNumber,
  pue: z.array(namedValue).min(1),
  defaultPueId: kebabId,
  electricity: z.array(electricitySchema).min(1),
  defaultElectricityId: kebabId,
  colocation: z.array(z.strictObject({ id: kebabId, label: z.string(), usdPerKwMonth: sourcedNumber })).min(1),
  depreciation: z.strictObject({
    defaultYears: sourcedIn('depreciationYears'),
    conventions: z.array(namedValue),
  }),
  staff: z.strictObject({
    /** Base wage of one FTE, USD per year (not loaded). */
    wageUsdPerYear: sourcedNumber,
    /** Loaded cost / wage (benefits, payroll taxes). */
    loadedCostMultiplier: sourcedOrAssumed,
    /** How many GPUs one FTE operates. */
    gpusPerFte: sourcedOrAssumed,
  }),
  /** Hardware support contract per year as a fraction of capex (0.10 = 10%). */
  supportFractionOfCapexPerYear: z.union([sourcedRange, unknownValue]),
  /** Resale value at end of life as a fraction of purchase price, by age in years. */
  residualFraction: z.array(z.strictObject({ afterYears: z.number().positive(), fraction: z.union([sourcedRange, unknownValue]) })),
});
export type OnpremCatalog = z.infer<typeof onpremCatalogSchema>;

// ---------------------------------------------------------------------------------------------------------------
// API extras: what @pydantic/genai-prices does not carry

/**
 * USD per 1M tokens. A positive figure below 0.001 is refused: per-token prices (litellm's 1e-05) and most
 * per-1K prices land there, and the cheapest per-MTok price on record is 0.005 (gpt-5-nano cached input).
 */
export const usdPerMTok = sourcedNumber.superRefine((v, ctx) => {
  if (v.value !== null && v.value > 0 && v.value < 0.001)
    ctx.addIssue({ code: 'custom', message: `${v.value} looks like USD per token or per 1K tokens; write USD per 1M tokens` });
});

export const multiplierSchema = sourcedNumber.superRefine((v, ctx) => {
  if (v.value !== null && (v.value <= 0 || v.value > 10)) ctx.addIssue({ code: 'custom', message: 'a price multiplier must be in (0, 10]' });
});

const priceComponent = z.enum(['input', 'output', 'cacheRead', 'cacheWrite']);

export const apiExtrasCatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Asynchronous batch APIs: price = standard × multiplier for the listed components. */
  batch: z.array(
    z.strictObject({
      provider: z.string().min(2),
      multiplier: multiplierSchema,
      appliesTo: z.array(priceComponent),
      turnaround: z.string().optional(),
      notes: z.string().optional(),
    }),
  ),
  /** Flex / priority service tiers; a multiplier when the tier is a flat factor, else per-model rows below. */
  serviceTiers: z.array(
    z.strictObject({
      provider: z.string().min(2),
      tier: z.enum(['flex', 'priority']),
      multiplier: multiplierSchema,
      notes: z.string().optional(),
    }),
  ),
  /**
   * Where a hosted API processes prompts and outputs, with the page that says so: `endpoint-region` (the region of
   * the endpoint the caller picks), `global` (anywhere the provider runs), or a list of jurisdictions. A provider
   * without a row has unknown residency: under a region constraint its models are not eligible.
   */
  residency: z
    .array(
      z.strictObject({
        provider: z.string().min(2),
        processing: z.union([z.enum(['endpoint-region', 'global']), z.array(z.enum(['us', 'eu', 'ca', 'apac'])).min(1)]),
        source: z.string().min(1),
        readOn: isoDate,
        notes: z.string().optional(),
      }),
    )
    .default([]),
  /** Per-token rows genai-prices lacks (or a tier it does not price), USD per 1M tokens. */
  models: z.array(
    z.strictObject({
      provider: z.string().min(2),
      model: z.string().min(1),
      tier: z.enum(['standard', 'priority', 'flex', 'batch']).default('standard'),
      region: z.string().optional(),
      inputUsdPerMTok: usdPerMTok,
      outputUsdPerMTok: usdPerMTok,
      cacheReadUsdPerMTok: usdPerMTok.optional(),
      notes: z.string().optional(),
    }),
  ),
});
export type ApiExtrasCatalog = z.infer<typeof apiExtrasCatalogSchema>;

/** JSON Schemas of the three price catalogs, by file stem, for `npm run schemas` (src/io/json-schemas.ts). */
export function priceCatalogJsonSchemas(opts: Parameters<typeof z.toJSONSchema>[1]): Record<string, unknown> {
  return {
    'cloud-gpu-prices': z.toJSONSchema(cloudGpuPriceCatalogSchema, opts),
    onprem: z.toJSONSchema(onpremCatalogSchema, opts),
    'api-extras': z.toJSONSchema(apiExtrasCatalogSchema, opts),
  };
}
