// Shapes of `llmplan recommend`'s search: candidates (a deployment of a model, or an API), the reasons one loses
// as data (a code and the numbers behind it), levers on the winner, and the launch. Base units: USD, seconds,
// 730-hour months; prose comes from core/search/reason-text.ts only.
import type { PlanningScenario } from '../capacity/scenario.ts';
import type { CapacityPlan } from '../capacity/types.ts';
import type { TcoInput, TcoOption } from '../cost/types.ts';
import type { EngineMemoryProfile } from '../memory/engine-memory.ts';
import type { KvDtype, WeightFormat } from '../memory/precision.ts';
import type { EfficiencyTable } from '../perf/calibration.ts';
import type { Gpu, Model } from '../types.ts';

export const REJECTION_CODES = [
  'DOES_NOT_FIT',
  'FORMAT_NOT_SUPPORTED',
  'ENGINE_NOT_SUPPORTED',
  'NO_SPEED_DATA',
  'TTFT_P95_MISSED',
  'TPOT_P95_MISSED',
  'E2E_P95_MISSED',
  'DEADLINE_MISSED',
  'AVAILABILITY_MISSED',
  'REGION_NOT_ALLOWED',
  'DATA_RESIDENCY_UNKNOWN',
  'ON_PREM_ONLY',
  'GPU_NOT_ALLOWED',
  'INSTANCE_TOO_SMALL',
  'NO_PRICE',
  'OVER_MONTHLY_BUDGET',
  'OVER_CAPITAL_BUDGET',
  'COST_BOUND',
  'DOMINATED',
  'OUTRANKED',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export type CandidateKind = 'api' | 'cloud' | 'onprem' | 'hybrid';

/** How one replica runs a self-hosted candidate. */
export interface Serving {
  modelId: string;
  gpuId: string;
  engine: string;
  weights: WeightFormat;
  kvDtype: KvDtype;
  tensorParallel: number;
}

export interface PredictedP95 {
  ttftSeconds: number;
  tpotSeconds: number;
  e2eSeconds: number;
}

export interface Candidate {
  id: string;
  kind: CandidateKind;
  label: string;
  /** Model catalog id (self-hosted) or provider/model (API). */
  model: string;
  serving: Serving | null;
  /** Cloud offer id (cloud, and the cloud part of a hybrid). */
  offerId: string | null;
  region: string | null;
  purchase: string;
  monthlyCostUsd: number;
  peakMonthlyOperatingUsd: number;
  capitalUsd: number;
  totalCostUsd: number;
  costPerRequestUsd: number | null;
  costPerMillionTokensUsd: number | null;
  /** GPUs running in the quietest and the busiest hour (null for an API). */
  baseGpus: number | null;
  peakGpus: number | null;
  /** p95s of one replica at the planned load (its capacity); null for an API (not predicted). */
  predicted: PredictedP95 | null;
  /** Precision below the released checkpoint: 'none', 'low' (fp8 weights or KV), 'medium' (int4 weights). */
  qualityRisk: 'none' | 'low' | 'medium';
  /** The oldest dated price the cost rests on (shown once). */
  oldestPrice: { readOn: string; what: string } | null;
  /** The prices the cost rests on, with their dates (what `check` compares with a baseline). */
  prices: { what: string; value: number; unit: string; readOn: string | null }[];
  notes: string[];
  /** Cash paid by the end of each month (index 0 = month 1), purchases included, resale not: the report's cumulative chart. */
  cumulativeCashUsd?: number[];
  /** A disaggregated prefill/decode deployment (`recommend --compare-disagg`): its pools at the peak. */
  disaggregated?: { prefillPeakInstances: number; prefillTensorParallel: number; decodePeakInstances: number; decodeTensorParallel: number; kvTransferSeconds: number; pairRequestsPerSecond: number };
}

export interface Rejection {
  code: RejectionCode;
  /** What was rejected: a candidate id, a serving variant, an offer or a group of options. */
  what: string;
  kind: CandidateKind | 'self-hosted' | 'any';
  args: Record<string, string | number | null>;
}

export interface Lever {
  id: string;
  title: string;
  /** Positive: saved per month; negative: added. Null when it cannot be priced for this plan (see `reason`). */
  monthlySavingsUsd: number | null;
  /** What the lever changes, and what it puts at risk. */
  risk: string;
  /** Whether taking it keeps every target and constraint. */
  keepsTargets: boolean;
  reason: string | null;
}

export interface Launch {
  /** The command that starts the winner (engine server, or the API call's settings). */
  command: string;
  /** The benchmark that would confirm the prediction before buying; null for an API. */
  benchmarkCommand: string | null;
  notes: string[];
}

export interface SearchSpace {
  weights?: readonly WeightFormat[];
  kvDtypes?: readonly KvDtype[];
  engines?: readonly string[];
}

export interface SearchInput {
  planning: PlanningScenario;
  /** The pricing inputs of `tco` without plans: the search plans. */
  tco: Omit<TcoInput, 'plans'>;
  models: Model[];
  gpus: Gpu[];
  engines: EngineMemoryProfile[];
  efficiency: EfficiencyTable;
  /** Model ids the launch and router lever may name: HF repository per model id. */
  top: number;
  space?: SearchSpace;
  /** Also price a disaggregated prefill/decode deployment of every variant planned exactly (core/search/disagg.ts). */
  compareDisagg?: boolean;
}

/** A self-hosted plan the search evaluated exactly, kept for levers and hybrids. */
export interface EvaluatedPlan {
  serving: Serving;
  plan: CapacityPlan;
  predicted: PredictedP95 | null;
  options: TcoOption[];
}

export interface SearchStats {
  servingVariants: number;
  plansEvaluated: number;
  prunedByBound: number;
  candidatesPriced: number;
}

export interface SearchResult {
  /** Cheapest candidate over the horizon that meets every target, constraint and the budget; null when none. */
  recommendation: Candidate | null;
  /** When nothing is accepted: the cheapest candidate that meets the targets, or failing that the nearest miss. */
  closest: { candidate: Candidate | null; misses: Rejection[] } | null;
  runnersUp: { candidate: Candidate; behind: Rejection }[];
  accepted: Candidate[];
  rejections: Rejection[];
  stats: SearchStats;
  evaluated: EvaluatedPlan[];
}
