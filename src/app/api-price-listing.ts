// `catalog api`: the hosted-API prices llmplan knows — every @pydantic/genai-prices model priced on `asOf`, and the
// rows and multipliers of catalogs/api-extras.yaml (batch, flex/priority tiers, models genai-prices lacks).
import type { ApiExtrasCatalog } from '../catalog/price-schema.ts';
import type { SourcedNumber } from '../catalog/schema.ts';
import { didYouMean } from '../core/did-you-mean.ts';
import { InputError } from '../errors.ts';
import { parseAsOf } from './as-of.ts';
import { openCatalog } from './catalog.ts';
import type { RunContext } from './context.ts';

const DAY_MS = 86_400_000;
const ageOf = (readOn: string | null | undefined, asOf: string): number | null =>
  readOn ? Math.round((Date.parse(asOf) - Date.parse(readOn)) / DAY_MS) : null;

export interface ApiMultiplierRow {
  provider: string;
  kind: 'batch' | 'flex' | 'priority';
  /** Standard price × this; null when no flat factor is known (see missingReason). */
  multiplier: number | null;
  appliesTo: string[];
  missingReason: string | null;
  source: string | null;
  readOn: string | null;
  ageDays: number | null;
  notes: string | null;
}

export interface ApiPriceRow {
  origin: 'genai-prices' | 'api-extras';
  provider: string;
  model: string;
  tier: 'standard' | 'priority' | 'flex' | 'batch';
  inputUsdPerMTok: number | null;
  outputUsdPerMTok: number | null;
  cacheReadUsdPerMTok: number | null;
  cacheWriteUsdPerMTok: number | null;
  missingReason: string | null;
  tierStartsInputTokens: number[];
  priceStartDate: string | null;
  deprecated: boolean;
  contextWindow: number | null;
  source: string;
  readOn: string | null;
  ageDays: number | null;
  note: string | null;
}

export interface ApiListing {
  asOf: string;
  genaiPricesVersion: string;
  genaiPricesDataDate: string | null;
  multipliers: ApiMultiplierRow[];
  prices: ApiPriceRow[];
}

function multiplierRow(provider: string, kind: ApiMultiplierRow['kind'], n: SourcedNumber, appliesTo: string[], notes: string | undefined, asOf: string): ApiMultiplierRow {
  const known = n.value !== null;
  return {
    provider, kind, multiplier: n.value, appliesTo, missingReason: known ? null : n.reason ?? 'unknown',
    source: known ? n.source ?? null : null, readOn: known ? n.readOn ?? null : null, ageDays: known ? ageOf(n.readOn, asOf) : null, notes: notes ?? n.note ?? null,
  };
}

export function extrasRows(extras: ApiExtrasCatalog, asOf: string): { multipliers: ApiMultiplierRow[]; prices: ApiPriceRow[] } {
  const multipliers = [
    ...(extras.batch ?? []).map((b) => multiplierRow(b.provider, 'batch', b.multiplier, b.appliesTo, b.notes, asOf)),
    ...(extras.serviceTiers ?? []).map((t) => multiplierRow(t.provider, t.tier, t.multiplier, ['input', 'output'], t.notes, asOf)),
  ];
  const prices = (extras.models ?? []).map((m): ApiPriceRow => {
    const known = [m.inputUsdPerMTok, m.outputUsdPerMTok].find((x) => x.value !== null);
    const missing = [m.inputUsdPerMTok, m.outputUsdPerMTok].find((x) => x.value === null);
    const readOn = known?.readOn ?? null;
    return {
      origin: 'api-extras', provider: m.provider, model: m.model, tier: m.tier ?? 'standard',
      inputUsdPerMTok: m.inputUsdPerMTok.value, outputUsdPerMTok: m.outputUsdPerMTok.value,
      cacheReadUsdPerMTok: m.cacheReadUsdPerMTok?.value ?? null, cacheWriteUsdPerMTok: null,
      missingReason: missing ? missing.reason ?? 'unknown' : null, tierStartsInputTokens: [], priceStartDate: null, deprecated: false, contextWindow: null,
      source: known?.source ?? 'catalogs/api-extras.yaml', readOn, ageDays: ageOf(readOn, asOf),
      note: [m.region ? `region ${m.region}` : '', m.notes ?? ''].filter(Boolean).join('; ') || null,
    };
  });
  return { multipliers, prices };
}

export async function listApiPrices(q: { catalogDir?: string[]; asOf?: string; provider?: string }, ctx: RunContext): Promise<ApiListing> {
  const asOf = parseAsOf(q.asOf);
  const catalog = await openCatalog(ctx, q.catalogDir);
  const [{ loadPriceCatalogs }, api] = await Promise.all([import('../catalog/prices.ts'), import('../catalog/api-prices.ts')]);
  const prices = await loadPriceCatalogs(catalog.dirs, catalog.gpus.map((g) => g.id), asOf);
  if (prices.overridden.length) ctx.stderr.write(`note: user price catalog replaces ${prices.overridden.join(', ')}\n`);
  const extras = extrasRows(prices.apiExtras, asOf);
  const provider = q.provider?.toLowerCase();
  const known = new Set<string>([...api.GENAI_PROVIDER_IDS, ...extras.prices.map((p) => p.provider), ...extras.multipliers.map((m) => m.provider)]);
  if (provider !== undefined && !known.has(provider)) {
    throw new InputError([{ path: '--provider', message: `no API prices for "${q.provider}"`, hint: didYouMean(provider, [...known]) ?? 'run `llmplan catalog api` for the providers' }]);
  }
  const dataDate = api.genaiPricesDataDate();
  const genaiProvider = provider === undefined ? undefined : (api.GENAI_PROVIDER_IDS as readonly string[]).includes(provider) ? provider : null;
  const genai = genaiProvider === null ? [] : await api.listGenaiPrices(asOf, genaiProvider);
  const genaiRows = genai.map((g): ApiPriceRow => ({
    origin: 'genai-prices', provider: g.provider, model: g.model, tier: 'standard',
    inputUsdPerMTok: g.inputUsdPerMTok, outputUsdPerMTok: g.outputUsdPerMTok, cacheReadUsdPerMTok: g.cacheReadUsdPerMTok, cacheWriteUsdPerMTok: g.cacheWriteUsdPerMTok,
    missingReason: g.inputUsdPerMTok === null && g.outputUsdPerMTok === null ? `genai-prices ${api.GENAI_PRICES_VERSION} has no per-MTok input or output price for this model (priced per image, audio hour or request)` : null,
    tierStartsInputTokens: g.tierStartsInputTokens, priceStartDate: g.priceStartDate, deprecated: g.deprecated, contextWindow: g.contextWindow,
    source: `genai-prices ${api.GENAI_PRICES_VERSION}`, readOn: dataDate, ageDays: ageOf(dataDate, asOf), note: g.note,
  }));
  const mine = <T extends { provider: string }>(xs: T[]) => xs.filter((x) => provider === undefined || x.provider === provider);
  return {
    asOf, genaiPricesVersion: api.GENAI_PRICES_VERSION, genaiPricesDataDate: dataDate,
    multipliers: mine(extras.multipliers), prices: [...mine(extras.prices), ...genaiRows],
  };
}
