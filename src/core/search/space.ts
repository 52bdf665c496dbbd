// The serving variants the search considers, and a cheap lower bound on what each can cost, so that only the
// variants that might win are planned exactly (core/search/search.ts).
import type { PlanningScenario } from '../capacity/scenario.ts';
import type { CapacityPlan } from '../capacity/types.ts';
import { spareReplicas } from '../capacity/queueing.ts';
import { DEFAULT_RELIABILITY } from '../capacity/replicas.ts';
import { priceOnprem, residualFraction } from '../cost/onprem.ts';
import { knownHourly, replicasPerInstance, scaledLoad } from '../cost/cloud.ts';
import { regionAllowed } from '../cost/regions.ts';
import { BASE_MULTIPLIERS, type TcoInput, type TcoOffer } from '../cost/types.ts';
import { hasErrors } from '../findings.ts';
import type { EngineMemoryProfile } from '../memory/engine-memory.ts';
import type { KvDtype, WeightFormat } from '../memory/precision.ts';
import { checkFormatOnGpu, tensorParallelOptions, type SizeRequest } from '../memory/sizing.ts';
import { fitOptionArgs, fitOptionsAtLargestTp } from '../memory/fit-options.ts';
import { describeFitOptions } from '../finding-text.ts';
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
  | { ok: true; minTp: number; lbCostUsd: number; lbCloudTotalUsd: number | null; lbOnpremTotalUsd: number | null; lbCloudMonthlyUsd: number | null; lbOnpremCapitalUsd: number | null }
  | { ok: false; code: 'DOES_NOT_FIT' | 'NO_SPEED_DATA' | 'NO_PRICE'; args: Record<string, string | number | null> };

/**
 * A lower bound on owning `gpus` GPUs over the horizon: each GPU and (for card prices) its share of host servers
 * bought in month 1 and sold at the horizon's end, plus staff per GPU-month. Power, support and growth are left out.
 */
export function onpremLowerBoundUsd(tco: Omit<TcoInput, 'plans'>, gpuId: string, gpus: number): { totalUsd: number; capitalUsd: number } | null {
  const own = onpremNetUsdPerGpu(tco, gpuId);
  const inp = tco.onprem;
  if (!own || !inp) return null;
  // GPUs the user already owns cost nothing to buy: the bound counts staff only.
  if ((inp.ownedGpus?.[gpuId] ?? 0) > 0) return { totalUsd: gpus * ((inp.staffUsdPerGpuYear.value ?? 0) / 12) * tco.scenario.horizon.months, capitalUsd: 0 };
  const keep = 1 - residualFraction(inp.residual, tco.scenario.horizon.months / 12);
  const card = inp.cardUsd[gpuId];
  const st = inp.serverTypeByGpu[gpuId];
  // A full server holds at most gpusPerServer GPUs, so ceil(gpus / gpusPerServer) servers is a lower bound on any TP.
  const perNode = st && card && card.value !== null ? [st.hostUsdPerServer, st.networkingUsdPerServer].reduce((a, x) => a + (x.value ?? 0), 0) : 0;
  const nodes = st ? Math.ceil(gpus / st.gpusPerServer) : 0;
  const staff = inp.staffUsdPerGpuYear.value ?? 0;
  return {
    totalUsd: gpus * (own.netUsd + (staff / 12) * tco.scenario.horizon.months) + nodes * perNode * keep,
    capitalUsd: gpus * own.cardUsd + nodes * perNode,
  };
}

/** Net purchase price of one GPU bought in month 1 and sold at the end of the horizon, or null when unpriced. */
export function onpremNetUsdPerGpu(tco: Omit<TcoInput, 'plans'>, gpuId: string): { netUsd: number; cardUsd: number } | null {
  const inp = tco.onprem;
  if (!inp) return null;
  const card = inp.cardUsd[gpuId];
  const server = inp.servers[gpuId];
  const perGpu = card && card.value !== null ? card.value : server && server.systemUsd.value !== null ? server.systemUsd.value / server.gpuCount : null;
  if (perGpu === null) return null;
  if ((inp.ownedGpus?.[gpuId] ?? 0) > 0) return { cardUsd: 0, netUsd: 0 };
  return { cardUsd: perGpu, netUsd: perGpu * (1 - residualFraction(inp.residual, tco.scenario.horizon.months / 12)) };
}

/** Where a variant's GPU can be had: allowed cloud offers at their cheapest usable hourly price, and on-prem. */
type Buyable = { ok: true; offers: { o: TcoOffer; rate: number }[]; own: ReturnType<typeof onpremNetUsdPerGpu> } | { ok: false; code: 'NO_PRICE'; args: Record<string, string> };
// The same for every variant of a GPU in one search: computed once per GPU (the offers × regions scan was ~5% of it).
const buyableMemo = new WeakMap<object, Map<string, Buyable>>();

function buyable(v: Variant, s: PlanningScenario, tco: Omit<TcoInput, 'plans'>): Buyable {
  let memo = buyableMemo.get(tco);
  if (!memo) buyableMemo.set(tco, (memo = new Map()));
  const key = `${s.kind}|${v.gpu.id}`;
  let hit = memo.get(key);
  if (!hit) memo.set(key, (hit = buyableUncached(v, s, tco)));
  return hit;
}

function buyableUncached(v: Variant, s: PlanningScenario, tco: Omit<TcoInput, 'plans'>): Buyable {
  const sc = tco.scenario;
  const spotEligible = s.kind === 'batch' && (sc.availability ?? null) === null;
  const offers = sc.constraints.onPremOnly ? [] : tco.offers.filter((o) => o.gpuId === v.gpu.id && regionAllowed(o.region, sc.constraints.regions)).map((o) => ({ o, rate: cheapestHourly(o, sc.horizon.months, spotEligible) })).filter((x): x is { o: TcoOffer; rate: number } => x.rate !== null);
  const own = onpremNetUsdPerGpu(tco, v.gpu.id);
  if (offers.length === 0 && own === null) return { ok: false, code: 'NO_PRICE', args: { reason: sc.constraints.onPremOnly ? `no on-prem purchase price for ${v.gpu.id}` : `no priced offer in an allowed region and no on-prem purchase price for ${v.gpu.id}` } };
  return { ok: true, offers, own };
}

/**
 * Nothing fits up to TP 8: say which single setting would make it fit at the largest TP tried (the memory
 * fraction, fp8 KV, fewer concurrent sequences, a shorter context) instead of a flat no.
 */
function doesNotFit(base: Omit<SizeRequest, 'tp'>): { ok: false; code: 'DOES_NOT_FIT'; args: Record<string, string | number | null> } {
  const at = fitOptionsAtLargestTp(base);
  const fits = at && at.options.length ? { ...fitOptionArgs(at.options, at.tensorParallel), fitsWith: describeFitOptions(at.options) } : {};
  return { ok: false, code: 'DOES_NOT_FIT', args: { contextTokens: base.contextTokens, maxTensorParallel: 8, ...fits } };
}

export type QuickBound =
  | { ok: true; lbCostUsd: number; lbCloudTotalUsd: number | null; lbOnpremTotalUsd: number | null }
  | { ok: false; code: 'DOES_NOT_FIT' | 'NO_PRICE'; args: Record<string, string | number | null> };

/**
 * A first, cheap lower bound without the speed model: an always-on service keeps at least one replica of the
 * smallest TP that fits, plus the spares the availability target needs for it, in every hour. Batch work may
 * scale to zero: its quick bound is 0. The search refines a variant to `boundVariant` only when this one is low.
 */
export function quickBound(v: Variant, s: PlanningScenario, tco: Omit<TcoInput, 'plans'>, len: Lengths, growth: readonly number[]): QuickBound {
  const ctx = Math.min(len.inputP95 + len.outputP95, v.model.architecture.maxPositionEmbeddings);
  const base = { model: v.model, gpu: v.gpu, engine: v.engine, weights: v.weights, kvDtype: v.kvDtype, contextTokens: ctx };
  const { minTp } = tensorParallelOptions(base);
  if (minTp === null) return doesNotFit(base);
  const sc = tco.scenario;
  const where = buyable(v, s, tco);
  if (!where.ok) return where;
  const { offers, own } = where;
  const alwaysOn = s.kind === 'batch' ? 0 : 1;
  const availability = s.kind === 'batch' ? null : s.targets.availability;
  const replicas = alwaysOn === 0 ? 0 : 1 + (availability === null ? 0 : spareReplicas(1, availability, DEFAULT_RELIABILITY.instanceUnavailability));
  const months = growth.length;
  let cloud: number | null = null;
  for (const { o, rate } of offers) {
    // Any TP ≥ the smallest needs at least as many GPUs, so as many instances of this size.
    if (replicasPerInstance(o.gpuCount, minTp) === 0) continue;
    const total = Math.ceil(replicas / replicasPerInstance(o.gpuCount, minTp)) * rate * HOURS_PER_MONTH * months;
    if (cloud === null || total < cloud) cloud = total;
  }
  const onprem = replicas === 0 ? (own === null ? null : 0) : onpremLowerBoundUsd(tco, v.gpu.id, replicas * minTp)?.totalUsd ?? null;
  const totals = [cloud, onprem].filter((x): x is number => x !== null);
  return { ok: true, lbCostUsd: totals.length ? Math.min(...totals) : Number.POSITIVE_INFINITY, lbCloudTotalUsd: cloud, lbOnpremTotalUsd: onprem };
}

/**
 * A lower bound on a variant's cost over the horizon. No replica serves more than its saturation rate (the latency
 * targets only lower it), so each hour needs at least ⌈rate × burst / saturation⌉ replicas, then the planner's own
 * scale-ahead and N + k spares on top (both grow with the count). That curve is priced below what the cost
 * functions charge: per cloud offer, whole instances × its cheapest hourly price the horizon allows (commitment,
 * on-demand, spot where eligible); on-prem, by the on-prem pricing itself (monotone in the curve). The
 * minimum over TP degrees and offers is the bound; per kind too, so that the search can prune per group.
 */
export function boundVariant(
  v: Variant, s: PlanningScenario, tco: Omit<TcoInput, 'plans'>, efficiency: EfficiencyTable, len: Lengths, growth: readonly number[],
  /** Bounds above these cannot matter to the search: a cheaper bound that already exceeds one is enough. */
  bar: { cloud: number; onprem: number } = { cloud: Infinity, onprem: Infinity },
  /** On-prem lower bounds already priced in this search, by GPU, TP and curve. */
  cache: Map<string, { totalUsd: number; capitalUsd: number } | null> = new Map(),
): VariantBound {
  const ctx = Math.min(len.inputP95 + len.outputP95, v.model.architecture.maxPositionEmbeddings);
  const base = { model: v.model, gpu: v.gpu, engine: v.engine, weights: v.weights, kvDtype: v.kvDtype, contextTokens: ctx };
  const { minTp, tps } = tensorParallelOptions(base);
  if (minTp === null) return doesNotFit(base);
  const sc = tco.scenario;
  const where = buyable(v, s, tco);
  if (!where.ok) return where;
  const { offers, own } = where;
  const throughputOnly = s.kind === 'batch';
  const hourly = s.workload.hourlyRequestsPerSecond;
  const maxHourly = Math.max(...hourly, 0);
  const peak = throughputOnly && s.workload.batch ? s.workload.batch.requiredRequestsPerSecond : s.workload.peakRequestsPerSecond;
  const burst = maxHourly > 0 ? Math.max(1, peak / maxHourly) : 1;
  const alwaysOn = s.kind !== 'batch' ? 1 : 0;
  const availability = throughputOnly ? null : s.targets.availability;
  const weekToMonth = HOURS_PER_MONTH / HOURS_PER_WEEK;
  const distinct = [...new Set(growth)];
  const indexOf = new Map(distinct.map((f, i) => [f, i]));
  const monthIndex = growth.map((f) => indexOf.get(f)!);
  const growing = growth.every((f) => f >= 1);
  const classes = hourClasses(hourly);
  type Best = { cloud: number | null; onprem: number | null; cloudMonthly: number | null; capital: number | null; tp: number };
  const acc: { best: Best | null } = { best: null };
  let speedError: string | null = null;
  const lower = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  const keep = (cloud: number | null, onprem: number | null, cloudMonthly: number | null, capital: number | null, tp: number) => {
    const b = acc.best;
    acc.best = b ? { cloud: lower(b.cloud, cloud), onprem: lower(b.onprem, onprem), cloudMonthly: lower(b.cloudMonthly, cloudMonthly), capital: lower(b.capital, capital), tp: b.tp } : { cloud, onprem, cloudMonthly, capital, tp };
  };
  const months = growth.length;
  for (const tp of tps) {
    // Before the speed model: this TP keeps at least 1 + spares replicas always on (the quick bound at this TP).
    const q = Math.max(DEFAULT_RELIABILITY.instanceUnavailability, (tp * DEFAULT_RELIABILITY.repairHours) / DEFAULT_RELIABILITY.gpuMtbfHours);
    const floor = alwaysOn === 0 ? 0 : 1 + (availability === null ? 0 : spareReplicas(1, availability, q));
    const cloudFloor = offers.reduce<number | null>((m, { o, rate }) => {
      const per = replicasPerInstance(o.gpuCount, tp);
      return per === 0 ? m : lower(m, Math.ceil(floor / per) * rate * HOURS_PER_MONTH * months);
    }, null);
    const ownFloor = floor === 0 ? null : onpremLowerBoundUsd(tco, v.gpu.id, floor * tp);
    if ((cloudFloor === null || cloudFloor > bar.cloud) && (ownFloor === null || ownFloor.totalUsd > bar.onprem) && (cloudFloor !== null || ownFloor !== null)) {
      keep(cloudFloor, ownFloor?.totalUsd ?? null, cloudFloor === null ? null : cloudFloor / months, ownFloor?.capitalUsd ?? null, tp);
      continue;
    }
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
    if (!(rps > 0)) continue;
    const cap = throughputOnly ? rps * 0.9 : rps;
    const curve = lowerBoundCurve(tp, classes, burst, alwaysOn, !throughputOnly, availability, growing, cap);
    let cloud: number | null = null;
    let cloudMonthly: number | null = null;
    // Instance-hours per week by replicas per instance and growth factor, shared by offers of the same size: the
    // week's hours fall into a few classes (hourClasses), so a growing horizon of 120 factors costs classes × 120,
    // not 168 × 120, per size. Per size, the horizon's instance-hours and its busiest month, priced per offer.
    const bySize = new Map<number, { horizonHours: number; peakWeekHours: number }>();
    const hoursOf = (per: number) => {
      let h = bySize.get(per);
      if (!h) {
        const weekly = distinct.map((f) => {
          let sum = 0;
          for (let c = 0; c < curve.forLoad.length; c++) {
            const load = curve.forLoad[c]!;
            sum += classes.hours[c]! * Math.ceil((scaledLoad(load, f) + curve.replicas[c]! - load) / per);
          }
          return sum;
        });
        let horizonHours = 0;
        for (const i of monthIndex) horizonHours += weekly[i]!;
        bySize.set(per, (h = { horizonHours, peakWeekHours: Math.max(...weekly) }));
      }
      return h;
    };
    for (const { o, rate } of offers) {
      const per = replicasPerInstance(o.gpuCount, tp);
      if (per === 0) continue;
      const { horizonHours, peakWeekHours } = hoursOf(per);
      const total = horizonHours * weekToMonth * rate;
      if (cloud === null || total < cloud) cloud = total;
      const m = peakWeekHours * weekToMonth * rate;
      if (cloudMonthly === null || m < cloudMonthly) cloudMonthly = m;
    }
    let onprem: number | null = null;
    let capital: number | null = null;
    // The first month's peak, scaled as cost/cloud.ts scaledReplicas scales a plan: the load part by the factor,
    // the redundancy unchanged.
    let firstPeak = 0;
    for (let c = 0; c < curve.forLoad.length; c++) {
      const load = curve.forLoad[c]!;
      firstPeak = Math.max(firstPeak, scaledLoad(load, growth[0]!) + curve.replicas[c]! - load);
    }
    const ownPeak = onpremLowerBoundUsd(tco, v.gpu.id, firstPeak * tp);
    if (ownPeak && ownPeak.totalUsd > bar.onprem) {
      onprem = ownPeak.totalUsd;
      capital = ownPeak.capitalUsd;
    } else if (own && tco.onprem) {
      // The on-prem pricing itself is monotone in the curve: the tightest bound for owned GPUs. Its power term is
      // taken at zero utilisation (a lower bound), so the result depends on the GPU, TP and curve only: variants
      // that share them (engines, KV dtypes at low traffic) share one pricing.
      // The curve per hour class identifies it: the classes are the same for the whole search.
      const key = `${v.gpu.id}|${tp}|${curve.forLoad.join(',')}|${curve.replicas.join(',')}`;
      let hit = cache.get(key);
      if (hit === undefined) {
        // Priced over the real growth: a flat smallest-factor curve was cheaper to price but so loose on growing
        // scenarios (120 months at +12%/month) that the search planned far more variants exactly.
        const r = priceOnprem(lowerBoundPlan(v, tp, hourly, Number.MAX_VALUE, curve, classes), tco.onprem, growth, BASE_MULTIPLIERS, tco.facility);
        hit = r.ok ? { totalUsd: r.result.months.reduce((a, m) => a + m.purchaseUsd + m.powerUsd + m.colocationUsd + m.staffUsd + m.supportUsd, 0) - r.result.residualUsd, capitalUsd: r.result.capexUsd } : null;
        cache.set(key, hit);
      }
      onprem = hit?.totalUsd ?? null;
      capital = hit?.capitalUsd ?? null;
    }
    keep(cloud, onprem, cloudMonthly, capital, tp);
  }
  if (speedError) return { ok: false, code: 'NO_SPEED_DATA', args: { reason: speedError } };
  const best = acc.best;
  if (!best) return doesNotFit(base);
  if (best.cloud === null && best.onprem === null) return { ok: false, code: 'NO_PRICE', args: { reason: `no offer of ${v.gpu.id} holds a replica, and it cannot be priced on-prem` } };
  const totals = [best.cloud, best.onprem].filter((x): x is number => x !== null);
  return {
    ok: true,
    minTp,
    lbCostUsd: Math.min(...totals),
    lbCloudTotalUsd: best.cloud,
    lbOnpremTotalUsd: best.onprem,
    lbCloudMonthlyUsd: best.cloudMonthly,
    lbOnpremCapitalUsd: best.capital,
  };
}

/** The cheapest hourly price of an offer usable over the horizon: on-demand, commitments it covers, spot if eligible. */
export function cheapestHourly(o: TcoOffer, horizonMonths: number, spotEligible: boolean): number | null {
  const prices = [o.onDemand, ...(horizonMonths >= 12 ? [o.commit1y] : []), ...(horizonMonths >= 36 ? [o.commit3y] : []), ...(spotEligible && 'low' in o.spot ? [o.spot.low] : [])];
  const known = prices.filter(knownHourly).map((p) => p.usdPerHour);
  return known.length ? Math.min(...known) : null;
}

/**
 * The week's hours in classes that every bound curve treats alike. An hour's replicas depend on its own arrival rate
 * and, through scale-ahead, the next hour's; hours with the same pair get the same counts at any capacity. A weekly
 * curve has a few such pairs (chatbot's: 6), so a curve is computed, keyed and summed per class, not per hour.
 * Computed once per weekly curve (the search's `hourly` array).
 */
interface HourClasses {
  rate: number[];
  nextRate: number[];
  /** Hours of the week in each class. */
  hours: number[];
  /** The class of each hour of the week. */
  classOf: Int32Array;
}
const classesMemo = new WeakMap<readonly number[], HourClasses>();

function hourClasses(hourly: readonly number[]): HourClasses {
  let hit = classesMemo.get(hourly);
  if (hit) return hit;
  const index = new Map<number, Map<number, number>>();
  hit = { rate: [], nextRate: [], hours: [], classOf: new Int32Array(hourly.length) };
  for (let h = 0; h < hourly.length; h++) {
    const r = hourly[h]!;
    const next = hourly[(h + 1) % HOURS_PER_WEEK]!;
    const byNext = index.get(r) ?? index.set(r, new Map()).get(r)!;
    let c = byNext.get(next);
    if (c === undefined) {
      byNext.set(next, (c = hit.rate.length));
      hit.rate.push(r);
      hit.nextRate.push(next);
      hit.hours.push(0);
    }
    hit.hours[c]!++;
    hit.classOf[h] = c;
  }
  classesMemo.set(hourly, hit);
  return hit;
}

/** The replica curve no plan of this variant at this TP can undercut (see boundVariant), per hour class. */
// Same structure as the planner's curve (load, then scale-ahead and spares as redundancy), so that scaling it by a
// month's growth (cost/cloud.ts scaledReplicas) stays below the plan's: ⌈c·f⌉ − c grows with c when f ≥ 1. With
// shrinking traffic (f < 1) the scale-ahead term is left out, which keeps it a lower bound.
function lowerBoundCurve(tp: number, classes: HourClasses, burst: number, alwaysOn: number, scaleAhead: boolean, availability: number | null, growing: boolean, cap: number): { forLoad: number[]; replicas: number[] } {
  const rel = DEFAULT_RELIABILITY;
  const q = Math.max(rel.instanceUnavailability, (tp * rel.repairHours) / rel.gpuMtbfHours);
  const forLoadAt = (r: number) => Math.max(alwaysOn, Math.ceil((r * burst) / cap - 1e-9));
  const forLoad = classes.rate.map(forLoadAt);
  const replicas = forLoad.map((n, c) => {
    const ahead = scaleAhead ? Math.max(n, forLoadAt(classes.nextRate[c]!)) : n;
    const spare = availability === null || ahead === 0 ? 0 : spareReplicas(ahead, availability, q);
    return (growing ? ahead : n) + spare;
  });
  return { forLoad, replicas };
}

/** The curve as a plan, for the on-prem pricing. */
function lowerBoundPlan(v: Variant, tp: number, hourly: readonly number[], cap: number, perClass: { forLoad: number[]; replicas: number[] }, classes: HourClasses): CapacityPlan {
  const replicas = hourly.map((_, h) => perClass.replicas[classes.classOf[h]!]!);
  const forLoad = hourly.map((_, h) => perClass.forLoad[classes.classOf[h]!]!);
  return {
    modelId: v.model.id, gpuId: v.gpu.id, engine: v.engine.id, tensorParallel: tp, weightFormat: v.weights, kvDtype: v.kvDtype, gpusPerReplica: tp,
    replicaCapacityRequestsPerSecond: cap, replicaOutputTokensPerSecond: 0,
    hourly: hourly.map((r, h) => ({ hourOfWeek: h, arrivalRequestsPerSecond: r, replicasForLoad: forLoad[h]!, replicas: replicas[h]!, gpus: replicas[h]! * tp, utilisation: 0 })),
    peakReplicas: Math.max(...replicas), minReplicas: Math.min(...replicas), redundancyReplicas: 0, baseGpus: Math.min(...replicas) * tp,
    gpuHoursPerMonth: 0, baseGpuHoursPerMonth: 0, variableGpuHoursPerMonth: 0, requestsPerMonth: 0, inputTokensPerMonth: 0, outputTokensPerMonth: 0,
    oneTimeGpuHours: 0, oneTimeNote: null, binding: 'throughput', feasible: true, infeasibleReason: null,
  };
}
