// Build every priced option of a scenario (API models, cloud offers × plans, on-prem × plans) under one set of
// what-if multipliers. Pure: the same input gives the same options, which is what makes --as-of reproducible.
import type { CapacityPlan } from '../capacity/types.ts';
import { regionAllowed } from './regions.ts';
import { priceApiMonth } from './api.ts';
import { knownHourly, priceCloudMonths, replicasPerInstance, type CloudMonths } from './cloud.ts';
import { priceOnprem } from './onprem.ts';
import type { ApiProcessing, Exclusion, HourlyPriceIn, PriceUsed, TcoEvaluation, TcoInput, TcoMultipliers, TcoOffer, TcoOption } from './types.ts';
import { TOKENS_PER_MTOK } from '../units.ts';

const DAY_MS = 86_400_000;
export function ageDays(readOn: string | null, asOf: string): number | null {
  return readOn === null ? null : Math.round((Date.parse(asOf) - Date.parse(readOn)) / DAY_MS);
}

const offersByGpu = new WeakMap<readonly TcoOffer[], Map<string, TcoOffer[]>>();
/**
 * The offers of one GPU type, in catalog order, grouped once per offer list: the break-even and sensitivity searches
 * price a few options many times, and scanning every offer for every plan on each probe was most of `tco`'s time.
 */
function offersOfGpu(offers: readonly TcoOffer[], gpuId: string): readonly TcoOffer[] {
  let byGpu = offersByGpu.get(offers);
  if (!byGpu) {
    byGpu = new Map();
    for (const o of offers) {
      const list = byGpu.get(o.gpuId);
      if (list) list.push(o);
      else byGpu.set(o.gpuId, [o]);
    }
    offersByGpu.set(offers, byGpu);
  }
  return byGpu.get(gpuId) ?? [];
}

/**
 * The (model, offer) pairs whose on-demand or spot option `ids` names (`cloud:<model>:<offer>:on-demand|spot`), read
 * against the plans' model ids so that an id with colons in it is still read right.
 */
function cloudPairsOf(ids: ReadonlySet<string>, plans: readonly { modelId: string }[]): { models: Set<string>; pairs: Set<string> } {
  const models = new Set<string>();
  const pairs = new Set<string>();
  for (const id of ids) {
    if (!id.startsWith('cloud:')) continue;
    const suffix = id.endsWith(':on-demand') ? ':on-demand' : id.endsWith(':spot') ? ':spot' : null;
    if (!suffix) continue;
    const pair = id.slice('cloud:'.length, id.length - suffix.length);
    for (const p of plans) {
      if (pair.startsWith(`${p.modelId}:`)) {
        models.add(p.modelId);
        pairs.add(pair);
      }
    }
  }
  return { models, pairs };
}

export interface EvaluateOptions {
  /** Months to price (default: the scenario's horizon). */
  months?: number;
  /** Price only these option ids (break-even search). */
  ids?: ReadonlySet<string>;
}

interface Series {
  cashByMonth: number[];
  operatingByMonth: number[];
  residualUsd: number;
  capitalUsd: number;
  firstMonthUsd: number;
}

function finish(base: Omit<TcoOption, 'monthlyCostUsd' | 'peakMonthlyOperatingUsd' | 'capitalUsd' | 'totalCostUsd' | 'costPerRequestUsd' | 'costPerMillionTokensUsd' | 'cumulativeCashUsd'>, s: Series | null, volume: { requests: number; mtok: number }): TcoOption {
  if (!s) return { ...base, monthlyCostUsd: null, peakMonthlyOperatingUsd: null, capitalUsd: null, totalCostUsd: null, costPerRequestUsd: null, costPerMillionTokensUsd: null, cumulativeCashUsd: null };
  let run = 0;
  const cumulativeCashUsd = s.cashByMonth.map((c) => (run += c));
  const total = run - s.residualUsd;
  return {
    ...base,
    monthlyCostUsd: s.firstMonthUsd,
    peakMonthlyOperatingUsd: Math.max(...s.operatingByMonth),
    capitalUsd: s.capitalUsd,
    totalCostUsd: total,
    costPerRequestUsd: volume.requests > 0 ? total / volume.requests : null,
    costPerMillionTokensUsd: volume.mtok > 0 ? total / volume.mtok : null,
    cumulativeCashUsd,
  };
}

const priceUsed = (what: string, p: Extract<HourlyPriceIn, { usdPerHour: number }>, factor: number, asOf: string): PriceUsed =>
  ({ what, value: p.usdPerHour * factor, unit: 'USD/instance-hour', source: p.source, readOn: p.readOn, ageDays: ageDays(p.readOn, asOf) });

export function evaluateOptions(input: TcoInput, m: TcoMultipliers, opts: EvaluateOptions = {}): TcoEvaluation {
  const { scenario: s, asOf } = input;
  const horizon = opts.months ?? s.horizon.months;
  const growth = Array.from({ length: horizon }, (_, i) => m.traffic * (1 + s.horizon.monthlyGrowthRate) ** i);
  const selfFactors = growth.map((g) => g / m.replicaThroughput);
  const sumGrowth = growth.reduce((a, b) => a + b, 0);
  const volume = { requests: s.workload.requestsPerMonth * sumGrowth, mtok: ((s.workload.inputTokensPerMonth + s.workload.outputTokensPerMonth) * sumGrowth) / TOKENS_PER_MTOK };
  const want = (id: string) => !opts.ids || opts.ids.has(id);
  const wantedCloud = opts.ids ? cloudPairsOf(opts.ids, input.plans) : null;
  const options: TcoOption[] = [];
  const excluded: Exclusion[] = [];
  const c = s.constraints;

  // Hosted APIs
  if (c.onPremOnly && input.apiPrices.length) excluded.push({ what: 'hosted APIs', reason: 'constraints.onPremOnly' });
  else for (const p of input.apiPrices) {
    const id = `api:${p.provider}/${p.model}`;
    if (!want(id)) continue;
    const where = p.kind === 'price' ? apiResidency(p.provider, p.processing ?? null, c.regions) : { code: null, reason: null, note: null };
    const base = { id, kind: 'api' as const, label: `${p.provider} ${p.model}`, model: `${p.provider}/${p.model}`, gpuId: null, offerId: null, eligible: where.code === null, ineligibleReason: where.reason, ineligibleCode: where.code, interruptible: false, peakGpus: null  };
    if (p.kind === 'missing') {
      options.push(finish({ ...base, purchase: 'per-token', missingPriceReason: p.reason, breakdown: [], prices: [], notes: [] }, null, volume));
      continue;
    }
    const first = priceApiMonth(p, s, growth[0]!, m.apiPrice);
    const cash = growth.map((g) => priceApiMonth(p, s, g, m.apiPrice).totalUsd);
    // The corpus pass is offline work: through the batch API where the provider has one.
    const corpusBatch = s.kind !== 'batch' && p.batchMultiplier !== null ? p.batchMultiplier : 1;
    const oneTime = ((s.workload.oneTimeInputTokens ?? 0) / TOKENS_PER_MTOK) * first.rates.inputUsdPerMTok * corpusBatch;
    if (oneTime > 0) {
      cash[0]! += oneTime;
      first.notes.push(`one-time ${Math.round(s.workload.oneTimeInputTokens! / 1e6)}M input tokens (corpus pass) in month 1${corpusBatch !== 1 ? ` through the batch API (×${corpusBatch})` : ''}: ${oneTime.toFixed(2)} USD`);
    }
    const prices: PriceUsed[] = [
      { what: 'input', value: first.rates.inputUsdPerMTok, unit: 'USD/MTok', source: p.source, readOn: p.dataDate, ageDays: ageDays(p.dataDate, asOf) },
      { what: 'output', value: first.rates.outputUsdPerMTok, unit: 'USD/MTok', source: p.source, readOn: p.dataDate, ageDays: ageDays(p.dataDate, asOf) },
    ];
    options.push(finish(
      { ...base, purchase: first.batchApplied ? 'batch per-token' : 'per-token', missingPriceReason: null, breakdown: first.breakdown, prices, notes: where.note ? [...first.notes, where.note] : first.notes },
      { cashByMonth: cash, operatingByMonth: cash, residualUsd: 0, capitalUsd: 0, firstMonthUsd: cash[0]! },
      volume,
    ));
  }

  const plans: CapacityPlan[] = [];
  for (const plan of input.plans) {
    if (c.allowedGpus.length && !c.allowedGpus.includes(plan.gpuId)) excluded.push({ what: `${plan.modelId} on ${plan.gpuId}`, reason: 'GPU not in constraints.allowedGpus' });
    else if (!plan.feasible) excluded.push({ what: `${plan.modelId} on ${plan.gpuId}`, reason: plan.infeasibleReason ?? 'does not meet the targets' });
    else plans.push(plan);
  }

  // Cloud GPUs
  if (c.onPremOnly) excluded.push({ what: 'cloud GPUs', reason: 'constraints.onPremOnly' });
  else for (const plan of plans) {
    // A probe of the break-even and sensitivity searches prices only its contenders: skip the rest before any work.
    if (wantedCloud && !wantedCloud.models.has(plan.modelId)) continue;
    for (const offer of offersOfGpu(input.offers, plan.gpuId)) {
      if (wantedCloud && !wantedCloud.pairs.has(`${plan.modelId}:${offer.id}`)) continue;
      if (!regionAllowed(offer.region, c.regions)) {
        excluded.push({ what: offer.id, reason: `region ${offer.region} is outside constraints.regions (${c.regions.join(', ')})` });
        continue;
      }
      if (replicasPerInstance(offer.gpuCount, plan.gpusPerReplica) === 0) {
        excluded.push({ what: `${plan.modelId} on ${offer.id}`, reason: `a replica needs ${plan.gpusPerReplica} GPUs; the instance has ${offer.gpuCount}` });
        continue;
      }
      options.push(...cloudOptions(input, plan, offer, m, selfFactors, volume, want));
    }
  }

  // On-prem
  if (input.onprem) for (const plan of plans) {
    const id = `onprem:${plan.modelId}:${plan.gpuId}`;
    if (!want(id)) continue;
    const base = { id, kind: 'onprem' as const, label: `${plan.modelId} on own ${plan.gpuId}`, model: plan.modelId, gpuId: plan.gpuId, offerId: null, purchase: 'purchase', eligible: true, ineligibleReason: null, interruptible: false, peakGpus: null as number | null };
    const r = priceOnprem(plan, input.onprem, selfFactors, m, input.facility);
    if (!r.ok) {
      options.push(finish({ ...base, missingPriceReason: r.reason, breakdown: [], prices: [], notes: [] }, null, volume));
      continue;
    }
    const { months, residualUsd, capexUsd, prices, notes, server } = r.result;
    const opex = months.map((x) => x.powerUsd + x.colocationUsd + x.staffUsd + x.supportUsd);
    const m0 = months[0]!;
    options.push(finish(
      {
        ...base, peakGpus: Math.max(...months.map((x) => x.gpus)), missingPriceReason: null, prices: prices.map((p) => ({ ...p, ageDays: ageDays(p.readOn, asOf) })),
        notes: [...notes, `${m0.gpus} GPUs in ${m0.nodes} × ${server.id} (${server.label}; replicas fill ${server.usableGpusPerServer} of its ${server.gpusPerServer} GPUs), mean utilisation ${(m0.utilisation * 100).toFixed(0)}%; resale at the end of the horizon counted`],
        breakdown: [
          { item: 'depreciation', monthlyUsd: m0.depreciationUsd },
          { item: 'power × PUE', monthlyUsd: m0.powerUsd },
          ...(input.facility === 'colo' ? [{ item: 'colocation', monthlyUsd: m0.colocationUsd }] : []),
          { item: 'staff', monthlyUsd: m0.staffUsd },
          { item: 'support', monthlyUsd: m0.supportUsd },
        ],
      },
      { cashByMonth: months.map((x, i) => x.purchaseUsd + opex[i]!), operatingByMonth: opex, residualUsd, capitalUsd: capexUsd, firstMonthUsd: m0.depreciationUsd + opex[0]! },
      volume,
    ));
  }

  const priced = options.filter((o) => o.eligible && o.totalCostUsd !== null);
  const best = priced.sort((a, b) => a.totalCostUsd! - b.totalCostUsd!)[0];
  return { options, excluded, recommendedId: best?.id ?? null };
}

/**
 * A hosted API under `constraints.regions`: processed in the caller's endpoint region (Bedrock base models), so
 * eligible with a note; processed anywhere (the standard OpenAI API), not eligible; within jurisdictions, eligible
 * when the constraint names each of them; unrecorded, not eligible for want of data.
 */
export function apiResidency(provider: string, p: ApiProcessing | null, regions: readonly string[]): { code: 'REGION_NOT_ALLOWED' | 'DATA_RESIDENCY_UNKNOWN' | null; reason: string | null; note: string | null } {
  if (regions.length === 0) return { code: null, reason: null, note: null };
  if (!p) return { code: 'DATA_RESIDENCY_UNKNOWN', reason: `where ${provider} processes data is not recorded (catalogs/api-extras.yaml residency); constraints.regions is ${regions.join(', ')}`, note: null };
  if (p.kind === 'endpoint-region') return { code: null, reason: null, note: `call the endpoint in ${regions.join(' or ')}: ${p.notes ?? 'processed in the endpoint\'s region'} (${p.source})` };
  if (p.kind === 'global') return { code: 'REGION_NOT_ALLOWED', reason: `${provider} processes data on its global infrastructure, not only in ${regions.join(', ')} (${p.source})`, note: null };
  const allowed = new Set(regions.map((r) => r.toLowerCase()));
  return p.jurisdictions.every((j) => allowed.has(j))
    ? { code: null, reason: null, note: `processed in ${p.jurisdictions.join(', ')} (${p.source})` }
    : { code: 'REGION_NOT_ALLOWED', reason: `${provider} processes data in ${p.jurisdictions.join(', ')}, not only in ${regions.join(', ')} (${p.source})`, note: null };
}

function cloudOptions(
  input: TcoInput, plan: CapacityPlan, offer: TcoOffer, m: TcoMultipliers, factors: number[], volume: { requests: number; mtok: number }, want: (id: string) => boolean,
): TcoOption[] {
  const out: TcoOption[] = [];
  const horizon = factors.length;
  const f = m.cloudGpuPrice;
  const terms = ([['1y', offer.commit1y, 12], ['3y', offer.commit3y, 36]] as const).filter(([, p, months]) => knownHourly(p) && horizon >= months);
  const variants: { key: 'on-demand' | 'spot'; flex: HourlyPriceIn }[] = [{ key: 'on-demand', flex: offer.onDemand }];
  if ('low' in offer.spot && knownHourly(offer.spot.high)) variants.push({ key: 'spot', flex: offer.spot.high });
  for (const v of variants) {
    const id = `cloud:${plan.modelId}:${offer.id}:${v.key}`;
    if (!want(id)) continue;
    const interruptible = v.key === 'spot';
    // Anything serving users (interactive chat, embedding queries) or promising availability cannot sit on capacity
    // the provider reclaims at short notice; only batch work without an availability target may.
    const interactive = input.scenario.kind !== 'batch' || (input.scenario.availability ?? null) !== null;
    const base = {
      id, kind: 'cloud' as const, label: `${plan.modelId} on ${offer.instanceType} (${offer.provider} ${offer.region})`, model: plan.modelId, gpuId: plan.gpuId, offerId: offer.id,
      eligible: !(interruptible && interactive), ineligibleReason: interruptible && interactive ? 'spot capacity can be reclaimed at short notice: not counted as meeting a user-facing service\'s targets' : null,
      ineligibleCode: interruptible && interactive ? ('AVAILABILITY_MISSED' as const) : null,
      interruptible,
      peakGpus: null as number | null,
    };
    if (!knownHourly(v.flex)) {
      out.push(finish({ ...base, purchase: v.key, missingPriceReason: `no on-demand price: ${v.flex.reason}`, breakdown: [], prices: [], notes: [] }, null, volume));
      continue;
    }
    const flexUsd = v.flex.usdPerHour * f;
    let best: { term: string; price: Extract<HourlyPriceIn, { usdPerHour: number }> | null; r: CloudMonths } = { term: '', price: null, r: priceCloudMonths(plan, offer.gpuCount, flexUsd, null, factors) };
    for (const [term, p] of terms) {
      if (!knownHourly(p)) continue;
      const r = priceCloudMonths(plan, offer.gpuCount, flexUsd, p.usdPerHour * f, factors);
      if (r.totalUsd < best.r.totalUsd - 1e-9) best = { term, price: p, r };
    }
    const m0 = best.r.months[0]!;
    const flexName = v.key === 'spot' ? 'spot (high end of range)' : 'on-demand';
    const prices = [priceUsed(flexName, v.flex, f, input.asOf), ...(best.price ? [priceUsed(`${best.term} commitment`, best.price, f, input.asOf)] : [])];
    const notes = [
      `${m0.committed} of peak ${m0.peak} instance(s) committed${best.price ? ` (${best.term})` : ''}; mean ${m0.meanInstances.toFixed(2)} running; ${offer.gpuCount} GPU(s) per instance`,
      ...(interruptible ? [offer.interruptionNote] : []),
      ...(terms.length === 0 ? [`no commitment price usable over ${horizon} months: ${commitReason(offer)}`] : []),
    ];
    const cash = best.r.months.map((x) => x.monthlyUsd);
    // One-time work (embedding corpus pass) at the flexible rate per GPU-hour, in month 1.
    const oneTime = plan.oneTimeGpuHours * (flexUsd / offer.gpuCount);
    if (oneTime > 0) {
      cash[0]! += oneTime;
      notes.push(`one-time ${plan.oneTimeGpuHours.toFixed(1)} GPU-hours${plan.oneTimeNote ? ` (${plan.oneTimeNote})` : ''} in month 1`);
    }
    out.push(finish(
      {
        ...base, peakGpus: Math.max(...best.r.months.map((x) => x.peak)) * offer.gpuCount,
        purchase: best.price ? `${best.term} commit + ${v.key}` : v.key, missingPriceReason: null, prices, notes,
        breakdown: [...(m0.committed ? [{ item: `${m0.committed} committed instance(s)`, monthlyUsd: m0.committedUsdPerMonth }] : []), { item: `${flexName} instance-hours`, monthlyUsd: m0.flexUsdPerMonth }],
      },
      { cashByMonth: cash, operatingByMonth: cash, residualUsd: 0, capitalUsd: 0, firstMonthUsd: cash[0]! },
      volume,
    ));
  }
  return out;
}

function commitReason(o: TcoOffer): string {
  const r = (p: HourlyPriceIn) => (p.usdPerHour === null ? p.reason : 'term longer than the horizon');
  return `1y: ${r(o.commit1y)}`.slice(0, 160);
}
