// Disaggregated prefill/decode serving (core/perf/disagg.ts): facts checkable by hand on the real catalogs.
import { describe, expect, test } from 'vitest';
import { readCalibration } from '../src/calibration/file.ts';
import { servingLimits } from '../src/core/perf/calibration.ts';
import { decodeBatchAtRate, disaggPools, kvTransfer, kvTransferBytes, predictDisagg, prefillQueueSeconds, type DisaggShape, type DisaggTargets } from '../src/core/perf/disagg.ts';
import { perfConstants, stepTime, type PerfTarget } from '../src/core/perf/step.ts';
import { cli, engine, gpu, model } from './helpers.ts';
import { planDisagg } from '../src/core/capacity/disagg-plan.ts';
import { DEFAULT_RELIABILITY, planOption, type PlanInput } from '../src/core/capacity/replicas.ts';
import { spareReplicas } from '../src/core/capacity/queueing.ts';
import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../src/core/units.ts';
import { isBusinessHour, makePlanInput } from './factories.ts';
import { poolPlan } from '../src/core/search/disagg.ts';

const EFFICIENCY = readCalibration().efficiency;

function targets(modelId: string, gpuId: string, prefillTp: number, decodeTp: number, isl: number, osl: number): DisaggTargets {
  const base = { model: model(modelId), gpu: gpu(gpuId), weights: 'bf16' as const, kvDtype: 'bf16' as const, engine: 'vllm' as const, efficiency: EFFICIENCY.vllm };
  const prefill: PerfTarget = { ...base, tp: prefillTp };
  const decode: PerfTarget = { ...base, tp: decodeTp };
  const limits = (tp: number, o: number) => servingLimits({ model: base.model, gpu: base.gpu, tp, weights: 'bf16', kvDtype: 'bf16', engine: 'vllm', isl, osl: o }, engine('vllm'));
  return { prefill, decode, prefillConstants: perfConstants(prefill), decodeConstants: perfConstants(decode), prefillLimits: limits(prefillTp, 1), decodeLimits: limits(decodeTp, osl) };
}

describe('KV transfer', () => {
  test('Llama-3.1-8B bf16: 1,024 tokens × 131,072 B = 134,217,728 B', () => {
    expect(kvTransferBytes(model('llama-3.1-8b'), 'bf16', 1024)).toBe(1024 * 131072);
  });
  test('N tokens × kvBytesPerToken over min(TP) NVLinks × link efficiency on H100 (450 GB/s per direction)', () => {
    const h100 = gpu('h100-sxm-80gb');
    const t = kvTransfer(model('llama-3.1-8b'), h100, 'bf16', 1024, { prefillTp: 2, decodeTp: 1 }, 0.5);
    expect(t.path).toBe('nvlink');
    expect(h100.link.bytesPerSecondPerDirection).toBe(450e9);
    expect(t.bytesPerSecond).toBe(450e9 * 1 * 0.5);
    expect(t.seconds).toBeCloseTo((1024 * 131072) / 225e9, 12);
  });
  test('a pair wider than the NVLink domain of a GPU without a published PCIe rate cannot be costed: it says why', () => {
    expect(() => kvTransfer(model('llama-3.1-8b'), gpu('b200-180gb'), 'bf16', 1024, { prefillTp: 8, decodeTp: 8 }, 1)).toThrow(/exceed the 8-GPU NVLink domain of b200-180gb and its PCIe bandwidth is not published/);
  });
  test('a pair wider than the NVLink domain goes over PCIe', () => {
    const h100 = gpu('h100-sxm-80gb');
    const t = kvTransfer(model('llama-3.1-8b'), h100, 'bf16', 1024, { prefillTp: 8, decodeTp: 8 }, 1);
    expect(t.path).toBe('pcie');
    expect(t.bytesPerSecond).toBe(h100.pcieBytesPerSecondPerDirection! * 8);
  });
});

describe('pools', () => {
  const isl = 1024;
  const osl = 256;
  const x = targets('llama-3.1-8b', 'h100-sxm-80gb', 1, 1, isl, osl);
  const shape: DisaggShape = { prefillInstances: 1, decodeInstances: 3, prefillTp: 1, decodeTp: 1 };

  test('a pure-decode pool: TPOT is the decode-only step at the decode batch', () => {
    const p = predictDisagg(x, shape, { kind: 'rate', requestsPerSecond: 5 }, isl, osl);
    expect(p.tpotSeconds).toBeCloseTo(stepTime(x.decode, x.decodeConstants, p.decode.batch, isl + osl / 2, 0, 0).seconds, 12);
    expect(p.decode.step.seconds).toBeCloseTo(p.tpotSeconds, 12);
  });
  // vLLM's overlap (async) scheduler plans one step ahead (catalogs/engines.yaml): lag 1.
  const lag = x.decodeLimits.schedulerLagSteps;
  test('the batch on a decode instance is Little\'s law: (λ / yD) × (transfer + (osl + lag) × step), the lag being the step an overlap scheduler runs before releasing a request', () => {
    expect(lag).toBe(1);
    const p = predictDisagg(x, shape, { kind: 'rate', requestsPerSecond: 5 }, isl, osl);
    expect(p.decode.batch).toBeCloseTo((5 / 3) * (p.kvTransfer.seconds + (osl + lag) * p.tpotSeconds), 3);
  });
  test('TTFT = server cost + prefill queue + prefill + KV transfer + the first decode step, after the one already planned', () => {
    const p = predictDisagg(x, shape, { kind: 'rate', requestsPerSecond: 5 }, isl, osl);
    expect(p.ttftSeconds).toBeCloseTo(EFFICIENCY.vllm.requestOverheadSeconds + p.prefill.queueSeconds + p.prefill.soloSeconds + p.kvTransfer.seconds + (1 + lag) * p.tpotSeconds, 12);
    expect(p.e2eSeconds).toBeCloseTo(p.ttftSeconds + (osl - 1) * p.tpotSeconds, 12);
  });
  test('the deployment sustains the smaller of the two pools\' rates; throughput per GPU counts both pools', () => {
    const pools = disaggPools(x, shape, isl, osl);
    expect(pools.maxRequestsPerSecond).toBe(Math.min(pools.prefillMax, pools.decodeMax));
    expect(pools.prefillMax).toBeCloseTo(1 / pools.prefill.workSecondsPerRequest, 9);
    expect(pools.decodeMax).toBeCloseTo(3 * pools.decode.maxRequestsPerSecond, 9);
    const p = predictDisagg(x, shape, { kind: 'rate', requestsPerSecond: 5 }, isl, osl);
    expect(p.gpus).toBe(4);
    expect(p.outputTokensPerSecond).toBeCloseTo(5 * osl, 9);
    expect(p.prefill.utilisation).toBeCloseTo(5 / pools.prefillMax, 12);
    expect(p.decode.utilisation).toBeCloseTo(5 / pools.decodeMax, 12);
  });
  test('prompts shorter than the token budget batch: ⌊budget / isl⌋ prompts a step', () => {
    const pools = disaggPools(x, shape, isl, osl);
    expect(pools.prefill.promptsPerStep).toBe(Math.floor(x.prefillLimits.maxBatchedTokens / isl));
  });
  test('a closed loop of C clients: rate × (TTFT + (osl − 1) × TPOT) = C', () => {
    const p = predictDisagg(x, shape, { kind: 'concurrency', concurrency: 64 }, isl, osl);
    expect(p.requestsPerSecond * p.e2eSeconds).toBeCloseTo(64, 3);
  });
  test('a rate at or beyond the smaller pool\'s maximum is flagged saturated', () => {
    const pools = disaggPools(x, shape, isl, osl);
    expect(predictDisagg(x, shape, { kind: 'rate', requestsPerSecond: pools.maxRequestsPerSecond }, isl, osl).saturated).toBe(true);
    expect(predictDisagg(x, shape, { kind: 'rate', requestsPerSecond: pools.maxRequestsPerSecond * 0.5 }, isl, osl).saturated).toBe(false);
  });
  test('M/D/1 mean wait: ρ 0.5, w 1 s → 0.5 s; infinite at ρ 1', () => {
    expect(prefillQueueSeconds(0.5, 1)).toBeCloseTo(0.5, 12);
    expect(prefillQueueSeconds(1, 1)).toBe(Number.POSITIVE_INFINITY);
  });
  test('decodeBatchAtRate inverts rate = B / hold(B)', () => {
    const pools = disaggPools(x, shape, isl, osl);
    const b = decodeBatchAtRate(pools.decode, 2);
    expect(b / pools.decode.holdSeconds(b)).toBeCloseTo(2, 4);
  });
});

describe('llmplan perf --disagg', () => {
  const args = ['perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--isl', '1024', '--osl', '256'];
  test('--json: both pools, the KV transfer, per-GPU throughput over both pools\' GPUs', async () => {
    const r = await cli([...args, '--rate', '5', '--disagg', '1:3', '--decode-tp', '2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.deployment).toBe('disaggregated');
    expect(j.disaggregated.gpus).toBe(1 * 1 + 3 * 2);
    expect(j.disaggregated.prefill).toMatchObject({ instances: 1, tensorParallel: 1 });
    expect(j.disaggregated.decode).toMatchObject({ instances: 3, tensorParallel: 2 });
    expect(j.outputTokensPerSecondPerGpu).toBeCloseTo(j.outputTokensPerSecond / 7, 9);
    expect(j.disaggregated.kvTransfer.bytes).toBe(1024 * 131072);
    expect(j.disaggregated.kvTransfer.path).toBe('nvlink');
    expect(j.tier).toBe('extrapolated');
    expect(j.requestsPerSecond).toBeCloseTo(5, 9);
  });
  test('aggregated perf --json says so and carries disaggregated: null', async () => {
    const j = JSON.parse((await cli([...args, '--concurrency', '4', '--json'])).stdout);
    expect(j.deployment).toBe('aggregated');
    expect(j.disaggregated).toBeNull();
  });
  test('the human table names the pools, their utilisation and the KV transfer', async () => {
    const r = await cli([...args, '--concurrency', '32', '--disagg', '1:2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/disaggregated 1P:2D/);
    expect(r.stdout).toMatch(/prefill .*1 × 1/);
    expect(r.stdout).toMatch(/KV transfer: 128\.0 MiB a request over NVLink/);
  });
  test.each([
    [['--rate', '5', '--disagg', '1'], /--disagg must be prefill:decode instances/],
    [['--rate', '5', '--disagg', '0:1'], /--disagg must be a positive whole number \(got "0"\)/],
    [['--rate', '5', '--disagg', '1:2:3'], /--disagg must be prefill:decode instances/],
    [['--rate', '5', '--prefill-tp', '2'], /--prefill-tp .*needs --disagg/],
    [['--rate', '5', '--disagg', '1:1', '--decode-tp', '3'], /--decode-tp .*does not divide/],
    [['--rate', '500', '--disagg', '1:1'], /exceeds what 1P:1D serves.*prefill pool saturates first/],
    [['--concurrency', '100000', '--disagg', '1:1'], /do not fit in the KV caches of 1 decode instance/],
    [['--rate', '5', '--disagg', '1:1', '--emit-bench'], /--emit-bench .*no disaggregated form/],
  ])('bad input %j → exit 2 with a clear message', async (extra, message) => {
    const r = await cli([...args, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

/** test/factories.ts makePlanInput (business hours at 20 req/s) with a TPOT target instead of an end-to-end one. */
const planInput = (over: Partial<PlanInput> = {}): PlanInput => makePlanInput({ targets: { ttftP95Seconds: 1, tpotP95Seconds: 0.03, e2eP95Seconds: null }, ...over });

describe('plan: two pools sized for every hour', () => {
  test('an hour with zero traffic needs only the floor: one instance of each pool plus spares for √ of the availability target', () => {
    const d = planDisagg(planInput());
    expect(d.feasible).toBe(true);
    // Monday 02:00: no traffic in it or in the hour after it (no scale-ahead).
    const h = d.hourly[2]!;
    expect(h.arrivalRequestsPerSecond).toBe(0);
    const q = (tp: number) => Math.max(DEFAULT_RELIABILITY.instanceUnavailability, (tp * DEFAULT_RELIABILITY.repairHours) / DEFAULT_RELIABILITY.gpuMtbfHours);
    expect(h.prefillInstances).toBe(1 + spareReplicas(1, Math.sqrt(0.999), q(d.prefill!.tensorParallel)));
    expect(h.decodeInstances).toBe(1 + spareReplicas(1, Math.sqrt(0.999), q(d.decode!.tensorParallel)));
    const none = planDisagg(planInput({ availability: null }));
    expect([none.hourly[2]!.prefillInstances, none.hourly[2]!.decodeInstances]).toEqual([1, 1]);
  });
  test('GPU-hours a month = Σ hourly (prefill instances × TP + decode instances × TP) × 730 / 168', () => {
    const d = planDisagg(planInput());
    for (const h of d.hourly) expect(h.gpus).toBe(h.prefillInstances * d.prefill!.tensorParallel + h.decodeInstances * d.decode!.tensorParallel);
    expect(d.gpuHoursPerMonth).toBeCloseTo(d.hourly.reduce((s, h) => s + h.gpus, 0) * (HOURS_PER_MONTH / HOURS_PER_WEEK), 6);
    expect(d.baseGpuHoursPerMonth).toBeCloseTo(d.baseGpus * HOURS_PER_MONTH, 6);
  });
  test('at capacity the p95s meet the targets; the peak hour needs more instances than the night', () => {
    const d = planDisagg(planInput());
    expect(d.atCapacityP95!.ttftSeconds).toBeLessThanOrEqual(1);
    expect(d.atCapacityP95!.tpotSeconds).toBeLessThanOrEqual(0.03);
    // The pools are sized for the busiest hour: instances × capacity ≥ the rate; at 200 req/s both pools grow by day.
    const peak = d.hourly.find((h) => h.arrivalRequestsPerSecond === 20)!;
    expect(peak.prefillInstances * d.prefill!.instanceCapacityRequestsPerSecond).toBeGreaterThanOrEqual(20);
    expect(peak.decodeInstances * d.decode!.instanceCapacityRequestsPerSecond).toBeGreaterThanOrEqual(20);
    const busy = planDisagg(planInput({ hourlyRequestsPerSecond: Array.from({ length: HOURS_PER_WEEK }, (_, h) => (isBusinessHour(h) ? 200 : 0)), peakRequestsPerSecond: 200 }));
    expect(busy.prefill!.peakInstances).toBeGreaterThan(busy.prefill!.minInstances);
    expect(busy.decode!.peakInstances).toBeGreaterThan(busy.decode!.minInstances);
  });
  test('an end-to-end target is split between the pools: TTFT p95 + (p95 output − 1) × TPOT p95 ≤ the target', () => {
    const d = planDisagg(planInput({ targets: { ttftP95Seconds: null, tpotP95Seconds: null, e2eP95Seconds: 5 } }));
    expect(d.feasible).toBe(true);
    expect(d.atCapacityP95!.e2eSeconds).toBeLessThanOrEqual(5 + 1e-9);
  });
  test('a TPOT target no decode step meets makes the option infeasible with the decode pool named', () => {
    const d = planDisagg(planInput({ targets: { ttftP95Seconds: 1, tpotP95Seconds: 0.0001, e2eP95Seconds: null } }));
    expect(d.feasible).toBe(false);
    expect(d.infeasibleReason).toMatch(/^decode pool: TPOT p95/);
  });
  test('long prompts under a tight TPOT: the disaggregated 70B plan needs fewer GPU-hours than the aggregated one', () => {
    // Prompts joining decode steps make aggregated TPOT miss 30 ms at small batches; decode-only steps do not.
    const input = planInput({ model: model('llama-3.1-70b'), lengths: { inputMean: 8000, outputMean: 300, inputP95: 12000, outputP95: 500 }, targets: { ttftP95Seconds: 3, tpotP95Seconds: 0.03, e2eP95Seconds: null }, peakRequestsPerSecond: 25, hourlyRequestsPerSecond: Array(HOURS_PER_WEEK).fill(19) });
    const agg = planOption(input).plan;
    const d = planDisagg(input);
    expect(agg.feasible && d.feasible).toBe(true);
    expect(d.gpuHoursPerMonth).toBeLessThan(agg.gpuHoursPerMonth);
  });
});

describe('llmplan plan --compare-disagg', () => {
  test('--json carries disaggregated on each option with the flag, and not without it', async () => {
    const args = ['plan', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80gb', '--json'];
    const without = JSON.parse((await cli(args)).stdout);
    expect(without.options.every((o: Record<string, unknown>) => !('disaggregated' in o))).toBe(true);
    const r = await cli([...args, '--compare-disagg']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const o of j.options) {
      expect(o.disaggregated.feasible).toBe(true);
      expect(o.disaggregated.hourly).toHaveLength(168);
    }
  });
  test('the table shows both pools and the GPU-hours of each deployment side by side', async () => {
    const r = await cli(['plan', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80gb', '--compare-disagg']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Disaggregated alternative \(--compare-disagg\)/);
    expect(r.stdout).toMatch(/GPU-h\/month/);
    expect(r.stdout).toMatch(/option\(s\) need fewer GPU-hours disaggregated/);
  });
  test('an embedding scenario has no decode phase: disaggregated is null', async () => {
    const j = JSON.parse((await cli(['plan', '--scenario', 'scenarios/semantic-search.yaml', '--gpu', 'h100-sxm-80gb', '--compare-disagg', '--json'])).stdout);
    expect(j.options.filter((o: { skipped: string | null }) => o.skipped === null).every((o: { disaggregated: unknown }) => o.disaggregated === null)).toBe(true);
  });
});

describe('llmplan recommend --compare-disagg', () => {
  const oneShot = ['recommend', '--model', 'llama-3.1-70b', '--rate', '19', '--isl', '8000', '--osl', '300', '--ttft-p95', '3', '--tpot-p95', '0.03', '--gpu', 'h100-sxm-80gb', '--as-of', '2026-11-23', '--json'];
  test('without the flag no candidate is disaggregated', async () => {
    const j = JSON.parse((await cli(oneShot)).stdout);
    expect(j.recommendation.disaggregated).toBeUndefined();
    expect(JSON.stringify(j)).not.toMatch(/:disagg"/);
  });
  test('long prompts under a tight TPOT: the disaggregated deployment wins, cheaper than the aggregated winner', async () => {
    const agg = JSON.parse((await cli(oneShot)).stdout).recommendation;
    const r = await cli([...oneShot, '--compare-disagg']);
    expect(r.code).toBe(0);
    const win = JSON.parse(r.stdout).recommendation;
    const d = win.disaggregated;
    expect(win.id).toMatch(/:disagg$/);
    expect(win.totalCostUsd).toBeLessThan(agg.totalCostUsd);
    // A flat rate: every hour has the peak's instances, so the GPUs are the two pools' instances × TP.
    expect(win.peakGpus).toBe(d.prefillPeakInstances * d.prefillTensorParallel + d.decodePeakInstances * d.decodeTensorParallel);
    expect(win.serving.tensorParallel).toBe(d.decodeTensorParallel);
    expect(win.predictedP95.tpotSeconds).toBeLessThanOrEqual(0.03);
    expect(win.predictedP95.ttftSeconds).toBeLessThanOrEqual(3);
  });
});

describe('pricing a disaggregated plan as two pools', () => {
  test('each pool is a capacity plan: its instances are the replicas, instances × its TP the GPUs; the load part is what grows', () => {
    const input = planInput();
    const d = planDisagg(input);
    const agg = planOption(input).plan;
    for (const pool of ['prefill', 'decode'] as const) {
      const p = poolPlan(agg, d, pool);
      const tp = d[pool]!.tensorParallel;
      expect(p.gpusPerReplica).toBe(tp);
      p.hourly.forEach((h, i) => {
        const dh = d.hourly[i]!;
        expect(h.replicas).toBe(pool === 'prefill' ? dh.prefillInstances : dh.decodeInstances);
        expect(h.replicasForLoad).toBe(pool === 'prefill' ? dh.prefillInstancesForLoad : dh.decodeInstancesForLoad);
        expect(h.gpus).toBe(h.replicas * tp);
      });
      expect(p.requestsPerMonth).toBe(agg.requestsPerMonth);
    }
    // Both pools' GPU-hours add up to the disaggregated plan's.
    expect(poolPlan(agg, d, 'prefill').gpuHoursPerMonth + poolPlan(agg, d, 'decode').gpuHoursPerMonth).toBeCloseTo(d.gpuHoursPerMonth, 6);
  });
});
