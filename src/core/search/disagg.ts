// `recommend --compare-disagg`: for every variant the search planned exactly, its disaggregated deployment on the
// same GPU (core/capacity/disagg-plan.ts), priced as two pools (a prefill plan and a decode plan, each an ordinary
// capacity plan) on the same cloud offer or purchase and summed. The candidates join the aggregated ones in one
// ranking: the cheaper of the two wins the (kind, model, GPU) group.
import { planInputOf } from '../capacity/scenario.ts';
import { planDisagg, type DisaggPlan } from '../capacity/disagg-plan.ts';
import type { CapacityPlan } from '../capacity/types.ts';
import { evaluateOptions } from '../cost/options.ts';
import { BASE_MULTIPLIERS, type TcoOption } from '../cost/types.ts';
import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../units.ts';
import type { Candidate, EvaluatedPlan, Rejection, SearchInput } from './types.ts';

/** One pool of a disaggregated plan as a capacity plan: its instances are the replicas, its TP their GPUs. */
export function poolPlan(base: CapacityPlan, d: DisaggPlan, pool: 'prefill' | 'decode'): CapacityPlan {
  const p = d[pool]!;
  const tp = p.tensorParallel;
  const cap = p.instanceCapacityRequestsPerSecond;
  const hourly = d.hourly.map((h) => {
    const n = pool === 'prefill' ? h.prefillInstances : h.decodeInstances;
    const forLoad = pool === 'prefill' ? h.prefillInstancesForLoad : h.decodeInstancesForLoad;
    return { hourOfWeek: h.hourOfWeek, arrivalRequestsPerSecond: h.arrivalRequestsPerSecond, replicasForLoad: forLoad, replicas: n, gpus: n * tp, utilisation: forLoad > 0 ? Math.min(1, h.arrivalRequestsPerSecond / (forLoad * cap)) : 0 };
  });
  const gpuHours = hourly.reduce((s, h) => s + h.gpus, 0) * (HOURS_PER_MONTH / HOURS_PER_WEEK);
  const baseGpus = p.minInstances * tp;
  return {
    ...base,
    tensorParallel: tp,
    gpusPerReplica: tp,
    replicaCapacityRequestsPerSecond: cap,
    replicaOutputTokensPerSecond: pool === 'decode' ? cap * (base.replicaOutputTokensPerSecond / Math.max(base.replicaCapacityRequestsPerSecond, 1e-12)) : 0,
    hourly,
    peakReplicas: p.peakInstances,
    minReplicas: p.minInstances,
    redundancyReplicas: p.redundancyInstances,
    baseGpus,
    gpuHoursPerMonth: gpuHours,
    baseGpuHoursPerMonth: baseGpus * HOURS_PER_MONTH,
    variableGpuHoursPerMonth: gpuHours - baseGpus * HOURS_PER_MONTH,
    binding: p.binding,
  };
}

const sumOrNull = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/** The two pools' prices on the same offer and purchase, as one option. */
export function mergePools(p: TcoOption, d: TcoOption, label: string): TcoOption {
  const seen = new Set<string>();
  return {
    ...p,
    id: `${p.id}:disagg`,
    label,
    eligible: p.eligible && d.eligible,
    ineligibleReason: p.ineligibleReason ?? d.ineligibleReason,
    missingPriceReason: p.missingPriceReason ?? d.missingPriceReason,
    monthlyCostUsd: sumOrNull(p.monthlyCostUsd, d.monthlyCostUsd),
    peakMonthlyOperatingUsd: sumOrNull(p.peakMonthlyOperatingUsd, d.peakMonthlyOperatingUsd),
    capitalUsd: sumOrNull(p.capitalUsd, d.capitalUsd),
    totalCostUsd: sumOrNull(p.totalCostUsd, d.totalCostUsd),
    costPerRequestUsd: sumOrNull(p.costPerRequestUsd, d.costPerRequestUsd),
    costPerMillionTokensUsd: sumOrNull(p.costPerMillionTokensUsd, d.costPerMillionTokensUsd),
    cumulativeCashUsd: p.cumulativeCashUsd && d.cumulativeCashUsd ? p.cumulativeCashUsd.map((x, i) => x + (d.cumulativeCashUsd![i] ?? 0)) : null,
    breakdown: [...p.breakdown.map((b) => ({ ...b, item: `prefill pool: ${b.item}` })), ...d.breakdown.map((b) => ({ ...b, item: `decode pool: ${b.item}` }))],
    prices: [...p.prices, ...d.prices].filter((x) => (seen.has(x.what) ? false : (seen.add(x.what), true))),
    notes: [...p.notes.map((n) => `prefill pool: ${n}`), ...d.notes.map((n) => `decode pool: ${n}`)],
    interruptible: p.interruptible || d.interruptible,
    peakGpus: sumOrNull(p.peakGpus, d.peakGpus),
  };
}

function rejectionOf(d: DisaggPlan, what: string): Rejection {
  const reason = d.infeasibleReason ?? '';
  const code = /does not fit/.test(reason) ? 'DOES_NOT_FIT' : /TTFT/.test(reason) ? 'TTFT_P95_MISSED' : /TPOT/.test(reason) ? 'TPOT_P95_MISSED' : /no speed prediction/.test(reason) ? 'NO_SPEED_DATA' : 'DEADLINE_MISSED';
  return { code, what, kind: 'self-hosted', args: { reason } };
}

/**
 * Disaggregated candidates of the variants the search planned: each priced on every cloud offer and purchase the
 * aggregated plan was (both pools on the same offer), and on-prem. `toCandidate` is the search's own conversion.
 */
export function disaggCandidates(input: SearchInput, evaluated: readonly EvaluatedPlan[], toCandidate: (o: TcoOption, e: EvaluatedPlan) => Candidate): { candidates: Candidate[]; rejections: Rejection[] } {
  const candidates: Candidate[] = [];
  const rejections: Rejection[] = [];
  if (input.planning.kind === 'embedding') return { candidates, rejections };
  for (const e of evaluated) {
    const sv = e.serving;
    const model = input.models.find((m) => m.id === sv.modelId)!;
    const gpu = input.gpus.find((g) => g.id === sv.gpuId)!;
    const engine = input.engines.find((x) => x.id === sv.engine)!;
    const what = `${sv.modelId} ${sv.weights}/kv-${sv.kvDtype} on ${sv.gpuId} (${sv.engine}), disaggregated`;
    // The aggregated plan is `e` already: only the disaggregated one is planned (the variant's format ran there).
    const d = planDisagg(planInputOf(input.planning, { engine, efficiency: input.efficiency }, model, gpu, sv.weights, sv.kvDtype));
    if (!d.feasible) {
      rejections.push(rejectionOf(d, what));
      continue;
    }
    const prefill = poolPlan(e.plan, d, 'prefill');
    const decode = poolPlan(e.plan, d, 'decode');
    const price = (plan: CapacityPlan) => evaluateOptions({ ...input.tco, plans: [plan], apiPrices: [] }, BASE_MULTIPLIERS).options;
    const decodeById = new Map(price(decode).map((o) => [o.id, o]));
    const shape = `prefill ${d.prefill!.peakInstances} × TP${d.prefill!.tensorParallel} + decode ${d.decode!.peakInstances} × TP${d.decode!.tensorParallel} at the peak`;
    const disagg = { prefillPeakInstances: d.prefill!.peakInstances, prefillTensorParallel: d.prefill!.tensorParallel, decodePeakInstances: d.decode!.peakInstances, decodeTensorParallel: d.decode!.tensorParallel, kvTransferSeconds: d.kvTransfer!.seconds, pairRequestsPerSecond: Math.min(d.prefill!.instanceCapacityRequestsPerSecond, d.decode!.instanceCapacityRequestsPerSecond) };
    const ev: EvaluatedPlan = { ...e, serving: { ...sv, tensorParallel: d.decode!.tensorParallel }, predicted: d.atCapacityP95 };
    for (const p of price(prefill)) {
      const dd = decodeById.get(p.id);
      if (!dd || !p.eligible || !dd.eligible || p.totalCostUsd === null || dd.totalCostUsd === null) continue;
      const c = toCandidate(mergePools(p, dd, p.label), ev);
      c.baseGpus = d.baseGpus;
      c.peakGpus = d.peakGpus;
      c.disaggregated = disagg;
      c.notes = [`disaggregated prefill/decode (${shape}); KV transfer ${(d.kvTransfer!.seconds * 1000).toFixed(2)} ms over ${d.kvTransfer!.path === 'nvlink' ? 'NVLink' : 'PCIe'}; extrapolated: no disaggregated measurement is calibrated (docs/disaggregated.md)`, ...c.notes];
      candidates.push(c);
    }
  }
  return { candidates, rejections };
}
