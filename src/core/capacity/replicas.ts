// "How many?": replicas for every hour of the week so the p95 targets hold, plus redundancy for availability.
// The latency percentiles come from a queueing model of continuous batching on top of the step model
// (not a fixed "p95 = 1.3 × mean" rule): Poisson arrivals make the running batch a Poisson count, so the p95
// step uses the batch's 95th percentile; a request waits for a KV slot as in M/M/c (Erlang C).
import type { BindingConstraint, CapacityPlan, HourPlan } from './types.ts';
import { servingLimits, type EfficiencyTable } from '../perf/calibration.ts';
import type { EngineMemoryProfile } from '../memory/engine-memory.ts';
import { perfConstants, PerfInputError, stepTime, type PerfConstants, type PerfTarget } from '../perf/step.ts';
import type { KvDtype, WeightFormat } from '../memory/precision.ts';
import { erlangWaitQuantile, poissonQuantile, md1WaitQuantile, spareReplicas } from './queueing.ts';
import { activeRange, chunkedPrefillSeconds, mixedStep, predictAtActive, predictAtRate, predictServing, slotSteps, type ServingLimits, type ServingPrediction } from '../perf/serving.ts';
import { tensorParallelOptions } from '../memory/sizing.ts';
import { findFitOptions, fitOptionsAtLargestTp } from '../memory/fit-options.ts';
import { describeFitOptions } from '../finding-text.ts';
import type { Gpu, Model } from '../types.ts';
import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../units.ts';

export interface LatencyTargets {
  ttftP95Seconds: number | null;
  tpotP95Seconds: number | null;
  e2eP95Seconds: number | null;
}

export interface Lengths {
  inputMean: number;
  outputMean: number;
  inputP95: number;
  outputP95: number;
}

export interface P95 {
  ttftSeconds: number;
  tpotSeconds: number;
  e2eSeconds: number;
  meanBatch: number;
  saturated: boolean;
}

/**
 * p95 latencies of one replica at Poisson arrival rate `lambda`:
 * - the running batch is a Poisson count (M/G/∞ while below the cap): its 95th percentile sets the slow steps;
 * - TPOT p95 = the mean step (whole prompts joining steps, `mixedStep`) at that batch;
 * - TTFT p95 = server cost + the rest of the step in progress (length-biased: a long prefill step when those are
 *   common) + the wait behind earlier prompts (M/D/1 prefill queue) + the p95-length prompt's prefill beside the
 *   p95 batch + waiting for a free KV slot (Erlang C).
 *   Below the slot cap there is no other queue: an arrival joins the next step (continuous batching).
 */
/** No steady state at this rate: every p95 is unbounded, flagged so that no caller prints it. */
function saturatedP95(meanBatch: number): P95 {
  return { ttftSeconds: Number.POSITIVE_INFINITY, tpotSeconds: Number.POSITIVE_INFINITY, e2eSeconds: Number.POSITIVE_INFINITY, meanBatch, saturated: true };
}

export function p95AtRate(t: PerfTarget, k: PerfConstants, limits: ServingLimits, len: Lengths, lambda: number): P95 {
  const p = predictServing(t, { kind: 'rate', requestsPerSecond: lambda }, len.inputMean, len.outputMean, limits, k);
  if (p.saturated) return saturatedP95(p.decodeBatch);
  return p95Of(t, k, limits, len, p);
}

/** p95 latencies of a steady state below saturation, arriving at `p.requestsPerSecond`. */
function p95Of(t: PerfTarget, k: PerfConstants, limits: ServingLimits, len: Lengths, p: ServingPrediction): P95 {
  const lambda = p.requestsPerSecond;
  const cap = Math.max(1, Math.min(limits.kvCapacitySequences, limits.maxBatchSequences));
  const batch95 = Math.min(cap, poissonQuantile(p.decodeBatch, 0.95));
  const ctx = len.inputMean + len.outputMean / 2;
  const step95 = mixedStep(t, k, batch95, ctx, batch95 / slotSteps(len.outputMean, limits), len.inputMean);
  const tpot95 = step95.seconds;
  // The step an arrival lands in is length-biased towards the long (prefill-carrying) ones.
  const longTime = step95.longShare * step95.longSeconds;
  const biasedLong = longTime / (longTime + (1 - step95.longShare) * step95.shortSeconds);
  const residual = 0.95 * (biasedLong > 0.05 ? step95.longSeconds : step95.shortSeconds);
  // Prompts queue for prefill: each adds w seconds to the steps it rides in, so the GPU spends ρ = λ·w of its time
  // prefilling, and an arrival waits behind the prompts ahead of it as in an M/D/1 queue. Its waiting-time tail is
  // P(W > t) ≈ ρ·e^(−γt), γ the positive root of λ(e^(γw) − 1) = γ (Cramér–Lundberg; for exponential service this
  // is exactly M/M/1's μ − λ).
  const w = stepTime(t, k, p.decodeBatch, ctx, len.inputMean, len.inputMean / 2).seconds - stepTime(t, k, p.decodeBatch, ctx, 0, 0).seconds;
  const queue95 = md1WaitQuantile(lambda, w, 0.95);
  // Prompts arriving faster than the GPU can prefill them: no steady state, as when the decode batch saturates.
  if (!Number.isFinite(queue95)) return saturatedP95(p.decodeBatch);
  const chunk = Math.max(1, limits.maxBatchedTokens - batch95);
  const prefill = chunkedPrefillSeconds(len.inputP95, chunk, (n, prefix) => stepTime(t, k, batch95, ctx, n, prefix).seconds);
  const lifetime = p.ttftSeconds + Math.max(0, len.outputMean - 1) * p.tpotSeconds;
  const slotWait = erlangWaitQuantile(cap, lambda, 1 / lifetime, 0.95);
  // Under an overlap scheduler the next step is planned already: the prompt joins the one after it.
  const ttft95 = t.efficiency.requestOverheadSeconds + residual + limits.schedulerLagSteps * step95.seconds + queue95 + prefill + slotWait;
  return { ttftSeconds: ttft95, tpotSeconds: tpot95, e2eSeconds: ttft95 + Math.max(0, len.outputP95 - 1) * tpot95, meanBatch: p.decodeBatch, saturated: false };
}

function firstMissed(p: P95, targets: LatencyTargets): BindingConstraint | null {
  if (p.saturated) return 'throughput';
  if (targets.ttftP95Seconds !== null && p.ttftSeconds > targets.ttftP95Seconds) return 'ttft';
  if (targets.tpotP95Seconds !== null && p.tpotSeconds > targets.tpotP95Seconds) return 'tpot';
  if (targets.e2eP95Seconds !== null && p.e2eSeconds > targets.e2eP95Seconds) return 'e2e';
  return null;
}

export interface ReplicaCapacity {
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  binding: BindingConstraint;
  /** p95s at a light load: what the replica gives when traffic is low (shows a target no load can meet). */
  idle: P95;
  atCapacity: P95;
}

/** Highest arrival rate at which the replica meets every p95 target; 0 when even a light load misses one. */
export function replicaCapacity(t: PerfTarget, limits: ServingLimits, len: Lengths, targets: LatencyTargets, k: PerfConstants = perfConstants(t)): ReplicaCapacity {
  // An online load also pays the server's per-request cost, so it saturates a little below the offline `max` (as in
  // predictServing's rate load): every slot busy.
  const { cap } = activeRange(t, limits);
  const full = predictAtActive(t, k, cap, len.inputMean, len.outputMean, limits, 0);
  const maxOnline = full.requestsPerSecond;
  // p95s at a rate, as p95AtRate gives them, without solving the saturated state again at every probe.
  const at = (lambda: number): { active: number; p95: P95 } => {
    if (lambda >= maxOnline) return { active: cap, p95: saturatedP95(full.decodeBatch) };
    const { active, prediction: p } = predictAtRate(t, k, lambda, len.inputMean, len.outputMean, limits, maxOnline);
    return { active, p95: p95Of(t, k, limits, len, { ...p, requestsPerSecond: lambda, outputTokensPerSecond: lambda * len.outputMean }) };
  };
  // The offline saturation rate (`max`, no per-request server cost) is about the online one or above: when the
  // online one is 0.2 requests/s or more (twice what the idle rule needs), the idle probe is 1e-3 requests/s without
  // solving `max`. Most variants that miss a target miss it at idle and return before `max` is needed.
  let maxMemo: number | undefined;
  const max = (): number => (maxMemo ??= predictServing(t, { kind: 'max-load' }, len.inputMean, len.outputMean, limits, k).maxRequestsPerSecond);
  const idleRate = maxOnline >= 0.2 ? 1e-3 : Math.min(max() * 0.01, 1e-3);
  const idle = at(idleRate);
  const idleMiss = firstMissed(idle.p95, targets);
  if (idleMiss) return { requestsPerSecond: 0, outputTokensPerSecond: 0, binding: idleMiss, idle: idle.p95, atCapacity: idle.p95 };
  const topRate = max() * 0.999;
  const top = at(topRate);
  if (firstMissed(top.p95, targets) === null) return { requestsPerSecond: topRate, outputTokensPerSecond: topRate * len.outputMean, binding: 'throughput', idle: idle.p95, atCapacity: top.p95 };
  // Bisect on the number of requests in the system, which sets the rate (one steady-state solve a probe, where a
  // probe by rate would first invert rate → count). Until the rate bracket is 1 part in 10,000 (at most 60
  // halvings): far below the model's own error (±10–30%); `lo` always meets the targets, so the plan errs safe.
  let lo = { active: idle.active, rate: idleRate, p95: idle.p95 };
  let hi = top.p95.saturated ? { active: cap, rate: maxOnline } : { active: top.active, rate: topRate };
  let binding: BindingConstraint = 'throughput';
  for (let i = 0; i < 60 && hi.rate - lo.rate > 1e-4 * hi.rate; i++) {
    const active = (lo.active + hi.active) / 2;
    const p = predictAtActive(t, k, active, len.inputMean, len.outputMean, limits, max());
    const p95 = p95Of(t, k, limits, len, p);
    const miss = firstMissed(p95, targets);
    if (miss) {
      hi = { active, rate: p.requestsPerSecond };
      binding = miss;
    } else lo = { active, rate: p.requestsPerSecond, p95 };
  }
  return { requestsPerSecond: lo.rate, outputTokensPerSecond: lo.rate * len.outputMean, binding, idle: idle.p95, atCapacity: lo.p95 };
}

/**
 * Reliability assumptions for redundancy, both shown in the plan:
 * - hardware: Meta's Llama 3 training run saw 419 unexpected interruptions in 54 days on 16,384 GPUs (Llama 3
 *   paper, §3.3.4): one per GPU every 2,111 days; a failed replica serves again after `repairHours` (assumption).
 * - the instance as a whole (host, driver, network, maintenance): AWS's EC2 SLA commits to 99.5% instance-level
 *   uptime (aws.amazon.com/compute/sla), so a replica is down at least 0.5% of the time whatever its GPUs do.
 */
export const DEFAULT_RELIABILITY = { gpuMtbfHours: 2111 * 24, repairHours: 2, instanceUnavailability: 0.005 };

export interface PlanInput {
  model: Model;
  gpu: Gpu;
  engine: EngineMemoryProfile;
  weights: WeightFormat;
  kvDtype: KvDtype;
  efficiency: EfficiencyTable;
  memoryFraction?: number;
  /** 168 arrival rates (requests/s), Monday 00:00 first. */
  hourlyRequestsPerSecond: readonly number[];
  peakRequestsPerSecond: number;
  lengths: Lengths;
  targets: LatencyTargets;
  availability: number | null;
  reliability?: typeof DEFAULT_RELIABILITY;
  /** Keep at least one replica in every hour (interactive traffic must be answered at 3 a.m.). */
  alwaysOn: boolean;
  /** Pre-scale one hour ahead when traffic rises: new replicas take minutes to start and load weights. */
  scaleAhead: boolean;
  tp?: number;
  /** Batch work: size for the throughput that meets the deadline, not for latency targets. */
  throughputOnly?: boolean;
}

/** What `size` would be asked for one replica of this plan, at a TP to add. */
function sizeBase(input: PlanInput, contextTokens: number) {
  return { model: input.model, gpu: input.gpu, engine: input.engine, weights: input.weights, kvDtype: input.kvDtype, contextTokens, memoryFraction: input.memoryFraction };
}

function tpCandidates(input: PlanInput): number[] {
  const ctx = Math.min(input.lengths.inputP95 + input.lengths.outputP95, input.model.architecture.maxPositionEmbeddings);
  const base = sizeBase(input, ctx);
  if (input.tp !== undefined) return [input.tp];
  return [...tensorParallelOptions(base).tps];
}

/** How one replica of the plan's model runs at `tp`: the speed model's target. */
export function perfTargetAt(input: Pick<PlanInput, 'model' | 'gpu' | 'engine' | 'weights' | 'kvDtype' | 'efficiency'>, tp: number): PerfTarget {
  return { model: input.model, gpu: input.gpu, tp, weights: input.weights, kvDtype: input.kvDtype, engine: input.engine.id, efficiency: input.efficiency[input.engine.id] };
}

/**
 * Replicas each hour of the week needs for its load at `capacityRps` each: every hour scaled by the stated peak over
 * the busiest hour's mean (that mean understates its own peak), at least one when the service is always on.
 */
function replicasForLoad(input: PlanInput, capacityRps: number): { burst: number; forLoad: number[] } {
  const hourly = input.hourlyRequestsPerSecond;
  const maxHourly = Math.max(...hourly, 0);
  const burst = maxHourly > 0 ? Math.max(1, input.peakRequestsPerSecond / maxHourly) : 1;
  const floor = input.alwaysOn ? 1 : 0;
  return { burst, forLoad: hourly.map((r) => Math.max(floor, Math.ceil((r * burst) / capacityRps - 1e-9))) };
}

/**
 * Replicas of `tp` GPUs in every hour: the load's, one hour ahead when scaling ahead, plus the spares that keep
 * `availability` (null: none) when a replica is down with the larger of the instance and GPU-failure probabilities.
 */
export function replicasEachHour(input: PlanInput, capacityRps: number, tp: number, availability: number | null) {
  const { burst, forLoad } = replicasForLoad(input, capacityRps);
  const ahead = forLoad.map((n, h) => (input.scaleAhead ? Math.max(n, forLoad[(h + 1) % HOURS_PER_WEEK]!) : n));
  const rel = input.reliability ?? DEFAULT_RELIABILITY;
  const q = Math.max(rel.instanceUnavailability, (tp * rel.repairHours) / rel.gpuMtbfHours);
  const spareMemo = new Map<number, number>();
  const spares = ahead.map((n) => {
    if (availability === null || n === 0) return 0;
    if (!spareMemo.has(n)) spareMemo.set(n, spareReplicas(n, availability, q));
    return spareMemo.get(n)!;
  });
  return { burst, forLoad, ahead, spares, replicas: ahead.map((n, h) => n + spares[h]!) };
}

/** Serving limits of one replica at `tp`, for p95-length sequences (the KV cache holds fewer of those than of mean ones). */
export function limitsAtTp(input: PlanInput, tp: number): ServingLimits {
  return servingLimits({ model: input.model, gpu: input.gpu, weights: input.weights, kvDtype: input.kvDtype, engine: input.engine.id, tp, isl: input.lengths.inputP95, osl: input.lengths.outputP95 }, input.engine, input.memoryFraction);
}

/** What a plan is of: the model, the GPU and how one replica runs it. */
function planIdentity(input: Pick<PlanInput, 'model' | 'gpu' | 'engine' | 'weights' | 'kvDtype'>, tp: number) {
  return { modelId: input.model.id, gpuId: input.gpu.id, engine: input.engine.id, tensorParallel: tp, weightFormat: input.weights, kvDtype: input.kvDtype, gpusPerReplica: tp };
}

/** A plan that cannot serve the scenario, with the reason; it carries no hours and costs nothing to price. */
export function infeasible(input: Pick<PlanInput, 'model' | 'gpu' | 'engine' | 'weights' | 'kvDtype'>, tp: number, binding: BindingConstraint, reason: string): CapacityPlan {
  // planIdentity's fields written out: with the spread, a recommend of code-assistant (~1,300 of these) measured
  // ~35 ms slower in an interleaved A/B of 15 runs each.
  return {
    modelId: input.model.id,
    gpuId: input.gpu.id,
    engine: input.engine.id,
    tensorParallel: tp,
    weightFormat: input.weights,
    kvDtype: input.kvDtype,
    gpusPerReplica: tp,
    replicaCapacityRequestsPerSecond: 0,
    replicaOutputTokensPerSecond: 0,
    hourly: [],
    peakReplicas: 0,
    minReplicas: 0,
    redundancyReplicas: 0,
    baseGpus: 0,
    gpuHoursPerMonth: 0,
    baseGpuHoursPerMonth: 0,
    variableGpuHoursPerMonth: 0,
    requestsPerMonth: 0,
    inputTokensPerMonth: 0,
    outputTokensPerMonth: 0,
    oneTimeGpuHours: 0,
    oneTimeNote: null,
    binding,
    feasible: false,
    infeasibleReason: reason,
  };
}

export interface PlanDetail {
  plan: CapacityPlan;
  capacity: ReplicaCapacity | null;
  scaleAheadReplicaHours: number;
}

function planAtTp(input: PlanInput, tp: number): PlanDetail {
  const ctx = Math.min(input.lengths.inputP95 + input.lengths.outputP95, input.model.architecture.maxPositionEmbeddings);
  const limits = limitsAtTp(input, tp);
  if (limits.kvCapacitySequences < 1) {
    const options = findFitOptions({ ...sizeBase(input, ctx), tp }).filter((o) => o.setting !== 'tensor-parallel');
    const instead = options.length ? `; it fits with ${describeFitOptions(options)}` : '';
    return { plan: infeasible(input, tp, 'memory', `a ${ctx}-token sequence does not fit ${tp} × ${input.gpu.id}${instead}`), capacity: null, scaleAheadReplicaHours: 0 };
  }
  const target = perfTargetAt(input, tp);
  let k: PerfConstants;
  try {
    k = perfConstants(target);
  } catch (e) {
    if (e instanceof PerfInputError) return { plan: infeasible(input, tp, 'throughput', `no speed prediction: ${e.message}`), capacity: null, scaleAheadReplicaHours: 0 };
    throw e;
  }
  const targets = input.throughputOnly ? { ttftP95Seconds: null, tpotP95Seconds: null, e2eP95Seconds: null } : input.targets;
  const cap = replicaCapacity(target, limits, input.lengths, targets, k);
  // Throughput-only work still keeps 10% headroom below saturation, where queues explode.
  const capacityRps = input.throughputOnly ? cap.requestsPerSecond * 0.9 : cap.requestsPerSecond;
  // Report the latencies at the rate the plan actually runs a replica at (90% of saturation for throughput work).
  if (input.throughputOnly && capacityRps > 0) cap.atCapacity = p95AtRate(target, k, limits, input.lengths, capacityRps);
  if (capacityRps <= 0) {
    const what = cap.binding === 'ttft' ? `TTFT p95 ${cap.idle.ttftSeconds.toFixed(2)} s` : cap.binding === 'tpot' ? `TPOT p95 ${(cap.idle.tpotSeconds * 1000).toFixed(1)} ms` : `end-to-end p95 ${cap.idle.e2eSeconds.toFixed(2)} s`;
    return { plan: infeasible(input, tp, cap.binding, `${what} at light load already misses the target on ${tp} × ${input.gpu.id}`), capacity: cap, scaleAheadReplicaHours: 0 };
  }
  const hourly = input.hourlyRequestsPerSecond;
  const { burst, forLoad, ahead, spares, replicas } = replicasEachHour(input, capacityRps, tp, input.availability);
  const hours: HourPlan[] = hourly.map((r, h) => ({
    hourOfWeek: h,
    arrivalRequestsPerSecond: r,
    replicasForLoad: forLoad[h]!,
    replicas: replicas[h]!,
    gpus: replicas[h]! * tp,
    utilisation: forLoad[h]! > 0 ? (r * burst) / (forLoad[h]! * capacityRps) : 0,
  }));
  const weekToMonth = HOURS_PER_MONTH / HOURS_PER_WEEK;
  const minReplicas = Math.min(...replicas);
  const replicaHoursPerWeek = replicas.reduce((s, n) => s + n, 0);
  const gpuHoursPerMonth = replicaHoursPerWeek * tp * weekToMonth;
  const baseGpuHoursPerMonth = minReplicas * tp * HOURS_PER_MONTH;
  const requestsPerWeek = hourly.reduce((s, r) => s + r * 3600, 0);
  const requestsPerMonth = requestsPerWeek * weekToMonth;
  // The busiest hour (by arrivals, not the pre-scaled hour before it) decides what binds.
  const peakIndex = hourly.indexOf(Math.max(...hourly));
  // At the peak, redundancy sets the count when the spares are as many as the replicas the load needs (N+1 on 1).
  const binding: BindingConstraint = input.throughputOnly ? 'deadline' : spares[peakIndex]! > 0 && spares[peakIndex]! >= forLoad[peakIndex]! ? 'availability' : cap.binding;
  return {
    plan: {
      ...planIdentity(input, tp),
      replicaCapacityRequestsPerSecond: capacityRps,
      replicaOutputTokensPerSecond: capacityRps * input.lengths.outputMean,
      hourly: hours,
      peakReplicas: Math.max(...replicas),
      minReplicas,
      redundancyReplicas: Math.max(...spares),
      baseGpus: minReplicas * tp,
      gpuHoursPerMonth,
      baseGpuHoursPerMonth,
      variableGpuHoursPerMonth: gpuHoursPerMonth - baseGpuHoursPerMonth,
      requestsPerMonth,
      inputTokensPerMonth: requestsPerMonth * input.lengths.inputMean,
      outputTokensPerMonth: requestsPerMonth * input.lengths.outputMean,
      oneTimeGpuHours: 0,
      oneTimeNote: null,
      binding,
      feasible: true,
      infeasibleReason: null,
    },
    capacity: cap,
    scaleAheadReplicaHours: ahead.reduce((s, n, h) => s + n - forLoad[h]!, 0),
  };
}

/** The cheapest TP (fewest GPU-hours) that fits and meets the targets; infeasible plans say why. */
export function planOption(input: PlanInput): PlanDetail {
  const tps = tpCandidates(input);
  if (tps.length === 0) {
    const ctx = Math.min(input.lengths.inputP95 + input.lengths.outputP95, input.model.architecture.maxPositionEmbeddings);
    // Not a flat no: the settings with which it would fit at the largest TP tried.
    const at = input.tp === undefined ? fitOptionsAtLargestTp(sizeBase(input, ctx)) : null;
    const instead = at && at.options.length ? `; it fits on ${at.tensorParallel} × ${input.gpu.id} with ${describeFitOptions(at.options)}` : '';
    return { plan: infeasible(input, 8, 'memory', `${input.model.id} (${input.weights}) does not fit on up to 8 × ${input.gpu.id}${instead}`), capacity: null, scaleAheadReplicaHours: 0 };
  }
  // A TP whose GPU-hours cannot beat the best found so far is not planned (same answer, less work): no replica
  // serves more than its saturation rate, and an always-on service keeps one replica in every hour.
  const details: PlanDetail[] = [];
  let best: PlanDetail | null = null;
  for (const tp of tps) {
    if (best && gpuHoursLowerBound(input, tp) >= best.plan.gpuHoursPerMonth) continue;
    const d = planAtTp(input, tp);
    details.push(d);
    if (d.plan.feasible && (!best || d.plan.gpuHoursPerMonth < best.plan.gpuHoursPerMonth)) best = d;
  }
  return best ?? details[details.length - 1]!;
}

function gpuHoursLowerBound(input: PlanInput, tp: number): number {
  const limits = limitsAtTp(input, tp);
  if (limits.kvCapacitySequences < 1) return Number.POSITIVE_INFINITY;
  const target = perfTargetAt(input, tp);
  let max: number;
  try {
    max = predictServing(target, { kind: 'max-load' }, input.lengths.inputMean, input.lengths.outputMean, limits, perfConstants(target)).maxRequestsPerSecond;
  } catch (e) {
    if (e instanceof PerfInputError) return 0;
    throw e;
  }
  if (!(max > 0)) return Number.POSITIVE_INFINITY;
  const cap = input.throughputOnly ? max * 0.9 : max;
  return replicasForLoad(input, cap).forLoad.reduce((a, n) => a + n, 0) * tp * (HOURS_PER_MONTH / HOURS_PER_WEEK);
}
