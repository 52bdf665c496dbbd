// tco's "Not compared": the exclusions grouped by reason and model, a short table instead of a paragraph. The core
// gives each exclusion as prose (core/cost/options.ts, like search.ts's exclusionRejection); the kinds are read here.
import type { Exclusion } from '../core/cost/tco.ts';
import type { Cell, Column } from './table.ts';

interface Kind {
  test: RegExp;
  reason: (m: RegExpMatchArray) => string;
  /** What to list: the region, the GPU or the offer. */
  item: (m: RegExpMatchArray, e: Exclusion, on: string) => string;
}

const KINDS: Kind[] = [
  { test: /^region (\S+) is outside constraints\.regions/, reason: () => 'offer region outside constraints.regions', item: (m) => m[1]! },
  { test: /^a replica needs \d+ GPUs; the instance has \d+/, reason: () => 'instance has fewer GPUs than a replica', item: (_m, _e, on) => on },
  { test: /^(TTFT|TPOT|end-to-end) p95 .* misses the target/, reason: (m) => `${m[1]} p95 target missed even at light load`, item: (_m, _e, on) => on },
  { test: /^no speed prediction/, reason: () => 'no speed prediction (no published tensor peak)', item: (_m, _e, on) => on },
  { test: /does not fit on up to (\d+) ×/, reason: (m) => `does not fit in GPU memory up to TP ${m[1]}`, item: (_m, _e, on) => on },
  { test: /allowedGpus/, reason: () => 'GPU not in constraints.allowedGpus', item: (_m, _e, on) => on },
  { test: /onPremOnly/, reason: () => 'constraints.onPremOnly', item: (_m, e) => e.what },
];

export interface ExclusionGroup {
  reason: string;
  model: string;
  items: string[];
}

export function groupExclusions(excluded: readonly Exclusion[]): ExclusionGroup[] {
  const groups = new Map<string, ExclusionGroup>();
  for (const e of excluded) {
    const on = /^(\S+) on (.+)$/.exec(e.what);
    const model = on ? on[1]! : 'any';
    const kind = KINDS.find((k) => k.test.test(e.reason));
    const m = kind ? e.reason.match(kind.test)! : null;
    const reason = kind ? kind.reason(m!) : e.reason;
    const item = kind ? kind.item(m!, e, on ? on[2]! : e.what) : on ? on[2]! : e.what;
    const key = `${reason}|${model}`;
    const g = groups.get(key) ?? { reason, model, items: [] };
    if (!g.items.includes(item)) g.items.push(item);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.items.length - a.items.length || a.reason.localeCompare(b.reason) || a.model.localeCompare(b.model));
}

const LISTED = 3;

export function exclusionTable(excluded: readonly Exclusion[]): { columns: Column[]; rows: Cell[][] } {
  const columns: Column[] = [
    { head: 'why not compared', wrap: true, minWidth: 16 },
    { head: 'model', wrap: true, minWidth: 10 },
    { head: 'n', align: 'right' },
    { head: 'which', wrap: true, minWidth: 12, cut: true, drop: 1 },
  ];
  const rows = groupExclusions(excluded).map((g) => [
    g.reason,
    g.model,
    g.items.length,
    g.items.slice(0, LISTED).join(', ') + (g.items.length > LISTED ? `, +${g.items.length - LISTED} more` : ''),
  ]);
  return { columns, rows };
}
