// Issue 14: hand-checkable KV bytes per token for the architecture kinds the broader catalog brought in, and
// the breadth floor itself. Every expected number is worked out in the comment above it from config.json values
// (catalogs/models.yaml says where each value was read); the code under test is src/core/kv-cache.ts.
import { describe, expect, test } from 'vitest';
import { kvBytesPerSequence, kvBytesPerToken, effectiveKvBytesPerToken, linearStateBytesPerSequence } from '../src/core/memory/kv-cache.ts';
import { countParameters } from '../src/core/memory/parameters.ts';
import { BUILTIN_CATALOG_DIR } from '../src/catalog/load.ts';
import { loadPriceCatalogs } from '../src/catalog/prices.ts';
import { jurisdictionOf } from '../src/core/cost/regions.ts';
import { catalog, model } from './helpers.ts';

const arch = (id: string) => model(id).architecture;

describe('KV bytes per token for the new architecture kinds (hand-checkable)', () => {
  test('Llama 4 Scout, chunked local attention: 36 chunked layers hold at most 8,192 tokens, 12 global NoPE layers hold all', () => {
    const a = arch('llama-4-scout');
    // Per layer: 2 (K,V) × 8 kv heads × 128 headDim × 2 B (bf16) = 4,096 B.
    const perLayer = 2 * 8 * 128 * 2;
    expect(perLayer).toBe(4_096);
    // Short context (every layer still holds the token): 48 layers × 4,096 = 196,608 B/token.
    expect(kvBytesPerToken(a, 'bf16')).toBe(196_608);
    // At 131,072 tokens, unpaged: 12 full layers × 131,072 + 36 chunked layers × (8,192 + 1) tokens.
    //   12 × 131,072 × 4,096 = 6,442,450,944; 36 × 8,193 × 4,096 = 1,208,107,008; total 7,650,557,952 B.
    expect(kvBytesPerSequence(a, 'bf16', 1, 131_072, 1)).toBe(7_650_557_952);
    // The naive formula (all 48 layers × 131,072 tokens) would say 25,769,803,776 B: 3.37× too much.
    expect(48 * 131_072 * perLayer).toBe(25_769_803_776);
  });

  test('Llama 4 Maverick: same attention as Scout, so the same KV per token (MoE interleaving does not touch KV)', () => {
    expect(kvBytesPerToken(arch('llama-4-maverick'), 'bf16')).toBe(48 * 2 * 8 * 128 * 2); // 196,608
    expect(kvBytesPerSequence(arch('llama-4-maverick'), 'bf16', 1, 131_072, 1)).toBe(7_650_557_952);
  });

  test('Kimi K2, MLA: (kv_lora_rank 512 + qk_rope 64) × 2 B × 61 layers = 70,272 B, however many heads or GPUs', () => {
    // 576 values × 2 B = 1,152 B per layer; × 61 = 70,272. 64 heads × 128 × 2 (K,V) would be 32,768 values/layer: 28× more.
    expect(kvBytesPerToken(arch('kimi-k2'), 'bf16')).toBe(70_272);
    expect(kvBytesPerToken(arch('kimi-k2'), 'bf16', 8)).toBe(70_272);
    // fp8 KV: 576 × 1 B × 61 = 35,136.
    expect(kvBytesPerToken(arch('kimi-k2'), 'fp8')).toBe(35_136);
  });

  test('DeepSeek-V3.2 counts the MLA latent only (indexer keys are not in the schema): same 70,272 B as V3', () => {
    expect(kvBytesPerToken(arch('deepseek-v3.2'), 'bf16')).toBe(61 * (512 + 64) * 2);
    expect(kvBytesPerToken(arch('deepseek-v3.2'), 'bf16')).toBe(kvBytesPerToken(arch('deepseek-v3'), 'bf16'));
  });

  test('Gemma 3 1B: MQA (1 kv head, head_dim 256), 22 sliding layers of 512 tokens, 4 global', () => {
    const a = arch('gemma-3-1b');
    // Per layer: 2 × 1 × 256 × 2 B = 1,024 B. Short context: 26 × 1,024 = 26,624 B/token.
    expect(kvBytesPerToken(a, 'bf16')).toBe(26_624);
    // At 32,768 tokens, unpaged: 4 × 32,768 + 22 × (512 + 1) = 131,072 + 11,286 = 142,358 token-layers × 1,024 B.
    expect(kvBytesPerSequence(a, 'bf16', 1, 32_768, 1)).toBe(142_358 * 1_024);
  });

  test('Gemma 3 4B and 12B: 1,024-token windows; 5 of 34 and 8 of 48 layers global', () => {
    // 4B: 2 × 4 kv × 256 × 2 B = 4,096 B/layer; 34 layers → 139,264 B/token.
    expect(kvBytesPerToken(arch('gemma-3-4b'), 'bf16')).toBe(139_264);
    // 12B: 2 × 8 × 256 × 2 = 8,192 B/layer; 48 layers → 393,216 B/token.
    expect(kvBytesPerToken(arch('gemma-3-12b'), 'bf16')).toBe(393_216);
    // 12B at 32,768 tokens, average per token: (8 × 32,768 + 40 × 1,025) × 8,192 / 32,768 = 75,786 B (vs 393,216 naive).
    expect(effectiveKvBytesPerToken(arch('gemma-3-12b'), 'bf16', 1, 32_768)).toBeCloseTo(((8 * 32_768 + 40 * 1_025) * 8_192) / 32_768, 6);
    expect(((8 * 32_768 + 40 * 1_025) * 8_192) / 32_768).toBe(75_786);
  });

  test('OLMo 3 7B: MHA (32 kv heads), 3 of every 4 layers slide over 4,096 tokens', () => {
    // 2 × 32 × 128 × 2 = 16,384 B/layer; 32 layers → 524,288 B/token at short context.
    expect(kvBytesPerToken(arch('olmo-3-7b'), 'bf16')).toBe(524_288);
    // At 65,536 tokens unpaged: 8 × 65,536 + 24 × 4,097 = 622,616 token-layers × 16,384 B.
    expect(kvBytesPerSequence(arch('olmo-3-7b'), 'bf16', 1, 65_536, 1)).toBe(622_616 * 16_384);
  });

  test('GQA with explicit head_dim: Qwen3-Coder-480B 2 × 62 × 8 × 128 × 2 = 253,952; Mistral Large 2 × 88 × 8 × 128 × 2 = 360,448', () => {
    expect(kvBytesPerToken(arch('qwen3-coder-480b-a35b'), 'bf16')).toBe(253_952);
    expect(kvBytesPerToken(arch('mistral-large-2411'), 'bf16')).toBe(360_448);
    // Mistral NeMo: head_dim 128 although hidden/heads = 160: 2 × 40 × 8 × 128 × 2 = 163,840 (not 204,800).
    expect(kvBytesPerToken(arch('mistral-nemo-12b'), 'bf16')).toBe(163_840);
  });
});

describe('hybrid linear attention: Qwen3-Next-80B-A3B (hand-checkable)', () => {
  // config.json: 48 layers, full_attention_interval 4 → 12 full-attention layers (16q/2kv heads × 256) and 36 Gated
  // DeltaNet layers (16 key heads, 32 value heads, head dims 128, conv kernel 4) that keep no per-token KV.
  test('KV per token counts the 12 full layers only: 12 × 2 (K,V) × 2 kv heads × 256 × 2 B = 24,576 B (not 48 layers: 98,304)', () => {
    const a = arch('qwen3-next-80b-a3b');
    expect(kvBytesPerToken(a, 'bf16')).toBe(24_576);
    expect(kvBytesPerToken(a, 'fp8')).toBe(12_288);
    // TP 2 splits the 2 kv heads; TP 4 and 8 replicate one head per GPU (ceil(2 / TP) = 1).
    expect(kvBytesPerToken(a, 'bf16', 2)).toBe(12_288);
    expect(kvBytesPerToken(a, 'bf16', 8)).toBe(12_288);
  });

  test('each sequence also holds a fixed state: 36 × (conv 3 × 8,192 + recurrent 32 × 128 × 128) × 2 B = 39,518,208 B', () => {
    const a = arch('qwen3-next-80b-a3b');
    // conv window: (2 × 16 × 128 + 32 × 128) = 8,192 channels × (4 − 1) × 2 B = 49,152 B per layer;
    // recurrent state: 32 value heads × 128 × 128 × 2 B = 1,048,576 B per layer; 1,097,728 B × 36 layers.
    expect(linearStateBytesPerSequence(a, 1)).toBe(36 * (8_192 * 3 * 2 + 32 * 128 * 128 * 2));
    expect(linearStateBytesPerSequence(a, 1)).toBe(39_518_208);
    // TP 2 halves the heads and the conv channels: 19,759,104 B per GPU.
    expect(linearStateBytesPerSequence(a, 2)).toBe(19_759_104);
    // A 1-token sequence and a 32k one hold the same state; unpaged KV grows by 24,576 B per token.
    expect(kvBytesPerSequence(a, 'bf16', 1, 1, 1)).toBe(24_576 + 39_518_208);
    expect(kvBytesPerSequence(a, 'bf16', 1, 32_768, 1)).toBe(32_768 * 24_576 + 39_518_208);
    // At 32k the state adds 39,518,208 / 32,768 = 1,206 B to each token's 24,576.
    expect(effectiveKvBytesPerToken(a, 'bf16', 1, 32_768)).toBeCloseTo(24_576 + 39_518_208 / 32_768, 6);
    // Models without linear layers hold no state.
    expect(linearStateBytesPerSequence(arch('llama-3.1-8b'), 1)).toBe(0);
  });

  test('parameters count the Gated DeltaNet projections and the output gate: 79.67 B, near the published 80 B', () => {
    const p = countParameters(arch('qwen3-next-80b-a3b'));
    // Full layers: q + gate + o = 3 × 2,048 × 4,096 = 25,165,824; linear layers: in_proj_qkvz 2,048 × (2 × 2,048 + 2 × 4,096)
    // + in_proj_ba 2,048 × 64 + out_proj 4,096 × 2,048 = 33,685,504. 12 × 25,165,824 + 36 × 33,685,504 = 1,514,668,032.
    expect(p.attentionLinear).toBe(1_514_668_032);
    // k and v only on the 12 full layers: 12 × 2 × 2,048 × 512.
    expect(p.kvProjection).toBe(25_165_824);
    expect(p.total / 80e9).toBeCloseTo(1, 1);
  });
});

describe('the models added for issue 14 count to their published sizes (hand-checkable)', () => {
  const count = (id: string) => countParameters(arch(id), model(id).kind).total;
  test('Qwen3-Embedding 0.6B / 4B / 8B: keras-hub\'s exact counts less the QK-norm weights (2 × 128 per layer, not modelled)', () => {
    // 0.6B: 151,669 × 1,024 + 28 × 15,730,944 + 1,024 = 595,776,512 (keras-hub), less 28 × 256.
    expect(count('qwen3-embedding-0.6b')).toBe(595_776_512 - 28 * 256);
    expect(count('qwen3-embedding-4b')).toBe(4_021_774_336 - 36 * 256);
    // keras-hub's 8B count includes an untied output matrix (151,665 × 4,096) that an embedding model does not use.
    expect(count('qwen3-embedding-8b')).toBe(8_188_515_328 - 151_665 * 4_096 - 36 * 256);
  });

  test('Phi-4: 100,352 × 5,120 × 2 (untied) + 40 × 340,797,440 + 5,120 = 14,659,507,200; KV 40 × 2 × 10 × 128 × 2 = 204,800 B/token', () => {
    expect(count('phi-4')).toBe(14_659_507_200);
    expect(kvBytesPerToken(arch('phi-4'), 'bf16')).toBe(204_800);
  });

  test('bge-m3: within 0.2% of its 567,754,752 parameters (the 1,049,600-parameter pooler is not counted)', () => {
    expect(Math.abs(count('bge-m3') / 567_754_752 - 1)).toBeLessThan(0.002);
  });

  test('GLM-4.6 differs from GLM-4.5 only in its context (202,752 vs 131,072), so KV per token is the same 92 × 2 × 8 × 128 × 2 = 376,832 B', () => {
    const [a, b] = [arch('glm-4.6'), arch('glm-4.5')];
    expect({ ...a, maxPositionEmbeddings: 0 }).toEqual({ ...b, maxPositionEmbeddings: 0 });
    expect([a.maxPositionEmbeddings, b.maxPositionEmbeddings]).toEqual([202_752, 131_072]);
    expect(kvBytesPerToken(a, 'bf16')).toBe(376_832);
    expect(model('glm-4.7').id).toBe('glm-4.6');
    expect(model('phi-4').id).toBe('phi-4');
  });
});

describe('catalog breadth (issue 14 floor)', () => {
  test('at least 55 models, 24 GPUs and 100 cloud offers', () => {
    const c = catalog();
    expect(c.models.length).toBeGreaterThanOrEqual(55);
    expect(c.gpus.length).toBeGreaterThanOrEqual(24);
  });

  test('cloud offers: at least 100, 10 in Europe and 5 in Asia-Pacific by the region matcher, AWS in us-east-1, B200/H200 rented', async () => {
    const { offers } = await loadPriceCatalogs([BUILTIN_CATALOG_DIR], catalog().gpus.map((g) => g.id), '2026-11-30');
    expect(offers.length).toBeGreaterThanOrEqual(100);
    expect(offers.filter((o) => jurisdictionOf(o.region) === 'eu').length).toBeGreaterThanOrEqual(10);
    expect(offers.filter((o) => jurisdictionOf(o.region) === 'apac').length).toBeGreaterThanOrEqual(5);
    expect(offers.some((o) => o.provider === 'aws' && o.region === 'us-east-1')).toBe(true);
    for (const g of ['b200-180gb', 'h200-sxm-141gb']) expect(offers.some((o) => o.gpuId === g)).toBe(true);
    expect(new Set(offers.map((o) => o.provider)).size).toBeGreaterThanOrEqual(10);
  });

  test('within an instance family the price per GPU is the same (1-GPU and 8-GPU shapes of one provider, GPU and region)', async () => {
    const { offers } = await loadPriceCatalogs([BUILTIN_CATALOG_DIR], catalog().gpus.map((g) => g.id), '2026-11-30');
    for (const p of ['hyperstack', 'verda', 'oci']) {
      const byFamily = new Map<string, number[]>();
      for (const o of offers.filter((x) => x.provider === p && x.onDemand.usdPerGpuHour !== null)) {
        const k = `${o.gpuId} ${o.region} ${o.instanceType.replace(/\d+(?=[A-Za-z])|[xX.]\d+$/g, '')}`;
        byFamily.set(k, [...(byFamily.get(k) ?? []), o.onDemand.usdPerGpuHour!]);
      }
      // Published prices are rounded to the cent or tenth of a cent: Verda 2x RTX 6000 Ada $1.652 = 2 × $0.826 vs 1x $0.8262.
      for (const [k, v] of byFamily) for (const x of v) expect(Math.abs(x / v[0]! - 1), `${p} ${k}`).toBeLessThan(0.001);
    }
  });

  test('MI355X is a CDNA4 row; the A10G has a derived, labelled BF16 peak so g5 offers get a speed prediction', () => {
    const mi = catalog().gpuEntries.find((g) => g.id === 'mi355x-288gb')!;
    expect(mi.architecture).toBe('cdna4');
    expect(mi.nominalMemoryGB.value).toBe(288);
    const a10g = catalog().gpuEntries.find((g) => g.id === 'a10g-24gb')!;
    // 80 SMs × 1.71 GHz × 1,024 FLOP/clock / 2 (FP32 accumulation) = 70.04 TFLOPS.
    expect(a10g.tensorTflops.bf16.dense.value).toBeCloseTo((80 * 1.71e9 * 1024) / 2 / 1e12, 2);
    expect(a10g.tensorTflops.bf16.dense.source).toMatch(/^derived/);
  });

  test('the models and GPUs people ask about resolve by id or alias', () => {
    for (const id of ['llama-4-scout', 'llama-4-maverick', 'kimi-k2', 'deepseek-r1', 'deepseek-v3.1', 'qwen3-coder', 'glm-4.5', 'glm-4.6', 'mistral-large', 'mistral-nemo', 'gemma-3-1b', 'gemma-3-4b', 'gemma-3-12b', 'qwen3-next', 'phi-4', 'bge-m3', 'qwen3-embedding-0.6b', 'qwen3-embedding-4b', 'qwen3-embedding-8b'])
      expect(model(id).id).toBeTruthy();
    expect(model('deepseek-r1').id).toBe('deepseek-v3');
    expect(model('deepseek-v3.1').id).toBe('deepseek-v3');
    const gpuIds = catalog().gpus.map((g) => g.id);
    for (const id of ['gb200-nvl72', 'b300-288gb', 'h20-96gb', 'l40-48gb', 'mi325x-256gb', 'rtx-4090-24gb', 'rtx-5090-32gb', 'rtx-pro-6000-96gb', 'rtx-6000-ada-48gb'])
      expect(gpuIds).toContain(id);
  });

  test('RTX A6000 and H200 NVL: dense and sparse kept apart; each dense peak checks by hand', () => {
    const a6000 = catalog().gpuEntries.find((g) => g.id === 'rtx-a6000-48gb')!;
    // 84 SMs × 1.80 GHz × 1,024 FLOP/clock (full-rate FP32 accumulation on GA102 professional cards) = 154.8 TFLOPS.
    expect(a6000.tensorTflops.bf16.dense.value).toBeCloseTo((84 * 1.8e9 * 1024) / 1e12, 1);
    expect(a6000.tensorTflops.bf16.sparse.value).toBeCloseTo(2 * a6000.tensorTflops.bf16.dense.value!, 0);
    expect(a6000.tensorTflops.fp8.dense.value).toBeNull();
    expect(a6000.nominalMemoryGB.value).toBe(48);
    const nvl = catalog().gpuEntries.find((g) => g.id === 'h200-nvl-141gb')!;
    // NVIDIA prints the sparse figure (1,671 FP16, 3,341 FP8); dense is half. Memory as the SXM part, power 600 W vs 700 W.
    expect(nvl.tensorTflops.bf16.dense.value).toBe(1671 / 2);
    expect(nvl.tensorTflops.fp8.dense.value).toBe(3341 / 2);
    expect([nvl.nominalMemoryGB.value, nvl.memoryBandwidthGBps.value, nvl.tdpWatts.value]).toEqual([141, 4800, 600]);
    expect(catalog().gpus.find((g) => g.id === 'h200-nvl-141gb')!.link.domainSize).toBe(4);
  });

  test('GB200 is one GPU of a 72-GPU NVLink domain', () => {
    const g = catalog().gpus.find((x) => x.id === 'gb200-nvl72')!;
    expect(g.link.domainSize).toBe(72);
  });
});
