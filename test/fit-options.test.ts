// "Does not fit as asked, but fits with another setting": the Qwen3-32B / one H100 / 32k case, by hand.
import { describe, expect, test } from 'vitest';
import { computeEngineBudget } from '../src/core/memory/engine-memory.ts';
import { findFitOptions } from '../src/core/memory/fit-options.ts';
import { sizeDeployment, type SizeRequest } from '../src/core/memory/sizing.ts';
import { engine, gpu, model } from './helpers.ts';

const h100 = gpu('h100-sxm-80gb');
const qwen32: SizeRequest = { model: model('qwen3-32b'), gpu: h100, engine: engine('vllm'), tp: 1, weights: 'bf16', kvDtype: 'bf16', contextTokens: 32_768 };

describe('the sampler profiling pass (vLLM _dummy_sampler_run over max_num_seqs × full vocabulary, per GPU)', () => {
  test('Qwen3-32B on an H100: 1,024 sequences × 151,936 vocabulary × 22 B = 3,422,814,208 B, not divided by TP', () => {
    expect(1024 * 151_936 * 22).toBe(3_422_814_208);
    const a = model('qwen3-32b').architecture;
    const at = (tp: number, maxNumSeqs?: number) => computeEngineBudget(engine('vllm'), { totalBytes: h100.memoryBytes, weightsBytes: 0, arch: a, tp, maxNumSeqs }).activationBytes;
    // The forward pass (8,192 tokens) shrinks with TP; the sampler does not: the TP1 − TP2 difference is forward only.
    const forward = (tp: number) => at(tp) - 3_422_814_208;
    expect(forward(1)).toBe(8192 * 2 * (4 * 5120 + (64 + 16) * 128 + 3 * 25_600));
    expect(forward(2)).toBe(8192 * 2 * (4 * 5120 + ((64 + 16) * 128) / 2 + (3 * 25_600) / 2));
    // --max-num-seqs 151 leaves 151 × 151,936 × 22 B of it.
    expect(at(1) - at(1, 151)).toBe((1024 - 151) * 151_936 * 22);
  });
});

describe('Qwen3-32B bf16 on one H100 at 32,768 tokens (vLLM defaults)', () => {
  const asked = sizeDeployment(qwen32);
  test('does not fit as asked: one sequence needs 32,768 × 262,144 B = 8 GiB; 5.28 GiB is left', () => {
    expect(asked.kvBytesPerSequence).toBe(32_768 * 262_144);
    expect(asked.kvBytesPerSequence).toBe(8 * 2 ** 30);
    expect(asked.kvCacheBytes / 2 ** 30).toBeCloseTo(5.28, 2);
    expect(asked.fits).toBe(false);
    expect(asked.findings.map((f) => f.code)).toContain('CONTEXT_EXCEEDS_KV');
  });
  const options = findFitOptions(qwen32);
  const by = new Map(options.map((o) => [o.setting, o]));
  test('the levers, in order: memory fraction, fp8 KV, fewer sequences, shorter context, more GPUs', () => {
    expect(options.map((o) => o.setting)).toEqual(['memory-fraction', 'kv-dtype', 'max-num-seqs', 'context', 'tensor-parallel']);
    expect(options.every((o) => o.maxConcurrentSequences >= 1)).toBe(true);
  });
  test('gpu_memory_utilization: (weights + activations + non-torch + one sequence) / total = 0.9343 → 0.94', () => {
    const r = asked.memory;
    const need = r.weightsBytes + r.activationBytes + r.nonTorchBytes + asked.kvBytesPerSequence;
    expect(need / h100.memoryBytes).toBeCloseTo(0.9343, 4);
    expect(by.get('memory-fraction')!.value).toBe(0.94);
    expect(by.get('memory-fraction')!.engineArgument).toBe('--gpu-memory-utilization');
    expect(sizeDeployment({ ...qwen32, memoryFraction: 0.93 }).fits).toBe(false);
  });
  test('fp8 KV: 4 GiB for one sequence fits the 5.28 GiB left', () => {
    expect(by.get('kv-dtype')!.value).toBe('fp8');
    expect(by.get('kv-dtype')!.maxConcurrentSequences).toBe(1);
  });
  test('max_num_seqs: 151 = ⌊(KV budget − 8 GiB) spare / (151,936 × 22 B)⌋ below the 1,024 default', () => {
    const spare = asked.kvCacheBytes + 1024 * 151_936 * 22 - asked.kvBytesPerSequence;
    expect(Math.floor(spare / (151_936 * 22))).toBe(151);
    expect(by.get('max-num-seqs')!.value).toBe(151);
    expect(sizeDeployment({ ...qwen32, maxNumSeqs: 152 }).fits).toBe(false);
  });
  test('max_model_len: the 5.28 GiB hold ⌊5,671,989,002 / (262,144 × 16)⌋ = 1,352 blocks = 21,632 tokens', () => {
    expect(Math.floor(asked.kvCacheBytes / (262_144 * 16)) * 16).toBe(21_632);
    expect(by.get('context')!.value).toBe(21_632);
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
