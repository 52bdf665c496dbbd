// Hosted-API token prices from @pydantic/genai-prices (MIT, USD per 1M tokens, dated price history), plus the
// batch multipliers and rows it lacks from catalogs/api-extras.yaml. The package is ~800 KB of data, so it is
// `await import`ed on first use only (STYLE.md §25), never at startup.
import { didYouMean } from '../core/did-you-mean.ts';
import type { ApiExtrasCatalog } from './price-schema.ts';

/** Pinned in package.json ("@pydantic/genai-prices": "0.1.8"); a test checks the installed copy matches. */
export const GENAI_PRICES_VERSION = '0.1.8';
/**
 * The bundled data's own date. The package carries no "generated at" field, so this is the npm publish time of
 * the release (`npm view @pydantic/genai-prices time`: 0.1.8 → 2026-09-23T10:11:04Z, read 2026-11-23). Its
 * newest dated price change is 2026-09-22, consistent with that.
 */
const GENAI_PRICES_DATA_DATES: Record<string, string> = { '0.1.8': '2026-09-23' };

/** Provider ids in genai-prices 0.1.8 (the package exports no list; a test checks each resolves). */
export const GENAI_PROVIDER_IDS = [
  'anthropic', 'arcee', 'avian', 'aws', 'azure', 'baseten', 'cerebras', 'cloudflare', 'cohere', 'cursor', 'deepseek',
  'doubleword', 'fireworks', 'github-copilot', 'google', 'groq', 'huggingface_cerebras', 'huggingface_fireworks-ai',
  'huggingface_groq', 'huggingface_hyperbolic', 'huggingface_nebius', 'huggingface_novita', 'huggingface_nscale',
  'huggingface_ovhcloud', 'huggingface_publicai', 'huggingface_sambanova', 'huggingface_together', 'minimax', 'mistral',
  'modal', 'moonshotai', 'novita', 'openai', 'openrouter', 'ovhcloud', 'perplexity', 'quicksilverpro', 'together',
  'typesafe', 'voyageai', 'x-ai', 'zai', 'zhipuai',
] as const;

export type ApiTier = 'standard' | 'priority' | 'flex' | 'batch';

/** Prices once a request's input crosses `aboveInputTokens` (genai-prices tiers; null = that part not tiered). */
export interface ApiPriceTier {
  aboveInputTokens: number;
  inputUsdPerMTok: number | null;
  outputUsdPerMTok: number | null;
  cacheReadUsdPerMTok: number | null;
  cacheWriteUsdPerMTok: number | null;
}

export interface ApiPrice {
  kind: 'price';
  provider: string;
  model: string;
  tier: ApiTier;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  cacheReadUsdPerMTok: number | null;
  cacheWriteUsdPerMTok: number | null;
  tiers: ApiPriceTier[];
  /** 'genai-prices 0.1.8' or the api-extras row's source. */
  source: string;
  /** Date of the data the price was read from (genai-prices release, or the api-extras row's readOn). */
  dataDate: string | null;
  /** First day the selected price applied, when the source dates it (o3: 2025-06-10). */
  priceStartDate: string | null;
  /** Standard price × this = batch price; null when no batch discount is known for the provider. */
  batchMultiplier: number | null;
  batchNote: string;
  contextWindow: number | null;
  priceComments: string | null;
}

export interface ApiPriceMissing {
  kind: 'missing';
  provider: string;
  model: string;
  reason: string;
  suggestions: string[];
  /** The provider lists the model but without a usable price (as opposed to: no such model). */
  known?: boolean;
  /** No such provider in genai-prices or api-extras. */
  noProvider?: boolean;
}

type GenaiModule = typeof import('@pydantic/genai-prices');
let genai: Promise<GenaiModule> | undefined;
const loadGenai = (): Promise<GenaiModule> => (genai ??= import('@pydantic/genai-prices'));

export function genaiPricesDataDate(version = GENAI_PRICES_VERSION): string | null {
  return GENAI_PRICES_DATA_DATES[version] ?? null;
}

/** Model ids genai-prices knows for a provider (or for every provider), for listings and did-you-mean. */
export async function listApiModels(provider?: string): Promise<{ provider: string; model: string }[]> {
  const gp = await loadGenai();
  const ids = provider ? [provider] : GENAI_PROVIDER_IDS;
  return ids.flatMap((p) => (gp.findProvider({ providerId: p })?.models ?? []).map((m) => ({ provider: p, model: m.id })));
}

type Tiered = { base: number; tiers: { start: number; price: number }[] };
const isTiered = (v: unknown): v is Tiered => typeof v === 'object' && v !== null && 'base' in v && 'tiers' in v;
/** Only `_mtok` keys are read: genai-prices also has `_kcount` (per 1,000) keys, a unit trap if mixed in. */
const baseOf = (v: unknown): number | null => (typeof v === 'number' ? v : isTiered(v) ? v.base : null);

function tiersOf(price: Record<string, unknown>): ApiPriceTier[] {
  const keys = { inputUsdPerMTok: 'input_mtok', outputUsdPerMTok: 'output_mtok', cacheReadUsdPerMTok: 'cache_read_mtok', cacheWriteUsdPerMTok: 'cache_write_mtok' } as const;
  const starts = new Set<number>();
  for (const k of Object.values(keys)) {
    const v = price[k];
    if (isTiered(v)) for (const t of v.tiers) starts.add(t.start);
  }
  return [...starts].sort((a, b) => a - b).map((start) => {
    const at = (k: string): number | null => {
      const v = price[k];
      if (!isTiered(v)) return typeof v === 'number' ? v : null;
      const hit = [...v.tiers].sort((a, b) => a.start - b.start).filter((t) => t.start <= start).at(-1);
      return hit ? hit.price : v.base;
    };
    return {
      aboveInputTokens: start,
      inputUsdPerMTok: at(keys.inputUsdPerMTok),
      outputUsdPerMTok: at(keys.outputUsdPerMTok),
      cacheReadUsdPerMTok: at(keys.cacheReadUsdPerMTok),
      cacheWriteUsdPerMTok: at(keys.cacheWriteUsdPerMTok),
    };
  });
}

function batchFor(provider: string, extras: ApiExtrasCatalog | undefined): { batchMultiplier: number | null; batchNote: string } {
  if (!extras) return { batchMultiplier: null, batchNote: 'api-extras catalog not loaded' };
  const row = extras.batch?.find((b) => b.provider === provider);
  if (!row) return { batchMultiplier: null, batchNote: `no batch discount recorded for "${provider}" in api-extras.yaml` };
  if (row.multiplier.value === null) return { batchMultiplier: null, batchNote: row.multiplier.reason ?? 'unknown' };
  return { batchMultiplier: row.multiplier.value, batchNote: `${row.multiplier.source} (read ${row.multiplier.readOn})` };
}

function fromExtras(provider: string, model: string, tier: ApiTier, extras: ApiExtrasCatalog | undefined): ApiPrice | ApiPriceMissing | null {
  const row = extras?.models?.find((m) => m.provider === provider && m.model === model && (m.tier ?? 'standard') === tier);
  if (!row) return null;
  const { inputUsdPerMTok: i, outputUsdPerMTok: o } = row;
  if (i.value === null || o.value === null) {
    return { kind: 'missing', provider, model, reason: i.reason ?? o.reason ?? 'unknown', suggestions: [], known: true };
  }
  return {
    kind: 'price', provider, model, tier,
    inputUsdPerMTok: i.value, outputUsdPerMTok: o.value,
    cacheReadUsdPerMTok: row.cacheReadUsdPerMTok?.value ?? null, cacheWriteUsdPerMTok: null, tiers: [],
    source: `api-extras.yaml: ${i.source}`, dataDate: i.readOn ?? null, priceStartDate: null,
    ...(tier === 'standard' ? batchFor(provider, extras) : { batchMultiplier: null, batchNote: `no batch on the ${tier} tier` }),
    contextWindow: null, priceComments: row.notes ?? null,
  };
}

/**
 * Per-MTok prices of `provider`/`model` valid on `asOf`. Standard tier comes from genai-prices (dated history and
 * context tiers included), falling back to api-extras rows; priority/flex tiers come from api-extras (per-model row,
 * else the provider's flat multiplier × standard). Unknown → `kind: 'missing'` with a reason and suggestions, never 0.
 */
export async function lookupApiPrice(provider: string, model: string, asOf: Date, options: { extras?: ApiExtrasCatalog; tier?: ApiTier; inputOnly?: boolean } = {}): Promise<ApiPrice | ApiPriceMissing> {
  const { extras, tier = 'standard' } = options;
  if (tier !== 'standard') {
    const row = fromExtras(provider, model, tier, extras);
    if (row) return row;
    const flat = tier === 'batch' ? extras?.batch?.find((b) => b.provider === provider) : extras?.serviceTiers?.find((t) => t.provider === provider && t.tier === tier);
    const base = await lookupApiPrice(provider, model, asOf, { ...options, tier: 'standard' });
    if (base.kind === 'missing') return base;
    if (!flat || flat.multiplier.value === null) {
      return { kind: 'missing', provider, model, reason: flat?.multiplier.reason ?? `no ${tier} price recorded for ${provider} ${model}`, suggestions: [] };
    }
    const m = flat.multiplier.value;
    const scale = (x: number | null) => (x === null ? null : x * m);
    return {
      ...base, tier, inputUsdPerMTok: base.inputUsdPerMTok * m, outputUsdPerMTok: base.outputUsdPerMTok * m,
      cacheReadUsdPerMTok: scale(base.cacheReadUsdPerMTok), cacheWriteUsdPerMTok: scale(base.cacheWriteUsdPerMTok),
      tiers: base.tiers.map((t) => ({ ...t, inputUsdPerMTok: scale(t.inputUsdPerMTok), outputUsdPerMTok: scale(t.outputUsdPerMTok), cacheReadUsdPerMTok: scale(t.cacheReadUsdPerMTok), cacheWriteUsdPerMTok: scale(t.cacheWriteUsdPerMTok) })),
      source: `${base.source} × ${m} (${tier}: ${flat.multiplier.source})`, batchMultiplier: null, batchNote: `no batch on the ${tier} tier`,
    };
  }

  const gp = await loadGenai();
  const prov = gp.findProvider({ providerId: provider });
  if (!prov) {
    const fallback = fromExtras(provider, model, tier, extras);
    if (fallback) return fallback;
    const hint = didYouMean(provider, GENAI_PROVIDER_IDS);
    return { kind: 'missing', provider, model, reason: `genai-prices ${GENAI_PRICES_VERSION} has no provider "${provider}"`, suggestions: hint ? [hint] : [], noProvider: true };
  }
  const result = gp.calcPrice({}, model, { providerId: provider, timestamp: asOf });
  const price = result?.model_price as Record<string, unknown> | undefined;
  const input = baseOf(price?.input_mtok);
  // An embedding model bills input only: genai-prices gives it no output price. It is priced for prefill-only
  // work (embedding scenarios, which generate no tokens) and refused for work that generates tokens.
  const inputOnly = input !== null && baseOf(price?.output_mtok) === null;
  const output = inputOnly && options.inputOnly ? 0 : baseOf(price?.output_mtok);
  if (!result || !price || input === null || output === null) {
    const fallback = fromExtras(provider, model, tier, extras);
    if (fallback) return fallback;
    const ids = prov.models.map((m) => m.id);
    const hint = didYouMean(model, ids);
    const reason = result && inputOnly
      ? `${provider} "${result.model.id}" bills input tokens only (an embedding model): it generates no tokens for this scenario`
      : result
      ? `genai-prices ${GENAI_PRICES_VERSION} lists ${provider} "${result.model.id}" without an input/output per-MTok price on ${asOf.toISOString().slice(0, 10)}`
      : `genai-prices ${GENAI_PRICES_VERSION} has no ${provider} model matching "${model}"`;
    return { kind: 'missing', provider, model, reason, suggestions: hint ? [hint] : [], ...(result ? { known: true } : {}) };
  }
  const conditional = Array.isArray(result.model.prices) ? result.model.prices.find((c) => c.prices === result.model_price) : undefined;
  const start = conditional?.constraint && conditional.constraint.type === 'start_date' ? conditional.constraint.start_date : null;
  return {
    kind: 'price', provider, model: result.model.id, tier,
    inputUsdPerMTok: input, outputUsdPerMTok: output,
    cacheReadUsdPerMTok: baseOf(price.cache_read_mtok), cacheWriteUsdPerMTok: baseOf(price.cache_write_mtok),
    tiers: tiersOf(price),
    source: `genai-prices ${GENAI_PRICES_VERSION}`, dataDate: genaiPricesDataDate(), priceStartDate: start,
    ...batchFor(provider, extras),
    contextWindow: result.model.context_window ?? null, priceComments: result.model.price_comments ?? null,
  };
}

/** One genai-prices model's price as listed by `llmplan catalog api`: the base price valid on `asOf`. */
export interface GenaiPriceRow {
  provider: string;
  model: string;
  name: string | null;
  /** null when the model has no such per-MTok price (an embedding model has no output price). */
  inputUsdPerMTok: number | null;
  outputUsdPerMTok: number | null;
  cacheReadUsdPerMTok: number | null;
  cacheWriteUsdPerMTok: number | null;
  /** Input tokens above which a context tier changes the price (Claude: 200,000); empty when flat. */
  tierStartsInputTokens: number[];
  priceStartDate: string | null;
  deprecated: boolean;
  contextWindow: number | null;
  note: string | null;
}

/**
 * Every model of every genai-prices provider (or of one), priced on `asOf` from the model's own price list, not by
 * `calcPrice`'s id matching: the unconstrained price, replaced by the latest `start_date` price on or before `asOf`.
 * Time-of-day prices (DeepSeek's peak hours) are named in `note`, not chosen. 1,694 models in 0.1.8, ~20 ms.
 */
export async function listGenaiPrices(asOf: string, provider?: string): Promise<GenaiPriceRow[]> {
  const gp = await loadGenai();
  const ids = provider ? [provider] : GENAI_PROVIDER_IDS;
  const rows: GenaiPriceRow[] = [];
  for (const p of ids) {
    for (const m of gp.findProvider({ providerId: p })?.models ?? []) {
      const list = Array.isArray(m.prices) ? m.prices : [{ prices: m.prices }];
      let chosen = list.find((c) => !c.constraint)?.prices;
      let start: string | null = null;
      const notes: string[] = [];
      for (const c of list) {
        const k = c.constraint;
        if (k?.type === 'start_date' && k.start_date <= asOf && (start === null || k.start_date > start)) [chosen, start] = [c.prices, k.start_date];
        if (k?.type === 'time_of_date') notes.push(`a different price applies ${k.start_time}–${k.end_time} (time of day); input ${baseOf(c.prices.input_mtok) ?? 'n/a'}, output ${baseOf(c.prices.output_mtok) ?? 'n/a'} USD/MTok`);
      }
      const price = (chosen ?? {}) as Record<string, unknown>;
      if (m.price_comments) notes.push(m.price_comments);
      rows.push({
        provider: p, model: m.id, name: m.name ?? null,
        inputUsdPerMTok: baseOf(price.input_mtok), outputUsdPerMTok: baseOf(price.output_mtok),
        cacheReadUsdPerMTok: baseOf(price.cache_read_mtok), cacheWriteUsdPerMTok: baseOf(price.cache_write_mtok),
        tierStartsInputTokens: tiersOf(price).map((t) => t.aboveInputTokens),
        priceStartDate: start, deprecated: m.deprecated ?? false, contextWindow: m.context_window ?? null,
        note: notes.length ? notes.join('; ') : null,
      });
    }
  }
  return rows;
}

/** A per-MTok price in force over part of the week, and the share of the scenario's requests it applies to. */
export interface TimeOfDayShare {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  cacheReadUsdPerMTok: number | null;
  share: number;
}

/**
 * Providers with time-of-day prices (genai-prices `time_of_date` constraints, in UTC: DeepSeek charges $0.27/$1.10
 * 00:30–16:30 UTC and half that otherwise): the price in force in each hour of the scenario's week, sampled every
 * 15 minutes, weighted by that hour's requests. Returns null when the model has no time-of-day prices.
 */
export async function blendTimeOfDay(provider: string, model: string, weekHoursUtc: () => readonly Date[], weights: readonly number[]): Promise<{ blended: TimeOfDayShare; parts: TimeOfDayShare[] } | null> {
  const gp = await loadGenai();
  const probe = gp.calcPrice({}, model, { providerId: provider, timestamp: new Date() });
  const prices = probe?.model.prices;
  if (!Array.isArray(prices) || !prices.some((c) => c.constraint?.type === 'time_of_date')) return null;
  const hoursUtc = weekHoursUtc();
  const total = weights.reduce((a, w) => a + w, 0);
  if (!(total > 0)) return null;
  const parts = new Map<string, TimeOfDayShare>();
  let input = 0;
  let output = 0;
  let cache: number | null = 0;
  hoursUtc.forEach((at, h) => {
    for (let q = 0; q < 4; q++) {
      const r = gp.calcPrice({}, model, { providerId: provider, timestamp: new Date(at.getTime() + (q * 15 + 7.5) * 60_000) });
      const p = r?.model_price as Record<string, unknown> | undefined;
      const i = baseOf(p?.input_mtok);
      const o = baseOf(p?.output_mtok);
      if (i === null || o === null) return;
      const c = baseOf(p?.cache_read_mtok);
      const share = weights[h]! / total / 4;
      input += i * share;
      output += o * share;
      cache = cache === null || c === null ? null : cache + c * share;
      const key = `${i}/${o}/${c}`;
      const part = parts.get(key) ?? { inputUsdPerMTok: i, outputUsdPerMTok: o, cacheReadUsdPerMTok: c, share: 0 };
      part.share += share;
      parts.set(key, part);
    }
  });
  return { blended: { inputUsdPerMTok: input, outputUsdPerMTok: output, cacheReadUsdPerMTok: cache, share: 1 }, parts: [...parts.values()].sort((a, b) => b.inputUsdPerMTok - a.inputUsdPerMTok) };
}
