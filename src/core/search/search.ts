// `llmplan recommend`'s search: every allowed model × GPU × weight format × KV dtype × engine (TP chosen per
// variant by the planner), deployed on each hosted API, cloud offer (with its purchase mix), on-prem purchase and
// hybrid. Cheap lower bounds (space.ts) order the variants; a variant is planned exactly only while its bound could
// still beat the runners-up. Every candidate ends accepted or rejected with a code and its numbers. Pure.
import { planScenario, type OptionPlan } from '../capacity/scenario.ts';
import { evaluateOptions } from '../cost/options.ts';
import { BASE_MULTIPLIERS, type Exclusion, type TcoOption } from '../cost/types.ts';
import { HOURS_PER_MONTH } from '../units.ts';
import { hybridCandidates } from './hybrid.ts';
import { disaggCandidates } from './disagg.ts';
import { MinHeap } from './heap.ts';
import { boundVariant, enumerateVariants, planningLengths, qualityRisk, quickBound, type Variant } from './space.ts';
import type { Candidate, EvaluatedPlan, PredictedP95, Rejection, SearchInput, SearchResult, Serving } from './types.ts';

const RISK = { none: 0, low: 1, medium: 2 } as const;

/** A group's best is not refined for gains below this share (0.5%; the perf model's error band is ±10–30%). */
export const REFINE_TOLERANCE = 0.005;

export const variantKey = (v: Serving) => `${v.modelId}:${v.gpuId}:${v.weights}:kv-${v.kvDtype}:${v.engine}`;
const servingOf = (v: Variant, tp: number): Serving => ({ modelId: v.model.id, gpuId: v.gpu.id, engine: v.engine.id, weights: v.weights, kvDtype: v.kvDtype, tensorParallel: tp });

/** Runners-up differ from the winner and from each other in what is bought: kind, model and GPU (or API model). */
export const groupOf = (c: Candidate) => (c.kind === 'api' ? `api:${c.model}` : `${c.kind}:${c.model}:${c.serving?.gpuId ?? ''}`);

export function growthFactors(months: number, monthlyGrowthRate: number): number[] {
  return Array.from({ length: months }, (_, i) => (1 + monthlyGrowthRate) ** i);
}

/** Plan one variant exactly, as `plan` would (TP with the fewest GPU-hours). */
export function planVariant(input: SearchInput, v: Pick<Variant, 'model' | 'gpu' | 'weights' | 'kvDtype' | 'engine'>, planning = input.planning): OptionPlan {
  return planScenario(planning, { models: [v.model], gpus: [v.gpu], engine: v.engine, efficiency: input.efficiency, weights: v.weights, kvDtype: v.kvDtype })[0]!;
}

export function predictedOf(op: OptionPlan): PredictedP95 | null {
  const p = op.capacity?.atCapacity;
  return p && !p.saturated ? { ttftSeconds: p.ttftSeconds, tpotSeconds: p.tpotSeconds, e2eSeconds: p.e2eSeconds } : null;
}

/** The rejection of a plan that cannot serve the scenario, from what binds. */
export function infeasibleRejection(op: OptionPlan, input: SearchInput, what: string): Rejection {
  const t = input.planning.targets;
  const idle = op.capacity?.idle;
  const args = { tensorParallel: op.plan.tensorParallel, reason: op.plan.infeasibleReason };
  switch (op.plan.binding) {
    case 'memory':
      return { code: 'DOES_NOT_FIT', what, kind: 'self-hosted', args };
    case 'ttft':
      return { code: 'TTFT_P95_MISSED', what, kind: 'self-hosted', args: { ...args, predictedSeconds: idle?.ttftSeconds ?? null, targetSeconds: t.ttftP95Seconds } };
    case 'tpot':
      return { code: 'TPOT_P95_MISSED', what, kind: 'self-hosted', args: { ...args, predictedSeconds: idle?.tpotSeconds ?? null, targetSeconds: t.tpotP95Seconds } };
    case 'e2e':
      return { code: 'E2E_P95_MISSED', what, kind: 'self-hosted', args: { ...args, predictedSeconds: idle?.e2eSeconds ?? null, targetSeconds: t.e2eP95Seconds } };
    default:
      return /no speed prediction/.test(op.plan.infeasibleReason ?? '')
        ? { code: 'NO_SPEED_DATA', what, kind: 'self-hosted', args }
        : { code: 'DEADLINE_MISSED', what, kind: 'self-hosted', args };
  }
}

export function candidateOf(o: TcoOption, serving: Serving | null, predicted: PredictedP95 | null, plan: OptionPlan | null, input: SearchInput): Candidate {
  const model = serving ? input.models.find((m) => m.id === serving.modelId) : undefined;
  const hourly = plan?.plan.hourly ?? [];
  const offer = o.offerId ? input.tco.offers.find((x) => x.id === o.offerId) : undefined;
  return {
    id: o.id,
    kind: o.kind,
    label: o.label,
    model: o.model,
    serving,
    offerId: o.offerId,
    region: offer?.region ?? null,
    purchase: o.purchase,
    monthlyCostUsd: o.monthlyCostUsd!,
    peakMonthlyOperatingUsd: o.peakMonthlyOperatingUsd!,
    capitalUsd: o.capitalUsd!,
    totalCostUsd: o.totalCostUsd!,
    costPerRequestUsd: o.costPerRequestUsd,
    costPerMillionTokensUsd: o.costPerMillionTokensUsd,
    baseGpus: hourly.length ? Math.min(...hourly.map((h) => h.gpus)) : null,
    peakGpus: hourly.length ? Math.max(...hourly.map((h) => h.gpus)) : null,
    predicted,
    qualityRisk: serving && model ? qualityRisk(model, serving.weights, serving.kvDtype) : 'none',
    oldestPrice: oldestOf(o.prices),
    prices: o.prices.map((x) => ({ what: x.what, value: x.value, unit: x.unit, readOn: x.readOn })),
    notes: o.notes,
    ...(o.cumulativeCashUsd ? { cumulativeCashUsd: o.cumulativeCashUsd } : {}),
  };
}

export function oldestOf(prices: readonly { readOn: string | null; what: string }[]): Candidate['oldestPrice'] {
  const dated = prices.filter((p) => p.readOn !== null).sort((a, b) => a.readOn!.localeCompare(b.readOn!));
  return dated[0] ? { readOn: dated[0].readOn!, what: dated[0].what } : null;
}

/** Budget: the highest operating month against budget.monthlyUsd, purchases against budget.capitalUsd. */
export function budgetRejections(c: Candidate, input: SearchInput): Rejection[] {
  const b = input.tco.scenario.budget;
  const out: Rejection[] = [];
  if (b.monthlyUsd !== null && c.peakMonthlyOperatingUsd > b.monthlyUsd + 1e-9) out.push({ code: 'OVER_MONTHLY_BUDGET', what: c.id, kind: c.kind, args: { monthlyUsd: c.peakMonthlyOperatingUsd, budgetMonthlyUsd: b.monthlyUsd } });
  if (b.capitalUsd !== null && c.capitalUsd > b.capitalUsd + 1e-9) out.push({ code: 'OVER_CAPITAL_BUDGET', what: c.id, kind: c.kind, args: { capitalUsd: c.capitalUsd, budgetCapitalUsd: b.capitalUsd } });
  return out;
}

function exclusionRejection(e: Exclusion, seen: Set<string>): Rejection | null {
  const key = `${e.what}|${e.reason}`;
  if (seen.has(key)) return null;
  seen.add(key);
  if (/outside constraints\.regions/.test(e.reason)) return { code: 'REGION_NOT_ALLOWED', what: e.what, kind: 'cloud', args: { reason: e.reason } };
  if (/onPremOnly/.test(e.reason)) return { code: 'ON_PREM_ONLY', what: e.what, kind: e.what === 'hosted APIs' ? 'api' : 'cloud', args: { reason: 'constraints.onPremOnly' } };
  if (/the instance has/.test(e.reason)) return { code: 'INSTANCE_TOO_SMALL', what: e.what, kind: 'cloud', args: { reason: e.reason } };
  if (/allowedGpus/.test(e.reason)) return { code: 'GPU_NOT_ALLOWED', what: e.what, kind: 'self-hosted', args: { reason: e.reason } };
  return null;
}

export function searchDeployments(input: SearchInput): SearchResult {
  const s = input.tco.scenario;
  const planning = input.planning;
  const len = planningLengths(planning);
  const growth = growthFactors(s.horizon.months, s.horizon.monthlyGrowthRate);
  const rejections: Rejection[] = [];
  const priced: Candidate[] = [];
  const seenExclusions = new Set<string>();
  const evaluated: EvaluatedPlan[] = [];

  // Accepted candidates' best total per group; the (top + 1)-th best is the bar a variant's bound must get under.
  const groupBest = new Map<string, number>();
  // The quality risk of each group's best (0 none, 1 low, 2 medium): at equal cost, lower risk is worth planning.
  const groupRisk = new Map<string, number>();
  const bar = () => {
    const v = [...groupBest.values()].sort((a, b) => a - b);
    return v.length > input.top ? v[input.top]! : Number.POSITIVE_INFINITY;
  };
  let cheapestPricedUsd = Number.POSITIVE_INFINITY;
  const admit = (c: Candidate) => {
    priced.push(c);
    cheapestPricedUsd = Math.min(cheapestPricedUsd, c.totalCostUsd);
    const over = budgetRejections(c, input);
    if (over.length) return;
    const g = groupOf(c);
    if (c.totalCostUsd < (groupBest.get(g) ?? Infinity)) groupRisk.set(g, RISK[c.qualityRisk]);
    else if (c.totalCostUsd === groupBest.get(g)) groupRisk.set(g, Math.min(groupRisk.get(g) ?? 2, RISK[c.qualityRisk]));
    groupBest.set(g, Math.min(groupBest.get(g) ?? Infinity, c.totalCostUsd));
  };
  const addOptions = (options: TcoOption[], serving: Serving | null, predicted: PredictedP95 | null, plan: OptionPlan | null) => {
    for (const o of options) {
      if (!o.eligible) {
        rejections.push({ code: o.ineligibleCode ?? 'AVAILABILITY_MISSED', what: o.id, kind: o.kind, args: { reason: o.ineligibleReason } });
        continue;
      }
      if (o.missingPriceReason !== null || o.totalCostUsd === null) {
        const key = `NO_PRICE|${o.offerId ?? o.kind}|${o.purchase}|${o.gpuId ?? o.model}`;
        if (!seenExclusions.has(key)) rejections.push({ code: 'NO_PRICE', what: o.kind === 'onprem' ? `own ${o.gpuId}` : o.offerId ? `${o.offerId} (${o.purchase})` : o.id, kind: o.kind, args: { reason: o.missingPriceReason } });
        seenExclusions.add(key);
        continue;
      }
      admit(candidateOf(o, serving, predicted, plan, input));
    }
  };

  // Hosted APIs: priced directly; a region constraint needs to know where the provider processes the data.
  const api = evaluateOptions({ ...input.tco, plans: [], offers: [], onprem: null }, BASE_MULTIPLIERS);
  for (const e of api.excluded) {
    const r = exclusionRejection(e, seenExclusions);
    if (r) rejections.push(r);
  }
  // Residency is checked by the cost core (core/cost/options.ts apiResidency): an ineligible API carries its code.
  const apiUsable = api.options.filter((o) => o.eligible && o.missingPriceReason === null);
  addOptions(api.options, null, null, null);

  // Self-hosted variants.
  const allowed = s.constraints.allowedGpus;
  const gpus = allowed.length ? input.gpus.filter((g) => allowed.includes(g.id)) : input.gpus;
  for (const g of input.gpus) if (allowed.length && !allowed.includes(g.id)) rejections.push({ code: 'GPU_NOT_ALLOWED', what: g.id, kind: 'self-hosted', args: { allowedGpus: allowed.join(', ') } });
  const { variants, formatRejected, engineRejected } = enumerateVariants(input.models, gpus, input.engines, planning.kind === 'embedding', input.space);
  const name = (v: Variant) => `${v.model.id} ${v.weights}/kv-${v.kvDtype} on ${v.gpu.id} (${v.engine.id})`;
  for (const v of formatRejected) rejections.push({ code: 'FORMAT_NOT_SUPPORTED', what: name(v), kind: 'self-hosted', args: { weights: v.weights, kvDtype: v.kvDtype, gpu: v.gpu.id, architecture: v.gpu.architecture } });
  for (const v of engineRejected) rejections.push({ code: 'ENGINE_NOT_SUPPORTED', what: name(v), kind: 'self-hosted', args: { engine: v.engine.id, gpu: v.gpu.id, vendor: v.gpu.vendor } });

  // Best first: a variant's cheap bound, then its full bound, then its exact plan, always the lowest bound next.
  // Once the lowest bound cannot beat the runners-up (or its own group's best), nothing left can.
  type Entry = { v: Variant; stage: 0 | 1; lb: number; byKind: [kind: 'cloud' | 'onprem', lb: number | null][]; cloudMonthly: number | null; onpremCapital: number | null };
  // Equal bounds: the lower quality risk first (released precision, then fp8, then int4), so ties go its way.
  const riskOf = (v: Variant) => RISK[qualityRisk(v.model, v.weights, v.kvDtype)];
  const heap = new MinHeap<Entry>((a, b) => a.lb - b.lb || riskOf(a.v) - riskOf(b.v) || a.stage - b.stage);
  for (const v of variants) {
    const q = quickBound(v, planning, input.tco, len, growth);
    if (!q.ok) rejections.push({ code: q.code, what: name(v), kind: 'self-hosted', args: q.args });
    else heap.push({ v, stage: 0, lb: q.lbCostUsd, byKind: [['cloud', q.lbCloudTotalUsd], ['onprem', q.lbOnpremTotalUsd]], cloudMonthly: null, onpremCapital: null });
  }

  let prunedByBound = 0;
  const budget = s.budget;
  const onpremBounds = new Map<string, { totalUsd: number; capitalUsd: number } | null>();
  for (let e = heap.pop(); e !== undefined; e = heap.pop()) {
    const { v, lb, byKind, cloudMonthly, onpremCapital } = e;
    // A variant matters only if one of its candidates could enter the top (top + 1) groups or better its own
    // group's best (runners-up show one candidate per kind, model and GPU).
    const limit = bar();
    // Within a group, a variant must be able to beat the group's best by more than REFINE_TOLERANCE: engines and
    // KV dtypes of one GPU often differ by a few dollars of power, far below the model's error band.
    const useful = byKind.some(([kind, kb]) => {
      const g = `${kind}:${v.model.id}:${v.gpu.id}`;
      const best = groupBest.get(g) ?? Infinity;
      // A lower-risk variant that might cost no more than the group's best is planned too: ties go to lower risk.
      return kb !== null && kb <= limit && (kb < best * (1 - REFINE_TOLERANCE) || (riskOf(v) < (groupRisk.get(g) ?? 3) && kb <= best));
    });
    if (!useful) {
      prunedByBound++;
      const own = Math.min(...byKind.map(([kind]) => groupBest.get(`${kind}:${v.model.id}:${v.gpu.id}`) ?? Infinity));
      rejections.push({ code: 'COST_BOUND', what: name(v), kind: 'self-hosted', args: { lowerBoundTotalUsd: lb, barTotalUsd: Math.min(limit, own) } });
      continue;
    }
    if (e.stage === 0) {
      const own = (kind: string) => Math.min(limit, groupBest.get(`${kind}:${v.model.id}:${v.gpu.id}`) ?? Infinity);
      const b = boundVariant(v, planning, input.tco, input.efficiency, len, growth, { cloud: own('cloud'), onprem: own('onprem') }, onpremBounds);
      if (!b.ok) rejections.push({ code: b.code, what: name(v), kind: 'self-hosted', args: b.args });
      else heap.push({ v, stage: 1, lb: Math.max(lb, b.lbCostUsd), byKind: [['cloud', b.lbCloudTotalUsd], ['onprem', b.lbOnpremTotalUsd]], cloudMonthly: b.lbCloudMonthlyUsd, onpremCapital: b.lbOnpremCapitalUsd });
      continue;
    }
    // Over budget whatever is bought: every way to buy it already exceeds a budget at its lower bound.
    const cloudOver = cloudMonthly === null || (budget.monthlyUsd !== null && cloudMonthly > budget.monthlyUsd);
    const onpremOver = onpremCapital === null || (budget.capitalUsd !== null && onpremCapital > budget.capitalUsd);
    // While nothing is accepted, a variant that could be the closest (cheapest over budget) is still planned.
    const mayBeClosest = groupBest.size === 0 && lb < cheapestPricedUsd * (1 - REFINE_TOLERANCE);
    if (cloudOver && onpremOver && !mayBeClosest && (budget.monthlyUsd !== null || budget.capitalUsd !== null) && (cloudMonthly !== null || onpremCapital !== null)) {
      rejections.push({
        code: cloudMonthly !== null && budget.monthlyUsd !== null ? 'OVER_MONTHLY_BUDGET' : 'OVER_CAPITAL_BUDGET',
        what: name(v), kind: 'self-hosted',
        args: { lowerBoundMonthlyUsd: cloudMonthly, budgetMonthlyUsd: budget.monthlyUsd, lowerBoundCapitalUsd: onpremCapital, budgetCapitalUsd: budget.capitalUsd },
      });
      continue;
    }
    const op = planVariant(input, v);
    if (op.skipped || !op.plan.feasible) {
      rejections.push(infeasibleRejection(op, input, name(v)));
      continue;
    }
    const serving = servingOf(v, op.plan.tensorParallel);
    const predicted = predictedOf(op);
    const ev = evaluateOptions({ ...input.tco, plans: [op.plan], apiPrices: [] }, BASE_MULTIPLIERS);
    for (const e of ev.excluded) {
      const r = exclusionRejection(e, seenExclusions);
      if (r) rejections.push(r);
    }
    evaluated.push({ serving, plan: op.plan, predicted, options: ev.options });
    addOptions(ev.options, serving, predicted, op);
  }

  // Hybrids on the best evaluated plans: a fixed base owned or committed, the peaks on an API or on-demand cloud.
  if (!s.constraints.onPremOnly) {
    for (const c of hybridCandidates(input, evaluated, new Set(apiUsable.map((o) => o.id)), growth)) admit(c);
  }
  if (input.compareDisagg) {
    const d = disaggCandidates(input, evaluated, (o, e) => candidateOf(o, e.serving, e.predicted, null, input));
    rejections.push(...d.rejections);
    for (const c of d.candidates) admit(c);
  }

  return rank(input, priced, rejections, { servingVariants: variants.length, plansEvaluated: evaluated.length, prunedByBound, candidatesPriced: priced.length }, evaluated);
}

const noWorse = (a: PredictedP95 | null, b: PredictedP95 | null) =>
  a !== null && b !== null ? a.ttftSeconds <= b.ttftSeconds + 1e-12 && a.tpotSeconds <= b.tpotSeconds + 1e-12 && a.e2eSeconds <= b.e2eSeconds + 1e-12 : a === null && b === null;

function rank(input: SearchInput, priced: Candidate[], rejections: Rejection[], stats: SearchResult['stats'], evaluated: EvaluatedPlan[]): SearchResult {
  const accepted: Candidate[] = [];
  const overBudget: { c: Candidate; r: Rejection[] }[] = [];
  for (const c of priced) {
    const r = budgetRejections(c, input);
    if (r.length) {
      overBudget.push({ c, r });
      rejections.push(...r);
    } else accepted.push(c);
  }
  // Equal cost: the lower quality risk first (released precision before fp8 before int4), then by id.
  const risk = { none: 0, low: 1, medium: 2 } as const;
  accepted.sort((a, b) => a.totalCostUsd - b.totalCostUsd || risk[a.qualityRisk] - risk[b.qualityRisk] || a.id.localeCompare(b.id));
  const recommendation = accepted[0] ?? null;
  const runnersUp: SearchResult['runnersUp'] = [];
  const groups = new Set(recommendation ? [groupOf(recommendation)] : []);
  const cheaper: Candidate[] = [];
  for (const c of accepted) {
    if (c === recommendation) {
      cheaper.push(c);
      continue;
    }
    const g = groupOf(c);
    if (!groups.has(g) && runnersUp.length < input.top) {
      groups.add(g);
      runnersUp.push({ candidate: c, behind: { code: 'OUTRANKED', what: c.id, kind: c.kind, args: { extraTotalUsd: c.totalCostUsd - recommendation!.totalCostUsd, extraMonthlyUsd: c.monthlyCostUsd - recommendation!.monthlyCostUsd } } });
    } else {
      const by = cheaper.find((x) => noWorse(x.predicted, c.predicted));
      rejections.push(
        by
          ? { code: 'DOMINATED', what: c.id, kind: c.kind, args: { byId: by.id, extraTotalUsd: c.totalCostUsd - by.totalCostUsd } }
          : { code: 'OUTRANKED', what: c.id, kind: c.kind, args: { extraTotalUsd: c.totalCostUsd - recommendation!.totalCostUsd } },
      );
    }
    if (cheaper.length < 64) cheaper.push(c);
  }
  let closest: SearchResult['closest'] = null;
  if (!recommendation) {
    overBudget.sort((a, b) => a.c.totalCostUsd - b.c.totalCostUsd);
    if (overBudget.length) closest = { candidate: overBudget[0]!.c, misses: overBudget[0]!.r };
    else {
      // Nothing meets the targets: the miss nearest its target.
      const ratio = (r: Rejection) => (typeof r.args.predictedSeconds === 'number' && typeof r.args.targetSeconds === 'number' ? r.args.predictedSeconds / r.args.targetSeconds : Infinity);
      const misses = rejections.filter((r) => /_P95_MISSED$/.test(r.code)).sort((a, b) => ratio(a) - ratio(b));
      closest = { candidate: null, misses: misses.slice(0, 1) };
    }
  }
  return { recommendation, closest, runnersUp, accepted, rejections, stats, evaluated };
}

/** Month-1 GPU-hours of a candidate's plan, for the one-line answer. */
export const gpuHoursPerMonth = (p: EvaluatedPlan) => p.plan.gpuHoursPerMonth || p.plan.peakReplicas * p.plan.gpusPerReplica * HOURS_PER_MONTH;
