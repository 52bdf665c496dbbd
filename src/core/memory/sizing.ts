// "Will it fit?": the memory plan of one model on one GPU type at one tensor-parallel degree.
import { computeEngineBudget, type EngineMemoryBreakdown, type EngineMemoryProfile } from './engine-memory.ts';
import { finding, hasErrors, type Finding } from '../findings.ts';
import { DEFAULT_BLOCK_TOKENS, effectiveKvBytesPerToken, kvBytesPerSequence, kvBytesPerToken } from './kv-cache.ts';
import type { KvDtype, WeightFormat } from './precision.ts';
import type { Gpu, Model } from '../types.ts';
import { computeWeightBytes } from './weights.ts';
import { memoByObjects } from './memo.ts';

export const TP_CANDIDATES = [1, 2, 4, 8] as const;

export interface SizeRequest {
  model: Model;
  gpu: Gpu;
  engine: EngineMemoryProfile;
  tp: number;
  weights: WeightFormat;
  kvDtype: KvDtype;
  contextTokens: number;
  memoryFraction?: number;
  /** Engine cap on concurrent sequences (vLLM max_num_seqs): sizes the sampler's profiling pass. */
  maxNumSeqs?: number;
}

export interface SizeResult {
  modelId: string;
  gpuId: string;
  engine: string;
  tensorParallel: number;
  weightFormat: WeightFormat;
  kvDtype: KvDtype;
  contextTokens: number;
  gpuMemoryBytes: number;
  gpuMemoryBasis: Gpu['memoryBytesBasis'];
  /** Weights on one GPU. */
  weightsBytes: number;
  weightsTotalBytes: number;
  weightsBasis: 'computed' | 'checkpoint';
  totalParams: number;
  activeParamsPerToken: number;
  /** KV bytes one token occupies on one GPU, all layers holding it. */
  kvBytesPerToken: number;
  /** Average KV bytes per token at `contextTokens` (differs from kvBytesPerToken for sliding-window models). */
  kvBytesPerTokenAtContext: number;
  kvBytesPerSequence: number;
  memory: EngineMemoryBreakdown;
  /** KV cache on one GPU. */
  kvCacheBytes: number;
  blockTokens: number;
  kvCapacityBlocks: number;
  /** Tokens of context the replica's KV cache holds at once (at `contextTokens` per sequence). */
  kvCapacityTokens: number;
  maxConcurrentSequences: number;
  fits: boolean;
  findings: Finding[];
}

/** Input problems that make a request impossible to run at all (exit 2), and notes that qualify it. */
export function validateSizeRequest(r: Pick<SizeRequest, 'model' | 'gpu' | 'tp' | 'weights' | 'kvDtype' | 'contextTokens'>): Finding[] {
  const out: Finding[] = [];
  const a = r.model.architecture;
  if (!Number.isInteger(r.tp) || r.tp < 1) out.push(finding('TP_INVALID', 'error', { tp: r.tp }, '--tp'));
  else if (a.numAttentionHeads % r.tp !== 0) {
    out.push(finding('TP_NOT_DIVISOR_OF_HEADS', 'error', { tp: r.tp, heads: a.numAttentionHeads, model: r.model.id }, '--tp'));
  } else if (a.attention.kind === 'gqa' && a.numKeyValueHeads % r.tp !== 0 && r.tp % a.numKeyValueHeads !== 0) {
    out.push(finding('TP_KV_HEADS_MISMATCH', 'error', { tp: r.tp, kvHeads: a.numKeyValueHeads, model: r.model.id }, '--tp'));
  }
  if (!(r.contextTokens > 0) || !Number.isInteger(r.contextTokens)) {
    out.push(finding('CONTEXT_INVALID', 'error', { context: r.contextTokens }, '--context'));
  } else if (r.contextTokens > a.maxPositionEmbeddings) {
    out.push(finding('CONTEXT_EXCEEDS_MODEL', 'error', { context: r.contextTokens, max: a.maxPositionEmbeddings, model: r.model.id }, '--context'));
  }
  out.push(...checkFormatOnGpu(r.weights, r.kvDtype, r.gpu));
  if ((r.weights === 'int4-awq' || r.weights === 'int4-gptq') && Number.isInteger(r.tp) && r.tp > 1) {
    // Row-parallel layers split the input dimension; each shard must hold whole 128-weight groups.
    const inter = a.moe ? a.moe.moeIntermediateSize : a.intermediateSize;
    if ((inter / r.tp) % 128 !== 0) out.push(finding('INT4_GROUPS_SPLIT_BY_TP', 'error', { tp: r.tp, intermediate: inter, model: r.model.id }, '--tp'));
  }
  return out;
}

const ARCH_ORDER = ['turing', 'ampere', 'ada', 'hopper', 'blackwell'] as const;
function atLeast(gpu: Gpu, arch: (typeof ARCH_ORDER)[number]): boolean {
  if (gpu.vendor === 'amd') return false;
  return ARCH_ORDER.indexOf(gpu.architecture as (typeof ARCH_ORDER)[number]) >= ARCH_ORDER.indexOf(arch);
}

/** Which engines run which formats where (vLLM quantization support matrix, docs/features/quantization). */
export function checkFormatOnGpu(weights: WeightFormat, kvDtype: KvDtype, gpu: Gpu): Finding[] {
  const out: Finding[] = [];
  const g = { gpu: gpu.id, architecture: gpu.architecture };
  const amd = gpu.vendor === 'amd';
  switch (weights) {
    case 'nvfp4':
      if (!atLeast(gpu, 'blackwell')) out.push(finding('FORMAT_NEEDS_BLACKWELL', 'error', { format: weights, ...g }, '--weights'));
      break;
    case 'fp8':
      if (gpu.architecture === 'turing') out.push(finding('FORMAT_UNSUPPORTED_ON_GPU', 'error', { format: weights, ...g }, '--weights'));
      else if (gpu.architecture === 'ampere') out.push(finding('FP8_WEIGHT_ONLY', 'note', { ...g }, '--weights'));
      break;
    case 'mxfp4':
      if (gpu.architecture === 'turing') out.push(finding('FORMAT_UNSUPPORTED_ON_GPU', 'error', { format: weights, ...g }, '--weights'));
      // CDNA4 (MI350 series) has MXFP4 matrix cores; CDNA3 and pre-Blackwell NVIDIA dequantise to bf16.
      else if (amd ? gpu.architecture !== 'cdna4' : !atLeast(gpu, 'blackwell')) out.push(finding('FP4_WEIGHT_ONLY', 'note', { format: weights, ...g }, '--weights'));
      break;
    case 'bf16':
      if (gpu.architecture === 'turing') out.push(finding('BF16_RUNS_AS_FP16', 'note', { ...g }, '--weights'));
      break;
    default:
      break;
  }
  if (kvDtype === 'fp8' && (gpu.architecture === 'turing' || gpu.architecture === 'ampere')) {
    out.push(finding('FP8_KV_STORAGE_ONLY', 'note', { ...g }, '--kv-dtype'));
  }
  return out;
}

export function sizeDeployment(r: SizeRequest): SizeResult {
  const findings = validateSizeRequest(r);
  if (hasErrors(findings)) throw new SizeRequestError(findings);
  const a = r.model.architecture;
  const w = computeWeightBytes(r.model, r.weights, r.tp);
  const memory = computeEngineBudget(r.engine, {
    totalBytes: r.gpu.memoryBytes,
    weightsBytes: w.perGpuBytes,
    arch: a,
    tp: r.tp,
    memoryFraction: r.memoryFraction,
    maxNumSeqs: r.maxNumSeqs,
  });
  const blockTokens = r.engine.blockTokens || DEFAULT_BLOCK_TOKENS;
  const perToken = kvBytesPerToken(a, r.kvDtype, r.tp);
  const perSeq = kvBytesPerSequence(a, r.kvDtype, r.tp, r.contextTokens, blockTokens);
  const atContext = effectiveKvBytesPerToken(a, r.kvDtype, r.tp, r.contextTokens);
  const kvCacheBytes = Math.max(0, memory.kvCacheBytes);
  const kvCapacityBlocks = Math.floor(kvCacheBytes / (atContext * blockTokens));
  const kvCapacityTokens = kvCapacityBlocks * blockTokens;
  const maxConcurrentSequences = Math.floor(kvCacheBytes / perSeq);
  const fits = memory.kvCacheBytes > 0 && maxConcurrentSequences >= 1;
  if (r.gpu.memoryBytesBasis === 'nominal') findings.push(finding('GPU_MEMORY_ESTIMATED', 'note', { gpu: r.gpu.id }));
  if (memory.kvCacheBytes <= 0) {
    findings.push(finding('WEIGHTS_EXCEED_BUDGET', 'warning', { needBytes: w.perGpuBytes + memory.activationBytes + memory.nonTorchBytes, haveBytes: memory.budgetBytes }));
  } else if (maxConcurrentSequences < 1) {
    findings.push(finding('CONTEXT_EXCEEDS_KV', 'warning', { needBytes: perSeq, haveBytes: kvCacheBytes, context: r.contextTokens }));
  }
  return {
    modelId: r.model.id,
    gpuId: r.gpu.id,
    engine: r.engine.id,
    tensorParallel: r.tp,
    weightFormat: r.weights,
    kvDtype: r.kvDtype,
    contextTokens: r.contextTokens,
    gpuMemoryBytes: r.gpu.memoryBytes,
    gpuMemoryBasis: r.gpu.memoryBytesBasis,
    weightsBytes: w.perGpuBytes,
    weightsTotalBytes: w.totalBytes,
    weightsBasis: w.basis,
    totalParams: w.params.total,
    activeParamsPerToken: w.params.activePerToken,
    kvBytesPerToken: perToken,
    kvBytesPerTokenAtContext: atContext,
    kvBytesPerSequence: perSeq,
    memory,
    kvCacheBytes,
    blockTokens,
    kvCapacityBlocks,
    kvCapacityTokens,
    maxConcurrentSequences,
    fits,
    findings,
  };
}

export class SizeRequestError extends Error {
  readonly findings: Finding[];
  constructor(findings: Finding[]) {
    super(findings.map((f) => f.code).join(', '));
    this.findings = findings;
    this.name = 'SizeRequestError';
  }
}

/** The smallest TP in 1, 2, 4, 8 that is valid for the model and fits; null when none does. */
/**
 * The TP degrees a deployment can run at: the smallest that fits, and every larger candidate without a sizing error.
 * Pure and asked for the same variant by every stage of a search (quick bound, full bound, plan), so remembered per
 * model, GPU and engine object; the arrays are frozen.
 */
export function tensorParallelOptions(base: Omit<SizeRequest, 'tp'>): { minTp: number | null; tps: readonly number[] } {
  const key = `${base.weights}|${base.kvDtype}|${base.contextTokens}|${base.memoryFraction ?? ''}|${base.maxNumSeqs ?? ''}`;
  return tpMemo(base.model, base.gpu, base.engine, key, () => {
    // As findMinTensorParallel, then every larger TP without a sizing error, in one pass.
    let minTp: number | null = null;
    const tps: number[] = [];
    for (const tp of TP_CANDIDATES) {
      const r = { ...base, tp };
      if (hasErrors(validateSizeRequest(r))) continue;
      if (minTp === null) {
        if (!sizeDeployment(r).fits) continue;
        minTp = tp;
      }
      tps.push(tp);
    }
    return Object.freeze({ minTp, tps: Object.freeze(tps) });
  });
}

const tpMemo = memoByObjects<Model, Gpu, EngineMemoryProfile, { minTp: number | null; tps: readonly number[] }>(10_000);

export function findMinTensorParallel(base: Omit<SizeRequest, 'tp'>): { tp: number; result: SizeResult } | null {
  for (const tp of TP_CANDIDATES) {
    if (hasErrors(validateSizeRequest({ ...base, tp }))) continue;
    const result = sizeDeployment({ ...base, tp });
    if (result.fits) return { tp, result };
  }
  return null;
}
