// The serving variants the search considers, and a cheap lower bound on what each can cost, so that only the
// variants that might win are planned exactly (core/search/search.ts).
import type { PlanningScenario } from '../capacity/scenario.ts';
import { residualFraction } from '../cost/onprem.ts';
import { knownHourly } from '../cost/cloud.ts';
import { regionAllowed } from '../cost/regions.ts';
import type { TcoInput } from '../cost/types.ts';
import { hasErrors } from '../findings.ts';
import type { EngineMemoryProfile } from '../memory/engine-memory.ts';
import type { KvDtype, WeightFormat } from '../memory/precision.ts';
import { checkFormatOnGpu, TP_CANDIDATES, validateSizeRequest, findMinTensorParallel } from '../memory/sizing.ts';
import { servingLimits, type EfficiencyTable } from '../perf/calibration.ts';
import { predictServing } from '../perf/serving.ts';
import { perfConstants, PerfInputError } from '../perf/step.ts';
import type { Gpu, Model } from '../types.ts';
import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../units.ts';
import type { SearchSpace } from './types.ts';

export interface Lengths {
  inputMean: number;
  outputMean: number;
  inputP95: number;
  outputP95: number;
}

/** The lengths the planner uses (core/capacity/scenario.ts): an embedding request has no output tokens. */
export function planningLengths(s: PlanningScenario): Lengths {
  const w = s.workload;
  const embedding = s.kind === 'embedding';
  return {
    inputMean: Math.max(1, Math.round(w.inputTokensMean)),
    outputMean: embedding ? 1 : Math.max(1, Math.round(w.outputTokensMean)),
    inputP95: Math.max(1, Math.round(w.inputTokensP95 ?? w.inputTokensMean)),
    outputP95: embedding ? 1 : Math.max(1, Math.round(w.outputTokensP95 ?? w.outputTokensMean)),
  };
}

/** Released format as served: fp32 checkpoints are served in bf16. */
export function releasedFormat(m: Model): WeightFormat {
  return m.releasedWeights === 'fp32' ? 'bf16' : m.releasedWeights;
}

/** Weight formats worth trying: as released; fp8 where the GPU computes it; int4-awq below a 16-bit or fp8 release. */
export function weightChoices(m: Model, g: Gpu, allowed?: readonly WeightFormat[]): WeightFormat[] {
  const released = releasedFormat(m);
  const out: WeightFormat[] = [released];
  const fp8Math = (g.denseFlopsPerSecond.fp8 ?? 0) > 0;
  if ((released === 'bf16' || released === 'fp16') && fp8Math) out.push('fp8');
  if (released === 'bf16' || released === 'fp16' || released === 'fp8') out.push('int4-awq');
  return allowed ? out.filter((w) => allowed.includes(w)) : out;
}

export function qualityRisk(m: Model, weights: WeightFormat, kv: KvDtype): 'none' | 'low' | 'medium' {
  if (weights === 'int4-awq' || weights === 'int4-gptq') return 'medium';
  if ((weights === 'fp8' && releasedFormat(m) !== 'fp8') || kv === 'fp8') return 'low';
  return 'none';
}

/** TensorRT-LLM runs on NVIDIA GPUs only. */
export function engineRunsOn(engine: string, g: Gpu): boolean {
  return engine !== 'trtllm' || g.vendor === 'nvidia';
}

export interface Variant {
  model: Model;
  gpu: Gpu;
  weights: WeightFormat;
  kvDtype: KvDtype;
  engine: EngineMemoryProfile;
}

export function enumerateVariants(models: Model[], gpus: Gpu[], engines: EngineMemoryProfile[], embedding: boolean, space: SearchSpace = {}): { variants: Variant[]; formatRejected: Variant[]; engineRejected: Variant[] } {
  const variants: Variant[] = [];
  const formatRejected: Variant[] = [];
  const engineRejected: Variant[] = [];
  // An embedding request is a prefill: nothing stays in a KV cache long enough for its dtype to matter.
  const kvs = (embedding ? ['bf16'] : space.kvDtypes ?? ['bf16', 'fp8']) as KvDtype[];
  const engs = space.engines ? engines.filter((e) => space.engines!.includes(e.id)) : engines;
  for (const model of models) {
    for (const gpu of gpus) {
      for (const weights of weightChoices(model, gpu, space.weights)) {
        for (const kvDtype of kvs) {
          for (const engine of engs) {
            const v = { model, gpu, weights, kvDtype, engine };
            if (hasErrors(checkFormatOnGpu(weights, kvDtype, gpu))) formatRejected.push(v);
            else if (!engineRunsOn(engine.id, gpu)) engineRejected.push(v);
            else variants.push(v);
          }
        }
      }
    }
  }
  return { variants, formatRejected, engineRejected };
}

export type VariantBound =
  | { ok: true; minTp: number; lbGpuHoursByMonth: number[]; lbPeakGpusMonth1: number; lbCostUsd: number; lbCloudMonthlyUsd: number | null; lbOnpremCapitalUsd: number | null }
  | { ok: false; code: 'DOES_NOT_FIT' | 'NO_SPEED_DATA'; args: Record<string, string | number | null> };

/** Cheapest $ per GPU-hour any allowed cloud offer charges for a GPU (on-demand, commitments the horizon covers, spot where eligible). */
export function cheapestCloudUsdPerGpuHour(tco: Omit<TcoInput, 'plans'>, gpuId: string, spotEligible: boolean): number | null {
  const s = tco.scenario;
  if (s.constraints.onPremOnly) return null;
  let best: number | null = null;
  for (const o of tco.offers) {
    if (o.gpuId !== gpuId || !regionAllowed(o.region, s.constraints.regions)) continue;
    const prices = [o.onDemand, ...(s.horizon.months >= 12 ? [o.commit1y] : []), ...(s.horizon.months >= 36 ? [o.commit3y] : []), ...(spotEligible && 'low' in o.spot ? [o.spot.low] : [])];
    for (const p of prices) if (knownHourly(p)) best = Math.min(best ?? Infinity, p.usdPerHour / o.gpuCount);
  }
  return best;
}

/** Net purchase price of one GPU bought in month 1 and sold at the end of the horizon, or null when unpriced. */
export function onpremNetUsdPerGpu(tco: Omit<TcoInput, 'plans'>, gpuId: string): { netUsd: number; cardUsd: number } | null {
  const inp = tco.onprem;
  if (!inp) return null;
  const card = inp.cardUsd[gpuId];
  const server = inp.servers[gpuId];
  const perGpu = card && card.value !== null ? card.value : server && server.systemUsd.value !== null ? server.systemUsd.value / server.gpuCount : null;
  if (perGpu === null) return null;
  return { cardUsd: perGpu, netUsd: perGpu * (1 - residualFraction(inp.residual, tco.scenario.horizon.months / 12)) };
}

/**
 * A lower bound on a variant's cost over the horizon, from a lower bound on its GPU-hours: no replica serves more
 * than its saturation rate (latency targets only lower it), and redundancy is ignored. Cloud: those GPU-hours at
 * the cheapest price per GPU-hour of any allowed offer. On-prem: month 1's GPUs bought and sold at the horizon's
 * end, plus staff for the GPUs of every month. The smaller is the bound.
 */
export function boundVariant(v: Variant, s: PlanningScenario, tco: Omit<TcoInput, 'plans'>, efficiency: EfficiencyTable, len: Lengths, growth: readonly number[]): VariantBound {
  const ctx = Math.min(len.inputP95 + len.outputP95, v.model.architecture.maxPositionEmbeddings);
  const base = { model: v.model, gpu: v.gpu, engine: v.engine, weights: v.weights, kvDtype: v.kvDtype, contextTokens: ctx };
  const min = findMinTensorParallel(base);
  if (!min) return { ok: false, code: 'DOES_NOT_FIT', args: { contextTokens: ctx, maxTensorParallel: 8 } };
  const throughputOnly = s.kind === 'batch';
  const hourly = s.workload.hourlyRequestsPerSecond;
  const maxHourly = Math.max(...hourly, 0);
  const peak = throughputOnly && s.workload.batch ? s.workload.batch.requiredRequestsPerSecond : s.workload.peakRequestsPerSecond;
  const burst = maxHourly > 0 ? Math.max(1, peak / maxHourly) : 1;
  const alwaysOn = s.kind !== 'batch' ? 1 : 0;
  let bestPerTp: { tp: number; rps: number } | null = null;
  let speedError: string | null = null;
  for (const tp of TP_CANDIDATES) {
    if (tp < min.tp || hasErrors(validateSizeRequest({ ...base, tp }))) continue;
    const limits = servingLimits({ model: v.model, gpu: v.gpu, tp, weights: v.weights, kvDtype: v.kvDtype, engine: v.engine.id as 'vllm', isl: len.inputP95, osl: len.outputP95 }, v.engine);
    if (limits.kvCapacitySequences < 1) continue;
    const target = { model: v.model, gpu: v.gpu, tp, weights: v.weights, kvDtype: v.kvDtype, engine: v.engine.id as 'vllm', efficiency: efficiency[v.engine.id as 'vllm'] };
    let rps: number;
    try {
      rps = predictServing(target, { kind: 'max-load' }, len.inputMean, len.outputMean, limits, perfConstants(target)).maxRequestsPerSecond;
    } catch (e) {
      if (e instanceof PerfInputError) {
        speedError = e.message;
        break;
      }
      throw e;
    }
    // GPU-hours scale with tp / rps: keep the TP with the most requests per GPU.
    if (!bestPerTp || rps / tp > bestPerTp.rps / bestPerTp.tp) bestPerTp = { tp, rps };
  }
  if (speedError) return { ok: false, code: 'NO_SPEED_DATA', args: { reason: speedError } };
  if (!bestPerTp || !(bestPerTp.rps > 0)) return { ok: false, code: 'DOES_NOT_FIT', args: { contextTokens: ctx, maxTensorParallel: 8 } };
  const { tp, rps } = bestPerTp;
  const perWeekToMonth = HOURS_PER_MONTH / HOURS_PER_WEEK;
  const gpuHoursAt = (f: number) => tp * perWeekToMonth * hourly.reduce((a, r) => a + Math.max(alwaysOn, (r * f * burst) / rps), 0);
  const memo = new Map<number, number>();
  const lbGpuHoursByMonth = growth.map((f) => memo.get(f) ?? (memo.set(f, gpuHoursAt(f)), memo.get(f)!));
  const lbPeakGpusMonth1 = Math.max(alwaysOn, (maxHourly * growth[0]! * burst) / rps) * tp;
  const spotEligible = s.kind === 'batch' && (tco.scenario.availability ?? null) === null;
  const cloudRate = cheapestCloudUsdPerGpuHour(tco, v.gpu.id, spotEligible);
  const cloudTotal = cloudRate === null ? null : lbGpuHoursByMonth.reduce((a, h) => a + h * cloudRate, 0);
  const own = onpremNetUsdPerGpu(tco, v.gpu.id);
  const staff = tco.onprem?.staffUsdPerGpuYear.value ?? 0;
  const onpremTotal = own === null ? null : Math.ceil(lbPeakGpusMonth1 - 1e-9) * own.netUsd + lbGpuHoursByMonth.reduce((a, h) => a + (h / HOURS_PER_MONTH) * (staff / 12), 0);
  const totals = [cloudTotal, onpremTotal].filter((x): x is number => x !== null);
  return {
    ok: true,
    minTp: min.tp,
    lbGpuHoursByMonth,
    lbPeakGpusMonth1,
    lbCostUsd: totals.length ? Math.min(...totals) : Number.POSITIVE_INFINITY,
    lbCloudMonthlyUsd: cloudRate === null ? null : Math.max(...lbGpuHoursByMonth) * cloudRate,
    lbOnpremCapitalUsd: own === null ? null : Math.ceil(lbPeakGpusMonth1 - 1e-9) * own.cardUsd,
  };
}
