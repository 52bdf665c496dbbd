// Load the price catalogs (cloud-gpu-prices.yaml, onprem.yaml, api-extras.yaml) from the bundled catalogs/ and
// any user catalog directories, validate them with located errors, and hand back base-unit objects:
// USD per instance-hour AND USD per GPU-hour, ISO dates, and `null` + reason wherever a price is unknown.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { didYouMean } from '../core/did-you-mean.ts';
import { InputError, type InputProblem } from '../errors.ts';
import { readInputFile } from '../io/read.ts';
import { keysAt } from '../io/schema-keys.ts';
import { loadYaml, locate, type LocatedDocument } from '../io/yaml.ts';
import type { ApiExtrasCatalog, CloudGpuOfferEntry, CloudGpuPriceCatalog, OnpremCatalog } from './price-schema.ts';
import type { SourcedNumber } from './schema.ts';
import { BUILTIN_CATALOG_DIR, PACKAGE_ROOT } from './load.ts';

export const CLOUD_GPU_PRICES_FILE = 'cloud-gpu-prices.yaml';
export const ONPREM_FILE = 'onprem.yaml';
export const API_EXTRAS_FILE = 'api-extras.yaml';

/** A known hourly price: the instance figure as published and the per-GPU figure derived from it. */
export interface HourlyPrice {
  usdPerHour: number;
  /** usdPerHour / gpuCount: p5.48xlarge $55.04 / 8 = $6.88. */
  usdPerGpuHour: number;
  source: string;
  readOn: string;
  note?: string;
}
/** An unknown price. Renders as "n/a (reason)", never as $0. */
export interface PriceMissing {
  usdPerHour: null;
  usdPerGpuHour: null;
  reason: string;
}
export type MaybeHourlyPrice = HourlyPrice | PriceMissing;

export interface CloudGpuOffer {
  id: string;
  provider: CloudGpuOfferEntry['provider'];
  instanceType: string;
  gpuId: string;
  gpuCount: number;
  region: string;
  gpuIncludedInPrice: boolean;
  minimumUnitGpus: number;
  /** The on-demand price valid at `asOf` (from `history` when asOf precedes the current price). */
  onDemand: MaybeHourlyPrice;
  /** 'current' or 'history' (which list the on-demand price came from). */
  onDemandFrom: 'current' | 'history';
  spot: { low: MaybeHourlyPrice; high: MaybeHourlyPrice } | PriceMissing;
  commit1y: MaybeHourlyPrice;
  commit3y: MaybeHourlyPrice;
  interruptionNote: string;
  notes?: string;
  /** ISO date the selection was made for. */
  asOf: string;
}

export interface PriceCatalogs {
  offers: CloudGpuOffer[];
  offerEntries: CloudGpuOfferEntry[];
  onprem: OnpremCatalog;
  apiExtras: ApiExtrasCatalog;
  dirs: string[];
  /** Offer ids and whole-file keys a user directory replaced, for a note on stderr. */
  overridden: string[];
}

export function isKnownPrice(p: MaybeHourlyPrice | PriceMissing): p is HourlyPrice {
  return p.usdPerHour !== null;
}

/** YYYY-MM-DD of a Date (UTC) or of an ISO string. */
export function isoDay(d: Date | string): string {
  const s = typeof d === 'string' ? d : d.toISOString();
  return s.slice(0, 10);
}

const DAY_MS = 86_400_000;

/** Whole days from `readOn` to `asOf` (UTC). Negative when the price was observed after `asOf`. */
export function priceAgeDays(readOn: string, asOf: Date | string): number {
  return Math.round((Date.parse(isoDay(asOf)) - Date.parse(readOn)) / DAY_MS);
}

function hourly(n: SourcedNumber, gpuCount: number): MaybeHourlyPrice {
  if (n.value === null) return { usdPerHour: null, usdPerGpuHour: null, reason: n.reason ?? 'unknown' };
  const p: HourlyPrice = { usdPerHour: n.value, usdPerGpuHour: n.value / gpuCount, source: n.source!, readOn: n.readOn! };
  if (n.note) p.note = n.note;
  return p;
}

const missing = (reason: string): PriceMissing => ({ usdPerHour: null, usdPerGpuHour: null, reason });

/**
 * The offer as priced on `asOf`. The current on-demand price applies from `onDemandValidFrom`, else from the last
 * `history[].validUntil`, else always. History rows cover [validFrom ?? previous validUntil, validUntil).
 * Spot and commitment prices have no history: for a past date they are missing rather than silently current.
 */
export function priceOfferAsOf(e: CloudGpuOfferEntry, asOf: Date | string): CloudGpuOffer {
  const day = isoDay(asOf);
  const history = [...e.history].sort((a, b) => a.validUntil.localeCompare(b.validUntil));
  const currentFrom = e.onDemandValidFrom ?? history.at(-1)?.validUntil;
  const base = {
    id: e.id, provider: e.provider, instanceType: e.instanceType, gpuId: e.gpuId, gpuCount: e.gpuCount, region: e.region,
    gpuIncludedInPrice: e.gpuIncludedInPrice, minimumUnitGpus: e.minimumUnitGpus, interruptionNote: e.interruptionNote,
    ...(e.notes ? { notes: e.notes } : {}), asOf: day,
  };
  if (currentFrom === undefined || day >= currentFrom) {
    const spot = 'low' in e.spotUsdPerHour
      ? { low: hourly(e.spotUsdPerHour.low, e.gpuCount), high: hourly(e.spotUsdPerHour.high, e.gpuCount) }
      : missing(e.spotUsdPerHour.reason);
    return {
      ...base, onDemand: hourly(e.onDemandUsdPerHour, e.gpuCount), onDemandFrom: 'current', spot,
      commit1y: hourly(e.commit1yUsdPerHour, e.gpuCount), commit3y: hourly(e.commit3yUsdPerHour, e.gpuCount),
    };
  }
  const past = `no spot/commitment history is recorded; current figures apply from ${currentFrom}`;
  let from: string | undefined;
  for (const h of history) {
    const start = h.validFrom ?? from;
    if ((start === undefined || day >= start) && day < h.validUntil) {
      return { ...base, onDemand: hourly(h.onDemandUsdPerHour, e.gpuCount), onDemandFrom: 'history', spot: missing(past), commit1y: missing(past), commit3y: missing(past) };
    }
    from = h.validUntil;
  }
  const reason = `no on-demand price known for ${e.id} on ${day}; the earliest known applies from ${history[0]?.validFrom ?? currentFrom}`;
  return { ...base, onDemand: missing(reason), onDemandFrom: 'history', spot: missing(past), commit1y: missing(past), commit3y: missing(past) };
}

interface LoadedFile<T> {
  path: string;
  data: T;
  /** Absent for the bundled files read from dist/prices.json (validated at build time). */
  located: LocatedDocument | null;
  builtin: boolean;
}

export const COMPILED_PRICES = join(PACKAGE_ROOT, 'dist', 'prices.json');

function compiledPrices(): Record<string, unknown> | null {
  if (!import.meta.url.includes('/dist/') || !existsSync(COMPILED_PRICES)) return null;
  return JSON.parse(readFileSync(COMPILED_PRICES, 'utf8')) as Record<string, unknown>;
}

/**
 * The price files' zod schemas, imported only to read a YAML file: building them (with the catalog schemas they use)
 * took ~10 ms of every start, and the bundle reads its own files pre-validated from dist/prices.json.
 */
type PriceSchemas = typeof import('./price-schema.ts');
type SchemasOf<T> = (s: PriceSchemas) => { full: z.ZodType<T>; partial: z.ZodType<Partial<T>> };
const cloudSchemas: SchemasOf<CloudGpuPriceCatalog> = (s) => ({ full: s.cloudGpuPriceCatalogSchema, partial: s.cloudGpuPriceCatalogSchema });
const onpremSchemas: SchemasOf<OnpremCatalog> = (s) => ({ full: s.onpremCatalogSchema, partial: s.onpremCatalogSchema.partial().required({ schemaVersion: true }) });
const extrasSchemas: SchemasOf<ApiExtrasCatalog> = (s) => ({ full: s.apiExtrasCatalogSchema, partial: s.apiExtrasCatalogSchema.partial().required({ schemaVersion: true }) });

/** Validate the bundled price YAML files and return their data by file name (the build writes dist/prices.json). */
export async function compileBuiltinPrices(): Promise<Record<string, unknown>> {
  const problems: InputProblem[] = [];
  const dirs = [BUILTIN_CATALOG_DIR];
  const out: Record<string, unknown> = {
    [CLOUD_GPU_PRICES_FILE]: (await readAll(dirs, CLOUD_GPU_PRICES_FILE, cloudSchemas, problems, null))[0]?.data,
    [ONPREM_FILE]: (await readAll(dirs, ONPREM_FILE, onpremSchemas, problems, null))[0]?.data,
    [API_EXTRAS_FILE]: (await readAll(dirs, API_EXTRAS_FILE, extrasSchemas, problems, null))[0]?.data,
  };
  if (problems.length) throw new InputError(problems);
  return out;
}

/** `compiled`: the bundled files pre-validated (dist/prices.json), or null to read and validate the YAML. */
async function readAll<T>(dirs: string[], file: string, schemasOf: SchemasOf<T>, problems: InputProblem[], compiled: Record<string, unknown> | null): Promise<LoadedFile<T>[]> {
  const out: LoadedFile<T>[] = [];
  for (const [index, dir] of dirs.entries()) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      if (index === 0) problems.push({ file: path, message: 'the bundled catalog is missing; reinstall llmplan' });
      continue;
    }
    // The bundle reads the bundled files pre-validated from dist/prices.json: YAML + zod cost ~250 ms a start.
    if (index === 0 && compiled?.[file]) {
      out.push({ path, data: compiled[file] as T, located: null, builtin: true });
      continue;
    }
    // The bundled file must be complete; a user file may carry only the entries it adds or replaces.
    const { full, partial } = schemasOf(await import('./price-schema.ts'));
    const schema = (index === 0 ? full : partial) as z.ZodType<T>;
    try {
      const { data, located } = loadYaml(readInputFile(path, 'catalogBytes'), path, schema, (p) => keysAt(full, p));
      out.push({ path, data, located, builtin: index === 0 });
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  }
  return out;
}

/** Merge keyed lists (later wins by key) and replace scalar sections; record what a user file replaced. */
function mergeKeyed<T extends object>(files: LoadedFile<T>[], keyOf: Record<string, (x: Record<string, unknown>) => string>, overridden: string[], label: string): T {
  const merged: Record<string, unknown> = {};
  for (const f of files) {
    for (const [k, v] of Object.entries(f.data as Record<string, unknown>)) {
      const key = keyOf[k];
      if (key && Array.isArray(v)) {
        const byKey = new Map((merged[k] as Record<string, unknown>[] | undefined ?? []).map((x) => [key(x), x]));
        for (const x of v as Record<string, unknown>[]) {
          if (!f.builtin && byKey.has(key(x))) overridden.push(`${label} ${k} "${key(x)}"`);
          byKey.set(key(x), x);
        }
        merged[k] = [...byKey.values()];
      } else {
        if (!f.builtin && k !== 'schemaVersion' && k in merged) overridden.push(`${label} ${k}`);
        merged[k] = v;
      }
    }
  }
  return merged as T;
}

const byId = (x: Record<string, unknown>) => String(x.id);

/**
 * Load all three price catalogs from `dirs` (bundled first, see `catalogDirs`). `gpuIds` are the ids of
 * catalogs/gpus.yaml: every offer and purchase row must name one. Throws one InputError listing every problem.
 */
export async function loadPriceCatalogs(dirs: string[], gpuIds: readonly string[], asOf: Date | string = new Date()): Promise<PriceCatalogs> {
  const problems: InputProblem[] = [];
  const overridden: string[] = [];
  const compiled = compiledPrices();
  const cloudFiles = await readAll(dirs, CLOUD_GPU_PRICES_FILE, cloudSchemas, problems, compiled);
  const onpremFiles = await readAll(dirs, ONPREM_FILE, onpremSchemas, problems, compiled);
  const extrasFiles = await readAll(dirs, API_EXTRAS_FILE, extrasSchemas, problems, compiled);

  const offersById = new Map<string, CloudGpuOfferEntry>();
  for (const f of cloudFiles) {
    const seen = new Set<string>();
    f.data.offers.forEach((o, i) => {
      const at = (key: string, message: string, hint?: string) =>
        problems.push({ file: f.path, ...(f.located ? locate(f.located, ['offers', i, key]) : {}), path: `offers.${i}.${key}`, message, ...(hint ? { hint } : {}) });
      if (seen.has(o.id)) at('id', `duplicate offer id "${o.id}"`);
      seen.add(o.id);
      if (!gpuIds.includes(o.gpuId)) at('gpuId', `unknown GPU "${o.gpuId}"`, didYouMean(o.gpuId, gpuIds) ?? 'use an id from catalogs/gpus.yaml');
      if ('low' in o.spotUsdPerHour && o.spotUsdPerHour.low.value !== null && o.spotUsdPerHour.high.value !== null && o.spotUsdPerHour.low.value > o.spotUsdPerHour.high.value)
        at('spotUsdPerHour', 'spot low is above spot high');
      const sorted = [...o.history].sort((a, b) => a.validUntil.localeCompare(b.validUntil));
      sorted.forEach((h, j) => {
        if (h.validFrom && h.validFrom >= h.validUntil) at('history', `history entry ending ${h.validUntil} starts on or after it ends`);
        if (j > 0 && h.validFrom && h.validFrom < sorted[j - 1]!.validUntil) at('history', `history entries overlap before ${sorted[j - 1]!.validUntil}`);
      });
      if (o.onDemandValidFrom && sorted.length && o.onDemandValidFrom < sorted.at(-1)!.validUntil)
        at('onDemandValidFrom', `current price starts before the last history entry ends (${sorted.at(-1)!.validUntil})`);
      if (!f.builtin && offersById.has(o.id)) overridden.push(o.id);
      offersById.set(o.id, o);
    });
  }

  const onprem = mergeKeyed(onpremFiles, { gpuPurchase: (x) => String(x.gpuId), servers: byId, serverTypes: byId, pue: byId, electricity: byId, colocation: byId }, overridden, ONPREM_FILE);
  const onpremPath = onpremFiles.at(-1)?.path;
  if (onpremFiles.length) {
    for (const g of onprem.gpuPurchase ?? []) if (!gpuIds.includes(g.gpuId)) problems.push({ file: onpremPath, path: 'gpuPurchase', message: `unknown GPU "${g.gpuId}"`, hint: didYouMean(g.gpuId, gpuIds) });
    for (const s of onprem.servers ?? []) if (!gpuIds.includes(s.gpuId)) problems.push({ file: onpremPath, path: 'servers', message: `unknown GPU "${s.gpuId}"`, hint: didYouMean(s.gpuId, gpuIds) });
    const checkDefault = (id: string | undefined, list: { id: string }[] | undefined, key: string) => {
      const ids = (list ?? []).map((x) => x.id);
      if (id !== undefined && !ids.includes(id)) problems.push({ file: onpremPath, path: key, message: `"${id}" is not in the list`, hint: didYouMean(id, ids) });
    };
    // One server type per GPU form factor, so the host of a GPU is never ambiguous.
    const hostOf = new Map<string, string>();
    for (const t of onprem.serverTypes ?? []) for (const f of t.formFactors) {
      const other = hostOf.get(f);
      if (other !== undefined && other !== t.id) problems.push({ file: onpremPath, path: 'serverTypes', message: `form factor "${f}" is listed by both "${other}" and "${t.id}"`, hint: 'list each form factor in one server type' });
      hostOf.set(f, t.id);
    }
    checkDefault(onprem.defaultPueId, onprem.pue, 'defaultPueId');
    checkDefault(onprem.defaultElectricityId, onprem.electricity, 'defaultElectricityId');
  }
  const apiExtras = mergeKeyed(extrasFiles, {
    batch: (x) => String(x.provider),
    serviceTiers: (x) => `${String(x.provider)}/${String(x.tier)}`,
    models: (x) => `${String(x.provider)}/${String(x.model)}/${String(x.tier ?? 'standard')}`,
  }, overridden, API_EXTRAS_FILE);

  if (problems.length) throw new InputError(problems);
  const offerEntries = [...offersById.values()];
  return { offers: offerEntries.map((e) => priceOfferAsOf(e, asOf)), offerEntries, onprem, apiExtras, dirs, overridden };
}

/** Find an offer by id; unknown → InputError with did-you-mean over offer ids. */
export function resolveOffer(offers: readonly CloudGpuOffer[], id: string, flag?: string): CloudGpuOffer {
  const hit = offers.find((o) => o.id === id.toLowerCase());
  if (hit) return hit;
  const ids = offers.map((o) => o.id);
  throw new InputError([{ path: flag, message: `unknown cloud offer "${id}"`, hint: didYouMean(id.toLowerCase(), ids) ?? 'ids are listed in catalogs/cloud-gpu-prices.yaml' }]);
}
