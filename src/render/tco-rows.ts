// Which tco options a person sees: the cheapest dozen, plus the scenario's own API baselines and every option a
// break-even row or the sensitivity table names, so that those rows compare options shown above them (issue 12 §3).
import type { TcoOption, TcoResult } from '../core/cost/tco.ts';

export const DEFAULT_ROWS = 12;

export function orderedOptions(r: TcoResult): TcoOption[] {
  return [...r.options].sort((a, b) => (a.totalCostUsd ?? Infinity) - (b.totalCostUsd ?? Infinity));
}

/** Ids a reader must find in the table: the recommendation, the API baselines, both sides of each break-even, each flip. */
export function mustShowIds(r: TcoResult): Set<string> {
  const ids = new Set<string>();
  if (r.recommendedId) ids.add(r.recommendedId);
  for (const o of r.options) if (o.kind === 'api') ids.add(o.id);
  for (const b of r.breakEven) ids.add(b.aId).add(b.bId);
  for (const s of r.sensitivity) if (s.flipsToId) ids.add(s.flipsToId);
  return ids;
}

export interface ShownOptions {
  rows: TcoOption[];
  /** Options left out (see --all or --json). */
  hidden: number;
  /** Row number (1-based) of each shown option id: break-even and sensitivity refer to rows by it. */
  number: Map<string, number>;
}

export function shownOptions(r: TcoResult, all: boolean, limit = DEFAULT_ROWS): ShownOptions {
  const ordered = orderedOptions(r);
  const must = mustShowIds(r);
  const rows = all ? ordered : ordered.filter((o, i) => i < limit || must.has(o.id));
  return { rows, hidden: ordered.length - rows.length, number: new Map(rows.map((o, i) => [o.id, i + 1])) };
}
