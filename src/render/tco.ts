// Renderers of a TcoResult: a terminal report that fits the terminal (comparison, what was not compared, budget,
// break-even, sensitivity) and the JSON contract. The HTML report is render/report-tco.ts, the CSV render/tco-csv.ts.
import type { ChalkInstance } from 'chalk';
import type { TcoOption, TcoResult } from '../core/cost/tco.ts';
import { fmtInt, fmtUsd } from './format.ts';
import { hostPriceLine, oldestPriceLine } from './host-line.ts';
import { fitTable, type Cell, type Column } from './table.ts';
import { exclusionTable } from './tco-excluded.ts';
import { orderedOptions, shownOptions } from './tco-rows.ts';
import { wrap, wrapHanging } from './text.ts';

export { formatPriceWarnings } from './price-warnings.ts';

export const usdSmall = (x: number | null) => (x === null ? 'n/a' : x < 0.01 ? `$${x.toPrecision(3)}` : fmtUsd(x, 2));

export function priceAgeDays(o: TcoOption): number | null {
  const ages = o.prices.map((p) => p.ageDays).filter((a): a is number => a !== null);
  return ages.length ? Math.max(...ages) : null;
}

export interface TcoTableOptions {
  all: boolean;
  /** Columns to fit (outputWidth in render/text.ts). */
  width: number;
}

export function renderTcoTable(r: TcoResult & { yours?: readonly YourFigure[] }, name: string, c: ChalkInstance, opts: TcoTableOptions): string {
  const W = opts.width;
  const out: string[] = [];
  const growth = r.monthlyGrowthRate ? `, traffic ${r.monthlyGrowthRate > 0 ? '+' : ''}${(r.monthlyGrowthRate * 100).toFixed(1)}%/month` : '';
  out.push(...wrap(`TCO of "${name}" over ${r.horizonMonths} months (730 h), prices as of ${r.asOf}${growth}`, W).map((l) => c.bold(l)));
  const mine = yourPricesLine(r.yours ?? []);
  if (mine) out.push(...wrap(mine, W));
  const shown = shownOptions(r, opts.all);
  const columns: Column[] = [
    { head: '#', align: 'right' },
    { head: 'option', wrap: true, minWidth: 16, cut: true },
    { head: 'buy', wrap: true, minWidth: 9, drop: 6 },
    { head: 'GPUs', align: 'right', drop: 4 },
    { head: 'capex', align: 'right', drop: 5 },
    { head: 'month 1', align: 'right' },
    { head: `${r.horizonMonths}-month total`, align: 'right', wrap: true, minWidth: 8 },
    { head: '$/request', align: 'right', drop: 2 },
    { head: '$/MTok', align: 'right', drop: 3 },
    { head: 'price age', align: 'right', wrap: true, minWidth: 5, drop: 1 },
  ];
  const rows: Cell[][] = shown.rows.map((o, i) => {
    const mark = o.id === r.recommendedId ? '★' : o.eligible ? '' : '✗';
    const num = `${mark}${i + 1}`;
    if (o.missingPriceReason) return [num, o.label, o.purchase, { span: 7, content: `n/a (${o.missingPriceReason})` }];
    const age = priceAgeDays(o);
    return [num, o.label, o.purchase, o.peakGpus ?? '-', o.capitalUsd ? fmtUsd(o.capitalUsd) : '-', fmtUsd(o.monthlyCostUsd), fmtUsd(o.totalCostUsd), usdSmall(o.costPerRequestUsd), usdSmall(o.costPerMillionTokensUsd), age === null ? '' : `${age} d`];
  });
  const table = fitTable(columns, rows, W);
  out.push(table.text);
  const more = [
    shown.hidden ? `${shown.hidden} more option(s): --all, --json or --format csv` : '',
    table.dropped.length ? `left out to fit ${W} columns: ${table.dropped.join(', ')} (--json and --format csv have them)` : '',
  ].filter(Boolean);
  for (const m of more) out.push(...wrap(m, W).map((l) => c.dim(l)));
  out.push(...wrap('★ cheapest over the horizon that meets the targets and constraints; ✗ not eligible (spot capacity for user-facing work or an availability target). GPUs: at the busiest hour; capex: purchases over the horizon.', W).map((l) => c.dim(l)));

  if (r.excluded.length) {
    out.push('', c.bold(`Not compared (${r.excluded.length})`));
    const x = exclusionTable(r.excluded);
    out.push(fitTable(x.columns, x.rows, W).text);
  }

  const best = r.options.find((o) => o.id === r.recommendedId);
  out.push('');
  if (best) {
    out.push(...wrap(`Cheapest: #${shown.number.get(best.id)} ${best.label} (${best.purchase}): ${fmtUsd(best.monthlyCostUsd)}/month, ${fmtUsd(best.totalCostUsd)} over ${r.horizonMonths} months`, W));
    out.push(...best.breakdown.map((b) => `  ${b.item.padEnd(30)} ${fmtUsd(b.monthlyUsd).padStart(12)}/month`));
    for (const n of best.notes) out.push(...wrap(n, W, '  ').map((l) => c.dim(l)));
    for (const line of [hostPriceLine(best.prices), oldestPriceLine(best.prices)]) if (line) out.push(...wrap(line, W, '  '));
  } else out.push('No eligible option has a price.');
  out.push(...wrap(budgetLine(r, c), W));

  if (r.breakEven.length) {
    out.push('', c.bold('Break-even (numbers are rows of the table above)'));
    const ref = (id: string) => `#${shown.number.get(id) ?? '?'}`;
    for (const b of r.breakEven) {
      const vol = b.breakEvenRequestsPerMonth === null ? `no crossing (${b.reason})` : `same monthly cost at ${fmtInt(b.breakEvenRequestsPerMonth)} requests/month, ${ref(b.cheaperAboveId!)} cheaper above it`;
      const month = b.breakEvenMonth === null ? `does not catch up within ${r.horizonMonths} months` : `catches up in month ${b.breakEvenMonth}`;
      out.push(...wrapHanging(`${vol}; the cumulative cost of ${ref(b.investId)} ${month}`, W, `  ${ref(b.aId)} vs ${ref(b.bId)}: `, '    '));
    }
  }

  if (r.sensitivity.length) {
    out.push('', c.bold('What would change the answer'));
    const sc: Column[] = [
      { head: 'input', wrap: true, minWidth: 10 },
      { head: 'flips at', align: 'right', wrap: true, minWidth: 6 },
      { head: 'then cheapest', wrap: true, minWidth: 14, cut: true },
      { head: 'total ×0.8', align: 'right', drop: 1 },
      { head: 'total ×1.2', align: 'right', drop: 2 },
    ];
    const sr: Cell[][] = r.sensitivity.map((row) => [
      row.label,
      row.flipFactor === null ? 'not in 0.1–10×' : `×${row.flipFactor.toFixed(2)}`,
      row.flipsToId ? `#${shown.number.get(row.flipsToId) ?? '?'} ${row.flipsToLabel ?? ''}` : '',
      fmtUsd(row.totalAtMinus20PctUsd),
      fmtUsd(row.totalAtPlus20PctUsd),
    ]);
    out.push(fitTable(sc, sr, W).text);
  }
  return out.join('\n') + '\n';
}

function budgetLine(r: TcoResult, c: ChalkInstance): string {
  const b = r.budget;
  if (b.verdict === 'no-budget') return 'Budget: none set in the scenario.';
  if (b.verdict === 'no-option') return c.red('Budget: no eligible option has a price to compare.');
  const parts: string[] = [];
  if (b.monthlyBudgetUsd !== null) parts.push(`${fmtUsd(b.monthlyUsd)}/month operating vs ${fmtUsd(b.monthlyBudgetUsd)}${b.overBy.monthlyUsd !== null ? ` (over by ${fmtUsd(b.overBy.monthlyUsd)})` : ''}`);
  if (b.capitalBudgetUsd !== null) parts.push(`${fmtUsd(b.capitalUsd)} capital vs ${fmtUsd(b.capitalBudgetUsd)}${b.overBy.capitalUsd !== null ? ` (over by ${fmtUsd(b.overBy.capitalUsd)})` : ''}`);
  const verdict = b.verdict === 'over' ? c.red('OVER BUDGET') : c.green('within budget');
  return `Budget: ${parts.join('; ')}: ${verdict}`;
}

const round = (x: number | null, digits = 6) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** JSON contract (schemaVersion 1): units in key names, null for unknown, the as-of date for reproducibility. */
/** The user's own figures in use (scenario `pricing:`), each beside the catalog figure it replaced. */
export interface YourFigure {
  key: string;
  value: number;
  unit: string;
  catalogValue: number | null;
  catalogSource: string | null;
}

export function yourPricesLine(yours: readonly YourFigure[]): string | null {
  if (!yours.length) return null;
  return `Your prices (scenario pricing:): ${yours.map((y) => `${y.key.replace(/^pricing\./, '')} ${y.value}${y.catalogValue !== null && y.catalogValue !== 0 ? ` (catalog ${+y.catalogValue.toPrecision(4)})` : ''}`).join('; ')}`;
}

export function renderTcoJson(r: TcoResult & { yours?: readonly YourFigure[] }, name: string): string {
  return JSON.stringify({
    schemaVersion: 1,
    kind: 'tco',
    scenario: name,
    asOf: r.asOf,
    horizonMonths: r.horizonMonths,
    monthlyGrowthRate: r.monthlyGrowthRate,
    recommendedId: r.recommendedId,
    budget: {
      verdict: r.budget.verdict,
      monthlyBudgetUsd: r.budget.monthlyBudgetUsd,
      capitalBudgetUsd: r.budget.capitalBudgetUsd,
      peakMonthlyOperatingUsd: round(r.budget.monthlyUsd, 2),
      capitalUsd: round(r.budget.capitalUsd, 2),
      overMonthlyByUsd: round(r.budget.overBy.monthlyUsd, 2),
      overCapitalByUsd: round(r.budget.overBy.capitalUsd, 2),
    },
    options: orderedOptions(r).map((o) => ({
      id: o.id, kind: o.kind, label: o.label, model: o.model, gpuId: o.gpuId, offerId: o.offerId, purchase: o.purchase,
      eligible: o.eligible, ineligibleReason: o.ineligibleReason, missingPriceReason: o.missingPriceReason, interruptible: o.interruptible,
      monthlyCostUsd: round(o.monthlyCostUsd, 2),
      peakMonthlyOperatingUsd: round(o.peakMonthlyOperatingUsd, 2),
      capitalUsd: round(o.capitalUsd, 2),
      peakGpus: o.peakGpus,
      totalCostUsd: round(o.totalCostUsd, 2),
      costPerRequestUsd: round(o.costPerRequestUsd, 9),
      costPerMillionTokensUsd: round(o.costPerMillionTokensUsd, 6),
      breakdown: o.breakdown.map((b) => ({ item: b.item, monthlyUsd: round(b.monthlyUsd, 2) })),
      prices: o.prices,
      notes: o.notes,
    })),
    excluded: r.excluded,
    breakEven: r.breakEven.map((b) => ({ ...b, breakEvenRequestsPerMonth: round(b.breakEvenRequestsPerMonth, 0) })),
    sensitivity: r.sensitivity.map((s) => ({ ...s, flipFactor: round(s.flipFactor, 4), totalAtMinus20PctUsd: round(s.totalAtMinus20PctUsd, 2), totalAtPlus20PctUsd: round(s.totalAtPlus20PctUsd, 2) })),
    warnings: r.warnings,
    yourPrices: r.yours ?? [],
  }, null, 2);
}
