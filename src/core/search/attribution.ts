// Why the cost changed since a baseline decision (`llmplan check --baseline`): a waterfall from the baseline's
// $/month to today's, one driver at a time, each step re-planning and re-pricing the baseline's own deployment:
// prices (today's, on the baseline's workload), traffic, token lengths, targets, then the decision itself (another
// model, GPU or way of buying). The steps add up to the change by construction. Pure.
import { groupedInteger } from '../units.ts';
import type { PlanningScenario } from '../capacity/scenario.ts';
import { evaluateOptions } from '../cost/options.ts';
import { BASE_MULTIPLIERS, type TcoScenario } from '../cost/types.ts';
import { apiOptions, hybridCandidates, overflowApiIds } from './hybrid.ts';
import { candidateOf, growthFactors, planVariant, predictedOf } from './search.ts';
import type { Candidate, SearchInput, Serving } from './types.ts';

export interface BaselineInputs {
  requestsPerMonth: number;
  peakRequestsPerSecond: number;
  inputTokensMean: number;
  inputTokensP95: number | null;
  outputTokensMean: number;
  outputTokensP95: number | null;
  targets: { ttftP95Seconds: number | null; tpotP95Seconds: number | null; e2eP95Seconds: number | null; availability: number | null };
}

export interface BaselineDecision {
  asOf: string;
  inputs: BaselineInputs;
  candidate: { id: string; kind: Candidate['kind']; label: string; model: string; serving: Serving | null; offerId: string | null; purchase: string; monthlyCostUsd: number; prices: Candidate['prices'] };
}

export type DriverName = 'prices' | 'traffic' | 'token-lengths' | 'targets' | 'decision';

export interface PriceChange {
  what: string;
  unit: string;
  oldValue: number;
  newValue: number;
  oldReadOn: string | null;
  newReadOn: string | null;
}

export interface Driver {
  driver: DriverName;
  deltaMonthlyUsd: number;
  detail: string;
  priceChanges: PriceChange[];
}

export interface Attribution {
  oldMonthlyUsd: number;
  newMonthlyUsd: number;
  deltaMonthlyUsd: number;
  drivers: Driver[];
}

type Step = { planning: PlanningScenario; tco: TcoScenario };

/** The new scenario with some of its inputs put back to the baseline's (the weekly shape is today's). */
function mix(input: SearchInput, old: BaselineInputs, use: { traffic: boolean; lengths: boolean; targets: boolean }): Step {
  const p = input.planning;
  const t = input.tco.scenario;
  const k = use.traffic ? 1 : old.requestsPerMonth / Math.max(1e-12, t.workload.requestsPerMonth);
  const lengths = use.lengths
    ? { inputTokensMean: p.workload.inputTokensMean, inputTokensP95: p.workload.inputTokensP95, outputTokensMean: p.workload.outputTokensMean, outputTokensP95: p.workload.outputTokensP95 }
    : { inputTokensMean: old.inputTokensMean, inputTokensP95: old.inputTokensP95, outputTokensMean: old.outputTokensMean, outputTokensP95: old.outputTokensP95 };
  const requestsPerMonth = t.workload.requestsPerMonth * k;
  return {
    planning: {
      ...p,
      workload: {
        ...p.workload,
        ...lengths,
        hourlyRequestsPerSecond: p.workload.hourlyRequestsPerSecond.map((r) => r * k),
        peakRequestsPerSecond: use.traffic ? p.workload.peakRequestsPerSecond : old.peakRequestsPerSecond,
        batch: p.workload.batch ? { ...p.workload.batch, requiredRequestsPerSecond: p.workload.batch.requiredRequestsPerSecond * k } : null,
      },
      targets: use.targets ? p.targets : old.targets,
    },
    tco: {
      ...t,
      workload: { ...t.workload, requestsPerMonth, inputTokensMean: lengths.inputTokensMean, inputTokensP95: lengths.inputTokensP95, inputTokensPerMonth: requestsPerMonth * lengths.inputTokensMean, outputTokensPerMonth: requestsPerMonth * lengths.outputTokensMean },
      availability: (use.targets ? p.targets : old.targets).availability,
    },
  };
}

/** The baseline's own deployment, planned and priced on a step's scenario; null when it no longer qualifies. */
function costOn(input: SearchInput, base: BaselineDecision['candidate'], step: Step): { monthlyUsd: number; prices: Candidate['prices'] } | { monthlyUsd: null; reason: string } {
  const tco = { ...input.tco, scenario: step.tco };
  if (base.kind === 'api') {
    const o = apiOptions(tco).find((x) => x.id === base.id);
    return o && o.monthlyCostUsd !== null ? { monthlyUsd: o.monthlyCostUsd, prices: o.prices.map((x) => ({ what: x.what, value: x.value, unit: x.unit, readOn: x.readOn })) } : { monthlyUsd: null, reason: `${base.label} is no longer priced` };
  }
  const sv = base.serving;
  const model = sv && input.models.find((m) => m.id === sv.modelId);
  const gpu = sv && input.gpus.find((g) => g.id === sv.gpuId);
  const engine = sv && input.engines.find((e) => e.id === sv.engine);
  if (!sv || !model || !gpu || !engine) return { monthlyUsd: null, reason: `${base.label}: its model, GPU or engine is no longer in the catalog or the scenario` };
  const op = planVariant(input, { model, gpu, engine, weights: sv.weights, kvDtype: sv.kvDtype }, step.planning);
  if (op.skipped || !op.plan.feasible) return { monthlyUsd: null, reason: op.skipped ?? op.plan.infeasibleReason ?? 'it no longer meets the targets' };
  const ev = evaluateOptions({ ...tco, plans: [op.plan], apiPrices: [] }, BASE_MULTIPLIERS);
  if (base.kind === 'hybrid') {
    const apis = overflowApiIds(tco);
    const h = hybridCandidates({ ...input, planning: step.planning, tco }, [{ serving: { ...sv, tensorParallel: op.plan.tensorParallel }, plan: op.plan, predicted: predictedOf(op), options: ev.options }], apis, growthFactors(step.tco.horizon.months, step.tco.horizon.monthlyGrowthRate)).find((c) => c.id === base.id);
    return h ? { monthlyUsd: h.monthlyCostUsd, prices: h.prices } : { monthlyUsd: null, reason: `${base.label} cannot be rebuilt` };
  }
  const o = ev.options.find((x) => x.id === base.id);
  if (!o || o.monthlyCostUsd === null || !o.eligible) return { monthlyUsd: null, reason: `${base.label} is no longer offered or priced` };
  const c = candidateOf(o, sv, predictedOf(op), op, { ...input, tco });
  return { monthlyUsd: c.monthlyCostUsd, prices: c.prices };
}

function priceChanges(old: Candidate['prices'], now: Candidate['prices']): PriceChange[] {
  const out: PriceChange[] = [];
  for (const n of now) {
    const o = old.find((x) => x.what === n.what && x.unit === n.unit);
    if (o && Math.abs(o.value - n.value) > 1e-9 * Math.max(1, Math.abs(o.value))) out.push({ what: n.what, unit: n.unit, oldValue: o.value, newValue: n.value, oldReadOn: o.readOn, newReadOn: n.readOn });
  }
  return out;
}

export function attributeChange(input: SearchInput, winner: Candidate | null, base: BaselineDecision): Attribution {
  const old = base.inputs;
  const steps: [DriverName, Step, string][] = [
    ['prices', mix(input, old, { traffic: false, lengths: false, targets: false }), `today's prices (as of ${input.tco.asOf}) on the baseline's workload (prices as of ${base.asOf})`],
    ['traffic', mix(input, old, { traffic: true, lengths: false, targets: false }), `requests/month ${groupedInteger(old.requestsPerMonth)} → ${groupedInteger(input.tco.scenario.workload.requestsPerMonth)}`],
    ['token-lengths', mix(input, old, { traffic: true, lengths: true, targets: false }), `tokens per request in/out ${old.inputTokensMean}/${old.outputTokensMean} → ${input.planning.workload.inputTokensMean}/${input.planning.workload.outputTokensMean}`],
    ['targets', mix(input, old, { traffic: true, lengths: true, targets: true }), 'the targets as they are now'],
  ];
  const drivers: Driver[] = [];
  let prev = base.candidate.monthlyCostUsd;
  let broken: string | null = null;
  for (const [name, step, detail] of steps) {
    if (broken) continue;
    const c = costOn(input, base.candidate, step);
    if (c.monthlyUsd === null) {
      broken = `${detail}: the baseline's deployment no longer qualifies (${c.reason})`;
      continue;
    }
    drivers.push({ driver: name, deltaMonthlyUsd: c.monthlyUsd - prev, detail, priceChanges: name === 'prices' ? priceChanges(base.candidate.prices, c.prices) : [] });
    prev = c.monthlyUsd;
  }
  const now = winner?.monthlyCostUsd ?? prev;
  const sameServing = (a: Serving | null, b: Serving | null) => JSON.stringify(a) === JSON.stringify(b);
  const moved = winner && (winner.id !== base.candidate.id || !sameServing(winner.serving, base.candidate.serving));
  const what = !winner ? 'nothing meets every target and the budget now' : moved ? decisionText(base.candidate, winner) : 'the same deployment';
  drivers.push({ driver: 'decision', deltaMonthlyUsd: now - prev, detail: broken ? `${broken}; ${what}` : what, priceChanges: [] });
  return { oldMonthlyUsd: base.candidate.monthlyCostUsd, newMonthlyUsd: now, deltaMonthlyUsd: now - base.candidate.monthlyCostUsd, drivers };
}

function decisionText(a: BaselineDecision['candidate'], b: Candidate): string {
  const parts: string[] = [];
  if (a.model !== b.model) parts.push(`model ${a.model} → ${b.model}`);
  if ((a.serving?.gpuId ?? null) !== (b.serving?.gpuId ?? null)) parts.push(`GPU ${a.serving?.gpuId ?? 'none (API)'} → ${b.serving?.gpuId ?? 'none (API)'}`);
  if (a.kind !== b.kind || a.offerId !== b.offerId || a.purchase !== b.purchase) parts.push(`deployment ${a.label} → ${b.label}`);
  if (a.serving && b.serving && (a.serving.weights !== b.serving.weights || a.serving.kvDtype !== b.serving.kvDtype || a.serving.engine !== b.serving.engine)) parts.push(`serving ${a.serving.weights}/${a.serving.kvDtype}/${a.serving.engine} → ${b.serving.weights}/${b.serving.kvDtype}/${b.serving.engine}`);
  return parts.join('; ') || 'the same deployment';
}
