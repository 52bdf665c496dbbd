// Parameter counts from the architecture, component by component, so that each component can be stored at
// its own precision and sharded its own way. Checked against published exact counts:
// Llama-3.1-8B → 8,030,261,248 (its index `total_parameters`); Mixtral-8x22B → 140,620,634,112.
import type { ModelArchitecture } from '../types.ts';

export interface ParameterBreakdown {
  /** Token embedding (+ learned positions); stored at 16 bits, sharded over the vocabulary. */
  embedding: number;
  /** Output projection; 0 when tied to the embedding or when the model has none (embedding models). */
  lmHead: number;
  /** q, k, v, o projections over all layers, excluding the k/v part counted in kvProjection. */
  attentionLinear: number;
  /** k and v projections (GQA) over all layers; replicated per GPU when TP > kv heads. */
  kvProjection: number;
  /** Dense MLP linears (all layers of a dense model, the first dense layers of DeepSeek). */
  denseMlp: number;
  /** Routed experts over all MoE layers. */
  routedExperts: number;
  /** Shared experts over all MoE layers. */
  sharedExperts: number;
  /** Router, norms and biases: small, kept at 16 bits, replicated. */
  other: number;
  total: number;
  /** Parameters multiplied per token in a forward pass: everything but the embedding lookup. */
  activePerToken: number;
  /** Routed-expert parameters of one expert in one layer. */
  perExpert: number;
  moeLayers: number;
}

export function countParameters(a: ModelArchitecture, kind: 'decoder' | 'embedding' = 'decoder'): ParameterBreakdown {
  const h = a.hiddenSize;
  const L = a.numHiddenLayers;
  const hasAllBiases = a.biases === 'all';
  const embedding = a.vocabSize * h + a.learnedPositionEmbeddings * h + (hasAllBiases ? 2 * h : 0);
  const lmHead = kind === 'embedding' || a.tieWordEmbeddings ? 0 : a.vocabSize * h;

  let attentionPerLayer: number;
  let kvPerLayer = 0;
  let attentionBiasPerLayer = 0;
  if (a.attention.kind === 'mla') {
    const m = a.attention;
    const qkHead = m.qkNopeHeadDim + m.qkRopeHeadDim;
    const q = m.qLoraRank ? h * m.qLoraRank + m.qLoraRank * a.numAttentionHeads * qkHead : h * a.numAttentionHeads * qkHead;
    const kvA = h * (m.kvLoraRank + m.qkRopeHeadDim);
    const kvB = m.kvLoraRank * a.numAttentionHeads * (m.qkNopeHeadDim + m.vHeadDim);
    const o = a.numAttentionHeads * m.vHeadDim * h;
    attentionPerLayer = q + kvA + kvB + o;
    attentionBiasPerLayer = (m.qLoraRank ?? 0) + m.kvLoraRank; // the two latent RMSNorms
  } else {
    const qDim = a.numAttentionHeads * a.headDim;
    const kvDim = a.numKeyValueHeads * a.headDim;
    attentionPerLayer = 2 * h * qDim; // q and o
    kvPerLayer = 2 * h * kvDim;
    if (a.biases === 'qkv') attentionBiasPerLayer = qDim + 2 * kvDim;
    if (a.biases === 'attention' || a.biases === 'all') attentionBiasPerLayer = qDim + 2 * kvDim + h;
  }

  // Hybrid linear attention (Qwen3-Next): only the full layers have the attention above (plus an output gate as wide
  // as q); each Gated DeltaNet layer has in_proj_qkvz (h → 2·nk·dk + 2·nv·dv), in_proj_ba (h → 2·nv) and out_proj
  // (nv·dv → h), and small conv1d, A_log, dt_bias and norm weights (transformers Qwen3NextGatedDeltaNet).
  let attentionLayers = L;
  let linearAttention = 0;
  let linearSmall = 0;
  const lp = a.layerPattern;
  if (lp.kind === 'hybrid-linear') {
    attentionLayers = lp.fullLayers;
    if (lp.outputGate) attentionPerLayer += h * a.numAttentionHeads * a.headDim;
    const keyDim = lp.linearNumKeyHeads * lp.linearKeyHeadDim;
    const valueDim = lp.linearNumValueHeads * lp.linearValueHeadDim;
    linearAttention = lp.linearLayers * (h * (2 * keyDim + 2 * valueDim) + h * 2 * lp.linearNumValueHeads + valueDim * h);
    linearSmall = lp.linearLayers * ((2 * keyDim + valueDim) * lp.linearConvKernel + 2 * lp.linearNumValueHeads + lp.linearValueHeadDim);
  }

  const mlpMatrices = a.mlp === 'gated' ? 3 : 2;
  const mlpBias = (inter: number): number => (hasAllBiases || a.biases === 'attention' ? (a.mlp === 'gated' ? 2 * inter : inter) + h : 0);
  const denseMlpPerLayer = mlpMatrices * h * a.intermediateSize;
  const normsPerLayer = hasAllBiases ? 4 * h : 2 * h;

  let denseLayers = L;
  let moeLayers = 0;
  let perExpert = 0;
  let routedExperts = 0;
  let sharedExperts = 0;
  let router = 0;
  let activeExperts = 0;
  if (a.moe) {
    moeLayers = L - a.moe.firstDenseLayers;
    denseLayers = a.moe.firstDenseLayers;
    perExpert = mlpMatrices * h * a.moe.moeIntermediateSize + mlpBias(a.moe.moeIntermediateSize);
    routedExperts = moeLayers * a.moe.numExperts * perExpert;
    sharedExperts = moeLayers * a.moe.numSharedExperts * mlpMatrices * h * a.moe.moeIntermediateSize;
    router = moeLayers * (h * a.moe.numExperts + (a.biases === 'attention' ? a.moe.numExperts : 0));
    activeExperts = moeLayers * a.moe.expertsPerToken * perExpert;
  }
  const denseMlp = denseLayers * (denseMlpPerLayer + mlpBias(a.intermediateSize));
  const attentionLinear = attentionLayers * attentionPerLayer + linearAttention;
  const kvProjection = attentionLayers * kvPerLayer;
  const other = L * normsPerLayer + attentionLayers * attentionBiasPerLayer + linearSmall + router + (hasAllBiases ? 2 * h : h);
  const total = embedding + lmHead + attentionLinear + kvProjection + denseMlp + routedExperts + sharedExperts + other;
  // The output projection costs FLOPs even when tied; embedding models have none.
  const outputProjection = kind === 'embedding' ? 0 : a.vocabSize * h;
  const activePerToken = attentionLinear + kvProjection + denseMlp + activeExperts + sharedExperts + other + outputProjection;
  return { embedding, lmHead, attentionLinear, kvProjection, denseMlp, routedExperts, sharedExperts, other, total, activePerToken, perExpert, moeLayers };
}
