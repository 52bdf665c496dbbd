// Hybrid deployments (seed 003, "Hybrid Deployment"): a fixed base of replicas on owned or committed GPUs, sized to
// part of the weekly curve, and each hour's remainder (the peaks, and the growth) on a hosted API or on-demand cloud
// GPUs. The base size is searched: every size from 1 replica to one below the plan's peak (a pure deployment is the
// edge case, priced by the search itself). Built on the cheapest plans the search evaluated. Pure.
import { DEFAULT_RELIABILITY } from '../capacity/replicas.ts';
import type { CapacityPlan } from '../capacity/types.ts';
import { priceApiMonth } from '../cost/api.ts';
import { knownHourly, replicasPerInstance, scaledReplicas } from '../cost/cloud.ts';
import { priceOnprem } from '../cost/onprem.ts';
import { evaluateOptions } from '../cost/options.ts';
import { regionAllowed } from '../cost/regions.ts';
import { BASE_MULTIPLIERS, type TcoApiPrice, type TcoOffer } from '../cost/types.ts';
import { HOURS_PER_MONTH, HOURS_PER_WEEK, TOKENS_PER_MTOK } from '../units.ts';
import { oldestOf } from './search.ts';
import { qualityRisk } from './space.ts';
import type { Candidate, EvaluatedPlan, SearchInput } from './types.ts';

/** The hosted APIs alone, priced as `tco` prices them (no plans, offers or on-prem). */
export function apiOptions(tco: SearchInput['tco']) {
  return evaluateOptions({ ...tco, plans: [], offers: [], onprem: null }, BASE_MULTIPLIERS).options;
}

/** The APIs a hybrid may overflow to: eligible (residency) and priced, whatever the budget says of them alone. */
export function overflowApiIds(tco: SearchInput['tco']): Set<string> {
  return new Set(apiOptions(tco).filter((o) => o.eligible && o.totalCostUsd !== null).map((o) => o.id));
}

/** Plans to build hybrids on: the cheapest few evaluated (by their cheapest priced option). */
const HYBRID_PLANS = 3;
/** Base sizes tried per plan: all of them up to this many, else this many spread evenly. */
const MAX_BASE_SIZES = 48;

type Base = { kind: 'own'; label: string } | { kind: 'commit'; label: string; offer: TcoOffer; usdPerInstanceHour: number; term: string };
type Overflow = { kind: 'api'; price: Extract<TcoApiPrice, { kind: 'price' }>; id: string } | { kind: 'on-demand'; offer: TcoOffer; usdPerInstanceHour: number };

function baseSizes(peak: number): number[] {
  if (peak - 1 <= MAX_BASE_SIZES) return Array.from({ length: Math.max(0, peak - 1) }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: MAX_BASE_SIZES }, (_, i) => Math.max(1, Math.round(((i + 1) * (peak - 1)) / MAX_BASE_SIZES))))];
}

/** A plan of `b` replicas in every hour: what an owned base of that size is priced as. */
function flatPlan(plan: CapacityPlan, b: number): CapacityPlan {
  return {
    ...plan,
    hourly: plan.hourly.map((h) => ({ ...h, replicasForLoad: Math.min(b, h.replicasForLoad), replicas: b, gpus: b * plan.gpusPerReplica })),
    peakReplicas: b, minReplicas: b, redundancyReplicas: 0, baseGpus: b * plan.gpusPerReplica,
  };
}

// Every base size is priced against every month's traffic: the week's hours are sorted once per plan, so an
// overflow is a lookup and a difference of sums, not a pass over 168 hours (a growing horizon × 64 base sizes ×
// bases × overflows made this a tenth of recommend's time).
const sortedMemo = new WeakMap<CapacityPlan, { rates: Float64Array; suffixSums: Float64Array }>();

/** Requests per week above `capacity` requests/s, at `f` × the plan's traffic. */
function overflowRequests(plan: CapacityPlan, f: number, capacity: number): number {
  let m = sortedMemo.get(plan);
  if (!m) {
    const rates = Float64Array.from(plan.hourly, (h) => h.arrivalRequestsPerSecond).sort();
    const suffixSums = new Float64Array(rates.length + 1);
    for (let i = rates.length - 1; i >= 0; i--) suffixSums[i] = suffixSums[i + 1]! + rates[i]!;
    sortedMemo.set(plan, (m = { rates, suffixSums }));
  }
  // The first hour whose traffic exceeds the capacity; the hours from there on overflow.
  let lo = 0;
  let hi = m.rates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (m.rates[mid]! * f > capacity) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, (f * m.suffixSums[lo]! - capacity * (m.rates.length - lo)) * 3600);
}

const replicasMemo = new WeakMap<CapacityPlan, Map<number, { replicas: Float64Array; hours: Float64Array }>>();

/**
 * Hours of the week by replica count at growth factor `f` (cost/cloud.ts scaledReplicas), counted once: replica
 * counts in descending order beside the hours at each, so a base of b replicas reads only the counts above it.
 */
function hoursByReplicas(plan: CapacityPlan, f: number): { replicas: Float64Array; hours: Float64Array } {
  let byF = replicasMemo.get(plan);
  if (!byF) replicasMemo.set(plan, (byF = new Map()));
  let counts = byF.get(f);
  if (!counts) {
    const byCount = new Map<number, number>();
    for (const n of scaledReplicas(plan, f)) byCount.set(n, (byCount.get(n) ?? 0) + 1);
    const replicas = Float64Array.from(byCount.keys()).sort().reverse();
    counts = { replicas, hours: Float64Array.from(replicas, (n) => byCount.get(n)!) };
    byF.set(f, counts);
  }
  return counts;
}

/** Instance-hours a week of on-demand instances (`perInstance` replicas each) covering every hour's replicas above `b`. */
function overflowInstanceHours(plan: CapacityPlan, f: number, b: number, perInstance: number): number {
  const { replicas, hours } = hoursByReplicas(plan, f);
  let instanceHours = 0;
  // Whole hours × whole instances: the sum is exact in any order.
  for (let k = 0; k < replicas.length && replicas[k]! > b; k++) instanceHours += hours[k]! * Math.ceil((replicas[k]! - b) / perInstance);
  return instanceHours;
}

export function hybridCandidates(input: SearchInput, evaluated: EvaluatedPlan[], usableApiIds: ReadonlySet<string>, growth: readonly number[]): Candidate[] {
  const s = input.tco.scenario;
  // Each plan's cheapest priced option, found once (not at every comparison of the sort).
  const cheapestUsd = new Map<EvaluatedPlan, number>();
  for (const e of evaluated) {
    let min = Infinity;
    for (const o of e.options) if (o.eligible && o.totalCostUsd !== null && o.totalCostUsd < min) min = o.totalCostUsd;
    cheapestUsd.set(e, min);
  }
  const cheapest = (e: EvaluatedPlan) => cheapestUsd.get(e)!;
  const plans = evaluated.filter((e) => Number.isFinite(cheapest(e))).sort((a, b) => cheapest(a) - cheapest(b)).slice(0, HYBRID_PLANS);
  const apis = input.tco.apiPrices.filter((p): p is Extract<TcoApiPrice, { kind: 'price' }> => p.kind === 'price' && usableApiIds.has(`api:${p.provider}/${p.model}`));
  const out: Candidate[] = [];
  for (const e of plans) {
    const plan = e.plan;
    if (plan.peakReplicas < 2) continue;
    const offers = input.tco.offers.filter((o) => o.gpuId === plan.gpuId && regionAllowed(o.region, s.constraints.regions) && replicasPerInstance(o.gpuCount, plan.gpusPerReplica) > 0);
    const bases: Base[] = [];
    if (input.tco.onprem) bases.push({ kind: 'own', label: `own ${plan.gpuId}` });
    const commits = offers.flatMap((o) => ([['1y', o.commit1y, 12], ['3y', o.commit3y, 36]] as const)
      .filter(([, p, months]) => knownHourly(p) && s.horizon.months >= months)
      .map(([term, p]) => ({ kind: 'commit' as const, label: `${term}-committed ${o.instanceType} (${o.provider} ${o.region})`, offer: o, usdPerInstanceHour: p.usdPerHour!, term })));
    const perGpu = (b: { offer: TcoOffer; usdPerInstanceHour: number }) => b.usdPerInstanceHour / b.offer.gpuCount;
    const bestCommit = commits.sort((a, b) => perGpu(a) - perGpu(b))[0];
    if (bestCommit) bases.push(bestCommit);
    const overflows: Overflow[] = apis.map((p) => ({ kind: 'api' as const, price: p, id: `${p.provider}/${p.model}` }));
    const od = offers.filter((o) => knownHourly(o.onDemand)).sort((a, b) => a.onDemand.usdPerHour! / a.gpuCount - b.onDemand.usdPerHour! / b.gpuCount)[0];
    if (od) overflows.push({ kind: 'on-demand', offer: od, usdPerInstanceHour: od.onDemand.usdPerHour! });
    // An owned base of b replicas costs the same whatever takes the overflow: price each size once.
    const owned = new Map<number, ReturnType<typeof priceOnprem>>();
    for (const base of bases) {
      for (const over of overflows) {
        if (base.kind === 'commit' && over.kind === 'on-demand') continue; // that is the cloud option's own mix
        const best = bestHybrid(input, e, base, over, growth, owned);
        if (best) out.push(best);
      }
    }
  }
  return out;
}

function bestHybrid(input: SearchInput, e: EvaluatedPlan, base: Base, over: Overflow, growth: readonly number[], owned: Map<number, ReturnType<typeof priceOnprem>>): Candidate | null {
  const s = input.tco.scenario;
  const plan = e.plan;
  const cap = plan.replicaCapacityRequestsPerSecond;
  const weekToMonth = HOURS_PER_MONTH / HOURS_PER_WEEK;
  const weekRequests = plan.hourly.reduce((a, h) => a + h.arrivalRequestsPerSecond * 3600, 0);
  const rel = DEFAULT_RELIABILITY;
  const q = Math.max(rel.instanceUnavailability, (plan.gpusPerReplica * rel.repairHours) / rel.gpuMtbfHours);
  let best: { total: number; b: number; months: number[]; capital: number; first: number; peakOp: number; notes: string[] } | null = null;
  const dated: { readOn: string | null; what: string }[] = [];
  for (const b of baseSizes(plan.peakReplicas)) {
    const months: number[] = [];
    const operating: number[] = [];
    let capital = 0;
    let residual = 0;
    let first = 0;
    if (base.kind === 'own') {
      let r = owned.get(b);
      if (!r) owned.set(b, (r = priceOnprem(flatPlan(plan, b), input.tco.onprem!, growth.map(() => 1), BASE_MULTIPLIERS, input.tco.facility)));
      if (!r.ok) return null;
      for (const m of r.result.months) {
        months.push(m.purchaseUsd + m.powerUsd + m.colocationUsd + m.staffUsd + m.supportUsd);
        operating.push(m.powerUsd + m.colocationUsd + m.staffUsd + m.supportUsd);
      }
      if (dated.length === 0) dated.push(...r.result.prices);
      capital = r.result.capexUsd;
      residual = r.result.residualUsd;
      first = r.result.months[0]!.depreciationUsd + operating[0]!;
    } else {
      const instances = Math.ceil(b / replicasPerInstance(base.offer.gpuCount, plan.gpusPerReplica));
      for (const _ of growth) {
        months.push(instances * base.usdPerInstanceHour * HOURS_PER_MONTH);
        operating.push(months.at(-1)!);
      }
      first = months[0]!;
    }
    // The overflow only adds cost: a base that alone costs at least the best total so far cannot win (the best is
    // kept on a strict <), so its overflow is not priced.
    if (best && months.reduce((a, x) => a + x, 0) - residual >= best.total) continue;
    const memo = new Map<number, number>();
    for (const [i, f] of growth.entries()) {
      let add = memo.get(f);
      if (add === undefined) {
        if (over.kind === 'api') {
          // Requests the base cannot take at its capacity go to the API; it also takes a failed base replica's share.
          const overflow = overflowRequests(plan, f, b * cap);
          // A base replica is down a fraction q of the time (no spares are kept): its share goes to the API too.
          const served = weekRequests * f - overflow;
          const share = weekRequests > 0 ? (overflow + q * served) / (weekRequests * f) : 0;
          add = share > 0 ? priceApiMonth(over.price, s, f * share).totalUsd : 0;
        } else {
          add = overflowInstanceHours(plan, f, b, replicasPerInstance(over.offer.gpuCount, plan.gpusPerReplica)) * over.usdPerInstanceHour * weekToMonth;
        }
        memo.set(f, add);
      }
      months[i]! += add;
      operating[i]! += add;
      if (i === 0) first += add;
    }
    const total = months.reduce((a, x) => a + x, 0) - residual;
    if (!best || total < best.total) best = { total, b, months, capital, first, peakOp: Math.max(...operating), notes: [] };
  }
  if (!best) return null;
  if (base.kind === 'commit') dated.push({ readOn: (base.term === '1y' ? base.offer.commit1y : base.offer.commit3y).usdPerHour === null ? null : ((base.term === '1y' ? base.offer.commit1y : base.offer.commit3y) as { readOn: string }).readOn, what: `${base.term} commitment` });
  if (over.kind === 'api') dated.push({ readOn: over.price.dataDate, what: `${over.id} price` });
  else if (knownHourly(over.offer.onDemand)) dated.push({ readOn: over.offer.onDemand.readOn, what: 'on-demand' });
  const sv = e.serving;
  const model = input.models.find((m) => m.id === sv.modelId);
  const overLabel = over.kind === 'api' ? `${over.id} API` : `on-demand ${over.offer.instanceType} (${over.offer.provider} ${over.offer.region})`;
  const volume = growth.reduce((a, f) => a + f, 0);
  const requests = s.workload.requestsPerMonth * volume;
  const mtok = ((s.workload.inputTokensPerMonth + s.workload.outputTokensPerMonth) * volume) / TOKENS_PER_MTOK;
  const baseGpus = best.b * plan.gpusPerReplica;
  return {
    id: `hybrid:${sv.modelId}:${sv.gpuId}:${base.kind === 'own' ? 'own' : `${base.offer.id}:${base.term}`}+${over.kind === 'api' ? `api:${over.id}` : `${over.offer.id}:on-demand`}`,
    kind: 'hybrid',
    label: `${sv.modelId}: a base of ${best.b} replica${best.b === 1 ? '' : 's'} on ${base.label}, ${over.kind === 'api' ? 'peaks and failover' : 'peaks'} on ${overLabel}`,
    model: sv.modelId,
    serving: sv,
    offerId: base.kind === 'commit' ? base.offer.id : over.kind === 'on-demand' ? over.offer.id : null,
    region: base.kind === 'commit' ? base.offer.region : over.kind === 'on-demand' ? over.offer.region : null,
    purchase: `${base.kind === 'own' ? 'purchase' : `${base.term} commit`} + ${over.kind === 'api' ? 'per-token' : 'on-demand'}`,
    monthlyCostUsd: best.first,
    peakMonthlyOperatingUsd: best.peakOp,
    capitalUsd: best.capital,
    totalCostUsd: best.total,
    costPerRequestUsd: requests > 0 ? best.total / requests : null,
    costPerMillionTokensUsd: mtok > 0 ? best.total / mtok : null,
    baseGpus,
    peakGpus: over.kind === 'api' ? baseGpus : Math.max(...plan.hourly.map((h) => h.gpus)),
    predicted: e.predicted,
    qualityRisk: model ? qualityRisk(model, sv.weights, sv.kvDtype) : 'none',
    oldestPrice: oldestOf(dated),
    prices: [],
    cumulativeCashUsd: best.months.reduce<number[]>((acc, x) => [...acc, (acc.at(-1) ?? 0) + x], []),
    notes: [
      `base of ${best.b} of the plan's peak ${plan.peakReplicas} replica(s) (${baseGpus} GPUs), chosen to minimise the total over ${growth.length} months`,
      over.kind === 'api'
        ? `requests beyond the base's capacity (${(best.b * cap).toFixed(2)} req/s) go to ${over.id}, which also takes a failed base replica's share (no N+k spares kept; each replica down ${(q * 100).toFixed(1)}% of the time, priced)`
        : 'on-demand instances cover the hours above the base, with the plan\'s N+k redundancy',
    ],
  };
}
