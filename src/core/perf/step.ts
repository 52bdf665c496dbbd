// "How fast?": an analytic roofline of one serving step, with efficiencies fitted to published measurements
// (calibration/perf.json, written by `llmplan calibrate --fit`). Every figure is at most as fast as the
// physical roofline: efficiencies are bounded to (0, 1].
import type { EngineId } from '../memory/engine-memory.ts';
import { kvBytesPerTokenPerLayer, layerCounts } from '../memory/kv-cache.ts';
import { computePrecision, type KvDtype, type WeightFormat } from '../memory/precision.ts';
import type { Gpu, Model, PeakPrecision } from '../types.ts';
import { computeWeightBytes, quantisesExpertsOnly } from '../memory/weights.ts';

/** Efficiencies of one engine: fractions of the datasheet peak, plus a fixed cost per scheduler step. */
export interface Efficiency {
  /** Fraction of the GPU's sustained matmul ceiling (Gpu.matmulCeiling × the dense peak) reached by matmul-heavy steps. */
  mfu: number;
  /** Fraction of the DRAM bandwidth reached when streaming weights and KV (decode). */
  mbu: number;
  /** Launch, scheduling and sampling cost per step, seconds. */
  stepOverheadSeconds: number;
  /** Latency of one all-reduce, seconds (NCCL small-message floor). */
  allReduceLatencySeconds: number;
  /**
   * Per-request cost of the engine's own OpenAI-compatible API server outside the GPU steps (HTTP, chat template,
   * tokenising, detokenising, scheduling), seconds: `vllm serve`, `python -m sglang.launch_server`, `trtllm-serve`,
   * the servers `--emit-bench` starts. Joins the TTFT of online loads.
   */
  requestOverheadSeconds: number;
  /**
   * Per-request cost when requests reach the engine's runtime without that API server, seconds: an in-process
   * benchmark (TensorRT-LLM v0.9's static gptSessionBenchmark) or Triton's C++ tensorrtllm_backend. Joins the TTFT
   * of a static batch and of those calibration rows; one value for all engines (only TensorRT-LLM's rows come that way).
   */
  runtimeRequestOverheadSeconds: number;
  /** Fraction of the bandwidth paged-attention kernels reach reading the KV cache. */
  kvMbu: number;
  /** Efficiency of routed-expert GEMMs relative to dense ones (many small grouped GEMMs). */
  moeMfuFactor: number;
  /** Fraction of the link bandwidth a ring all-reduce reaches (NVLink through NVSwitch; PCIe through the host). */
  linkEfficiency: number;
}

export interface PerfTarget {
  model: Model;
  gpu: Gpu;
  tp: number;
  /**
   * Attention data-parallel + expert-parallel over this many GPUs (TensorRT-LLM "DEPn", wide-EP): each GPU runs
   * attention and the dense layers for its own batch with its own KV cache (tp must be 1), and holds 1/ep of the routed
   * experts; tokens reach their experts through an all-to-all. Absent or 1: tensor parallelism only.
   */
  ep?: number;
  weights: WeightFormat;
  kvDtype: KvDtype;
  engine: EngineId;
  efficiency: Efficiency;
}

export interface StepBreakdown {
  seconds: number;
  computeSeconds: number;
  memorySeconds: number;
  commSeconds: number;
  overheadSeconds: number;
  bound: 'compute' | 'memory';
}

/**
 * Peak precision of the matmuls: the weight format's, or bf16/fp16 where the GPU lacks it (weight-only). MXFP4
 * weights meet MXFP8 activations on Blackwell (W4A8: "The activation can be in either bf16 (Hopper) or mxfp8
 * (Blackwell)", NVIDIA/TensorRT-LLM examples/models/core/gpt_oss/README.md, MoE Support Matrix); a mixed FP8 × FP4
 * MMA runs at the FP8 rate, half the FP4 peak that only NVFP4's W4A4 reaches (B200: 4.5 vs 9 PFLOP/s dense).
 */
export function peakFlops(gpu: Gpu, weights: WeightFormat): { flopsPerSecond: number; precision: PeakPrecision } | null {
  // Without FP4 tensor cores (Hopper, Ada) MXFP4 is weight-only: W4A16 at the bf16 peak, as the order below falls to.
  const fp4Native = (gpu.denseFlopsPerSecond.fp4 ?? 0) > 0;
  const want = weights === 'mxfp4' ? (fp4Native ? 'fp8' : 'bf16') : computePrecision(weights);
  const order: PeakPrecision[] = [want, 'bf16', 'fp16'];
  for (const p of order) {
    const v = gpu.denseFlopsPerSecond[p];
    if (v !== null && v > 0) return { flopsPerSecond: v, precision: p };
  }
  return null;
}

/**
 * The share of a precision's dense peak large matmuls sustain: FP4's own measured ceiling where the catalog has one
 * (B200: cuBLAS reaches 58% of the FP4 peak, against 78% of the BF16 one), else the BF16 fraction.
 */
export function matmulFraction(gpu: Gpu, precision: PeakPrecision): number {
  return precision === 'fp4' && gpu.fp4MatmulCeiling !== null ? gpu.fp4MatmulCeiling : gpu.matmulCeiling.fraction;
}

/** The GPU's dense bf16 (or fp16) tensor peak, FLOP/s; null when neither is published. */
function sixteenBitPeak(gpu: Gpu): number | null {
  const v = gpu.denseFlopsPerSecond.bf16 ?? gpu.denseFlopsPerSecond.fp16;
  return v !== null && v > 0 ? v : null;
}

/**
 * Experts one MoE layer reads when `tokens` tokens are routed with uniform top-k: E × (1 − (1 − k/E)^T).
 * Mixtral (8, top-2): 2 experts for one token, 7.9 for 32 tokens: decode reads grow with the batch.
 */
export function expertsTouched(numExperts: number, topK: number, tokens: number): number {
  if (tokens <= 0) return 0;
  return numExperts * (1 - (1 - topK / numExperts) ** tokens);
}

/**
 * Rows of one tile of a grouped (MoE) GEMM. Each expert's tokens are padded up to a whole number of tiles: vLLM's
 * fused MoE aligns every expert's token count to its block size, "max_num_tokens_padded = topk_ids.numel() +
 * num_experts × (block_size − 1)" (vllm-project/vllm, vllm/model_executor/layers/fused_moe/moe_align_block_size.py,
 * read 2026-11-30), and CUTLASS grouped GEMMs for MoE run 128-row CTA tiles (e.g. `Shape<_128, _128, _128>` in the
 * SM90/SM120 MoE launchers). On average half a tile is padding for each expert a step touches.
 */
export const MOE_TILE_ROWS = 128;

/**
 * Fraction of a grouped GEMM's tile rows that carry tokens: rows / (rows + experts touched × MOE_TILE_ROWS / 2),
 * with rows = tokens × k on each GPU (under DEP its experts see every rank's tokens, 1/ep of the copies each).
 * Mixtral (8 experts, top-2) at 4,000 tokens a step: 8,000 rows over 8 experts, 0.94; Qwen3-30B-A3B (128, top-8):
 * 32,000 rows over 128 experts, 0.80; one decode token of any MoE: 1/65.
 */
export function expertTileFill(numExperts: number, topK: number, tokens: number, ep = 1, touched = expertsTouched(numExperts, topK, tokens * ep)): number {
  const rows = tokens * topK;
  if (rows <= 0) return 1;
  return rows / (rows + (touched / ep) * (MOE_TILE_ROWS / 2));
}

/**
 * Expected largest of n independent standard normal draws, E[max] = ∫ x · n φ(x) Φ(x)^(n−1) dx (Simpson's rule):
 * 0 for n = 1, 0.564 for 2, 1.029 for 4, 1.424 for 8, 2.070 for 32.
 */
export function expectedMaxOfNormals(n: number): number {
  if (n <= 1) return 0;
  const steps = 800;
  const lo = -8;
  const h = 16 / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const x = lo + i * h;
    const f = x * n * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * normalCdf(x) ** (n - 1);
    sum += (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2) * f;
  }
  return (sum * h) / 3;
}

/** Standard normal CDF through erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Measured expert-load imbalance of a real router without a load balancer: DeepSeek-R1 on 32 GB200 GPUs, 256 experts
 * at 8 per rank, averaged over layers and decode iterations, the hottest rank received 1.564 times more routed tokens
 * than the mean ((max − mean) / mean = 1.564: 2.56× the mean; standard deviation 491.6 of a mean of 1,024 by rank,
 * 164.1 of 128 by expert).
 * Source: NVIDIA/TensorRT-LLM docs/source/blogs/tech_blog/blog4_Scaling_Expert_Parallelism_in_TensorRT-LLM.md,
 * Table 1, "No EPLB (8 per-rank slots and EP 32)" (read 2026-11-30).
 */
export const MEASURED_EP_IMBALANCE = { ratio: 1.564, ep: 32, numExperts: 256 } as const;

/**
 * (max − mean) / mean of the routed tokens a rank's experts receive under expert parallelism over `ep` GPUs. A rank's
 * load is the sum of its numExperts / ep experts' loads, so its spread relative to the mean falls as 1 / √(experts per
 * rank) (the source's own columns: 1.28 by expert / √8 = 0.45, 0.48 measured by rank); the hottest of ep ranks sits
 * E[max of ep normals] spreads above the mean. Scaled to reproduce the measurement at its point (EP 32, 8 experts a
 * rank): gpt-oss-120b (128 experts) at EP 2: 0.15, EP 4: 0.39; DeepSeek-V3 (256) at EP 8: 0.54; 0 without EP.
 */
export function expertLoadImbalance(numExperts: number, ep: number): number {
  if (ep <= 1) return 0;
  const m = MEASURED_EP_IMBALANCE;
  const spread = Math.sqrt(ep / numExperts / (m.ep / m.numExperts));
  return m.ratio * spread * (expectedMaxOfNormals(ep) / expectedMaxOfNormals(m.ep));
}

export class PerfInputError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'PerfInputError';
    this.code = code;
  }
}

/** Per-GPU constants of a target, computed once. */
export interface PerfConstants {
  /** Sustained FLOP/s of the matmuls whose weights the format quantises. */
  flopsPerSecond: number;
  /**
   * Sustained FLOP/s of the matmuls a format that quantises routed experts only (MXFP4, as gpt-oss ships it) keeps
   * at 16 bits: attention projections, dense MLPs, lm_head, at the bf16 peak × the ceiling.
   */
  sixteenBitFlopsPerSecond: number;
  /** Parameters multiplied per token by those 16-bit matmuls (part of activeParams, none of activeExpertParams). */
  sixteenBitParams: number;
  peakPrecision: PeakPrecision;
  bandwidthBytesPerSecond: number;
  /** Weight bytes per GPU read every step regardless of routing (all but routed experts). */
  denseWeightBytes: number;
  /** Bytes of one routed expert in one layer, per GPU. */
  expertBytes: number;
  moeLayers: number;
  activeParams: number;
  /** Routed-expert parameters multiplied per token (k experts × MoE layers). */
  activeExpertParams: number;
  kvPerTokenPerLayer: number;
  linkBytesPerSecond: number;
  /** Attention matmuls (QK^T, PV) run at the 16-bit peak even when the weights are fp8/fp4. */
  attentionFlopsPerSecond: number;
  /** All-reduce latency multiplier: 1 over NVLink/Infinity Fabric, 2(n−1) ring hops through PCIe. */
  hopsFactor: number;
  /** Expert-parallel degree (1 without DEP): GPUs the routed experts are spread over. */
  ep: number;
  /** Routed tokens the hottest expert-parallel rank receives over the mean (1 without DEP; `expertLoadImbalance`). */
  hotRankLoad: number;
  /**
   * Times the decode attention kernel loads each KV head: 1 for a grouped-query kernel, which loads a KV head once for
   * all the query heads that share it (every engine llmplan plans for); more for a kernel with one thread block per
   * query head (`engineKvHeadReads` in calibration.ts: TensorRT-LLM v0.9 outside XQA's groupings).
   */
  kvHeadReads: number;
  /** Sustained L2 read bandwidth, bytes/s: the repeated loads of a KV head are served by L2; null when not measured. */
  l2BytesPerSecond: number | null;
  /** CUDA-graph batch sizes a decode-only step is padded up to (TensorRT-LLM `cuda_graph_config.enable_padding`); null: none. */
  graphBatchSizes: readonly number[] | null;
}

export function perfConstants(t: PerfTarget): PerfConstants {
  const peak = peakFlops(t.gpu, t.weights);
  if (!peak) throw new PerfInputError('NO_PEAK_FLOPS', `${t.gpu.id} has no published tensor peak for ${t.weights} or bf16/fp16`);
  const bw = t.gpu.memoryBandwidthBytesPerSecond;
  if (bw === null) throw new PerfInputError('NO_BANDWIDTH', `${t.gpu.id} has no published memory bandwidth`);
  const w = computeWeightBytes(t.model, t.weights, t.tp);
  const moe = t.model.architecture.moe;
  const p = w.params;
  const ep = expertParallel(t);
  // Routed experts' bytes per GPU at the precision the format stores them (MXFP4 experts next to bf16 attention).
  // Under DEP (tp 1) each GPU holds every non-expert weight and 1/ep of the routed experts, each whole.
  const moeLayers = p.moeLayers;
  const expertBytes = moe && moeLayers > 0 ? w.routedExpertBytesPerGpu / (moeLayers * moe.numExperts) : 0;
  const group = Math.max(t.tp, ep);
  const activeExpertParams = moe ? p.moeLayers * moe.expertsPerToken * p.perExpert : 0;
  const onLink = group <= t.gpu.link.domainSize ? t.gpu.link.bytesPerSecondPerDirection : t.gpu.pcieBytesPerSecondPerDirection;
  // Attention matmuls and an experts-only format's other matmuls run at the 16-bit peak × the ceiling.
  const sixteenBitFlopsPerSecond = (sixteenBitPeak(t.gpu) ?? peak.flopsPerSecond) * t.gpu.matmulCeiling.fraction;
  return {
    // Tensor cores sustain a measured fraction of the datasheet peak at their clocks under load (matmulCeiling).
    flopsPerSecond: peak.flopsPerSecond * matmulFraction(t.gpu, peak.precision),
    sixteenBitFlopsPerSecond,
    sixteenBitParams: quantisesExpertsOnly(t.weights, moe !== null) ? p.activePerToken - activeExpertParams : 0,
    peakPrecision: peak.precision,
    bandwidthBytesPerSecond: bw,
    denseWeightBytes: w.perGpuBytes - w.routedExpertBytesPerGpu - gatheredEmbeddingBytes(p, t.tp),
    expertBytes,
    moeLayers,
    activeParams: p.activePerToken,
    activeExpertParams,
    kvPerTokenPerLayer: kvBytesPerTokenPerLayer(t.model.architecture, t.kvDtype, t.tp),
    linkBytesPerSecond: onLink ?? t.gpu.pcieBytesPerSecondPerDirection ?? 16e9,
    attentionFlopsPerSecond: sixteenBitFlopsPerSecond,
    hopsFactor: group <= t.gpu.link.domainSize && t.gpu.link.kind !== 'pcie' ? 1 : 2 * (group - 1),
    ep,
    hotRankLoad: moe && ep > 1 ? 1 + expertLoadImbalance(moe.numExperts, ep) : 1,
    kvHeadReads: 1,
    l2BytesPerSecond: null,
    graphBatchSizes: null,
  };
}

/**
 * Bytes of the input embedding table a step does not stream: a step gathers one 16-bit row per token from it, so an
 * untied table (Llama-3.1-8B: 128,256 × 4,096 × 2 B = 1.05 GB of its 16 GB) is not read like a matmul weight. Vocab-
 * parallel under TP (vLLM VocabParallelEmbedding, TensorRT-LLM's embedding sharding): 1/tp per GPU. A tied table is
 * also the output projection, which multiplies every decoded token, so it stays in the bytes read.
 */
export function gatheredEmbeddingBytes(p: { embedding: number; lmHead: number }, tp: number): number {
  return p.lmHead > 0 ? (p.embedding * 2) / tp : 0;
}

/** Why a target cannot run attention data-parallel + expert-parallel over its `ep` GPUs: every reason, in order. */
export interface ExpertParallelProblem {
  code: 'EP_WITH_TP' | 'EP_NEEDS_MOE' | 'EP_NOT_DIVISOR';
  message: string;
}

export function expertParallelProblems(t: Pick<PerfTarget, 'ep' | 'tp' | 'model'>): ExpertParallelProblem[] {
  const ep = t.ep ?? 1;
  if (ep === 1) return [];
  const out: ExpertParallelProblem[] = [];
  if (t.tp !== 1) out.push({ code: 'EP_WITH_TP', message: `attention data-parallel + expert-parallel runs attention at TP 1 on each of the ${ep} GPUs, not TP ${t.tp}` });
  const moe = t.model.architecture.moe;
  if (!moe) out.push({ code: 'EP_NEEDS_MOE', message: `${t.model.id} is dense: expert parallelism needs routed experts` });
  else if (!Number.isInteger(ep) || ep < 1 || moe.numExperts % ep !== 0) out.push({ code: 'EP_NOT_DIVISOR', message: `${moe.numExperts} experts of ${t.model.id} do not spread evenly over ${ep} GPUs` });
  return out;
}

/** The expert-parallel degree of a target: 1 unless DEP, which needs tp 1 and whole experts on each GPU. */
export function expertParallel(t: Pick<PerfTarget, 'ep' | 'tp' | 'model'>): number {
  const [first] = expertParallelProblems(t);
  if (first) throw new PerfInputError(first.code, first.message);
  return t.ep ?? 1;
}

/** KV tokens an attention read touches at context `ctx`, summed over layers (sliding layers capped). */
export function kvLayerTokens(model: Model, ctx: number): number {
  const { full, sliding, window } = layerCounts(model.architecture);
  return full * ctx + sliding * Math.min(ctx, window ?? ctx);
}

/**
 * One engine step on one GPU of the TP group: `decodeSeqs` sequences each add a token at mean context
 * `decodeContext`; `prefillTokens` prompt tokens are processed at mean prefix `prefillContext`.
 * time = max(FLOPs / (peak × MFU), bytes / (bandwidth × MBU)) + all-reduces + fixed overhead.
 */
function computeStep(out: StepBreakdown, t: PerfTarget, k: PerfConstants, decodeSeqs: number, decodeContext: number, prefillTokens: number, prefillContext: number): StepBreakdown {
  const a = t.model.architecture;
  const e = t.efficiency;
  const tokens = decodeSeqs + prefillTokens;
  // A decode-only step runs as the captured CUDA graph of the next batch size up: the padded rows are computed too.
  let rows = tokens;
  if (prefillTokens === 0 && k.graphBatchSizes && decodeSeqs > 0) rows = k.graphBatchSizes.find((b) => b >= decodeSeqs) ?? decodeSeqs;
  const heads = a.numAttentionHeads;
  const qkDim = a.attention.kind === 'mla' ? a.attention.kvLoraRank + a.attention.qkRopeHeadDim : a.headDim;
  // Attention: QK^T and PV, 2 FLOPs per multiply-add each → 4 × heads × dim per (query, key) pair.
  const attnPairs = decodeSeqs * kvLayerTokens(t.model, decodeContext) + prefillTokens * kvLayerTokens(t.model, prefillContext);
  // Under DEP the lock-step is set by the rank whose experts receive the most tokens (hotRankLoad × the mean).
  const expertFlops = (2 * k.activeExpertParams * rows * k.hotRankLoad) / t.tp;
  const sixteenBitFlops = (2 * k.sixteenBitParams * rows) / t.tp;
  const denseFlops = (2 * (k.activeParams - k.activeExpertParams - k.sixteenBitParams) * rows) / t.tp;
  const attentionFlops = (4 * heads * qkDim * attnPairs) / t.tp;
  const moe = a.moe;
  // Under DEP the step is in lock-step across the ep ranks: each GPU's experts see the tokens of all of them, and
  // each GPU holds numExperts / ep of the experts (a balanced router gives every GPU its own tokens' share of work).
  const touched = moe ? expertsTouched(moe.numExperts, moe.expertsPerToken, rows * k.ep) : 0;
  const expertBytes = moe ? k.moeLayers * (touched / k.ep) * k.expertBytes : 0;
  const kvBytes = decodeSeqs * kvLayerTokens(t.model, decodeContext) * k.kvPerTokenPerLayer;
  // GEMMs and attention are separate kernels: each is bound by its own roofline, and their times add.
  // Routed-expert GEMMs also pay for the padding of each expert's tokens to whole tiles (expertTileFill).
  const tileFill = moe ? expertTileFill(moe.numExperts, moe.expertsPerToken, rows, k.ep, touched) : 1;
  const gemmCompute = (sixteenBitFlops / k.sixteenBitFlopsPerSecond + (denseFlops + expertFlops / (e.moeMfuFactor * tileFill)) / k.flopsPerSecond) / e.mfu;
  const gemmMemory = (k.denseWeightBytes + expertBytes) / (k.bandwidthBytesPerSecond * e.mbu);
  const attnCompute = attentionFlops / (k.attentionFlopsPerSecond * e.mfu);
  const attnMemory = kvAttentionSeconds(k, kvBytes, e.kvMbu);
  const computeSeconds = gemmCompute + attnCompute;
  const memorySeconds = gemmMemory + attnMemory;
  const gpuSeconds = Math.max(gemmCompute, gemmMemory) + Math.max(attnCompute, attnMemory);
  // Two all-reduces per layer (attention out, MLP out) of tokens × hidden bf16; ring: 2(n−1)/n of the message.
  const allReduce = t.tp > 1 ? 2 * a.numHiddenLayers * (e.allReduceLatencySeconds * k.hopsFactor + ((2 * (t.tp - 1)) / t.tp) * (rows * a.hiddenSize * 2) / (k.linkBytesPerSecond * e.linkEfficiency)) : 0;
  // DEP: per MoE layer an all-to-all dispatches each token's hidden state to its k experts and another combines the
  // results (bf16); (ep − 1)/ep of the copies leave the GPU (DeepEP, TensorRT-LLM wide-EP). One collective latency each.
  // The hot rank receives hotRankLoad × the mean of the copies, and the all-to-all waits for it.
  const allToAll = k.ep > 1 && moe ? 2 * k.moeLayers * (e.allReduceLatencySeconds * k.hopsFactor + (((k.ep - 1) / k.ep) * rows * k.hotRankLoad * moe.expertsPerToken * a.hiddenSize * 2) / (k.linkBytesPerSecond * e.linkEfficiency)) : 0;
  const commSeconds = allReduce + allToAll;
  const overheadSeconds = e.stepOverheadSeconds;
  out.seconds = gpuSeconds + commSeconds + overheadSeconds;
  out.computeSeconds = computeSeconds;
  out.memorySeconds = memorySeconds;
  out.commSeconds = commSeconds;
  out.overheadSeconds = overheadSeconds;
  out.bound = computeSeconds >= memorySeconds ? 'compute' : 'memory';
  return out;
}

/**
 * Seconds a decode attention kernel spends loading `kvBytes` of KV cache. DRAM delivers each byte once; a kernel that
 * loads a KV head once per query head sharing it (k.kvHeadReads > 1) has the repeats served by L2, so it is also
 * bound by L2 bandwidth over kvHeadReads × the bytes, at the same fraction of it as of DRAM. Whichever is longer
 * wins: on L40S (864 GB/s of DRAM) grouped heads still save DRAM time; on H100 and H200 the repeats through L2 set it.
 */
export function kvAttentionSeconds(k: Pick<PerfConstants, 'bandwidthBytesPerSecond' | 'kvHeadReads' | 'l2BytesPerSecond'>, kvBytes: number, kvMbu: number): number {
  const dram = kvBytes / (k.bandwidthBytesPerSecond * kvMbu);
  if (k.kvHeadReads <= 1 || k.l2BytesPerSecond === null) return dram;
  return Math.max(dram, (kvBytes * k.kvHeadReads) / (k.l2BytesPerSecond * kvMbu));
}

export function stepTime(t: PerfTarget, k: PerfConstants, decodeSeqs: number, decodeContext: number, prefillTokens: number, prefillContext: number): StepBreakdown {
  return computeStep({ seconds: 0, computeSeconds: 0, memorySeconds: 0, commSeconds: 0, overheadSeconds: 0, bound: 'memory' }, t, k, decodeSeqs, decodeContext, prefillTokens, prefillContext);
}

// The fixed points of serving.ts evaluate hundreds of thousands of steps a search and keep only their time: one
// scratch breakdown serves them all instead of an object per step (garbage collection was a tenth of `recommend`).
const scratch: StepBreakdown = { seconds: 0, computeSeconds: 0, memorySeconds: 0, commSeconds: 0, overheadSeconds: 0, bound: 'memory' };

/** `stepTime(…).seconds`, computed the same way, without a breakdown object. */
export function stepSeconds(t: PerfTarget, k: PerfConstants, decodeSeqs: number, decodeContext: number, prefillTokens: number, prefillContext: number): number {
  return computeStep(scratch, t, k, decodeSeqs, decodeContext, prefillTokens, prefillContext).seconds;
}
