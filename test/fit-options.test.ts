// "Does not fit as asked, but fits with another setting": the Qwen3-32B / one H100 / 32k case, by hand.
import { describe, expect, test } from 'vitest';
import { computeEngineBudget } from '../src/core/memory/engine-memory.ts';
import { findFitOptions } from '../src/core/memory/fit-options.ts';
import { sizeDeployment, type SizeRequest } from '../src/core/memory/sizing.ts';
import { engine, gpu, model } from './helpers.ts';

const h100 = gpu('h100-sxm-80gb');
const qwen32: SizeRequest = { model: model('qwen3-32b'), gpu: h100, engine: engine('vllm'), tp: 1, weights: 'bf16', kvDtype: 'bf16', contextTokens: 32_768 };

// vLLM 0.19's profile (catalogs/engines.yaml): the peak is the larger of the forward pass and the sampler's pass.
const SAMPLER_B = 15.6;
const sampler = (seqs: number) => seqs * 151_936 * SAMPLER_B;
const FORWARD = 8192 * 2 * (4 * 5120 + (64 + 16) * 128 + 3 * 25_600); // 1,761,607,680 B = 1.64 GiB at TP 1

describe('the sampler profiling pass (vLLM _dummy_sampler_run over max_num_seqs × full vocabulary, per GPU)', () => {
  test('Qwen3-32B on an H100: 1,024 sequences × 151,936 vocabulary × 15.6 B = 2.26 GiB, larger than the 1.64 GiB forward pass, not divided by TP', () => {
    expect(FORWARD).toBe(1_761_607_680);
    const a = model('qwen3-32b').architecture;
    const at = (tp: number, maxNumSeqs?: number) => computeEngineBudget(engine('vllm'), { totalBytes: h100.memoryBytes, weightsBytes: 0, arch: a, tp, maxNumSeqs }).activationBytes;
    expect(at(1)).toBeCloseTo(sampler(1024), 0);
    expect(at(2)).toBeCloseTo(sampler(1024), 0);
    // Fewer sequences shrink the sampler's pass until the forward pass is the larger: 700 × 151,936 × 15.6 B < 1.64 GiB.
    expect(at(1, 927)).toBeCloseTo(sampler(927), 0);
    expect(at(1, 700)).toBe(FORWARD);
  });
});

describe('Qwen3-32B bf16 on one H100 at 32,768 tokens (vLLM defaults)', () => {
  const asked = sizeDeployment(qwen32);
  test('does not fit as asked: one sequence needs 32,768 × 262,144 B = 8 GiB; 7.70 GiB is left', () => {
    expect(asked.kvBytesPerSequence).toBe(32_768 * 262_144);
    expect(asked.kvBytesPerSequence).toBe(8 * 2 ** 30);
    // 0.9 × 79.15 GiB − 61.02 GiB of weights − 2.26 GiB sampler pass − 0.25 GiB non-torch.
    expect(asked.kvCacheBytes).toBeCloseTo(0.9 * h100.memoryBytes - asked.weightsBytes - sampler(1024) - 0.25 * 2 ** 30, 0);
    expect(asked.kvCacheBytes / 2 ** 30).toBeCloseTo(7.7, 2);
    expect(asked.fits).toBe(false);
    expect(asked.findings.map((f) => f.code)).toContain('CONTEXT_EXCEEDS_KV');
  });
  const options = findFitOptions(qwen32);
  const by = new Map(options.map((o) => [o.setting, o]));
  test('the levers, in order: memory fraction, fp8 KV, fewer sequences, shorter context, more GPUs', () => {
    expect(options.map((o) => o.setting)).toEqual(['memory-fraction', 'kv-dtype', 'max-num-seqs', 'context', 'tensor-parallel']);
    expect(options.every((o) => o.maxConcurrentSequences >= 1)).toBe(true);
  });
  test('gpu_memory_utilization: (weights + activations + non-torch + one sequence) / total = 0.9038 → 0.91', () => {
    const r = asked.memory;
    const need = r.weightsBytes + r.activationBytes + r.nonTorchBytes + asked.kvBytesPerSequence;
    expect(need / h100.memoryBytes).toBeCloseTo(0.9038, 4);
    expect(by.get('memory-fraction')!.value).toBe(0.91);
    expect(by.get('memory-fraction')!.engineArgument).toBe('--gpu-memory-utilization');
    expect(sizeDeployment({ ...qwen32, memoryFraction: 0.9 }).fits).toBe(false);
  });
  test('fp8 KV: 4 GiB for one sequence fits the 7.70 GiB left', () => {
    expect(by.get('kv-dtype')!.value).toBe('fp8');
    expect(by.get('kv-dtype')!.maxConcurrentSequences).toBe(1);
  });
  test('max_num_seqs: 888 = ⌊(KV budget + sampler pass − 8 GiB) / (151,936 × 15.6 B)⌋ below the 1,024 default (still above the forward pass)', () => {
    const spare = asked.kvCacheBytes + sampler(1024) - asked.kvBytesPerSequence;
    expect(Math.floor(spare / (151_936 * SAMPLER_B))).toBe(888);
    expect(sampler(888)).toBeGreaterThan(FORWARD);
    expect(by.get('max-num-seqs')!.value).toBe(888);
    expect(sizeDeployment({ ...qwen32, maxNumSeqs: 889 }).fits).toBe(false);
  });
  test('max_model_len: the 7.70 GiB hold ⌊8,268,379,… / (262,144 × 16)⌋ = 1,971 blocks = 31,536 tokens', () => {
    expect(Math.floor(asked.kvCacheBytes / (262_144 * 16))).toBe(1971);
    expect(by.get('context')!.value).toBe(31_536);
    expect(by.get('context')!.engineArgument).toBe('--max-model-len');
  });
  test('TP 2 holds 9 sequences of 32,768', () => {
    expect(by.get('tensor-parallel')!.value).toBe(2);
    expect(by.get('tensor-parallel')!.maxConcurrentSequences).toBe(9);
  });
  test('nothing to suggest when it fits as asked', () => {
    expect(findFitOptions({ ...qwen32, contextTokens: 16_384 })).toEqual([]);
  });
  test('SGLang: activations sit outside mem_fraction_static, so no max-num-seqs lever; its own argument names', () => {
    const s = findFitOptions({ ...qwen32, engine: engine('sglang'), memoryFraction: 0.8 });
    expect(s.map((o) => o.setting)).not.toContain('max-num-seqs');
    expect(s.find((o) => o.setting === 'memory-fraction')!.engineArgument).toBe('--mem-fraction-static');
  });
});
