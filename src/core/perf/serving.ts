// Continuous batching at steady state on top of the step model: the batch that forms for a concurrency,
// a request rate or a saturating load, and the TTFT, TPOT and throughput it gives.
import { perfConstants, stepSeconds, stepTime, type PerfConstants, type PerfTarget, type StepBreakdown } from './step.ts';

export type Load =
  /** Closed loop: `concurrency` clients, each sending its next request when the last one finishes. */
  | { kind: 'concurrency'; concurrency: number }
  /** Open loop: Poisson arrivals at `requestsPerSecond`. */
  | { kind: 'rate'; requestsPerSecond: number }
  /** Saturation: every KV slot busy (trtllm-bench at infinite rate, offline throughput). */
  | { kind: 'max-load' }
  /** `requests` all sent at once (vllm bench serve without a rate limit). */
  | { kind: 'burst'; requests: number }
  /** Static batching: `batch` prompts prefilled together, then decoded in lock-step (TRT-LLM v0.9 tables). */
  | { kind: 'static'; batch: number };

export interface ServingLimits {
  /** Sequences of isl + osl tokens the KV cache holds at once (from `llmplan size`). */
  kvCapacitySequences: number;
  /** Engine cap on running sequences (vLLM max_num_seqs, TRT-LLM max_batch_size). */
  maxBatchSequences: number;
  /** Tokens per step (vLLM max_num_batched_tokens): prompts longer than this prefill in chunks. */
  maxBatchedTokens: number;
  /**
   * Steps the scheduler runs ahead of the GPU: 1 with an overlap scheduler (`EngineMemoryProfile.overlapScheduler`),
   * 0 without. Step n + 1 is planned while step n runs, so an arrival joins one step later than it could, and a
   * finished request is released one step late ("introduces one extra decoding step", TensorRT-LLM's
   * overlap-scheduler.md): both TTFT and a request's time in its slot grow by that many steps.
   */
  schedulerLagSteps: number;
}

export interface ServingPrediction {
  ttftSeconds: number;
  tpotSeconds: number;
  e2eSeconds: number;
  outputTokensPerSecond: number;
  requestsPerSecond: number;
  /** Sequences decoding in a typical step. */
  decodeBatch: number;
  /** What limits the batch: the offered load, the KV cache, or the engine's sequence cap. */
  batchLimit: 'load' | 'kv-cache' | 'max-batch';
  step: StepBreakdown;
  /** The offered rate exceeds what the replica can serve: latencies grow without bound. */
  saturated: boolean;
  /** The highest request rate this replica sustains for these lengths. */
  maxRequestsPerSecond: number;
}

/** Chunks of a prompt costed one step each; past this many, runs of chunks are costed together (below). */
export const MAX_PREFILL_STEPS = 16;

/**
 * Seconds to prefill `tokens` in chunks of `chunk` (the last one shorter), each chunk's step at the prefix it extends:
 * Σ step(n_j, done_j + n_j / 2). Up to MAX_PREFILL_STEPS chunks, one step per chunk, as the engine runs them. Past
 * that (a 10M-token prompt in 8,192-token chunks is 1,280 steps; a 1-token chunk would be millions, times the fixed
 * point and the rate search around it) the full chunks are cut into MAX_PREFILL_STEPS equal runs, each costed as its
 * middle chunk × its length. A step is linear in its prefix between the kinks of its roofline (a sliding window ending,
 * attention turning compute-bound), so the sum is exact except in the run holding a kink, and the work is bounded
 * whatever the prompt's length.
 */
export function chunkedPrefillSeconds(tokens: number, chunk: number, step: (chunkTokens: number, prefixTokens: number) => number): number {
  const full = Math.floor(tokens / chunk);
  const rest = tokens - full * chunk;
  let seconds = 0;
  if (full + (rest > 0 ? 1 : 0) <= MAX_PREFILL_STEPS) {
    for (let done = 0; done < tokens; ) {
      const n = Math.min(chunk, tokens - done);
      seconds += step(n, done + n / 2);
      done += n;
    }
    return seconds;
  }
  for (let g = 0; g < MAX_PREFILL_STEPS; g++) {
    const a = Math.floor((g * full) / MAX_PREFILL_STEPS);
    const b = Math.floor(((g + 1) * full) / MAX_PREFILL_STEPS);
    // Chunks a … b − 1 extend prefixes j × chunk + chunk / 2, whose mean is (a + b) / 2 × chunk.
    if (b > a) seconds += (b - a) * step(chunk, ((a + b) / 2) * chunk);
  }
  if (rest > 0) seconds += step(rest, full * chunk + rest / 2);
  return seconds;
}

/** Time to prefill `isl` tokens in chunks while `decodeSeqs` sequences keep decoding. */
function prefillSeconds(t: PerfTarget, k: PerfConstants, isl: number, decodeSeqs: number, decodeContext: number, limits: ServingLimits): number {
  const chunk = Math.max(1, limits.maxBatchedTokens - decodeSeqs);
  return chunkedPrefillSeconds(isl, chunk, (n, prefix) => stepSeconds(t, k, decodeSeqs, decodeContext, n, prefix));
}

/**
 * Share of steps that carry the extra prompt. Under DEP the ep attention ranks step in lock-step (every MoE layer's
 * all-to-all waits for all of them), so a step is long when any rank carries it: 1 − (1 − f)^ep of steps, not f
 * (TensorRT-LLM's attention-DP balancing exists for this). With tensor parallelism (ep 1) this is the replica's f.
 */
function longShare(promptsPerStep: number, lo: number, ep: number): number {
  return 1 - (1 - (promptsPerStep - lo)) ** ep;
}

/**
 * The two-point mixture of step times: (1 − share) × a step carrying `lo` units of `unit` prompt tokens + share × one
 * carrying lo + 1 (each prompt at prefix isl / 2). The long step is not costed when no step carries it.
 */
function twoPointSeconds(t: PerfTarget, k: PerfConstants, decodeSeqs: number, decodeContext: number, lo: number, share: number, unit: number, isl: number): number {
  const short = stepSeconds(t, k, decodeSeqs, decodeContext, lo * unit, isl / 2);
  return share > 0 ? (1 - share) * short + share * stepSeconds(t, k, decodeSeqs, decodeContext, (lo + 1) * unit, isl / 2) : short;
}

/** `mixedStep(…).seconds`, the same sum, without breakdown objects. */
function mixedStepSeconds(t: PerfTarget, k: PerfConstants, decodeSeqs: number, decodeContext: number, promptsPerStep: number, isl: number): number {
  const lo = Math.floor(promptsPerStep);
  return twoPointSeconds(t, k, decodeSeqs, decodeContext, lo, longShare(promptsPerStep, lo, k.ep), isl, isl);
}

/**
 * Mean step time when prompts arrive as whole prompts, not smoothed over steps: with `promptsPerStep` = a on
 * average, a step carries ⌊a⌋ or ⌈a⌉ prompts of `isl` tokens. The step time is convex in the prefill tokens (a
 * memory-bound decode step turns compute-bound when a prompt joins), so spreading prompts evenly would understate
 * it; the two-point mixture keeps the mean right (a discrete-event simulation checks it: test/capacity.test.ts).
 */
export function mixedStep(t: PerfTarget, k: PerfConstants, decodeSeqs: number, decodeContext: number, promptsPerStep: number, isl: number): StepBreakdown & { longSeconds: number; shortSeconds: number; longShare: number } {
  const lo = Math.floor(promptsPerStep);
  const frac = longShare(promptsPerStep, lo, k.ep);
  const short = stepTime(t, k, decodeSeqs, decodeContext, lo * isl, isl / 2);
  const long = stepTime(t, k, decodeSeqs, decodeContext, (lo + 1) * isl, isl / 2);
  const base = frac >= 0.5 ? long : short;
  return {
    seconds: (1 - frac) * short.seconds + frac * long.seconds,
    computeSeconds: base.computeSeconds,
    memorySeconds: base.memorySeconds,
    commSeconds: base.commSeconds,
    overheadSeconds: base.overheadSeconds,
    bound: base.bound,
    longSeconds: long.seconds,
    shortSeconds: short.seconds,
    longShare: frac,
  };
}

interface Fixed {
  decode: number;
  step: StepBreakdown;
  ttftSeconds: number;
  cycleSeconds: number;
  requestsPerSecond: number;
}

/**
 * Steps a request of `osl` tokens decodes in its slot: its own osl − 1, and the one an overlap scheduler runs before
 * releasing it (`schedulerLagSteps`). Prompts arrive one per request, so a batch of B spreads B / slotSteps of them
 * over each step.
 */
export function slotSteps(osl: number, limits: Pick<ServingLimits, 'schedulerLagSteps'>): number {
  return Math.max(1, osl - 1) + limits.schedulerLagSteps;
}

/**
 * Steady state with `active` requests in the system. Each request spends TTFT in prefill and `slotSteps` decoding;
 * prompt tokens of arriving requests ride along in the decode steps (chunked prefill), so a step carries B decodes
 * and B × isl / slotSteps prefill tokens on average. Solved by fixed-point iteration.
 */
function solveActive(t: PerfTarget, k: PerfConstants, active: number, isl: number, osl: number, limits: ServingLimits, frontSeconds = 0): Fixed {
  const steps = slotSteps(osl, limits);
  const ctx = isl + osl / 2;
  let decode = active;
  // The iteration needs step times only; the breakdown of the converged step is built once, after it.
  let ttftSeconds = 0;
  let cycleSeconds = 0;
  let requestsPerSecond = 0;
  for (let i = 0; i < 40; i++) {
    const step = mixedStepSeconds(t, k, decode, ctx, decode / steps, isl);
    // An arrival waits out the step under way (half of one), plus the step already planned under an overlap scheduler.
    ttftSeconds = frontSeconds + prefillSeconds(t, k, isl, Math.max(0, decode - 1), ctx, limits) + step * (0.5 + limits.schedulerLagSteps);
    cycleSeconds = ttftSeconds + steps * step;
    requestsPerSecond = active / cycleSeconds;
    const next = Math.min(active, requestsPerSecond * steps * step);
    if (Math.abs(next - decode) < 1e-4 * Math.max(1, active)) break;
    // The last pass keeps `decode` at the value its times were computed for, as the returned state must.
    if (i < 39) decode = 0.5 * decode + 0.5 * next;
  }
  return { decode, step: mixedStep(t, k, decode, ctx, decode / steps, isl), ttftSeconds, cycleSeconds, requestsPerSecond };
}

function toPrediction(f: Fixed, osl: number, extraWaitSeconds: number, limit: ServingPrediction['batchLimit'], saturated: boolean, maxRequestsPerSecond: number): ServingPrediction {
  const ttftSeconds = f.ttftSeconds + extraWaitSeconds;
  const tpotSeconds = f.step.seconds;
  return {
    ttftSeconds,
    tpotSeconds,
    e2eSeconds: ttftSeconds + Math.max(0, osl - 1) * tpotSeconds,
    outputTokensPerSecond: f.requestsPerSecond * osl,
    requestsPerSecond: f.requestsPerSecond,
    decodeBatch: f.decode,
    batchLimit: limit,
    step: f.step,
    saturated,
    maxRequestsPerSecond,
  };
}

export function predictServing(t: PerfTarget, load: Load, isl: number, osl: number, limits: ServingLimits, k: PerfConstants = perfConstants(t)): ServingPrediction {
  const cap = Math.max(1, Math.min(limits.kvCapacitySequences, limits.maxBatchSequences));
  const capLimit: ServingPrediction['batchLimit'] = limits.kvCapacitySequences <= limits.maxBatchSequences ? 'kv-cache' : 'max-batch';
  // Online loads (concurrency, rate, burst) go through an API server: a fixed per-request cost joins TTFT.
  const front = load.kind === 'concurrency' || load.kind === 'rate' || load.kind === 'burst' ? t.efficiency.requestOverheadSeconds : 0;
  let fullCache: Fixed | undefined;
  const fullLoad = (): Fixed => (fullCache ??= solveActive(t, k, cap, isl, osl, limits, front));

  switch (load.kind) {
    case 'static': {
      const b = load.batch;
      const prefill = stepTime(t, k, 0, 0, b * isl, isl / 2);
      const decodeSteps = Math.max(0, osl - 1);
      const step = stepTime(t, k, b, isl + osl / 2, 0, 0);
      const total = prefill.seconds + decodeSteps * step.seconds;
      // The first token also pays the per-request cost (context-phase setup, sampling, detokenising).
      return {
        ttftSeconds: prefill.seconds + t.efficiency.requestOverheadSeconds,
        tpotSeconds: step.seconds,
        e2eSeconds: total,
        outputTokensPerSecond: (b * osl) / total,
        requestsPerSecond: b / total,
        decodeBatch: b,
        batchLimit: 'load',
        step: decodeSteps > 0 ? step : prefill,
        saturated: b > cap,
        maxRequestsPerSecond: fullLoad().requestsPerSecond,
      };
    }
    case 'max-load': {
      const full = fullLoad();
      return toPrediction(full, osl, 0, capLimit, false, full.requestsPerSecond);
    }
    case 'concurrency': {
      const full = fullLoad();
      if (load.concurrency <= cap) return toPrediction(solveActive(t, k, load.concurrency, isl, osl, limits, front), osl, 0, 'load', false, full.requestsPerSecond);
      // Clients beyond the cap wait for a slot: Little's law on the queue.
      return toPrediction(full, osl, (load.concurrency - cap) / full.requestsPerSecond, capLimit, false, full.requestsPerSecond);
    }
    case 'burst': {
      const full = fullLoad();
      // Everyone arrives at t = 0. Two queues hold a request back: the prompts ahead of it, which the scheduler prefills
      // first (request i's first token comes after i prompts), and, past the slot cap, a slot freed by a finished one.
      const prefillQueue = front + burstPrefillSeconds(t, k, load.requests, isl, osl, limits, cap);
      // Throughput is the run's: N answers over the time until the last one is out (burstRunSeconds).
      const rate = burstRequestsPerSecond(t, k, load.requests, isl, osl, limits);
      if (load.requests <= cap) {
        const f = solveActive(t, k, load.requests, isl, osl, limits, front);
        return toPrediction({ ...f, requestsPerSecond: rate }, osl, Math.max(0, prefillQueue - f.ttftSeconds), 'load', false, full.requestsPerSecond);
      }
      const slotWait = (load.requests - cap) / 2 / full.requestsPerSecond;
      return toPrediction({ ...full, requestsPerSecond: rate }, osl, Math.max(slotWait, prefillQueue - full.ttftSeconds), capLimit, false, full.requestsPerSecond);
    }
    case 'rate': {
      const lambda = load.requestsPerSecond;
      const full = fullLoad();
      const maxRps = full.requestsPerSecond;
      // Beyond the replica's capacity no steady state exists: report the saturated point, flagged.
      if (lambda >= maxRps) return toPrediction(full, osl, 0, capLimit, true, maxRps);
      const f = activeForRate(t, k, lambda, isl, osl, limits, cap, front, maxRps).state;
      // Arrivals join the next step (the half-step wait is in solveActive); below the slot cap nothing else queues.
      return toPrediction({ ...f, requestsPerSecond: lambda }, osl, 0, 'load', false, maxRps);
    }
  }
}

/**
 * Mean time to the first token of `requests` prompts that arrive at once, prefilled in arrival order in chunks of the
 * engine's token budget while the admitted sequences (on average half of them, up to the slot cap) keep decoding:
 * request i is done when i of the N prompts are, so the mean is (N + 1) / 2N of the time to prefill them all.
 */
function burstPrefillSeconds(t: PerfTarget, k: PerfConstants, requests: number, isl: number, osl: number, limits: ServingLimits, cap: number): number {
  const decoding = Math.min(requests, cap) / 2;
  const chunk = Math.max(1, limits.maxBatchedTokens - decoding);
  const ctx = isl + osl / 2;
  // Each prompt attends to its own prefix only (isl / 2 on average), whichever chunk carries it.
  const all = chunkedPrefillSeconds(requests * isl, chunk, (n) => stepSeconds(t, k, decoding, ctx, n, isl / 2));
  return (all * (requests + 1)) / (2 * requests);
}

/** Requests per second over a burst of `requests` sent at once: all of them over the run's time (burstRunSeconds). */
export function burstRequestsPerSecond(t: PerfTarget, k: PerfConstants, requests: number, isl: number, osl: number, limits: ServingLimits): number {
  const cap = Math.max(1, Math.min(limits.kvCapacitySequences, limits.maxBatchSequences));
  return requests / burstRunSeconds(t, k, requests, isl, osl, limits, cap);
}

/** Macro steps a slot's lifetime is cut into in a burst run (burstRunSeconds). */
export const BURST_STEPS_PER_LIFETIME = 8;
/** Lifetimes a burst run simulates at most before it extrapolates its last one (burstRunSeconds). */
export const BURST_MAX_LIFETIMES = 12;

/**
 * Seconds from t = 0 until the last of `requests` prompts sent at once (each `isl` tokens in, `osl` out) has its last
 * token: the time a benchmark divides its tokens by. A finite run is not the steady state. With fewer requests than
 * slots the batch is the requests, not the cap; with more, the slots fill while the first prompts prefill and drain
 * while the last answers finish. trtllm-bench's offline runs are such bursts: 1,000 to 30,000 requests of one length
 * (`--input-stdev=0 --output-stdev=0`, TRTLLM_BENCH_REQUESTS in calibration.ts).
 *
 * A fluid model of the scheduler in macro steps, BURST_STEPS_PER_LIFETIME to a slot's lifetime. Each step admits
 * prompts while slots are free, up to the token budget the decodes leave (`maxBatchedTokens` counts decode tokens
 * too, in TensorRT-LLM and vLLM). A prompt prefills in its admission step (over isl / budget steps when longer than
 * the budget) and keeps its slot `slotSteps` more. Cumulative admissions are piecewise linear, so departures are read
 * off them exactly. A step carries ⌊p⌋ or ⌈p⌉ whole prompts (or budget-sized chunks), not a smoothed share, as in
 * mixedStep. The ranks of a DEP group admit in step (one length, started together), so no lock-step term.
 *
 * Once the slots turn over, each lifetime repeats the one before (admissions replace departures): a lifetime whose
 * macro steps repeat its predecessor's (admissions and times to 1 part in 1,000) is repeated as far as the requests
 * go without simulating it again, and past BURST_MAX_LIFETIMES the last one is. So the work is bounded, about
 * BURST_STEPS_PER_LIFETIME × (lifetimes until it repeats + the drain) step times, whatever N, isl and osl.
 */
export function burstRunSeconds(t: PerfTarget, k: PerfConstants, requests: number, isl: number, osl: number, limits: ServingLimits, cap: number): number {
  const budget = Math.max(1, limits.maxBatchedTokens);
  const prefillSteps = Math.max(1, isl / budget);
  const held = slotSteps(osl, limits) + prefillSteps;
  const lastToken = Math.max(0, osl - 1) + prefillSteps;
  const ctx = isl + osl / 2;
  const P = Math.max(1, Math.min(BURST_STEPS_PER_LIFETIME, Math.floor(held)));
  const h = held / P;
  // cum[i − base]: prompts admitted in macro steps 0 … i − 1, linear within a macro step; secs[i − base]: macro step
  // i's time. A slot taken in macro step j is free from j + P, so only the last P + 1 entries are ever read back: a
  // skip over repeated lifetimes moves `base` instead of writing them out.
  const cum: number[] = [0];
  const secs: number[] = [];
  let base = 0;
  const at = (x: number): number => {
    if (x <= 0) return 0;
    const y = Math.max(0, x - base);
    const i = Math.floor(y);
    if (i >= cum.length - 1) return cum[cum.length - 1]!;
    return cum[i]! + (y - i) * (cum[i + 1]! - cum[i]!);
  };
  let now = 0;
  let lastAdmission = 0;
  const last = { decoding: -1, trickle: -1, lumpSteps: -1, unit: -1, seconds: 0 };
  // Macro steps simulated (a repeated lifetime is not): bounded whatever N.
  const limit = (BURST_MAX_LIFETIMES + 2) * P + Math.ceil(lastToken / h) + 2;
  for (let i = 0, work = 0; work < limit; i++, work++) {
    const admitted = cum[i - base]!;
    if (admitted < requests && i - base >= 2 * P && i % P === 0) {
      // A lifetime that repeats the one before (or the last one simulated, past BURST_MAX_LIFETIMES) is repeated
      // while requests remain for the whole of it; the final ones and the drain are simulated.
      const n = i - base;
      const a = admitted - cum[n - P]!;
      // Macro step by macro step, admissions and times within 1 part in 1,000 of the lifetime before.
      let repeats = i >= BURST_MAX_LIFETIMES * P;
      for (let j = n - P; j < n && !repeats; j++) {
        if (Math.abs(cum[j + 1]! - cum[j]! - (cum[j + 1 - P]! - cum[j - P]!)) > 1e-3 * a || Math.abs(secs[j]! - secs[j - P]!) > 1e-3 * secs[j]!) break;
        if (j === n - 1) repeats = true;
      }
      const times = a > 0 && repeats ? Math.floor((requests - admitted) / a) - 1 : 0;
      if (times > 0) {
        const from = n - P;
        now += times * secs.slice(from, from + P).reduce((x, y) => x + y, 0);
        // The last repeat is written out for the look-back: P entries after the one that now stands for its start.
        const start = admitted + (times - 1) * a;
        const increments = cum.slice(from + 1, from + P + 1).map((c) => c - cum[from]!);
        cum[i - base] = start;
        for (let j = 0; j < P; j++) {
          cum.push(start + increments[j]!);
          secs.push(secs[from + j]!);
        }
        base += (times - 1) * P;
        i += times * P - 1;
        lastAdmission += times * P;
        continue;
      }
    }
    // In their slots at the start of the macro step, and freed during it.
    const occupied = admitted - at(i - P);
    const freed = at(i + 1 - P) - at(i - P);
    const tokens = Math.max(0, budget - occupied);
    const room = Math.min(Math.max(0, cap - occupied) + freed, (h * tokens) / isl);
    const take = Math.min(requests - admitted, room);
    // Prompts go in whole (budget-sized chunks when longer), as many a step as the budget holds: slots free at the start
    // fill in steps of `perStep` prompts; slots that free up during the macro step are refilled as they free, ⌊p⌋ or
    // ⌈p⌉ a step (a memory-bound step turns compute-bound when a prompt joins: mixedStep's two-point mixture).
    const unit = Math.min(isl, Math.max(1, tokens));
    const perStep = tokens / unit;
    const lumped = Math.min(take, Math.max(0, cap - occupied));
    const lumpSteps = perStep > 0 ? Math.min(h, (lumped * isl) / unit / perStep) : 0;
    const trickle = ((take - lumped) * isl) / unit / Math.max(1e-9, h - lumpSteps);
    // Within the macro step, prompts admitted start decoding after their prefill step and freed slots stop: on average
    // half of it each.
    const decoding = Math.max(0, occupied + ((take - freed) / 2) * (1 - 1 / h));
    if (!(Math.abs(decoding - last.decoding) <= 1e-9 * decoding && Math.abs(trickle - last.trickle) <= 1e-9 * Math.max(1, trickle) && Math.abs(lumpSteps - last.lumpSteps) <= 1e-9 * h && unit === last.unit)) {
      const lo = Math.floor(trickle);
      const rest = twoPointSeconds(t, k, decoding, ctx, lo, trickle - lo, unit, isl);
      last.seconds = (lumpSteps > 0 ? lumpSteps * stepSeconds(t, k, decoding, ctx, perStep * unit, isl / 2) : 0) + (h - lumpSteps) * rest;
      last.decoding = decoding;
      last.trickle = trickle;
      last.lumpSteps = lumpSteps;
      last.unit = unit;
    }
    // The last prompts go in as soon as there is room: the first take / room of the macro step.
    if (take > 0) lastAdmission = i + take / room;
    now += last.seconds;
    secs.push(last.seconds);
    cum.push(admitted + take);
    if (admitted + take >= requests * (1 - 1e-12)) {
      // Everyone is in: the run ends when the last admission's last token is out.
      const end = lastAdmission + lastToken / h;
      if (i + 1 >= end) return Math.max(0, now - (i + 1 - end) * last.seconds);
    }
  }
  return now;
}

/**
 * Requests in the system (Little: λ × cycle) at which a replica serves `lambda` requests/s below its slot cap,
 * `fullRequestsPerSecond` being its rate at the cap. The rate grows with the count, so the root of
 * rate(count) − λ is bracketed by [0, cap]; regula falsi with the Illinois rule finds it in ~5 steady-state solves
 * where halving took 24 (idle loads, the commonest probe, in 2–3). It stops within 1 part in a million of λ
 * (each solve is itself converged to ~1e-4) or when the bracket is 1/2^24 of the cap, as halving did.
 * The steady state at the count returned comes with it: the last probe solved it (callers solved it again, 1 in 8
 * of a recommend's steady-state solves).
 */
function activeForRate(t: PerfTarget, k: PerfConstants, lambda: number, isl: number, osl: number, limits: ServingLimits, cap: number, front: number, fullRequestsPerSecond: number): { active: number; state: Fixed } {
  let lo = 0;
  let fLo = -lambda;
  let hi = cap;
  let fHi = fullRequestsPerSecond - lambda;
  let hiState: Fixed | null = null;
  let side = 0;
  for (let i = 0; i < 60 && hi - lo > cap * 2 ** -24; i++) {
    let x = lo - (fLo * (hi - lo)) / (fHi - fLo);
    if (!(x > lo && x < hi)) x = (lo + hi) / 2;
    const state = solveActive(t, k, Math.max(x, 1e-6), isl, osl, limits, front);
    const fx = state.requestsPerSecond - lambda;
    if (Math.abs(fx) <= 1e-6 * lambda) return { active: Math.max(x, 1e-6), state };
    if (fx < 0) {
      lo = x;
      fLo = fx;
      if (side === -1) fHi /= 2;
      side = -1;
    } else {
      hi = x;
      fHi = fx;
      hiState = state;
      if (side === 1) fLo /= 2;
      side = 1;
    }
  }
  const active = Math.max(hi, 1e-6);
  return { active, state: hiState ?? solveActive(t, k, active, isl, osl, limits, front) };
}

/** Slot cap and the per-request front-end cost of online loads: the range over which `predictAtActive` runs. */
export function activeRange(t: PerfTarget, limits: ServingLimits): { cap: number; frontSeconds: number } {
  return { cap: Math.max(1, Math.min(limits.kvCapacitySequences, limits.maxBatchSequences)), frontSeconds: t.efficiency.requestOverheadSeconds };
}

/**
 * The steady state at which a replica serves `lambda` requests/s, below its `maxRequestsPerSecond`, and the number of
 * requests in the system there: as `predictAtActive` at that count, without solving it twice.
 */
export function predictAtRate(t: PerfTarget, k: PerfConstants, lambda: number, isl: number, osl: number, limits: ServingLimits, maxRequestsPerSecond: number): { active: number; prediction: ServingPrediction } {
  const { cap, frontSeconds } = activeRange(t, limits);
  const { active, state } = activeForRate(t, k, lambda, isl, osl, limits, cap, frontSeconds, maxRequestsPerSecond);
  return { active, prediction: toPrediction(state, osl, 0, 'load', false, maxRequestsPerSecond) };
}

/**
 * The steady state of a `rate` load, parametrised by the number of requests in the system instead of the arrival
 * rate: one fixed-point solve instead of 24; its rate is `requestsPerSecond`. Searches over the rate (replica
 * capacity) bisect on this count and read the rate it yields instead of inverting rate → count at every probe.
 */
export function predictAtActive(t: PerfTarget, k: PerfConstants, active: number, isl: number, osl: number, limits: ServingLimits, maxRequestsPerSecond: number): ServingPrediction {
  const { frontSeconds } = activeRange(t, limits);
  const f = solveActive(t, k, Math.max(active, 1e-6), isl, osl, limits, frontSeconds);
  return toPrediction(f, osl, 0, 'load', false, maxRequestsPerSecond);
}
