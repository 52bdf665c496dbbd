// `llmplan catalog import --hf-config`: real config.json files (test/fixtures/hf-configs/SOURCES.md) give the
// same KV bytes per token as the catalog entries written by hand for the same models, and every config spelling
// (GQA with explicit head_dim, MoE under its names, MLA, sliding-window patterns, tied embeddings) is read.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importHfConfig } from '../src/catalog/hf-config.ts';
import { toModel } from '../src/catalog/convert.ts';
import { modelCatalogSchema, type ModelEntry } from '../src/catalog/schema.ts';
import { kvBytesPerSequence, kvBytesPerToken } from '../src/core/memory/kv-cache.ts';
import { cli, model } from './helpers.ts';

const FIX = 'test/fixtures/hf-configs';
const read = (f: string): unknown => JSON.parse(readFileSync(`${FIX}/${f}`, 'utf8'));
const opts = { id: 'imported', readOn: '2026-11-30', source: 'test fixture' };

function imported(f: string): { entry: ModelEntry; codes: string[]; keys: string[] } {
  const r = importHfConfig(read(f), opts);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { entry: r.entry, codes: r.notes.map((n) => n.code), keys: r.notes.map((n) => `${n.code} ${n.key}`) };
}

describe('imported entries match the catalog', () => {
  // file, catalog id, hand-checked bf16 KV bytes per token (all layers holding the token)
  test.each([
    ['llama-3.1-8b.json', 'llama-3.1-8b', 32 * 2 * 8 * 128 * 2], // 131,072
    ['mixtral-8x7b.json', 'mixtral-8x7b', 32 * 2 * 8 * 128 * 2], // 131,072
    ['deepseek-v3.json', 'deepseek-v3', 61 * (512 + 64) * 2], // 70,272: MLA latent + rope key
    ['kimi-k2.json', 'kimi-k2', 61 * (512 + 64) * 2],
    ['gemma-3-4b-it.json', 'gemma-3-4b', 34 * 2 * 4 * 256 * 2], // 139,264
    ['gpt-oss-20b.json', 'gpt-oss-20b', 24 * 2 * 8 * 64 * 2], // 49,152
    ['qwen3-30b-a3b.json', 'qwen3-30b-a3b', 48 * 2 * 4 * 128 * 2], // 98,304
    ['llama-4-scout.json', 'llama-4-scout', 48 * 2 * 8 * 128 * 2], // 196,608
    ['llama-4-maverick.json', 'llama-4-maverick', 48 * 2 * 8 * 128 * 2],
    ['qwen3-next-80b-a3b.json', 'qwen3-next-80b-a3b', 12 * 2 * 2 * 256 * 2], // 24,576: 36 linear-attention layers hold none
  ])('%s → kvBytesPerToken of %s = %i', (file, id, bytes) => {
    const a = toModel(imported(file).entry).architecture;
    const c = model(id).architecture;
    expect(kvBytesPerToken(a, 'bf16')).toBe(bytes);
    expect(kvBytesPerToken(a, 'bf16')).toBe(kvBytesPerToken(c, 'bf16'));
    // The layer pattern too: a 32k-token sequence holds the same KV (sliding and chunked layers keep their window).
    expect(kvBytesPerSequence(a, 'bf16', 1, 32768)).toBe(kvBytesPerSequence(c, 'bf16', 1, 32768));
    expect(a.layerPattern).toEqual(c.layerPattern);
    expect(a.moe).toEqual(c.moe);
    for (const k of ['numHiddenLayers', 'hiddenSize', 'numAttentionHeads', 'numKeyValueHeads', 'headDim', 'maxPositionEmbeddings', 'tieWordEmbeddings', 'biases'] as const) {
      expect(a[k], k).toEqual(c[k]);
    }
  });

  test('every imported fixture passes the catalog schema', () => {
    for (const f of readdirJson()) {
      const r = importHfConfig(read(f), opts);
      expect(r.ok, f).toBe(true);
      if (r.ok) expect(modelCatalogSchema.safeParse({ schemaVersion: 1, models: [r.entry] }).success, f).toBe(true);
    }
  });
});

function readdirJson(): string[] {
  return ['llama-3.1-8b.json', 'mixtral-8x7b.json', 'deepseek-v3.json', 'kimi-k2.json', 'gemma-3-4b-it.json', 'gpt-oss-20b.json', 'qwen3-30b-a3b.json', 'llama-4-scout.json', 'llama-4-maverick.json', 'qwen3-next-80b-a3b.json'];
}

describe('config spellings', () => {
  test('an explicit head_dim is used, not hidden / heads', () => {
    expect(imported('qwen3-30b-a3b.json').entry.architecture.headDim).toBe(128); // 2048 / 32 would be 64
    expect(imported('gpt-oss-20b.json').entry.architecture.headDim).toBe(64); // 2880 / 64 = 45
    const llama = imported('llama-3.1-8b.json');
    expect(llama.entry.architecture.headDim).toBe(128);
    expect(llama.keys).toContain('DERIVED head_dim');
  });

  test('MoE: num_local_experts, num_experts, n_routed_experts + n_shared_experts + first_k_dense_replace, shared_expert_intermediate_size', () => {
    expect(imported('mixtral-8x7b.json').entry.architecture.moe).toEqual({ numExperts: 8, expertsPerToken: 2, moeIntermediateSize: 14336, numSharedExperts: 0, firstDenseLayers: 0 });
    expect(imported('qwen3-30b-a3b.json').entry.architecture.moe).toEqual({ numExperts: 128, expertsPerToken: 8, moeIntermediateSize: 768, numSharedExperts: 0, firstDenseLayers: 0 });
    expect(imported('deepseek-v3.json').entry.architecture.moe).toEqual({ numExperts: 256, expertsPerToken: 8, moeIntermediateSize: 2048, numSharedExperts: 1, firstDenseLayers: 3 });
    const next = imported('qwen3-next-80b-a3b.json');
    expect(next.entry.architecture.moe).toMatchObject({ numExperts: 512, expertsPerToken: 10, moeIntermediateSize: 512, numSharedExperts: 1 });
    // One shared expert of shared_expert_intermediate_size 512 = one expert of moe_intermediate_size 512.
    expect(next.keys).toContain('DERIVED shared_expert_intermediate_size');
  });

  test('MLA: kv_lora_rank, qk_rope_head_dim, qk_nope_head_dim, v_head_dim, q_lora_rank; fp8 from quantization_config', () => {
    const { entry, keys } = imported('deepseek-v3.json');
    expect(entry.architecture.attention).toEqual({ kind: 'mla', kvLoraRank: 512, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128, qLoraRank: 1536 });
    expect(entry.architecture.headDim).toBe(192);
    expect(entry.releasedWeights).toBe('fp8');
    expect(keys).toContain('NOT_REPRESENTABLE num_nextn_predict_layers');
  });

  test('sliding windows: layer_types (gpt-oss), sliding_window_pattern + class defaults (Gemma 3), chunked attention (Llama 4)', () => {
    expect(imported('gpt-oss-20b.json').entry.architecture.layerPattern).toEqual({ kind: 'sliding', window: 128, slidingLayers: 12, fullLayers: 12 });
    const gemma = imported('gemma-3-4b-it.json');
    // Global layers 5, 11, 17, 23, 29 of 34: (i + 1) % 6 = 0.
    expect(gemma.entry.architecture.layerPattern).toEqual({ kind: 'sliding', window: 1024, slidingLayers: 29, fullLayers: 5 });
    expect(gemma.keys).toEqual(expect.arrayContaining(['TEXT_CONFIG text_config', 'CLASS_DEFAULT num_attention_heads', 'CLASS_DEFAULT head_dim', 'CLASS_DEFAULT sliding_window_pattern']));
    expect(gemma.entry.architecture.tieWordEmbeddings).toBe(true);
    expect(imported('llama-4-scout.json').entry.architecture.layerPattern).toEqual({ kind: 'sliding', window: 8192, slidingLayers: 36, fullLayers: 12 });
  });

  const base = { model_type: 'mistral', num_hidden_layers: 32, hidden_size: 4096, intermediate_size: 14336, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 32000, max_position_embeddings: 32768, torch_dtype: 'bfloat16' };
  const arch = (cfg: object) => {
    const r = importHfConfig(cfg, opts);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return { a: r.entry.architecture, notes: r.notes.map((n) => `${n.code} ${n.key}`) };
  };

  test('linear attention: full_attention_interval or layer_types give the hybrid-linear pattern with the linear_* dimensions', () => {
    const next = imported('qwen3-next-80b-a3b.json');
    expect(next.entry.architecture.layerPattern).toEqual({
      kind: 'hybrid-linear', fullLayers: 12, linearLayers: 36, linearNumKeyHeads: 16, linearNumValueHeads: 32,
      linearKeyHeadDim: 128, linearValueHeadDim: 128, linearConvKernel: 4, stateDtype: 'bf16', outputGate: true,
    });
    expect(next.keys).toContain('DERIVED full_attention_interval');
    const lin = { linear_num_key_heads: 16, linear_num_value_heads: 32, linear_key_head_dim: 128, linear_value_head_dim: 128, linear_conv_kernel_dim: 4 };
    // Qwen3.5 style: layer_types spelt out, an fp32 recurrent state, an explicit output gate.
    const types = Array.from({ length: 32 }, (_, i) => ((i + 1) % 4 === 0 ? 'full_attention' : 'linear_attention'));
    const q35 = arch({ ...base, model_type: 'qwen3_5_text', head_dim: 256, layer_types: types, mamba_ssm_dtype: 'float32', attn_output_gate: true, ...lin });
    expect(q35.a.layerPattern).toMatchObject({ kind: 'hybrid-linear', fullLayers: 8, linearLayers: 24, stateDtype: 'fp32', outputGate: true });
    // Without the linear_* dimensions the state cannot be sized: a problem at the config, not a guess.
    const r = importHfConfig({ ...base, model_type: 'qwen3_next', full_attention_interval: 4 }, opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.message).join(' ')).toContain('linear_num_key_heads');
  });

  test('Mistral sliding_window covers every layer; Phi-3 style windows without layer_types are ignored and said so', () => {
    expect(arch({ ...base, sliding_window: 4096 }).a.layerPattern).toEqual({ kind: 'sliding', window: 4096, slidingLayers: 32, fullLayers: 0 });
    const phi = arch({ ...base, model_type: 'phi3', sliding_window: 2047 });
    expect(phi.a.layerPattern).toEqual({ kind: 'full' });
    expect(phi.notes).toContain('IGNORED sliding_window');
    expect(arch({ ...base, model_type: 'qwen2', sliding_window: 4096, use_sliding_window: false }).a.layerPattern).toEqual({ kind: 'full' });
  });

  test('tied embeddings: tie_word_embeddings read, else the class default, else assumed and said so', () => {
    expect(arch({ ...base, tie_word_embeddings: true }).a.tieWordEmbeddings).toBe(true);
    expect(arch({ ...base, model_type: 'llama' }).a.tieWordEmbeddings).toBe(false);
    const unknown = arch({ ...base, model_type: 'somenewmodel' });
    expect(unknown.a.tieWordEmbeddings).toBe(true);
    expect(unknown.notes).toEqual(expect.arrayContaining(['ASSUMED tie_word_embeddings', 'ASSUMED model_type']));
  });

  test('Qwen2 gets q/k/v biases; attention_bias gives q/k/v/o biases; missing num_key_value_heads is MHA', () => {
    expect(arch({ ...base, model_type: 'qwen2' }).a.biases).toBe('qkv');
    expect(arch({ ...base, attention_bias: true }).a.biases).toBe('attention');
    const { num_key_value_heads: _kv, ...mha } = base;
    expect(arch(mha).a.numKeyValueHeads).toBe(32);
  });

  test('missing and malformed keys are problems with their key path, not guesses', () => {
    const { vocab_size: _v, ...noVocab } = base;
    const r = importHfConfig({ ...noVocab, num_attention_heads: '32' }, opts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.path.join('.'))).toEqual(['num_attention_heads', '']);
      expect(r.problems[1]!.message).toContain('vocab_size');
    }
  });
});

describe('llmplan catalog import', () => {
  test('prints YAML on stdout and what it read on stderr', async () => {
    const r = await cli(['catalog', 'import', '--hf-config', `${FIX}/deepseek-v3.json`, '--id', 'my-dsv3', '--as-of', '2026-11-30']);
    expect(r.code, r.stderr).toBe(0);
    const doc = modelCatalogSchema.parse(parse(r.stdout));
    expect(doc.models[0]).toMatchObject({ id: 'my-dsv3', readOn: '2026-11-30', releasedWeights: 'fp8' });
    expect(r.stderr).toContain('KV 70,272 B/token in bf16');
    expect(r.stderr).toContain('could not read or represent:');
    expect(r.stderr).toContain('num_nextn_predict_layers');
  });

  test('--out writes a models.yaml that --catalog-dir uses; a second import of the id replaces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmplan-import-'));
    const out = join(dir, 'models.yaml');
    const a = await cli(['catalog', 'import', '--hf-config', `${FIX}/mixtral-8x7b.json`, '--id', 'my-mixtral', '--out', out]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe('');
    expect(a.stderr).toContain(`wrote "my-mixtral" in ${out}`);
    const b = await cli(['catalog', 'import', '--hf-config', `${FIX}/llama-3.1-8b.json`, '--id', 'my-llama', '--out', out]);
    expect(b.code, b.stderr).toBe(0);
    const c = await cli(['catalog', 'import', '--hf-config', `${FIX}/llama-3.1-8b.json`, '--id', 'my-llama', '--out', out]);
    expect(c.stderr).toContain('replaced "my-llama"');
    expect(modelCatalogSchema.parse(parse(readFileSync(out, 'utf8'))).models.map((m) => m.id)).toEqual(['my-mixtral', 'my-llama']);
    const size = await cli(['size', '--catalog-dir', dir, '--model', 'my-llama', '--gpu', 'h100-sxm-80gb', '--json']);
    expect(size.code, size.stderr).toBe(0);
    expect(JSON.parse(size.stdout).results[0].kvBytesPerToken).toBe(131072);
  });

  test('a config missing a key the entry needs: exit 2 at file:line:col', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmplan-import-'));
    const bad = join(dir, 'config.json');
    writeFileSync(bad, '{\n  "model_type": "mistral",\n  "num_hidden_layers": 32,\n  "hidden_size": "4096"\n}\n');
    const r = await cli(['catalog', 'import', '--hf-config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:4:18  hidden_size  hidden_size must be a whole number ≥ 1 (got "4096")`);
    expect(r.stderr).toContain('no attention head count');
  });

  test('no --id and a bare config.json: the directory names the model', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'llmplan-import-')), 'Llama-3.1-8B');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(dir);
    copyFileSync(`${FIX}/llama-3.1-8b.json`, join(dir, 'config.json'));
    const r = await cli(['catalog', 'import', '--hf-config', join(dir, 'config.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('imported "llama-3.1-8b"');
  });
});

describe('--model path/to/config.json', () => {
  test('size imports it on the fly: the same memory plan as the catalog entry', async () => {
    const fromFile = await cli(['size', '--model', `${FIX}/llama-3.1-8b.json`, '--gpu', 'h100-sxm-80gb', '--json']);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stderr).toContain('imported from config.json as "llama-3.1-8b"');
    const fromCatalog = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--json']);
    const [a, b] = [JSON.parse(fromFile.stdout).results[0], JSON.parse(fromCatalog.stdout).results[0]];
    expect(a.kvBytesPerToken).toBe(b.kvBytesPerToken);
    expect(a.kvCapacityTokens).toBeGreaterThan(0);
  });

  test('perf imports it and says what it could not represent', async () => {
    const r = await cli(['perf', '--model', `${FIX}/llama-4-maverick.json`, '--gpu', 'h200-sxm-141gb', '--tp', '8', '--isl', '1k', '--osl', '256', '--concurrency', '4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('interleave_moe_layer_step');
    expect(JSON.parse(r.stdout).kind).toBe('perf');
  });

  test('a hybrid linear-attention model (Qwen3-Next) is sized from its config.json with its per-sequence state', async () => {
    const r = await cli(['size', '--model', `${FIX}/qwen3-next-80b-a3b.json`, '--gpu', 'h200-sxm-141gb', '--tp', '2', '--context', '8192', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const x = JSON.parse(r.stdout).results[0];
    // TP2: 12 full layers × 2 (K,V) × 1 kv head × 256 × 2 B = 12,288 B; 36 linear layers hold 19,759,104 B per sequence.
    expect(x.kvBytesPerToken).toBe(12_288);
    expect(x.kvBytesPerSequence).toBe(12_288 * 8192 + 19_759_104);
  });

  test('a .json that does not exist is exit 2, not "unknown model"', async () => {
    const r = await cli(['size', '--model', 'nowhere/config.json', '--gpu', 'h100-sxm-80gb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no file nowhere/config.json');
  });
});
