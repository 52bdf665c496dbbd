// Weight bytes, total and per GPU, for a weight format and tensor-parallel degree.
import { countParameters, type ParameterBreakdown } from './parameters.ts';
import { bitsPerWeight, type WeightFormat } from './precision.ts';
import type { Model } from '../types.ts';

export interface WeightBytes {
  totalBytes: number;
  perGpuBytes: number;
  /** Routed-expert bytes on one GPU (0 for dense models): the part of perGpuBytes a decode step reads only if routed to. */
  routedExpertBytesPerGpu: number;
  /** computed: from the parameter breakdown; checkpoint: scaled to the catalog's exact safetensors size. */
  basis: 'computed' | 'checkpoint';
  params: ParameterBreakdown;
}

const HIGH_PRECISION_BITS = 16;

/** A format that quantises routed experts only (MXFP4 on an MoE model): attention and dense MLPs stay at 16 bits. */
export function quantisesExpertsOnly(format: WeightFormat, isMoe: boolean): boolean {
  return format === 'mxfp4' && isMoe;
}

/**
 * Which linears a format quantises. Embeddings, lm_head, norms, routers and biases stay at 16 bits in every
 * format here (GPTQ/AWQ `lm_head: false`; ModelOpt and compressed-tensors ignore lists). MXFP4 is applied to
 * MoE experts only, as gpt-oss ships it (attention stays bf16).
 */
function quantisedBits(format: WeightFormat, params: ParameterBreakdown, isMoe: boolean) {
  const q = bitsPerWeight(format);
  const expertsOnly = quantisesExpertsOnly(format, isMoe);
  return {
    attention: expertsOnly ? HIGH_PRECISION_BITS : q,
    denseMlp: expertsOnly ? HIGH_PRECISION_BITS : q,
    experts: q,
  };
}

/**
 * Which part of the network a checkpoint quantises. Meta's Llama-3.1-405B-Instruct-FP8 quantises the MLP only and
 * keeps attention and the first and last layers in bf16 (Llama 3 paper §6.2): `{ mlpOnly: true, highPrecisionLayers: 2 }`.
 */
export interface QuantisationScope {
  mlpOnly: boolean;
  highPrecisionLayers: number;
}

export const ALL_LINEAR: QuantisationScope = { mlpOnly: false, highPrecisionLayers: 0 };

export function computeWeightBytes(model: Model, format: WeightFormat, tp: number, scope: QuantisationScope = ALL_LINEAR): WeightBytes {
  const a = model.architecture;
  const p = countParameters(a, model.kind);
  const q = quantisedBits(format, p, a.moe !== null);
  // Layers kept at 16 bits count as the high-precision share of every per-layer tensor.
  const hp = Math.min(scope.highPrecisionLayers, a.numHiddenLayers) / a.numHiddenLayers;
  const mix = (b: number): number => hp * HIGH_PRECISION_BITS + (1 - hp) * b;
  const bits = {
    attention: scope.mlpOnly ? HIGH_PRECISION_BITS : mix(q.attention),
    denseMlp: mix(q.denseMlp),
    experts: mix(q.experts),
  };
  const bytes = (n: number, b: number): number => (n * b) / 8;

  // K/V projections shard over TP until TP exceeds the kv heads; then each GPU holds ceil(kv/TP) heads' worth.
  const kvShardFactor = a.attention.kind === 'gqa' ? Math.ceil(a.numKeyValueHeads / tp) / a.numKeyValueHeads : 1 / tp;
  const sharded =
    bytes(p.embedding + p.lmHead, HIGH_PRECISION_BITS) +
    bytes(p.attentionLinear, bits.attention) +
    bytes(p.denseMlp, bits.denseMlp) +
    bytes(p.routedExperts + p.sharedExperts, bits.experts);
  const kvBytes = bytes(p.kvProjection, bits.attention);
  const replicated = bytes(p.other, HIGH_PRECISION_BITS);

  let totalBytes = sharded + kvBytes + replicated;
  let perGpuBytes = sharded / tp + kvBytes * kvShardFactor + replicated;
  let routedExpertBytesPerGpu = bytes(p.routedExperts, bits.experts) / tp;
  let basis: WeightBytes['basis'] = 'computed';
  // The exact safetensors size wins for the bf16 checkpoint it describes (NIM OOM guide; hf-mem).
  if ((format === 'bf16' || format === 'fp16') && model.checkpointBytesBf16 !== null) {
    const scale = model.checkpointBytesBf16 / totalBytes;
    totalBytes = model.checkpointBytesBf16;
    perGpuBytes *= scale;
    routedExpertBytesPerGpu *= scale;
    basis = 'checkpoint';
  }
  return { totalBytes, perGpuBytes, routedExpertBytesPerGpu, basis, params: p };
}
