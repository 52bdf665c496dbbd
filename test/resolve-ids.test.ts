// Ambiguous short names answer with every candidate (exit 2); near misses get a did-you-mean that respects the
// model family: "llama3-70b" means Llama 3, not llama-2-70b.
import { describe, expect, test } from 'vitest';
import { candidatesFor, idTokens } from '../src/core/did-you-mean.ts';
import { catalog, cli } from './helpers.ts';

const gpus = () => catalog().gpus.map((g) => ({ id: g.id, labels: g.aliases }));
const models = () => catalog().models.map((m) => ({ id: m.id, labels: m.aliases }));

describe('candidatesFor', () => {
  test('tokens split letters from digits and keep versions whole', () => {
    expect(idTokens('llama3-70b')).toEqual(['llama', '3', '70', 'b']);
    expect(idTokens('Llama-3.1-70B')).toEqual(['llama', '3.1', '70', 'b']);
    expect(idTokens('A100 80GB')).toEqual(['a', '100', '80', 'gb']);
  });

  test('"a100" is every A100, "a100 pcie" one', () => {
    expect(candidatesFor('a100', gpus()).sort()).toEqual(['a100-pcie-80gb', 'a100-sxm-40gb', 'a100-sxm-80gb']);
    expect(candidatesFor('a100 pcie', gpus())).toEqual(['a100-pcie-80gb']);
  });

  test('a version prefix matches its point releases, not other numbers', () => {
    expect(candidatesFor('llama3-70b', models()).sort()).toEqual(['llama-3.1-70b', 'llama-3.3-70b']);
    expect(candidatesFor('llama-3-70b', models())).not.toContain('llama-2-70b');
    // "3" is a version prefix of "3.1", not a prefix of "30".
    const items = [{ id: 'm-3.1-8b', labels: [] }, { id: 'm-30b', labels: [] }];
    expect(candidatesFor('m3', items)).toEqual(['m-3.1-8b']);
  });

  test('ids before aliases: "deepseek" is the DeepSeek ids, not a distilled Llama aliased as DeepSeek', () => {
    expect(candidatesFor('deepseek', models())).not.toContain('llama-3.1-8b');
  });
});

describe('--gpu and --model with a short name', () => {
  test('size --gpu a100: exit 2, every candidate listed', async () => {
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'a100']);
    expect(r.code).toBe(2);
    for (const id of ['a100-sxm-40gb', 'a100-sxm-80gb', 'a100-pcie-80gb']) expect(r.stderr).toContain(`"${id}"`);
    expect(r.stderr).toContain('ambiguous GPU "a100"');
    expect(r.stdout).toBe('');
  });

  test('size --model llama3-70b suggests Llama 3 ids, not llama-2-70b', async () => {
    const r = await cli(['size', '--model', 'llama3-70b', '--gpu', 'h100-sxm-80gb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"llama-3.1-70b"');
    expect(r.stderr).toContain('"llama-3.3-70b"');
    expect(r.stderr).not.toContain('llama-2-70b');
  });

  test('one candidate is suggested, not taken', async () => {
    const r = await cli(['perf', '--model', 'llama-3.1-8b', '--gpu', 'mi300', '--isl', '128', '--osl', '128', '--concurrency', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown GPU "mi300" (did you mean "mi300x-192gb"?)');
  });

  test('a misspelling still gets the edit-distance suggestion', async () => {
    const r = await cli(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80g']);
    expect(r.stderr).toContain('did you mean "h100-sxm-80gb"?');
  });
});
