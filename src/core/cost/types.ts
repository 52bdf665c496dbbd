// Shapes of `llmplan tco`'s pure core: what it is given (plans, prices with their dates) and what it returns.
// Base units: USD, USD per hour, USD per 1M tokens, requests, tokens, months of 730 h.
import type { CapacityPlan } from '../capacity/types.ts';

/** A number with its provenance, or null with the reason it is unknown (rendered "n/a (reason)", never $0). */
export type Sourced = { value: number; source: string; readOn: string | null; note?: string } | { value: null; reason: string };

/** A cloud hourly price as the price catalog gives it (structurally `MaybeHourlyPrice` of catalog/prices.ts). */
export type HourlyPriceIn = { usdPerHour: number; source: string; readOn: string } | { usdPerHour: null; reason: string };

/** The fields of a priced cloud offer the core reads (a `CloudGpuOffer` fits). */
export interface TcoOffer {
  id: string;
  provider: string;
  instanceType: string;
  gpuId: string;
  gpuCount: number;
  region: string;
  minimumUnitGpus: number;
  onDemand: HourlyPriceIn;
  spot: { low: HourlyPriceIn; high: HourlyPriceIn } | { usdPerHour: null; reason: string };
  commit1y: HourlyPriceIn;
  commit3y: HourlyPriceIn;
  interruptionNote: string;
}

/** Context tier: once a request's input crosses `aboveInputTokens`, the whole request is billed at these rates. */
export interface TcoApiTier {
  aboveInputTokens: number;
  inputUsdPerMTok: number | null;
  outputUsdPerMTok: number | null;
  cacheReadUsdPerMTok: number | null;
  cacheWriteUsdPerMTok: number | null;
}

/** Per-MTok API prices (an `ApiPrice` or `ApiPriceMissing` of catalog/api-prices.ts fits). */
export type TcoApiPrice =
  | {
      kind: 'price';
      provider: string;
      model: string;
      inputUsdPerMTok: number;
      outputUsdPerMTok: number;
      cacheReadUsdPerMTok: number | null;
      cacheWriteUsdPerMTok: number | null;
      tiers: TcoApiTier[];
      source: string;
      /** Date of the price data: its age is shown and checked against the threshold. */
      dataDate: string | null;
      batchMultiplier: number | null;
      batchNote: string;
      /** Where the provider processes requests (api-extras.yaml residency); absent or null: unknown. */
      processing?: ApiProcessing | null;
    }
  | { kind: 'missing'; provider: string; model: string; reason: string };

/** Where a hosted API processes data: the caller's endpoint region, anywhere, or within these jurisdictions. */
export interface ApiProcessing {
  kind: 'endpoint-region' | 'global' | 'jurisdictions';
  jurisdictions: string[];
  source: string;
  readOn: string;
  notes: string | null;
}

/** A GPU server priced without its GPUs (onprem.yaml `serverTypes`), with its share of the cluster fabric. */
export interface HostServerType {
  id: string;
  label: string;
  gpusPerServer: number;
  hostUsdPerServer: Sourced;
  /** Fabric ports of the server × switch price / switch ports (derived in the loader). */
  networkingUsdPerServer: Sourced;
}

/** On-prem inputs resolved from catalogs/onprem.yaml (or a user catalog) to single numbers with provenance. */
export interface OnpremInputs {
  /** Street price of one GPU card by GPU id (midpoint of the catalog range). */
  cardUsd: Record<string, Sourced>;
  /** Whole-system prices (GPUs included) by GPU id, used when no card price is known. */
  servers: Record<string, { gpuCount: number; systemUsd: Sourced }>;
  /** The server each GPU is hosted in, by GPU id, chosen by its form factor; a GPU without one cannot be costed on-prem. */
  serverTypeByGpu: Record<string, HostServerType>;
  storageUsdPerNode: Sourced;
  hostPowerWattsPerServer: Sourced;
  gpuTdpWatts: Record<string, Sourced>;
  pue: Sourced;
  usdPerKwh: Sourced;
  /** Colocation per kW-month of provisioned IT power; only charged with facility 'colo'. */
  colocationUsdPerKwMonth: Sourced;
  depreciationYears: Sourced;
  /** Loaded cost of one FTE per year ÷ GPUs one FTE runs. */
  staffUsdPerGpuYear: Sourced;
  supportFractionOfCapexPerYear: Sourced;
  /** Resale fraction of purchase price by age, ascending; linear between points, 1 at age 0, flat after the last. */
  residual: { afterYears: number; fraction: number }[];
  residualSource: string;
  /** GPUs already bought, by GPU id (scenario pricing.ownedGpus): no purchase for them or their nodes. */
  ownedGpus?: Record<string, number>;
}

export interface TcoWorkload {
  requestsPerMonth: number;
  inputTokensPerMonth: number;
  outputTokensPerMonth: number;
  inputTokensMean: number;
  inputTokensP95: number | null;
  systemPromptTokens: number;
  prefixCacheHitRate: number;
  /** One-time input tokens outside the monthly traffic (an embedding corpus pass), billed in month 1. */
  oneTimeInputTokens?: number;
}

export interface TcoScenario {
  name: string;
  kind: 'interactive' | 'batch' | 'embedding';
  workload: TcoWorkload;
  budget: { monthlyUsd: number | null; capitalUsd: number | null };
  horizon: { months: number; monthlyGrowthRate: number };
  constraints: { onPremOnly: boolean; regions: string[]; allowedGpus: string[] };
  /** The availability target (0.999), or null: with one, interruptible (spot) capacity is not eligible. */
  availability?: number | null;
}

/** What-if factors on the inputs; all 1 for the base case. The sensitivity table varies them one at a time. */
export interface TcoMultipliers {
  apiPrice: number;
  cloudGpuPrice: number;
  gpuPurchasePrice: number;
  traffic: number;
  /** Requests/s one replica serves: > 1 means fewer GPUs for the same traffic (higher utilisation). */
  replicaThroughput: number;
  electricity: number;
  staff: number;
}
export const BASE_MULTIPLIERS: TcoMultipliers = { apiPrice: 1, cloudGpuPrice: 1, gpuPurchasePrice: 1, traffic: 1, replicaThroughput: 1, electricity: 1, staff: 1 };

export interface TcoInput {
  scenario: TcoScenario;
  plans: CapacityPlan[];
  apiPrices: TcoApiPrice[];
  offers: TcoOffer[];
  onprem: OnpremInputs | null;
  /** YYYY-MM-DD the prices were selected for; ages are counted to this day. */
  asOf: string;
  maxPriceAgeDays: number;
  /** 'own': power × PUE only; 'colo': plus colocation per kW-month. */
  facility: 'own' | 'colo';
}

export interface PriceUsed {
  what: string;
  value: number;
  unit: string;
  source: string;
  readOn: string | null;
  ageDays: number | null;
}

export type OptionKind = 'api' | 'cloud' | 'onprem';

export interface TcoOption {
  id: string;
  kind: OptionKind;
  label: string;
  /** Model id (self-hosted) or provider/model (API). */
  model: string;
  gpuId: string | null;
  offerId: string | null;
  /** How capacity is bought: 'per-token', 'batch per-token', 'on-demand', '1y commit + on-demand', 'spot', 'purchase'. */
  purchase: string;
  /** Meets the scenario's targets and constraints (spot capacity does not, for interactive work). */
  eligible: boolean;
  ineligibleReason: string | null;
  /** Why not, as a code: AVAILABILITY_MISSED (spot), REGION_NOT_ALLOWED or DATA_RESIDENCY_UNKNOWN (an API). */
  ineligibleCode?: 'AVAILABILITY_MISSED' | 'REGION_NOT_ALLOWED' | 'DATA_RESIDENCY_UNKNOWN' | null;
  /** Set when a price the option needs is unknown; every cost field is then null. */
  missingPriceReason: string | null;
  /** Month 1, steady state: cloud and API as billed; on-prem = depreciation + operating costs. */
  monthlyCostUsd: number | null;
  /** Cash out per month excluding purchases, the highest month of the horizon (compared with budget.monthlyUsd). */
  peakMonthlyOperatingUsd: number | null;
  /** Purchases over the horizon (on-prem), compared with budget.capitalUsd. */
  capitalUsd: number | null;
  /** Cash over the horizon minus the resale value at its end. */
  totalCostUsd: number | null;
  costPerRequestUsd: number | null;
  costPerMillionTokensUsd: number | null;
  /** Cumulative cash by month (index 0 = end of month 1), for the break-even month. */
  cumulativeCashUsd: number[] | null;
  breakdown: { item: string; monthlyUsd: number }[];
  prices: PriceUsed[];
  notes: string[];
  interruptible: boolean;
  /** GPUs paid for in the busiest hour of the horizon (cloud: whole instances; on-prem: GPUs owned); null for an API. */
  peakGpus: number | null;
}

export interface Exclusion {
  what: string;
  reason: string;
}

export interface TcoEvaluation {
  options: TcoOption[];
  excluded: Exclusion[];
  /** Id of the cheapest eligible option over the horizon, or null. */
  recommendedId: string | null;
}
