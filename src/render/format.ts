// Human formatting of base units. Conversion happens here, at the edge, and nowhere in the core.
import { GiB, MiB, groupDigits, groupedInteger } from '../core/units.ts';

export const fmtInt = groupedInteger;

export function fmtBytes(b: number): string {
  if (Math.abs(b) >= GiB) return `${(b / GiB).toFixed(2)} GiB`;
  if (Math.abs(b) >= MiB) return `${(b / MiB).toFixed(1)} MiB`;
  if (Math.abs(b) >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${Math.round(b)} B`;
}

export function fmtPct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

// Digits grouped by hand rather than by Intl.NumberFormat: the first Intl number format loads ICU (~8 ms of a
// `recommend`). toFixed rounds the exact binary value where Intl rounds its shortest decimal, so the two differ only
// on a value whose shortest form ends in 5 at the cut (2.675 → 2.67 here, 2.68 there): a cent on a computed amount.
export function fmtUsd(x: number | null, digits = 0): string {
  if (x === null) return 'n/a';
  const abs = Math.abs(x);
  const d = abs < 10 && digits === 0 ? 2 : digits;
  const plain = abs < 1e21 ? groupDigits(abs.toFixed(d)) : abs.toLocaleString('en-US', { maximumFractionDigits: d });
  return `${x < 0 ? '-' : ''}$${plain}`;
}

export function fmtSeconds(s: number): string {
  if (s < 1) return `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`;
  if (s < 120) return `${s.toFixed(2)} s`;
  return `${(s / 60).toFixed(1)} min`;
}

/** A horizontal stacked bar: segments of [fraction, char]. */
export function stackedBar(segments: Array<[number, string]>, width = 50): string {
  let out = '';
  let used = 0;
  segments.forEach(([f, ch], i) => {
    const n = i === segments.length - 1 ? Math.max(0, width - used) : Math.max(0, Math.round(f * width));
    out += ch.repeat(Math.min(n, width - used));
    used = out.length;
  });
  return `[${out}]`;
}

/** Eight-level block sparkline for a small chart in the terminal. */
export function sparkline(values: readonly number[], max = Math.max(...values, 1e-9)): string {
  const ticks = '▁▂▃▄▅▆▇█';
  return values.map((v) => ticks[Math.min(7, Math.max(0, Math.round((v / max) * 7)))]).join('');
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000);
}
