// `check`: the CI gate. The recommendation of the scenario as it is now, checked against the budget, a maximum
// $/month, a maximum increase over a baseline (a previous `recommend --json` or `check --json` committed in the
// user's repository) and the age of its prices; with a baseline, the change attributed to its drivers.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { attributeChange, type Attribution, type BaselineDecision } from '../core/search/attribution.ts';
import { InputError } from '../errors.ts';
import type { RunContext } from './context.ts';
import { computeRecommendation, type RecommendOutcome, type RecommendQuery } from './recommend.ts';

export interface CheckQuery extends Omit<RecommendQuery, 'maxPriceAgeDays'> {
  baseline?: string;
  maxMonthlyUsd?: number;
  maxIncreasePct?: number;
  /** Only when given: a price older than this fails the check. */
  maxPriceAgeDays?: number;
}

export type CheckId = 'targets-and-budget' | 'max-monthly' | 'max-increase' | 'price-age';

export interface CheckItem {
  id: CheckId;
  passed: boolean;
  message: string;
  args: Record<string, number | string | null>;
}

export interface CheckOutcome {
  outcome: RecommendOutcome;
  checks: CheckItem[];
  baseline: { file: string; asOf: string; scenario: string; monthlyUsd: number; label: string } | null;
  attribution: Attribution | null;
  passed: boolean;
}

const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** A baseline: `recommend --json` (or `check --json`, which carries one) with a recommendation and its inputs. */
export function readBaseline(path: string, ctx: RunContext): { decision: BaselineDecision; scenario: string } {
  const full = resolve(ctx.cwd, path);
  let text: string;
  try {
    const st = statSync(full);
    if (!st.isFile()) throw new InputError([{ file: path, path: '--baseline', message: 'is not a regular file' }]);
    if (st.size > MAX_BASELINE_BYTES) throw new InputError([{ file: path, path: '--baseline', message: `is ${st.size} bytes; a baseline is at most ${MAX_BASELINE_BYTES}` }]);
    text = readFileSync(full, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError([{ file: path, path: '--baseline', message: 'file not found' }]);
  }
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new InputError([{ file: path, path: '--baseline', message: `is not JSON (${(e as Error).message.slice(0, 80)})`, hint: 'commit the output of `llmplan recommend --json` or `llmplan check --json`' }]);
  }
  const rec = (j?.kind === 'check' ? j.recommend : j) as Record<string, any> | undefined;
  if (!rec || rec.kind !== 'recommend' || rec.schemaVersion !== 1 || !rec.recommendation || !rec.inputs) {
    throw new InputError([{ file: path, path: '--baseline', message: 'is not the output of `llmplan recommend --json` or `llmplan check --json` (schemaVersion 1, with a recommendation and its inputs)' }]);
  }
  const c = rec.recommendation;
  return {
    scenario: String(rec.scenario),
    decision: {
      asOf: String(rec.asOf),
      inputs: rec.inputs,
      candidate: { id: c.id, kind: c.kind, label: c.label, model: c.model, serving: c.serving, offerId: c.offerId, purchase: c.purchase, monthlyCostUsd: c.monthlyCostUsd, prices: Array.isArray(c.prices) ? c.prices : [] },
    },
  };
}

export async function computeCheck(q: CheckQuery, ctx: RunContext): Promise<CheckOutcome> {
  // Read the baseline first: a bad one is exit 2 before any work.
  const base = q.baseline ? readBaseline(q.baseline, ctx) : null;
  const o = await computeRecommendation({ ...q, maxPriceAgeDays: q.maxPriceAgeDays ?? 180 }, ctx);
  const win = o.result.recommendation;
  const shown = win ?? o.result.closest?.candidate ?? null;
  const checks: CheckItem[] = [];
  checks.push(
    win
      ? { id: 'targets-and-budget', passed: true, message: `${win.label} meets every target, constraint and the budget`, args: { monthlyUsd: win.peakMonthlyOperatingUsd } }
      : { id: 'targets-and-budget', passed: false, message: `nothing meets every target, constraint and the budget${o.result.closest?.misses.length ? `: the closest misses ${o.result.closest.misses.map((m) => m.code).join(', ')}` : ''}`, args: { closestMonthlyUsd: shown?.peakMonthlyOperatingUsd ?? null } },
  );
  if (q.maxMonthlyUsd !== undefined) {
    const v = shown?.peakMonthlyOperatingUsd ?? null;
    checks.push({ id: 'max-monthly', passed: v !== null && v <= q.maxMonthlyUsd + 1e-9, message: v === null ? 'no priced deployment' : `$${Math.round(v).toLocaleString('en-US')}/month at the busiest month vs --max-monthly-usd $${q.maxMonthlyUsd.toLocaleString('en-US')}`, args: { monthlyUsd: v, maxMonthlyUsd: q.maxMonthlyUsd } });
  }
  let attribution: Attribution | null = null;
  if (base) {
    attribution = attributeChange(o.input, shown, base.decision);
    if (q.maxIncreasePct !== undefined) {
      const pct = base.decision.candidate.monthlyCostUsd > 0 ? (attribution.deltaMonthlyUsd / base.decision.candidate.monthlyCostUsd) * 100 : attribution.deltaMonthlyUsd > 0 ? Infinity : 0;
      checks.push({ id: 'max-increase', passed: pct <= q.maxIncreasePct + 1e-9, message: `${pct >= 0 ? '+' : ''}${Number.isFinite(pct) ? pct.toFixed(1) : 'n/a'}% over the baseline vs --max-increase-pct ${q.maxIncreasePct}`, args: { increasePct: Number.isFinite(pct) ? pct : null, maxIncreasePct: q.maxIncreasePct } });
    }
  } else if (q.maxIncreasePct !== undefined) {
    throw new InputError([{ path: '--max-increase-pct', message: 'needs --baseline <previous recommend or check --json>' }]);
  }
  if (q.maxPriceAgeDays !== undefined) {
    const age = o.oldestPrice?.ageDays ?? null;
    checks.push({ id: 'price-age', passed: age === null || age <= q.maxPriceAgeDays, message: age === null ? 'no dated price' : `the oldest price used is ${age} days old (${o.oldestPrice!.what}, read ${o.oldestPrice!.readOn}) vs --max-price-age-days ${q.maxPriceAgeDays}`, args: { ageDays: age, maxPriceAgeDays: q.maxPriceAgeDays } });
  }
  return {
    outcome: o,
    checks: [...checks.filter((c) => !c.passed), ...checks.filter((c) => c.passed)],
    baseline: base ? { file: q.baseline!, asOf: base.decision.asOf, scenario: base.scenario, monthlyUsd: base.decision.candidate.monthlyCostUsd, label: base.decision.candidate.label } : null,
    attribution,
    passed: checks.every((c) => c.passed),
  };
}
