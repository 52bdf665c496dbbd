import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { cli, catalog } from './helpers.ts';
import { compareSeedCalculator, renderSeedComparison, seedCalculateGpuMemory } from '../src/tools/seed-calculator.ts';

describe('llmplan size', () => {
  test('--json carries the documented keys with units in their names', async () => {
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    const row = j.results[0];
    for (const k of ['weightsBytes', 'kvBytesPerToken', 'kvCacheBytes', 'kvCapacityTokens', 'maxConcurrentSequences', 'fits', 'minTensorParallel']) expect(row).toHaveProperty(k);
    expect(row.kvBytesPerToken).toBe(131072);
    expect(row.weightsBytes).toBe(16060522496);
    expect(row.fits).toBe(true);
    expect(row.minTensorParallel).toBe(1);
  });
  test('human output shows breakdown, bar, capacity and fit', async () => {
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('KV per token');
    expect(r.stdout).toContain('131,072 B');
    expect(r.stdout).toMatch(/blocks of 16/);
    expect(r.stdout).toMatch(/\[█+▓*▒+░+\]/);
    expect(r.stderr).toBe('');
  });
  test('without --gpu: one row per catalog GPU', async () => {
    const r = await cli(['size', '--model', 'llama-3.1-70b', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.results.map((x: { gpu: string }) => x.gpu)).toEqual(catalog().gpus.map((g) => g.id));
    const h100 = j.results.find((x: { gpu: string }) => x.gpu === 'h100-sxm-80gb');
    // TP 2: 65.71 GiB of weights a GPU leave 1.55 GiB of KV at 0.9, one 8,192-token sequence of 1.25 GiB.
    expect(h100.minTensorParallel).toBe(2);
    expect(j.results.find((x: { gpu: string }) => x.gpu === 'h200-sxm-141gb').minTensorParallel).toBe(2);
  });
  test('the profiling peak names the pass that sets it: the sampler at 1,024 sequences, the forward pass at 256', async () => {
    const j = JSON.parse((await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--json'])).stdout).results[0];
    expect(j.forwardPassBytes).toBe(8192 * 131_072);
    expect(j.samplerPassBytes).toBeCloseTo(1024 * 128_256 * 15.6, 0);
    expect(j.activationBytes).toBe(Math.max(j.forwardPassBytes, j.samplerPassBytes));
    const text = (await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Profiling peak: the larger of the sampler pass 1.91 GiB (max_num_seqs × vocabulary) and the forward pass 1.00 GiB');
    const fewer = (await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--max-num-seqs', '256'])).stdout.replace(/\s+/g, ' ');
    expect(fewer).toContain('Profiling peak: the larger of the forward pass 1.00 GiB (max_num_batched_tokens) and the sampler pass 488.5 MiB');
  });
  test('--catalog-dir catalogs/vllm-0.9: the vLLM 0.9 profile, with its own levers for the same Qwen3-32B case', async () => {
    const r = await cli(['size', '--model', 'qwen3-32b', '--gpu', 'h100-sxm-80gb', '--context', '32k', '--tp', '1', '--catalog-dir', 'catalogs/vllm-0.9', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('note: user catalog replaces "vllm"');
    const row = JSON.parse(r.stdout).results[0];
    // 0.9 × 79.15 GiB − 61.02 GiB − (1.64 GiB forward + 1,024 × 151,936 × 22 B sampler) − 0.1 GiB = 5.28 GiB.
    expect(row.kvCacheBytes / 2 ** 30).toBeCloseTo(5.28, 2);
    expect(row.fitOptions.map((o: { setting: string; value: unknown }) => [o.setting, o.value])).toEqual([
      ['memory-fraction', 0.94],
      ['kv-dtype', 'fp8'],
      ['max-num-seqs', 151],
      ['context', 21632],
      ['tensor-parallel', 2],
    ]);
  });
  test('Qwen3-32B on one H100 at 32k: not a flat no, the settings it fits with (exit 1 at --tp 1)', async () => {
    const r = await cli(['size', '--model', 'qwen3-32b', '--gpu', 'h100-sxm-80gb', '--context', '32k', '--tp', '1', '--json']);
    expect(r.code).toBe(1);
    const row = JSON.parse(r.stdout).results[0];
    expect(row.fits).toBe(false);
    expect(row.fitOptions.map((o: { setting: string; value: unknown }) => [o.setting, o.value])).toEqual([
      ['memory-fraction', 0.91],
      ['kv-dtype', 'fp8'],
      ['max-num-seqs', 888],
      ['context', 31536],
      ['tensor-parallel', 2],
    ]);
    const text = await cli(['size', '--model', 'qwen3-32b', '--gpu', 'h100-sxm-80gb', '--context', '32k']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Fits on TP 1 with (any one)');
    expect(text.stdout).toContain('--memory-fraction 0.91 (--gpu-memory-utilization)');
    // The suggestion is checkable with llmplan itself.
    const check = await cli(['size', '--model', 'qwen3-32b', '--gpu', 'h100-sxm-80gb', '--context', '32k', '--tp', '1', '--max-num-seqs', '888', '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).results[0].fitOptions).toEqual([]);
  });
  test('--max-num-seqs takes a positive whole number', async () => {
    const r = await cli(['size', '--model', 'qwen3-32b', '--gpu', 'h100-sxm-80gb', '--max-num-seqs', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-num-seqs must be a positive whole number');
  });
  test('unknown model: did-you-mean, exit 2, no stack', async () => {
    const r = await cli(['size', '--model', 'llama-3.1-8', '--gpu', 'h100-sxm-80gb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "llama-3.1-8b"');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
  test('unknown GPU: did-you-mean', async () => {
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80g']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"h100-sxm-80gb"');
  });
  test.each([
    [['--tp', '3'], /does not divide the 32 attention heads/],
    [['--context', '0'], /--context must be a positive whole number/],
    [['--context', '-5'], /error/],
    [['--context', 'abc'], /--context must be a positive whole number/],
    [['--weights', 'nvfp4'], /need Blackwell/],
    [['--tp', '2.5'], /--tp must be a positive whole number/],
    [['--memory-fraction', '1.5'], /in \(0, 1\]/],
    [['--weights', 'fp4'], /Allowed choices/],
  ])('bad input %j → one clear line, exit 2', async (extra, message) => {
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(r.stderr + r.stdout).not.toMatch(/NaN|Infinity/);
  });
  test('fp8 on Ampere is allowed with a note', async () => {
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'a100-sxm-80gb', '--weights', 'fp8']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('weight-only');
  });
  test('context beyond the model maximum is an error', async () => {
    const r = await cli(['size', '--model', 'llama-2-7b', '--gpu', 'h100-sxm-80gb', '--context', '8192']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('maximum of 4096');
  });
  test('without --context, a model whose maximum is below 8,192 is planned at its maximum (Llama 2: 4,096)', async () => {
    const r = await cli(['size', '--model', 'llama-2-7b', '--gpu', 'a100-sxm-80gb', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).results[0].contextTokens).toBe(4096);
    expect(r.stderr).toContain('planning 4,096 tokens');
    const every = await cli(['size', '--model', 'llama-2-7b']);
    expect(every.code, every.stderr).toBe(0);
    const longer = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--json']);
    expect(JSON.parse(longer.stdout).results[0].contextTokens).toBe(8192);
    expect(longer.stderr).toBe('');
  });
  test.each([
    ['32k', 32768],
    ['128K', 131072],
    ['1M', 1048576],
    ['1.5k', 1536],
    ['8_192', 8192],
  ])('--context %s = %i tokens', async (flag, tokens) => {
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h200-sxm-141gb', '--context', flag, '--json']);
    if (tokens > 131072) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`context ${tokens} exceeds`);
    } else {
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).results[0].contextTokens).toBe(tokens);
    }
  });
  test.each(['32q', '1.0001k', '0k', 'k'])('--context %s is refused with the expected form', async (flag) => {
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--context', flag]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--context must (be|come to) a positive whole number/);
  });
  test('a user catalog dir adds a GPU without editing the package', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'llmplan-cat-'));
    const src = readFileSync('catalogs/gpus.yaml', 'utf8');
    const entry = src.slice(src.indexOf('  - id: l4-24gb'), src.indexOf('  - id: l40s-48gb')).replace('id: l4-24gb', 'id: my-l4-24gb').replace(/aliases: \[[^\]]*\]/, 'aliases: []');
    writeFileSync(join(dir, 'gpus.yaml'), `schemaVersion: 1\ngpus:\n${entry}`);
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'my-l4-24gb', '--catalog-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].gpu).toBe('my-l4-24gb');
  });
  test('a broken user catalog: file:line:col and did-you-mean for a misspelt key', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'llmplan-cat-'));
    writeFileSync(join(dir, 'models.yaml'), 'schemaVersion: 1\nmodels:\n  - id: x\n    nmae: y\n');
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--catalog-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/models\.yaml:4:5 +models\.0\.nmae +unknown key "nmae" \(did you mean "name"\?\)/);
  });
});

describe('llmplan catalog', () => {
  test('gpus lists every GPU with its read-on date and age', async () => {
    const r = await cli(['catalog', 'gpus', '--as-of', '2026-12-01']);
    expect(r.code).toBe(0);
    for (const g of catalog().gpus) expect(r.stdout).toContain(g.id);
    expect(r.stdout).toMatch(/2026-11-2\d \(\d+ d\)/);
  });
  test('models --json has every catalog model with source', async () => {
    const r = await cli(['catalog', 'models', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.models.length).toBeGreaterThanOrEqual(32);
    for (const m of j.models) expect(m.source.length).toBeGreaterThan(3);
  });
  test('unknown command gets a suggestion and exit 2', async () => {
    const r = await cli(['sise']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('size');
  });
});

describe('seed 002 memory calculator', () => {
  test('its formula, transcribed: 8B fp16 → 6 layers × 11,585 hidden, 18.74 GB', () => {
    const s = seedCalculateGpuMemory(8, 'fp16');
    expect(s.numLayers).toBe(6);
    expect(s.hiddenSize).toBe(11585);
    expect(s.totalGb).toBeCloseTo(18.739, 2);
  });
  test('docs/seed-002-memory-calculator.md is current', () => {
    expect(readFileSync('docs/seed-002-memory-calculator.md', 'utf8')).toContain(renderSeedComparison(compareSeedCalculator(catalog())));
  });
});
