// `llmplan tco`: hosted API vs cloud GPUs vs on-prem over the horizon, on top of the capacity plans.
// computeTco(input) → every option priced, the cheapest that meets the targets, the budget verdict, break-even
// volume and month between the best of each kind, and the inputs that would flip the decision. Pure.
import { breakEvenMonth, findCrossings, nearestCrossing } from './break-even.ts';
import { sensitivityTable, type SensitivityRow } from './sensitivity.ts';
import { evaluateOptions } from './options.ts';
import { BASE_MULTIPLIERS, type OptionKind, type TcoEvaluation, type TcoInput, type TcoOption } from './types.ts';

export * from './types.ts';
export { evaluateOptions } from './options.ts';
export type { SensitivityRow } from './sensitivity.ts';

export interface BudgetVerdict {
  monthlyBudgetUsd: number | null;
  capitalBudgetUsd: number | null;
  /** The recommended option's highest operating month and its purchases. */
  monthlyUsd: number | null;
  capitalUsd: number | null;
  /** 'no-budget' when the scenario sets none; 'no-option' when nothing eligible has a price. */
  verdict: 'within' | 'over' | 'no-budget' | 'no-option';
  overBy: { monthlyUsd: number | null; capitalUsd: number | null };
}

export interface BreakEven {
  aId: string;
  bId: string;
  /** Requests/month at which A and B cost the same per month (nearest crossing to today's volume), or null. */
  breakEvenRequestsPerMonth: number | null;
  /** Which of the two is cheaper above that volume. */
  cheaperAboveId: string | null;
  /** The option with the higher first-month cash (an up-front purchase), whose cumulative cost may catch up. */
  investId: string;
  /** First month from which `investId`'s cumulative cash stays at or below the other's; null within the horizon. */
  breakEvenMonth: number | null;
  reason: string | null;
}

export interface PriceWarning {
  code: 'PRICE_STALE' | 'PRICE_AFTER_AS_OF' | 'PRICE_UNDATED';
  optionId: string;
  what: string;
  readOn: string | null;
  ageDays: number | null;
  maxAgeDays: number;
}

export interface TcoResult extends TcoEvaluation {
  asOf: string;
  horizonMonths: number;
  monthlyGrowthRate: number;
  budget: BudgetVerdict;
  breakEven: BreakEven[];
  sensitivity: SensitivityRow[];
  warnings: PriceWarning[];
}

export function budgetVerdict(input: TcoInput, best: TcoOption | undefined): BudgetVerdict {
  const { monthlyUsd: mb, capitalUsd: cb } = input.scenario.budget;
  const none = { monthlyUsd: null, capitalUsd: null };
  if (!best || best.totalCostUsd === null) return { monthlyBudgetUsd: mb, capitalBudgetUsd: cb, monthlyUsd: null, capitalUsd: null, verdict: 'no-option', overBy: none };
  const monthly = best.peakMonthlyOperatingUsd;
  const capital = best.capitalUsd;
  const overM = mb !== null && monthly !== null && monthly > mb + 1e-9 ? monthly - mb : null;
  const overC = cb !== null && capital !== null && capital > cb + 1e-9 ? capital - cb : null;
  const verdict = mb === null && cb === null ? 'no-budget' : overM !== null || overC !== null ? 'over' : 'within';
  return { monthlyBudgetUsd: mb, capitalBudgetUsd: cb, monthlyUsd: monthly, capitalUsd: capital, verdict, overBy: { monthlyUsd: overM, capitalUsd: overC } };
}

/** Best eligible, priced option of each kind. */
function bestByKind(ev: TcoEvaluation): Partial<Record<OptionKind, TcoOption>> {
  const out: Partial<Record<OptionKind, TcoOption>> = {};
  for (const o of ev.options) {
    if (!o.eligible || o.totalCostUsd === null) continue;
    const cur = out[o.kind];
    if (!cur || o.totalCostUsd < cur.totalCostUsd!) out[o.kind] = o;
  }
  return out;
}

export function breakEvens(input: TcoInput, ev: TcoEvaluation): BreakEven[] {
  const best = bestByKind(ev);
  const pairs = ([['api', 'cloud'], ['api', 'onprem'], ['cloud', 'onprem']] as const).filter(([a, b]) => best[a] && best[b]);
  return pairs.map(([ka, kb]) => {
    const a = best[ka]!;
    const b = best[kb]!;
    const ids = new Set([a.id, b.id]);
    // Steady monthly cost (month 1; on-prem amortised) as traffic scales, the rest of the scenario unchanged.
    const monthly = (f: number) => {
      const e = evaluateOptions(input, { ...BASE_MULTIPLIERS, traffic: f }, { months: 1, ids });
      const ca = e.options.find((o) => o.id === a.id)?.monthlyCostUsd;
      const cb = e.options.find((o) => o.id === b.id)?.monthlyCostUsd;
      return ca === null || ca === undefined || cb === null || cb === undefined ? null : ca - cb;
    };
    const f = nearestCrossing(findCrossings(monthly));
    const above = f === null ? null : (monthly(f * 1.5) ?? 0) < 0 ? a.id : b.id;
    const [invest, other] = a.cumulativeCashUsd![0]! >= b.cumulativeCashUsd![0]! ? [a, b] : [b, a];
    const month = breakEvenMonth(invest.cumulativeCashUsd!, other.cumulativeCashUsd!);
    return {
      aId: a.id, bId: b.id,
      breakEvenRequestsPerMonth: f === null ? null : f * input.scenario.workload.requestsPerMonth,
      cheaperAboveId: above,
      investId: invest.id,
      breakEvenMonth: month,
      reason: f === null ? 'monthly costs do not cross between 1/100 and 100 × today\'s traffic' : null,
    };
  });
}

export function priceWarnings(ev: TcoEvaluation, maxAgeDays: number): PriceWarning[] {
  const seen = new Set<string>();
  const out: PriceWarning[] = [];
  for (const o of ev.options) {
    for (const p of o.prices) {
      const code = p.ageDays === null ? null : p.ageDays < 0 ? 'PRICE_AFTER_AS_OF' : p.ageDays > maxAgeDays ? 'PRICE_STALE' : null;
      if (!code) continue;
      const key = `${code}|${p.what}|${p.source}|${p.readOn}|${o.offerId ?? o.model}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ code, optionId: o.id, what: p.what, readOn: p.readOn, ageDays: p.ageDays, maxAgeDays });
    }
  }
  return out;
}

/**
 * Options that can take the lead when one input moves: the 15 cheapest eligible ones, plus the cheapest of each
 * way of buying. Re-evaluating every cloud offer for every probe of the sensitivity search costs seconds.
 */
function contenders(ev: TcoEvaluation): Set<string> {
  const eligible = ev.options.filter((o) => o.eligible && o.totalCostUsd !== null).sort((a, b) => a.totalCostUsd! - b.totalCostUsd!);
  const ids = new Set(eligible.slice(0, 15).map((o) => o.id));
  const seen = new Set<string>();
  for (const o of eligible) {
    if (!seen.has(o.purchase)) ids.add(o.id);
    seen.add(o.purchase);
  }
  return ids;
}

export function computeTco(input: TcoInput, opts: { sensitivity?: boolean } = {}): TcoResult {
  const ev = evaluateOptions(input, BASE_MULTIPLIERS);
  const best = ev.options.find((o) => o.id === ev.recommendedId);
  return {
    ...ev,
    asOf: input.asOf,
    horizonMonths: input.scenario.horizon.months,
    monthlyGrowthRate: input.scenario.horizon.monthlyGrowthRate,
    budget: budgetVerdict(input, best),
    breakEven: breakEvens(input, ev),
    sensitivity: opts.sensitivity === false ? [] : sensitivityTable(ev, (m) => evaluateOptions(input, m, { ids: contenders(ev) })),
    warnings: priceWarnings(ev, input.maxPriceAgeDays),
  };
}
