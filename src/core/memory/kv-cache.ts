// KV cache bytes per token, per GPU, by attention type, layer pattern, KV dtype and tensor parallelism.
import { kvBytesPerValue, type KvDtype } from './precision.ts';
import type { ModelArchitecture } from '../types.ts';

/** vLLM's default paged-attention block (`--block-size 16`). */
export const DEFAULT_BLOCK_TOKENS = 16;

/** KV heads held by one GPU: ceil(kv / TP); when TP > kv heads, each head is replicated (vLLM, TRT-LLM). */
export function kvHeadsPerGpu(a: ModelArchitecture, tp: number): number {
  return Math.ceil(a.numKeyValueHeads / tp);
}

/**
 * Bytes one token occupies in ONE attention layer on one GPU.
 * - MHA/GQA/MQA: 2 (K and V) × ceil(kv/TP) × headDim × bytes. Llama-3.1-8B bf16: 2 × 8 × 128 × 2 = 4,096 B.
 * - MLA: (kvLoraRank + qkRopeHeadDim) × bytes, one latent shared by all heads, replicated across TP
 *   (aiconfigurator sdk/models/base.py). DeepSeek-V3 bf16: (512 + 64) × 2 = 1,152 B.
 */
export function kvBytesPerTokenPerLayer(a: ModelArchitecture, kvDtype: KvDtype, tp: number): number {
  const b = kvBytesPerValue(kvDtype);
  if (a.attention.kind === 'mla') return (a.attention.kvLoraRank + a.attention.qkRopeHeadDim) * b;
  return 2 * kvHeadsPerGpu(a, tp) * a.headDim * b;
}

export function layerCounts(a: ModelArchitecture): { full: number; sliding: number; window: number | null } {
  if (a.layerPattern.kind === 'sliding') {
    return { full: a.layerPattern.fullLayers, sliding: a.layerPattern.slidingLayers, window: a.layerPattern.window };
  }
  return { full: a.numHiddenLayers, sliding: 0, window: null };
}

/**
 * KV bytes per token with every layer holding the token (a context shorter than any window).
 * Llama-3.1-8B bf16 TP1: 32 × 4,096 = 131,072 B; Llama-2-7B: 524,288 B; DeepSeek-V3 bf16: 61 × 1,152 = 70,272 B.
 */
export function kvBytesPerToken(a: ModelArchitecture, kvDtype: KvDtype, tp = 1): number {
  return a.numHiddenLayers * kvBytesPerTokenPerLayer(a, kvDtype, tp);
}

/**
 * KV bytes one sequence of `contextTokens` holds on one GPU, paged in blocks. Sliding-window layers keep only
 * the last `window` tokens (plus the block being written), full layers keep them all (aiconfigurator
 * sdk/models/moe.py for gpt-oss; vLLM's sliding-window KV manager frees blocks that fell out of the window).
 */
export function kvBytesPerSequence(a: ModelArchitecture, kvDtype: KvDtype, tp: number, contextTokens: number, blockTokens = DEFAULT_BLOCK_TOKENS): number {
  const perLayer = kvBytesPerTokenPerLayer(a, kvDtype, tp);
  const { full, sliding, window } = layerCounts(a);
  const blocks = Math.ceil(contextTokens / blockTokens);
  const fullBytes = full * blocks * blockTokens * perLayer;
  const slidingTokens = window === null ? 0 : Math.min(blocks * blockTokens, Math.ceil(window / blockTokens) * blockTokens + blockTokens);
  return fullBytes + sliding * slidingTokens * perLayer;
}

/** Average KV bytes per token of context for sequences of `contextTokens` (what "KV per token" means for SWA). */
export function effectiveKvBytesPerToken(a: ModelArchitecture, kvDtype: KvDtype, tp: number, contextTokens: number): number {
  return kvBytesPerSequence(a, kvDtype, tp, contextTokens, 1) / contextTokens;
}
