// Which inputs move the decision: for each what-if multiplier, the factor nearest to 1 at which the cheapest
// option changes, and what the chosen option would cost at ±20 %. The five that flip soonest are kept.
import type { TcoEvaluation, TcoMultipliers, TcoOption } from './types.ts';
import { BASE_MULTIPLIERS } from './types.ts';

export type SensitivityInput = keyof TcoMultipliers;

export const SENSITIVITY_LABELS: Record<SensitivityInput, string> = {
  apiPrice: 'API token prices',
  cloudGpuPrice: 'cloud GPU-hour prices',
  gpuPurchasePrice: 'GPU purchase prices',
  traffic: 'traffic volume',
  replicaThroughput: 'per-replica throughput (utilisation)',
  electricity: 'electricity price',
  staff: 'staff cost',
};

export interface SensitivityRow {
  input: SensitivityInput;
  label: string;
  /** Multiplier nearest to 1 (between 0.1 and 10) at which another option becomes cheapest; null if none does. */
  flipFactor: number | null;
  flipsToId: string | null;
  flipsToLabel: string | null;
  /** Horizon total of today's cheapest option with the input × 0.8 and × 1.2. */
  totalAtMinus20PctUsd: number | null;
  totalAtPlus20PctUsd: number | null;
}

const UP = [1.1, 1.25, 1.5, 2, 3, 5, 10];
const DOWN = [0.9, 0.8, 2 / 3, 0.5, 1 / 3, 0.2, 0.1];

/** The inputs that matter for the options present (no electricity line without an on-prem option). */
export function relevantInputs(options: readonly TcoOption[]): SensitivityInput[] {
  const kinds = new Set(options.filter((o) => o.totalCostUsd !== null).map((o) => o.kind));
  const out: SensitivityInput[] = [];
  if (kinds.has('api')) out.push('apiPrice');
  if (kinds.has('cloud')) out.push('cloudGpuPrice');
  if (kinds.has('onprem')) out.push('gpuPurchasePrice', 'electricity', 'staff');
  out.push('traffic');
  if (kinds.has('cloud') || kinds.has('onprem')) out.push('replicaThroughput');
  return out;
}

/**
 * Inputs every option's horizon total depends on linearly (a + b·f): prices and cost rates scale the bill without
 * changing what is bought (the cheapest commitment mix is the same when every price moves together). Two
 * evaluations give every option's line, and the flip is where the winner's line is first undercut.
 */
const LINEAR: ReadonlySet<SensitivityInput> = new Set(['apiPrice', 'cloudGpuPrice', 'gpuPurchasePrice', 'electricity', 'staff']);

type Flip = { f: number; ev: TcoEvaluation };

/**
 * The flip nearest to 1 from the options' lines, checked against two real evaluations just either side of it.
 * `undefined` when the check fails (the input is not linear here after all): the caller falls back to the search.
 */
export function linearFlip(winner: string, input: SensitivityInput, at: (input: SensitivityInput, f: number) => TcoEvaluation): Flip | null | undefined {
  const e1 = at(input, 1);
  const e2 = at(input, 2);
  const lines = new Map<string, { a: number; b: number }>();
  for (const o of e1.options) {
    const t2 = e2.options.find((x) => x.id === o.id)?.totalCostUsd;
    if (!o.eligible || o.totalCostUsd === null || t2 === null || t2 === undefined) continue;
    lines.set(o.id, { a: 2 * o.totalCostUsd - t2, b: t2 - o.totalCostUsd });
  }
  const w = lines.get(winner);
  if (!w) return undefined;
  const cheapestAt = (f: number): string => {
    let best = winner;
    let bestUsd = w.a + w.b * f;
    for (const [id, l] of lines) if (l.a + l.b * f < bestUsd - 1e-9 * Math.abs(bestUsd)) { best = id; bestUsd = l.a + l.b * f; }
    return best;
  };
  const crossings: number[] = [];
  for (const [id, l] of lines) {
    if (id === winner || l.b === w.b) continue;
    const f = (l.a - w.a) / (w.b - l.b);
    if (f >= 0.1 && f <= 10 && Math.abs(Math.log(f)) > 1e-12) crossings.push(f);
  }
  crossings.sort((x, y) => Math.abs(Math.log(x)) - Math.abs(Math.log(y)));
  for (const f of crossings) {
    const away = f > 1 ? f * (1 + 1e-6) : f * (1 - 1e-6);
    const toward = f > 1 ? f * (1 - 1e-6) : f * (1 + 1e-6);
    const to = cheapestAt(away);
    if (to === winner) continue;
    const after = at(input, away);
    if (after.recommendedId !== to || at(input, toward).recommendedId !== winner) return undefined;
    return { f, ev: after };
  }
  // No crossing in range: confirm the winner at both ends of the range.
  return at(input, 0.1).recommendedId === winner && at(input, 10).recommendedId === winner ? null : undefined;
}

/** Scan 1.1…10 and 0.9…0.1, then bisect (12 steps on a log scale) between the last factor that keeps today's
 * winner and the first that does not. */
export function searchFlip(winner: string, input: SensitivityInput, at: (input: SensitivityInput, f: number) => TcoEvaluation): Flip | null {
  let flip: Flip | null = null;
  for (const grid of [UP, DOWN]) {
    let keep = 1;
    for (const f of grid) {
      const ev = at(input, f);
      if (ev.recommendedId === winner) { keep = f; continue; }
      let lo = keep;
      let hi = f;
      let hit = { f, ev };
      for (let k = 0; k < 12; k++) {
        const mid = Math.sqrt(lo * hi);
        const e = at(input, mid);
        if (e.recommendedId === winner) lo = mid;
        else { hi = mid; hit = { f: mid, ev: e }; }
      }
      if (!flip || Math.abs(Math.log(hit.f)) < Math.abs(Math.log(flip.f))) flip = hit;
      break;
    }
  }
  return flip;
}

/** `evaluate(m)` prices every option under multipliers m: linear inputs from two evaluations, the rest searched. */
export function sensitivityTable(base: TcoEvaluation, evaluate: (m: TcoMultipliers) => TcoEvaluation, limit = 5): SensitivityRow[] {
  const winner = base.recommendedId;
  if (!winner) return [];
  const memo = new Map<string, TcoEvaluation>();
  const at = (input: SensitivityInput, f: number): TcoEvaluation => {
    const key = `${input}:${f}`;
    let ev = memo.get(key);
    if (!ev) memo.set(key, (ev = evaluate({ ...BASE_MULTIPLIERS, [input]: f })));
    return ev;
  };
  const rows: SensitivityRow[] = [];
  for (const input of relevantInputs(base.options)) {
    const linear = LINEAR.has(input) ? linearFlip(winner, input, at) : undefined;
    const flip = linear === undefined ? searchFlip(winner, input, at) : linear;
    const total = (f: number) => at(input, f).options.find((o) => o.id === winner)?.totalCostUsd ?? null;
    const to = flip ? flip.ev.options.find((o) => o.id === flip!.ev.recommendedId) : undefined;
    rows.push({
      input, label: SENSITIVITY_LABELS[input], flipFactor: flip?.f ?? null, flipsToId: to?.id ?? null, flipsToLabel: to ? `${to.label} (${to.purchase})` : null,
      totalAtMinus20PctUsd: total(0.8), totalAtPlus20PctUsd: total(1.2),
    });
  }
  const swing = (r: SensitivityRow) => Math.abs((r.totalAtPlus20PctUsd ?? 0) - (r.totalAtMinus20PctUsd ?? 0));
  return rows
    .sort((a, b) => {
      if (a.flipFactor !== null && b.flipFactor !== null) {
        // The same crossing seen from both sides (API ×2.27 = cloud ×1/2.27) ties: keep the inputs' order.
        const d = Math.abs(Math.log(a.flipFactor)) - Math.abs(Math.log(b.flipFactor));
        return Math.abs(d) < 1e-6 ? 0 : d;
      }
      if (a.flipFactor !== null) return -1;
      if (b.flipFactor !== null) return 1;
      return swing(b) - swing(a);
    })
    .slice(0, limit);
}
