// Tables and JSON of `catalog offers | api | onprem`: one row per price, with its read date and age.
import type { ChalkInstance } from 'chalk';
import type { ApiListing, ApiPriceRow } from '../app/api-price-listing.ts';
import type { OfferRow, OnpremRow } from '../app/price-listing.ts';
import { makeTable } from './table.ts';

const usd = (x: number | null, digits = 2): string => (x === null ? 'n/a' : `$${x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 4) })}`);
const dated = (readOn: string | null, ageDays: number | null): string => (readOn === null ? 'n/a' : `${readOn} (${ageDays} d)`);
const range = (lo: number | null, hi: number | null): string => (lo === null || hi === null ? 'n/a' : lo === hi ? usd(lo) : `${usd(lo)}–${usd(hi)}`);

export function offersSummary(offers: readonly OfferRow[]): { offers: number; providers: Array<{ provider: string; offers: number }>; byJurisdiction: Record<string, number> } {
  const providers = new Map<string, number>();
  const byJurisdiction: Record<string, number> = {};
  for (const o of offers) {
    providers.set(o.provider, (providers.get(o.provider) ?? 0) + 1);
    const j = o.jurisdiction ?? o.region.toLowerCase();
    byJurisdiction[j] = (byJurisdiction[j] ?? 0) + 1;
  }
  return { offers: offers.length, providers: [...providers].map(([provider, n]) => ({ provider, offers: n })), byJurisdiction };
}

export function renderOffersJson(asOf: string, offers: OfferRow[]): string {
  return JSON.stringify({ schemaVersion: 1, kind: 'catalog-offers', asOf, summary: offersSummary(offers), offers }, null, 2) + '\n';
}

export function renderOffersTable(asOf: string, offers: readonly OfferRow[], c: ChalkInstance): string {
  const t = makeTable(['id', 'provider', 'region', 'GPUs', '$/h', '$/GPU-h', 'spot $/GPU-h', '1y $/GPU-h', '3y $/GPU-h', 'read on (age)'], {
    align: ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
  });
  for (const o of offers) {
    t.push([o.id, o.provider, o.region, `${o.gpuCount}× ${o.gpuId}`, usd(o.onDemandUsdPerHour), usd(o.onDemandUsdPerGpuHour), range(o.spotLowUsdPerGpuHour, o.spotHighUsdPerGpuHour), usd(o.commit1yUsdPerGpuHour), usd(o.commit3yUsdPerGpuHour), dated(o.readOn, o.ageDays)]);
  }
  const s = offersSummary(offers);
  const places = Object.entries(s.byJurisdiction).map(([j, n]) => `${j} ${n}`).join(', ');
  return [
    `${c.bold('Cloud GPU offers')} priced on ${asOf}: USD per instance-hour and per GPU-hour (Linux, on-demand unless named)`,
    t.toString(),
    `${s.offers} offers from ${s.providers.length} providers (${places}); n/a = not published, the reason is in --json and catalogs/cloud-gpu-prices.yaml`,
    '',
  ].join('\n');
}

export function renderApiJson(l: ApiListing): string {
  return JSON.stringify({ schemaVersion: 1, kind: 'catalog-api', ...l }, null, 2) + '\n';
}

function priceTable(rows: readonly ApiPriceRow[]): string {
  const t = makeTable(['provider', 'model', 'tier', 'input $/MTok', 'output $/MTok', 'cache read', 'from', 'read on (age)'], {
    align: ['left', 'left', 'left', 'right', 'right', 'right', 'left', 'left'],
  });
  for (const r of rows) {
    t.push([r.provider, r.model + (r.deprecated ? ' (deprecated)' : ''), r.tier, usd(r.inputUsdPerMTok, 3), usd(r.outputUsdPerMTok, 3), usd(r.cacheReadUsdPerMTok, 3), r.origin, dated(r.readOn, r.ageDays)]);
  }
  return t.toString();
}

/** Without --provider the genai-prices models are summarised per provider: 1,694 rows are for --json or a provider. */
export function renderApiTable(l: ApiListing, provider: string | undefined, c: ChalkInstance): string {
  const out: string[] = [];
  if (l.multipliers.length) {
    const t = makeTable(['provider', 'kind', 'multiplier', 'applies to', 'read on (age)', 'source'], { align: ['left', 'left', 'right', 'left', 'left', 'left'] });
    for (const m of l.multipliers) t.push([m.provider, m.kind, m.multiplier === null ? 'n/a' : `×${m.multiplier}`, m.appliesTo.join(', '), dated(m.readOn, m.ageDays), (m.source ?? m.missingReason ?? '').slice(0, 60)]);
    out.push(`${c.bold('Batch and service-tier multipliers')} (catalogs/api-extras.yaml)`, t.toString());
  }
  const extras = l.prices.filter((p) => p.origin === 'api-extras');
  const genai = l.prices.filter((p) => p.origin === 'genai-prices');
  if (provider !== undefined) {
    if (l.prices.length) out.push(`${c.bold('Prices')} on ${l.asOf}, USD per 1M tokens`, priceTable(l.prices));
    else out.push(`no per-token prices for "${provider}"`);
  } else {
    if (extras.length) out.push(`${c.bold('Rows genai-prices lacks')} (catalogs/api-extras.yaml), USD per 1M tokens`, priceTable(extras));
    const t = makeTable(['provider', 'models', 'priced per MTok', 'deprecated'], { align: ['left', 'right', 'right', 'right'] });
    const byProvider = new Map<string, ApiPriceRow[]>();
    for (const p of genai) byProvider.set(p.provider, [...(byProvider.get(p.provider) ?? []), p]);
    for (const [p, rows] of byProvider) t.push([p, rows.length, rows.filter((r) => r.missingReason === null).length, rows.filter((r) => r.deprecated).length]);
    out.push(`${c.bold(`@pydantic/genai-prices ${l.genaiPricesVersion}`)} (data of ${l.genaiPricesDataDate ?? 'unknown date'}): ${genai.length} models; list one provider with --provider <id>`, t.toString());
  }
  return out.join('\n') + '\n';
}

export function renderOnpremJson(asOf: string, rows: OnpremRow[]): string {
  return JSON.stringify({ schemaVersion: 1, kind: 'catalog-onprem', asOf, rows }, null, 2) + '\n';
}

export function renderOnpremTable(asOf: string, rows: readonly OnpremRow[], c: ChalkInstance): string {
  const t = makeTable(['section', 'id', 'label', 'value', 'unit', 'read on (age)', 'source or reason'], { align: ['left', 'left', 'left', 'right', 'left', 'left', 'left'] });
  const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 4 });
  for (const r of rows) {
    const value = r.basis === 'range' ? (r.low === r.high ? num(r.low!) : `${num(r.low!)}–${num(r.high!)}`) : r.value === null ? 'n/a' : `${num(r.value)}${r.basis === 'assumed' ? ' (assumed)' : ''}`;
    const why = (r.source ?? r.missingReason ?? (r.basis === 'assumed' ? r.note : '') ?? '').slice(0, 60);
    t.push([r.section, r.id + (r.isDefault ? ' *' : ''), r.label.slice(0, 44), value, r.unit, dated(r.readOn, r.ageDays), why]);
  }
  return [`${c.bold('On-prem inputs')} (catalogs/onprem.yaml), ages on ${asOf}; * = the default llmplan tco uses`, t.toString(), ''].join('\n');
}
