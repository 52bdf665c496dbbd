// `llmplan recommend`: the seeds' use cases, the search's invariants (the winner is the cheapest accepted candidate,
// every accepted candidate meets every target, the pruning bound is below every cost it prunes), and the launch.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { computeRecommendation, type RecommendQuery } from '../src/app/recommend.ts';
import type { RunContext } from '../src/app/context.ts';
import { loadScenarioPrices, tcoInput } from '../src/app/tco.ts';
import { growthFactors } from '../src/core/search/search.ts';
import { boundVariant, planningLengths, quickBound } from '../src/core/search/space.ts';
import { launchFor } from '../src/core/search/launch.ts';
import type { Candidate } from '../src/core/search/types.ts';
import { cli, engine, model } from './helpers.ts';

const AS_OF = '2026-11-23';
const ctx: RunContext = { argv: [], env: {}, cwd: process.cwd(), stdout: { write: () => true }, stderr: { write: () => true } };
const query = (q: Partial<RecommendQuery>): RecommendQuery => ({ top: 3, maxPriceAgeDays: 180, facility: 'own', asOf: AS_OF, ...q });

describe('seed 000 use cases', () => {
  test('use case 1, the chatbot on $10,000/month: a plan fits, and the output says why', async () => {
    const r = await cli(['recommend', '--scenario', 'scenarios/chatbot.yaml', '--as-of', AS_OF, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toBe('recommended');
    expect(j.recommendation.meetsEverything).toBe(true);
    expect(j.recommendation.peakMonthlyOperatingUsd).toBeLessThanOrEqual(10_000);
    // Every target of the scenario is reported with the prediction and its margin.
    expect(j.targets.map((t: { metric: string }) => t.metric)).toEqual(['ttft', 'e2e']);
    for (const t of j.targets) expect(t.predictedSeconds).toBeLessThanOrEqual(t.targetSeconds);
    const human = await cli(['recommend', '--scenario', 'scenarios/chatbot.yaml', '--as-of', AS_OF]);
    expect(human.stdout).toMatch(/^Recommendation \(chatbot/);
    expect(human.stdout).toMatch(/Budget: \$[\d,]+\/month at the busiest month vs \$10,000 budget/);
  });

  test('use case 5, on-prem with $30,000 capital: nothing fits (the seed\'s own build is $150,000), the closest and the change that would fit', async () => {
    const r = await cli(['recommend', '--scenario', 'scenarios/onprem-classification.yaml', '--as-of', AS_OF, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toBe('nothing-fits');
    expect(j.recommendation.kind).toBe('onprem');
    expect(j.recommendation.meetsEverything).toBe(false);
    expect(j.recommendation.misses.map((m: { code: string }) => m.code)).toEqual(['OVER_CAPITAL_BUDGET']);
    // Over the $30,000 budget, yet far below the seed's $150,000 (L1136): one A100 PCIe node, not four servers.
    expect(j.recommendation.capitalUsd).toBeGreaterThan(30_000);
    expect(j.recommendation.capitalUsd).toBeLessThan(150_000);
    // No hosted API and no cloud: the data stays on-premise.
    expect(j.rejections.byCode.ON_PREM_ONLY).toBeGreaterThan(0);
    const fit = j.levers.find((l: { id: string }) => l.id === 'budget');
    expect(fit.title).toContain(`a capital budget of $${Math.ceil(j.recommendation.capitalUsd).toLocaleString('en-US')}`);
  });
});

describe('the search', () => {
  // Flat traffic, one model, a latency target or two: generated and checked against the invariants.
  const scenarios = fc.record({
    model: fc.constantFrom('llama-3.1-8b', 'qwen3-32b', 'mistral-7b-v0.3'),
    rate: fc.constantFrom(0.5, 2, 8, 30),
    isl: fc.constantFrom(200, 1000, 3000),
    osl: fc.constantFrom(50, 200, 600),
    ttftP95: fc.option(fc.constantFrom(0.3, 1, 3), { nil: undefined }),
    e2eP95: fc.option(fc.constantFrom(5, 20, 60), { nil: undefined }),
    availability: fc.option(fc.constantFrom(0.99, 0.999), { nil: undefined }),
    budgetMonthly: fc.option(fc.constantFrom(2_000, 50_000), { nil: undefined }),
    region: fc.option(fc.constantFrom('us', 'eu').map((r) => [r]), { nil: undefined }),
  });

  test('the recommendation is never dearer than an accepted candidate; every accepted candidate meets every target and the budget; the bounds are below the costs', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (s) => {
        const o = await computeRecommendation(query(s), ctx);
        const r = o.result;
        const t = o.scenario.targets;
        for (const c of r.accepted) {
          expect(c.totalCostUsd).toBeGreaterThanOrEqual(r.recommendation!.totalCostUsd);
          if (c.predicted) {
            if (t.ttftP95Seconds !== null) expect(c.predicted.ttftSeconds).toBeLessThanOrEqual(t.ttftP95Seconds);
            if (t.e2eP95Seconds !== null) expect(c.predicted.e2eSeconds).toBeLessThanOrEqual(t.e2eP95Seconds);
          }
          if (s.budgetMonthly !== undefined) expect(c.peakMonthlyOperatingUsd).toBeLessThanOrEqual(s.budgetMonthly + 1e-6);
          for (const n of [c.monthlyCostUsd, c.totalCostUsd, c.capitalUsd]) expect(Number.isFinite(n)).toBe(true);
        }
        expect(r.recommendation === null).toBe(r.accepted.length === 0);
        // Pruning is only sound if no bound exceeds what the variant really costs.
        const tco = tcoInput(o.scenario, [], await loadScenarioPrices(ctx, o.scenario, o.catalog, AS_OF), AS_OF, { maxPriceAgeDays: 180, facility: 'own' });
        const growth = growthFactors(o.horizonMonths, o.scenario.horizon.monthlyGrowthRate);
        const len = planningLengths(o.scenario);
        for (const e of r.evaluated) {
          const v = { model: model(e.serving.modelId), gpu: o.catalog.gpus.find((g) => g.id === e.serving.gpuId)!, weights: e.serving.weights, kvDtype: e.serving.kvDtype, engine: engine(e.serving.engine) };
          const full = boundVariant(v, o.scenario, tco, o.calibration.efficiency, len, growth);
          const quick = quickBound(v, o.scenario, tco, len, growth);
          for (const kind of ['cloud', 'onprem'] as const) {
            const costs = e.options.filter((x) => x.kind === kind && x.eligible && x.totalCostUsd !== null).map((x) => x.totalCostUsd!);
            if (!costs.length) continue;
            const cheapest = Math.min(...costs);
            if (full.ok) expect((kind === 'cloud' ? full.lbCloudTotalUsd : full.lbOnpremTotalUsd) ?? 0).toBeLessThanOrEqual(cheapest * (1 + 1e-9));
            if (quick.ok) expect((kind === 'cloud' ? quick.lbCloudTotalUsd : quick.lbOnpremTotalUsd) ?? 0).toBeLessThanOrEqual(cheapest * (1 + 1e-9));
          }
        }
      }),
      { numRuns: 12, seed: 20261130 },
    );
  });

  test('runners-up differ from the winner in kind, model or GPU, and each says how much it is behind', async () => {
    const o = await computeRecommendation(query({ scenario: 'scenarios/chatbot.yaml' }), ctx);
    const win = o.result.recommendation!;
    const key = (c: Candidate) => `${c.kind}:${c.model}:${c.serving?.gpuId ?? ''}`;
    const keys = new Set([key(win)]);
    for (const { candidate, behind } of o.result.runnersUp) {
      expect(keys.has(key(candidate))).toBe(false);
      keys.add(key(candidate));
      expect(behind.code).toBe('OUTRANKED');
      expect(behind.args.extraTotalUsd).toBeCloseTo(candidate.totalCostUsd - win.totalCostUsd, 6);
    }
  });

  test('--model path/to/config.json: a Hugging Face config is imported for the run and searched like a catalog model', async () => {
    const o = await computeRecommendation(query({ model: 'test/fixtures/hf-configs/llama-3.1-8b.json', rate: 2, isl: 500, osl: 200, ttftP95: 1 }), ctx);
    expect(o.scenario.models).toEqual(['llama-3.1-8b']);
    expect(o.result.recommendation?.serving?.modelId ?? o.result.recommendation?.model).toBe('llama-3.1-8b');
  });

  test('an EU-only scenario gets no hosted API whose processing region is unknown', async () => {
    const o = await computeRecommendation(query({ model: 'llama-3.1-8b', rate: 2, isl: 500, osl: 200, ttftP95: 1, region: ['eu'] }), ctx);
    expect(o.result.accepted.every((c) => c.kind !== 'api')).toBe(true);
  });
});

describe('the launch', () => {
  const base: Candidate = {
    id: 'cloud:x', kind: 'cloud', label: 'x', model: 'llama-3.1-70b', offerId: null, region: null, purchase: 'on-demand',
    serving: { modelId: 'llama-3.1-70b', gpuId: 'h100-sxm-80gb', engine: 'vllm', weights: 'fp8', kvDtype: 'fp8', tensorParallel: 2 },
    monthlyCostUsd: 1, peakMonthlyOperatingUsd: 1, capitalUsd: 0, totalCostUsd: 1, costPerRequestUsd: null, costPerMillionTokensUsd: null,
    baseGpus: 2, peakGpus: 2, predicted: null, qualityRisk: 'low', oldestPrice: null, prices: [], notes: [],
  };
  const settings = { model: model('llama-3.1-70b'), engine: engine('vllm'), maxModelLenTokens: 4096, maxConcurrentSequences: 120, prefixCaching: true, replicaRequestsPerSecond: 1.5, inputTokensMean: 1000, outputTokensMean: 200 };

  test('vLLM: TP, max model length, memory fraction, fp8 KV and weights, prefix caching, max sequences; and the benchmark at the planned rate', () => {
    const l = launchFor(base, settings);
    expect(l.command).toBe('vllm serve meta-llama/Llama-3.1-70B --tensor-parallel-size 2 --max-model-len 4096 --gpu-memory-utilization 0.9 --kv-cache-dtype fp8 --quantization fp8 --enable-prefix-caching --max-num-seqs 120');
    expect(l.benchmarkCommand).toContain('--request-rate 1.5');
    expect(l.benchmarkCommand).toContain('--random-input-len 1000 --random-output-len 200');
  });

  test('SGLang and TensorRT-LLM name their own flags', () => {
    expect(launchFor({ ...base, serving: { ...base.serving!, engine: 'sglang' } }, { ...settings, engine: engine('sglang') }).command).toMatch(/^python -m sglang\.launch_server --model-path meta-llama\/Llama-3\.1-70B --tp 2 --context-length 4096 --mem-fraction-static [\d.]+ --kv-cache-dtype fp8_e4m3 --quantization fp8 --max-running-requests 120$/);
    expect(launchFor({ ...base, serving: { ...base.serving!, engine: 'trtllm' } }, { ...settings, engine: engine('trtllm') }).command).toMatch(/^trtllm-serve meta-llama\/Llama-3\.1-70B --tp_size 2 --max_seq_len 4096 --max_batch_size 120/);
  });

  test('an API: the model id and the way it is bought', () => {
    const l = launchFor({ ...base, kind: 'api', model: 'openai/gpt-4o-mini', serving: null, purchase: 'batch per-token' }, null);
    expect(l.command).toBe('openai API, model "gpt-4o-mini" through the batch endpoint');
    expect(l.benchmarkCommand).toBeNull();
  });
});
