// A Hugging Face config.json → a models catalog entry (the format of catalogs/models.yaml), as pure data: what could
// not be read, what was derived and what a config class default supplied come back as notes, each with a code and
// the config key, for the command to print. Nothing is guessed: a key the entry needs and the config lacks (with no
// documented class default) is a problem, located at the key by the caller.
import type { ModelEntry } from './schema.ts';
import { hfLayerKinds, hfMoeLayers, type Cfg, type ImportNote } from './hf-layers.ts';

export type { ImportNote } from './hf-layers.ts';

export interface ImportProblem {
  /** Key path in config.json, e.g. ["text_config", "num_attention_heads"]. */
  path: string[];
  message: string;
}

export type ImportResult =
  | { ok: true; entry: ModelEntry; notes: ImportNote[] }
  | { ok: false; problems: ImportProblem[]; notes: ImportNote[] };

/**
 * Defaults of the transformers config classes for keys their published config.json files omit (google/gemma-3-4b-it
 * names 6 text keys and relies on the class for heads, head_dim, vocabulary and context). Only classes read are here.
 */
const CLASS_DEFAULTS: Record<string, { source: string; values: Record<string, number | boolean> }> = {
  gemma3_text: {
    source: 'transformers @008f5c8c models/gemma3/configuration_gemma3.py Gemma3TextConfig',
    values: {
      vocab_size: 262208, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8,
      num_key_value_heads: 4, head_dim: 256, max_position_embeddings: 131072, sliding_window: 4096, sliding_window_pattern: 6,
      tie_word_embeddings: true,
    },
  },
  llama: { source: 'transformers @008e5743 models/llama/configuration_llama.py LlamaConfig', values: { tie_word_embeddings: false } },
  llama4_text: {
    source: 'transformers @008e5743 models/llama4/configuration_llama4.py Llama4TextConfig',
    values: { tie_word_embeddings: false, attention_chunk_size: 8192, no_rope_layer_interval: 4, interleave_moe_layer_step: 1 },
  },
  gemma2: { source: 'transformers @008e5743 models/gemma2/configuration_gemma2.py Gemma2Config', values: { tie_word_embeddings: true } },
};

/** Encoders served as embedding models: learned positions, biases everywhere, a plain GELU MLP, no LM head. */
const ENCODERS = new Set(['bert', 'roberta', 'xlm-roberta', 'nomic_bert']);
/** Decoders whose MLP is up + down (no gate). Every other model type here is gated (SwiGLU / GeGLU). */
const PLAIN_MLP = new Set(['gpt2', 'gpt_neox', 'falcon', 'opt', 'gpt_bigcode', 'phi', 'starcoder2', ...ENCODERS]);
/** Qwen2-family attention has q, k, v biases hard-coded (no config key). */
const QKV_BIAS = new Set(['qwen2', 'qwen2_moe', 'qwen2_vl', 'qwen2_5_vl']);

const isObject = (x: unknown): x is Cfg => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The decoder's own keys: top level, or `text_config` for multimodal wrappers (Gemma 3, Llama 4, Mistral 3). */
function textConfig(raw: Cfg): { c: Cfg; prefix: string[] } {
  if (raw.num_hidden_layers === undefined && isObject(raw.text_config)) return { c: raw.text_config, prefix: ['text_config'] };
  return { c: raw, prefix: [] };
}

export function importHfConfig(raw: unknown, opts: { id: string; readOn: string; source: string; name?: string }): ImportResult {
  const notes: ImportNote[] = [];
  const problems: ImportProblem[] = [];
  if (!isObject(raw)) return { ok: false, problems: [{ path: [], message: 'expected a JSON object (a Hugging Face config.json)' }], notes };
  const { c, prefix } = textConfig(raw);
  if (prefix.length) notes.push({ code: 'TEXT_CONFIG', key: 'text_config', text: `read the decoder from text_config; the ${isObject(raw.vision_config) ? 'vision tower (vision_config)' : 'rest of the wrapper'} is not counted` });
  const modelType = String(c.model_type ?? raw.model_type ?? '');
  const defaults = CLASS_DEFAULTS[modelType];
  const at = (key: string) => [...prefix, key];

  /** First of `keys` that is set, else the class default (noted), else a problem when required. */
  function num(keys: string[], what: string, required = true, min = 1): number | undefined {
    for (const k of keys) {
      const v = c[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
        problems.push({ path: at(k), message: `${k} must be a whole number ≥ ${min} (got ${JSON.stringify(v)})` });
        return undefined;
      }
      return v;
    }
    const d = defaults?.values[keys[0]!];
    if (typeof d === 'number') {
      notes.push({ code: 'CLASS_DEFAULT', key: keys[0]!, text: `${keys[0]} not in config.json: ${d}, the ${defaults!.source} default` });
      return d;
    }
    if (required) problems.push({ path: prefix, message: `no ${what} (${keys.join(' / ')})` });
    return undefined;
  }

  const layers = num(['num_hidden_layers', 'n_layer', 'num_layers', 'n_layers'], 'layer count');
  const hidden = num(['hidden_size', 'n_embd', 'd_model'], 'hidden size');
  const heads = num(['num_attention_heads', 'n_head', 'n_heads'], 'attention head count');
  const vocab = num(['vocab_size', 'padded_vocab_size'], 'vocabulary size');
  const maxPositions = num(['max_position_embeddings', 'n_positions', 'max_seq_len', 'seq_length'], 'context length');
  let kvHeads = num(['num_key_value_heads', 'num_kv_heads', 'n_head_kv'], 'key/value head count', false);
  if (kvHeads === undefined && c.multi_query === true) kvHeads = 1;
  if (kvHeads === undefined && heads !== undefined) {
    kvHeads = heads;
    notes.push({ code: 'DERIVED', key: 'num_key_value_heads', text: `num_key_value_heads not in config.json: ${heads} (= num_attention_heads, multi-head attention, as transformers' LlamaConfig defaults it)` });
  }

  // MLA (DeepSeek-V2/V3, Kimi K2): one compressed latent per token and layer instead of K and V per head.
  const kvLoraRank = num(['kv_lora_rank'], 'kv_lora_rank', false);
  let attention: ModelEntry['architecture']['attention'] = { kind: 'gqa' };
  let headDim = num(['head_dim'], 'head dimension', false);
  if (kvLoraRank !== undefined) {
    const rope = num(['qk_rope_head_dim'], 'MLA rope head dimension');
    const nope = num(['qk_nope_head_dim'], 'MLA no-rope head dimension');
    const v = num(['v_head_dim'], 'MLA value head dimension');
    const qLora = num(['q_lora_rank'], 'q_lora_rank', false) ?? null;
    if (rope !== undefined && nope !== undefined && v !== undefined) {
      attention = { kind: 'mla', kvLoraRank, qkRopeHeadDim: rope, qkNopeHeadDim: nope, vHeadDim: v, qLoraRank: qLora };
      headDim = nope + rope;
      notes.push({ code: 'DERIVED', key: 'qk_nope_head_dim', text: `MLA: headDim ${headDim} = qk_nope_head_dim ${nope} + qk_rope_head_dim ${rope}; KV per token and layer = kv_lora_rank ${kvLoraRank} + qk_rope_head_dim ${rope} values` });
      if (typeof c.num_nextn_predict_layers === 'number' && c.num_nextn_predict_layers > 0) notes.push({ code: 'NOT_REPRESENTABLE', key: 'num_nextn_predict_layers', text: `${c.num_nextn_predict_layers} multi-token-prediction layer(s) not counted (speculative decoding module, not loaded for plain serving)` });
      if (c.index_head_dim !== undefined) notes.push({ code: 'NOT_REPRESENTABLE', key: 'index_head_dim', text: `DeepSeek sparse attention indexer keys (index_head_dim ${JSON.stringify(c.index_head_dim)} per token and layer) are not counted in the KV cache` });
    }
  } else if (headDim === undefined && hidden !== undefined && heads !== undefined) {
    if (hidden % heads !== 0) problems.push({ path: at('head_dim'), message: `no head_dim, and hidden_size ${hidden} is not a multiple of num_attention_heads ${heads}` });
    else {
      headDim = hidden / heads;
      notes.push({ code: 'DERIVED', key: 'head_dim', text: `head_dim not in config.json: ${headDim} = hidden_size / num_attention_heads` });
    }
  }

  const moe = layers === undefined ? null : readMoe(c, layers, num, notes, modelType);
  const intermediate = num(['intermediate_size_mlp', 'intermediate_size', 'ffn_dim', 'n_inner', 'ffn_hidden_size'], 'MLP size', moe === null || moe.firstDenseLayers > 0)
    ?? moe?.moeIntermediateSize;
  if (c.intermediate_size === undefined && moe && moe.firstDenseLayers === 0 && intermediate !== undefined) notes.push({ code: 'DERIVED', key: 'intermediate_size', text: 'no dense layer: intermediateSize set to the expert size (unused)' });

  const kinds = layers === undefined ? null : hfLayerKinds(c, layers, modelType, num, notes);
  const linear = kinds && kinds.linear > 0 ? readLinearAttention(c, modelType, num, notes) : null;
  const tie = readTie(c, raw, modelType, notes);
  if (problems.length || layers === undefined || hidden === undefined || heads === undefined || kvHeads === undefined || headDim === undefined
    || vocab === undefined || maxPositions === undefined || intermediate === undefined || kinds === null || (kinds.linear > 0 && linear === null)) {
    return { ok: false, problems: problems.length ? problems : [{ path: prefix, message: 'config.json lacks keys the entry needs' }], notes };
  }

  const encoder = ENCODERS.has(modelType);
  const biases = encoder ? 'all' : c.attention_bias === true ? 'attention' : QKV_BIAS.has(modelType) ? 'qkv' : 'none';
  if (c.mlp_bias === true && !encoder) notes.push({ code: 'NOT_REPRESENTABLE', key: 'mlp_bias', text: 'mlp_bias true: MLP biases are not counted (a few parameters per layer)' });
  if (!PLAIN_MLP.has(modelType) && !KNOWN_GATED.has(modelType)) notes.push({ code: 'ASSUMED', key: 'model_type', text: `model_type "${modelType || '(none)'}" is not in the importer's tables: MLP taken as gated (SwiGLU/GeGLU, three matrices), the usual decoder` });
  const sliding = kinds.sliding + kinds.chunked;
  const window = kinds.window;
  return {
    ok: true,
    notes,
    entry: {
      id: opts.id,
      name: opts.name ?? opts.id,
      hfRepo: typeof raw._name_or_path === 'string' && raw._name_or_path ? raw._name_or_path : 'unknown (not in config.json)',
      aliases: [],
      kind: encoder ? 'embedding' : 'decoder',
      source: opts.source,
      readOn: opts.readOn,
      notes: `Imported by llmplan catalog import. ${notes.map((n) => n.text).join('. ')}`.trim(),
      releasedWeights: readWeights(c, raw, notes),
      architecture: {
        numHiddenLayers: layers, hiddenSize: hidden, intermediateSize: intermediate, numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim,
        vocabSize: vocab, maxPositionEmbeddings: maxPositions, tieWordEmbeddings: encoder ? true : tie, mlp: PLAIN_MLP.has(modelType) ? 'plain' : 'gated', biases,
        attention,
        layerPattern: linear ? { kind: 'hybrid-linear', fullLayers: kinds.full, linearLayers: kinds.linear, ...linear }
          : sliding > 0 && window !== null ? { kind: 'sliding', window, slidingLayers: sliding, fullLayers: layers - sliding } : { kind: 'full' },
        moe,
        learnedPositionEmbeddings: encoder ? maxPositions : 0,
      },
      parameters: {
        total: { value: null, reason: 'config.json gives no parameter count; llmplan counts the parameters from the architecture' },
        totalKind: 'approximate',
        active: { value: null, reason: moe ? 'config.json gives no active parameter count; llmplan counts it from the architecture' : 'dense: every parameter is active' },
      },
      checkpointBytesBf16: { value: null, reason: 'imported from config.json alone; model.safetensors.index.json total_size not read' },
    },
  };
}

const KNOWN_GATED = new Set([
  'llama', 'llama4_text', 'mistral', 'mixtral', 'qwen2', 'qwen2_moe', 'qwen3', 'qwen3_moe', 'qwen3_next', 'deepseek_v2', 'deepseek_v3', 'deepseek_v32',
  'kimi_k2', 'gemma', 'gemma2', 'gemma3_text', 'phi3', 'gpt_oss', 'glm4_moe', 'olmo2', 'olmo3', 'minimax_m2', 'cohere', 'cohere2', 'granite',
]);

function readMoe(c: Cfg, layers: number, num: (k: string[], w: string, r?: boolean, min?: number) => number | undefined, notes: ImportNote[], modelType: string): ModelEntry['architecture']['moe'] {
  const experts = num(['num_local_experts', 'num_experts', 'n_routed_experts', 'moe_num_experts'], 'expert count', false);
  if (experts === undefined || experts <= 1) return null;
  const perToken = num(['num_experts_per_tok', 'experts_per_token', 'num_experts_per_token', 'moe_topk'], 'experts per token') ?? 1;
  const size = num(['moe_intermediate_size', 'intermediate_size'], 'expert MLP size') ?? 1;
  let shared = num(['n_shared_experts', 'num_shared_experts'], 'shared experts', false, 0) ?? 0;
  const sharedSize = num(['shared_expert_intermediate_size'], 'shared expert size', false, 0);
  if (sharedSize !== undefined && sharedSize > 0 && shared === 0) {
    // Qwen2-MoE / Qwen3-Next: one shared expert of its own size. Its parameters equal sharedSize / size experts.
    shared = Math.ceil(sharedSize / size);
    const exact = sharedSize % size === 0;
    notes.push({ code: exact ? 'DERIVED' : 'NOT_REPRESENTABLE', key: 'shared_expert_intermediate_size', text: `one shared expert of ${sharedSize} counted as ${shared} expert(s) of ${size}${exact ? ' (same parameters)' : `, ${shared * size - sharedSize} more per layer than it has (the schema has no shared-expert size)`}` });
  }
  if (modelType === 'llama4_text' && shared === 0) {
    shared = 1;
    notes.push({ code: 'DERIVED', key: 'num_local_experts', text: 'Llama 4 MoE layers add one shared expert of intermediate_size (no config key; transformers Llama4TextMoe)' });
  }
  const moeLayers = hfMoeLayers(c, layers, num, notes);
  return { numExperts: experts, expertsPerToken: perToken, moeIntermediateSize: size, numSharedExperts: shared, firstDenseLayers: layers - moeLayers };
}

type LinearDims = Omit<Extract<ModelEntry['architecture']['layerPattern'], { kind: 'hybrid-linear' }>, 'kind' | 'fullLayers' | 'linearLayers'>;

/** Gated DeltaNet dimensions (Qwen3-Next, Qwen3.5 `linear_*` keys); null, with problems pushed by `num`, when any is missing. */
function readLinearAttention(c: Cfg, modelType: string, num: (k: string[], w: string, r?: boolean, min?: number) => number | undefined, notes: ImportNote[]): LinearDims | null {
  const keyHeads = num(['linear_num_key_heads'], 'linear-attention key heads');
  const valueHeads = num(['linear_num_value_heads'], 'linear-attention value heads');
  const keyDim = num(['linear_key_head_dim'], 'linear-attention key head dimension');
  const valueDim = num(['linear_value_head_dim'], 'linear-attention value head dimension');
  const conv = num(['linear_conv_kernel_dim'], 'linear-attention conv kernel');
  if (keyHeads === undefined || valueHeads === undefined || keyDim === undefined || valueDim === undefined || conv === undefined) return null;
  const ssm = String(c.mamba_ssm_dtype ?? '');
  const stateDtype = ssm === 'float32' ? 'fp32' : 'bf16';
  notes.push({ code: 'DERIVED', key: ssm ? 'mamba_ssm_dtype' : 'linear_num_value_heads', text: `linear-attention state ${ssm ? `in ${ssm} (mamba_ssm_dtype)` : 'in the model dtype (vLLM --mamba-ssm-cache-dtype auto)'}: ${valueHeads} × ${valueDim} × ${keyDim} values per layer and sequence, plus a conv window of ${conv - 1} × ${2 * keyHeads * keyDim + valueHeads * valueDim}` });
  let outputGate: boolean;
  if (typeof c.attn_output_gate === 'boolean') outputGate = c.attn_output_gate;
  else if (modelType === 'qwen3_next') {
    outputGate = true;
    notes.push({ code: 'DERIVED', key: 'attn_output_gate', text: 'attn_output_gate not in config.json: true, as Qwen3-Next attention always gates its output (TensorRT-LLM Qwen3NextAttention attn_output_gate=True; lmdeploy projects 2 × heads × head_dim for q)' });
  } else {
    outputGate = false;
    notes.push({ code: 'ASSUMED', key: 'attn_output_gate', text: 'attn_output_gate not in config.json: false (no output gate on the full-attention layers)' });
  }
  return { linearNumKeyHeads: keyHeads, linearNumValueHeads: valueHeads, linearKeyHeadDim: keyDim, linearValueHeadDim: valueDim, linearConvKernel: conv, stateDtype, outputGate };
}

function readTie(c: Cfg, raw: Cfg, modelType: string, notes: ImportNote[]): boolean {
  const v = c.tie_word_embeddings ?? raw.tie_word_embeddings;
  if (typeof v === 'boolean') return v;
  const d = CLASS_DEFAULTS[modelType];
  if (d && typeof d.values.tie_word_embeddings === 'boolean') {
    notes.push({ code: 'CLASS_DEFAULT', key: 'tie_word_embeddings', text: `tie_word_embeddings not in config.json: ${d.values.tie_word_embeddings}, the ${d.source} default` });
    return d.values.tie_word_embeddings;
  }
  notes.push({ code: 'ASSUMED', key: 'tie_word_embeddings', text: `tie_word_embeddings not in config.json: true, transformers' PretrainedConfig default; "${modelType}"'s own config class may default to false (then the LM head adds vocab × hidden parameters)` });
  return true;
}

function readWeights(c: Cfg, raw: Cfg, notes: ImportNote[]): ModelEntry['releasedWeights'] {
  const q = isObject(raw.quantization_config) ? raw.quantization_config : isObject(c.quantization_config) ? c.quantization_config : null;
  const method = q ? String(q.quant_method ?? '') : '';
  if (method === 'fp8') return 'fp8';
  if (method === 'mxfp4') return 'mxfp4';
  if (q) notes.push({ code: 'NOT_REPRESENTABLE', key: 'quantization_config', text: `quantization_config quant_method "${method}" is not a released format the catalog knows: releasedWeights from torch_dtype; size it with --weights` });
  const dtype = String(c.torch_dtype ?? raw.torch_dtype ?? c.dtype ?? raw.dtype ?? '');
  const map: Record<string, ModelEntry['releasedWeights']> = { bfloat16: 'bf16', float16: 'fp16', float32: 'fp32' };
  if (map[dtype]) return map[dtype]!;
  notes.push({ code: 'ASSUMED', key: 'torch_dtype', text: `torch_dtype ${dtype ? `"${dtype}" not understood` : 'not in config.json'}: releasedWeights bf16 assumed; pass --weights to size another format` });
  return 'bf16';
}
