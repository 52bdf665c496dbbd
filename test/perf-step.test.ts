// The roofline step model (core/perf/step.ts): facts checkable by hand against datasheets and model configs.
import { describe, expect, test } from 'vitest';
import { handEfficiency } from './factories.ts';
import { mixedStep } from '../src/core/perf/serving.ts';
import { expectedMaxOfNormals, expertLoadImbalance, expertParallelProblems, expertsTouched, expertTileFill, gatheredEmbeddingBytes, kvAttentionSeconds, peakFlops, perfConstants, stepTime } from '../src/core/perf/step.ts';
import { countParameters } from '../src/core/memory/parameters.ts';
import { cli, gpu, model } from './helpers.ts';

describe('peak of the matmuls by weight format', () => {
  test('NVFP4 (W4A4) runs at the FP4 peak on B200: 9 PFLOP/s dense', () => {
    expect(peakFlops(gpu('b200-180gb'), 'nvfp4')).toEqual({ flopsPerSecond: 9000e12, precision: 'fp4' });
  });
  test('MXFP4 meets MXFP8 activations on Blackwell (W4A8): the FP8 peak, 4.5 PFLOP/s on B200, not FP4', () => {
    expect(peakFlops(gpu('b200-180gb'), 'mxfp4')).toEqual({ flopsPerSecond: 4500e12, precision: 'fp8' });
  });
  test('MXFP4 on Hopper is weight-only (W4A16): the bf16 peak, 989.4 TFLOP/s on H100 SXM, not its FP8 peak', () => {
    expect(peakFlops(gpu('h100-sxm-80gb'), 'mxfp4')).toEqual({ flopsPerSecond: 989.4e12, precision: 'bf16' });
  });
  test('an MXFP4 checkpoint quantises only its experts: on B200 gpt-oss-120b\'s attention projections and lm_head run at the bf16 peak (2.25 PFLOP/s), its experts at the FP8 peak (4.5)', () => {
    const t = { model: model('gpt-oss-120b'), gpu: gpu('b200-180gb'), tp: 1, weights: 'mxfp4' as const, kvDtype: 'fp8' as const, engine: 'trtllm' as const, efficiency: handEfficiency() };
    const k = perfConstants(t);
    const ceiling = t.gpu.matmulCeiling.fraction;
    expect(k.flopsPerSecond).toBeCloseTo(4500e12 * ceiling, -6);
    expect(k.sixteenBitFlopsPerSecond).toBeCloseTo(2250e12 * ceiling, -6);
    // 36 layers × (q 2880×4096 + k, v 2880×512 + o 4096×2880, with biases) + lm_head 2880 × 201,088 + norms and routers.
    const p = countParameters(t.model.architecture);
    expect(k.sixteenBitParams).toBe(p.activePerToken - k.activeExpertParams);
    expect(k.sixteenBitParams).toBeGreaterThan(36 * (2880 * 4096 * 2 + 2880 * 512 * 2) + 2880 * 201088);
    expect(k.sixteenBitParams).toBeLessThan(1.6e9);
    // Formats that quantise every linear have no separate 16-bit share; on Hopper both rates are the bf16 peak.
    expect(perfConstants({ ...t, model: model('llama-3.3-70b'), weights: 'nvfp4' }).sixteenBitParams).toBe(0);
    const hopper = perfConstants({ ...t, gpu: gpu('h100-sxm-80gb'), kvDtype: 'bf16' });
    expect(hopper.sixteenBitFlopsPerSecond).toBe(hopper.flopsPerSecond);
  });
  test('so a compute-bound B200 step of gpt-oss-120b takes longer by the bf16 matmuls\' extra half: 2 × sixteenBitParams × rows / (bf16 peak × ceiling × mfu) − the same at the FP8 peak', () => {
    const t = { model: model('gpt-oss-120b'), gpu: gpu('b200-180gb'), tp: 1, weights: 'mxfp4' as const, kvDtype: 'fp8' as const, engine: 'trtllm' as const, efficiency: handEfficiency() };
    const k = perfConstants(t);
    const asIfFp8 = { ...k, sixteenBitFlopsPerSecond: k.flopsPerSecond };
    const rows = 8192;
    const extra = stepTime(t, k, 0, 0, rows, 1).computeSeconds - stepTime(t, asIfFp8, 0, 0, rows, 1).computeSeconds;
    const bf16Seconds = (2 * k.sixteenBitParams * rows) / (k.sixteenBitFlopsPerSecond * t.efficiency.mfu);
    expect(extra).toBeCloseTo(bf16Seconds / 2, 9);
  });
});

describe('FP4 matmul ceiling: block-scaled FP4 sustains less of its peak than BF16 (measuredFp4MatmulTflops)', () => {
  test('B200: cuBLAS\'s best FP4 GEMM is 5,239 of 9,000 TFLOP/s (58.2%), so NVFP4 matmuls run at 5,239 TFLOP/s before mfu, not 77.6% of 9,000', () => {
    expect(gpu('b200-180gb').fp4MatmulCeiling).toBeCloseTo(5239 / 9000, 12);
    const t = { model: model('llama-3.3-70b'), gpu: gpu('b200-180gb'), tp: 1, weights: 'nvfp4' as const, kvDtype: 'fp8' as const, engine: 'trtllm' as const, efficiency: handEfficiency() };
    expect(perfConstants(t).flopsPerSecond).toBeCloseTo(5239e12, -6);
    // FP8 (and MXFP4's W4A8, at the FP8 peak) keep the BF16 share: 77.6% of 4,500.
    expect(perfConstants({ ...t, weights: 'fp8' }).flopsPerSecond).toBeCloseTo(4500e12 * (1745 / 2250), -6);
  });
  test('a GPU with FP4 tensor cores and no FP4 measurement keeps the BF16 share, and perf says so', async () => {
    expect(gpu('gb200-nvl72').fp4MatmulCeiling).toBeNull();
    expect(gpu('h100-sxm-80gb').fp4MatmulCeiling).toBeNull();
    const args = ['perf', '--model', 'llama-3.3-70b', '--weights', 'nvfp4', '--engine', 'trtllm', '--isl', '1000', '--osl', '200', '--concurrency', '8', '--json'];
    const gb200 = JSON.parse((await cli([...args, '--gpu', 'gb200-nvl72'])).stdout);
    expect(gb200.notes.some((n: string) => n.startsWith('gb200-nvl72 has no measured FP4 matmul ceiling'))).toBe(true);
    const b200 = JSON.parse((await cli([...args, '--gpu', 'b200-180gb'])).stdout);
    expect(b200.notes.some((n: string) => n.includes('FP4 matmul ceiling'))).toBe(false);
  });
});

describe('matmul ceiling: the fraction of the dense peak a GPU sustains (measured maximum achievable BF16 matmul)', () => {
  test('H100 SXM: 794.5 of 989.4 TFLOP/s measured (80.3%); A100 SXM 271.2 of 312 (86.9%); L40S 269.15 of 362.05 (74.3%); the L40 has no measurement and is assumed at the 80.3% median', () => {
    expect(gpu('h100-sxm-80gb').matmulCeiling).toEqual({ fraction: 794.5 / 989.4, basis: 'measured' });
    expect(gpu('a100-sxm-80gb').matmulCeiling).toEqual({ fraction: 271.2 / 312, basis: 'measured' });
    expect(gpu('l40s-48gb').matmulCeiling).toEqual({ fraction: 269.15 / 362.05, basis: 'measured' });
    expect(gpu('l40-48gb').matmulCeiling).toEqual({ fraction: 0.803, basis: 'assumed' });
  });
  test('perf says when the ceiling is assumed (L40, no measurement) and not when it is measured (L40S)', async () => {
    const args = ['perf', '--model', 'llama-3.1-8b', '--isl', '1000', '--osl', '200', '--concurrency', '8', '--json'];
    const l40 = JSON.parse((await cli([...args, '--gpu', 'l40-48gb'])).stdout);
    expect(l40.notes).toContain('l40-48gb has no measured matmul ceiling in the catalog: compute assumed to sustain 80.3% of the dense peak (median of the measured NVIDIA GPUs; measuredMatmulTflops)');
    const l40s = JSON.parse((await cli([...args, '--gpu', 'l40s-48gb'])).stdout);
    expect(l40s.notes.some((n: string) => n.includes('matmul ceiling'))).toBe(false);
  });
  test('a compute-bound prefill of 8,192 tokens of Llama-3.1-8B takes 2 × 8.03e9 × 8,192 / (peak × ceiling × mfu) on the GEMMs: A100 (bf16) over H100 (bf16) = (989.4 × 0.803) / (312 × 0.869)', () => {
    const eff = handEfficiency();
    const at = (id: string) => {
      const t = { model: model('llama-3.1-8b'), gpu: gpu(id), tp: 1, weights: 'bf16' as const, kvDtype: 'bf16' as const, engine: 'vllm' as const, efficiency: eff };
      const k = perfConstants(t);
      expect(k.flopsPerSecond).toBeCloseTo(t.gpu.denseFlopsPerSecond.bf16! * t.gpu.matmulCeiling.fraction, 0);
      return stepTime(t, k, 0, 0, 8192, 4096).computeSeconds;
    };
    expect(at('a100-sxm-80gb') / at('h100-sxm-80gb')).toBeCloseTo((989.4 * (794.5 / 989.4)) / (312 * (271.2 / 312)), 6);
  });
});

describe('input embedding table', () => {
  test('an untied table is gathered, not streamed: Llama-3.1-8B 128,256 × 4,096 × 2 B = 1,050,673,152 B a GPU at TP 1, half at TP 2; a tied one (Llama-3.2-1B) is the lm_head and stays read', () => {
    const p = countParameters(model('llama-3.1-8b').architecture);
    expect(gatheredEmbeddingBytes(p, 1)).toBe(128256 * 4096 * 2);
    expect(gatheredEmbeddingBytes(p, 2)).toBe(1050673152 / 2);
    expect(gatheredEmbeddingBytes(countParameters(model('llama-3.2-1b').architecture), 1)).toBe(0);
  });
});

describe('KV cache reads of decode attention', () => {
  test('a grouped-query kernel loads each KV head once: 1 GB at 3.35 TB/s and kvMbu 0.5 is 1e9 / (3.35e12 × 0.5) s, whatever L2 can do', () => {
    expect(kvAttentionSeconds({ bandwidthBytesPerSecond: 3.35e12, kvHeadReads: 1, l2BytesPerSecond: 5.5e12 }, 1e9, 0.5)).toBeCloseTo(1e9 / (3.35e12 * 0.5), 15);
  });
  test('a kernel that loads a KV head once per query head (4 of them) is bound by L2 when L2 repeats cost more than DRAM: H100-like 4e9 / (5.5e12 × 0.5) = 1.45 ms > 0.60 ms of DRAM; L40S-like DRAM 1e9 / (864e9 × 0.5) = 2.31 ms > 4e9 / (5e12 × 0.5) = 1.6 ms', () => {
    expect(kvAttentionSeconds({ bandwidthBytesPerSecond: 3.35e12, kvHeadReads: 4, l2BytesPerSecond: 5.5e12 }, 1e9, 0.5)).toBeCloseTo(4e9 / (5.5e12 * 0.5), 15);
    expect(kvAttentionSeconds({ bandwidthBytesPerSecond: 864e9, kvHeadReads: 4, l2BytesPerSecond: 5e12 }, 1e9, 0.5)).toBeCloseTo(1e9 / (864e9 * 0.5), 15);
  });
  test('every target llmplan plans for runs a grouped-query kernel: perfConstants reads each KV head once', () => {
    const k = perfConstants({ model: model('mistral-7b-v0.1'), gpu: gpu('h100-sxm-80gb'), tp: 1, weights: 'fp8', kvDtype: 'fp8', engine: 'trtllm', efficiency: handEfficiency() });
    expect([k.kvHeadReads, k.l2BytesPerSecond]).toEqual([1, null]);
  });
});

describe('experts a MoE layer reads', () => {
  test('Mixtral (8 experts, top-2): 2 for one token; 8 × (1 − 0.75^32) = 7.992 for 32 tokens', () => {
    expect(expertsTouched(8, 2, 1)).toBeCloseTo(2, 12);
    expect(expertsTouched(8, 2, 32)).toBeCloseTo(8 * (1 - 0.75 ** 32), 12);
  });

  test('tiles of 128 rows, half a tile of padding per touched expert: one token 2 / (2 + 2 × 64) = 1/65; Mixtral at 4,000 tokens 8,000 / (8,000 + 8 × 64) = 0.94', () => {
    expect(expertTileFill(8, 2, 1)).toBeCloseTo(1 / 65, 12);
    expect(expertTileFill(8, 2, 4000)).toBeCloseTo(8000 / (8000 + 8 * 64), 9);
    // 128 experts, top-8, 4,000 tokens: 32,000 rows; all 128 experts touched: 32,000 / (32,000 + 8,192).
    expect(expertTileFill(128, 8, 4000)).toBeCloseTo(32000 / (32000 + 128 * 64), 9);
    // DEP over 4 GPUs: each GPU's 32 experts see 4 × 1,000 tokens, 1,000 × 8 rows of them on average.
    expect(expertTileFill(128, 8, 1000, 4)).toBeCloseTo(8000 / (8000 + 32 * 64), 6);
    expect(expertTileFill(8, 2, 0)).toBe(1);
  });
});

describe('attention data-parallel + expert-parallel (DEP)', () => {
  const eff = handEfficiency({ moeMfuFactor: 0.5 });
  const target = (ep: number, tp = 1) => ({ model: model('deepseek-v3'), gpu: gpu('h200-sxm-141gb'), tp, ep, weights: 'fp8' as const, kvDtype: 'fp8' as const, engine: 'trtllm' as const, efficiency: eff });

  test('all-to-all: DeepSeek-V3 on 8 × H200 sends 7/8 × 8 copies × 7,168 × 2 B = 100,352 B a token each way per MoE layer (58 of 61), and the hot rank receives (1 + imbalance) × that', () => {
    const t = target(8);
    const k = perfConstants(t);
    expect(k.moeLayers).toBe(58);
    expect(k.hotRankLoad).toBeCloseTo(1 + expertLoadImbalance(256, 8), 12);
    // H200 NVLink 900 GB/s bidirectional → 450e9 B/s a direction; latency 0 and link efficiency 1 here.
    const perToken = (2 * 58 * 100_352) / 450e9;
    expect(stepTime(t, k, 10, 1000, 0, 0).commSeconds).toBeCloseTo(10 * perToken * k.hotRankLoad, 12);
  });

  test('expert-load imbalance: the measured 1.564 at EP 32 over 256 experts, none without EP, √(ep / experts) × E[max of ep normals] between', () => {
    // E[max of 2 standard normals] = 1/√π; of 1: the mean, 0.
    expect(expectedMaxOfNormals(2)).toBeCloseTo(1 / Math.sqrt(Math.PI), 6);
    expect(expectedMaxOfNormals(1)).toBe(0);
    expect(expertLoadImbalance(256, 32)).toBeCloseTo(1.564, 9);
    expect(expertLoadImbalance(256, 1)).toBe(0);
    // 128 experts at EP 2: 1.564 × √((2/128) / (32/256)) × (1/√π) / E[max of 32] (2.0697).
    expect(expertLoadImbalance(128, 2)).toBeCloseTo(1.564 * Math.sqrt(0.125) * (1 / Math.sqrt(Math.PI)) / 2.0697, 3);
    expect(perfConstants({ ...target(1) }).hotRankLoad).toBe(1);
  });

  test('each GPU holds 1/ep of the routed experts: DEP8 reads the same bytes for one token as DEP1 would for its 8 ranks', () => {
    const one = perfConstants(target(1));
    const eight = perfConstants(target(8));
    expect(eight.expertBytes).toBe(one.expertBytes);
    expect(eight.denseWeightBytes).toBe(one.denseWeightBytes);
  });

  test('ranks step in lock-step: with half a prompt per step per rank, 1 − 0.5^4 = 93.75% of DEP4 steps carry one', () => {
    const t = { ...target(4), model: model('qwen3-235b-a22b') };
    expect(mixedStep(t, perfConstants(t), 100, 1500, 0.5, 1000).longShare).toBeCloseTo(0.9375, 12);
    const single = { ...t, ep: 1 };
    expect(mixedStep(single, perfConstants(single), 100, 1500, 0.5, 1000).longShare).toBeCloseTo(0.5, 12);
  });

  test('DEP runs attention at tp 1 and needs experts that divide evenly', () => {
    expect(() => perfConstants(target(8, 2))).toThrow(/at TP 1 on each of the 8 GPUs, not TP 2/);
    expect(() => perfConstants(target(3))).toThrow(/256 experts of deepseek-v3 do not spread evenly over 3 GPUs/);
    expect(() => perfConstants({ ...target(2), model: model('llama-3.1-8b') })).toThrow(/llama-3.1-8b is dense/);
  });
  test('every reason a DEP target is refused is listed, in order (the CLI shows them all at once)', () => {
    expect(expertParallelProblems({ ...target(3, 2), model: model('llama-3.1-8b') }).map((p) => p.code)).toEqual(['EP_WITH_TP', 'EP_NEEDS_MOE']);
    expect(expertParallelProblems(target(3, 2)).map((p) => p.code)).toEqual(['EP_WITH_TP', 'EP_NOT_DIVISOR']);
    expect(expertParallelProblems(target(8))).toEqual([]);
    expect(expertParallelProblems({ ...target(1, 4), model: model('llama-3.1-8b') })).toEqual([]);
  });
});

describe('CUDA-graph padding (TensorRT-LLM cuda_graph_config.enable_padding)', () => {
  const eff = handEfficiency({ stepOverheadSeconds: 0.003 });
  const t = { model: model('llama-3.1-8b'), gpu: gpu('h100-sxm-80gb'), tp: 1, weights: 'bf16' as const, kvDtype: 'bf16' as const, engine: 'trtllm' as const, efficiency: eff };
  const k = perfConstants(t);
  const padded = { ...k, graphBatchSizes: [256, 512, 1024] };
  test('600 decoding sequences run the 1,024 graph: the GEMMs compute 424 rows more, 2 × params × 424 / (peak × ceiling × mfu); attention and KV reads stay those of 600', () => {
    const extra = (2 * k.activeParams * 424) / (k.flopsPerSecond * eff.mfu);
    const a = stepTime(t, padded, 600, 1500, 0, 0);
    const b = stepTime(t, k, 600, 1500, 0, 0);
    expect(a.computeSeconds - b.computeSeconds).toBeCloseTo(extra, 12);
    expect(a.memorySeconds).toBeCloseTo(b.memorySeconds, 12);
  });
  test('no padding at a captured size, past the largest, or when a prompt is in the step (no graph)', () => {
    expect(stepTime(t, padded, 512, 1500, 0, 0).seconds).toBe(stepTime(t, k, 512, 1500, 0, 0).seconds);
    expect(stepTime(t, padded, 2000, 1500, 0, 0).seconds).toBe(stepTime(t, k, 2000, 1500, 0, 0).seconds);
    expect(stepTime(t, padded, 600, 1500, 1000, 500).seconds).toBe(stepTime(t, k, 600, 1500, 1000, 500).seconds);
  });
});
