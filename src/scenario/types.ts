// The resolved scenario the rest of llmplan consumes: expressions evaluated, defaults applied, traffic turned into
// a 168-hour curve (core/capacity/workload.ts). Base units only: seconds, tokens, requests, requests/second, USD.
import type { Day } from '../core/capacity/workload.ts';

export type WorkloadKind = 'interactive' | 'batch' | 'embedding';
export type QualityTier = 'small' | 'medium' | 'large';

export interface ApiModel {
  /** Provider id as in @pydantic/genai-prices: `openai`, `anthropic`, `aws` (Bedrock), … */
  provider: string;
  model: string;
}

export interface BatchWorkload {
  itemsPerRun: number;
  /** Local hour 0–23 the run may start. */
  windowStartHour: number;
  /** Local hour 1–24 it must be done by; ≤ windowStartHour means the next day. */
  deadlineHour: number;
  windowSeconds: number;
  days: Day[];
  runsPerWeek: number;
  /** itemsPerRun / windowSeconds: the rate that meets the deadline exactly. */
  requiredRequestsPerSecond: number;
}

export interface EmbeddingWorkload {
  corpusDocuments: number;
  tokensPerDocument: number;
  corpusPassHours: number;
  /** corpusDocuments × tokensPerDocument. */
  corpusTokens: number;
  /** corpusTokens / (corpusPassHours × 3,600). */
  corpusPassTokensPerSecond: number;
  newDocumentsPerMonth: number;
}

export interface Workload {
  /** Requests per second reaching the model for each hour of the week, Monday 00:00–01:00 first, local time. */
  hourlyRequestsPerSecond: number[];
  /** The busiest moment: the stated peak (users via Little's law, or req/s) or else the busiest hour's mean. */
  peakRequestsPerSecond: number;
  /** Mean over the week. */
  meanRequestsPerSecond: number;
  /** Σ hourly × 3,600 s. */
  requestsPerWeek: number;
  /** requestsPerWeek × 730 / 168: always consistent with the hourly curve. */
  requestsPerMonth: number;
  inputTokensMean: number;
  outputTokensMean: number;
  inputTokensP50: number | null;
  inputTokensP95: number | null;
  outputTokensP50: number | null;
  outputTokensP95: number | null;
  /** Tokens of the prefix every request shares; included in inputTokensMean. */
  systemPromptTokens: number;
  prefixCacheHitRate: number;
  /** Share of offered requests a response cache answered; already removed from the curve. */
  responseCacheHitRate: number;
  /** requestsPerMonth × inputTokensMean. */
  inputTokensPerMonth: number;
  outputTokensPerMonth: number;
  batch: BatchWorkload | null;
  embedding: EmbeddingWorkload | null;
}

export interface Targets {
  ttftP95Seconds: number | null;
  tpotP95Seconds: number | null;
  e2eP95Seconds: number | null;
  /** In (0, 1): 0.999 = 99.9%. */
  availability: number | null;
}

export interface Constraints {
  onPremOnly: boolean;
  regions: string[];
  /** GPU catalog ids; empty = any. */
  allowedGpus: string[];
}

export interface Budget {
  monthlyUsd: number | null;
  capitalUsd: number | null;
}

export interface Horizon {
  months: number;
  /** Compound growth per month: 0.05 = +5 %/month. */
  monthlyGrowthRate: number;
}

/** The user's own prices (scenario `pricing:`); null = use the catalog's. */
export interface UserPricing {
  electricityUsdPerKWh: number | null;
  pue: number | null;
  facility: 'own' | 'colo' | null;
  coloUsdPerKwMonth: number | null;
  staffUsdPerGpuYear: number | null;
  gpuPurchaseUsd: Record<string, number>;
  ownedGpus: Record<string, number>;
  cloudDiscounts: Record<string, number>;
  apiDiscounts: Record<string, number>;
}

export interface Scenario {
  schemaVersion: 1;
  /** Path as given to the loader, for messages. */
  file: string;
  name: string;
  description: string;
  kind: WorkloadKind;
  /** Self-hosted candidates (model catalog ids): as written, or the quality tier's defaults. */
  models: string[];
  qualityTier: QualityTier | null;
  api: ApiModel[];
  /** IANA zone the hourly curve is in. */
  timezone: string;
  workload: Workload;
  targets: Targets;
  constraints: Constraints;
  budget: Budget;
  horizon: Horizon;
  pricing: UserPricing;
  /** line:col of some keys (api.N.model, api.N.provider) for errors found after loading. */
  positions?: Record<string, { line?: number; col?: number }>;
}
