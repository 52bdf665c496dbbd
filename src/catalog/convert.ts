// Catalog YAML entries (datasheet units) → core objects (base units). The only place these conversions happen.
import type { EngineMemoryProfile } from '../core/memory/engine-memory.ts';
import type { Gpu, Model, PeakPrecision } from '../core/types.ts';
import { GB, GiB, MiB, TERA } from '../core/units.ts';
import type { EngineEntry, GpuEntry, ModelEntry } from './schema.ts';

/**
 * The fraction of its dense peak a GPU without a matmul measurement is assumed to sustain: the median of the NVIDIA BF16
 * rows of the measured maximum-achievable-matmul table (stas00/ml-engineering compute/accelerator/README.md @744d01e,
 * read 2026-12-01: A100 SXM 86.9%, GH200 83.8%, A100 PCIe 81.1%, H100 SXM 80.3%, B300 78.6%, B200 77.6%, GB200 72.9%).
 */
export const UNMEASURED_MATMUL_FRACTION = 0.803;

function matmulCeiling(e: GpuEntry): Gpu['matmulCeiling'] {
  const measured = e.measuredMatmulTflops?.value ?? null;
  const peak = e.tensorTflops.bf16.dense.value ?? e.tensorTflops.fp16.dense.value;
  if (measured === null || peak === null) return { fraction: UNMEASURED_MATMUL_FRACTION, basis: 'assumed' };
  return { fraction: Math.min(1, measured / peak), basis: 'measured' };
}

function fp4MatmulCeiling(e: GpuEntry): number | null {
  const measured = e.measuredFp4MatmulTflops?.value ?? null;
  const peak = e.tensorTflops.fp4.dense.value;
  return measured === null || peak === null || peak <= 0 ? null : Math.min(1, measured / peak);
}

export function toGpu(e: GpuEntry): Gpu {
  const peaks = {} as Record<PeakPrecision, number | null>;
  for (const p of ['fp16', 'bf16', 'fp8', 'int8', 'fp4'] as const) {
    const v = e.tensorTflops[p].dense.value;
    peaks[p] = v === null ? null : v * TERA;
  }
  const reported = e.reportedMemoryBytes.value;
  // Without a driver report, assume the label is binary GiB less the ~1.1% CUDA keeps (79.15 of 80 GiB on H100).
  const nominal = e.nominalMemoryGB.value;
  const memoryBytes = reported ?? (nominal === null ? 0 : Math.round(nominal * GiB * (79.15 / 80)));
  const bw = e.memoryBandwidthGBps.value;
  const link = e.interconnect.bandwidthGBpsBidirectional.value;
  const pcie = e.pcie.bandwidthGBpsBidirectional.value;
  return {
    id: e.id,
    name: e.name,
    vendor: e.vendor,
    architecture: e.architecture,
    aliases: e.aliases,
    nominalMemoryGB: nominal,
    memoryBytes,
    memoryBytesBasis: reported === null ? 'nominal' : 'reported',
    memoryBandwidthBytesPerSecond: bw === null ? null : bw * GB,
    denseFlopsPerSecond: peaks,
    matmulCeiling: matmulCeiling(e),
    fp4MatmulCeiling: fp4MatmulCeiling(e),
    tdpWatts: e.tdpWatts.value,
    formFactor: e.formFactor,
    link: { kind: e.interconnect.kind, bytesPerSecondPerDirection: link === null ? null : (link * GB) / 2, domainSize: e.interconnect.domainSize },
    pcieBytesPerSecondPerDirection: pcie === null ? null : (pcie * GB) / 2,
    source: e.memoryBandwidthGBps.source ?? e.nominalMemoryGB.source ?? '',
    readOn: e.memoryBandwidthGBps.readOn ?? e.nominalMemoryGB.readOn ?? '',
  };
}

export function toModel(e: ModelEntry): Model {
  return {
    id: e.id,
    name: e.name,
    hfRepo: e.hfRepo,
    aliases: e.aliases,
    kind: e.kind,
    releasedWeights: e.releasedWeights,
    architecture: e.architecture,
    publishedTotalParams: e.parameters.total.value,
    publishedActiveParams: e.parameters.active.value,
    checkpointBytesBf16: e.checkpointBytesBf16.value,
    source: e.source,
    readOn: e.readOn,
  };
}

export function toEngine(e: EngineEntry): EngineMemoryProfile {
  const nccl: Record<string, number> = {};
  for (const [k, v] of Object.entries(e.ncclMBByTp)) nccl[k] = v * MiB;
  return {
    id: e.id,
    name: e.name,
    budgetRule: e.budgetRule,
    defaultMemoryFraction: e.defaultMemoryFraction,
    blockTokens: e.blockTokens,
    profileTokensLargeGpu: e.profileTokensLargeGpu,
    profileSequencesLargeGpu: e.profileSequencesLargeGpu,
    profileTokensSmallGpu: e.profileTokensSmallGpu,
    profileSequencesSmallGpu: e.profileSequencesSmallGpu,
    largeGpuMinBytes: e.largeGpuMinGiB * GiB,
    samplerBytesPerLogit: e.samplerBytesPerLogit,
    activationPeak: e.activationPeak ?? 'sum',
    cudaContextBytes: e.cudaContextGiB * GiB,
    nonTorchBytes: e.nonTorchGiB * GiB,
    ncclBytesByTp: nccl,
    cudaGraphBytesPerLayer: e.cudaGraphGiBPerLayer * GiB,
    overlapScheduler: e.overlapScheduler,
    source: e.source,
    readOn: e.readOn,
  };
}
