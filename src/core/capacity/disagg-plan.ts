// "How many?" for disaggregated serving: a prefill pool and a decode pool sized separately for every hour of the week,
// each to its own p95 target (prefill to TTFT, decode to TPOT and its KV cache), on the same GPU type as the
// aggregated plan it is compared with. The model of one instance is core/perf/disagg.ts.
import type { BindingConstraint } from './types.ts';
import type { PlanInput } from './replicas.ts';
import { limitsAtTp, perfTargetAt, replicasEachHour } from './replicas.ts';
import { md1WaitQuantile, poissonQuantile } from './queueing.ts';
import { servingLimits } from '../perf/calibration.ts';
import { chunkedPrefillSeconds } from '../perf/serving.ts';
import { decodeInstance, kvTransfer, prefillInstance, type KvTransfer } from '../perf/disagg.ts';
import { perfConstants, PerfInputError, stepSeconds } from '../perf/step.ts';
import { tensorParallelOptions } from '../memory/sizing.ts';
import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../units.ts';

export interface DisaggPoolPlan {
  tensorParallel: number;
  /** Highest arrival rate one instance of the pool serves with its targets met, requests/s. */
  instanceCapacityRequestsPerSecond: number;
  /** What sets the instance capacity: ttft (prefill), tpot or memory (decode), e2e, or throughput (saturation). */
  binding: BindingConstraint;
  peakInstances: number;
  minInstances: number;
  /** Spares for the pool's share of the availability target at the peak (the k of N+k). */
  redundancyInstances: number;
}

export interface DisaggHour {
  hourOfWeek: number;
  arrivalRequestsPerSecond: number;
  prefillInstances: number;
  decodeInstances: number;
  /** Instances the load needs, before scale-ahead and spares (what grows with traffic when the plan is priced). */
  prefillInstancesForLoad: number;
  decodeInstancesForLoad: number;
  gpus: number;
}

export interface DisaggPlan {
  feasible: boolean;
  infeasibleReason: string | null;
  prefill: DisaggPoolPlan | null;
  decode: DisaggPoolPlan | null;
  hourly: DisaggHour[];
  peakGpus: number;
  baseGpus: number;
  gpuHoursPerMonth: number;
  baseGpuHoursPerMonth: number;
  /** p95s with both pools at their instance capacities; null when infeasible. */
  atCapacityP95: { ttftSeconds: number; tpotSeconds: number; e2eSeconds: number } | null;
  kvTransfer: Pick<KvTransfer, 'bytes' | 'seconds' | 'path'> | null;
}

const infeasible = (reason: string): DisaggPlan => ({ feasible: false, infeasibleReason: reason, prefill: null, decode: null, hourly: [], peakGpus: 0, baseGpus: 0, gpuHoursPerMonth: 0, baseGpuHoursPerMonth: 0, atCapacityP95: null, kvTransfer: null });

/** Largest x in [lo, hi] with ok(x), ok monotone (true then false), to 1 part in 10,000 of hi; `lo` must be ok. */
function largestOk(lo: number, hi: number, ok: (x: number) => boolean): number {
  if (ok(hi)) return hi;
  for (let i = 0; i < 60 && hi - lo > 1e-4 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

interface PoolCapacity {
  tp: number;
  capacity: number;
  binding: BindingConstraint;
  /** p95 latency of the pool's own part at capacity: TPOT for decode, TTFT for prefill. */
  p95Seconds: number;
}

type Candidate = PoolCapacity | { tp: number; reason: string; binding: BindingConstraint };

/**
 * One decode instance at `tp`: the largest per-instance rate whose p95 batch (Poisson, as in the aggregated plan) fits
 * the KV cache and whose step at that batch meets `tpotLimit`. A decode step carries no prompt, so TPOT p95 is the
 * decode-only step at the p95 batch. Throughput-only work runs at 90% of saturation.
 */
function decodeCapacity(input: PlanInput, tp: number, tpotLimit: number | null): Candidate {
  const len = input.lengths;
  const limits = limitsAtTp(input, tp);
  if (limits.kvCapacitySequences < 1) return { tp, reason: `a ${len.inputP95 + len.outputP95}-token sequence does not fit a decode instance of ${tp} × ${input.gpu.id}`, binding: 'memory' };
  const t = perfTargetAt(input, tp);
  const k = perfConstants(t);
  // The slot is held during the transfer; before the prefill TP is chosen, it is costed over one link (the slowest
  // pairing): milliseconds beside hundreds of decode steps.
  const transfer = kvTransfer(input.model, input.gpu, input.kvDtype, len.inputMean, { prefillTp: 1, decodeTp: tp }, t.efficiency.linkEfficiency);
  const d = decodeInstance(t, k, len.inputMean, len.outputMean, limits, transfer.seconds);
  if (input.throughputOnly) return { tp, capacity: 0.9 * d.maxRequestsPerSecond, binding: 'deadline', p95Seconds: d.stepSeconds(d.cap) };
  const batch95 = (b: number) => Math.min(d.cap, poissonQuantile(b, 0.95));
  const fitsKv = (b: number) => poissonQuantile(b, 0.95) <= d.cap;
  const meetsTpot = (b: number) => tpotLimit === null || d.stepSeconds(batch95(b)) <= tpotLimit;
  const idle = 1e-3;
  if (!meetsTpot(idle)) return { tp, reason: `TPOT p95 ${(d.stepSeconds(batch95(idle)) * 1000).toFixed(1)} ms at light load already misses the target on ${tp} × ${input.gpu.id}`, binding: 'tpot' };
  const kvTop = largestOk(idle, d.cap * 0.999, fitsKv);
  const b = largestOk(idle, kvTop, meetsTpot);
  return { tp, capacity: b / d.holdSeconds(b), binding: b < kvTop ? 'tpot' : 'memory', p95Seconds: d.stepSeconds(batch95(b)) };
}

/**
 * One prefill instance at `prefillTp`: TTFT p95 = server cost + M/D/1 wait (prompts of `w` seconds of work each) +
 * the p95 prompt's prefill + its KV transfer + the first decode step (`firstStepSeconds`). The largest rate whose TTFT
 * p95 meets `ttftLimit`, below 99.9% of saturation.
 */
function prefillCapacity(input: PlanInput, tp: number, decodeTp: number, ttftLimit: number | null, firstStepSeconds: number): Candidate {
  const len = input.lengths;
  const limits = servingLimits({ model: input.model, gpu: input.gpu, weights: input.weights, kvDtype: input.kvDtype, engine: input.engine.id, tp, isl: len.inputP95, osl: 1 }, input.engine, input.memoryFraction);
  if (limits.kvCapacitySequences < 1) return { tp, reason: `a ${len.inputP95}-token prompt does not fit a prefill instance of ${tp} × ${input.gpu.id}`, binding: 'memory' };
  const t = perfTargetAt(input, tp);
  const k = perfConstants(t);
  const p = prefillInstance(t, k, len.inputMean, limits);
  const w = p.workSecondsPerRequest;
  const transfer = kvTransfer(input.model, input.gpu, input.kvDtype, len.inputP95, { prefillTp: tp, decodeTp }, t.efficiency.linkEfficiency);
  const prefill95 = chunkedPrefillSeconds(len.inputP95, Math.max(1, limits.maxBatchedTokens), (n, prefix) => stepSeconds(t, k, 0, 0, n, prefix));
  // The first decode step, after the one an overlap scheduler has planned already (the same engine on both pools).
  const fixed = t.efficiency.requestOverheadSeconds + prefill95 + transfer.seconds + (1 + limits.schedulerLagSteps) * firstStepSeconds;
  const ttft95 = (lambda: number) => fixed + md1WaitQuantile(lambda, w, 0.95);
  const top = (input.throughputOnly ? 0.9 : 0.999) / w;
  if (input.throughputOnly || ttftLimit === null) return { tp, capacity: top, binding: input.throughputOnly ? 'deadline' : 'throughput', p95Seconds: ttft95(top) };
  if (fixed > ttftLimit) return { tp, reason: `TTFT p95 ${fixed.toFixed(2)} s at light load already misses the target on ${tp} × ${input.gpu.id} (prefill ${prefill95.toFixed(2)} s + KV transfer ${(transfer.seconds * 1000).toFixed(1)} ms + first decode step)`, binding: 'ttft' };
  const lambda = largestOk(0, top, (l) => ttft95(l) <= ttftLimit);
  return { tp, capacity: lambda, binding: lambda < top ? 'ttft' : 'throughput', p95Seconds: ttft95(lambda) };
}

/** Instance-GPU-hours a week of one pool at its capacity (the load, the always-on floor, scale-ahead, spares). */
const poolGpuHours = (input: PlanInput, c: PoolCapacity, availability: number | null) => replicasEachHour(input, c.capacity, c.tp, availability).replicas.reduce((s, n) => s + n, 0) * c.tp;

/** The TP with the fewest GPU-hours for one pool, or the last reason none works. */
function cheapest(input: PlanInput, candidates: Candidate[], availability: number | null): PoolCapacity | { reason: string } {
  const ok = candidates.filter((c): c is PoolCapacity => 'capacity' in c && c.capacity > 0);
  if (!ok.length) return { reason: candidates.length ? (candidates[candidates.length - 1] as { reason: string }).reason : `${input.model.id} does not fit up to 8 × ${input.gpu.id}` };
  // Each candidate's GPU-hours once, not again at every comparison.
  const hours = ok.map((c) => poolGpuHours(input, c, availability));
  return ok[hours.indexOf(Math.min(...hours))]!;
}

/** Shares of an end-to-end target tried as the TTFT budget; the rest, over the p95 output tokens, is TPOT's. */
const E2E_TTFT_SHARES = [0.05, 0.1, 0.2, 0.35, 0.5, 0.7];

/**
 * The disaggregated plan of one (model, GPU) option: the decode pool first (TPOT and KV set its TP and capacity), then
 * the prefill pool (TTFT, including the KV transfer and the decode pool's first step, sets its own). An end-to-end
 * target E is split: TTFT gets a share b of it (the TTFT target if tighter) and TPOT (E − b) / (p95 output − 1); the
 * share with the fewest GPU-hours wins. Each pool carries spares for √A of an availability target A, so that both
 * pools up together meet A (independent failures).
 */
export function planDisagg(input: PlanInput): DisaggPlan {
  const len = input.lengths;
  const tg = input.throughputOnly ? { ttftP95Seconds: null, tpotP95Seconds: null, e2eP95Seconds: null } : input.targets;
  const ctx = Math.min(len.inputP95 + len.outputP95, input.model.architecture.maxPositionEmbeddings);
  const base = { model: input.model, gpu: input.gpu, engine: input.engine, weights: input.weights, kvDtype: input.kvDtype, memoryFraction: input.memoryFraction };
  const tps = {
    decode: input.tp !== undefined ? [input.tp] : [...tensorParallelOptions({ ...base, contextTokens: ctx }).tps],
    prefill: input.tp !== undefined ? [input.tp] : [...tensorParallelOptions({ ...base, contextTokens: Math.min(len.inputP95 + 1, ctx) }).tps],
  };
  const availability = input.availability === null ? null : Math.sqrt(input.availability);
  const e2e = tg.e2eP95Seconds;
  if (e2e === null) return planWithBudgets(input, tps, availability, { ttft: tg.ttftP95Seconds, tpot: tg.tpotP95Seconds, fromE2e: false });
  const tokens = Math.max(1, len.outputP95 - 1);
  let best: DisaggPlan | null = null;
  let last: DisaggPlan | null = null;
  for (const share of E2E_TTFT_SHARES) {
    const ttft = Math.min(tg.ttftP95Seconds ?? Number.POSITIVE_INFINITY, share * e2e);
    const tpot = Math.min(tg.tpotP95Seconds ?? Number.POSITIVE_INFINITY, (e2e - ttft) / tokens);
    last = planWithBudgets(input, tps, availability, { ttft, tpot, fromE2e: true, targets: tg });
    if (last.feasible && (!best || last.gpuHoursPerMonth < best.gpuHoursPerMonth)) best = last;
    if (tg.ttftP95Seconds !== null && ttft === tg.ttftP95Seconds) break;
  }
  return best ?? last!;
}

/** A TP whose speed cannot be predicted (no peak, no bandwidth, no link to move the KV over) is not a candidate. */
function orReason(tp: number, f: () => Candidate): Candidate {
  try {
    return f();
  } catch (e) {
    if (e instanceof PerfInputError) return { tp, reason: `no speed prediction: ${e.message}`, binding: 'throughput' };
    throw e;
  }
}

interface Budgets {
  ttft: number | null;
  tpot: number | null;
  /** The budgets are shares of an end-to-end target: a pool held by a budget tighter than its own target binds on e2e. */
  fromE2e: boolean;
  targets?: { ttftP95Seconds: number | null; tpotP95Seconds: number | null };
}

function planWithBudgets(input: PlanInput, tps: { decode: number[]; prefill: number[] }, availability: number | null, b: Budgets): DisaggPlan {
  try {
    const decode = cheapest(input, tps.decode.map((tp) => orReason(tp, () => decodeCapacity(input, tp, b.tpot))), availability);
    if ('reason' in decode) return infeasible(`decode pool: ${decode.reason}`);
    const prefill = cheapest(input, tps.prefill.map((tp) => orReason(tp, () => prefillCapacity(input, tp, decode.tp, b.ttft, decode.p95Seconds))), availability);
    if ('reason' in prefill) return infeasible(`prefill pool: ${prefill.reason}`);
    if (b.fromE2e && b.targets) {
      if (decode.binding === 'tpot' && (b.targets.tpotP95Seconds === null || b.tpot! < b.targets.tpotP95Seconds)) decode.binding = 'e2e';
      if (prefill.binding === 'ttft' && (b.targets.ttftP95Seconds === null || b.ttft! < b.targets.ttftP95Seconds)) prefill.binding = 'e2e';
    }
    return assemble(input, prefill, decode, availability);
  } catch (e) {
    if (e instanceof PerfInputError) return infeasible(`no speed prediction: ${e.message}`);
    throw e;
  }
}

function assemble(input: PlanInput, prefill: PoolCapacity, decode: PoolCapacity, availability: number | null): DisaggPlan {
  const p = replicasEachHour(input, prefill.capacity, prefill.tp, availability);
  const d = replicasEachHour(input, decode.capacity, decode.tp, availability);
  const hourly: DisaggHour[] = input.hourlyRequestsPerSecond.map((r, h) => ({ hourOfWeek: h, arrivalRequestsPerSecond: r, prefillInstances: p.replicas[h]!, decodeInstances: d.replicas[h]!, prefillInstancesForLoad: p.forLoad[h]!, decodeInstancesForLoad: d.forLoad[h]!, gpus: p.replicas[h]! * prefill.tp + d.replicas[h]! * decode.tp }));
  const pool = (c: PoolCapacity, x: ReturnType<typeof replicasEachHour>): DisaggPoolPlan => ({ tensorParallel: c.tp, instanceCapacityRequestsPerSecond: c.capacity, binding: c.binding, peakInstances: Math.max(...x.replicas), minInstances: Math.min(...x.replicas), redundancyInstances: Math.max(...x.spares) });
  const baseGpus = Math.min(...p.replicas) * prefill.tp + Math.min(...d.replicas) * decode.tp;
  const t = perfTargetAt(input, prefill.tp);
  const transfer = kvTransfer(input.model, input.gpu, input.kvDtype, input.lengths.inputMean, { prefillTp: prefill.tp, decodeTp: decode.tp }, t.efficiency.linkEfficiency);
  return {
    feasible: true,
    infeasibleReason: null,
    prefill: pool(prefill, p),
    decode: pool(decode, d),
    hourly,
    peakGpus: Math.max(...hourly.map((h) => h.gpus)),
    baseGpus,
    gpuHoursPerMonth: hourly.reduce((s, h) => s + h.gpus, 0) * (HOURS_PER_MONTH / HOURS_PER_WEEK),
    baseGpuHoursPerMonth: baseGpus * HOURS_PER_MONTH,
    atCapacityP95: { ttftSeconds: prefill.p95Seconds, tpotSeconds: decode.p95Seconds, e2eSeconds: prefill.p95Seconds + Math.max(0, input.lengths.outputP95 - 1) * decode.p95Seconds },
    kvTransfer: { bytes: transfer.bytes, seconds: transfer.seconds, path: transfer.path },
  };
}
