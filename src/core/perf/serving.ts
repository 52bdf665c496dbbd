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
  /** A finite benchmark run: `requests` sent at `requestsPerSecond` (TensorRT-LLM v0.14's "500 requests" at each QPS). */
  | { kind: 'run'; requests: number; requestsPerSecond: number }
  /** Static batching: `batch` prompts prefilled together, then decoded in lock-step (TRT-LLM v0.9 tables). */
  | { kind: 'static'; batch: number };

/** The load each of `parts` equal replicas (or DEP attention ranks) sees: its counts and rates split evenly. */
export function splitLoad(load: Load, parts: number): Load {
  switch (load.kind) {
    case 'concurrency':
      return { kind: 'concurrency', concurrency: load.concurrency / parts };
    case 'rate':
      return { kind: 'rate', requestsPerSecond: load.requestsPerSecond / parts };
    case 'burst':
      return { kind: 'burst', requests: load.requests / parts };
    case 'run':
      return { kind: 'run', requests: load.requests / parts, requestsPerSecond: load.requestsPerSecond / parts };
    default:
      return load;
  }
}

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

/**
 * The serving front end's per-request cost (HTTP, tokenising, scheduling) a load pays in TTFT: online loads (a
 * concurrency, a rate, a finite run or burst) go through an API server.
 */
export function frontSeconds(t: PerfTarget, load: Load): number {
  return load.kind === 'concurrency' || load.kind === 'rate' || load.kind === 'burst' || load.kind === 'run' ? t.efficiency.requestOverheadSeconds : 0;
}

export function predictServing(t: PerfTarget, load: Load, isl: number, osl: number, limits: ServingLimits, k: PerfConstants = perfConstants(t)): ServingPrediction {
  const cap = Math.max(1, Math.min(limits.kvCapacitySequences, limits.maxBatchSequences));
  const capLimit: ServingPrediction['batchLimit'] = limits.kvCapacitySequences <= limits.maxBatchSequences ? 'kv-cache' : 'max-batch';
  // Online loads go through an API server: a fixed per-request cost joins TTFT.
  const front = frontSeconds(t, load);
  let fullCache: Fixed | undefined;
  const fullLoad = (): Fixed => (fullCache ??= solveActive(t, k, cap, isl, osl, limits, front));

  switch (load.kind) {
    case 'static': {
      const b = load.batch;
      const prefill = stepTime(t, k, 0, 0, b * isl, isl / 2);
      const decodeSteps = Math.max(0, osl - 1);
      const step = stepTime(t, k, b, isl + osl / 2, 0, 0);
      const total = prefill.seconds + decodeSteps * step.seconds;
      // A static batch runs without an API server: the first token pays the runtime's per-request cost only.
      return {
        ttftSeconds: prefill.seconds + t.efficiency.runtimeRequestOverheadSeconds,
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
    case 'burst':
    case 'run': {
      // A finite run, measured from the first request sent to the last answer (runStats): its throughput, and the mean
      // TTFT and inter-token latency over its requests, ramp-up, queue and drain included.
      const sent = load.kind === 'run' ? load.requestsPerSecond : Infinity;
      const run = runStats(t, k, load.requests, isl, osl, limits, cap, sent);
      const full = fullLoad();
      // The step shown is a steady state's at the run's mean decoding batch.
      const typical = run.meanDecoding < cap ? solveActive(t, k, Math.max(run.meanDecoding, 1e-6), isl, osl, limits, front) : full;
      const ttftSeconds = front + run.ttftSeconds;
      return {
        ttftSeconds,
        tpotSeconds: run.itlSeconds,
        e2eSeconds: ttftSeconds + Math.max(0, osl - 1) * run.itlSeconds,
        outputTokensPerSecond: (load.requests * osl) / run.seconds,
        requestsPerSecond: load.requests / run.seconds,
        decodeBatch: typical.decode,
        batchLimit: run.meanDecoding < cap ? 'load' : capLimit,
        step: typical.step,
        saturated: false,
        maxRequestsPerSecond: full.requestsPerSecond,
      };
    }
    case 'rate': {
      const lambda = load.requestsPerSecond;
      const full = fullLoad();
      const maxRps = full.requestsPerSecond;
      // Beyond the replica's capacity no steady state exists: report the saturated point, flagged.
      if (lambda >= maxRps) return toPrediction(full, osl, 0, capLimit, true, maxRps);
      const f = activeForRate(t, k, lambda, isl, osl, limits, cap, front, maxRps).state;
      // Arrivals join the next step (the half-step wait is in solveActive); below the slot cap nothing else queues. Sent
      // at Poisson times, an arrival also lands in a long step more often than not, and shares its own with the
      // others sent meanwhile (poissonJoin): the part of its wait the half step leaves out.
      const ctx = isl + osl / 2;
      const tokens = Math.max(1, limits.maxBatchedTokens - f.decode);
      const unit = Math.min(isl, tokens);
      const share = Math.max(0, stepSeconds(t, k, f.decode, ctx, unit, isl / 2) - stepSeconds(t, k, f.decode, ctx, 0, isl / 2));
      const join = poissonJoin(share, f.step.seconds, lambda * f.step.seconds, tokens / unit, f.decode + lambda * f.step.seconds);
      return toPrediction({ ...f, requestsPerSecond: lambda }, osl, join.coSentSeconds + join.waitSeconds - f.step.seconds / 2, 'load', false, maxRps);
    }
  }
}

/** Macro steps a slot's lifetime is cut into in a finite run (runStats). */
export const BURST_STEPS_PER_LIFETIME = 8;
/** Lifetimes a finite run simulates at most before it extrapolates its last one (runStats). */
export const BURST_MAX_LIFETIMES = 12;

/**
 * What a prompt sent at a Poisson time waits beyond one sent between steps. The prompts a step takes are those sent
 * during the step before, N ~ Poisson(λ × its time), and a step is s = s₀ + share × N (share: one prompt's part of
 * it), so step lengths vary, with variance V = share² λ E[s] / (1 − r²), r = λ × share the part of the time spent on
 * prompts (each step's variance feeds the next's), and at most (the budget's prompts × share)² / 4, the budget
 * bounding a step. An arrival lands in a step picked by its length: it waits E[s²] / 2E[s] = (E[s] + V / E[s]) / 2
 * for it (`waitSeconds`), and its own step carries the others sent during that step: share × λ × (E[s] + V / E[s])
 * more than a step with it alone (`coSentSeconds`). Both only while the engine is busy: with no request in it, it runs
 * no step and an arrival starts one at once, alone; the requests in the system are a Poisson count (mean `inSystem`),
 * so that is 1 − e^(−inSystem) of the time. A step-by-step simulation with Poisson sends agrees within 10%
 * (test/capacity.test.ts).
 */
export function poissonJoin(shareSeconds: number, meanStepSeconds: number, promptsPerStep: number, budgetPrompts: number, inSystem: number): { waitSeconds: number; coSentSeconds: number } {
  if (!(meanStepSeconds > 0)) return { waitSeconds: 0, coSentSeconds: 0 };
  const rate = promptsPerStep / meanStepSeconds;
  const r = rate * shareSeconds;
  const bound = (budgetPrompts * shareSeconds) ** 2 / 4;
  const variance = r < 1 ? Math.min(bound, (shareSeconds * shareSeconds * rate * meanStepSeconds) / (1 - r * r)) : bound;
  const biased = meanStepSeconds + variance / meanStepSeconds;
  // An engine with no request in it runs no step: an arrival then starts one at once, alone. With Poisson arrivals the
  // requests in the system are a Poisson count, so the engine is busy 1 − e^(−mean) of the time.
  const busy = 1 - Math.exp(-Math.max(0, inSystem));
  return { waitSeconds: (busy * biased) / 2, coSentSeconds: busy * shareSeconds * rate * biased };
}

/** What a finite benchmark run measures (runStats). */
export interface RunStats {
  /** From the first request sent until the last one's last token: the time a benchmark divides its tokens by. */
  seconds: number;
  /** Mean over the requests of sent → first token, without the front end's per-request cost. */
  ttftSeconds: number;
  /** Mean time between a request's tokens: the decode steps' times, weighted by the sequences each one carries. */
  itlSeconds: number;
  /** Sequences decoding, averaged over the run's time. */
  meanDecoding: number;
}

/**
 * A finite benchmark run: `requests` prompts (each `isl` tokens in, `osl` out) sent at `sentPerSecond` at Poisson
 * times (admitted at its mean rate; their TTFT takes the Poisson terms of `poissonJoin`), or all at t = 0 when it is
 * Infinity. Returns the run's time, until the last of them has its last token, and, with `latencies`, the mean TTFT
 * and inter-token latency over its requests. A finite run is not the
 * steady state: with fewer requests than slots the batch is the requests, not the cap; with more, the slots fill while
 * the first prompts prefill and drain while the last answers finish; a run paced near the replica's capacity ramps up
 * for a lifetime and drains after the last request. trtllm-bench's offline runs are bursts of a stated size (1,000 to
 * 30,000 requests of one length, TRTLLM_BENCH_REQUESTS in calibration.ts); TensorRT-LLM v0.14's online table sent
 * "500 requests" at each QPS.
 *
 * A fluid model of the scheduler in macro steps, BURST_STEPS_PER_LIFETIME to a slot's lifetime. Each step admits the
 * prompts sent so far while slots are free, up to the token budget the decodes leave (`maxBatchedTokens` counts decode
 * tokens too, in TensorRT-LLM and vLLM). A prompt prefills in its admission step (over isl / budget steps when longer
 * than the budget) and keeps its slot `slotSteps` more. Cumulative admissions are piecewise linear, so departures are
 * read off them exactly. A step carries ⌊p⌋ or ⌈p⌉ whole prompts (or budget-sized chunks), not a smoothed share, as in
 * mixedStep. The ranks of a DEP group admit in step (one length, started together), so no lock-step term.
 *
 * TTFT is the wait in the queue (its area over time, Little's law) plus the step that carries the prompt, the overlap
 * scheduler's step, and, for a prompt sent at a Poisson time, the step under way and the prompts sent with it
 * (`poissonJoin`, as a `rate` load's steady state has them). The inter-token latency is the mean step time a decoding
 * sequence sees: Σ decoding × time / Σ decoding × steps.
 *
 * Once the slots turn over, each lifetime repeats the one before (admissions replace departures): a lifetime whose
 * macro steps repeat its predecessor's (admissions and times to 1 part in 1,000) is repeated as far as the requests
 * (and, for a paced run, the requests still to be sent) go without simulating it again, and past BURST_MAX_LIFETIMES
 * the last one is; a queue that grows or shrinks by the same amount each lifetime adds its area in closed form. So the
 * work is bounded, about BURST_STEPS_PER_LIFETIME × (lifetimes until it repeats + the drain) step times, whatever N,
 * isl, osl and the rate.
 */
export function runStats(t: PerfTarget, k: PerfConstants, requests: number, isl: number, osl: number, limits: ServingLimits, cap: number, sentPerSecond = Infinity, latencies = true): RunStats {
  const budget = Math.max(1, limits.maxBatchedTokens);
  const prefillSteps = Math.max(1, isl / budget);
  const held = slotSteps(osl, limits) + prefillSteps;
  const lastToken = Math.max(0, osl - 1) + prefillSteps;
  const ctx = isl + osl / 2;
  const P = Math.max(1, Math.min(BURST_STEPS_PER_LIFETIME, Math.floor(held)));
  const h = held / P;
  const paced = Number.isFinite(sentPerSecond) && sentPerSecond > 0;
  const sentBy = (seconds: number): number => (paced ? Math.min(requests, sentPerSecond * seconds) : requests);
  // cum[i − base]: prompts admitted in macro steps 0 … i − 1, linear within a macro step; secs[i − base]: macro step
  // i's time; queue[i − base]: prompts sent and not admitted when it starts, area[i − base]: their request-seconds
  // waited in it; first[i − base]: Σ its admissions' times from admission to the first token; decodeSecs /
  // decodeSteps[i − base]: Σ decoding × time and × steps in it. A slot taken in macro step j is free from j + P, so
  // only the last P + 1 entries are ever read back: a skip over repeated lifetimes moves `base` instead of writing
  // them out.
  const cum: number[] = [0];
  const secs: number[] = [];
  const queue: number[] = [];
  const area: number[] = [];
  const first: number[] = [];
  const decodeSecs: number[] = [];
  const decodeSteps: number[] = [];
  let base = 0;
  const at = (x: number): number => {
    if (x <= 0) return 0;
    const y = Math.max(0, x - base);
    const i = Math.floor(y);
    if (i >= cum.length - 1) return cum[cum.length - 1]!;
    return cum[i]! + (y - i) * (cum[i + 1]! - cum[i]!);
  };
  const sum = (a: readonly number[], from: number) => a.slice(from, from + P).reduce((x, y) => x + y, 0);
  let now = 0;
  let lastAdmission = 0;
  // Totals over the run: the queue's area (request-seconds waited), first-token times, decode step sums.
  let waited = 0;
  let firstSum = 0;
  let decodeSecsSum = 0;
  let decodeStepsSum = 0;
  const last = { decoding: -1, trickle: -1, lumpSteps: -1, tokens: -1, seconds: 0, lumpStep: 0, carried: false, carryingStep: 0, residual: 0 };
  const result = (seconds: number): RunStats => ({ seconds, ttftSeconds: (waited + firstSum) / requests, itlSeconds: decodeStepsSum > 0 ? decodeSecsSum / decodeStepsSum : last.seconds / h, meanDecoding: seconds > 0 ? Math.min(requests, decodeSecsSum / seconds) : 0 });
  // Macro steps simulated (a repeated lifetime is not): bounded whatever N. A paced run can repeat twice, while it
  // sends and once it has sent everything, with the lifetimes that ramp up, stop sending and drain between.
  const limit = (BURST_MAX_LIFETIMES + (paced ? 6 : 2)) * P + Math.ceil(lastToken / h) + 2;
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
      const from = n - P;
      const lifetime = sum(secs, from);
      // A paced run repeats a lifetime as long as requests are still sent through the whole of it, or once none was
      // sent in it (the queue then drains as a burst's); not one in which sending stopped.
      const sentNow = sentBy(now);
      const sendable = !paced ? Infinity : sentNow < requests ? Math.floor((requests - sentNow) / Math.max(1e-12, sentPerSecond * lifetime)) : sentBy(now - lifetime) < requests ? 0 : Infinity;
      const times = a > 0 && repeats ? Math.min(Math.floor((requests - admitted) / a) - 1, sendable) : 0;
      // Repeat r (1 … times) starts with the queue r × growth above the last lifetime's start, its area r × growth ×
      // the lifetime above that lifetime's (a burst's queue falls by its admissions, a run paced past capacity grows).
      const growth = latencies ? Math.max(0, sentBy(now) - admitted) - queue[from]! : 0;
      if (times > 0) {
        if (latencies) {
          // A queue that holds steady while requests are sent has a growth of rounding noise: it never goes below 0.
          waited += Math.max(0, times * sum(area, from) + (growth * lifetime * times * (times + 1)) / 2);
          firstSum += times * sum(first, from);
          decodeSecsSum += times * sum(decodeSecs, from);
          decodeStepsSum += times * sum(decodeSteps, from);
        }
        now += times * lifetime;
        // A lifetime repeats to 1 part in 1,000, so a paced run's repeats could admit a little ahead of its sending:
        // none is admitted before it is sent.
        if (paced) now = Math.max(now, (admitted + times * a) / sentPerSecond);
        // The last repeat is written out for the look-back: P entries after the one that now stands for its start.
        const start = admitted + (times - 1) * a;
        const increments = cum.slice(from + 1, from + P + 1).map((c) => c - cum[from]!);
        cum[i - base] = start;
        for (let j = 0; j < P; j++) {
          cum.push(start + increments[j]!);
          secs.push(secs[from + j]!);
          if (latencies) {
            queue.push(Math.max(0, queue[from + j]! + times * growth));
            area.push(Math.max(0, area[from + j]! + times * growth * secs[from + j]!));
            first.push(first[from + j]!);
            decodeSecs.push(decodeSecs[from + j]!);
            decodeSteps.push(decodeSteps[from + j]!);
          }
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
    const sentAtStart = sentBy(now);
    // Prompts go in whole (budget-sized chunks when longer), as many a step as the budget holds: slots free at the start
    // fill in steps of `perStep` prompts; slots that free up during the macro step, and prompts sent during it, are
    // taken as they come, ⌊p⌋ or ⌈p⌉ a step (a memory-bound step turns compute-bound when a prompt joins: mixedStep's
    // two-point mixture).
    const unit = Math.min(isl, Math.max(1, tokens));
    const perStep = tokens / unit;
    let take = 0;
    let lumped = 0;
    let decoding = 0;
    // The macro step's time for `take` admissions (remembered in `last` while its inputs repeat).
    const cost = (admit: number): number => {
      take = admit;
      // Only prompts already waiting go in together; those sent during the macro step go in as they come.
      lumped = Math.min(take, Math.max(0, cap - occupied), Math.max(0, sentAtStart - admitted));
      const lumpSteps = perStep > 0 ? Math.min(h, (lumped * isl) / unit / perStep) : 0;
      const trickle = ((take - lumped) * isl) / unit / Math.max(1e-9, h - lumpSteps);
      // Within the macro step, prompts admitted start decoding after their prefill step and freed slots stop: on
      // average half of it each.
      decoding = Math.max(0, occupied + ((take - freed) / 2) * (1 - 1 / h));
      // Keyed by every input of the times below: the token budget left (the lump step's size, and the unit, derive
      // from it), the decoding sequences, the prompts a step and the lump's share of the steps.
      if (!(Math.abs(decoding - last.decoding) <= 1e-9 * decoding && Math.abs(trickle - last.trickle) <= 1e-9 * Math.max(1, trickle) && Math.abs(lumpSteps - last.lumpSteps) <= 1e-9 * h && tokens === last.tokens)) {
        const lo = Math.floor(trickle);
        const rest = twoPointSeconds(t, k, decoding, ctx, lo, trickle - lo, unit, isl);
        last.lumpStep = lumpSteps > 0 ? stepSeconds(t, k, decoding, ctx, perStep * unit, isl / 2) : 0;
        last.seconds = lumpSteps * last.lumpStep + (h - lumpSteps) * rest;
        last.carried = false;
        last.decoding = decoding;
        last.trickle = trickle;
        last.lumpSteps = lumpSteps;
        last.tokens = tokens;
      }
      return last.seconds;
    };
    // The step that carries a prompt taken as it comes, and the wait for the step under way: worked out once, for the
    // admissions the macro step settles on.
    const carrying = (): void => {
      if (last.carried) return;
      last.carried = true;
      last.carryingStep = 0;
      last.residual = 0;
      if (take <= lumped) return;
      const trickle = last.trickle;
      const lo = Math.floor(trickle);
      if (paced) {
        const bare = stepSeconds(t, k, decoding, ctx, 0, isl / 2);
        const one = stepSeconds(t, k, decoding, ctx, unit, isl / 2);
        const join = poissonJoin(Math.max(0, one - bare), last.seconds / h, trickle, perStep, decoding + trickle);
        last.carryingStep = one + join.coSentSeconds;
        last.residual = join.waitSeconds;
      } else {
        // Refilled as slots free, a step carries ⌊p⌋ or ⌈p⌉ prompts: weighted by the prompts each kind carries.
        const f = trickle - lo;
        const long = stepSeconds(t, k, decoding, ctx, (lo + 1) * unit, isl / 2);
        last.carryingStep = lo > 0 ? ((1 - f) * lo * stepSeconds(t, k, decoding, ctx, lo * unit, isl / 2) + f * (lo + 1) * long) / trickle : long;
      }
    };
    // Requests sent before the macro step ends can go in during it, and its time grows with what goes in: a paced run
    // admits the x with x = sent(now + time(x)) − admitted, found by regula falsi (Illinois) between none and the room,
    // from the last macro step's time. When sending outruns even the room's steps, the room is taken and a queue grows.
    const admissible = (x: number) => Math.max(0, Math.min(sentBy(now + cost(x)) - admitted, room));
    let x = Math.max(0, Math.min(sentBy(now + last.seconds) - admitted, room));
    // The last macro step's admissions are usually the answer already (a steady pace): the bracket only when not.
    if (paced && Math.abs(admissible(x) - x) > 1e-6 * Math.max(1, x)) {
      let xLo = 0;
      let gLo = admissible(0);
      let xHi = room;
      let gHi = admissible(room) - room;
      if (gHi >= 0) x = room;
      else if (gLo <= 1e-9) x = 0;
      else {
        for (let pass = 0, side = 0; pass < 24; pass++) {
          const g = admissible(x) - x;
          if (Math.abs(g) <= 1e-6 * Math.max(1, x)) break;
          if (g > 0) {
            [xLo, gLo] = [x, g];
            if (side === 1) gHi /= 2;
            side = 1;
          } else {
            [xHi, gHi] = [x, g];
            if (side === -1) gLo /= 2;
            side = -1;
          }
          x = xLo + (gLo * (xHi - xLo)) / (gLo - gHi);
        }
      }
    }
    const seconds = cost(x);
    if (latencies) {
      carrying();
      // The queue falls (or grows) linearly over the macro step; each prompt admitted then waits for the steps that
      // carry it (isl / unit of them), the overlap scheduler's step and, when sent at a Poisson time, the step under way
      // (`residual`). Waiting prompts go in at the start of a step, not spread over it as the linear queue has it: half
      // their first step is in its area already.
      const q0 = Math.max(0, sentAtStart - admitted);
      const q1 = Math.max(0, sentBy(now + seconds) - admitted - take);
      queue.push(q0);
      area.push(((q0 + q1) / 2) * seconds);
      waited += area[area.length - 1]!;
      first.push(lumped * (isl / unit - 0.5) * last.lumpStep + (take - lumped) * ((isl / unit) * last.carryingStep + last.residual + limits.schedulerLagSteps * (seconds / h)));
      firstSum += first[first.length - 1]!;
      decodeSecs.push(decoding * seconds);
      decodeSteps.push(decoding * h);
      decodeSecsSum += decoding * seconds;
      decodeStepsSum += decoding * h;
    }
    // The last prompts go in as soon as there is room, the first take / room of the macro step, and in a paced run
    // not before the last one is sent.
    if (take > 0) {
      const sentAt = paced && admitted + take >= requests * (1 - 1e-12) ? (requests / sentPerSecond - now) / seconds : 0;
      lastAdmission = i + Math.min(1, Math.max(take / room, sentAt));
    }
    now += seconds;
    secs.push(seconds);
    cum.push(admitted + take);
    if (admitted + take >= requests * (1 - 1e-12)) {
      // Everyone is in: the run ends when the last admission's last token is out.
      const end = lastAdmission + lastToken / h;
      if (i + 1 >= end) return result(Math.max(0, now - (i + 1 - end) * seconds));
    }
  }
  return result(now);
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
