import { describe, expect, test } from 'vitest';
import { countParameters } from '../src/core/memory/parameters.ts';
import { kvBytesPerSequence, kvBytesPerToken, effectiveKvBytesPerToken } from '../src/core/memory/kv-cache.ts';
import { bitsPerWeight } from '../src/core/memory/precision.ts';
import { computeWeightBytes } from '../src/core/memory/weights.ts';
import { findMinTensorParallel, sizeDeployment, validateSizeRequest } from '../src/core/memory/sizing.ts';
import { computeMemoryFacts, loadMemoryFactsCsv, renderMemoryFactsMarkdown } from '../src/tools/memory-facts.ts';
import { readFileSync } from 'node:fs';
import { catalog, engine, gpu, model } from './helpers.ts';
import { sharedPath } from '../src/tools/shared-path.ts';

const GiB = 2 ** 30;
const arch = (id: string) => model(id).architecture;

describe('KV bytes per token (hand-checkable)', () => {
  test('Llama-3.1-8B bf16: 2 × 32 layers × 8 kv heads × 128 × 2 B = 131,072', () => {
    expect(kvBytesPerToken(arch('llama-3.1-8b'), 'bf16')).toBe(131_072);
  });
  test('Llama-2-7B (MHA, 32 kv heads): 524,288', () => {
    expect(kvBytesPerToken(arch('llama-2-7b'), 'fp16')).toBe(524_288);
  });
  test('Llama-3.1-70B 327,680 and 405B 516,096 (HF blog per-token figures)', () => {
    expect(kvBytesPerToken(arch('llama-3.1-70b'), 'bf16')).toBe(327_680);
    expect(kvBytesPerToken(arch('llama-3.1-405b'), 'bf16')).toBe(516_096);
  });
  test('DeepSeek-V3 MLA bf16: 61 × (512 + 64) × 2 = 70,272, replicated across TP', () => {
    expect(kvBytesPerToken(arch('deepseek-v3'), 'bf16')).toBe(70_272);
    expect(kvBytesPerToken(arch('deepseek-v3'), 'bf16', 8)).toBe(70_272);
    // Treating it as MHA (128 heads × 128 dims) would give 57× more.
    expect(2 * 61 * 128 * 128 * 2).toBe(3_997_696);
  });
  test('fp8 KV halves it; TP shards kv heads, replicates past the kv-head count', () => {
    expect(kvBytesPerToken(arch('llama-3.1-8b'), 'fp8')).toBe(65_536);
    expect(kvBytesPerToken(arch('llama-3.1-8b'), 'bf16', 2)).toBe(65_536);
    expect(kvBytesPerToken(arch('llama-3.1-8b'), 'bf16', 8)).toBe(16_384);
    // Qwen3-235B: 4 kv heads; at TP 8 each GPU still holds one head (ceil(4/8) = 1).
    expect(kvBytesPerToken(arch('qwen3-235b-a22b'), 'bf16', 4)).toBe(94 * 1 * 128 * 2 * 2);
    expect(kvBytesPerToken(arch('qwen3-235b-a22b'), 'bf16', 8)).toBe(94 * 1 * 128 * 2 * 2);
  });
  test('explicit head_dim: Qwen3-32B uses 128 although hidden/heads = 80', () => {
    expect(kvBytesPerToken(arch('qwen3-32b'), 'bf16')).toBe(2 * 64 * 8 * 128 * 2);
  });
  test('gpt-oss-120b at 32k: sliding layers hold 128 tokens, full layers all 32,768', () => {
    const a = arch('gpt-oss-120b');
    const perLayer = 2 * 8 * 64 * 2; // 2,048 B
    expect(kvBytesPerToken(a, 'bf16')).toBe(36 * perLayer);
    // Unpaged: 18 full layers × 32,768 + 18 sliding layers × (128 + 1) tokens.
    expect(kvBytesPerSequence(a, 'bf16', 1, 32_768, 1)).toBe(18 * 32_768 * perLayer + 18 * 129 * perLayer);
    const full = 36 * 32_768 * perLayer;
    expect(kvBytesPerSequence(a, 'bf16', 1, 32_768, 1) / full).toBeCloseTo(0.502, 3);
  });
  test('Gemma-3-27B at 32k: 52 local layers capped at 1,024, 10 global', () => {
    const a = arch('gemma-3-27b');
    const perLayer = 2 * 16 * 128 * 2;
    const swa = effectiveKvBytesPerToken(a, 'bf16', 1, 32_768);
    expect(swa).toBeCloseTo((10 * 32_768 + 52 * 1_025) * perLayer / 32_768, 6);
    expect(kvBytesPerToken(a, 'bf16') / swa).toBeGreaterThan(4.5); // the naive formula overstates ~4.9×
  });
});

describe('parameters and weights', () => {
  test('Llama-3.1-8B counts to its index total_parameters 8,030,261,248', () => {
    expect(countParameters(arch('llama-3.1-8b')).total).toBe(8_030_261_248);
  });
  test('Mixtral-8x22B counts to 140,620,634,112 (transformers count)', () => {
    expect(countParameters(arch('mixtral-8x22b')).total).toBe(140_620_634_112);
  });
  test('DeepSeek-V3 counts 671.0 B without the MTP module; gpt-oss-120b 116.8 B (README: 117 B)', () => {
    expect(countParameters(arch('deepseek-v3')).total / 1e9).toBeCloseTo(671.03, 2);
    expect(countParameters(arch('gpt-oss-120b')).total / 1e9).toBeCloseTo(116.83, 2);
  });
  test('int4 group-wise stores 4 + 20/128 = 4.15625 bits; nvfp4 4.5; mxfp4 4.25', () => {
    expect(bitsPerWeight('int4-awq')).toBe(4.15625);
    expect(bitsPerWeight('nvfp4')).toBe(4.5);
    expect(bitsPerWeight('mxfp4')).toBe(4.25);
  });
  test('bf16 Llama-3.1-8B uses the exact checkpoint size 16,060,522,496 B', () => {
    const w = computeWeightBytes(model('llama-3.1-8b'), 'bf16', 1);
    expect(w.totalBytes).toBe(16_060_522_496);
    expect(w.basis).toBe('checkpoint');
  });
  test('embeddings stay bf16 when the linears go int4: 8B int4 = linears × 4.156/8 + 1,050,673,152 × 2 B', () => {
    const p = countParameters(arch('llama-3.1-8b'));
    const w = computeWeightBytes(model('llama-3.1-8b'), 'int4-awq', 1);
    const linears = p.attentionLinear + p.kvProjection + p.denseMlp;
    expect(w.totalBytes).toBeCloseTo((linears * 4.15625) / 8 + (p.embedding + p.lmHead) * 2 + p.other * 2, 0);
  });
  test('gpt-oss-120b as released (mxfp4 experts, bf16 attention) is ~65 GB and fits one 80 GB GPU', () => {
    const w = computeWeightBytes(model('gpt-oss-120b'), 'mxfp4', 1);
    expect(w.totalBytes / 1e9).toBeGreaterThan(63);
    expect(w.totalBytes / 1e9).toBeLessThan(67);
    const r = sizeDeployment({ model: model('gpt-oss-120b'), gpu: gpu('h100-sxm-80gb'), engine: engine('vllm'), tp: 1, weights: 'mxfp4', kvDtype: 'bf16', contextTokens: 131_072 });
    expect(r.fits).toBe(true);
  });
  test('routed-expert bytes are counted at the experts\' own precision: gpt-oss-20b mxfp4 experts are 4.25 bits, not the parameter share of the bf16-heavy total', () => {
    const m = model('gpt-oss-20b');
    const p = countParameters(m.architecture);
    const w = computeWeightBytes(m, 'mxfp4', 2);
    expect(w.routedExpertBytesPerGpu).toBeCloseTo((p.routedExperts * 4.25) / 8 / 2, 0);
    expect(w.routedExpertBytesPerGpu / w.perGpuBytes).toBeLessThan(p.routedExperts / p.total - 0.1);
    expect(computeWeightBytes(model('llama-3.1-8b'), 'bf16', 1).routedExpertBytesPerGpu).toBe(0);
  });
});

describe('engine budget and fit', () => {
  test('vLLM Llama-3.1-8B on one H100: budget 0.9 × 79.15 GiB', () => {
    const r = sizeDeployment({ model: model('llama-3.1-8b'), gpu: gpu('h100-sxm-80gb'), engine: engine('vllm'), tp: 1, weights: 'bf16', kvDtype: 'bf16', contextTokens: 8192 });
    expect(r.memory.budgetBytes / GiB).toBeCloseTo(0.9 * 79.15, 2);
    expect(r.kvCapacityTokens % 16).toBe(0);
    expect(r.kvCapacityTokens).toBe(r.kvCapacityBlocks * 16);
    expect(r.maxConcurrentSequences).toBe(Math.floor(r.kvCacheBytes / (8192 * 131_072)));
  });
  // vLLM 0.19.0 startup logs on H100 (79.19 GiB), gpu_memory_utilization 0.95, max_num_batched_tokens 8192:
  // jgchn/llm-d-planner @d3121e059da8 accuracy/results/v0.19.0/logs/ ("GPU KV cache size: … tokens", rank 0; read
  // 2026-12-01). Its profile puts the tensor-parallel cost elsewhere than ours: "torch peak memory increase" 1.89 GiB
  // at every TP and "non-torch forward increase memory" 0.25 GiB at TP 1 but 2.07-2.13 GiB at TP 2-4, where we count
  // 3.1-3.7 GiB of activations and sampler and 0.1-0.5 GiB outside torch. The sums agree within 1% at TP 2 and 4; at
  // TP 1, sized on vLLM 0.9's sampler pass (issue #19996, memory-facts.csv), we leave 3% less KV than 0.19 does.
  test.each([
    ['llama-3.1-8b', 1, 476_016, 0.04],
    ['llama-3.1-8b', 2, 1_044_688, 0.01],
    ['llama-3.1-8b', 4, 2_209_792, 0.01],
    ['qwen2.5-7b', 1, 1_096_000, 0.04],
    ['qwen2.5-7b', 2, 2_390_592, 0.01],
    ['qwen2.5-7b', 4, 5_043_280, 0.01],
  ] as const)('vLLM 0.19 KV tokens of %s at TP %i on H100 at 0.95: published %i, within %f', (id, tp, published, tolerance) => {
    const r = sizeDeployment({ model: model(id), gpu: gpu('h100-sxm-80gb'), engine: engine('vllm'), tp, weights: 'bf16', kvDtype: 'bf16', contextTokens: 8192, memoryFraction: 0.95 });
    expect(Math.abs(r.kvCapacityTokens / published - 1)).toBeLessThan(tolerance);
  });
  test('Llama-3.1-70B bf16 (141 GB) cannot fit one H100; at TP 2 the KV room depends on the fraction', () => {
    const base = { model: model('llama-3.1-70b'), gpu: gpu('h100-sxm-80gb'), engine: engine('vllm'), weights: 'bf16' as const, kvDtype: 'bf16' as const, contextTokens: 8192 };
    expect(sizeDeployment({ ...base, tp: 1 }).fits).toBe(false);
    // 70.55 GB of weights per GPU leave ~1 GiB at 0.90 (under one 8k sequence of 1.25 GiB) and ~5 GiB at 0.95.
    expect(findMinTensorParallel(base)?.tp).toBe(4);
    expect(findMinTensorParallel({ ...base, memoryFraction: 0.95 })?.tp).toBe(2);
  });
  test('Llama-3.1-405B bf16 does not fit 8 × H100 (needs more than one node)', () => {
    const base = { model: model('llama-3.1-405b'), gpu: gpu('h100-sxm-80gb'), engine: engine('vllm'), weights: 'bf16' as const, kvDtype: 'bf16' as const, contextTokens: 8192 };
    expect(findMinTensorParallel(base)).toBeNull();
  });
  test('bad requests are findings with codes, not exceptions', () => {
    const codes = (r: Parameters<typeof validateSizeRequest>[0]) => validateSizeRequest(r).map((f) => f.code);
    const base = { model: model('llama-3.1-8b'), gpu: gpu('h100-sxm-80gb'), tp: 1, weights: 'bf16' as const, kvDtype: 'bf16' as const, contextTokens: 8192 };
    expect(codes({ ...base, tp: 3 })).toContain('TP_NOT_DIVISOR_OF_HEADS');
    expect(codes({ ...base, contextTokens: 0 })).toContain('CONTEXT_INVALID');
    expect(codes({ ...base, contextTokens: 200_000 })).toContain('CONTEXT_EXCEEDS_MODEL');
    expect(codes({ ...base, weights: 'nvfp4' })).toContain('FORMAT_NEEDS_BLACKWELL');
    expect(codes({ ...base, weights: 'nvfp4', gpu: gpu('b200-180gb') })).toEqual([]);
    expect(codes({ ...base, weights: 'fp8', gpu: gpu('a100-sxm-80gb') })).toEqual(['FP8_WEIGHT_ONLY']);
    expect(codes({ ...base, weights: 'fp8', gpu: gpu('t4-16gb') })).toContain('FORMAT_UNSUPPORTED_ON_GPU');
    // Qwen2.5-72B int4 at TP 8: 29,568 / 8 = 3,696 is not a multiple of 128 (a known AWQ failure).
    expect(codes({ ...base, model: model('qwen2.5-72b'), weights: 'int4-awq', tp: 8 })).toContain('INT4_GROUPS_SPLIT_BY_TP');
  });
});

describe('memory-facts.csv: every row beside our figure', () => {
  const rows = computeMemoryFacts(loadMemoryFactsCsv(sharedPath('calibration/memory-facts.csv')), catalog());
  test('covers all 42 rows, each with a figure or a stated reason', () => {
    expect(rows).toHaveLength(42);
    for (const r of rows) expect(r.how.length).toBeGreaterThan(5);
  });
  test.each(rows.filter((r) => r.tolerance !== null).map((r) => [r.line, r.quantity, r] as const))('line %i %s within tolerance', (_l, _q, r) => {
    expect(r.error!).toBeLessThanOrEqual(r.tolerance!);
  });
  test('the named anchors: 410,128 tokens (8B+EAGLE, H100), SGLang Qwen3-235B 367,404, A10G KV 4.17 GiB', () => {
    const byLine = new Map(rows.map((r) => [r.line, r]));
    expect(byLine.get(3)!.error!).toBeLessThan(0.05);
    expect(byLine.get(7)!.error!).toBeLessThan(0.05);
    expect(byLine.get(13)!.error!).toBeLessThan(0.05);
  });
  test('docs/memory-facts.md is current', () => {
    const doc = readFileSync('docs/memory-facts.md', 'utf8');
    expect(doc).toContain(renderMemoryFactsMarkdown(rows));
  });
});
