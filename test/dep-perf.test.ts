// `perf --ep N`: attention data-parallel + expert-parallel (DEP) over N GPUs, on the real catalogs and calibration.
import { describe, expect, test } from 'vitest';
import { readCalibration } from '../src/calibration/file.ts';
import { servingLimits } from '../src/core/perf/calibration.ts';
import { depRank } from '../src/core/perf/dep.ts';
import { predictServing } from '../src/core/perf/serving.ts';
import { perfConstants } from '../src/core/perf/step.ts';
import { cli, engine, gpu, model } from './helpers.ts';

const CAL = readCalibration();
const ARGS = ['perf', '--model', 'deepseek-v3', '--gpu', 'h200-sxm-141gb', '--engine', 'trtllm', '--isl', '1024', '--osl', '1024'];

describe('llmplan perf --ep', () => {
  test('DEP8 at concurrency 512 is eight ranks at concurrency 64 each: latencies are a rank\'s, rates eight times a rank\'s', async () => {
    const r = await cli([...ARGS, '--ep', '8', '--concurrency', '512', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const target = { model: model('deepseek-v3'), gpu: gpu('h200-sxm-141gb'), tp: 1, ep: 8, weights: 'fp8' as const, kvDtype: 'bf16' as const, engine: 'trtllm' as const, efficiency: CAL.efficiency.trtllm };
    const limits = servingLimits({ ...target, isl: 1024, osl: 1024 }, engine('trtllm'));
    const rank = predictServing(target, { kind: 'concurrency', concurrency: 64 }, 1024, 1024, limits, perfConstants(target));
    expect(j.tensorParallel).toBe(1);
    expect(j.expertParallel).toBe(8);
    expect(j.gpus).toBe(8);
    expect(j.tpotSeconds).toBeCloseTo(rank.tpotSeconds, 12);
    expect(j.ttftSeconds).toBeCloseTo(rank.ttftSeconds, 12);
    expect(j.outputTokensPerSecond).toBeCloseTo(8 * rank.outputTokensPerSecond, 6);
    expect(j.outputTokensPerSecondPerGpu).toBeCloseTo(rank.outputTokensPerSecond, 6);
    expect(j.maxRequestsPerSecond).toBeCloseTo(8 * rank.maxRequestsPerSecond, 9);
  });

  test('each GPU holds every non-expert weight and 1/8 of the experts; the deployment holds eight such KV pools', async () => {
    const j = JSON.parse((await cli([...ARGS, '--ep', '8', '--concurrency', '64', '--json'])).stdout);
    const one = depRank({ model: model('deepseek-v3'), gpu: gpu('h200-sxm-141gb'), engine: engine('trtllm'), weights: 'fp8', kvDtype: 'bf16', ep: 8, contextTokens: 2048 });
    expect(one.kvCapacitySequences).toBeGreaterThan(0);
    expect(j.kvCapacitySequences).toBe(8 * one.kvCapacitySequences);
  });

  test('the throughput band is the one measured on the DEP rows (predicted, never fitted); TTFT and TPOT take the MoE band widened ×1.5', async () => {
    const j = JSON.parse((await cli([...ARGS, '--ep', '8', '--concurrency', '64', '--json'])).stdout);
    const dep = CAL.bands['throughput:dep']!;
    expect(dep.n).toBeGreaterThanOrEqual(8);
    const v = j.outputTokensPerSecond;
    expect(j.errorBand.outputTokensPerSecond.low).toBeCloseTo(v * Math.exp(Math.min(0, dep.logRatioP10)), 6);
    expect(j.errorBand.outputTokensPerSecond.high).toBeCloseTo(v * Math.exp(Math.max(0, dep.logRatioP90)), 6);
    const tpot = CAL.bands['tpot:moe'] ?? CAL.bands.tpot!;
    expect(j.errorBand.tpotSeconds.high).toBeCloseTo(j.tpotSeconds * Math.exp(Math.max(0, tpot.logRatioP90) * 1.5), 12);
    const human = (await cli([...ARGS, '--ep', '8', '--concurrency', '64'])).stdout;
    expect(human).toMatch(/DEP8: attention data-parallel at TP 1 on each GPU/);
    expect(human).toMatch(new RegExp(`throughput from the ${dep.n} DEP rows`));
    const moe = CAL.bands['throughput:moe']!;
    // Outside the MoE band, every DEP answer says it is experimental (issue 15); within it, it does not.
    expect(j.notes.some((n: string) => n.startsWith('experimental: DEP throughput misses'))).toBe(dep.medianApe > moe.medianApe);
  });

  test('the DEP note names the side of the DEP error the answer is on: MXFP4 experts (gpt-oss) or the other formats', async () => {
    const dep = CAL.bands['throughput:dep']!;
    const mx = CAL.bands['throughput:dep:mxfp4']!;
    const other = CAL.bands['throughput:dep:other']!;
    // The two sides split the DEP rows: every DEP row is on one side.
    expect(mx.n + other.n).toBe(dep.n);
    const pct = (b: { medianApe: number }) => `${(b.medianApe * 100).toFixed(0)}%`;
    const note = (j: { notes: string[] }) => j.notes.find((n) => n.startsWith('experimental: DEP')) ?? '';
    const moe = CAL.bands['throughput:moe']!;
    const deepseek = JSON.parse((await cli([...ARGS, '--ep', '8', '--concurrency', '64', '--json'])).stdout);
    // Within the MoE band there is no experimental note to name a side in.
    if (dep.medianApe <= moe.medianApe) return expect(note(deepseek)).toBe('');
    expect(note(deepseek)).toContain(`${pct(other)} on the ${other.n} with experts in other formats, as here; ${pct(mx)} on the ${mx.n} with MXFP4 experts`);
    const gptOss = JSON.parse((await cli(['perf', '--model', 'gpt-oss-120b', '--gpu', 'h100-sxm-80gb', '--engine', 'trtllm', '--isl', '1000', '--osl', '1000', '--ep', '4', '--concurrency', '64', '--json'])).stdout);
    expect(note(gptOss)).toContain(`${pct(mx)} on the ${mx.n} with MXFP4 experts (gpt-oss, too fast tensor-parallel as well), as here; ${pct(other)} on the ${other.n}`);
  });

  test('--emit-bench launches the DEP layout of the engine', async () => {
    const trt = JSON.parse((await cli([...ARGS, '--ep', '8', '--concurrency', '64', '--json', '--emit-bench'])).stdout).benchCommand;
    expect(trt).toMatch(/enable_attention_dp: true/);
    expect(trt).toMatch(/--tp_size 8 --ep_size 8/);
    const vllm = JSON.parse((await cli(['perf', '--model', 'deepseek-v3', '--gpu', 'h200-sxm-141gb', '--isl', '1024', '--osl', '1024', '--ep', '8', '--concurrency', '64', '--json', '--emit-bench'])).stdout).benchCommand;
    expect(vllm).toMatch(/--data-parallel-size 8 --enable-expert-parallel/);
  });

  test('bad combinations exit 2 with the reason, all at once', async () => {
    const dense = await cli(['perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--isl', '1024', '--osl', '256', '--concurrency', '8', '--ep', '2']);
    expect(dense.code).toBe(2);
    expect(dense.stderr).toMatch(/--ep.*dense: expert parallelism needs routed experts/);
    const uneven = await cli([...ARGS, '--ep', '3', '--tp', '2', '--concurrency', '8']);
    expect(uneven.code).toBe(2);
    expect(uneven.stderr).toMatch(/256 experts of deepseek-v3 do not spread evenly over 3 GPUs/);
    expect(uneven.stderr).toMatch(/use a divisor of 256: 2, 4, 8, 16, 32, 64/);
    expect(uneven.stderr).toMatch(/--tp.*TP 1 on each of the 3 GPUs, not TP 2/);
    const withDisagg = await cli([...ARGS, '--ep', '8', '--concurrency', '8', '--disagg', '1:1']);
    expect(withDisagg.code).toBe(2);
    expect(withDisagg.stderr).toMatch(/not modelled in a disaggregated deployment/);
    for (const bad of ['0', '1.5', '513']) expect((await cli([...ARGS, '--ep', bad, '--concurrency', '8'])).code).toBe(2);
  });

  test('a concurrency beyond the eight KV pools is refused with the largest that fits', async () => {
    const j = JSON.parse((await cli([...ARGS, '--ep', '8', '--concurrency', '8', '--json'])).stdout);
    const r = await cli([...ARGS, '--ep', '8', '--concurrency', String(j.kvCapacitySequences + 1)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`the largest concurrency that fits is ${j.kvCapacitySequences}`));
  });
});
