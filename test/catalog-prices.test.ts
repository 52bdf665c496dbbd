// `llmplan catalog offers | api | onprem`: price rows with their age, filters, and located errors.
import { describe, expect, test } from 'vitest';
import { cli } from './helpers.ts';

const json = async (args: string[]) => {
  const r = await cli(args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown> & { offers: Record<string, unknown>[]; prices: Record<string, unknown>[]; rows: Record<string, unknown>[] };
};

describe('catalog offers', () => {
  test('per-GPU price = instance price / GPUs, age = days from readOn to --as-of', async () => {
    const j = await json(['catalog', 'offers', '--as-of', '2026-11-30', '--json']);
    const g5 = j.offers.find((o) => o.id === 'aws-g5.12xlarge-us-west-2')!;
    // $5.672 per hour for 4 × A10G = $1.418 per GPU-hour; read 2026-09-08 → 83 days on 2026-11-30.
    expect(g5).toMatchObject({ provider: 'aws', region: 'us-west-2', gpuId: 'a10g-24gb', gpuCount: 4, onDemandUsdPerHour: 5.672, readOn: '2026-09-08', ageDays: 83 });
    expect(g5.onDemandUsdPerGpuHour).toBeCloseTo(1.418, 9);
    expect(g5.commit1yUsdPerGpuHour).toBeNull();
    expect(g5.commit1yMissingReason).toMatch(/not found/);
    expect(j.summary).toMatchObject({ offers: j.offers.length });
  });

  test('--gpu resolves an alias, --region a jurisdiction', async () => {
    const j = await json(['catalog', 'offers', '--gpu', 'h100-sxm-80gb', '--region', 'eu', '--json']);
    expect(j.offers.length).toBeGreaterThan(0);
    for (const o of j.offers) expect(o).toMatchObject({ gpuId: 'h100-sxm-80gb', jurisdiction: 'eu' });
  });

  test('an unknown provider is exit 2 with a suggestion', async () => {
    const r = await cli(['catalog', 'offers', '--provider', 'lamda']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "lambda"');
  });

  test('the table names the counts', async () => {
    const r = await cli(['catalog', 'offers', '--provider', 'aws', '--as-of', '2026-11-30']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ offers from 1 providers/);
    expect(r.stdout).toContain('2026-09-08 (83 d)');
  });
});

describe('catalog api', () => {
  test('api-extras rows and multipliers, dated', async () => {
    const j = await json(['catalog', 'api', '--as-of', '2026-11-30', '--json']);
    const gpt5 = j.prices.find((p) => p.origin === 'api-extras' && p.model === 'gpt-5' && p.tier === 'priority')!;
    expect(gpt5).toMatchObject({ inputUsdPerMTok: 2.5, outputUsdPerMTok: 20, readOn: '2026-11-23', ageDays: 7 });
    const batch = (j.multipliers as Record<string, unknown>[]).find((m) => m.provider === 'openai' && m.kind === 'batch')!;
    expect(batch.multiplier).toBe(0.5);
    // genai-prices 0.1.8 is dated by its npm release, 2026-09-23: 68 days before 2026-11-30.
    const genai = j.prices.filter((p) => p.origin === 'genai-prices');
    expect(genai.length).toBeGreaterThan(1000);
    expect(genai[0]).toMatchObject({ readOn: '2026-09-23', ageDays: 68 });
  });

  test('--provider lists one provider, start-dated prices picked by --as-of', async () => {
    const j = await json(['catalog', 'api', '--provider', 'anthropic', '--as-of', '2026-11-30', '--json']);
    expect(new Set(j.prices.map((p) => p.provider))).toEqual(new Set(['anthropic']));
    expect(j.prices.some((p) => p.priceStartDate !== null)).toBe(true);
    const human = await cli(['catalog', 'api', '--provider', 'deepseek']);
    expect(human.stdout).toContain('deepseek-chat');
  });

  test('an unknown provider is exit 2', async () => {
    const r = await cli(['catalog', 'api', '--provider', 'opnai']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "openai"');
  });
});

describe('catalog onprem', () => {
  test('ranges keep both ends, unknowns keep their reason, assumptions are labelled', async () => {
    const j = await json(['catalog', 'onprem', '--as-of', '2026-11-30', '--json']);
    const h100 = j.rows.find((r) => r.section === 'gpu-purchase' && r.id === 'h100-sxm-80gb')!;
    expect(h100).toMatchObject({ basis: 'range', low: 22000, high: 30000, unit: 'USD', readOn: '2026-04-03', ageDays: 241 });
    const a10 = j.rows.find((r) => r.section === 'gpu-purchase' && r.id === 'a10-24gb')!;
    expect(a10).toMatchObject({ basis: 'unknown', value: null });
    expect(a10.missingReason).toMatch(/no sourced/);
    expect(j.rows.find((r) => r.id === 'gpus-per-fte')).toMatchObject({ basis: 'assumed', value: 256 });
    expect(j.rows.filter((r) => r.section === 'pue' && r.isDefault)).toHaveLength(1);
  });

  test('issue 11, second pass: 2025 listings for L4, H100 PCIe, DGX H100 and HGX H200; the host per node then kept', async () => {
    const j = await json(['catalog', 'onprem', '--as-of', '2026-11-30', '--json']);
    const row = (section: string, id: string) => j.rows.find((r) => r.section === section && r.id === id)!;
    // Amazon buy-box (Keepa) 2025 observations: $2,500.00 on 2025-08-01 … $3,266.43 on 2025-06-09; the age is the older end's.
    expect(row('gpu-purchase', 'l4-24gb')).toMatchObject({ basis: 'range', low: 2500, high: 3266.43, readOn: '2025-06-09' });
    expect(row('gpu-purchase', 'h100-pcie-80gb')).toMatchObject({ basis: 'range', low: 24500, high: 25249.95, readOn: '2025-03-03' });
    expect(row('server', 'dgx-h100')).toMatchObject({ value: 375000, readOn: '2025-03-03' });
    expect(row('server', 'hgx-h200-epoch-2025')).toMatchObject({ value: 312667, readOn: '2025-01-31' });
  });

  test('issue 11, third pass: a host price per server type and a 2025 fabric switch price replace the 2023/2024 per-node figures', async () => {
    const j = await json(['catalog', 'onprem', '--as-of', '2026-11-30', '--json']);
    const row = (section: string, id: string) => j.rows.find((r) => r.section === section && r.id === id);
    expect(row('node', 'host-server')).toBeUndefined();
    expect(row('node', 'networking')).toBeUndefined();
    // 8-GPU baseboard server: HGX H100 server $300,000 (itctshop, 2025-12-28) − 8 × H100 SXM5 $31,250 (uvation, 2025-03-03).
    const hgx = row('node', 'host-hgx-8gpu')!;
    expect(hgx).toMatchObject({ value: 300_000 - 8 * 31_250, readOn: '2025-03-03', ageDays: 637 });
    expect(hgx.source).toMatch(/derived/);
    expect(hgx.note).toMatch(/no DGX software\/support bundle/);
    expect(row('node', 'host-pcie-gpu-server')).toMatchObject({ value: 50_000, readOn: '2025-12-28' });
    expect(row('node', 'fabric-switch')).toMatchObject({ value: 21_000, readOn: '2025-12-28' });
    expect(row('node', 'fabric-ports-hgx-8gpu')).toMatchObject({ value: 8, basis: 'sourced' });
    expect(row('node', 'fabric-ports-pcie-gpu-server')).toMatchObject({ value: 1, basis: 'assumed' });
    // Every purchase figure behind the hosts and the fabric is from 2025-2026.
    for (const r of j.rows.filter((x) => x.section === 'node' && x.basis === 'sourced' && x.id !== 'host-power')) expect(String(r.readOn) >= '2025-01-01').toBe(true);
  });
});
