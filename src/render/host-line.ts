// One line naming the host server and fabric prices an on-prem answer rests on, and one naming the oldest price
// used: stated once under the answer (tco, recommend), not per row.
import { fmtInt, fmtUsd } from './format.ts';

interface PriceLike {
  what: string;
  value: number;
  readOn: string | null;
  source?: string;
  ageDays?: number | null;
}

/** The source's name: its text up to the first " (" or ": ", at most 80 characters. */
function sourceName(s: string): string {
  const ends = [s.indexOf(' ('), s.indexOf(': ')].filter((i) => i > 0);
  const name = ends.length ? s.slice(0, Math.min(...ends)) : s;
  return name.length > 80 ? `${name.slice(0, 79)}…` : name;
}

/**
 * "Host: pcie-gpu-server without GPUs $50,000 per server (itctshop.com …, read 2025-12-28); fabric $328 per server
 * (NVIDIA Quantum-2 QM9700, …, read 2025-12-28)." or null when the answer buys no host.
 */
export function hostPriceLine(prices: readonly PriceLike[]): string | null {
  const host = prices.find((p) => p.what.startsWith('host server ('));
  const net = prices.find((p) => p.what.startsWith('networking per server ('));
  if (!host && !net) return null;
  const src = (p: PriceLike) => `(${p.source ? `${sourceName(p.source)}, ` : ''}read ${p.readOn ?? 'undated'})`;
  const type = /\(([^,)]+)/.exec((host ?? net)!.what)?.[1] ?? '';
  const parts = [host ? `${type} without GPUs ${fmtUsd(host.value)} per server ${src(host)}` : '', net ? `fabric ${fmtUsd(net.value)} per server ${src(net)}` : ''].filter(Boolean);
  return `Host: ${parts.join('; ')}. Sources in full: llmplan catalog onprem.`;
}

/** "Prices: the oldest used is 637 days old (what, read 2025-03-03)." or null when nothing is dated. */
export function oldestPriceLine(prices: readonly PriceLike[]): string | null {
  const dated = prices.filter((p): p is PriceLike & { ageDays: number } => typeof p.ageDays === 'number');
  if (!dated.length) return null;
  const o = dated.reduce((a, b) => (b.ageDays > a.ageDays ? b : a));
  return `Prices: the oldest used is ${fmtInt(o.ageDays)} days old (${o.what}, read ${o.readOn}).`;
}
