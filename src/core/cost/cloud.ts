// Cloud GPU cost from the capacity plan's hourly replica curve: whole instances per hour, a committed base found
// by search, on-demand or spot for the rest, month by month as traffic grows.
import type { CapacityPlan } from '../capacity/types.ts';
import { HOURS_PER_MONTH, assertFinite } from '../units.ts';
import type { HourlyPriceIn } from './types.ts';

/**
 * Replicas an hour needs for its load with traffic × `factor` (growth × what-if traffic ÷ what-if throughput): the
 * load part scales and rounds up; at factor 1 the plan's own count is used, so re-planning per month would be
 * tighter by at most one replica per hour. The redundancy (N + k) is added unchanged by the callers.
 */
export function scaledLoad(replicasForLoad: number, factor: number): number {
  return factor === 1 ? replicasForLoad : Math.ceil(replicasForLoad * factor - 1e-9);
}

/** Replicas per hour of the week with traffic × `factor`: the scaled load plus the unchanged redundancy. */
export function scaledReplicas(plan: CapacityPlan, factor: number): number[] {
  return plan.hourly.map((h) => scaledLoad(h.replicasForLoad, factor) + (h.replicas - h.replicasForLoad));
}

/** Replicas actually busy in an hour (arrival ÷ per-replica capacity), for power and utilisation. */
export function busyInHour(plan: CapacityPlan, h: CapacityPlan['hourly'][number], factor: number): number {
  return plan.replicaCapacityRequestsPerSecond > 0 ? (h.arrivalRequestsPerSecond * factor) / plan.replicaCapacityRequestsPerSecond : 0;
}

/** busyInHour for every hour of the week. */
export function busyReplicas(plan: CapacityPlan, factor: number): number[] {
  return plan.hourly.map((h) => busyInHour(plan, h, factor));
}

/** Replicas one instance holds: a replica's GPUs must sit in one instance (tensor parallel over NVLink/PCIe). */
export function replicasPerInstance(gpusPerInstance: number, gpusPerReplica: number): number {
  return Math.floor(gpusPerInstance / gpusPerReplica);
}

export interface CommitMix {
  committed: number;
  peak: number;
  /** Mean instances running over the week. */
  meanInstances: number;
  committedUsdPerMonth: number;
  flexUsdPerMonth: number;
  monthlyUsd: number;
}

/**
 * Cheapest number of always-on committed instances c in [minCommitted, peak], the rest bought by the hour:
 * weekly cost(c) = c × 168 × commit + flex × Σ_h max(0, n_h − c). The cost is convex and piecewise linear in c with
 * its kinks at the hours' instance counts, so the cheapest c (the smallest, on a tie) is one of those counts or an end
 * of the range: at most 170 candidates whatever the peak (a histogram up to the peak ran out of memory at 10^9
 * instances). With commit null only c = 0 is possible.
 * Worked example: n = 2 all week, flex $2/h, commit $1.5/h → c = 2, 2 × 1.5 × 730 = $2,190/month.
 */
export function bestCommitMix(instancesPerHour: readonly number[], flexUsdPerHour: number, commitUsdPerHour: number | null, minCommitted = 0): CommitMix {
  const peak = Math.max(0, ...instancesPerHour);
  const hoursPerWeek = instancesPerHour.length;
  let total = 0;
  for (const n of instancesPerHour) total += n;
  const scale = (HOURS_PER_MONTH / hoursPerWeek);
  // Without a commitment price every instance-hour is bought by the hour: nothing to search.
  if (commitUsdPerHour === null) {
    const flexUsdPerMonth = total * flexUsdPerHour * scale;
    return { committed: 0, peak, meanInstances: total / hoursPerWeek, committedUsdPerMonth: 0, flexUsdPerMonth, monthlyUsd: assertFinite('cloud monthly cost', flexUsdPerMonth) };
  }
  const lo = Math.min(minCommitted, peak);
  const hi = peak;
  // Ascending counts (a typed array sorts numerically without a comparator: this runs for every month and offer).
  const sorted = Float64Array.from(instancesPerHour).sort();
  // excess(c) = Σ_h max(0, n_h − c), walked upwards: the hours at or below c leave the sum one by one.
  let i = 0;
  let atOrBelow = 0;
  let best = { c: lo, weekly: Infinity, excess: 0 };
  const consider = (c: number) => {
    for (; i < sorted.length && sorted[i]! <= c; i++) atOrBelow += sorted[i]!;
    const excess = total - atOrBelow - c * (sorted.length - i);
    const weekly = c * hoursPerWeek * commitUsdPerHour + excess * flexUsdPerHour;
    if (weekly < best.weekly - 1e-9) best = { c, weekly, excess };
  };
  consider(lo);
  for (let j = 0; j < sorted.length; j++) {
    const n = sorted[j]!;
    if (n > lo && n < hi && n !== sorted[j - 1]) consider(n);
  }
  if (hi > lo) consider(hi);
  const committedUsdPerMonth = best.c * hoursPerWeek * commitUsdPerHour * scale;
  const flexUsdPerMonth = best.excess * flexUsdPerHour * scale;
  return {
    committed: best.c, peak,
    meanInstances: total / hoursPerWeek,
    committedUsdPerMonth, flexUsdPerMonth, monthlyUsd: assertFinite('cloud monthly cost', committedUsdPerMonth + flexUsdPerMonth),
  };
}

export interface CloudMonths {
  months: CommitMix[];
  totalUsd: number;
}

/**
 * Month by month over the horizon: instances per hour from the scaled replica curve, then the best mix. A
 * commitment is never released early: c may grow with traffic but not shrink (c_m ≥ c_{m−1}).
 */
export function priceCloudMonths(
  plan: CapacityPlan, gpusPerInstance: number, flexUsdPerHour: number, commitUsdPerHour: number | null, factors: readonly number[],
): CloudMonths {
  const perInstance = replicasPerInstance(gpusPerInstance, plan.gpusPerReplica);
  const months: CommitMix[] = [];
  let committed = 0;
  const memo = new Map<number, number[]>();
  // Without growth every month is the same: the same factor and floor give the same mix, so compute it once.
  let last: { f: number; floor: number; mix: CommitMix } | null = null;
  for (const f of factors) {
    let instances = memo.get(f);
    if (!instances) {
      instances = scaledReplicas(plan, f).map((r) => Math.ceil(r / perInstance));
      memo.set(f, instances);
    }
    const mix: CommitMix = last && last.f === f && last.floor === committed ? last.mix : bestCommitMix(instances, flexUsdPerHour, commitUsdPerHour, committed);
    last = { f, floor: committed, mix };
    committed = mix.committed;
    months.push(mix);
  }
  return { months, totalUsd: months.reduce((a, m) => a + m.monthlyUsd, 0) };
}

export function knownHourly(p: HourlyPriceIn): p is Extract<HourlyPriceIn, { usdPerHour: number }> {
  return p.usdPerHour !== null;
}

