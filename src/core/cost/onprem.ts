// On-prem cost of serving the plan with our own GPUs: buy the peak fleet (N + k redundancy is in the plan) as
// traffic grows, amortise it, pay power × PUE, staff, support and (optionally) colocation; sell it at the end.
import type { CapacityPlan } from '../capacity/types.ts';
import { HOURS_PER_MONTH, assertFinite } from '../units.ts';
import { busyInHour, scaledLoad } from './cloud.ts';
import type { HostServerType, OnpremInputs, PriceUsed, Sourced, TcoMultipliers } from './types.ts';

/**
 * GPUs of one server that replicas can use: a replica never spans servers, so a 10-slot PCIe server holds two
 * 4-GPU replicas (floor(10 / 4) × 4 = 8 GPUs) and ten 1-GPU ones.
 */
export function usableGpusPerServer(gpusPerServer: number, gpusPerReplica: number): number {
  return Math.floor(gpusPerServer / gpusPerReplica) * gpusPerReplica;
}

/**
 * Host and networking of a full server shared by its GPUs, USD per GPU; null when either is unknown. The catalog's
 * 8-GPU baseboard server: ($50,000 + 8 ports × $21,000 / 64) / 8 = $6,578.125; its 10-slot PCIe server:
 * ($50,000 + 1 port × $328.125) / 10 = $5,032.8125.
 */
export function hostShareUsdPerGpu(st: HostServerType): number | null {
  const host = st.hostUsdPerServer.value;
  const net = st.networkingUsdPerServer.value;
  return host === null || net === null ? null : (host + net) / st.gpusPerServer;
}

export interface OnpremMonth {
  gpus: number;
  nodes: number;
  purchaseUsd: number;
  depreciationUsd: number;
  powerUsd: number;
  colocationUsd: number;
  staffUsd: number;
  supportUsd: number;
  /** Mean share of the fleet's GPUs busy over the week. */
  utilisation: number;
}

export interface OnpremResult {
  months: OnpremMonth[];
  /** The server the GPUs are hosted in, and how many GPUs of it the plan's replicas use. */
  server: { id: string; label: string; gpusPerServer: number; usableGpusPerServer: number };
  capexUsd: number;
  residualUsd: number;
  prices: Omit<PriceUsed, 'ageDays'>[];
  notes: string[];
}

export type OnpremPriced = { ok: true; result: OnpremResult } | { ok: false; reason: string };

type ResidualPoint = { afterYears: number; fraction: number };
// The curve sorted once per catalog array: the search's on-prem bounds ask for it thousands of times a run, and
// sorting a copy each time was ~5% of code-assistant's allocations.
const sortedCurves = new WeakMap<readonly ResidualPoint[], readonly ResidualPoint[]>();

/** Resale fraction at `years`: linear between catalog points, 1 at age 0, the last point's value after it. */
export function residualFraction(points: readonly ResidualPoint[], years: number): number {
  let pts = sortedCurves.get(points);
  if (!pts) sortedCurves.set(points, (pts = [{ afterYears: 0, fraction: 1 }, ...[...points].sort((a, b) => a.afterYears - b.afterYears)]));
  if (years >= pts.at(-1)!.afterYears) return pts.at(-1)!.fraction;
  const i = pts.findIndex((p) => p.afterYears > years);
  const a = pts[i - 1]!;
  const b = pts[i]!;
  return a.fraction + ((b.fraction - a.fraction) * (years - a.afterYears)) / (b.afterYears - a.afterYears);
}

/**
 * Power per month: (GPUs × TDP × utilisation + nodes × host W) × PUE × 730 h × $/kWh. Idle GPUs are counted at 0 W
 * beyond the host, a slight under-estimate (an idle H100 draws ~70-100 W). Worked example: 8 GPUs × 700 W × 50%
 * + 1 × 600 W = 3.4 kW IT × 1.58 × 730 h × $0.10 = $392.18/month.
 */
export function powerUsdPerMonth(gpus: number, tdpWatts: number, utilisation: number, nodes: number, hostWatts: number, pue: number, usdPerKwh: number): number {
  const itKw = (gpus * tdpWatts * utilisation + nodes * hostWatts) / 1000;
  return assertFinite('power cost', itKw * pue * HOURS_PER_MONTH * usdPerKwh);
}

function need(name: string, s: Sourced, prices: Omit<PriceUsed, 'ageDays'>[], unit: string): number | string {
  if (s.value === null) return `${name}: ${s.reason}`;
  prices.push({ what: name, value: s.value, unit, source: s.source, readOn: s.readOn });
  return s.value;
}

export function priceOnprem(plan: CapacityPlan, inp: OnpremInputs, factors: readonly number[], m: TcoMultipliers, facility: 'own' | 'colo'): OnpremPriced {
  const prices: Omit<PriceUsed, 'ageDays'>[] = [];
  const notes: string[] = [];
  const g = plan.gpuId;
  // The host follows the GPU's form factor (onprem.yaml serverTypes): a PCIe card goes in a PCIe server, an SXM
  // module on an 8-GPU baseboard; the cluster fabric is priced per server by the ports it takes.
  const st = inp.serverTypeByGpu[g];
  if (!st) return { ok: false, reason: `no host server type for ${g} in onprem.yaml serverTypes (none lists its form factor)` };
  const card = inp.cardUsd[g];
  const server = inp.servers[g];
  const wholeNodes = !(card && card.value !== null) && !!server && server.systemUsd.value !== null;
  const slots = wholeNodes ? server!.gpuCount : st.gpusPerServer;
  if (plan.gpusPerReplica > slots) return { ok: false, reason: `a replica needs ${plan.gpusPerReplica} GPUs; a ${wholeNodes ? `${slots}-GPU system` : st.label} holds ${slots}` };
  const perServer = usableGpusPerServer(slots, plan.gpusPerReplica);
  // Per-GPU capex and per-server capex: cards + a host server, or whole systems when only those are priced.
  let perGpuUsd: number;
  let perNodeUsd: number;
  const net = need(`networking per server (${st.id})`, st.networkingUsdPerServer, prices, 'USD');
  if (typeof net === 'string') return { ok: false, reason: net };
  if (!wholeNodes && card && card.value !== null) {
    perGpuUsd = need(`${g} card`, card, prices, 'USD') as number;
    const host = need(`host server (${st.id}, no GPUs)`, st.hostUsdPerServer, prices, 'USD');
    if (typeof host === 'string') return { ok: false, reason: host };
    perNodeUsd = host + net;
  } else if (wholeNodes) {
    const sys = need(`${g} ${server!.gpuCount}-GPU system`, server!.systemUsd, prices, 'USD') as number;
    perGpuUsd = sys / server!.gpuCount;
    perNodeUsd = net;
  } else {
    return { ok: false, reason: `no purchase price for ${g}: ${card && card.value === null ? card.reason : 'not in onprem.yaml'}` };
  }
  if (inp.storageUsdPerNode.value !== null) perNodeUsd += need('storage per node', inp.storageUsdPerNode, prices, 'USD') as number;
  else notes.push(`storage not included: ${inp.storageUsdPerNode.reason}`);
  perGpuUsd *= m.gpuPurchasePrice;
  const values: Record<string, number> = {};
  for (const [key, label, s, unit] of [
    ['tdp', `${g} TDP`, inp.gpuTdpWatts[g] ?? { value: null, reason: `no TDP for ${g}` }, 'W'],
    ['host', 'host power per server', inp.hostPowerWattsPerServer, 'W'],
    ['pue', 'PUE', inp.pue, ''],
    ['kwh', 'electricity', inp.usdPerKwh, 'USD/kWh'],
    ['years', 'depreciation', inp.depreciationYears, 'years'],
    ['staff', 'staff per GPU-year', inp.staffUsdPerGpuYear, 'USD/GPU-year'],
    ['support', 'support per year', inp.supportFractionOfCapexPerYear, 'fraction of capex'],
    ...(facility === 'colo' ? [['colo', 'colocation', inp.colocationUsdPerKwMonth, 'USD/kW-month'] as const] : []),
  ] as const) {
    const v = need(label, s, prices, unit);
    if (typeof v === 'string') return { ok: false, reason: v };
    values[key] = v;
  }
  const [tdp, host, pue, kwh, years, staff, support] = ['tdp', 'host', 'pue', 'kwh', 'years', 'staff', 'support'].map((k) => values[k]!) as [number, number, number, number, number, number, number];
  const colo = values.colo ?? 0;

  const months: OnpremMonth[] = [];
  const purchases: { month: number; usd: number }[] = [];
  let gpusOwned = 0;
  // Months without growth share one factor: compute the curve statistics once per factor.
  const perFactor = new Map<number, { peak: number; busyGpus: number }>();
  const stats = (f: number) => {
    let v = perFactor.get(f);
    if (!v) {
      // scaledReplicas' peak and busyReplicas' sum as one loop: the same numbers in the same order, without two
      // 168-hour arrays per factor (the search's on-prem bound prices hundreds of curves × the horizon's factors).
      let peak = Number.NEGATIVE_INFINITY;
      let busy = 0;
      for (const h of plan.hourly) {
        peak = Math.max(peak, scaledLoad(h.replicasForLoad, f) + (h.replicas - h.replicasForLoad));
        busy += busyInHour(plan, h, f);
      }
      v = { peak, busyGpus: (busy * plan.gpusPerReplica) / plan.hourly.length };
      perFactor.set(f, v);
    }
    return v;
  };
  // GPUs the user already owns (scenario pricing.ownedGpus) come with their nodes: only what exceeds them is bought.
  const alreadyOwned = inp.ownedGpus?.[g] ?? 0;
  const paidGpus = (n: number) => Math.max(0, n - alreadyOwned);
  const paidNodes = (n: number) => Math.max(0, n - Math.ceil(alreadyOwned / perServer));
  if (alreadyOwned > 0) notes.push(`${alreadyOwned} ${g} already owned (yours: scenario pricing.ownedGpus): no purchase for them or their nodes; power, space, staff still count`);
  // Running sums instead of re-adding every purchase each month (quadratic in the horizon; most of recommend's time
  // on a growing 120-month scenario). Same additions in the same order, so the same figures to the last bit; the
  // depreciating sum is re-added only when a purchase leaves the depreciation life.
  // GPUs the replicas use (the peak so far): servers are counted from them, so a server whose free slots no replica
  // fits in is not filled. With whole systems every GPU of a system is bought.
  let gpusUsed = 0;
  let nodesOwned = 0;
  let capexSoFar = 0;
  let depreciating = 0;
  let firstDepreciating = 0;
  for (const [i, f] of factors.entries()) {
    gpusUsed = Math.max(gpusUsed, stats(f).peak * plan.gpusPerReplica);
    const nodesBefore = nodesOwned;
    const nodes = Math.ceil(gpusUsed / perServer);
    const gpus = wholeNodes ? nodes * slots : gpusUsed;
    nodesOwned = nodes;
    const purchaseUsd = (paidGpus(gpus) - paidGpus(gpusOwned)) * perGpuUsd + (paidNodes(nodes) - paidNodes(nodesBefore)) * perNodeUsd * (wholeNodes ? 1 : m.gpuPurchasePrice);
    if (purchaseUsd > 0) {
      purchases.push({ month: i, usd: purchaseUsd });
      capexSoFar += purchaseUsd;
      depreciating += purchaseUsd;
    }
    if (i - (purchases[firstDepreciating]?.month ?? i) >= years * 12) {
      while (firstDepreciating < purchases.length && i - purchases[firstDepreciating]!.month >= years * 12) firstDepreciating++;
      depreciating = purchases.slice(firstDepreciating).reduce((a, p) => a + p.usd, 0);
    }
    gpusOwned = gpus;
    const busyGpus = stats(f).busyGpus;
    const utilisation = gpus > 0 ? Math.min(1, busyGpus / gpus) : 0;
    months.push({
      gpus, nodes, purchaseUsd,
      // Straight-line over the depreciation life, for as long as the horizon lasts.
      depreciationUsd: depreciating / (years * 12),
      powerUsd: powerUsdPerMonth(gpus, tdp, utilisation, nodes, host, pue, kwh * m.electricity),
      colocationUsd: ((gpus * tdp + nodes * host) / 1000) * colo,
      staffUsd: (gpus * staff * m.staff) / 12,
      supportUsd: (capexSoFar * support) / 12,
      utilisation,
    });
  }
  const horizon = factors.length;
  const residualUsd = purchases.reduce((a, p) => a + p.usd * residualFraction(inp.residual, (horizon - p.month) / 12), 0);
  prices.push({ what: 'residual value curve', value: residualFraction(inp.residual, horizon / 12), unit: `fraction after ${horizon} months`, source: inp.residualSource, readOn: null });
  return { ok: true, result: { months, server: { id: st.id, label: st.label, gpusPerServer: slots, usableGpusPerServer: perServer }, capexUsd: purchases.reduce((a, p) => a + p.usd, 0), residualUsd, prices, notes } };
}
