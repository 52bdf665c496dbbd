// Attention data-parallel + expert-parallel (DEP, wide-EP): the sequences one GPU holds. Each GPU keeps all
// non-expert weights, 1/ep of the routed experts and its own KV cache for its own batch, so the KV pool is a
// single-GPU (tp 1) pool next to a smaller weight share. The engine budget is the same rule `llmplan size` uses.
import { computeEngineBudget, type EngineMemoryProfile } from '../memory/engine-memory.ts';
import { DEFAULT_BLOCK_TOKENS, kvBytesPerSequence } from '../memory/kv-cache.ts';
import type { KvDtype, WeightFormat } from '../memory/precision.ts';
import { computeWeightBytes } from '../memory/weights.ts';
import type { Gpu, Model } from '../types.ts';

export interface DepRank {
  /** Weight bytes on one GPU: every non-expert weight plus numExperts / ep routed experts. */
  weightsBytes: number;
  kvCacheBytes: number;
  /** Sequences of `contextTokens` one GPU's KV pool holds (its own batch). */
  kvCapacitySequences: number;
}

/** gpt-oss-120b MXFP4 on 2 × B200 (DEP2): ~4 GB of bf16 attention/embeddings on each GPU plus half of ~61 GB of experts. */
export function depRank(r: { model: Model; gpu: Gpu; engine: EngineMemoryProfile; weights: WeightFormat; kvDtype: KvDtype; ep: number; contextTokens: number; memoryFraction?: number }): DepRank {
  const w = computeWeightBytes(r.model, r.weights, 1);
  const weightsBytes = w.perGpuBytes - w.routedExpertBytesPerGpu + w.routedExpertBytesPerGpu / r.ep;
  const budget = computeEngineBudget(r.engine, { totalBytes: r.gpu.memoryBytes, weightsBytes, arch: r.model.architecture, tp: 1, memoryFraction: r.memoryFraction });
  const kvCacheBytes = Math.max(0, budget.kvCacheBytes);
  const perSeq = kvBytesPerSequence(r.model.architecture, r.kvDtype, 1, r.contextTokens, r.engine.blockTokens || DEFAULT_BLOCK_TOKENS);
  return { weightsBytes, kvCacheBytes, kvCapacitySequences: Math.floor(kvCacheBytes / perSeq) };
}
