// zod schemas for catalogs/*.yaml. The YAML is the edge: its units are the ones datasheets print
// (GB/s, TFLOPS, W) and say so in the key; the loader converts to base units (bytes, FLOP/s) once.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');

/** A number with its provenance. Unknown is `value: null` with a `reason`, never a guess and never 0. */
export const sourcedNumber = z
  .strictObject({
    value: z.number().finite().nullable(),
    source: z.string().min(3).optional(),
    readOn: isoDate.optional(),
    reason: z.string().min(3).optional(),
    note: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.value === null && !v.reason) ctx.addIssue({ code: 'custom', message: 'a null value needs a reason' });
    if (v.value !== null && (!v.source || !v.readOn))
      ctx.addIssue({ code: 'custom', message: 'a known value needs its source and readOn date' });
    if (v.value !== null && v.value < 0) ctx.addIssue({ code: 'custom', message: 'must be >= 0' });
  });
export type SourcedNumber = z.infer<typeof sourcedNumber>;

const denseSparse = z.strictObject({ dense: sourcedNumber, sparse: sourcedNumber });

const kebabId = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'a kebab-case id such as "h100-sxm-80gb"');

export const gpuSchema = z.strictObject({
  id: kebabId,
  name: z.string(),
  vendor: z.enum(['nvidia', 'amd']),
  architecture: z.enum(['turing', 'ampere', 'ada', 'hopper', 'blackwell', 'cdna3', 'cdna4']),
  /** CUDA compute capability ("9.0") or AMD gfx target ("gfx942"). */
  computeCapability: z.string(),
  formFactor: z.enum(['pcie', 'sxm', 'nvl', 'oam']),
  aliases: z.array(z.string()).default([]),
  /** Capacity as the datasheet labels it ("80GB"); HBM "GB" here are binary (80 GiB stacks), see note. */
  nominalMemoryGB: sourcedNumber,
  /** Total memory as the driver/CUDA reports it (torch.cuda.mem_get_info total, or nvidia-smi "Total"). */
  reportedMemoryBytes: sourcedNumber,
  reportedMemoryBy: z.enum(['cuda', 'nvidia-smi', 'rocm-smi', 'unknown']),
  /** Peak DRAM bandwidth in decimal GB/s as printed (3.35 TB/s → 3350). */
  memoryBandwidthGBps: sourcedNumber,
  /** Tensor-core peaks in TFLOPS (TOPS for int8), dense and with 2:4 sparsity kept apart. */
  tensorTflops: z.strictObject({
    fp16: denseSparse,
    bf16: denseSparse,
    fp8: denseSparse,
    int8: denseSparse,
    fp4: denseSparse,
  }),
  tdpWatts: sourcedNumber,
  interconnect: z.strictObject({
    kind: z.enum(['nvlink', 'nvlink-bridge', 'pcie', 'infinity-fabric']),
    /** Total of both directions, as vendors print it (NVLink 4: 900 GB/s = 450 each way). */
    bandwidthGBpsBidirectional: sourcedNumber,
    /** GPUs that reach each other over this link: 8 on an HGX board, 2 for an NVLink bridge, 1 for PCIe only. */
    domainSize: z.number().int().min(1),
  }),
  pcie: z.strictObject({ generation: z.number().int().min(3).max(6), bandwidthGBpsBidirectional: sourcedNumber }),
  notes: z.string().optional(),
});
export type GpuEntry = z.infer<typeof gpuSchema>;

export const gpuCatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  gpus: z.array(gpuSchema),
});

const positiveInt = z.number().int().positive();

export const attentionSchema = z.discriminatedUnion('kind', [
  /** MHA (kv heads = heads), GQA, MQA (1 kv head): K and V per kv head. */
  z.strictObject({ kind: z.literal('gqa') }),
  /** DeepSeek multi-head latent attention: one compressed latent + decoupled RoPE key per token and layer. */
  z.strictObject({
    kind: z.literal('mla'),
    kvLoraRank: positiveInt,
    qkRopeHeadDim: positiveInt,
    qkNopeHeadDim: positiveInt,
    vHeadDim: positiveInt,
    qLoraRank: positiveInt.nullable(),
  }),
]);

export const layerPatternSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('full') }),
  /** Some (or all) layers attend to the last `window` tokens only; the rest see the whole context. */
  z.strictObject({
    kind: z.literal('sliding'),
    window: positiveInt,
    slidingLayers: z.number().int().min(0),
    fullLayers: z.number().int().min(0),
  }),
]);

export const moeSchema = z.strictObject({
  numExperts: positiveInt,
  expertsPerToken: positiveInt,
  moeIntermediateSize: positiveInt,
  numSharedExperts: z.number().int().min(0),
  /** Leading layers that keep a dense MLP of `intermediateSize` (DeepSeek-V3: 3). */
  firstDenseLayers: z.number().int().min(0),
});

export const modelSchema = z.strictObject({
  id: kebabId,
  name: z.string(),
  hfRepo: z.string(),
  aliases: z.array(z.string()).default([]),
  kind: z.enum(['decoder', 'embedding']),
  source: z.string().min(3),
  readOn: isoDate,
  notes: z.string().optional(),
  /** Precision of the weights as released (DeepSeek-V3 fp8, gpt-oss MoE mxfp4). */
  releasedWeights: z.enum(['bf16', 'fp16', 'fp32', 'fp8', 'mxfp4']),
  architecture: z.strictObject({
    numHiddenLayers: positiveInt,
    hiddenSize: positiveInt,
    intermediateSize: positiveInt,
    numAttentionHeads: positiveInt,
    numKeyValueHeads: positiveInt,
    /** Explicit head_dim; Qwen3-32B, Gemma, gpt-oss have heads × headDim ≠ hidden. */
    headDim: positiveInt,
    vocabSize: positiveInt,
    maxPositionEmbeddings: positiveInt,
    tieWordEmbeddings: z.boolean(),
    /** gated: SwiGLU/GeGLU, three matrices; plain: up + down (BERT, Falcon). */
    mlp: z.enum(['gated', 'plain']),
    /** none; qkv (Qwen2.5); attention (q,k,v,o: gpt-oss); all (BERT: every linear + LayerNorm bias). */
    biases: z.enum(['none', 'qkv', 'attention', 'all']),
    attention: attentionSchema,
    layerPattern: layerPatternSchema,
    moe: moeSchema.nullable(),
    /** Position-embedding table rows for learned positions (BERT: 512); 0 for RoPE models. */
    learnedPositionEmbeddings: z.number().int().min(0).default(0),
  }),
  parameters: z.strictObject({
    /** As published; `exact` when a source counts them, `nominal` when it is the name's size. */
    total: sourcedNumber,
    totalKind: z.enum(['exact', 'nominal', 'approximate']),
    active: sourcedNumber,
  }),
  /** Exact bytes of the released bf16 safetensors (model.safetensors.index.json total_size) when known. */
  checkpointBytesBf16: sourcedNumber,
});
export type ModelEntry = z.infer<typeof modelSchema>;

export const modelCatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  models: z.array(modelSchema),
});

export const engineSchema = z.strictObject({
  id: z.enum(['vllm', 'sglang', 'trtllm']),
  name: z.string(),
  budgetRule: z.enum(['fraction-of-total', 'static-fraction', 'fraction-of-free']),
  defaultMemoryFraction: z.number().gt(0).lte(1),
  blockTokens: z.number().int().positive(),
  profileTokensLargeGpu: z.number().int().positive(),
  profileSequencesLargeGpu: z.number().int().positive(),
  profileTokensSmallGpu: z.number().int().positive(),
  profileSequencesSmallGpu: z.number().int().positive(),
  largeGpuMinGiB: z.number().positive(),
  samplerBytesPerLogit: z.number().min(0),
  cudaContextGiB: z.number().min(0),
  nonTorchGiB: z.number().min(0),
  ncclMBByTp: z.record(z.string(), z.number().min(0)),
  cudaGraphGiBPerLayer: z.number().min(0),
  source: z.string().min(3),
  readOn: isoDate,
  notes: z.string().optional(),
});
export type EngineEntry = z.infer<typeof engineSchema>;

export const engineCatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  engines: z.array(engineSchema),
});
