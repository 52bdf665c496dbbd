// How each serving engine budgets GPU memory for the KV cache. The constants are data (catalogs/engines.yaml),
// each with its source; this file holds the rules.
import type { ModelArchitecture } from '../types.ts';

export type EngineId = 'vllm' | 'sglang' | 'trtllm';
export const ENGINE_IDS: readonly EngineId[] = ['vllm', 'sglang', 'trtllm'];

export interface EngineMemoryProfile {
  id: EngineId;
  name: string;
  /**
   * fraction-of-total: KV = total × f − (weights + activations + non-torch + graphs)  (vLLM gpu_memory_utilization)
   * static-fraction: KV = total × f − weights − context/NCCL; activations live in the (1 − f) rest (SGLang
   *   mem_fraction_static)
   * fraction-of-free: KV = (total − weights − activations − context) × f  (TRT-LLM kv_cache_free_gpu_mem_fraction)
   */
  budgetRule: 'fraction-of-total' | 'static-fraction' | 'fraction-of-free';
  defaultMemoryFraction: number;
  blockTokens: number;
  /** Tokens in the profiling forward pass (vLLM max_num_batched_tokens, TRT-LLM max_num_tokens), by GPU size. */
  profileTokensLargeGpu: number;
  profileTokensSmallGpu: number;
  /** Sequences in the sampler's profiling pass (max_num_seqs), by GPU size. */
  profileSequencesLargeGpu: number;
  profileSequencesSmallGpu: number;
  largeGpuMinBytes: number;
  /** Bytes per (sequence × vocabulary entry) of the sampler's profiling pass. */
  samplerBytesPerLogit: number;
  /**
   * How the profiling forward pass and the sampler's pass combine into the activation peak: `sum` when both are held
   * at once (as llmplan sized vLLM 0.9's profile), `max` when the forward pass's activations are freed before the
   * sampler runs (vLLM 0.19's "torch peak memory increase" is the sampler's pass alone wherever that is larger).
   */
  activationPeak: 'sum' | 'max';
  cudaContextBytes: number;
  nonTorchBytes: number;
  ncclBytesByTp: Record<string, number>;
  /** CUDA-graph pool memory per decoder layer, counted in the profile by vLLM ≥ 0.9.1 (V1). */
  cudaGraphBytesPerLayer: number;
  /**
   * The scheduler plans step n + 1 while the GPU runs step n: a request that arrives during step n joins step n + 2,
   * and a finished one is released one step late (`ServingLimits.schedulerLagSteps`).
   */
  overlapScheduler: boolean;
  source: string;
  readOn: string;
}

export interface EngineMemoryBreakdown {
  totalBytes: number;
  memoryFraction: number;
  /** Memory the engine may use: total × fraction (vLLM, SGLang) or total (TRT-LLM). */
  budgetBytes: number;
  weightsBytes: number;
  /** The profiling peak: the two passes below, together or the larger (`activationPeak`). */
  activationBytes: number;
  /** One forward pass of the profiling batch (max_num_batched_tokens) per GPU. */
  forwardPassBytes: number;
  /** The sampler's pass over max_num_seqs × vocabulary per GPU (every rank samples the whole vocabulary). */
  samplerPassBytes: number;
  cudaGraphBytes: number;
  /** CUDA context, NCCL buffers, cuBLAS workspaces: memory outside PyTorch's allocator. */
  nonTorchBytes: number;
  kvCacheBytes: number;
  /** What the engine leaves unallocated (the 1 − fraction headroom, or TRT-LLM's unreserved free memory). */
  reserveBytes: number;
}

/**
 * Peak transient bytes per token of one layer's forward pass in bf16, the quantity the engine's profiling run
 * measures: residual stream and norms (4·h), q/k/v (q + 2·kv)/TP, the MLP's gate-up output and activation
 * (3·I/TP), or for MoE the fused-MoE caches per routed copy (topk × (3·I_moe/TP + h)) (vLLM fused_moe.py
 * intermediate_cache1..3).
 */
export function activationBytesPerToken(a: ModelArchitecture, tp: number): number {
  const h = a.hiddenSize;
  const qkv = (a.numAttentionHeads + 2 * a.numKeyValueHeads) * a.headDim / tp;
  const mlp = a.moe
    ? a.moe.expertsPerToken * ((3 * a.moe.moeIntermediateSize) / tp + h) + (a.moe.numSharedExperts * 3 * a.moe.moeIntermediateSize) / tp
    : (3 * a.intermediateSize) / tp;
  return 2 * (4 * h + qkv + mlp);
}

export interface BudgetInput {
  totalBytes: number;
  weightsBytes: number;
  arch: ModelArchitecture;
  tp: number;
  memoryFraction?: number;
  /** Sequences in the sampler's profiling pass when set (vLLM --max-num-seqs); else the engine default by GPU size. */
  maxNumSeqs?: number;
}

export function computeEngineBudget(engine: EngineMemoryProfile, input: BudgetInput): EngineMemoryBreakdown {
  const f = input.memoryFraction ?? engine.defaultMemoryFraction;
  const a = input.arch;
  const nccl = input.tp > 1 ? (engine.ncclBytesByTp[String(Math.min(input.tp, 8))] ?? 0) : 0;
  const large = input.totalBytes >= engine.largeGpuMinBytes;
  const profileTokens = large ? engine.profileTokensLargeGpu : engine.profileTokensSmallGpu;
  const profileSequences = input.maxNumSeqs ?? (large ? engine.profileSequencesLargeGpu : engine.profileSequencesSmallGpu);
  const samplerBytes = profileSequences * a.vocabSize * engine.samplerBytesPerLogit;
  const forwardBytes = profileTokens * activationBytesPerToken(a, input.tp);
  const activationBytes = engine.activationPeak === 'max' ? Math.max(forwardBytes, samplerBytes) : forwardBytes + samplerBytes;
  const cudaGraphBytes = engine.cudaGraphBytesPerLayer * a.numHiddenLayers;
  const nonTorchBytes = engine.nonTorchBytes + nccl;
  const total = input.totalBytes;
  let budgetBytes = 0;
  let kvCacheBytes = 0;
  switch (engine.budgetRule) {
    case 'fraction-of-total':
      // vLLM: the CUDA context predates the baseline snapshot, so it sits in the (1 − f) headroom.
      budgetBytes = total * f;
      kvCacheBytes = budgetBytes - input.weightsBytes - activationBytes - cudaGraphBytes - nonTorchBytes;
      break;
    case 'static-fraction':
      budgetBytes = total * f;
      kvCacheBytes = budgetBytes - input.weightsBytes - engine.cudaContextBytes - nonTorchBytes;
      break;
    case 'fraction-of-free': {
      budgetBytes = total;
      const free = total - input.weightsBytes - activationBytes - engine.cudaContextBytes - nonTorchBytes;
      kvCacheBytes = free * f;
      break;
    }
  }
  const used = input.weightsBytes + activationBytes + cudaGraphBytes + nonTorchBytes + Math.max(0, kvCacheBytes);
  return {
    totalBytes: total,
    memoryFraction: f,
    budgetBytes,
    weightsBytes: input.weightsBytes,
    activationBytes,
    forwardPassBytes: forwardBytes,
    samplerPassBytes: samplerBytes,
    cudaGraphBytes,
    nonTorchBytes,
    kvCacheBytes,
    reserveBytes: Math.max(0, total - used),
  };
}
