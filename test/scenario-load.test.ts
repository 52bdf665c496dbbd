// Scenario loader: shipped scenarios load; broken fixtures fail with every problem located at file:line:col.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, type InputProblem } from '../src/errors.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { catalog } from './helpers.ts';

const FIXTURES = 'test/fixtures/scenarios';
const opts = () => ({ knownModelIds: catalog().models.map((m) => m.id), knownGpuIds: catalog().gpus.map((g) => g.id) });

async function problemsOf(text: string, file: string): Promise<InputProblem[]> {
  try {
    await loadScenario(text, file, opts());
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error(`${file} loaded, expected an InputError`);
}
const fixtureProblems = (name: string) => problemsOf(readFileSync(`${FIXTURES}/${name}.yaml`, 'utf8'), `${FIXTURES}/${name}.yaml`);
/** "line:col path" of each problem, the shape the assertions below pin. */
const where = (ps: InputProblem[]) => ps.map((p) => `${p.line}:${p.col} ${p.path ?? ''}`);

describe('shipped scenarios', () => {
  const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

  it('are the six of issue 5', () => {
    expect(files.sort()).toEqual(['chatbot.yaml', 'code-assistant.yaml', 'content-generation.yaml', 'large-scale-70b.yaml', 'onprem-classification.yaml', 'semantic-search.yaml']);
  });

  it.each(files)('%s starts with the schema modeline and schemaVersion, and loads against the catalog', async (f) => {
    const text = readFileSync(`scenarios/${f}`, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('# yaml-language-server: $schema=../schemas/scenario.schema.json');
    expect(lines[1]).toBe('schemaVersion: 1');
    const s = await loadScenario(text, `scenarios/${f}`, opts());
    expect(s.name).toBe(f.replace('.yaml', ''));
    expect(s.workload.hourlyRequestsPerSecond).toHaveLength(168);
    expect(s.workload.peakRequestsPerSecond).toBeGreaterThanOrEqual(Math.max(...s.workload.hourlyRequestsPerSecond));
    expect(s.models.length).toBeGreaterThan(0);
  });

  it('chatbot: 200,000 weekday messages, light weekends, 40% answered by the cache', async () => {
    const s = await loadScenario(readFileSync('scenarios/chatbot.yaml', 'utf8'), 'scenarios/chatbot.yaml', opts());
    // 5 × 200,000 + 2 × 24,000 = 1,048,000 offered a week; 60% reach the model.
    expect(s.workload.requestsPerWeek).toBeCloseTo(1_048_000 * 0.6, 3);
    expect(s.workload.requestsPerMonth).toBeCloseTo((1_048_000 * 0.6 * 730) / 168, 3);
    // Monday 10:00 (400 users / 72 s) × 0.6; peak 500 / 72 × 0.6.
    expect(s.workload.hourlyRequestsPerSecond[10]).toBeCloseTo((400 / 72) * 0.6, 9);
    expect(s.workload.peakRequestsPerSecond).toBeCloseTo((500 / 72) * 0.6, 9);
    expect(s.targets.availability).toBe(0.999);
    expect(s.api).toContainEqual({ provider: 'aws', model: 'anthropic.claude-3-sonnet-20240229-v1:0' });
  });

  it('content generation: 5,000 items between 20:00 and midnight every day', async () => {
    const s = await loadScenario(readFileSync('scenarios/content-generation.yaml', 'utf8'), 'x.yaml', opts());
    expect(s.workload.batch).toMatchObject({ itemsPerRun: 5000, windowSeconds: 4 * 3600, runsPerWeek: 7 });
    expect(s.workload.peakRequestsPerSecond).toBeCloseTo(5000 / 14_400, 12);
    expect(s.workload.requestsPerWeek).toBeCloseTo(35_000, 6);
  });

  it('semantic search: 1M documents × 400 tokens in 24 h; 100,000 queries a month', async () => {
    const s = await loadScenario(readFileSync('scenarios/semantic-search.yaml', 'utf8'), 'x.yaml', opts());
    expect(s.workload.embedding).toMatchObject({ corpusTokens: 400_000_000 });
    expect(s.workload.embedding!.corpusPassTokensPerSecond).toBeCloseTo(400_000_000 / 86_400, 6);
    expect(s.workload.requestsPerMonth).toBeCloseTo(100_000, 6);
    expect(s.workload.outputTokensMean).toBe(0);
  });

  it('on-prem classification keeps data on-prem and within the seed budget figures', async () => {
    const s = await loadScenario(readFileSync('scenarios/onprem-classification.yaml', 'utf8'), 'x.yaml', opts());
    expect(s.constraints.onPremOnly).toBe(true);
    expect(s.api).toEqual([]);
    expect(s.budget).toEqual({ capitalUsd: 30_000, monthlyUsd: 5_000 });
  });

  it('large-scale 70B peaks at 2,000 requests/s', async () => {
    const s = await loadScenario(readFileSync('scenarios/large-scale-70b.yaml', 'utf8'), 'x.yaml', opts());
    expect(s.workload.peakRequestsPerSecond).toBe(2000);
    expect(Math.max(...s.workload.hourlyRequestsPerSecond)).toBe(1600);
  });
});

describe('broken scenarios: every problem, located', () => {
  it('a misspelt key: file:line:col and a did-you-mean', async () => {
    const [p, ...rest] = await fixtureProblems('misspelt-key');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: `${FIXTURES}/misspelt-key.yaml`, line: 5, col: 3, path: 'workload.requestsPerDya', hint: 'did you mean "requestsPerDay"?' });
  });

  it('unknown model, GPU and time zone ids, each with a suggestion', async () => {
    const ps = await fixtureProblems('unknown-ids');
    expect(where(ps)).toEqual(['3:10 models.0', '4:11 timezone', '10:32 constraints.allowedGpus.1']);
    expect(ps.map((p) => p.hint)).toEqual(['did you mean "llama-3.1-8b"?', 'did you mean "Europe/Berlin"?', 'did you mean "h100-sxm-80gb"?']);
  });

  it('shape errors (range, type, enum, unknown key, bad expression) all at once', async () => {
    const ps = await fixtureProblems('shape-errors');
    expect(where(ps)).toEqual([
      '5:19 workload.requestsPerDay',
      '6:21 workload.requestsPerMonth',
      '8:21 workload.outputTokensMean',
      '10:11 workload.weeklyShape.unit',
      '12:3 targets.ttftP95Secs',
    ]);
    expect(ps[4]!.hint).toBe('did you mean "ttftP95Seconds"?');
  });

  it('cross-field rules: one volume, p95 ≥ mean, prompt ≤ input, availability in (0,1), e2e ≥ TTFT, blocks match the kind', async () => {
    const ps = await fixtureProblems('rule-errors');
    expect(where(ps)).toEqual([
      '6:21 workload.requestsPerMonth',
      '8:19 workload.inputTokensP95',
      '10:23 workload.systemPromptTokens',
      '12:5 workload.batch',
      '16:17 targets.availability',
      '18:18 targets.e2eP95Seconds',
    ]);
    expect(ps[4]!.hint).toBe('write 0.999 (or "99.9%") for 99.9%');
  });

  it('a peak below the busiest hour is rejected at the peak', async () => {
    // 864,000 requests/day flat = 10 requests/s every hour > the stated peak of 5.
    const ps = await fixtureProblems('peak-below-mean');
    expect(where(ps)).toEqual(['6:26 workload.peakRequestsPerSecond']);
  });

  it('overlapping weekly periods name the hour', async () => {
    const ps = await fixtureProblems('overlapping-periods');
    expect(where(ps)).toEqual(['9:9 workload.weeklyShape.periods.1']);
    expect(ps[0]!.message).toBe('overlaps period 1 at mon 16:00');
  });

  it('a batch scenario needs its batch block and no interactive volume', async () => {
    expect(where(await fixtureProblems('batch-misuse'))).toEqual(['5:3 workload', '5:19 workload.requestsPerDay']);
  });

  it('an embedding scenario generates no tokens and needs its corpus', async () => {
    expect(where(await fixtureProblems('embedding-output'))).toEqual(['5:3 workload', '7:21 workload.outputTokensMean']);
  });

  it('a syntax error is located', async () => {
    const ps = await fixtureProblems('syntax-error');
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ line: 4, col: 1, hint: 'BAD_INDENT' });
  });
});

describe('hostile YAML: a clear error, no crash, no hang', () => {
  it('duplicate keys', async () => {
    const ps = await fixtureProblems('duplicate-key');
    expect(ps[0]).toMatchObject({ line: 7, col: 3, hint: 'DUPLICATE_KEY' });
  });

  it('keys named like Object.prototype members are unknown keys, not a crash (toString found a function)', async () => {
    for (const key of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      const ps = await problemsOf(`${key}: false\n`, 'proto-names.yaml');
      const p = ps.find((x) => x.path === key)!;
      expect(p.message).toMatch(new RegExp(`key "${key}"`));
      for (const q of ps) expect(typeof (q.hint ?? '')).toBe('string');
    }
  });

  it('__proto__ keys', async () => {
    const ps = await fixtureProblems('proto-key');
    expect(ps[0]).toMatchObject({ line: 5, col: 3, path: 'workload.__proto__' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('billion laughs', async () => {
    const ps = await fixtureProblems('billion-laughs');
    expect(ps[0]!.message).toMatch(/cannot expand YAML aliases/);
    // No wall-clock assertion (timing is `npm run bench`'s): a regression to the old seconds-long path runs past this test's timeout.
  });

  it('a 50 MB file is refused before parsing', async () => {
    const text = 'schemaVersion: 1\n' + '# padding\n'.repeat(5_000_000);
    const ps = await problemsOf(text, 'big.yaml');
    expect(ps[0]!.message).toMatch(/characters long/);
    expect(ps[0]!.hint).toMatch(/at most 1,048,576 bytes/);
    // No wall-clock assertion (timing is `npm run bench`'s): a regression to the old seconds-long path runs past this test's timeout.
  });

  it('empty file and a scalar document', async () => {
    expect((await problemsOf('', 'empty.yaml'))[0]!.path).toBe('(document)');
    expect((await problemsOf('42', 'n.yaml'))[0]!.path).toBe('(document)');
  });
});

describe('defaults and quality tiers', () => {
  it('a minimal file gets a flat week, the file name and default horizon', async () => {
    const s = await loadScenario(readFileSync(`${FIXTURES}/valid-minimal.yaml`, 'utf8'), `${FIXTURES}/valid-minimal.yaml`);
    expect(s.name).toBe('valid-minimal');
    expect(new Set(s.workload.hourlyRequestsPerSecond.map((r) => r.toFixed(9)))).toEqual(new Set([(200_000 / 86_400).toFixed(9)]));
    expect(s.horizon).toEqual({ months: 36, monthlyGrowthRate: 0 });
    expect(s.targets).toEqual({ ttftP95Seconds: null, tpotP95Seconds: null, e2eP95Seconds: null, availability: null });
  });

  it('a quality tier becomes catalog candidates', async () => {
    const text = readFileSync(`${FIXTURES}/valid-minimal.yaml`, 'utf8').replace('models: [llama-3.1-8b]', 'qualityTier: large');
    const s = await loadScenario(text, 'tier.yaml', opts());
    expect(s.qualityTier).toBe('large');
    expect(s.models).toContain('llama-3.3-70b');
  });

  it('neither models nor a tier is an error', async () => {
    const text = readFileSync(`${FIXTURES}/valid-minimal.yaml`, 'utf8').replace('models: [llama-3.1-8b]\n', '');
    expect((await problemsOf(text, 'none.yaml'))[0]!.message).toBe('no models');
  });
});
