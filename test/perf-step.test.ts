// The roofline step model (core/perf/step.ts): facts checkable by hand against datasheets and model configs.
import { describe, expect, test } from 'vitest';
import { expertsTouched, peakFlops } from '../src/core/perf/step.ts';
import { gpu } from './helpers.ts';

describe('peak of the matmuls by weight format', () => {
  test('NVFP4 (W4A4) runs at the FP4 peak on B200: 9 PFLOP/s dense', () => {
    expect(peakFlops(gpu('b200-180gb'), 'nvfp4')).toEqual({ flopsPerSecond: 9000e12, precision: 'fp4' });
  });
  test('MXFP4 meets MXFP8 activations on Blackwell (W4A8): the FP8 peak, 4.5 PFLOP/s on B200, not FP4', () => {
    expect(peakFlops(gpu('b200-180gb'), 'mxfp4')).toEqual({ flopsPerSecond: 4500e12, precision: 'fp8' });
  });
  test('MXFP4 on Hopper is weight-only (W4A16): the bf16 peak, 989.4 TFLOP/s on H100 SXM, not its FP8 peak', () => {
    expect(peakFlops(gpu('h100-sxm-80gb'), 'mxfp4')).toEqual({ flopsPerSecond: 989.4e12, precision: 'bf16' });
  });
});

describe('experts a MoE layer reads', () => {
  test('Mixtral (8 experts, top-2): 2 for one token; 8 × (1 − 0.75^32) = 7.992 for 32 tokens', () => {
    expect(expertsTouched(8, 2, 1)).toBeCloseTo(2, 12);
    expect(expertsTouched(8, 2, 32)).toBeCloseTo(8 * (1 - 0.75 ** 32), 12);
  });
});
