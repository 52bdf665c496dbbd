// zod schemas for catalogs/*.yaml. The YAML is the edge: its units are the ones datasheets print
// (GB/s, TFLOPS, W) and say so in the key; the loader converts to base units (bytes, FLOP/s) once.
// Every number a division, root or loop uses has a physical range (core/bounds.ts): a user catalog with zero
// bandwidth or more KV heads than attention heads is refused at its line, not turned into NaN or a hang.
import { z } from 'zod';
import { LIMITS } from '../core/bounds.ts';
import { atMost, count, label, list, rangeMessage, text, type RangeLimit } from '../io/schema-bounds.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');

/** A number with its provenance. Unknown is `value: null` with a `reason`, never a guess and never 0. */
const provenance = z
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
  });

/** Any catalog number: 0, or a magnitude a product or quotient of a few of them keeps finite (LIMITS.catalogNumber). */
export const sourcedNumber = provenance.superRefine((v, ctx) => {
  if (v.value !== null && v.value < 0) ctx.addIssue({ code: 'custom', message: 'must be >= 0' });
  else if (v.value !== null && v.value !== 0 && (v.value < LIMITS.catalogNumber.min || v.value > LIMITS.catalogNumber.max)) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: rangeMessage('catalogNumber', v.value) });
  }
});
export type SourcedNumber = z.infer<typeof sourcedNumber>;

/** A sourced number whose known value lies in a physical range: bandwidth, TFLOPS, memory, watts, parameters. */
export function sourcedIn(name: RangeLimit) {
  const { min, max } = LIMITS[name];
  return provenance.superRefine((v, ctx) => {
    if (v.value !== null && (v.value < min || v.value > max)) ctx.addIssue({ code: 'custom', path: ['value'], message: rangeMessage(name, v.value) });
  });
}

const denseSparse = z.strictObject({ dense: sourcedIn('tensorTflops'), sparse: sourcedIn('tensorTflops') });

const kebabId = label.regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'a kebab-case id such as "h100-sxm-80gb"');

/** How a GPU is mounted: a PCIe card (nvl: a PCIe card with an NVLink bridge), an SXM or OAM module on a baseboard. */
export const GPU_FORM_FACTORS = ['pcie', 'sxm', 'nvl', 'oam'] as const;

export const gpuSchema = z.strictObject({
  id: kebabId,
  name: label,
  vendor: z.enum(['nvidia', 'amd']),
  architecture: z.enum(['turing', 'ampere', 'ada', 'hopper', 'blackwell', 'cdna3', 'cdna4']),
  /** CUDA compute capability ("9.0") or AMD gfx target ("gfx942"). */
  computeCapability: label,
  formFactor: z.enum(GPU_FORM_FACTORS),
  aliases: list(label, 'listItems').default([]),
  /** Capacity as the datasheet labels it ("80GB"); HBM "GB" here are binary (80 GiB stacks), see note. */
  nominalMemoryGB: sourcedIn('gpuMemoryGB'),
  /** Total memory as the driver/CUDA reports it (torch.cuda.mem_get_info total, or nvidia-smi "Total"). */
  reportedMemoryBytes: sourcedIn('gpuMemoryBytes'),
  reportedMemoryBy: z.enum(['cuda', 'nvidia-smi', 'rocm-smi', 'unknown']),
  /** Peak DRAM bandwidth in decimal GB/s as printed (3.35 TB/s → 3350). */
  memoryBandwidthGBps: sourcedIn('memoryBandwidthGBps'),
  /** Tensor-core peaks in TFLOPS (TOPS for int8), dense and with 2:4 sparsity kept apart. */
  tensorTflops: z.strictObject({
    fp16: denseSparse,
    bf16: denseSparse,
    fp8: denseSparse,
    int8: denseSparse,
    fp4: denseSparse,
  }),
  /**
   * Measured maximum achievable dense 16-bit matmul TFLOPS (BF16; FP16 on GPUs without BF16 tensor cores; large
   * GEMMs, e.g. mamf-finder.py): what the clocks and power limit let the tensor cores sustain, below the datasheet
   * peak. Absent or null: not measured.
   */
  measuredMatmulTflops: sourcedIn('tensorTflops').optional(),
  /**
   * Measured maximum achievable dense FP4 matmul TFLOPS (block-scaled FP4 × FP4, the best shape of a published
   * vendor-library benchmark). FP4 GEMMs sustain a smaller share of their peak than BF16 ones; absent, the BF16
   * fraction stands in for it (and `perf` says so).
   */
  measuredFp4MatmulTflops: sourcedIn('tensorTflops').optional(),
  tdpWatts: sourcedIn('tdpWatts'),
  interconnect: z.strictObject({
    kind: z.enum(['nvlink', 'nvlink-bridge', 'pcie', 'infinity-fabric']),
    /** Total of both directions, as vendors print it (NVLink 4: 900 GB/s = 450 each way). */
    bandwidthGBpsBidirectional: sourcedIn('linkGBps'),
    /** GPUs that reach each other over this link: 8 on an HGX board, 2 for an NVLink bridge, 1 for PCIe only. */
    domainSize: count('linkDomain'),
  }),
  pcie: z.strictObject({ generation: z.number().int().min(3).max(6), bandwidthGBpsBidirectional: sourcedIn('linkGBps') }),
  notes: text.optional(),
}).superRefine((g, ctx) => {
  // Memory sizes every plan: with neither figure known, nothing could be said to fit.
  if (g.nominalMemoryGB.value === null && g.reportedMemoryBytes.value === null) {
    ctx.addIssue({ code: 'custom', path: ['nominalMemoryGB', 'value'], message: 'the memory size must be known: give nominalMemoryGB or reportedMemoryBytes' });
  }
});
export type GpuEntry = z.infer<typeof gpuSchema>;

export const gpuCatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  gpus: z.array(gpuSchema),
});

const positiveInt = count('architectureSize');

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
    window: count('positionEmbeddings'),
    slidingLayers: count('architectureSize', 0),
    fullLayers: count('architectureSize', 0),
  }),
  /**
   * Hybrid linear attention (Qwen3-Next Gated DeltaNet): `linearLayers` keep no per-token KV, only a fixed recurrent
   * state per sequence (a key × value matrix per value head plus a short-convolution window); the other `fullLayers`
   * are ordinary attention with KV. vLLM MambaStateShapeCalculator.gated_delta_net_state_shape.
   */
  z.strictObject({
    kind: z.literal('hybrid-linear'),
    fullLayers: count('architectureSize', 0),
    linearLayers: count('architectureSize', 0),
    linearNumKeyHeads: positiveInt,
    linearNumValueHeads: positiveInt,
    linearKeyHeadDim: positiveInt,
    linearValueHeadDim: positiveInt,
    /** Causal-conv1d kernel width; the state keeps the last kernel − 1 inputs. */
    linearConvKernel: positiveInt,
    /** Storage of the recurrent (temporal) state: vLLM's `--mamba-ssm-cache-dtype auto` keeps the model dtype. */
    stateDtype: z.enum(['bf16', 'fp32']),
    /** Full-attention layers gate their output with a second query-sized projection (Qwen3-Next q_proj: 2 × heads × headDim). */
    outputGate: z.boolean(),
  }),
]);

export const moeSchema = z.strictObject({
  numExperts: positiveInt,
  expertsPerToken: positiveInt,
  moeIntermediateSize: positiveInt,
  numSharedExperts: count('architectureSize', 0),
  /** Leading layers that keep a dense MLP of `intermediateSize` (DeepSeek-V3: 3). */
  firstDenseLayers: count('architectureSize', 0),
}).superRefine((m, ctx) => {
  if (m.expertsPerToken > m.numExperts) ctx.addIssue({ code: 'custom', path: ['expertsPerToken'], message: `must be at most numExperts (${m.numExperts}); got ${m.expertsPerToken}` });
});

const architectureSchema = z
  .strictObject({
    numHiddenLayers: positiveInt,
    hiddenSize: positiveInt,
    intermediateSize: positiveInt,
    numAttentionHeads: positiveInt,
    numKeyValueHeads: positiveInt,
    /** Explicit head_dim; Qwen3-32B, Gemma, gpt-oss have heads × headDim ≠ hidden. */
    headDim: positiveInt,
    vocabSize: positiveInt,
    maxPositionEmbeddings: count('positionEmbeddings'),
    tieWordEmbeddings: z.boolean(),
    /** gated: SwiGLU/GeGLU, three matrices; plain: up + down (BERT, Falcon). */
    mlp: z.enum(['gated', 'plain']),
    /** none; qkv (Qwen2.5); attention (q,k,v,o: gpt-oss); all (BERT: every linear + LayerNorm bias). */
    biases: z.enum(['none', 'qkv', 'attention', 'all']),
    attention: attentionSchema,
    layerPattern: layerPatternSchema,
    moe: moeSchema.nullable(),
    /** Position-embedding table rows for learned positions (BERT: 512); 0 for RoPE models. */
    learnedPositionEmbeddings: count('positionEmbeddings', 0).default(0),
  })
  .superRefine((a, ctx) => {
    const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    // Each KV head serves a whole group of query heads (GQA); MQA is 1, MHA is all of them.
    if (a.numKeyValueHeads > a.numAttentionHeads) issue(['numKeyValueHeads'], `must be at most numAttentionHeads (${a.numAttentionHeads}); got ${a.numKeyValueHeads}`);
    else if (a.attention.kind === 'gqa' && a.numAttentionHeads % a.numKeyValueHeads !== 0) {
      issue(['numKeyValueHeads'], `must divide numAttentionHeads (${a.numAttentionHeads}) into equal groups; got ${a.numKeyValueHeads}`);
    }
    if (a.layerPattern.kind === 'sliding' && a.layerPattern.slidingLayers + a.layerPattern.fullLayers !== a.numHiddenLayers) {
      issue(['layerPattern'], `slidingLayers + fullLayers must equal numHiddenLayers (${a.numHiddenLayers}); got ${a.layerPattern.slidingLayers + a.layerPattern.fullLayers}`);
    }
    if (a.layerPattern.kind === 'hybrid-linear') {
      const p = a.layerPattern;
      if (p.linearLayers + p.fullLayers !== a.numHiddenLayers) issue(['layerPattern'], `linearLayers + fullLayers must equal numHiddenLayers (${a.numHiddenLayers}); got ${p.linearLayers + p.fullLayers}`);
      if (p.linearNumValueHeads % p.linearNumKeyHeads !== 0) issue(['layerPattern', 'linearNumValueHeads'], `must be a multiple of linearNumKeyHeads (${p.linearNumKeyHeads}); got ${p.linearNumValueHeads}`);
    }
    if (a.moe && a.moe.firstDenseLayers > a.numHiddenLayers) issue(['moe', 'firstDenseLayers'], `must be at most numHiddenLayers (${a.numHiddenLayers}); got ${a.moe.firstDenseLayers}`);
  });

export const modelSchema = z.strictObject({
  id: kebabId,
  name: label,
  hfRepo: label,
  aliases: list(label, 'listItems').default([]),
  kind: z.enum(['decoder', 'embedding']),
  source: text.min(3),
  readOn: isoDate,
  notes: text.optional(),
  /** Precision of the weights as released (DeepSeek-V3 fp8, gpt-oss MoE mxfp4). */
  releasedWeights: z.enum(['bf16', 'fp16', 'fp32', 'fp8', 'mxfp4']),
  architecture: architectureSchema,
  parameters: z
    .strictObject({
      /** As published; `exact` when a source counts them, `nominal` when it is the name's size. */
      total: sourcedIn('modelParameters'),
      totalKind: z.enum(['exact', 'nominal', 'approximate']),
      active: sourcedIn('modelParameters'),
    })
    .superRefine((p, ctx) => {
      if (p.total.value !== null && p.active.value !== null && p.active.value > p.total.value) {
        ctx.addIssue({ code: 'custom', path: ['active', 'value'], message: `must be at most the total (${p.total.value}); got ${p.active.value}` });
      }
    }),
  /** Exact bytes of the released bf16 safetensors (model.safetensors.index.json total_size) when known. */
  checkpointBytesBf16: sourcedIn('checkpointBytes'),
});
export type ModelEntry = z.infer<typeof modelSchema>;

export const modelCatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  models: z.array(modelSchema),
});

export const engineSchema = z.strictObject({
  id: z.enum(['vllm', 'sglang', 'trtllm']),
  name: label,
  budgetRule: z.enum(['fraction-of-total', 'static-fraction', 'fraction-of-free']),
  defaultMemoryFraction: z.number().gt(0).lte(1),
  blockTokens: count('engineTokens'),
  profileTokensLargeGpu: count('engineTokens', LIMITS.engineTokens.min),
  profileSequencesLargeGpu: count('engineSequences'),
  profileTokensSmallGpu: count('engineTokens', LIMITS.engineTokens.min),
  profileSequencesSmallGpu: count('engineSequences'),
  largeGpuMinGiB: atMost('engineGiB', z.number().positive()),
  samplerBytesPerLogit: atMost('bytesPerLogit', z.number().min(0)),
  /**
   * How the profiling forward pass and the sampler's pass combine: `max` when the forward activations are freed before
   * the sampler runs (vLLM 0.19), `sum` when both are held at once. Absent: `sum`, the rule before this field existed.
   */
  activationPeak: z.enum(['sum', 'max']).optional(),
  cudaContextGiB: atMost('engineGiB', z.number().min(0)),
  nonTorchGiB: atMost('engineGiB', z.number().min(0)),
  // MiB per TP degree: the same limit as the other overheads, in MiB.
  ncclMBByTp: z.record(z.string(), z.number().min(0).max(LIMITS.engineGiB.max * 1024, { error: (i) => rangeMessage('engineGiB', `${String(i.input)} MiB`) })),
  cudaGraphGiBPerLayer: atMost('engineGiB', z.number().min(0)),
  /** The scheduler plans step n + 1 while the GPU runs step n (vLLM async scheduling, SGLang and TensorRT-LLM overlap). */
  overlapScheduler: z.boolean(),
  source: text.min(3),
  readOn: isoDate,
  notes: text.optional(),
});
export type EngineEntry = z.infer<typeof engineSchema>;

export const engineCatalogSchema = z.strictObject({
  schemaVersion: z.literal(1),
  engines: z.array(engineSchema),
});
