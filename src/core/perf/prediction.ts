// One prediction with its error band and tier: the answer `llmplan perf` gives and `plan` builds on.
import type { MetricGroup } from './calibration-report.ts';
import { servingLimits, type EfficiencyTable } from './calibration.ts';
import type { EngineId } from '../memory/engine-memory.ts';
import { perfConstants } from './step.ts';
import { predictServing, type Load, type ServingLimits, type ServingPrediction } from './serving.ts';
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

/** The band of the metric group for this kind of model ("throughput:moe") where measured, else the group's. */
export function bandFor(m: BandModel, group: MetricGroup, value: number, tier: Tier, moe = false): Band {
  const b = m.bands[kindBandKey(group, moe)] ?? m.bands[group] ?? { logRatioP10: -0.5, logRatioP90: 0.5 };
  const w = tier === 'calibrated' ? 1 : EXTRAPOLATION_WIDENING;
  // A band always contains the prediction itself.
  return { low: value * Math.exp(Math.min(0, b.logRatioP10) * w), high: value * Math.exp(Math.max(0, b.logRatioP90) * w) };
}

/** A sizing request (model, GPU, engine, TP, formats, memory fraction) with lengths and a load instead of a context. */
export interface PerfRequest extends Omit<SizeRequest, 'contextTokens'> {
  isl: number;
  osl: number;
  load: Load;
}

export interface PerfAnswer {
  prediction: ServingPrediction;
  limits: ServingLimits;
  tier: Tier;
  bands: { ttftSeconds: Band; tpotSeconds: Band; e2eSeconds: Band; outputTokensPerSecond: Band; requestsPerSecond: Band };
}

export function limitsFor(r: PerfRequest): ServingLimits {
  return servingLimits({ ...r, engine: r.engine.id }, r.engine, r.memoryFraction);
}

export function predictPerf(r: PerfRequest, table: EfficiencyTable, bands: BandModel, limits: ServingLimits = limitsFor(r)): PerfAnswer {
  const target = { model: r.model, gpu: r.gpu, tp: r.tp, weights: r.weights, kvDtype: r.kvDtype, engine: r.engine.id, efficiency: table[r.engine.id] };
  const prediction = predictServing(target, r.load, r.isl, r.osl, limits, perfConstants(target));
  const tier = tierOf(bands, r.gpu.id, r.engine.id);
  const moe = r.model.architecture.moe !== null;
  return {
    prediction,
    limits,
    tier,
    bands: {
      ttftSeconds: bandFor(bands, 'ttft', prediction.ttftSeconds, tier, moe),
      tpotSeconds: bandFor(bands, 'tpot', prediction.tpotSeconds, tier, moe),
      e2eSeconds: bandFor(bands, 'tpot', prediction.e2eSeconds, tier, moe),
      outputTokensPerSecond: bandFor(bands, 'throughput', prediction.outputTokensPerSecond, tier, moe),
      requestsPerSecond: bandFor(bands, 'throughput', prediction.requestsPerSecond, tier, moe),
    },
  };
}
