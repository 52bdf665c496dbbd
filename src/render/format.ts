// Human formatting of base units. Conversion happens here, at the edge, and nowhere in the core.
import { GiB, MiB } from '../core/units.ts';

export function fmtInt(n: number): string {
  // Math.round(-0.3) is -0, which toLocaleString prints as "-0".
  const r = Math.round(n);
  return (r === 0 ? 0 : r).toLocaleString('en-US');
}

export function fmtBytes(b: number): string {
  if (Math.abs(b) >= GiB) return `${(b / GiB).toFixed(2)} GiB`;
  if (Math.abs(b) >= MiB) return `${(b / MiB).toFixed(1)} MiB`;
  if (Math.abs(b) >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${Math.round(b)} B`;
}

export function fmtPct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

// One formatter per number of decimals: toLocaleString with options builds a new Intl.NumberFormat on every call
// (~27 µs; a recommend formats thousands of amounts), the cached one formats the same text in ~1 µs.
const usdFormats = new Map<number, Intl.NumberFormat>();

export function fmtUsd(x: number | null, digits = 0): string {
  if (x === null) return 'n/a';
  const abs = Math.abs(x);
  const d = abs < 10 && digits === 0 ? 2 : digits;
  let f = usdFormats.get(d);
  if (!f) usdFormats.set(d, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })));
  return `${x < 0 ? '-' : ''}$${f.format(abs)}`;
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
