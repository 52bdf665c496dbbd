// The capacity planner (core/capacity/replicas.ts, core/capacity/queueing.ts): queueing facts checkable by hand, the p95 model
// against a discrete-event simulation of continuous batching, and invariants of the weekly plan.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readCalibration } from '../src/calibration/file.ts';
import { servingLimits } from '../src/core/perf/calibration.ts';
import { planScenario } from '../src/core/capacity/scenario.ts';
import { p95AtRate, planOption, type PlanInput } from '../src/core/capacity/replicas.ts';
import { perfConstants, stepTime, type PerfConstants, type PerfTarget } from '../src/core/perf/step.ts';
import { binomialAtMost, erlangC, erlangWaitQuantile, poissonQuantile, md1WaitQuantile, spareReplicas } from '../src/core/capacity/queueing.ts';
import { predictServing, runStats, type ServingLimits } from '../src/core/perf/serving.ts';

/** A burst run's seconds: `runStats` with every request sent at once, its latencies not worked out. */
const burstRunSeconds = (...a: [PerfTarget, PerfConstants, number, number, number, ServingLimits, number]) => runStats(...a, Infinity, false).seconds;
import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../src/core/units.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { makePlanInput, handEfficiency } from './factories.ts';
import { engine, gpu, model } from './helpers.ts';

const EFFICIENCY = readCalibration().efficiency;

describe('queueing: textbook values', () => {
  test.each([0.1, 0.5, 0.9])('Erlang C with one server is rho (M/M/1: P(wait) = %s)', (rho) => {
    expect(erlangC(1, rho * 3, 3)).toBeCloseTo(rho, 12);
  });
  test('Erlang C: c=2, a=1 → 1/3; c=3, a=2 → 4/9', () => {
    // C = (a^c/c!)·c/(c−a) / (Σ_{k<c} a^k/k! + (a^c/c!)·c/(c−a)): (1/2·2)/(1+1+1) = 1/3; (8/6·3)/(1+2+2+4) = 4/9.
    expect(erlangC(2, 1, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(3, 2, 1)).toBeCloseTo(4 / 9, 12);
  });
  test('Erlang C is 1 at or beyond saturation', () => {
    expect(erlangC(4, 4, 1)).toBe(1);
    expect(erlangC(4, 5, 1)).toBe(1);
  });
  test('M/M/1 wait quantile: rho 0.5, mu 1 → P(W > t) = 0.5·e^(−t/2) = 0.05 at t = 2 ln 10', () => {
    expect(erlangWaitQuantile(1, 0.5, 1, 0.95)).toBeCloseTo(2 * Math.log(10), 12);
    // P(wait) = 0.04 ≤ 5%: the 95th percentile arrival does not wait at all.
    expect(erlangWaitQuantile(1, 0.04, 1, 0.95)).toBe(0);
  });
  test('M/D/1 wait quantile: ρ 0.5, w 1 s → γ = 1.2564 (0.5·(e^γ − 1) = γ), t95 = ln 10 / γ = 1.833 s; none below ρ 5%', () => {
    expect(md1WaitQuantile(0.5, 1, 0.95)).toBeCloseTo(Math.log(10) / 1.25643, 3);
    // Deterministic service waits less than exponential service at the same load (M/M/1: ln 10 / 0.5 = 4.6 s).
    expect(md1WaitQuantile(0.5, 1, 0.95)).toBeLessThan(erlangWaitQuantile(1, 0.5, 1, 0.95));
    expect(md1WaitQuantile(0.04, 1, 0.95)).toBe(0);
    expect(md1WaitQuantile(1.2, 1, 0.95)).toBe(Number.POSITIVE_INFINITY);
  });
  test('poissonQuantile: exact below 30, normal approximation above', () => {
    // Poisson(1) CDF: 0.368, 0.736, 0.920, 0.981 → the 95th percentile is 3.
    expect(poissonQuantile(1, 0.95)).toBe(3);
    expect(poissonQuantile(1, 0.9)).toBe(2);
    expect(poissonQuantile(0, 0.95)).toBe(0);
    // Poisson(100): ceil(100 + 1.645 × 10) = 117, which is also the exact 95th percentile.
    expect(poissonQuantile(100, 0.95)).toBe(117);
  });
  test('binomialAtMost: (1−q)^n with no spare, 1 − q² for one spare of two, 1 when all may fail', () => {
    expect(binomialAtMost(3, 0, 0.1)).toBeCloseTo(0.729, 12);
    expect(binomialAtMost(2, 1, 0.1)).toBeCloseTo(0.99, 12);
    expect(binomialAtMost(5, 5, 0.3)).toBeCloseTo(1, 12);
  });
  test('spareReplicas: N+1 for one replica at 99.9% with 0.5% downtime; none without a target', () => {
    // k = 0: 0.995 < 0.999; k = 1: 1 − 0.005² = 0.999975 ≥ 0.999.
    expect(spareReplicas(1, 0.999, 0.005)).toBe(1);
    expect(spareReplicas(1, 0, 0.005)).toBe(0);
    expect(spareReplicas(0, 0.999, 0.005)).toBe(0);
    // 0.99 is met by one replica that is down 0.5% of the time.
    expect(spareReplicas(1, 0.99, 0.005)).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Discrete-event simulation of one replica doing continuous batching, on the same step model (perf.ts stepTime).
// Poisson arrivals; at each step boundary arrivals join the batch (at most `cap` running, the rest queue FIFO);
// a step carries one token for every decoding request plus prompt tokens of requests still in prefill, up to
// maxBatchedTokens in all (vLLM's chunked prefill: decodes first, prompts fill the rest of the token budget).
// The step that finishes a prompt emits its first token; a request leaves after OSL tokens. With an overlap
// scheduler (limits.schedulerLagSteps 1) step n + 1 is planned when step n starts: it admits only the requests that
// had arrived by then, and a request that finished in step n still decodes (a discarded token) in step n + 1.

/** mulberry32: a 32-bit seeded PRNG (public domain, Tommy Ettinger), deterministic across platforms. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SimRequest {
  arrival: number;
  prefilled: number;
  generated: number;
  first: number;
  last: number;
  /** Finished, but an overlap scheduler has already planned it into the next step. */
  done: boolean;
}

interface SimResult {
  ttftP95Seconds: number;
  tpotP95Seconds: number;
  meanDecodeBatch: number;
  meanStepSeconds: number;
}

const quantile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

function simulate(t: PerfTarget, k: PerfConstants, limits: ServingLimits, isl: number, osl: number, lambda: number, requests: number, seed: number): SimResult {
  const rand = prng(seed);
  const gap = () => -Math.log(1 - rand()) / lambda;
  const cap = Math.max(1, Math.min(limits.kvCapacitySequences, limits.maxBatchSequences));
  const all: SimRequest[] = [];
  const queue: SimRequest[] = [];
  let batch: SimRequest[] = [];
  let now = 0;
  // When the step under way was planned: an overlap scheduler plans the next step as this one starts.
  let plannedAt = 0;
  const lag = limits.schedulerLagSteps;
  let nextArrival = gap();
  let finished = 0;
  let steps = 0;
  let decodeSum = 0;
  let busySeconds = 0;
  while (finished < requests) {
    while (all.length < requests && nextArrival <= now) {
      const r = { arrival: nextArrival, prefilled: 0, generated: 0, first: 0, last: 0, done: false };
      all.push(r);
      queue.push(r);
      nextArrival += gap();
    }
    // An idle engine plans nothing ahead; a busy overlap scheduler planned this step when the last one started.
    const admitBy = lag > 0 && batch.length > 0 ? plannedAt : now;
    while (batch.length < cap && queue.length > 0 && queue[0]!.arrival <= admitBy) batch.push(queue.shift()!);
    if (batch.length === 0) {
      now = Math.max(now, queue[0]?.arrival ?? nextArrival);
      continue;
    }
    plannedAt = now;
    const decoding = batch.filter((r) => r.prefilled >= isl);
    let budget = limits.maxBatchedTokens - decoding.length;
    const chunks: Array<[SimRequest, number]> = [];
    let prefillTokens = 0;
    let prefillPrefixSum = 0;
    for (const r of batch) {
      if (budget <= 0) break;
      if (r.prefilled >= isl) continue;
      const n = Math.min(budget, isl - r.prefilled);
      chunks.push([r, n]);
      budget -= n;
      prefillTokens += n;
      prefillPrefixSum += n * (r.prefilled + n / 2);
    }
    const decodeContext = decoding.length ? decoding.reduce((s, r) => s + isl + r.generated, 0) / decoding.length : 0;
    const dt = stepTime(t, k, decoding.length, decodeContext, prefillTokens, prefillTokens ? prefillPrefixSum / prefillTokens : 0).seconds;
    now += dt;
    busySeconds += dt;
    steps++;
    decodeSum += decoding.length;
    for (const r of decoding) r.generated++;
    for (const [r, n] of chunks) {
      r.prefilled += n;
      if (r.prefilled >= isl) {
        r.generated = 1;
        r.first = now;
      }
    }
    // A request finished in an earlier step has now run the step an overlap scheduler had planned for it: it leaves.
    batch = batch.filter((r) => !r.done);
    for (const r of batch) if (r.generated >= osl) (r.last = now), finished++, (r.done = true);
    // Without overlap a request leaves after its last token.
    if (lag === 0) batch = batch.filter((r) => !r.done);
  }
  // Drop the first and last 10%: the empty start and the drain after the last arrival.
  const measured = all.slice(Math.floor(requests * 0.1), Math.floor(requests * 0.9));
  return {
    ttftP95Seconds: quantile(measured.map((r) => r.first - r.arrival + t.efficiency.requestOverheadSeconds), 0.95),
    tpotP95Seconds: quantile(measured.map((r) => (r.last - r.first) / Math.max(1, osl - 1)), 0.95),
    meanDecodeBatch: decodeSum / steps,
    meanStepSeconds: busySeconds / steps,
  };
}

function setup(modelId: string, gpuId: string, tp: number, isl: number, osl: number) {
  const m = model(modelId);
  const g = gpu(gpuId);
  const t: PerfTarget = { model: m, gpu: g, tp, weights: 'bf16', kvDtype: 'bf16', engine: 'vllm', efficiency: EFFICIENCY.vllm };
  const k = perfConstants(t);
  const limits = servingLimits({ model: m, gpu: g, tp, weights: 'bf16', kvDtype: 'bf16', engine: 'vllm', isl, osl }, engine('vllm'));
  const maxRps = predictServing(t, { kind: 'max-load' }, isl, osl, limits, k).maxRequestsPerSecond;
  return { t, k, limits, maxRps };
}

/**
 * Tolerance 25%: four seeds of 3,000 requests move the simulated p95s by ≤ 5% at 30-60% load and by up to 15%
 * at 85% (slow batch fluctuations near saturation); the rest covers the model's stated simplifications (a
 * Poisson batch quantile, a mean step-boundary wait). A p95 model further off than that misplaces the replica
 * count by one or more at the binding target.
 *
 * The current table (analytic vs DES for every case and load) is in docs/capacity.md §2;
 * `LLMPLAN_DES_REPORT=1 npx vitest run test/capacity.test.ts -t report` prints it for the current model.
 *
 * A case outside the tolerance would be listed in KNOWN_GAPS and run as `test.fails`; none is today.
 */
const DES_CASES = [
  { name: 'llama-3.1-8b on 1 × h100-sxm-80gb, 500/200', modelId: 'llama-3.1-8b', gpuId: 'h100-sxm-80gb', tp: 1, isl: 500, osl: 200 },
  { name: 'llama-3.1-8b on 1 × h100-sxm-80gb, 2000/300', modelId: 'llama-3.1-8b', gpuId: 'h100-sxm-80gb', tp: 1, isl: 2000, osl: 300 },
  { name: 'llama-3.1-70b on 4 × h100-sxm-80gb, 500/200', modelId: 'llama-3.1-70b', gpuId: 'h100-sxm-80gb', tp: 4, isl: 500, osl: 200 },
];
const LOADS = [0.3, 0.6, 0.85];
const TOLERANCE = 0.25;
// Measured 2026-12-01 with vLLM's overlap scheduler (one step planned ahead) in both the model and the simulation:
// TPOT within 12%; TTFT within 14% up to 60% load and 12-22% optimistic at 85% (docs/capacity.md §2).
const KNOWN_GAPS = new Set<string>([]);

describe('p95AtRate against a discrete-event simulation of continuous batching', () => {
  const cache = new Map<string, { sim: SimResult; ttft: number; tpot: number; meanBatch: number }>();
  const compare = (c: (typeof DES_CASES)[number], load: number) => {
    const key = `${c.name} @ ${load}`;
    let hit = cache.get(key);
    if (!hit) {
      const { t, k, limits, maxRps } = setup(c.modelId, c.gpuId, c.tp, c.isl, c.osl);
      const lambda = load * maxRps;
      const sim = simulate(t, k, limits, c.isl, c.osl, lambda, 3000, 42);
      const a = p95AtRate(t, k, limits, { inputMean: c.isl, outputMean: c.osl, inputP95: c.isl, outputP95: c.osl }, lambda);
      hit = { sim, ttft: a.ttftSeconds, tpot: a.tpotSeconds, meanBatch: a.meanBatch };
      cache.set(key, hit);
    }
    return hit;
  };
  // LLMPLAN_DES_REPORT=1 prints the table above for the current model and calibration.
  if (process.env.LLMPLAN_DES_REPORT) {
    test('report', () => {
      const ms = (s: number) => `${(s * 1000).toPrecision(3)} ms`;
      const pct = (a: number, s: number) => `${a >= s ? '+' : '−'}${Math.round(Math.abs(a / s - 1) * 100)}%`;
      const rows = DES_CASES.flatMap((c) =>
        LOADS.map((load) => {
          const r = compare(c, load);
          return `| ${c.name} | ${Math.round(load * 100)}% | ${ms(r.sim.ttftP95Seconds)} | ${ms(r.ttft)} | ${pct(r.ttft, r.sim.ttftP95Seconds)} | ${ms(r.sim.tpotP95Seconds)} | ${ms(r.tpot)} | ${pct(r.tpot, r.sim.tpotP95Seconds)} | ${r.sim.meanDecodeBatch.toFixed(1)} / ${r.meanBatch.toFixed(1)} |`;
        }),
      );
      console.log(rows.join('\n'));
    });
  }
  for (const c of DES_CASES) {
    for (const load of LOADS) {
      for (const metric of ['ttft', 'tpot'] as const) {
        const name = `${c.name} @ ${Math.round(load * 100)}% ${metric}`;
        const run = KNOWN_GAPS.has(name) ? test.fails : test;
        run(`${name}: analytic p95 within ${TOLERANCE * 100}% of the simulated p95`, () => {
          const r = compare(c, load);
          const [sim, analytic] = metric === 'ttft' ? [r.sim.ttftP95Seconds, r.ttft] : [r.sim.tpotP95Seconds, r.tpot];
          expect(Math.abs(analytic / sim - 1)).toBeLessThanOrEqual(TOLERANCE);
        });
      }
    }
  }

  test('the simulation itself: an idle replica gives overhead + one prefill step, with no wait', () => {
    const { t, k, limits } = setup('llama-3.1-8b', 'h100-sxm-80gb', 1, 500, 200);
    // 0.01 req/s with 10 s lifetimes of ~2 s: requests almost never overlap.
    const sim = simulate(t, k, limits, 500, 200, 0.01, 400, 7);
    const prefill = stepTime(t, k, 0, 0, 500, 250).seconds;
    expect(sim.ttftP95Seconds).toBeCloseTo(t.efficiency.requestOverheadSeconds + prefill, 3);
    expect(sim.tpotP95Seconds).toBeCloseTo(stepTime(t, k, 1, 500 + 100, 0, 0).seconds, 3);
  });

  test('the simulation agrees with Little\'s law: mean decode batch ≈ λ × (osl − 1) × mean step', () => {
    const { t, k, limits, maxRps } = setup('llama-3.1-8b', 'h100-sxm-80gb', 1, 500, 200);
    const sim = simulate(t, k, limits, 500, 200, 0.3 * maxRps, 3000, 42);
    // Every request decodes (osl − 1) steps, so the mean decode batch per step is λ × (osl − 1) × the mean step.
    const little = 0.3 * maxRps * 199 * sim.meanStepSeconds;
    expect(Math.abs(sim.meanDecodeBatch / little - 1)).toBeLessThan(0.1);
  });

  // The model's p95 should never sit below its own mean: a quantile above the median is at least the mean here.
  test('p95AtRate TTFT is at least the mean TTFT predictServing gives at the same rate (85% load)', () => {
    const { t, k, limits, maxRps } = setup('llama-3.1-8b', 'h100-sxm-80gb', 1, 500, 200);
    const lambda = 0.85 * maxRps;
    const mean = predictServing(t, { kind: 'rate', requestsPerSecond: lambda }, 500, 200, limits, k).ttftSeconds;
    const p95 = p95AtRate(t, k, limits, { inputMean: 500, outputMean: 200, inputP95: 500, outputP95: 200 }, lambda).ttftSeconds;
    expect(p95).toBeGreaterThanOrEqual(mean);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The weekly plan.

/** Business hours (Mon-Fri 09-17) at 20 req/s, nothing at night or at weekends (test/factories.ts). */
const planInput = makePlanInput;

describe('planOption: the weekly replica curve', () => {
  test('hourly replicas × GPUs per replica × 730/168 sum to gpuHoursPerMonth; base + variable = total', () => {
    for (const input of [planInput(), planInput({ model: model('llama-3.1-70b'), peakRequestsPerSecond: 30 })]) {
      const { plan } = planOption(input);
      expect(plan.feasible).toBe(true);
      expect(plan.hourly).toHaveLength(HOURS_PER_WEEK);
      const replicaHours = plan.hourly.reduce((s, h) => s + h.replicas, 0);
      expect(plan.hourly.every((h) => h.gpus === h.replicas * plan.gpusPerReplica)).toBe(true);
      expect(replicaHours * plan.gpusPerReplica * (HOURS_PER_MONTH / HOURS_PER_WEEK)).toBeCloseTo(plan.gpuHoursPerMonth, 6);
      expect(plan.baseGpuHoursPerMonth + plan.variableGpuHoursPerMonth).toBeCloseTo(plan.gpuHoursPerMonth, 6);
      expect(plan.baseGpuHoursPerMonth).toBeCloseTo(plan.minReplicas * plan.gpusPerReplica * HOURS_PER_MONTH, 6);
    }
  });

  test('does not fit at the TP asked: the reason names the settings it fits with (Qwen3-32B, one H100, 32k)', () => {
    const lengths = { inputMean: 20_000, outputMean: 1_000, inputP95: 30_720, outputP95: 2_048 };
    const { plan } = planOption(planInput({ model: model('qwen3-32b'), tp: 1, lengths }));
    expect(plan.feasible).toBe(false);
    expect(plan.binding).toBe('memory');
    expect(plan.infeasibleReason).toContain('a 32768-token sequence does not fit 1 × h100-sxm-80gb; it fits with --memory-fraction 0.91');
    expect(plan.infeasibleReason).toContain('--kv-dtype fp8');
    expect(plan.infeasibleReason).toContain('at most 888 concurrent sequences (--max-num-seqs 888)');
    expect(plan.infeasibleReason).toContain('a context of at most 31,536 tokens (--max-model-len 31536)');
  });

  test('70B needs more than one GPU per replica: the TP the plan picks is one that fits', () => {
    const { plan } = planOption(planInput({ model: model('llama-3.1-70b') }));
    expect(plan.gpusPerReplica).toBeGreaterThanOrEqual(2);
    expect(plan.tensorParallel).toBe(plan.gpusPerReplica);
  });

  test('zero traffic at night still keeps one replica (plus its spare) when alwaysOn', () => {
    const { plan } = planOption(planInput());
    const night = plan.hourly.filter((h) => h.arrivalRequestsPerSecond === 0);
    expect(night.length).toBeGreaterThan(100);
    expect(night.every((h) => h.replicasForLoad === 1)).toBe(true);
    expect(plan.minReplicas).toBeGreaterThanOrEqual(1);
  });

  test('without alwaysOn and availability, idle hours have no replica', () => {
    const { plan } = planOption(planInput({ alwaysOn: false, availability: null, scaleAhead: false }));
    for (const h of plan.hourly) expect(h.replicas > 0).toBe(h.arrivalRequestsPerSecond > 0);
  });

  test('replicas never decrease when the availability target rises (0.99 → 0.999 → 0.9999)', () => {
    const plans = [0.99, 0.999, 0.9999].map((a) => planOption(planInput({ availability: a })).plan);
    for (let i = 1; i < plans.length; i++) {
      plans[i]!.hourly.forEach((h, j) => expect(h.replicas).toBeGreaterThanOrEqual(plans[i - 1]!.hourly[j]!.replicas));
      expect(plans[i]!.redundancyReplicas).toBeGreaterThanOrEqual(plans[i - 1]!.redundancyReplicas);
    }
    expect(plans[2]!.gpuHoursPerMonth).toBeGreaterThan(plans[0]!.gpuHoursPerMonth);
  });

  test('scale-ahead: each hour has at least the next hour\'s replicas for the load', () => {
    const { plan } = planOption(planInput());
    plan.hourly.forEach((h, i) => expect(h.replicas).toBeGreaterThanOrEqual(plan.hourly[(i + 1) % HOURS_PER_WEEK]!.replicasForLoad));
  });

  test('a 1 ms TTFT target cannot be met: feasible false, with the reason', () => {
    const { plan } = planOption(planInput({ targets: { ttftP95Seconds: 0.001, tpotP95Seconds: null, e2eP95Seconds: null } }));
    expect(plan.feasible).toBe(false);
    expect(plan.binding).toBe('ttft');
    expect(plan.infeasibleReason).toMatch(/TTFT p95 .* misses the target/);
    expect(plan.hourly).toEqual([]);
    expect(plan.gpuHoursPerMonth).toBe(0);
  });

  test('batch work (throughputOnly) has replicas only in the window hours', () => {
    // 20:00-24:00 every day.
    const window = (h: number) => h % 24 >= 20;
    const hourly = Array.from({ length: HOURS_PER_WEEK }, (_, h) => (window(h) ? 5 : 0));
    const { plan } = planOption(
      planInput({ hourlyRequestsPerSecond: hourly, peakRequestsPerSecond: 5, availability: null, alwaysOn: false, scaleAhead: false, throughputOnly: true, targets: { ttftP95Seconds: 0.001, tpotP95Seconds: null, e2eP95Seconds: null } }),
    );
    // Latency targets do not apply to batch work: the 1 ms TTFT above is ignored.
    expect(plan.feasible).toBe(true);
    expect(plan.binding).toBe('deadline');
    for (const h of plan.hourly) expect(h.replicas > 0).toBe(window(h.hourOfWeek));
    expect(plan.minReplicas).toBe(0);
    expect(plan.baseGpuHoursPerMonth).toBe(0);
  });

  test('the shipped batch scenario (content-generation) plans replicas only from 20:00 to midnight', async () => {
    const file = 'scenarios/content-generation.yaml';
    const s = await loadScenario(readFileSync(file, 'utf8'), file);
    const [o] = planScenario(s, { models: [model('llama-3.1-8b')], gpus: [gpu('h100-sxm-80gb')], engine: engine('vllm'), efficiency: EFFICIENCY });
    expect(o!.plan.feasible).toBe(true);
    for (const h of o!.plan.hourly) expect(h.replicas > 0).toBe(h.hourOfWeek % 24 >= 20);
  });
});

describe('an overlap scheduler plans one step ahead', () => {
  const { t, k, limits } = setup('llama-3.1-8b', 'h100-sxm-80gb', 1, 500, 200);
  const at = (lag: number, concurrency: number) => predictServing(t, { kind: 'concurrency', concurrency }, 500, 200, { ...limits, schedulerLagSteps: lag }, k);
  test('a request holds its slot for TTFT + (osl − 1 + lag) steps: Little\'s law C = rate × that, with and without the lag', () => {
    for (const lag of [0, 1]) {
      const p = at(lag, 16);
      expect(p.requestsPerSecond * (p.ttftSeconds + (199 + lag) * p.tpotSeconds)).toBeCloseTo(16, 6);
    }
  });
  test('one client: the lag adds one step to TTFT (the step planned before the prompt arrived), the rest is the same prefill', () => {
    const [p0, p1] = [at(0, 1), at(1, 1)];
    // TTFT = front + prefill + (1/2 + lag) × step; the prefill beside < 1 decoding sequence barely differs.
    expect(p1.ttftSeconds - p1.tpotSeconds * 1.5).toBeCloseTo(p0.ttftSeconds - p0.tpotSeconds * 0.5, 3);
    expect(p1.ttftSeconds).toBeGreaterThan(p0.ttftSeconds + 0.9 * p0.tpotSeconds);
  });
});

// A finite run simulated step by step with whole prompts, against which the fluid model (runStats) is checked: requests
// are sent at Poisson times at `rate` (exponential gaps from a seeded generator; all at t = 0 for a burst), as the
// benchmark clients do; each step admits the prompts sent by its start, in order, while a slot
// is free and the token budget left by the decodes holds a whole prompt; a prompt prefills in its admission step (its
// first token comes at that step's end), decodes osl − 1 steps, and holds its slot `lag` steps more. An idle engine
// waits for the next request.
function simulateRun(t: PerfTarget, k: PerfConstants, n: number, isl: number, osl: number, limits: ServingLimits, cap: number, rate = Infinity, seed = 1): { seconds: number; ttftSeconds: number; itlSeconds: number } {
  const uniform = prng(seed);
  const times: number[] = [];
  for (let j = 0, at = 0; j < n; j++) {
    times.push(Number.isFinite(rate) ? at : 0);
    at += -Math.log(1 - uniform()) / rate;
  }
  const sentAt = (j: number) => times[j]!;
  const running: { decode: number; slot: number }[] = [];
  let next = 0;
  let now = 0;
  let lastToken = 0;
  let ttftSum = 0;
  let gapSum = 0;
  let gaps = 0;
  for (let guard = 0; guard < 1e7 && (next < n || running.some((r) => r.decode > 0)); guard++) {
    for (let i = running.length - 1; i >= 0; i--) if (running[i]!.slot <= 0) running.splice(i, 1);
    const decodes = running.filter((r) => r.decode > 0).length;
    let tokens = limits.maxBatchedTokens - running.length;
    let admit = 0;
    while (next + admit < n && sentAt(next + admit) <= now && running.length + admit < cap && tokens >= isl) {
      admit++;
      tokens -= isl;
    }
    if (running.length === 0 && admit === 0) {
      now = Math.max(now, sentAt(next));
      continue;
    }
    const step = stepTime(t, k, running.length, isl + osl / 2, admit * isl, isl / 2).seconds;
    now += step;
    gapSum += decodes * step;
    gaps += decodes;
    for (const r of running) {
      if (r.decode > 0 && --r.decode === 0) lastToken = now;
      r.slot--;
    }
    for (let a = 0; a < admit; a++) {
      ttftSum += now - sentAt(next + a);
      running.push({ decode: osl - 1, slot: osl - 1 + limits.schedulerLagSteps });
      if (osl - 1 === 0) lastToken = now;
    }
    next += admit;
  }
  return { seconds: lastToken, ttftSeconds: ttftSum / n, itlSeconds: gaps > 0 ? gapSum / gaps : 0 };
}

describe('a burst: every request arrives at once', () => {
  // TensorRT-LLM v0.14 under Triton, 500 requests at QPS=INF (perf-overview.md @258c7540): Llama-3.1-70B on 4 × H100
  // gives a mean TTFT of 9,123 ms at 467/256 and 9,126 ms at 467/16: the first token waits for the prompts ahead of it,
  // not for the decoding, so the output length does not matter (the engine's cap, trtllm-build's 2,048, holds all 500).
  const eff = handEfficiency({ stepOverheadSeconds: 0.003 });
  const t: PerfTarget = { model: model('llama-3.1-8b'), gpu: gpu('h100-sxm-80gb'), tp: 1, weights: 'bf16', kvDtype: 'bf16', engine: 'trtllm', efficiency: eff };
  const k = perfConstants(t);
  const limits: ServingLimits = { kvCapacitySequences: 100_000, maxBatchSequences: 2048, maxBatchedTokens: 8192, schedulerLagSteps: 0 };

  test('request i gets its first token when the i prompts ahead of it are prefilled: about half of prefilling all N', () => {
    // 500 × 467 = 233,500 prompt tokens, 17 whole prompts (7,939 tokens) a step beside the decodes: 30 steps.
    const sim = simulateRun(t, k, 500, 467, 16, limits, 2048);
    const ttft = predictServing(t, { kind: 'burst', requests: 500 }, 467, 16, limits, k).ttftSeconds;
    expect(Math.abs(ttft / sim.ttftSeconds - 1)).toBeLessThan(0.05);
    const prefillAll = Math.ceil(500 / 17) * stepTime(t, k, 250, 475, 17 * 467, 467 / 2).seconds;
    expect(ttft / prefillAll).toBeGreaterThan(0.45);
    expect(ttft / prefillAll).toBeLessThan(0.6);
  });

  test('the prefill queue sets TTFT whatever the output length, and it grows with the prompt: 467/16 and 467/256 alike, 202-token prompts between 202/467 and 0.6 of it', () => {
    const ttft = (isl: number, osl: number) => predictServing(t, { kind: 'burst', requests: 500 }, isl, osl, limits, k).ttftSeconds;
    // The decoding sequences attend to longer contexts at 467/256, and more of them decode while the queue drains.
    expect(Math.abs(ttft(467, 256) / ttft(467, 16) - 1)).toBeLessThan(0.1);
    // Shorter prompts drain sooner (published: 4,482 of 9,126 ms); the per-step costs do not shrink with them.
    expect(ttft(202, 214)).toBeLessThan(0.6 * ttft(467, 16));
    expect(ttft(202, 214)).toBeGreaterThan((202 / 467) * ttft(467, 16));
  });

  test('past the slot cap, a long answer makes the later requests wait for a slot: about half the run for half of them', () => {
    // 2,000 requests of 100/4,000 tokens with 256 slots: each slot turns over once per ~4,000 steps, 7.8 times.
    const capped: ServingLimits = { ...limits, maxBatchSequences: 256 };
    const burst = predictServing(t, { kind: 'burst', requests: 2000 }, 100, 4000, capped, k);
    const run = 2000 / burst.requestsPerSecond;
    expect(burst.ttftSeconds / run).toBeGreaterThan(0.4);
    expect(burst.ttftSeconds / run).toBeLessThan(0.5);
    const sim = simulateRun(t, k, 2000, 100, 4000, capped, 256);
    expect(Math.abs(burst.ttftSeconds / sim.ttftSeconds - 1)).toBeLessThan(0.05);
  });
});

describe('a finite run: its throughput, TTFT and inter-token latency are those of N requests, ramp-up and drain included', () => {
  const eff = handEfficiency({ stepOverheadSeconds: 0.003 });
  const t: PerfTarget = { model: model('llama-3.1-8b'), gpu: gpu('h100-sxm-80gb'), tp: 1, weights: 'bf16', kvDtype: 'bf16', engine: 'trtllm', efficiency: eff };
  const k = perfConstants(t);

  test.each([
    ['a burst of 2.3 waves of 256 slots, the budget admits 16 prompts a step', 600, 256, 500, 200, Infinity],
    ['a burst of 500 prompts that all fit: the queue drains in ~30 steps while the first ones decode', 500, 2048, 467, 256, Infinity],
    ['500 requests at 2/s: TTFT is about one prefill step and half of the step under way', 500, 2048, 467, 256, 2],
    ['500 requests at 2/s of 467/16: the engine idles three quarters of the time, so an arrival seldom waits for a step', 500, 2048, 467, 16, 2],
    ['500 requests at 20/s: ~80 in flight after a ramp-up of ~4 s', 500, 2048, 467, 256, 20],
    ['500 requests at 40/s: ~450 in flight at the end of sending, the steps near the token budget', 500, 2048, 467, 256, 40],
    ['3,000 requests at 300/s past what 64 slots serve: the queue grows while they are sent, then drains', 3000, 64, 128, 64, 300],
  ])('%s: run time within 5%%, TTFT and inter-token latency within 10%% of the step-by-step run', (_name, n, cap, isl, osl, rate) => {
    const limits: ServingLimits = { kvCapacitySequences: cap, maxBatchSequences: 4096, maxBatchedTokens: 8192, schedulerLagSteps: 0 };
    const fluid = runStats(t, k, n, isl, osl, limits, cap, rate);
    // Four Poisson runs (one for a burst: nothing random), averaged.
    const runs = [1, 2, 3, 4].slice(0, Number.isFinite(rate) ? 4 : 1).map((seed) => simulateRun(t, k, n, isl, osl, limits, cap, rate, seed));
    const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
    const sim = { seconds: mean((r) => r.seconds), ttftSeconds: mean((r) => r.ttftSeconds), itlSeconds: mean((r) => r.itlSeconds) };
    expect(Math.abs(fluid.seconds / sim.seconds - 1)).toBeLessThan(0.05);
    expect(Math.abs(fluid.ttftSeconds / sim.ttftSeconds - 1)).toBeLessThan(0.1);
    expect(Math.abs(fluid.itlSeconds / sim.itlSeconds - 1)).toBeLessThan(0.1);
  });

  test('a long run paced below capacity has the steady state\'s inter-token latency and TTFT, and its throughput is the pace', () => {
    const limits: ServingLimits = { kvCapacitySequences: 2048, maxBatchSequences: 2048, maxBatchedTokens: 8192, schedulerLagSteps: 0 };
    for (const rate of [4, 20]) {
      const run = predictServing(t, { kind: 'run', requests: 5000 * (rate / 4), requestsPerSecond: rate }, 467, 256, limits, k);
      const steady = predictServing(t, { kind: 'rate', requestsPerSecond: rate }, 467, 256, limits, k);
      expect(Math.abs(run.tpotSeconds / steady.tpotSeconds - 1)).toBeLessThan(0.05);
      // Both wait out a length-biased step and share their own with the prompts sent meanwhile (poissonJoin).
      expect(Math.abs(run.ttftSeconds / steady.ttftSeconds - 1)).toBeLessThan(0.05);
    }
    const run = predictServing(t, { kind: 'run', requests: 5000, requestsPerSecond: 4 }, 467, 256, limits, k);
    // 5,000 requests sent over 1,250 s, the last answered a few seconds later.
    expect(run.requestsPerSecond / 4).toBeGreaterThan(0.99);
    expect(run.requestsPerSecond / 4).toBeLessThanOrEqual(1);
  });
});

describe('a burst run: its throughput is N answers over the time until the last is out', () => {
  // runStats is a fluid model; simulateRun is the same scheduler run step by step with whole prompts.
  const eff = handEfficiency({ stepOverheadSeconds: 0.003 });
  const t: PerfTarget = { model: model('llama-3.1-8b'), gpu: gpu('h100-sxm-80gb'), tp: 1, weights: 'bf16', kvDtype: 'bf16', engine: 'trtllm', efficiency: eff };
  const k = perfConstants(t);
  test.each([
    ['2.3 waves of 256 slots, the budget admits 16 prompts a step', 600, 256, 500, 200, 8192, 0],
    ['the same under an overlap scheduler (slots held a step longer)', 600, 256, 500, 200, 8192, 1],
    ['fewer requests than slots: one wave of 100, the budget admits 2 prompts a step', 100, 1000, 2000, 300, 4096, 0],
    ['a budget that binds before the slots: 1,000 tokens a step for 2,000 slots', 3000, 2000, 500, 300, 1000, 0],
    ['47 waves of 64 short requests (repeated lifetimes are not simulated again)', 3000, 64, 128, 64, 8192, 0],
  ])('%s: within 2.5%% of the step-by-step simulation', (_name, n, cap, isl, osl, budget, lag) => {
    const limits: ServingLimits = { kvCapacitySequences: cap, maxBatchSequences: 4096, maxBatchedTokens: budget, schedulerLagSteps: lag };
    const fluid = burstRunSeconds(t, k, n, isl, osl, limits, cap);
    const steps = simulateRun(t, k, n, isl, osl, limits, cap).seconds;
    expect(Math.abs(fluid / steps - 1)).toBeLessThan(0.025);
  });

  test('one request: its prefill step, then osl − 1 decode steps of one sequence', () => {
    const limits: ServingLimits = { kvCapacitySequences: 100, maxBatchSequences: 100, maxBatchedTokens: 8192, schedulerLagSteps: 0 };
    const byHand = stepTime(t, k, 0, 0, 1000, 500).seconds + 99 * stepTime(t, k, 1, 1050, 0, 0).seconds;
    expect(burstRunSeconds(t, k, 1, 1000, 100, limits, 100) / byHand).toBeCloseTo(1, 1);
  });

  test('many waves approach the steady rate at the cap from below; a finite run is never faster than it', () => {
    const limits: ServingLimits = { kvCapacitySequences: 128, maxBatchSequences: 4096, maxBatchedTokens: 8192, schedulerLagSteps: 0 };
    const steady = predictServing(t, { kind: 'max-load' }, 1000, 1000, limits, k).requestsPerSecond;
    const run = (n: number) => n / burstRunSeconds(t, k, n, 1000, 1000, limits, 128);
    expect(run(128 * 2)).toBeLessThan(run(128 * 20));
    expect(run(128 * 20) / steady).toBeGreaterThan(0.9);
    expect(run(128 * 20) / steady).toBeLessThan(1.05);
  });

  test('bounded work: a billion requests is a few hundred step times, and a finite answer', () => {
    const limits: ServingLimits = { kvCapacitySequences: 64, maxBatchSequences: 4096, maxBatchedTokens: 8192, schedulerLagSteps: 1 };
    const s = burstRunSeconds(t, k, 1e9, 128, 64, limits, 64);
    expect(Number.isFinite(s) && s > 0).toBe(true);
    // Each request holds a slot ≥ 65 steps of ≥ 3 ms: 1e9 / 64 × 65 × 3 ms at least.
    expect(s).toBeGreaterThan((1e9 / 64) * 65 * 0.003);
  });
});

test('a burst whose decodes take the whole token budget admits nothing until one finishes, and stays finite', async () => {
  const run = burstRunSeconds;
  const eff = handEfficiency({ stepOverheadSeconds: 0.003 });
  const t: PerfTarget = { model: model('llama-3.1-8b'), gpu: gpu('h100-sxm-80gb'), tp: 1, weights: 'bf16', kvDtype: 'bf16', engine: 'trtllm', efficiency: eff };
  // A 4-token budget and 8 slots for 1-token prompts: the decodes of 4 sequences use all of it.
  const limits: ServingLimits = { kvCapacitySequences: 8, maxBatchSequences: 8, maxBatchedTokens: 4, schedulerLagSteps: 0 };
  const s = run(t, perfConstants(t), 1000, 1, 64, limits, 8);
  expect(Number.isFinite(s) && s > 0).toBe(true);
});
