// KV cache bytes per token, per GPU, by attention type, layer pattern, KV dtype and tensor parallelism.
import { kvBytesPerValue, type KvDtype } from './precision.ts';
import type { ModelArchitecture } from '../types.ts';

/** Model dtype of the activations (bf16/fp16) that vLLM keeps the conv state in, whatever the weight format. */
const ACTIVATION_BYTES = 2;

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

/** Layers that hold KV: full and sliding-window ones. Linear-attention layers (hybrid-linear) hold none. */
export function layerCounts(a: ModelArchitecture): { full: number; sliding: number; window: number | null } {
  if (a.layerPattern.kind === 'sliding') {
    return { full: a.layerPattern.fullLayers, sliding: a.layerPattern.slidingLayers, window: a.layerPattern.window };
  }
  if (a.layerPattern.kind === 'hybrid-linear') return { full: a.layerPattern.fullLayers, sliding: 0, window: null };
  return { full: a.numHiddenLayers, sliding: 0, window: null };
}

/**
 * KV bytes per token with every KV-holding layer holding the token (a context shorter than any window).
 * Llama-3.1-8B bf16 TP1: 32 × 4,096 = 131,072 B; Llama-2-7B: 524,288 B; DeepSeek-V3 bf16: 61 × 1,152 = 70,272 B;
 * Qwen3-Next-80B-A3B bf16: only its 12 full-attention layers of 48, 12 × 2 × 2 × 256 × 2 = 24,576 B.
 */
export function kvBytesPerToken(a: ModelArchitecture, kvDtype: KvDtype, tp = 1): number {
  const { full, sliding } = layerCounts(a);
  return (full + sliding) * kvBytesPerTokenPerLayer(a, kvDtype, tp);
}

/**
 * Fixed bytes one sequence holds on one GPU in its linear-attention layers, whatever its length (0 without them).
 * Gated DeltaNet per layer (vLLM MambaStateShapeCalculator.gated_delta_net_state_shape, heads split over TP):
 * - conv window: (2 × keyHeads × keyDim + valueHeads × valueDim) / TP × (kernel − 1) values in the model dtype (16-bit);
 * - recurrent state: valueHeads / TP × valueDim × keyDim values in `stateDtype` (vLLM default: the model dtype).
 * Qwen3-Next-80B-A3B TP1: (8,192 × 3 × 2 + 32 × 128 × 128 × 2) × 36 layers = 1,097,728 × 36 = 39,518,208 B (37.7 MiB).
 * Not counted: vLLM pads this state to its attention page (544 tokens of the full layers' KV for Qwen3-Next, +1.5%).
 */
export function linearStateBytesPerSequence(a: ModelArchitecture, tp: number): number {
  const p = a.layerPattern;
  if (p.kind !== 'hybrid-linear') return 0;
  const convValues = (Math.ceil((2 * p.linearNumKeyHeads * p.linearKeyHeadDim + p.linearNumValueHeads * p.linearValueHeadDim) / tp)) * (p.linearConvKernel - 1);
  const stateValues = Math.ceil(p.linearNumValueHeads / tp) * p.linearValueHeadDim * p.linearKeyHeadDim;
  return p.linearLayers * (convValues * ACTIVATION_BYTES + stateValues * (p.stateDtype === 'fp32' ? 4 : ACTIVATION_BYTES));
}


/**
 * KV bytes one sequence of `contextTokens` holds on one GPU, paged in blocks. Sliding-window layers keep only
 * the last `window` tokens (plus the block being written), full layers keep them all (aiconfigurator
 * sdk/models/moe.py for gpt-oss; vLLM's sliding-window KV manager frees blocks that fell out of the window).
 * Linear-attention layers add their fixed state (linearStateBytesPerSequence), as aiconfigurator's qwen35.py does.
 */
export function kvBytesPerSequence(a: ModelArchitecture, kvDtype: KvDtype, tp: number, contextTokens: number, blockTokens = DEFAULT_BLOCK_TOKENS): number {
  const perLayer = kvBytesPerTokenPerLayer(a, kvDtype, tp);
  const { full, sliding, window } = layerCounts(a);
  const blocks = Math.ceil(contextTokens / blockTokens);
  const fullBytes = full * blocks * blockTokens * perLayer;
  const slidingTokens = window === null ? 0 : Math.min(blocks * blockTokens, Math.ceil(window / blockTokens) * blockTokens + blockTokens);
  return fullBytes + sliding * slidingTokens * perLayer + linearStateBytesPerSequence(a, tp);
}

/** Average KV bytes per token of context for sequences of `contextTokens` (what "KV per token" means for SWA and linear layers' state). */
export function effectiveKvBytesPerToken(a: ModelArchitecture, kvDtype: KvDtype, tp: number, contextTokens: number): number {
  return kvBytesPerSequence(a, kvDtype, tp, contextTokens, 1) / contextTokens;
}
