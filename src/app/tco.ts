// `tco`: the scenario's capacity plans priced as hosted API, cloud GPUs and on-prem over the horizon, with dated
// prices loaded once (catalogs/*.yaml, @pydantic/genai-prices) and handed to the pure core (core/cost/tco.ts).
import type { Catalog } from '../catalog/load.ts';
import type { OnpremCatalog } from '../catalog/price-schema.ts';
import type { SourcedNumber } from '../catalog/schema.ts';
import type { CapacityPlan } from '../core/capacity/types.ts';
import type { KvDtype, WeightFormat } from '../core/memory/precision.ts';
import { computeTco, type OnpremInputs, type Sourced, type TcoApiPrice, type TcoInput, type TcoOffer, type TcoResult } from '../core/cost/tco.ts';
import { InputError } from '../errors.ts';
import type { Scenario } from '../scenario/types.ts';
import { parseAsOf } from './as-of.ts';
import type { RunContext } from './context.ts';
import { computePlans } from './plan.ts';
import { checkHorizonFlag } from './scenario.ts';

export interface TcoQuery {
  scenario?: string;
  horizonMonths?: number;
  asOf?: string;
  maxPriceAgeDays: number;
  facility: 'own' | 'colo';
  catalogDir?: string[];
  gpu?: string;
  engine?: string;
  weights?: WeightFormat;
  kvDtype?: KvDtype;
  calibration?: string;
}

export interface TcoOutcome {
  scenario: Scenario;
  catalog: Catalog;
  result: TcoResult;
}

export async function computeTcoForScenario(q: TcoQuery, ctx: RunContext): Promise<TcoOutcome> {
  if (!q.scenario) throw new InputError([{ path: '--scenario', message: 'a scenario file is required', hint: 'e.g. --scenario scenarios/chatbot.yaml' }]);
  const asOf = parseAsOf(q.asOf);
  const r = await computePlans(
    { scenario: q.scenario, gpu: q.gpu, engine: q.engine ?? 'vllm', weights: q.weights, kvDtype: q.kvDtype ?? 'bf16', calibration: q.calibration, catalogDir: q.catalogDir },
    ctx,
  );
  checkHorizonFlag(r.scenario, q.horizonMonths);
  // Options that cannot run at all (a format the GPU lacks) are not priced; infeasible plans are shown as excluded.
  const plans = r.plans.filter((p) => !p.skipped).map((p) => p.plan);
  const result = await priceScenario(q, ctx, r.scenario, plans, r.catalog, asOf);
  return { scenario: r.scenario, catalog: r.catalog, result };
}

export interface ScenarioPrices {
  apiPrices: TcoApiPrice[];
  offers: TcoOffer[];
  onprem: OnpremInputs;
}

/** Every price a scenario can use, as of a date: its API models, the cloud offers, the on-prem inputs. */
export async function loadScenarioPrices(ctx: RunContext, scenario: Scenario, catalog: Catalog, asOf: string): Promise<ScenarioPrices> {
  const { loadPriceCatalogs } = await import('../catalog/prices.ts');
  const prices = loadPriceCatalogs(catalog.dirs, catalog.gpus.map((g) => g.id), asOf);
  if (prices.overridden.length) ctx.stderr.write(`note: user price catalog replaces ${prices.overridden.join(', ')}\n`);
  const apiPrices: TcoApiPrice[] = [];
  if (scenario.api.length) {
    const { lookupApiPrice } = await import('../catalog/api-prices.ts');
    for (const a of scenario.api) apiPrices.push(await lookupApiPrice(a.provider, a.model, new Date(`${asOf}T00:00:00Z`), { extras: prices.apiExtras }));
  }
  return { apiPrices, offers: prices.offers, onprem: onpremInputs(prices.onprem, catalog) };
}

export interface TcoSettings {
  horizonMonths?: number;
  maxPriceAgeDays: number;
  facility: 'own' | 'colo';
}

/** The pure core's input: the scenario's workload, budget, horizon and constraints, the plans and the prices. */
export function tcoInput(scenario: Scenario, plans: CapacityPlan[], prices: ScenarioPrices, asOf: string, s: TcoSettings): TcoInput {
  return {
    scenario: {
      name: scenario.name, kind: scenario.kind, workload: { ...scenario.workload, oneTimeInputTokens: scenario.workload.embedding?.corpusTokens ?? 0 }, budget: scenario.budget,
      horizon: { months: s.horizonMonths ?? scenario.horizon.months, monthlyGrowthRate: scenario.horizon.monthlyGrowthRate }, constraints: scenario.constraints,
      availability: scenario.targets.availability,
    },
    plans, apiPrices: prices.apiPrices, offers: prices.offers, onprem: prices.onprem, asOf, maxPriceAgeDays: s.maxPriceAgeDays, facility: s.facility,
  };
}

/** Everything after planning; tests drive it with factory plans. */
export async function priceScenario(q: TcoSettings, ctx: RunContext, scenario: Scenario, plans: CapacityPlan[], catalog: Catalog, asOf: string): Promise<TcoResult> {
  const prices = await loadScenarioPrices(ctx, scenario, catalog, asOf);
  return computeTco(tcoInput(scenario, plans, prices, asOf, q));
}

const fromSourced = (n: SourcedNumber | undefined, what: string): Sourced =>
  !n ? { value: null, reason: `${what}: not in the catalog` }
    : n.value === null ? { value: null, reason: n.reason ?? 'unknown' }
      : { value: n.value, source: n.source ?? 'unknown', readOn: n.readOn ?? null, ...(n.note ? { note: n.note } : {}) };

type RangeOrUnknown = { low: SourcedNumber; high: SourcedNumber } | { value: null; reason: string };
/** Midpoint of a catalog range, dated by its older end (so the age is never understated). */
function midpoint(r: RangeOrUnknown, what: string): Sourced {
  if (!('low' in r)) return { value: null, reason: r.reason };
  const lo = fromSourced(r.low, what);
  const hi = fromSourced(r.high, what);
  if (lo.value === null || hi.value === null) return lo.value === null ? lo : hi;
  const readOn = [lo.readOn, hi.readOn].filter((d): d is string => d !== null).sort()[0] ?? null;
  return { value: (lo.value + hi.value) / 2, source: lo.source, readOn, note: `midpoint of ${lo.value}..${hi.value}` };
}

export function onpremInputs(c: OnpremCatalog, catalog: Catalog): OnpremInputs {
  const byId = <T extends { id: string }>(list: T[], id: string) => list.find((x) => x.id === id) ?? list[0];
  const staff = c.staff;
  const num = (x: typeof staff.wageUsdPerYear | typeof staff.gpusPerFte) => x.value;
  const [wage, loaded, perFte] = [num(staff.wageUsdPerYear), num(staff.loadedCostMultiplier), num(staff.gpusPerFte)];
  const staffSource = [staff.wageUsdPerYear, staff.loadedCostMultiplier, staff.gpusPerFte]
    .map((x) => ('assumption' in x ? `assumption: ${x.reason}` : x.source ?? '')).join('; ');
  return {
    cardUsd: Object.fromEntries(c.gpuPurchase.map((g) => [g.gpuId, midpoint(g.cardUsd, `${g.gpuId} card`)])),
    servers: Object.fromEntries(c.servers.map((s) => [s.gpuId, { gpuCount: s.gpuCount, systemUsd: fromSourced(s.systemUsd, s.id) }]).reverse()),
    hostServerUsdPer8GpuNode: fromSourced(c.hostServerUsdPer8GpuNode, 'host server'),
    networkingUsdPerNode: fromSourced(c.networkingUsdPerNode, 'networking'),
    storageUsdPerNode: fromSourced(c.storageUsdPerNode, 'storage'),
    hostPowerWattsPerServer: fromSourced(c.hostPowerWattsPerServer, 'host power'),
    gpuTdpWatts: Object.fromEntries(catalog.gpus.map((g) => [g.id, g.tdpWatts === null ? { value: null, reason: `no TDP for ${g.id} in gpus.yaml` } : { value: g.tdpWatts, source: g.source, readOn: g.readOn }])),
    pue: fromSourced(byId(c.pue, c.defaultPueId)?.value, 'PUE'),
    usdPerKwh: fromSourced(byId(c.electricity, c.defaultElectricityId)?.usdPerKwh, 'electricity'),
    colocationUsdPerKwMonth: fromSourced(c.colocation[0]?.usdPerKwMonth, 'colocation'),
    depreciationYears: fromSourced(c.depreciation.defaultYears, 'depreciation'),
    staffUsdPerGpuYear: wage === null || loaded === null || perFte === null || perFte === 0
      ? { value: null, reason: 'staff wage, loaded-cost multiplier or GPUs per FTE unknown' }
      : { value: (wage * loaded) / perFte, source: staffSource, readOn: staff.wageUsdPerYear.readOn ?? null, note: `${wage} × ${loaded} / ${perFte} GPUs per FTE` },
    supportFractionOfCapexPerYear: midpoint(c.supportFractionOfCapexPerYear, 'support'),
    residual: c.residualFraction.flatMap((r) => {
      const m = midpoint(r.fraction, 'residual');
      return m.value === null ? [] : [{ afterYears: r.afterYears, fraction: m.value }];
    }),
    residualSource: c.residualFraction.map((r) => ('low' in r.fraction ? r.fraction.low.source : r.fraction.reason)).join('; '),
  };
}
