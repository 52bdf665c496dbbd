// The --json contract (docs/json-output.md): each command's stdout parses and validates against its zod output
// schema. A renderer change that drops, renames or retypes a key, or leaks NaN/Infinity, fails here.
import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { outputSchemas } from '../src/io/output-schemas.ts';
import { cli } from './helpers.ts';

const CSV = '../shared/calibration/throughput-latency.csv';

async function validate(key: string, args: string[], exitCode = 0): Promise<Record<string, unknown>> {
  const r = await cli(args);
  expect(r.code, r.stderr).toBe(exitCode);
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  const result = outputSchemas[key]!.safeParse(json);
  if (!result.success) console.error(`${key} ${args.join(' ')}\n${z.prettifyError(result.error)}`);
  expect(result.success).toBe(true);
  return json;
}

describe('--json output matches its schema', () => {
  test('every output schema is keyed <command>-output', () => {
    expect(Object.keys(outputSchemas).sort()).toEqual(['calibrate-output', 'catalog-api-output', 'catalog-offers-output', 'catalog-onprem-output', 'check-output', 'perf-output', 'plan-output', 'recommend-output', 'size-output', 'tco-output']);
  });

  test.each([
    ['catalog-offers-output', ['catalog', 'offers', '--as-of', '2026-11-30', '--json']],
    ['catalog-offers-output', ['catalog', 'offers', '--gpu', 'h100-sxm-80gb', '--region', 'eu', '--json']],
    ['catalog-api-output', ['catalog', 'api', '--as-of', '2026-11-30', '--json']],
    ['catalog-api-output', ['catalog', 'api', '--provider', 'deepseek', '--json']],
    ['catalog-onprem-output', ['catalog', 'onprem', '--json']],
  ])('%s: %j', async (key, args) => {
    const j = await validate(key, args);
    expect(j.kind).toBe(key.replace(/-output$/, ''));
  });

  test.each([
    ['one GPU', ['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--json']],
    ['every GPU', ['size', '--model', 'llama-3.1-70b', '--json']],
    ['a format some GPUs cannot run', ['size', '--model', 'llama-3.1-8b', '--weights', 'nvfp4', '--json']],
    ['nothing fits up to TP 8', ['size', '--model', 'llama-3.1-405b', '--gpu', 'l4-24gb', '--json']],
  ])('size: %s', async (_name, args) => {
    const j = await validate('size-output', args);
    expect(j.kind).toBe('size');
  });

  test.each([
    ['concurrency', ['perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--isl', '1024', '--osl', '256', '--concurrency', '16', '--json']],
    ['rate, --emit-bench', ['perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--isl', '1024', '--osl', '256', '--rate', '3', '--emit-bench', '--json']],
    ['TP > 1, MoE', ['perf', '--model', 'mixtral-8x7b', '--gpu', 'h100-sxm-80gb', '--tp', '2', '--isl', '512', '--osl', '128', '--concurrency', '8', '--json']],
    ['--disagg', ['perf', '--model', 'llama-3.1-70b', '--gpu', 'h100-sxm-80gb', '--isl', '4096', '--osl', '512', '--rate', '2', '--disagg', '2:1', '--prefill-tp', '8', '--decode-tp', '4', '--json']],
  ])('perf: %s', async (_name, args) => {
    const j = await validate('perf-output', args);
    expect(j.kind).toBe('perf');
  });

  test('plan: chatbot on one GPU', async () => {
    const j = await validate('plan-output', ['plan', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80gb', '--json']);
    expect((j.options as unknown[]).length).toBe(3);
  });

  test.each(['chatbot', 'content-generation', 'semantic-search'])('plan: %s on every GPU (batch, embedding, infeasible and skipped options)', async (name) => {
    await validate('plan-output', ['plan', '--scenario', `scenarios/${name}.yaml`, '--json']);
  }, 60_000);

  test.each(['chatbot', 'content-generation', 'semantic-search'])('plan --compare-disagg: %s on every GPU (feasible, infeasible, skipped and embedding options)', async (name) => {
    await validate('plan-output', ['plan', '--scenario', `scenarios/${name}.yaml`, '--compare-disagg', '--json']);
  }, 60_000);

  // onprem-classification is over its capital budget, as the seed's own plan is: exit 1, JSON still complete.
  test.each([
    ['chatbot', 0],
    ['onprem-classification', 1],
    ['large-scale-70b', 0],
  ] as const)('tco: %s', async (name, code) => {
    const j = await validate('tco-output', ['tco', '--scenario', `scenarios/${name}.yaml`, '--as-of', '2026-11-23', '--json'], code);
    expect(j.asOf).toBe('2026-11-23');
  }, 120_000);

  test.runIf(existsSync(CSV))('calibrate: the shared measurement CSV', async () => {
    const j = await validate('calibrate-output', ['calibrate', '--data', CSV, '--json']);
    expect((j.rows as unknown[]).length).toBeGreaterThan(0);
  });

  test('calibrate rows are open: extra CSV columns pass through', () => {
    const row = { line: 2, model: 'm', gpu: 'g', num_gpus: '1', tp: '1', precision: 'bf16', engine: 'vllm', engine_version: '0', isl: '1', osl: '1', concurrency_or_batch: 'concurrency=1', metric: 'ttft_ms', value: '1', predicted: 1, ape: 0, myColumn: 'x' };
    const doc = { schemaVersion: 1, kind: 'calibrate', dataFile: 'x.csv', fitted: false, errorBasis: 'in-sample', rows: [row], unmapped: [], medianApe: {}, regimes: [] };
    expect(outputSchemas['calibrate-output']!.safeParse(doc).success).toBe(true);
  });

  test('strict objects reject an undocumented key', async () => {
    const r = await cli(['perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--isl', '128', '--osl', '128', '--concurrency', '1', '--json']);
    const j = { ...JSON.parse(r.stdout), latencyMs: 1 };
    expect(outputSchemas['perf-output']!.safeParse(j).success).toBe(false);
  });

  test.each([
    ['chatbot', ['recommend', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23', '--json'], 0],
    ['on-prem over the capital budget', ['recommend', '--scenario', 'scenarios/onprem-classification.yaml', '--as-of', '2026-11-23', '--json'], 1],
    ['one-shot', ['recommend', '--model', 'qwen3-32b', '--rate', '20', '--isl', '3000', '--osl', '400', '--ttft-p95', '0.5', '--as-of', '2026-11-23', '--json'], 0],
    ['--compare-disagg, a disaggregated winner', ['recommend', '--model', 'llama-3.1-70b', '--rate', '19', '--isl', '8000', '--osl', '300', '--ttft-p95', '3', '--tpot-p95', '0.03', '--gpu', 'h100-sxm-80gb', '--compare-disagg', '--as-of', '2026-11-23', '--json'], 0],
  ])('recommend: %s', async (_name, args, code) => {
    const j = await validate('recommend-output', args as string[], code as number);
    expect(j.kind).toBe('recommend');
  });

  test('check: over a limit, with the embedded recommendation', async () => {
    const j = await validate('check-output', ['check', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23', '--max-monthly-usd', '1', '--max-price-age-days', '30', '--json'], 1);
    expect(j.kind).toBe('check');
  });
});
