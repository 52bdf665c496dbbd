// Renderers of a TcoResult: a terminal report (comparison, budget, break-even, sensitivity) and the JSON contract.
import type { ChalkInstance } from 'chalk';
import type { PriceWarning, TcoOption, TcoResult } from '../core/cost/tco.ts';
import { fmtInt, fmtUsd } from './format.ts';
import { makeTable } from './table.ts';

const DEFAULT_ROWS = 12;

export function formatPriceWarning(w: PriceWarning): string {
  if (w.code === 'PRICE_AFTER_AS_OF') return `${w.optionId}: ${w.what} was read on ${w.readOn}, after the --as-of date`;
  return `${w.optionId}: ${w.what} (read ${w.readOn}) is ${w.ageDays} days old; threshold ${w.maxAgeDays} days (--max-price-age-days)`;
}

/** One line per stale price, not per option that uses it: the same PUE row ages once. */
export function formatPriceWarnings(ws: readonly PriceWarning[]): string[] {
  const groups = new Map<string, { w: PriceWarning; options: Set<string> }>();
  for (const w of ws) {
    const key = `${w.code}|${w.what}|${w.readOn}`;
    const g = groups.get(key) ?? { w, options: new Set<string>() };
    g.options.add(w.optionId);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ w, options }) => {
    const used = options.size === 1 ? `used by ${[...options][0]}` : `used by ${options.size} options`;
    if (w.code === 'PRICE_AFTER_AS_OF') return `${w.what} was read on ${w.readOn}, after the --as-of date (${used})`;
    if (w.code === 'PRICE_UNDATED') return `${w.what} has no read-on date (${used})`;
    return `${w.what} (read ${w.readOn}) is ${w.ageDays} days old; threshold ${w.maxAgeDays} days, --max-price-age-days (${used})`;
  });
}

const usdSmall = (x: number | null) => (x === null ? 'n/a' : x < 0.01 ? `$${x.toPrecision(3)}` : fmtUsd(x, 2));

function priceAges(o: TcoOption): string {
  const ages = o.prices.map((p) => p.ageDays).filter((a): a is number => a !== null);
  return ages.length ? `${Math.max(...ages)} d` : '';
}

function ordered(r: TcoResult): TcoOption[] {
  return [...r.options].sort((a, b) => (a.totalCostUsd ?? Infinity) - (b.totalCostUsd ?? Infinity));
}

export function renderTcoTable(r: TcoResult & { yours?: readonly YourFigure[] }, name: string, c: ChalkInstance, opts: { all: boolean }): string {
  const out: string[] = [];
  const growth = r.monthlyGrowthRate ? `, traffic ${r.monthlyGrowthRate > 0 ? '+' : ''}${(r.monthlyGrowthRate * 100).toFixed(1)}%/month` : '';
  out.push(c.bold(`TCO of "${name}" over ${r.horizonMonths} months (730 h), prices as of ${r.asOf}${growth}`));
  const mine = yourPricesLine(r.yours ?? []);
  if (mine) out.push(mine);
  const t = makeTable(['', 'option', 'buy', '1st month', `${r.horizonMonths}-month total`, '$/request', '$/MTok', 'price age'], { align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'] });
  const rows = ordered(r);
  const shown = opts.all ? rows : rows.slice(0, DEFAULT_ROWS);
  for (const o of shown) {
    const mark = o.id === r.recommendedId ? '★' : o.eligible ? '' : '✗';
    if (o.missingPriceReason) {
      t.push([mark, o.label, o.purchase, { colSpan: 5, content: `n/a (${o.missingPriceReason.slice(0, 90)})` }]);
      continue;
    }
    t.push([mark, o.label, o.purchase, fmtUsd(o.monthlyCostUsd), fmtUsd(o.totalCostUsd), usdSmall(o.costPerRequestUsd), usdSmall(o.costPerMillionTokensUsd), priceAges(o)]);
  }
  out.push(t.toString());
  if (shown.length < rows.length) out.push(c.dim(`… ${rows.length - shown.length} more option(s): --all or --json`));
  out.push(c.dim('★ cheapest over the horizon that meets the targets and constraints; ✗ shown but not eligible (spot capacity for user-facing work or an availability target)'));
  if (r.excluded.length) {
    const reasons = new Map<string, number>();
    for (const e of r.excluded) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
    out.push(c.dim(`Not compared: ${[...reasons].map(([reason, n]) => `${n} × ${reason}`).join('; ')}`));
  }

  const best = r.options.find((o) => o.id === r.recommendedId);
  out.push('');
  if (best) {
    out.push(`Cheapest: ${c.bold(best.label)} (${best.purchase}): ${fmtUsd(best.monthlyCostUsd)}/month, ${fmtUsd(best.totalCostUsd)} over ${r.horizonMonths} months`);
    out.push(...best.breakdown.map((b) => `  ${b.item.padEnd(30)} ${fmtUsd(b.monthlyUsd).padStart(12)}/month`));
    out.push(...best.notes.map((n) => c.dim(`  ${n}`)));
  } else out.push('No eligible option has a price.');
  out.push(budgetLine(r, c));

  if (r.breakEven.length) {
    out.push('', c.bold('Break-even'));
    for (const b of r.breakEven) {
      const [a, bb] = [label(r, b.aId), label(r, b.bId)];
      const vol = b.breakEvenRequestsPerMonth === null ? `no crossing (${b.reason})` : `${fmtInt(b.breakEvenRequestsPerMonth)} requests/month; above it ${label(r, b.cheaperAboveId!)} is cheaper`;
      const month = b.breakEvenMonth === null ? `not within ${r.horizonMonths} months` : `month ${b.breakEvenMonth}`;
      out.push(`  ${a} vs ${bb}: ${vol}; cumulative cost of ${label(r, b.investId)} catches up: ${month}`);
    }
  }

  if (r.sensitivity.length) {
    out.push('', c.bold('What would change the answer'));
    const s = makeTable(['input', 'flips at', 'then cheapest', 'total ×0.8', 'total ×1.2'], { align: ['left', 'right', 'left', 'right', 'right'] });
    for (const row of r.sensitivity) {
      s.push([row.label, row.flipFactor === null ? 'not in 0.1–10×' : `×${row.flipFactor.toFixed(2)}`, row.flipsToLabel ?? '', fmtUsd(row.totalAtMinus20PctUsd), fmtUsd(row.totalAtPlus20PctUsd)]);
    }
    out.push(s.toString());
  }
  return out.join('\n') + '\n';
}

function label(r: TcoResult, id: string): string {
  const o = r.options.find((x) => x.id === id);
  return o ? `${o.label} (${o.purchase})` : id;
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
    options: ordered(r).map((o) => ({
      id: o.id, kind: o.kind, label: o.label, model: o.model, gpuId: o.gpuId, offerId: o.offerId, purchase: o.purchase,
      eligible: o.eligible, ineligibleReason: o.ineligibleReason, missingPriceReason: o.missingPriceReason, interruptible: o.interruptible,
      monthlyCostUsd: round(o.monthlyCostUsd, 2),
      peakMonthlyOperatingUsd: round(o.peakMonthlyOperatingUsd, 2),
      capitalUsd: round(o.capitalUsd, 2),
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
