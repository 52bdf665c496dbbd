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

describe('price rules', () => {
  const base = (extra: string) => chatbot.replace('regions: [us-east-1]', 'regions: []') + extra;

  test('time-of-day prices: each hour of the weekly curve at the price in force then, blended by its requests', async () => {
    const f = scenario('deepseek', '', base('').replace('    model: gpt-4o-mini', '    model: gpt-4o-mini\n  - provider: deepseek\n    model: deepseek-chat'));
    const { by } = await tco(f);
    const input = by['api:deepseek/deepseek-chat']!.prices.find((p) => p.what === 'input')!;
    // $0.27 00:30–16:30 UTC, $0.135 otherwise (genai-prices 0.1.8): a US-business-hours curve pays between the two,
    // not the off-peak price that a midnight-UTC lookup gave before.
    expect(input.value).toBeGreaterThan(0.135 + 0.01);
    expect(input.value).toBeLessThan(0.27 - 0.01);
    expect(input.source).toMatch(/time-of-day prices .* \$0\.27\/\$1\.1 for \d+% of requests, \$0\.135\/\$0\.55 for \d+% of requests; blended/);
  });

  test('an embedding API bills input only: queries cost cents a month, the corpus is priced once', async () => {
    const { by } = await tco('scenarios/semantic-search.yaml');
    const o = by['api:openai/text-embedding-3-small']!;
    // 400M corpus tokens × $0.02/MTok × 0.5 (batch API) = $4.00 once; the queries: 1.3M tokens/month × $0.02.
    expect(o.monthlyCostUsd).toBeGreaterThan(4);
    expect(o.monthlyCostUsd).toBeLessThan(4.1);
  });

  test('a misspelt API model is exit 2 at its line with a did-you-mean', async () => {
    const f = scenario('api-typo', '', chatbot.replace('model: gpt-4o-mini', 'model: gpt-4o-mimi'));
    const r = await cli(['tco', '--scenario', f, '--as-of', '2026-11-23']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/api-typo\.yaml:\d+:\d+ +api\.1\.model +genai-prices 0\.1\.8 has no openai model matching "gpt-4o-mimi" \(did you mean "gpt-4o-mini"\?\)/);
  });

  test('regions: an exact id admits that region only; a jurisdiction every region in it; an unknown name is exit 2', async () => {
    const east = await tco(scenario('east', '', chatbot));
    const cloudRegions = (o: { options: Option[] }) => new Set(o.options.filter((x) => x.kind === 'cloud').map((x) => x.id));
    expect([...cloudRegions(east.j)].every((id) => id.includes('us-east-1'))).toBe(true);
    const us = await tco(scenario('us', '', chatbot.replace('regions: [us-east-1]', 'regions: [us]')));
    expect([...cloudRegions(us.j)].some((id) => id.includes('us-west-2') || id.includes('us-central1'))).toBe(true);
    const r = await cli(['tco', '--scenario', scenario('nowhere', '', chatbot.replace('regions: [us-east-1]', 'regions: [germany-central]')), '--as-of', '2026-11-23']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nowhere\.yaml:\d+:\d+ +constraints\.regions\.0 +unknown region "germany-central".*jurisdiction "eu"/);
  });

  test('hosted APIs and residency: Bedrock runs in the endpoint region; the standard OpenAI API does not stay in one', async () => {
    const { by } = await tco(scenario('resid', '', chatbot));
    const openai = by['api:openai/gpt-4o-mini'] as Option & { eligible?: boolean; ineligibleReason?: string };
    const bedrock = Object.entries(by).find(([id]) => id.startsWith('api:aws/'))![1] as Option & { eligible?: boolean };
    expect(openai.eligible).toBe(false);
    expect(openai.ineligibleReason).toMatch(/global infrastructure/);
    expect(bedrock.eligible).toBe(true);
  });
});
