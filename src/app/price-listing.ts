// `catalog offers | api | onprem`: every price row the tool knows, flattened to one row each with its source, the
// date it was read and its age on `asOf`. Unknown prices stay null with their reason (STYLE.md §11).
import type { CloudGpuOffer, MaybeHourlyPrice } from '../catalog/prices.ts';
import type { OnpremCatalog } from '../catalog/price-schema.ts';
import type { SourcedNumber } from '../catalog/schema.ts';
import { jurisdictionOf, regionAllowed } from '../core/cost/regions.ts';
import { InputError } from '../errors.ts';
import { didYouMean } from '../core/did-you-mean.ts';
import { parseAsOf } from './as-of.ts';
import { findGpu, openCatalog } from './catalog.ts';
import type { RunContext } from './context.ts';

const DAY_MS = 86_400_000;
const ageOf = (readOn: string | null | undefined, asOf: string): number | null =>
  readOn ? Math.round((Date.parse(asOf) - Date.parse(readOn)) / DAY_MS) : null;

// ---------- cloud offers ----------

export interface OfferRow {
  id: string;
  provider: string;
  instanceType: string;
  region: string;
  /** 'us', 'eu', 'apac', 'ca' or null (src/core/cost/regions.ts). */
  jurisdiction: string | null;
  gpuId: string;
  gpuCount: number;
  minimumUnitGpus: number;
  onDemandUsdPerHour: number | null;
  onDemandUsdPerGpuHour: number | null;
  onDemandMissingReason: string | null;
  onDemandFrom: 'current' | 'history';
  spotLowUsdPerGpuHour: number | null;
  spotHighUsdPerGpuHour: number | null;
  spotMissingReason: string | null;
  commit1yUsdPerGpuHour: number | null;
  commit1yMissingReason: string | null;
  commit3yUsdPerGpuHour: number | null;
  commit3yMissingReason: string | null;
  /** Source and read date of the on-demand price (the row's age); null when it is unknown. */
  source: string | null;
  readOn: string | null;
  ageDays: number | null;
  interruptionNote: string;
  notes: string | null;
}

export interface OfferQuery {
  catalogDir?: string[];
  asOf?: string;
  provider?: string;
  gpu?: string;
  region?: string;
}

const perGpu = (p: MaybeHourlyPrice) => p.usdPerGpuHour;
const reasonOf = (p: MaybeHourlyPrice) => (p.usdPerHour === null ? p.reason : null);

export function offerRow(o: CloudGpuOffer, asOf: string): OfferRow {
  const od = o.onDemand;
  const spotMissing = 'reason' in o.spot ? o.spot.reason : null;
  const spot = 'low' in o.spot ? o.spot : null;
  return {
    id: o.id, provider: o.provider, instanceType: o.instanceType, region: o.region, jurisdiction: jurisdictionOf(o.region),
    gpuId: o.gpuId, gpuCount: o.gpuCount, minimumUnitGpus: o.minimumUnitGpus,
    onDemandUsdPerHour: od.usdPerHour, onDemandUsdPerGpuHour: od.usdPerGpuHour, onDemandMissingReason: reasonOf(od), onDemandFrom: o.onDemandFrom,
    spotLowUsdPerGpuHour: spot ? perGpu(spot.low) : null, spotHighUsdPerGpuHour: spot ? perGpu(spot.high) : null,
    spotMissingReason: spotMissing ?? (spot ? reasonOf(spot.low) ?? reasonOf(spot.high) : null),
    commit1yUsdPerGpuHour: perGpu(o.commit1y), commit1yMissingReason: reasonOf(o.commit1y),
    commit3yUsdPerGpuHour: perGpu(o.commit3y), commit3yMissingReason: reasonOf(o.commit3y),
    source: od.usdPerHour === null ? null : od.source, readOn: od.usdPerHour === null ? null : od.readOn,
    ageDays: od.usdPerHour === null ? null : ageOf(od.readOn, asOf),
    interruptionNote: o.interruptionNote, notes: o.notes ?? null,
  };
}

export async function listOffers(q: OfferQuery, ctx: RunContext): Promise<{ asOf: string; offers: OfferRow[] }> {
  const asOf = parseAsOf(q.asOf);
  const catalog = await openCatalog(ctx, q.catalogDir);
  const { loadPriceCatalogs } = await import('../catalog/prices.ts');
  const prices = await loadPriceCatalogs(catalog.dirs, catalog.gpus.map((g) => g.id), asOf);
  if (prices.overridden.length) ctx.stderr.write(`note: user price catalog replaces ${prices.overridden.join(', ')}\n`);
  const gpuId = q.gpu ? findGpu(catalog, q.gpu).id : undefined;
  const providers = [...new Set(prices.offers.map((o) => o.provider))];
  const provider = q.provider?.toLowerCase();
  if (provider !== undefined && !providers.includes(provider as CloudGpuOffer['provider'])) {
    throw new InputError([{ path: '--provider', message: `no offers from "${q.provider}"`, hint: didYouMean(provider, providers) ?? `providers with offers: ${providers.join(', ')}` }]);
  }
  const offers = prices.offers
    .filter((o) => (provider === undefined || o.provider === provider) && (gpuId === undefined || o.gpuId === gpuId) && (q.region === undefined || regionAllowed(o.region, [q.region])))
    .map((o) => offerRow(o, asOf));
  return { asOf, offers };
}

// ---------- on-prem inputs ----------

export interface OnpremRow {
  section: 'gpu-purchase' | 'server' | 'node' | 'pue' | 'electricity' | 'colocation' | 'depreciation' | 'staff' | 'support' | 'residual';
  id: string;
  label: string;
  /** Unit of value/low/high: "USD", "USD/kWh", "USD/kW-month", "W", "years", "USD/year", "GPUs/FTE", "" (ratio or fraction). */
  unit: string;
  value: number | null;
  low: number | null;
  high: number | null;
  basis: 'sourced' | 'range' | 'assumed' | 'unknown';
  /** The default llmplan tco uses (defaultPueId, defaultElectricityId, the first colocation row). */
  isDefault: boolean;
  source: string | null;
  readOn: string | null;
  ageDays: number | null;
  missingReason: string | null;
  note: string | null;
}

type Assumed = { value: number; assumption: true; reason: string; readOn?: string };
type RangeOrUnknown = { low: SourcedNumber; high: SourcedNumber; note?: string } | { value: null; reason: string };

function sourcedRow(base: Pick<OnpremRow, 'section' | 'id' | 'label' | 'unit'> & { isDefault?: boolean }, n: SourcedNumber | Assumed, asOf: string): OnpremRow {
  const common = { ...base, isDefault: base.isDefault ?? false, low: null, high: null };
  if ('assumption' in n) {
    return { ...common, value: n.value, basis: 'assumed', source: null, readOn: n.readOn ?? null, ageDays: ageOf(n.readOn, asOf), missingReason: null, note: n.reason };
  }
  if (n.value === null) return { ...common, value: null, basis: 'unknown', source: null, readOn: null, ageDays: null, missingReason: n.reason ?? 'unknown', note: n.note ?? null };
  return { ...common, value: n.value, basis: 'sourced', source: n.source ?? null, readOn: n.readOn ?? null, ageDays: ageOf(n.readOn, asOf), missingReason: null, note: n.note ?? null };
}

/** A low…high range is dated by its older end, so its age is never understated. */
function rangeRow(base: Pick<OnpremRow, 'section' | 'id' | 'label' | 'unit'>, r: RangeOrUnknown, asOf: string): OnpremRow {
  if (!('low' in r)) return { ...base, isDefault: false, value: null, low: null, high: null, basis: 'unknown', source: null, readOn: null, ageDays: null, missingReason: r.reason, note: null };
  const { low, high } = r;
  if (low.value === null || high.value === null) return sourcedRow(base, low.value === null ? low : high, asOf);
  const readOn = [low.readOn, high.readOn].filter((d): d is string => Boolean(d)).sort()[0] ?? null;
  const source = low.source === high.source || !high.source ? low.source ?? null : `${low.source}; ${high.source}`;
  return { ...base, isDefault: false, value: null, low: low.value, high: high.value, basis: 'range', source, readOn, ageDays: ageOf(readOn, asOf), missingReason: null, note: r.note ?? low.note ?? null };
}

export function onpremRows(c: OnpremCatalog, asOf: string): OnpremRow[] {
  const rows: OnpremRow[] = [];
  for (const g of c.gpuPurchase) rows.push(rangeRow({ section: 'gpu-purchase', id: g.gpuId, label: `${g.gpuId} card`, unit: 'USD' }, g.cardUsd, asOf));
  for (const s of c.servers) rows.push(sourcedRow({ section: 'server', id: s.id, label: `${s.gpuCount}× ${s.gpuId} system`, unit: 'USD' }, s.systemUsd, asOf));
  for (const t of c.serverTypes) {
    rows.push(sourcedRow({ section: 'node', id: `host-${t.id}`, label: `${t.label}, ${t.gpusPerServer} GPUs (${t.formFactors.join(', ')}), no GPUs`, unit: 'USD' }, t.hostUsdPerServer, asOf));
    rows.push(sourcedRow({ section: 'node', id: `fabric-ports-${t.id}`, label: `fabric switch ports per ${t.id} server`, unit: 'ports' }, t.fabricPortsPerServer, asOf));
  }
  rows.push(sourcedRow({ section: 'node', id: 'fabric-switch', label: `${c.fabricSwitch.label} (${c.fabricSwitch.portsPerSwitch} ports)`, unit: 'USD' }, c.fabricSwitch.usdPerSwitch, asOf));
  rows.push(sourcedRow({ section: 'node', id: 'storage', label: 'storage per node', unit: 'USD' }, c.storageUsdPerNode, asOf));
  rows.push(sourcedRow({ section: 'node', id: 'host-power', label: 'non-GPU power per server', unit: 'W' }, c.hostPowerWattsPerServer, asOf));
  for (const p of c.pue) rows.push(sourcedRow({ section: 'pue', id: p.id, label: p.label, unit: '', isDefault: p.id === c.defaultPueId }, p.value, asOf));
  for (const e of c.electricity) rows.push(sourcedRow({ section: 'electricity', id: e.id, label: e.label, unit: 'USD/kWh', isDefault: e.id === c.defaultElectricityId }, e.usdPerKwh, asOf));
  c.colocation.forEach((x, i) => rows.push(sourcedRow({ section: 'colocation', id: x.id, label: x.label, unit: 'USD/kW-month', isDefault: i === 0 }, x.usdPerKwMonth, asOf)));
  rows.push(sourcedRow({ section: 'depreciation', id: 'default', label: 'default useful life', unit: 'years', isDefault: true }, c.depreciation.defaultYears, asOf));
  for (const d of c.depreciation.conventions) rows.push(sourcedRow({ section: 'depreciation', id: d.id, label: d.label, unit: 'years' }, d.value, asOf));
  rows.push(sourcedRow({ section: 'staff', id: 'wage', label: 'wage of one FTE', unit: 'USD/year' }, c.staff.wageUsdPerYear, asOf));
  rows.push(sourcedRow({ section: 'staff', id: 'loaded-cost-multiplier', label: 'loaded cost / wage', unit: '' }, c.staff.loadedCostMultiplier, asOf));
  rows.push(sourcedRow({ section: 'staff', id: 'gpus-per-fte', label: 'GPUs one FTE operates', unit: 'GPUs/FTE' }, c.staff.gpusPerFte, asOf));
  rows.push(rangeRow({ section: 'support', id: 'support', label: 'support contract per year, fraction of capex', unit: '' }, c.supportFractionOfCapexPerYear, asOf));
  for (const r of c.residualFraction) rows.push(rangeRow({ section: 'residual', id: `after-${r.afterYears}-years`, label: `resale value after ${r.afterYears} years, fraction of price`, unit: '' }, r.fraction, asOf));
  return rows;
}

export async function listOnprem(q: { catalogDir?: string[]; asOf?: string }, ctx: RunContext): Promise<{ asOf: string; rows: OnpremRow[] }> {
  const asOf = parseAsOf(q.asOf);
  const catalog = await openCatalog(ctx, q.catalogDir);
  const { loadPriceCatalogs } = await import('../catalog/prices.ts');
  const prices = await loadPriceCatalogs(catalog.dirs, catalog.gpus.map((g) => g.id), asOf);
  if (prices.overridden.length) ctx.stderr.write(`note: user price catalog replaces ${prices.overridden.join(', ')}\n`);
  return { asOf, rows: onpremRows(prices.onprem, asOf) };
}
