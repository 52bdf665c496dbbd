// Which layers of a Hugging Face config attend how (full, sliding window, chunked, linear) and which are MoE, from
// the several spellings configs use. Pure; hf-config.ts turns the counts into a catalog entry.

export type Cfg = Record<string, unknown>;

export interface ImportNote {
  /** TEXT_CONFIG, CLASS_DEFAULT, DERIVED, ASSUMED, IGNORED, NOT_REPRESENTABLE. */
  code: 'TEXT_CONFIG' | 'CLASS_DEFAULT' | 'DERIVED' | 'ASSUMED' | 'IGNORED' | 'NOT_REPRESENTABLE';
  /** The config.json key it is about. */
  key: string;
  text: string;
}

type Num = (keys: string[], what: string, required?: boolean, min?: number) => number | undefined;

export interface LayerKinds {
  full: number;
  sliding: number;
  chunked: number;
  linear: number;
  /** Tokens a sliding or chunked layer keeps; null when every layer is full. */
  window: number | null;
}

const count = (kinds: string[], k: string) => kinds.filter((x) => x === k).length;

/**
 * Per-layer attention kinds, in this order of evidence:
 * 1. `layer_types` (transformers ≥ 4.53 writes it: "sliding_attention", "full_attention", "chunked_attention", "linear_attention");
 * 2. Llama 4: `attention_chunk_size`, every `no_rope_layer_interval`-th (4th) layer global (`no_rope_layers` when given);
 * 3. `sliding_window_pattern` N (Gemma 3: layer i is global when (i + 1) % N == 0, 5 local : 1 global);
 * 4. Gemma 2: alternating, sliding first; Qwen2-family `use_sliding_window`: layers ≥ `max_window_layers` slide;
 * 5. Mistral / Mixtral `sliding_window`: every layer slides (Mistral-7B-v0.1: 4096);
 * 6. Qwen3-Next `full_attention_interval` N: every N-th layer full, the others linear attention (no KV cache).
 * Any other `sliding_window` is ignored, as vLLM does without layer_types (Phi-3's 2047), and said so.
 */
export function hfLayerKinds(c: Cfg, layers: number, modelType: string, num: Num, notes: ImportNote[]): LayerKinds {
  const disabled = c.use_sliding_window === false;
  const window = disabled ? undefined : num(['sliding_window'], 'sliding window', false);
  let kinds: string[] | null = null;
  let why = '';
  if (Array.isArray(c.layer_types) && c.layer_types.length === layers) {
    kinds = c.layer_types.map((t) => String(t).replace(/_attention$/, ''));
    why = 'layer_types';
  } else if ((c.attention_chunk_size !== undefined && c.attention_chunk_size !== null) || (modelType === 'llama4_text' && c.attention_chunk_size !== null)) {
    const interval = num(['no_rope_layer_interval'], 'no-rope interval') ?? 4;
    const noRope = Array.isArray(c.no_rope_layers) && c.no_rope_layers.length === layers ? c.no_rope_layers : null;
    kinds = Array.from({ length: layers }, (_, i) => ((noRope ? noRope[i] === 0 : (i + 1) % interval === 0) ? 'full' : 'chunked'));
    why = noRope ? 'no_rope_layers (0 = global NoPE layer)' : `every ${interval}th layer global, as Llama4TextConfig builds no_rope_layers`;
  } else if (window !== undefined && (c.sliding_window_pattern !== undefined || c._sliding_window_pattern !== undefined || modelType === 'gemma3_text')) {
    const pattern = num(['sliding_window_pattern', '_sliding_window_pattern'], 'sliding window pattern') ?? 6;
    kinds = Array.from({ length: layers }, (_, i) => ((i + 1) % pattern === 0 ? 'full' : 'sliding'));
    why = `sliding_window_pattern ${pattern}: layer i is global when (i + 1) % ${pattern} = 0`;
  } else if (window !== undefined && modelType === 'gemma2') {
    kinds = Array.from({ length: layers }, (_, i) => ((i + 1) % 2 ? 'sliding' : 'full'));
    why = 'Gemma 2 alternates sliding and global layers, sliding first (Gemma2Config layer_types default)';
  } else if (window !== undefined && c.use_sliding_window === true) {
    const from = num(['max_window_layers'], 'max_window_layers', false) ?? 0;
    kinds = Array.from({ length: layers }, (_, i) => (i >= from ? 'sliding' : 'full'));
    why = `use_sliding_window: layers from max_window_layers ${from} slide`;
  } else if (window !== undefined && (modelType === 'mistral' || modelType === 'mixtral')) {
    kinds = Array(layers).fill('sliding');
    why = `${modelType}: sliding_window applies to every layer`;
  } else if (c.full_attention_interval !== undefined) {
    const every = num(['full_attention_interval'], 'full attention interval') ?? 1;
    kinds = Array.from({ length: layers }, (_, i) => ((i + 1) % every === 0 ? 'full' : 'linear'));
    why = `full_attention_interval ${every}`;
  } else if (window !== undefined) {
    notes.push({ code: 'IGNORED', key: 'sliding_window', text: `sliding_window ${window} ignored: no layer_types or pattern says which layers use it (vLLM applies a window only to layers layer_types marks sliding)` });
  }
  if (disabled && c.sliding_window !== undefined && c.sliding_window !== null) notes.push({ code: 'IGNORED', key: 'sliding_window', text: 'use_sliding_window false: every layer is full attention' });
  if (!kinds) return { full: layers, sliding: 0, chunked: 0, linear: 0, window: null };

  const unknown = [...new Set(kinds.filter((k) => !['full', 'sliding', 'chunked', 'linear'].includes(k)))];
  if (unknown.length) notes.push({ code: 'NOT_REPRESENTABLE', key: 'layer_types', text: `layer types ${unknown.join(', ')} counted as full attention` });
  const r: LayerKinds = { full: layers - count(kinds, 'sliding') - count(kinds, 'chunked') - count(kinds, 'linear'), sliding: count(kinds, 'sliding'), chunked: count(kinds, 'chunked'), linear: count(kinds, 'linear'), window: null };
  if (r.chunked) {
    r.window = num(['attention_chunk_size'], 'attention chunk size') ?? null;
    notes.push({ code: 'DERIVED', key: 'attention_chunk_size', text: `${r.chunked} chunked-attention layers (chunk ${r.window}) written as a sliding window of ${r.window}: a chunked layer holds at most one chunk of KV; ${r.full} global layers (${why})` });
  }
  if (r.sliding) {
    if (window === undefined) {
      notes.push({ code: 'NOT_REPRESENTABLE', key: 'sliding_window', text: `${r.sliding} layers marked sliding but no sliding_window: counted as full attention` });
      r.full += r.sliding;
      r.sliding = 0;
    } else {
      if (r.window !== null && r.window !== window) notes.push({ code: 'NOT_REPRESENTABLE', key: 'sliding_window', text: `sliding window ${window} differs from the chunk size ${r.window}: the smaller is kept` });
      r.window = r.window === null ? window : Math.min(r.window, window);
      notes.push({ code: 'DERIVED', key: 'sliding_window', text: `${r.sliding} sliding-window layers (window ${window}) and ${r.full} full layers (${why})` });
    }
  }
  if (r.linear && (r.sliding || r.chunked)) {
    notes.push({ code: 'NOT_REPRESENTABLE', key: 'layer_types', text: `linear-attention layers beside sliding or chunked ones: the ${r.sliding + r.chunked} sliding/chunked layers counted as full attention` });
    r.full += r.sliding + r.chunked;
    r.sliding = 0;
    r.chunked = 0;
    r.window = null;
  }
  if (r.linear) notes.push({ code: 'DERIVED', key: why === 'layer_types' ? 'layer_types' : 'full_attention_interval', text: `${r.linear} linear-attention layers (no KV cache, a fixed state per sequence) and ${r.full} full-attention layers (${why})` });
  return r;
}

/**
 * How many layers are MoE, from `moe_layers`, Llama 4's `interleave_moe_layer_step` (layers s−1, 2s−1, …), DeepSeek's
 * `first_k_dense_replace` + `moe_layer_freq`, or Qwen's `decoder_sparse_step` + `mlp_only_layers`. The catalog keeps
 * only the count of dense layers (`firstDenseLayers`); when they are not the first ones, a note says so.
 */
export function hfMoeLayers(c: Cfg, layers: number, num: Num, notes: ImportNote[]): number {
  const idx = Array.from({ length: layers }, (_, i) => i);
  let moe: number[];
  if (Array.isArray(c.moe_layers)) moe = c.moe_layers.filter((x): x is number => typeof x === 'number');
  else if (c.interleave_moe_layer_step !== undefined) {
    const s = num(['interleave_moe_layer_step'], 'MoE layer step') ?? 1;
    moe = idx.filter((i) => (i + 1) % s === 0);
  } else if (c.first_k_dense_replace !== undefined || c.moe_layer_freq !== undefined) {
    const k = num(['first_k_dense_replace'], 'leading dense layers', false, 0) ?? 0;
    const f = num(['moe_layer_freq'], 'MoE layer frequency', false) ?? 1;
    moe = idx.filter((i) => i >= k && i % f === 0);
  } else {
    const step = num(['decoder_sparse_step'], 'sparse step', false) ?? 1;
    const dense = new Set(Array.isArray(c.mlp_only_layers) ? c.mlp_only_layers : []);
    moe = idx.filter((i) => !dense.has(i) && (i + 1) % step === 0);
  }
  const denseCount = layers - moe.length;
  const leading = moe.length === 0 || Math.min(...moe) === denseCount;
  if (denseCount > 0 && !leading) {
    notes.push({ code: 'NOT_REPRESENTABLE', key: 'interleave_moe_layer_step', text: `${denseCount} dense and ${moe.length} MoE layers interleave; written as the first ${denseCount} dense (counts, parameters and weight bytes are right, the order is not)` });
  }
  return moe.length;
}
