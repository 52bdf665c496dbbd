// The loops issue 13 bounded by construction give the answers of the loops they replaced: each is checked against
// the straightforward version, kept here as the reference, on generated inputs small enough for it to run.
import { describe, expect, test } from 'vitest';
import { handEfficiency } from './factories.ts';
import fc from 'fast-check';
import { bestCommitMix } from '../src/core/cost/cloud.ts';
import { binomialAtMost, normalQuantile, spareReplicas } from '../src/core/capacity/queueing.ts';
import { chunkedPrefillSeconds, MAX_PREFILL_STEPS } from '../src/core/perf/serving.ts';
import { suggestSimilar, osaDistance } from '../src/core/did-you-mean.ts';
import { HOURS_PER_MONTH } from '../src/core/units.ts';

/** The exhaustive search over every committed count from the floor to the peak (the code before issue 13). */
function referenceCommitMix(n: readonly number[], flex: number, commit: number | null, floor = 0) {
  const peak = Math.max(0, ...n);
  const lo = commit === null ? 0 : Math.min(floor, peak);
  const hi = commit === null ? 0 : peak;
  const above = (c: number) => n.reduce((a, x) => a + Math.max(0, x - c), 0);
  let best = { c: lo, weekly: Infinity };
  for (let c = lo; c <= hi; c++) {
    const weekly = c * n.length * (commit ?? 0) + above(c) * flex;
    if (weekly < best.weekly - 1e-9) best = { c, weekly };
  }
  return { committed: best.c, monthlyUsd: (best.c * n.length * (commit ?? 0) + above(best.c) * flex) * (HOURS_PER_MONTH / n.length) };
}

describe('bestCommitMix searches the kinks only', () => {
  test('the same committed count and cost as the exhaustive search', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 168, maxLength: 168 }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.option(fc.double({ min: 0.05, max: 100, noNaN: true }), { nil: null }),
        fc.integer({ min: 0, max: 70 }),
        (n, flex, commit, floor) => {
          const got = bestCommitMix(n, flex, commit, floor);
          const want = referenceCommitMix(n, flex, commit, floor);
          expect(got.committed).toBe(want.committed);
          expect(got.monthlyUsd).toBeCloseTo(want.monthlyUsd, 6);
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });

  test('a billion instances an hour costs microseconds, not a histogram of a billion entries', () => {
    const n = Array.from({ length: 168 }, (_, h) => 1e9 + (h % 24) * 1e7);
    // A histogram of a billion entries would run out of memory or past the test's timeout; no wall-clock assertion.
    const mix = bestCommitMix(n, 2, 1.2, 0);
    expect(mix.committed).toBeGreaterThanOrEqual(1e9);
    expect(Number.isFinite(mix.monthlyUsd)).toBe(true);
  });
});

describe('spareReplicas starts its walk at a proven lower bound', () => {
  /** The walk from ⌈n·q⌉ up (the code before issue 13), for fleets large enough to take the normal branch. */
  function referenceSpares(needed: number, availability: number, q: number): number {
    const z = normalQuantile(availability);
    for (let k = Math.ceil(needed * q); ; k++) {
      const n = needed + k;
      if (k + 0.5 >= n * q + z * Math.sqrt(n * q * (1 - q))) return k;
    }
  }

  test('the same spares for every fleet and availability', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.constantFrom(0.9, 0.99, 0.999, 0.9999, 0.3), fc.constantFrom(0.005, 0.01, 0.05), (needed, availability, q) => {
        const got = spareReplicas(needed, availability, q);
        if (needed * q > 20) expect(got).toBe(referenceSpares(needed, availability, q));
        else expect(binomialAtMost(needed + got, got, q) >= availability || got === needed + 8).toBe(true);
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});

describe('chunkedPrefillSeconds', () => {
  /** One step per chunk (the code before issue 13). */
  function referencePrefill(tokens: number, chunk: number, step: (n: number, prefix: number) => number): number {
    let seconds = 0;
    for (let done = 0; done < tokens; ) {
      const n = Math.min(chunk, tokens - done);
      seconds += step(n, done + n / 2);
      done += n;
    }
    return seconds;
  }
  // A roofline-shaped step: fixed cost + per token, plus attention that turns compute-bound past a prefix.
  const step = (n: number, prefix: number) => 0.002 + n * 1e-5 + Math.max(0.004, n * prefix * 2e-10);

  test(`exact up to ${MAX_PREFILL_STEPS} chunks, within 1% beyond, in at most ${MAX_PREFILL_STEPS + 1} steps`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400_000 }), fc.integer({ min: 1, max: 16_384 }), (tokens, chunk) => {
        let calls = 0;
        const counted = (n: number, p: number) => (calls++, step(n, p));
        const got = chunkedPrefillSeconds(tokens, chunk, counted);
        const want = referencePrefill(tokens, chunk, step);
        if (Math.ceil(tokens / chunk) <= MAX_PREFILL_STEPS) expect(got).toBe(want);
        else expect(Math.abs(got - want) / want).toBeLessThan(0.01);
        expect(calls).toBeLessThanOrEqual(MAX_PREFILL_STEPS + 1);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  test('a 10M-token prompt in 1-token chunks is 16 steps, not 10 million', () => {
    let calls = 0;
    chunkedPrefillSeconds(10_485_760, 1, () => (calls++, 1));
    expect(calls).toBe(MAX_PREFILL_STEPS);
  });
});

describe('did-you-mean skips candidates whose length rules them out', () => {
  test('the same suggestions as comparing with every candidate', () => {
    const reference = (word: string, candidates: string[]) => {
      let best = 3;
      let found: string[] = [];
      for (const c of new Set(candidates)) {
        const d = osaDistance(word.toLowerCase(), c.toLowerCase());
        const length = Math.max(word.length, c.length);
        if ((length - d) / length <= 0.4) continue;
        if (d < best) [best, found] = [d, [c]];
        else if (d === best) found.push(c);
      }
      return found.slice(0, 3);
    };
    fc.assert(
      fc.property(fc.string({ maxLength: 14 }), fc.array(fc.string({ maxLength: 14 }), { maxLength: 30 }), (word, candidates) => {
        expect(suggestSimilar(word, candidates)).toEqual(reference(word, candidates));
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  test('a 100,000-character word is compared with nothing it cannot be near', () => {
    // An edit-distance table of 100,000 × 12 per candidate would still finish; what is checked is that the length
    // gap rules the word out before any comparison (the answer), and the test's timeout catches a quadratic walk.
    expect(suggestSimilar('x'.repeat(100_000), ['llama-3.1-8b', 'h100-sxm-80gb'])).toEqual([]);
  });
});

describe('runStats: any finite run has a finite answer that physics allows', () => {
  test('generated runs (bursts and paced, 1 to 10⁹ requests, prompts past the budget, rates far past capacity): finite, not faster than its sending nor (prompts within the budget) than the replica, its mean batch within its requests and slots', async () => {
    const { runStats, predictServing } = await import('../src/core/perf/serving.ts');
    const { perfConstants } = await import('../src/core/perf/step.ts');
    const { gpu, model } = await import('./helpers.ts');
    const eff = handEfficiency({ stepOverheadSeconds: 0.003 });
    const t = { model: model('llama-3.1-8b'), gpu: gpu('h100-sxm-80gb'), tp: 1, weights: 'bf16' as const, kvDtype: 'bf16' as const, engine: 'trtllm' as const, efficiency: eff };
    const k = perfConstants(t);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.option(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { nil: null }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 4_000 }),
        fc.integer({ min: 1, max: 2_048 }),
        fc.integer({ min: 256, max: 16_384 }),
        fc.integer({ min: 0, max: 1 }),
        (requests, rate, isl, osl, cap, budget, lag) => {
          const limits = { kvCapacitySequences: cap, maxBatchSequences: 4096, maxBatchedTokens: budget, schedulerLagSteps: lag };
          const run = runStats(t, k, requests, isl, osl, limits, cap, rate ?? Infinity);
          for (const v of [run.seconds, run.ttftSeconds, run.itlSeconds, run.meanDecoding]) expect(Number.isFinite(v) && v >= 0).toBe(true);
          // The last request is sent at about N / rate; the run ends after it.
          if (rate !== null) expect(run.seconds).toBeGreaterThanOrEqual(((requests - 1) / rate) * (1 - 1e-6));
          // No run outpaces the replica at its slot cap by more than the steady state's join wait (half a step and the
          // overlap scheduler's step on every request, which a burst sent at a step's start does not pay) and fluid
          // slack: 15%, more for answers of a few tokens, where that wait is a large part of a request's time. Prompts
          // longer than the token budget are left out of this one: the steady state prefills them beside its batch
          // less one, the run beside whatever holds the slots then (up to 16% apart at two slots).
          const full = predictServing(t, { kind: 'max-load' }, isl, osl, limits, k);
          if (isl <= budget) expect(requests / run.seconds).toBeLessThanOrEqual(full.maxRequestsPerSecond * (osl >= 32 ? 1.15 : 1.6));
          expect(run.meanDecoding).toBeLessThanOrEqual(Math.min(requests, cap) * (1 + 1e-9));
        },
      ),
      { numRuns: 120, seed: 15 },
    );
  });
});
