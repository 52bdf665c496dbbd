// Your own prices (scenario `pricing:`, issue 11): each replaces the catalog figure, is marked "yours", and
// changes the answer by exactly what it should; a misspelt key is an error, not a silent no-op.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'llmplan-pricing-'));
const chatbot = readFileSync('scenarios/chatbot.yaml', 'utf8');
function scenario(name: string, extra: string, base = chatbot): string {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, `${base}\n${extra}\n`);
  return f;
}
type Option = { id: string; kind: string; monthlyCostUsd: number | null; capitalUsd: number | null; missingPriceReason: string | null; prices: { what: string; source: string; value: number }[] };
async function tco(file: string) {
  const r = await cli(['tco', '--scenario', file, '--as-of', '2026-11-23', '--all', '--json']);
  expect([0, 1], r.stderr).toContain(r.code);
  const j = JSON.parse(r.stdout) as { options: Option[]; yourPrices: { key: string; value: number; catalogValue: number | null }[] };
  return { j, by: Object.fromEntries(j.options.map((o) => [o.id, o])) as Record<string, Option> };
}

describe('scenario pricing:', () => {
  test('a cloud discount scales every price of that provider and only that one', async () => {
    const base = await tco(scenario('base', ''));
    const own = await tco(scenario('aws-half', 'pricing:\n  cloudDiscounts: { aws: 0.5 }'));
    const aws = base.j.options.filter((o) => o.kind === 'cloud' && o.id.includes(':aws-') && o.monthlyCostUsd !== null);
    expect(aws.length).toBeGreaterThan(0);
    for (const o of aws) expect(own.by[o.id]!.monthlyCostUsd).toBeCloseTo(o.monthlyCostUsd! * 0.5, 1); // JSON rounds to cents
    const gcp = base.j.options.filter((o) => o.kind === 'cloud' && o.id.includes(':gcp-') && o.monthlyCostUsd !== null);
    for (const o of gcp) expect(own.by[o.id]!.monthlyCostUsd).toBeCloseTo(o.monthlyCostUsd!, 6);
    expect(own.j.yourPrices).toContainEqual(expect.objectContaining({ key: 'pricing.cloudDiscounts.aws', value: 0.5 }));
    expect(own.by[aws[0]!.id]!.prices[0]!.source).toContain('yours: scenario pricing.cloudDiscounts.aws = 0.5');
  });

  test('owned GPUs need no purchase; power at your electricity price; both shown as yours beside the catalog figure', async () => {
    const base = await tco(scenario('base2', ''));
    const own = await tco(scenario('owned', 'pricing:\n  electricityUsdPerKWh: 0.60\n  ownedGpus: { h100-sxm-80gb: 8 }'));
    const h100 = Object.keys(own.by).find((id) => id.startsWith('onprem:') && id.endsWith(':h100-sxm-80gb'))!;
    expect(own.by[h100]!.capitalUsd).toBe(0);
    expect(base.by[h100]!.capitalUsd).toBeGreaterThan(0);
    const power = (o: Option) => o.prices.find((p) => p.what === 'electricity')!;
    expect(power(own.by[h100]!).value).toBe(0.6);
    expect(power(own.by[h100]!).source).toMatch(/^yours: scenario pricing\.electricityUsdPerKWh \(catalog: 0\.0895,/);
    expect(own.j.yourPrices).toContainEqual({ key: 'pricing.electricityUsdPerKWh', value: 0.6, unit: 'USD/kWh', catalogValue: 0.0895, catalogSource: expect.stringContaining('EIA') });
  });

  test('an EU site is not costed with US electricity: no price until you give one', async () => {
    const eu = chatbot.replace('regions: [us-east-1]', 'regions: [eu]');
    const none = await tco(scenario('eu', '', eu));
    const onprem = none.j.options.filter((o) => o.kind === 'onprem');
    expect(onprem.length).toBeGreaterThan(0);
    for (const o of onprem) expect(o.missingPriceReason ?? '').toMatch(/no electricity price for a site in "eu".*pricing\.electricityUsdPerKWh|no purchase price/);
    const mine = await tco(scenario('eu-mine', 'pricing:\n  electricityUsdPerKWh: 0.21', eu));
    expect(mine.j.options.filter((o) => o.kind === 'onprem' && o.monthlyCostUsd !== null).length).toBeGreaterThan(0);
  });

  test('a misspelt GPU or provider key is exit 2 with its place and a did-you-mean', async () => {
    const f = scenario('typo', 'pricing:\n  gpuPurchaseUsd: { h100-sxm-80g: 24000 }\n  cloudDiscounts: { amazon: 0.1 }');
    const r = await cli(['tco', '--scenario', f, '--as-of', '2026-11-23']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/typo\.yaml:\d+:\d+ +pricing\.gpuPurchaseUsd\.h100-sxm-80g +unknown GPU "h100-sxm-80g" \(did you mean "h100-sxm-80gb"\?\)/);
    expect(r.stderr).toMatch(/pricing\.cloudDiscounts\.amazon +unknown cloud provider "amazon"/);
  });
});
