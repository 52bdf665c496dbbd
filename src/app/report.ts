// What the HTML reports draw beyond a command's own result: the GPU memory of a deployment, the self-hosted plan a
// report shows the week of replicas for, and for `recommend` the costs month by month of the options it names.
// Computed only for `--format html`; rendered by src/render/report-*.ts.
import type { Catalog } from '../catalog/load.ts';
import type { OptionPlan } from '../core/capacity/scenario.ts';
import type { CapacityPlan } from '../core/capacity/types.ts';
import { breakEvenMonth } from '../core/cost/break-even.ts';
import { computeTco, evaluateOptions, BASE_MULTIPLIERS, type TcoOption, type TcoResult } from '../core/cost/tco.ts';
import type { KvDtype, WeightFormat } from '../core/memory/precision.ts';
import { sizeDeployment, type SizeResult } from '../core/memory/sizing.ts';
import type { Candidate } from '../core/search/types.ts';
import type { Scenario } from '../scenario/types.ts';
import type { computePlans } from './plan.ts';
import type { computeRecommendation } from './recommend.ts';
import type { TcoOutcome } from './tco.ts';

/** A self-hosted deployment a report draws: its week of replicas and one GPU's memory. */
export interface Deployment {
  label: string;
  /** Why this one: "recommended", "cheapest self-hosted option", "fewest GPU-hours". */
  role: string;
  plan: CapacityPlan;
  memory: SizeResult | null;
}

/** One GPU's memory at the plan's TP, weights and KV dtype, for sequences of p95 input + p95 output tokens. */
export function memoryOf(catalog: Catalog, scenario: Scenario, plan: CapacityPlan): SizeResult | null {
  const model = catalog.models.find((m) => m.id === plan.modelId);
  const gpu = catalog.gpus.find((g) => g.id === plan.gpuId);
  const engine = catalog.engines.find((e) => e.id === plan.engine);
  if (!model || !gpu || !engine) return null;
  const w = scenario.workload;
  const context = Math.round((w.inputTokensP95 ?? w.inputTokensMean) + (w.outputTokensP95 ?? w.outputTokensMean));
  return sizeDeployment({
    model, gpu, engine, tp: plan.tensorParallel, weights: plan.weightFormat as WeightFormat, kvDtype: plan.kvDtype as KvDtype,
    contextTokens: Math.max(1, Math.min(context, model.architecture.maxPositionEmbeddings)),
  });
}

function deployment(catalog: Catalog, scenario: Scenario, plan: CapacityPlan, label: string, role: string): Deployment {
  return { label, role, plan, memory: memoryOf(catalog, scenario, plan) };
}

export interface PlanReportData {
  best: Deployment | null;
}

/** `plan`: the option with the fewest GPU-hours (render/plan.ts's ★), drawn in full. */
export function planReportData(r: Awaited<ReturnType<typeof computePlans>>): PlanReportData {
  const ok = r.plans.filter((p) => p.plan.feasible);
  const best = ok.length ? ok.reduce((a, b) => (b.plan.gpuHoursPerMonth < a.plan.gpuHoursPerMonth ? b : a)) : null;
  return { best: best ? deployment(r.catalog, r.scenario, best.plan, `${best.model.id} on ${best.gpu.id}`, 'fewest GPU-hours') : null };
}

export interface TcoReportData {
  focus: Deployment | null;
}

/** `tco`: the recommended option when it is self-hosted, else the cheapest eligible self-hosted one. */
export function tcoReportData(o: TcoOutcome): TcoReportData {
  const byCost = [...o.result.options].filter((x) => x.eligible && x.totalCostUsd !== null && x.kind !== 'api').sort((a, b) => a.totalCostUsd! - b.totalCostUsd!);
  const pick = byCost.find((x) => x.id === o.result.recommendedId) ?? byCost[0];
  const plan = pick ? o.plans.find((p: OptionPlan) => p.model.id === pick.model && p.gpu.id === pick.gpuId)?.plan : undefined;
  if (!pick || !plan) return { focus: null };
  return { focus: deployment(o.catalog, o.scenario, plan, pick.label, pick.id === o.result.recommendedId ? 'recommended' : 'cheapest self-hosted option') };
}

/** Where the cumulative cost of the option that paid more up front catches up with another's. */
export interface BreakEvenMark {
  investId: string;
  otherId: string;
  month: number;
}

/** Each pair of (first, other): the month the dearer start catches up, when it does after month 1. */
export function breakEvenMarks(first: { id: string; cumulativeUsd: readonly number[] }, others: ReadonlyArray<{ id: string; cumulativeUsd: readonly number[] }>): BreakEvenMark[] {
  const out: BreakEvenMark[] = [];
  for (const o of others) {
    if (o.id === first.id || !o.cumulativeUsd.length || !first.cumulativeUsd.length) continue;
    const [invest, other] = first.cumulativeUsd[0]! >= o.cumulativeUsd[0]! ? [first, o] : [o, first];
    const month = breakEvenMonth(invest.cumulativeUsd, other.cumulativeUsd);
    if (month !== null && month > 1) out.push({ investId: invest.id, otherId: other.id, month });
  }
  return out;
}

export interface RecommendReportData {
  focus: Deployment | null;
  /** The decision and its runners-up, with their month-by-month cash. */
  candidates: Candidate[];
  /** The named candidates (self-hosted plans and APIs) priced as `tco` prices them: the sensitivity of the cheapest. */
  tco: TcoResult;
  /** Every API the scenario names, priced: baselines beside the decision even when the search rejected them. */
  apiBaselines: TcoOption[];
}

/** `recommend`: the chosen deployment (or the first self-hosted runner-up) and the TCO of what the report names. */
export function recommendReportData(o: Awaited<ReturnType<typeof computeRecommendation>>): RecommendReportData {
  const r = o.result;
  const chosen = r.recommendation ?? r.closest?.candidate ?? null;
  const candidates = [...(chosen ? [chosen] : []), ...r.runnersUp.map((x) => x.candidate)];
  const planOf = (c: Candidate) => {
    const sv = c.serving;
    if (!sv) return undefined;
    return r.evaluated.find((e) => e.serving.modelId === sv.modelId && e.serving.gpuId === sv.gpuId && e.serving.weights === sv.weights && e.serving.kvDtype === sv.kvDtype && e.serving.engine === sv.engine && e.serving.tensorParallel === sv.tensorParallel)?.plan;
  };
  const plans: CapacityPlan[] = [];
  for (const c of candidates) {
    const p = planOf(c);
    if (p && !plans.includes(p)) plans.push(p);
  }
  const withPlan = candidates.find((c) => planOf(c));
  const focus = withPlan ? deployment(o.catalog, o.scenario, planOf(withPlan)!, withPlan.label, withPlan === chosen ? (r.recommendation ? 'recommended' : 'closest') : 'first self-hosted runner-up') : null;
  const apis = new Set(candidates.filter((c) => c.kind === 'api').map((c) => c.model));
  const named = { ...o.tcoInput, plans, apiPrices: o.tcoInput.apiPrices.filter((p) => apis.has(`${p.provider}/${p.model}`)) };
  const apiBaselines = evaluateOptions({ ...o.tcoInput, plans: [] }, BASE_MULTIPLIERS).options.filter((x) => x.kind === 'api');
  return { focus, candidates, tco: computeTco(named), apiBaselines };
}
