// Weight and KV-cache formats, and the bits each stores per value including its scales.

export const WEIGHT_FORMATS = ['bf16', 'fp16', 'fp8', 'int8', 'int4-awq', 'int4-gptq', 'nvfp4', 'mxfp4'] as const;
export type WeightFormat = (typeof WEIGHT_FORMATS)[number];

export const KV_DTYPES = ['bf16', 'fp16', 'fp8'] as const;
export type KvDtype = (typeof KV_DTYPES)[number];

/** Group size of group-wise int4 (AWQ and GPTQ default, vLLM/AutoAWQ `group_size: 128`). */
export const INT4_GROUP_SIZE = 128;

/**
 * Bits stored per quantised weight, scales included.
 * - int4 group-wise: 4 bits + a 16-bit scale and a 4-bit zero point per group of 128 → 4 + 20/128 = 4.156 bits
 *   (dev.to "Group Size in GPTQ and AWQ Quantization"; capacity-anchors §3).
 * - nvfp4: 4-bit E2M1 + one FP8 scale per 16 values → 4.5 bits = 9/16 byte (aiconfigurator sdk/common.py).
 * - mxfp4: 4-bit E2M1 + one 8-bit E8M0 scale per 32 values → 4.25 bits (OCP MX spec v1.0).
 * - fp8 / int8: 8 bits; per-channel or 128×128-block fp32 scales add < 0.1% and are counted as 8 bits + 32/16384.
 */
export function bitsPerWeight(format: WeightFormat): number {
  switch (format) {
    case 'bf16':
    case 'fp16':
      return 16;
    case 'fp8':
    case 'int8':
      return 8 + 32 / (128 * 128);
    case 'int4-awq':
    case 'int4-gptq':
      return 4 + (16 + 4) / INT4_GROUP_SIZE;
    case 'nvfp4':
      return 4 + 8 / 16;
    case 'mxfp4':
      return 4 + 8 / 32;
  }
}

export function kvBytesPerValue(dtype: KvDtype): number {
  return dtype === 'fp8' ? 1 : 2;
}

/** Precision whose tensor-core peak applies to the matmuls of a weight format (weight-only int4 runs bf16 math). */
export function computePrecision(format: WeightFormat): 'bf16' | 'fp16' | 'fp8' | 'int8' | 'fp4' {
  switch (format) {
    case 'fp8':
      return 'fp8';
    case 'int8':
      return 'int8';
    case 'nvfp4':
    case 'mxfp4':
      return 'fp4';
    case 'fp16':
      return 'fp16';
    default:
      return 'bf16';
  }
}
