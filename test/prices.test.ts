// Price catalogs: shape, cross-references, derived per-GPU-hour figures, --as-of selection, genai-prices wrapper.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG_DIR } from '../src/catalog/load.ts';
import { GENAI_PRICES_VERSION, GENAI_PROVIDER_IDS, listApiModels, lookupApiPrice } from '../src/catalog/api-prices.ts';
import { usdPerMTok } from '../src/catalog/price-schema.ts';
import { isKnownPrice, loadPriceCatalogs, priceAgeDays, priceOfferAsOf, resolveOffer, type CloudGpuOffer } from '../src/catalog/prices.ts';
import { InputError } from '../src/errors.ts';
import { catalog } from './helpers.ts';

const gpuIds = () => catalog().gpus.map((g) => g.id);
const AS_OF = '2026-11-23';
const load = (dirs = [BUILTIN_CATALOG_DIR], asOf = AS_OF) => loadPriceCatalogs(dirs, gpuIds(), asOf);
const bundled = await load();
const offer = (id: string): CloudGpuOffer => resolveOffer(bundled.offers, id);

describe('cloud GPU price catalog', () => {
  it('validates, and every offer names a GPU from catalogs/gpus.yaml', () => {
    const c = bundled;
    expect(c.offers.length).toBeGreaterThanOrEqual(50);
    for (const o of c.offers) expect(gpuIds()).toContain(o.gpuId);
  });

  it('covers every provider the brief names', () => {
    const providers = new Set(bundled.offers.map((o) => o.provider));
    for (const p of ['aws', 'gcp', 'azure', 'lambda', 'runpod', 'coreweave', 'nebius']) expect(providers).toContain(p);
  });

  it('p5.48xlarge: $55.04 per instance-hour is $6.88 per GPU-hour (8 x H100), rented whole', () => {
    const p5 = offer('aws-p5.48xlarge-us-west-2');
    expect(p5.gpuId).toBe('h100-sxm-80gb');
    expect(p5.minimumUnitGpus).toBe(8);
    expect(p5.onDemand.usdPerHour).toBe(55.04);
    expect(p5.onDemand.usdPerGpuHour).toBeCloseTo(6.88, 10);
  });

  it('g5.12xlarge: $5.672 / 4 A10G = $1.418 per GPU-hour; spot range is per instance too', () => {
    const g5 = offer('aws-g5.12xlarge-us-west-2');
    expect(g5.onDemand.usdPerGpuHour).toBeCloseTo(1.418, 10);
    if (!('low' in g5.spot)) throw new Error('expected a spot range');
    expect(g5.spot.low.usdPerHour).toBe(2.941);
    expect(g5.spot.low.usdPerGpuHour).toBeCloseTo(0.73525, 10);
  });

  it('unknown prices are null with a reason, never 0', () => {
    const c = bundled;
    let nulls = 0;
    for (const o of c.offers) {
      for (const p of [o.onDemand, o.commit1y, o.commit3y, ...('low' in o.spot ? [o.spot.low, o.spot.high] : [o.spot])]) {
        if (isKnownPrice(p)) expect(p.usdPerHour).toBeGreaterThan(0);
        else {
          nulls++;
          expect(p.usdPerGpuHour).toBeNull();
          expect(p.reason.length).toBeGreaterThan(10);
        }
      }
    }
    expect(nulls).toBeGreaterThan(0);
    expect(offer('aws-p5e.48xlarge-us-west-2').onDemand.usdPerHour).toBeNull();
  });

  it('--as-of picks the pre-June-2025 p5 price from history, and refuses to invent spot for that date', () => {
    const entry = bundled.offerEntries.find((e) => e.id === 'aws-p5.48xlarge-us-west-2')!;
    const before = priceOfferAsOf(entry, '2025-03-01');
    expect(before.onDemandFrom).toBe('history');
    expect(before.onDemand.usdPerHour).toBe(98.32);
    expect(before.onDemand.usdPerGpuHour).toBeCloseTo(12.29, 10);
    expect('low' in before.spot).toBe(false);
    const after = priceOfferAsOf(entry, '2025-06-01');
    expect(after.onDemandFrom).toBe('current');
    expect(after.onDemand.usdPerHour).toBe(55.04);
  });

  it('priceAgeDays counts whole UTC days', () => {
    expect(priceAgeDays('2026-09-08', '2026-11-23')).toBe(76);
    expect(priceAgeDays('2026-11-23', new Date('2026-11-23T23:59:00Z'))).toBe(0);
    expect(priceAgeDays('2026-11-24', '2026-11-23')).toBe(-1);
  });

  it('a user catalog dir adds offers, replaces by id, and gets located errors with did-you-mean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmplan-prices-'));
    const row = (id: string, gpu: string, usd: number) => `  - id: ${id}
    provider: aws
    instanceType: my-box
    gpuId: ${gpu}
    gpuCount: 8
    region: on-prem-quote
    gpuIncludedInPrice: true
    minimumUnitGpus: 8
    onDemandUsdPerHour: { value: ${usd}, source: "our 2026 quote", readOn: 2026-11-01 }
    spotUsdPerHour: { value: null, reason: "no spot market" }
    commit1yUsdPerHour: { value: null, reason: "not quoted" }
    commit3yUsdPerHour: { value: null, reason: "not quoted" }
    interruptionNote: "dedicated"
`;
    writeFileSync(join(dir, 'cloud-gpu-prices.yaml'), `schemaVersion: 1\noffers:\n${row('aws-p5.48xlarge-us-west-2', 'h100-sxm-80gb', 40)}${row('my-h100-box', 'h100-sxm-80gb', 30)}`);
    const c = await load([BUILTIN_CATALOG_DIR, dir]);
    expect(c.overridden).toContain('aws-p5.48xlarge-us-west-2');
    expect(resolveOffer(c.offers, 'aws-p5.48xlarge-us-west-2').onDemand.usdPerGpuHour).toBe(5);
    expect(resolveOffer(c.offers, 'my-h100-box').onDemand.usdPerHour).toBe(30);

    writeFileSync(join(dir, 'cloud-gpu-prices.yaml'), `schemaVersion: 1\noffers:\n${row('bad-gpu', 'h100-sxm-80', 30)}`);
    const err = await load([BUILTIN_CATALOG_DIR, dir]).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const problem = (err as InputError).problems[0]!;
    expect(problem.line).toBe(6);
    expect(problem.hint).toContain('h100-sxm-80gb');
  });

  it('a misspelt key is a located error with a suggestion', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmplan-prices-'));
    const text = readFileSync(join(BUILTIN_CATALOG_DIR, 'cloud-gpu-prices.yaml'), 'utf8').replace('onDemandUsdPerHour:', 'onDemandUsdPerHr:');
    writeFileSync(join(dir, 'cloud-gpu-prices.yaml'), text);
    try {
      await load([BUILTIN_CATALOG_DIR, dir]);
      expect.unreachable();
    } catch (e) {
      const p = (e as InputError).problems.find((x) => x.message.includes('onDemandUsdPerHr'))!;
      expect(p.hint).toContain('onDemandUsdPerHour');
      expect(p.line).toBeGreaterThan(1);
    }
  });
});

describe('on-prem and api-extras catalogs', () => {
  it('load with their defaults resolvable and electricity in USD (not cents) per kWh', () => {
    const { onprem } = bundled;
    expect(onprem.pue.map((p) => p.id)).toContain(onprem.defaultPueId);
    for (const e of onprem.electricity) if (e.usdPerKwh.value !== null) expect(e.usdPerKwh.value).toBeLessThan(1);
    expect(onprem.colocation[0]!.usdPerKwMonth.value).toBe(184.06);
  });

  it('refuses a per-token or per-1K price written where USD per 1M tokens is expected', () => {
    expect(usdPerMTok.safeParse({ value: 0.15, source: 'genai-prices', readOn: '2026-09-23' }).success).toBe(true);
    expect(usdPerMTok.safeParse({ value: 1.5e-7, source: 'litellm per-token', readOn: '2026-09-23' }).success).toBe(false);
    expect(usdPerMTok.safeParse({ value: 0.00015, source: 'per-1K slip', readOn: '2026-09-23' }).success).toBe(false);
  });
});

describe('genai-prices wrapper', () => {
  it('the installed package is the pinned version', () => {
    const pkg = JSON.parse(readFileSync('node_modules/@pydantic/genai-prices/package.json', 'utf8')) as { version: string };
    const ours = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.version).toBe(GENAI_PRICES_VERSION);
    expect(ours.dependencies['@pydantic/genai-prices']).toBe(GENAI_PRICES_VERSION);
  });

  it('openai gpt-4o-mini: $0.15 in / $0.60 out / $0.075 cached per MTok, data of 2026-09-23, batch 0.5', async () => {
    const p = await lookupApiPrice('openai', 'gpt-4o-mini', new Date(AS_OF), { extras: bundled.apiExtras });
    expect(p).toMatchObject({
      kind: 'price', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, cacheReadUsdPerMTok: 0.075, cacheWriteUsdPerMTok: null,
      source: 'genai-prices 0.1.8', dataDate: '2026-09-23', batchMultiplier: 0.5,
    });
  });

  it('follows dated history: o3 was $10/$40 before 2025-06-10 and $2/$8 after', async () => {
    const before = await lookupApiPrice('openai', 'o3', new Date('2025-06-01'));
    const after = await lookupApiPrice('openai', 'o3', new Date('2025-07-01'));
    expect(before).toMatchObject({ inputUsdPerMTok: 10, outputUsdPerMTok: 40 });
    expect(after).toMatchObject({ inputUsdPerMTok: 2, outputUsdPerMTok: 8, priceStartDate: '2025-06-10' });
  });

  it('reports context tiers: claude-sonnet-4-5 above 200k input tokens', async () => {
    const p = await lookupApiPrice('anthropic', 'claude-sonnet-4-5', new Date(AS_OF));
    if (p.kind !== 'price') throw new Error(p.reason);
    expect(p.inputUsdPerMTok).toBe(3);
    expect(p.tiers).toEqual([{ aboveInputTokens: 200000, inputUsdPerMTok: 6, outputUsdPerMTok: 22.5, cacheReadUsdPerMTok: 0.6, cacheWriteUsdPerMTok: 7.5 }]);
  });

  it('Bedrock Llama 3.1 70B is $0.72/$0.72 in genai-prices (litellm Sep-2025 said 0.99)', async () => {
    expect(await lookupApiPrice('aws', 'meta.llama3-1-70b-instruct-v1:0', new Date(AS_OF))).toMatchObject({ inputUsdPerMTok: 0.72, outputUsdPerMTok: 0.72 });
  });

  it('missing prices are a reason and suggestions, never 0', async () => {
    const typo = await lookupApiPrice('openai', 'gpt-4o-minii', new Date(AS_OF));
    expect(typo).toMatchObject({ kind: 'missing' });
    if (typo.kind === 'missing') expect(typo.suggestions.join()).toContain('gpt-4o-mini');
    const provider = await lookupApiPrice('opnai', 'gpt-4o', new Date(AS_OF));
    if (provider.kind !== 'missing') throw new Error('expected missing');
    expect(provider.suggestions.join()).toContain('openai');
    const fw = await lookupApiPrice('fireworks', 'accounts/fireworks/models/llama-v3p1-70b-instruct', new Date(AS_OF), { extras: bundled.apiExtras });
    expect(fw.kind).toBe('missing');
  });

  it('priority tier uses api-extras rows (gpt-5 $2.50/$20) and flat multipliers (gemini 1.8x)', async () => {
    const extras = bundled.apiExtras;
    expect(await lookupApiPrice('openai', 'gpt-5', new Date(AS_OF), { extras, tier: 'priority' })).toMatchObject({ inputUsdPerMTok: 2.5, outputUsdPerMTok: 20 });
    const flash = await lookupApiPrice('google', 'gemini-2.5-flash', new Date(AS_OF), { extras, tier: 'priority' });
    if (flash.kind !== 'price') throw new Error(flash.reason);
    expect(flash.inputUsdPerMTok).toBeCloseTo(0.3 * 1.8, 10);
    const batch = await lookupApiPrice('openai', 'gpt-4o-mini', new Date(AS_OF), { extras, tier: 'batch' });
    expect(batch).toMatchObject({ inputUsdPerMTok: 0.075, outputUsdPerMTok: 0.3 });
  });

  it('every listed provider id resolves, and listApiModels feeds did-you-mean', async () => {
    const all = await listApiModels();
    expect(new Set(all.map((m) => m.provider)).size).toBe(GENAI_PROVIDER_IDS.length);
    expect(all).toContainEqual({ provider: 'openai', model: 'gpt-4o-mini' });
  });
});
