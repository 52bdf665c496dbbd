// Core data shapes in base units (bytes, seconds, FLOP/s, tokens). The catalog loader builds these from YAML.

export type PeakPrecision = 'fp16' | 'bf16' | 'fp8' | 'int8' | 'fp4';
export type Architecture = 'turing' | 'ampere' | 'ada' | 'hopper' | 'blackwell' | 'cdna3' | 'cdna4';

export interface Gpu {
  id: string;
  name: string;
  vendor: 'nvidia' | 'amd';
  architecture: Architecture;
  aliases: string[];
  nominalMemoryGB: number | null;
  /** Total memory the serving engine sees (CUDA total); the engine budgets fractions of this. */
  memoryBytes: number;
  /** How memoryBytes was obtained: read from a driver report, or estimated from the nominal label. */
  memoryBytesBasis: 'reported' | 'nominal';
  memoryBandwidthBytesPerSecond: number | null;
  /** Dense tensor-core peak per precision in FLOP/s (OP/s for int8); null where the GPU lacks it. */
  denseFlopsPerSecond: Record<PeakPrecision, number | null>;
  /**
   * Fraction of the dense tensor peak large matmuls sustain (measured BF16 maximum over the datasheet BF16 peak), and
   * whether it was measured for this GPU or assumed (the median measured fraction, UNMEASURED_MATMUL_FRACTION).
   */
  matmulCeiling: { fraction: number; basis: 'measured' | 'assumed' };
  /** The same for block-scaled FP4 matmuls (measured FP4 maximum over the FP4 peak); null where not measured. */
  fp4MatmulCeiling: number | null;
  tdpWatts: number | null;
  /** How it is mounted (catalogs/gpus.yaml): the on-prem host server is chosen by it. */
  formFactor: 'pcie' | 'sxm' | 'nvl' | 'oam';
  link: { kind: 'nvlink' | 'nvlink-bridge' | 'pcie' | 'infinity-fabric'; bytesPerSecondPerDirection: number | null; domainSize: number };
  pcieBytesPerSecondPerDirection: number | null;
  source: string;
  readOn: string;
}

export interface MlaAttention {
  kind: 'mla';
  kvLoraRank: number;
  qkRopeHeadDim: number;
  qkNopeHeadDim: number;
  vHeadDim: number;
  qLoraRank: number | null;
}

/** Gated DeltaNet layers (Qwen3-Next) beside full-attention layers: no per-token KV, a fixed state per sequence. */
export interface HybridLinearPattern {
  kind: 'hybrid-linear';
  fullLayers: number;
  linearLayers: number;
  linearNumKeyHeads: number;
  linearNumValueHeads: number;
  linearKeyHeadDim: number;
  linearValueHeadDim: number;
  linearConvKernel: number;
  stateDtype: 'bf16' | 'fp32';
  outputGate: boolean;
}

export interface ModelArchitecture {
  numHiddenLayers: number;
  hiddenSize: number;
  intermediateSize: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  headDim: number;
  vocabSize: number;
  maxPositionEmbeddings: number;
  tieWordEmbeddings: boolean;
  mlp: 'gated' | 'plain';
  biases: 'none' | 'qkv' | 'attention' | 'all';
  attention: { kind: 'gqa' } | MlaAttention;
  layerPattern: { kind: 'full' } | { kind: 'sliding'; window: number; slidingLayers: number; fullLayers: number } | HybridLinearPattern;
  moe: {
    numExperts: number;
    expertsPerToken: number;
    moeIntermediateSize: number;
    numSharedExperts: number;
    firstDenseLayers: number;
  } | null;
  learnedPositionEmbeddings: number;
}

export interface Model {
  id: string;
  name: string;
  hfRepo: string;
  aliases: string[];
  kind: 'decoder' | 'embedding';
  releasedWeights: 'bf16' | 'fp16' | 'fp32' | 'fp8' | 'mxfp4';
  architecture: ModelArchitecture;
  publishedTotalParams: number | null;
  publishedActiveParams: number | null;
  checkpointBytesBf16: number | null;
  source: string;
  readOn: string;
}
