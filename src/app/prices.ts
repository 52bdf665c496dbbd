// Every price a scenario can use, as of a date, loaded once: its hosted APIs (genai-prices + api-extras), the cloud
// offers and the on-prem inputs of the site, with the user's own figures (scenario `pricing:`) in place of the
// catalog's, each marked "yours" beside the figure it replaced.
import type { Catalog } from '../catalog/load.ts';
import type { OnpremCatalog } from '../catalog/price-schema.ts';
import type { SourcedNumber } from '../catalog/schema.ts';
import { jurisdictionOf } from '../core/cost/regions.ts';
import type { HostServerType, HourlyPriceIn, OnpremInputs, Sourced, TcoApiPrice, TcoOffer } from '../core/cost/types.ts';
import type { Scenario, UserPricing } from '../scenario/types.ts';
import { InputError, type InputProblem } from '../errors.ts';
import type { RunContext } from './context.ts';
import { weekHoursUtc } from './local-time.ts';

export interface ScenarioPrices {
  apiPrices: TcoApiPrice[];
  offers: TcoOffer[];
  onprem: OnpremInputs;
  /** The user's figures in use, each beside the catalog figure it replaced (shown once, marked "yours"). */
  yours: YourPrice[];
}

export interface YourPrice {
  /** The scenario key, e.g. `pricing.electricityUsdPerKWh`. */
  key: string;
  value: number;
  unit: string;
  /** What the catalog would have used, or null when it had nothing (the user's figure fills a gap). */
  catalogValue: number | null;
  catalogSource: string | null;
}

export async function loadScenarioPrices(ctx: RunContext, scenario: Scenario, catalog: Catalog, asOf: string): Promise<ScenarioPrices> {
  const { loadPriceCatalogs } = await import('../catalog/prices.ts');
  const prices = await loadPriceCatalogs(catalog.dirs, catalog.gpus.map((g) => g.id), asOf);
  if (prices.overridden.length) ctx.stderr.write(`note: user price catalog replaces ${prices.overridden.join(', ')}\n`);
  const yours: YourPrice[] = [];
  const apiPrices: TcoApiPrice[] = [];
  if (scenario.api.length) {
    const { lookupApiPrice } = await import('../catalog/api-prices.ts');
    const problems: InputProblem[] = [];
    for (const [i, a] of scenario.api.entries()) {
      const found = await lookupApiPrice(a.provider, a.model, new Date(`${asOf}T00:00:00Z`), { extras: prices.apiExtras, inputOnly: scenario.kind === 'embedding' });
      // No such model (or provider): a typo, exit 2 with a did-you-mean; a model without a price: a warning and an n/a row.
      if (found.kind === 'missing' && !found.known) {
        const path = `api.${i}.${found.noProvider ? 'provider' : 'model'}`;
        problems.push({ file: scenario.file, ...(scenario.positions?.[path] ?? {}), path, message: found.reason, hint: found.suggestions[0] ?? (found.noProvider ? 'see llmplan catalog api' : `see llmplan catalog api --provider ${a.provider}`) });
        continue;
      }
      if (found.kind === 'missing') ctx.stderr.write(`warning: ${a.provider}/${a.model} has no price: ${found.reason}; shown as n/a\n`);
      const p = discountApi(await atTimeOfDay(found, scenario, asOf), scenario.pricing, yours);
      const r = prices.apiExtras?.residency?.find((x) => x.provider === a.provider);
      apiPrices.push(p.kind === 'price' && r ? { ...p, processing: { kind: Array.isArray(r.processing) ? 'jurisdictions' : r.processing, jurisdictions: Array.isArray(r.processing) ? r.processing : [], source: r.source, readOn: r.readOn, notes: r.notes ?? null } } : p);
    }
    if (problems.length) throw new InputError(problems);
  }
  const offers = prices.offers.map((o) => discountOffer(o, scenario.pricing));
  for (const [p, d] of Object.entries(scenario.pricing.cloudDiscounts)) yours.push({ key: `pricing.cloudDiscounts.${p}`, value: d, unit: 'fraction off every price of the provider', catalogValue: 0, catalogSource: 'catalog list prices' });
  return { apiPrices, offers, onprem: onpremInputs(prices.onprem, catalog, scenario.pricing, siteOf(scenario), yours), yours };
}

/**
 * A price that depends on the hour (DeepSeek's off-peak window) priced hour by hour over the scenario's weekly
 * curve, in its time zone, and blended by the requests of each hour; the note shows the blend.
 */
async function atTimeOfDay(p: TcoApiPrice, scenario: Scenario, asOf: string): Promise<TcoApiPrice> {
  if (p.kind !== 'price' || !/^genai-prices/.test(p.source)) return p;
  const { blendTimeOfDay } = await import('../catalog/api-prices.ts');
  const b = await blendTimeOfDay(p.provider, p.model, () => weekHoursUtc(asOf, scenario.timezone), scenario.workload.hourlyRequestsPerSecond);
  if (!b) return p;
  const parts = b.parts.map((x) => `$${x.inputUsdPerMTok}/$${x.outputUsdPerMTok} for ${(x.share * 100).toFixed(0)}% of requests`).join(', ');
  const blend = `time-of-day prices (UTC windows) over this scenario's week in ${scenario.timezone}: ${parts}; blended $${b.blended.inputUsdPerMTok.toFixed(4)}/$${b.blended.outputUsdPerMTok.toFixed(4)} per MTok in/out`;
  return {
    ...p,
    inputUsdPerMTok: b.blended.inputUsdPerMTok, outputUsdPerMTok: b.blended.outputUsdPerMTok,
    cacheReadUsdPerMTok: b.blended.cacheReadUsdPerMTok ?? p.cacheReadUsdPerMTok,
    source: `${p.source}; ${blend}`,
  };
}

/** The on-prem site's jurisdiction: the one the scenario's regions name, or null (none, or several). */
export function siteOf(s: Pick<Scenario, 'constraints'>): string | null {
  const js = new Set(s.constraints.regions.map((r) => jurisdictionOf(r) ?? r.toLowerCase()));
  return js.size === 1 ? [...js][0]! : null;
}

const yoursNote = (key: string, catalog: Sourced) => `yours: scenario ${key}${catalog.value === null ? ' (the catalog has none)' : ` (catalog: ${catalog.value}, ${catalog.source})`}`;

function userFigure(key: string, value: number | null, unit: string, catalog: Sourced, yours: YourPrice[]): Sourced {
  if (value === null) return catalog;
  yours.push({ key, value, unit, catalogValue: catalog.value, catalogSource: catalog.value === null ? null : catalog.source });
  return { value, source: yoursNote(key, catalog), readOn: null };
}

function scaleHourly(p: HourlyPriceIn, f: number, why: string): HourlyPriceIn {
  return p.usdPerHour === null ? p : { ...p, usdPerHour: p.usdPerHour * f, source: `${p.source}; × ${+f.toFixed(4)} (${why})` };
}

/** An enterprise agreement discounts the provider's whole bill: on-demand, commitments and spot alike. */
function discountOffer(o: TcoOffer, u: UserPricing): TcoOffer {
  const d = u.cloudDiscounts[o.provider];
  if (d === undefined || d === 0) return o;
  const f = 1 - d;
  const why = `yours: scenario pricing.cloudDiscounts.${o.provider} = ${d}`;
  return {
    ...o,
    onDemand: scaleHourly(o.onDemand, f, why),
    commit1y: scaleHourly(o.commit1y, f, why),
    commit3y: scaleHourly(o.commit3y, f, why),
    spot: 'low' in o.spot ? { low: scaleHourly(o.spot.low, f, why), high: scaleHourly(o.spot.high, f, why) } : o.spot,
  };
}

function discountApi(p: TcoApiPrice, u: UserPricing, yours: YourPrice[]): TcoApiPrice {
  const d = u.apiDiscounts[p.provider];
  if (p.kind === 'missing' || d === undefined || d === 0) return p;
  const f = 1 - d;
  const s = (x: number | null) => (x === null ? null : x * f);
  if (!yours.some((y) => y.key === `pricing.apiDiscounts.${p.provider}`)) yours.push({ key: `pricing.apiDiscounts.${p.provider}`, value: d, unit: 'fraction off the token prices', catalogValue: 0, catalogSource: p.source });
  return {
    ...p,
    inputUsdPerMTok: p.inputUsdPerMTok * f, outputUsdPerMTok: p.outputUsdPerMTok * f, cacheReadUsdPerMTok: s(p.cacheReadUsdPerMTok), cacheWriteUsdPerMTok: s(p.cacheWriteUsdPerMTok),
    tiers: p.tiers.map((t) => ({ ...t, inputUsdPerMTok: s(t.inputUsdPerMTok), outputUsdPerMTok: s(t.outputUsdPerMTok), cacheReadUsdPerMTok: s(t.cacheReadUsdPerMTok), cacheWriteUsdPerMTok: s(t.cacheWriteUsdPerMTok) })),
    source: `${p.source}; × ${+f.toFixed(4)} (yours: scenario pricing.apiDiscounts.${p.provider} = ${d})`,
  };
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

/**
 * Electricity and colocation follow the site. With no region constraint the catalog's defaults (US) are used; in
 * the US, the default; elsewhere, an entry of that jurisdiction (`eu-…`) or none: never a US price for an EU site.
 */
function siteElectricity(c: OnpremCatalog, site: string | null): Sourced {
  if (site === null || site === 'us') return fromSourced((c.electricity.find((e) => e.id === c.defaultElectricityId) ?? c.electricity[0])?.usdPerKwh, 'electricity');
  const local = c.electricity.find((e) => e.id.startsWith(`${site}-`) && e.usdPerKwh.value !== null);
  return local ? fromSourced(local.usdPerKwh, 'electricity') : { value: null, reason: `no electricity price for a site in "${site}" in the catalog: set pricing.electricityUsdPerKWh in the scenario` };
}

function siteColocation(c: OnpremCatalog, site: string | null): Sourced {
  if (site === null || site === 'us' || site === 'ca') return fromSourced(c.colocation[0]?.usdPerKwMonth, 'colocation');
  return { value: null, reason: `no colocation price for a site in "${site}" in the catalog (its figures are North American): set pricing.coloUsdPerKwMonth` };
}

/**
 * The host server of each GPU: the server type listing the GPU's form factor (catalogs/gpus.yaml), its cluster
 * networking derived as fabric ports × switch price / switch ports (8 × $21,000 / 64 = $2,625 for an 8-GPU server).
 */
export function serverTypeByGpu(c: OnpremCatalog, catalog: Pick<Catalog, 'gpus'>): Record<string, HostServerType> {
  const sw = c.fabricSwitch;
  const switchUsd = fromSourced(sw.usdPerSwitch, 'fabric switch');
  const types = c.serverTypes.map((t): HostServerType => {
    const ports = t.fabricPortsPerServer;
    const portsNote = 'assumption' in ports ? `assumption: ${ports.reason}` : ports.source ?? '';
    const networkingUsdPerServer: Sourced = switchUsd.value === null
      ? { value: null, reason: `fabric switch price unknown: ${switchUsd.reason}` }
      : ports.value === null
        ? { value: null, reason: `fabric ports of ${t.id} unknown: ${ports.reason ?? 'no reason given'}` }
        : {
            value: (ports.value * switchUsd.value) / sw.portsPerSwitch,
            source: `${sw.label}: ${switchUsd.source}; ${ports.value} port(s) per server (${portsNote})`,
            readOn: switchUsd.readOn,
            note: `derived: ${ports.value} × ${switchUsd.value} / ${sw.portsPerSwitch} ports`,
          };
    return { id: t.id, label: t.label, gpusPerServer: t.gpusPerServer, hostUsdPerServer: fromSourced(t.hostUsdPerServer, `host server ${t.id}`), networkingUsdPerServer };
  });
  const out: Record<string, HostServerType> = {};
  for (const g of catalog.gpus) {
    const i = c.serverTypes.findIndex((t) => t.formFactors.includes(g.formFactor));
    if (i >= 0) out[g.id] = types[i]!;
  }
  return out;
}

export function onpremInputs(c: OnpremCatalog, catalog: Catalog, u?: UserPricing, site: string | null = null, yours: YourPrice[] = []): OnpremInputs {
  const byId = <T extends { id: string }>(list: T[], id: string) => list.find((x) => x.id === id) ?? list[0];
  const staff = c.staff;
  const num = (x: typeof staff.wageUsdPerYear | typeof staff.gpusPerFte) => x.value;
  const [wage, loaded, perFte] = [num(staff.wageUsdPerYear), num(staff.loadedCostMultiplier), num(staff.gpusPerFte)];
  const staffSource = [staff.wageUsdPerYear, staff.loadedCostMultiplier, staff.gpusPerFte]
    .map((x) => ('assumption' in x ? `assumption: ${x.reason}` : x.source ?? '')).join('; ');
  const catalogStaff: Sourced = wage === null || loaded === null || perFte === null || perFte === 0
    ? { value: null, reason: 'staff wage, loaded-cost multiplier or GPUs per FTE unknown' }
    : { value: (wage * loaded) / perFte, source: staffSource, readOn: staff.wageUsdPerYear.readOn ?? null, note: `${wage} × ${loaded} / ${perFte} GPUs per FTE` };
  const cardUsd: Record<string, Sourced> = Object.fromEntries(c.gpuPurchase.map((g) => [g.gpuId, midpoint(g.cardUsd, `${g.gpuId} card`)]));
  for (const [gpu, usd] of Object.entries(u?.gpuPurchaseUsd ?? {})) cardUsd[gpu] = userFigure(`pricing.gpuPurchaseUsd.${gpu}`, usd, 'USD per card', cardUsd[gpu] ?? { value: null, reason: 'not in onprem.yaml' }, yours);
  for (const [gpu, n] of Object.entries(u?.ownedGpus ?? {})) yours.push({ key: `pricing.ownedGpus.${gpu}`, value: n, unit: 'GPUs already owned (no purchase)', catalogValue: 0, catalogSource: null });
  return {
    cardUsd,
    servers: Object.fromEntries(c.servers.map((s) => [s.gpuId, { gpuCount: s.gpuCount, systemUsd: fromSourced(s.systemUsd, s.id) }]).reverse()),
    serverTypeByGpu: serverTypeByGpu(c, catalog),
    storageUsdPerNode: fromSourced(c.storageUsdPerNode, 'storage'),
    hostPowerWattsPerServer: fromSourced(c.hostPowerWattsPerServer, 'host power'),
    gpuTdpWatts: Object.fromEntries(catalog.gpus.map((g) => [g.id, g.tdpWatts === null ? { value: null, reason: `no TDP for ${g.id} in gpus.yaml` } : { value: g.tdpWatts, source: g.source, readOn: g.readOn }])),
    pue: userFigure('pricing.pue', u?.pue ?? null, '', fromSourced(byId(c.pue, c.defaultPueId)?.value, 'PUE'), yours),
    usdPerKwh: userFigure('pricing.electricityUsdPerKWh', u?.electricityUsdPerKWh ?? null, 'USD/kWh', siteElectricity(c, site), yours),
    colocationUsdPerKwMonth: userFigure('pricing.coloUsdPerKwMonth', u?.coloUsdPerKwMonth ?? null, 'USD/kW-month', siteColocation(c, site), yours),
    depreciationYears: fromSourced(c.depreciation.defaultYears, 'depreciation'),
    staffUsdPerGpuYear: userFigure('pricing.staffUsdPerGpuYear', u?.staffUsdPerGpuYear ?? null, 'USD/GPU-year', catalogStaff, yours),
    supportFractionOfCapexPerYear: midpoint(c.supportFractionOfCapexPerYear, 'support'),
    residual: c.residualFraction.flatMap((r) => {
      const m = midpoint(r.fraction, 'residual');
      return m.value === null ? [] : [{ afterYears: r.afterYears, fraction: m.value }];
    }),
    residualSource: c.residualFraction.map((r) => ('low' in r.fraction ? r.fraction.low.source : r.fraction.reason)).join('; '),
    ownedGpus: { ...(u?.ownedGpus ?? {}) },
  };
}
