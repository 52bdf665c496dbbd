// Human formatting at the edge: hand-checkable facts.
import { describe, expect, test } from 'vitest';
import { fmtInt, fmtUsd } from '../src/render/format.ts';

describe('format', () => {
  test('no negative zero: "13,140 (13,140 + 0)", not "+ -0"', () => {
    expect(fmtInt(-0)).toBe('0');
    expect(fmtInt(-0.2)).toBe('0');
    expect(fmtInt(13_140)).toBe('13,140');
    expect(fmtUsd(-0)).toBe('$0.00');
  });
});
