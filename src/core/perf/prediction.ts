// One prediction with its error band and tier: the answer `llmplan perf` gives and `plan` builds on.
import type { MetricGroup } from './calibration-report.ts';
import { servingLimits, type EfficiencyTable } from './calibration.ts';
import type { EngineId } from '../memory/engine-memory.ts';
import { perfConstants } from './step.ts';
import { predictServing, splitLoad, type Load, type ServingLimits, type ServingPrediction } from './serving.ts';
import type { SizeRequest } from '../memory/sizing.ts';

export interface Band {
  low: number;
  high: number;
}

export interface BandModel {
  /** ln(measured / predicted) at the 10th and 90th percentile, out of sample, per metric group. */
  bands: Record<string, { logRatioP10: number; logRatioP90: number; medianApe: number; n: number }>;
  coverage: Array<{ gpu: string; engine: string; rows: number }>;
}

/** Extrapolated predictions (GPU × engine without fitted rows) get bands this much wider in log space. */
export const EXTRAPOLATION_WIDENING = 1.5;

export type Tier = 'calibrated' | 'extrapolated';

export function tierOf(m: BandModel, gpuId: string, engine: EngineId): Tier {
  return m.coverage.some((c) => c.gpu === gpuId && c.engine === engine && c.rows > 0) ? 'calibrated' : 'extrapolated';
}

/** Key of the band measured on one kind of model only: "throughput:moe", "tpot:dense". */
export function kindBandKey(group: string, moe: boolean): string {
  return `${group}:${moe ? 'moe' : 'dense'}`;
}

/**
 * Key of the band measured on one weight format only ("throughput:mxfp4"): where a format's rows miss one way as a
 * group (gpt-oss's MXFP4 checkpoints, too fast on every GPU), answers in that format carry its own band.
 */
export function formatBandKey(group: string, weights: string): string {
  return `${group}:${weights}`;
}

/**
 * The band of the metric group for this weight format ("throughput:mxfp4") where measured, else for this kind of
 * model ("throughput:moe"), else the group's.
 */
export function bandFor(m: BandModel, group: MetricGroup, value: number, tier: Tier, moe = false, weights?: string): Band {
  const own = weights === undefined ? undefined : m.bands[formatBandKey(group, weights)];
  return bandAround(own ?? m.bands[kindBandKey(group, moe)] ?? m.bands[group] ?? { logRatioP10: -0.5, logRatioP90: 0.5 }, value, tier);
}

/** The measured 10th-90th percentile ratios around a value, widened off calibrated ground; it always contains the value. */
function bandAround(b: { logRatioP10: number; logRatioP90: number }, value: number, tier: Tier): Band {
  const w = tier === 'calibrated' ? 1 : EXTRAPOLATION_WIDENING;
  return { low: value * Math.exp(Math.min(0, b.logRatioP10) * w), high: value * Math.exp(Math.max(0, b.logRatioP90) * w) };
}

/** A sizing request (model, GPU, engine, TP, formats, memory fraction) with lengths and a load instead of a context. */
export interface PerfRequest extends Omit<SizeRequest, 'contextTokens'> {
  isl: number;
  osl: number;
  load: Load;
  /**
   * Attention data-parallel + expert-parallel over this many GPUs (DEP, wide-EP; tp 1): each GPU runs attention for its
   * own share of the load and holds 1/ep of the routed experts. Absent or 1: one tensor-parallel replica.
   */
  ep?: number;
}

/** Key of the band measured on DEP rows ("throughput:dep"): they are predicted, never fitted (docs/accuracy.md). */
export function depBandKey(group: string): string {
  return `${group}:dep`;
}

/**
 * Key of the DEP rows of one expert format ("throughput:dep:mxfp4", "throughput:dep:other"): too few a side to be a
 * band, kept so `perf --ep` can say which side of the DEP error an answer is on (gpt-oss's MXFP4 experts miss TP or DEP).
 */
export function depFormatKey(group: string, weights: string): string {
  return `${depBandKey(group)}:${weights === 'mxfp4' ? 'mxfp4' : 'other'}`;
}

/** A rank's prediction as the deployment's: latencies are the rank's, rates and batches add over the ep ranks. */
function wholeDeployment(p: ServingPrediction, ep: number): ServingPrediction {
  if (ep === 1) return p;
  return { ...p, outputTokensPerSecond: p.outputTokensPerSecond * ep, requestsPerSecond: p.requestsPerSecond * ep, maxRequestsPerSecond: p.maxRequestsPerSecond * ep, decodeBatch: p.decodeBatch * ep };
}

export interface PerfAnswer {
  prediction: ServingPrediction;
  limits: ServingLimits;
  tier: Tier;
  bands: { ttftSeconds: Band; tpotSeconds: Band; e2eSeconds: Band; outputTokensPerSecond: Band; requestsPerSecond: Band };
}

/** Limits of one replica, or under DEP of one rank (its own KV pool beside all non-expert weights and 1/ep of the experts). */
export function limitsFor(r: PerfRequest): ServingLimits {
  return servingLimits({ ...r, engine: r.engine.id }, r.engine, r.memoryFraction);
}

/**
 * Under DEP the band is the one measured on DEP rows where it exists (throughput: TensorRT-LLM's DEP tables), else the
 * MoE band widened as an extrapolation: no DEP row measures TTFT or TPOT.
 */
function depBand(m: BandModel, group: MetricGroup, value: number, tier: Tier): Band {
  const own = m.bands[depBandKey(group)];
  return own ? bandAround(own, value, tier) : bandFor(m, group, value, 'extrapolated', true);
}

export function predictPerf(r: PerfRequest, table: EfficiencyTable, bands: BandModel, limits: ServingLimits = limitsFor(r)): PerfAnswer {
  const ep = r.ep ?? 1;
  const target = { model: r.model, gpu: r.gpu, tp: r.tp, ep, weights: r.weights, kvDtype: r.kvDtype, engine: r.engine.id, efficiency: table[r.engine.id] };
  // One DEP rank sees the deployment's load spread evenly over its ep attention ranks (the ranks balance requests;
  // TensorRT-LLM's attention-DP scheduler exists for that).
  const prediction = wholeDeployment(predictServing(target, splitLoad(r.load, ep), r.isl, r.osl, limits, perfConstants(target)), ep);
  const tier = tierOf(bands, r.gpu.id, r.engine.id);
  const moe = r.model.architecture.moe !== null;
  const band = (group: MetricGroup, value: number) => (ep > 1 ? depBand(bands, group, value, tier) : bandFor(bands, group, value, tier, moe, r.weights));
  return { prediction, limits, tier, bands: answerBands(prediction, band) };
}

/** The band of each figure of an answer from its metric group: end-to-end follows TPOT, requests/s throughput. */
export function answerBands(p: Pick<ServingPrediction, 'ttftSeconds' | 'tpotSeconds' | 'e2eSeconds' | 'outputTokensPerSecond' | 'requestsPerSecond'>, band: (group: MetricGroup, value: number) => Band): PerfAnswer['bands'] {
  return {
    ttftSeconds: band('ttft', p.ttftSeconds),
    tpotSeconds: band('tpot', p.tpotSeconds),
    e2eSeconds: band('tpot', p.e2eSeconds),
    outputTokensPerSecond: band('throughput', p.outputTokensPerSecond),
    requestsPerSecond: band('throughput', p.requestsPerSecond),
  };
}
