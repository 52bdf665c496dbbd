// Issue 13's property: whatever the scenario, flags or catalog, every command exits 0, 1 or 2 — never "internal
// error" — prints no raw control character, has a number (or a schema-allowed null) wherever its --json output needs
// one, and answers within a time limit. Bad and borderline inputs are generated around the shipped scenarios,
// catalogs and the measurement CSV; run() is called in-process (test/helpers.ts) to keep 2,000+ cases near a minute.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { outputSchemas } from '../src/io/output-schemas.ts';
import { cli, type Captured } from './helpers.ts';

const ROOT = process.cwd();
const TMP = mkdtempSync(join(tmpdir(), 'llmplan-prop-'));
/**
 * Per-case limit: a hang detector, not a speed test (speed is `npm run bench`). A case takes a few hundred
 * milliseconds alone; on a loaded 2-core machine one took 40 s at 10 s of limit, so the limit is 120 s.
 */
const CASE_MS = 120_000;
const stats = { cases: 0, byCode: { 0: 0, 1: 0, 2: 0 } as Record<number, number>, byCommand: {} as Record<string, number[]>, slowestMs: 0, slowest: '' };

let fileNo = 0;
function put(name: string, content: string | Buffer): string {
  const p = join(TMP, `${fileNo++}-${name}`);
  writeFileSync(p, content);
  return p;
}

const OUTPUT_KIND: Record<string, string> = { size: 'size-output', perf: 'perf-output', plan: 'plan-output', tco: 'tco-output', recommend: 'recommend-output', calibrate: 'calibrate-output' };

/** Run one case and check the contract; returns the result for case-specific checks. */
async function check(argv: string[], env: Record<string, string> = {}): Promise<Captured> {
  const started = Date.now();
  const r = await cli(argv, env);
  const ms = Date.now() - started;
  stats.cases++;
  stats.byCode[r.code] = (stats.byCode[r.code] ?? 0) + 1;
  (stats.byCommand[argv[0]!] ??= [0, 0, 0])[r.code] = (stats.byCommand[argv[0]!]?.[r.code] ?? 0) + 1;
  if (ms > stats.slowestMs) Object.assign(stats, { slowestMs: ms, slowest: argv.join(' ').slice(0, 200) });
  const what = `llmplan ${argv.join(' ').slice(0, 300)}\n${r.stderr.slice(0, 2_000)}`;
  expect([0, 1, 2], what).toContain(r.code);
  expect(r.stderr, what).not.toMatch(/internal error|Maximum call stack|\n\s+at \S+ \(/);
  expect(ms, what).toBeLessThan(CASE_MS);
  // Nothing the user typed reaches the terminal raw: no control character but tabs and line feeds, no bidi override.
  expect(r.stdout + r.stderr, what).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  if (r.code === 2 && !argv.includes('--help')) expect(r.stderr, what).toMatch(/^error: /m);
  // A number that went wrong prints as NaN or Infinity in the answer or a warning; an error may quote the input
  // ("--osl must be a positive whole number (got "NaN")"). AMD's "Infinity Fabric" is a link's name.
  const computed = r.stdout + r.stderr.split('\n').filter((l) => !l.startsWith('error:')).join('\n');
  expect(computed, what).not.toMatch(/\bNaN\b|Infinity(?! Fabric)/);
  if (r.code !== 2 && argv.includes('--json') && !argv.includes('--print-scenario')) {
    // JSON.stringify writes NaN and Infinity as null: the output schema says where null is allowed.
    const json = JSON.parse(r.stdout) as unknown;
    const schema = outputSchemas[OUTPUT_KIND[argv[0]!] ?? ''];
    // The schemas say where null is allowed (an unknown price, a target not set): anywhere else it was a NaN.
    if (schema) {
      const result = schema.safeParse(json);
      expect(result.success, `${what}\n${result.success ? '' : JSON.stringify(result.error.issues.slice(0, 3))}`).toBe(true);
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// Values: borderline and hostile numbers, strings and ids.

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, 24, 120, 121, 1e6, 1e6 + 1, 10_485_760, 10_485_761, 1e12, 1e300, -1e300, 1e-300, Number.MAX_VALUE, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY),
  fc.double({ min: -10, max: 1e9, noNaN: true }),
  fc.integer({ min: -10, max: 100_000 }),
);
const control = fc.constantFrom('\u001b[31m', '\u001b]0;x\u0007', '\u0000', '\r', '\u009b', '\u202e', '\t');
const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '1/0', '1e400', 'a * b', 'cos.constructor', '[1, 2]', '99.9%', '10,000', 'sqrt(-1)', '2 ^ 2000', '(((((((((((((((((1)))))))))))))))))', 'requestsPerDay * 2', '__proto__'),
  fc.integer({ min: 1, max: 600 }).map((n) => `${'1+'.repeat(n)}1`),
  fc.integer({ min: 100, max: 3_000 }).map((n) => 'x'.repeat(n)),
  fc.tuple(fc.string({ maxLength: 8 }), control, fc.string({ maxLength: 8 })).map(([a, c, b]) => a + c + b),
  fc.string({ maxLength: 20 }),
);
const hostileValue = fc.oneof({ weight: 3, arbitrary: hostileNumber }, { weight: 2, arbitrary: hostileString }, fc.constantFrom(null, true, [], {}, [1, 2]));

const MODELS = ['llama-3.1-8b', 'qwen3-8b', 'mixtral-8x7b', 'gpt-oss-20b', 'bge-large-en-v1.5', 'llama-3.3-70b', 'gemma-3-27b'];
const GPUS = ['h100-sxm-80gb', 'l40s-48gb', 'a100-sxm-80gb', 't4-16gb', 'mi300x-192gb', 'b200-180gb'];
const idLike = (valid: readonly string[]) =>
  fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...valid).map((s) => s.slice(0, -1)) }, { weight: 1, arbitrary: hostileString });
/** A flag value as typed: mostly well-formed (so that most cases run the command through), sometimes at or past its
 * limit, sometimes garbage. */
const numberArg = (valid: fc.Arbitrary<number>) =>
  fc.oneof({ weight: 12, arbitrary: valid.map(String) }, { weight: 1, arbitrary: hostileNumber.map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '1_000', '0x10', '1e3', ' 5', '-0', 'abc', '9'.repeat(400)) });
/** A scenario number: plausible, at a limit (the largest work a valid file can ask for), or hostile. */
const scenarioNumber = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 5_000, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(1, 0.999, 0.5, 24, 1e6, 10_485_760, 1e10, 86_400, 604_800, 87_600, 1e11, 8.64e10) },
  { weight: 2, arbitrary: hostileValue },
);

// ---------------------------------------------------------------------------------------------------------------
// Scenarios: the shipped ones, narrowed to one or two models and GPUs so a valid case plans in milliseconds, then
// mutated: numbers and strings set to hostile values, keys removed or added, lists grown, the text itself damaged.

const BASES = ['chatbot', 'content-generation', 'semantic-search', 'onprem-classification', 'large-scale-70b', 'code-assistant'].map((name) => {
  const s = parse(readFileSync(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8')) as Record<string, any>;
  if (s.models) s.models = s.models.slice(0, 1);
  s.constraints = { ...(s.constraints ?? {}), allowedGpus: name === 'large-scale-70b' ? ['h100-sxm-80gb'] : ['h100-sxm-80gb', 'l40s-48gb'] };
  s.api = (s.api ?? []).slice(0, 1);
  return s;
});

const NUMERIC_PATHS = [
  ...['dailyActiveUsers', 'requestsPerUserPerDay', 'requestsPerDay', 'requestsPerMonth', 'meanRequestsPerSecond', 'peakConcurrentUsers', 'peakRequestsPerSecond', 'thinkTimeSeconds', 'responseSeconds', 'responseCacheHitRate', 'inputTokensMean', 'outputTokensMean', 'inputTokensP50', 'inputTokensP95', 'outputTokensP50', 'outputTokensP95', 'systemPromptTokens', 'prefixCacheHitRate'].map((k) => `workload.${k}`),
  ...['itemsPerRun', 'windowStartHour', 'deadlineHour'].map((k) => `workload.batch.${k}`),
  ...['corpusDocuments', 'tokensPerDocument', 'corpusPassHours', 'newDocumentsPerMonth'].map((k) => `workload.embedding.${k}`),
  'targets.ttftP95Seconds', 'targets.tpotP95Seconds', 'targets.e2eP95Seconds', 'targets.availability', 'budget.monthlyUsd', 'budget.capitalUsd', 'horizon.months', 'horizon.monthlyGrowthRate', 'schemaVersion',
];
const STRING_PATHS = ['name', 'description', 'timezone', 'kind', 'qualityTier', 'workload.dailyBasis', 'workload.weeklyShape.unit'];

function setPath(o: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k];
  }
  if (value === undefined) delete cur[keys.at(-1)!];
  else cur[keys.at(-1)!] = value;
}

type Mutation = (s: Record<string, any>) => void;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...NUMERIC_PATHS), scenarioNumber).map(([p, v]): Mutation => (s) => setPath(s, p, v)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...NUMERIC_PATHS, ...STRING_PATHS, 'workload', 'targets', 'models', 'api'), fc.constant(undefined)).map(([p]): Mutation => (s) => setPath(s, p, undefined)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...STRING_PATHS), fc.oneof(hostileString, fc.constantFrom('interactive', 'batch', 'embedding', 'small', 'UTC', 'Mars/Olympus', 'weekday'))).map(([p, v]): Mutation => (s) => setPath(s, p, v)) },
  { weight: 2, arbitrary: fc.array(idLike(MODELS), { maxLength: 20 }).map((ids): Mutation => (s) => { s.models = ids; delete s.qualityTier; }) },
  { weight: 2, arbitrary: fc.array(idLike(GPUS), { maxLength: 3 }).map((ids): Mutation => (s) => setPath(s, 'constraints.allowedGpus', ids)) },
  { weight: 1, arbitrary: fc.array(fc.record({ provider: fc.constantFrom('openai', 'aws', 'nope'), model: fc.constantFrom('gpt-4o-mini', 'gpt-4o', 'x') }), { maxLength: 3 }).map((api): Mutation => (s) => { s.api = api; }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('', 'workload.', 'targets.', 'horizon.'), fc.oneof(fc.constantFrom('requestPerDay', 'peakRPS', 'constructor', 'x'), hostileString)).map(([at, k]): Mutation => (s) => setPath(s, at + k.replace(/\./g, '_'), 1)) },
  {
    weight: 2,
    arbitrary: fc
      .record({ unit: fc.constantFrom('relative', 'concurrentUsers', 'requestsPerSecond', 'x'), periods: fc.array(fc.record({ days: fc.constantFrom('all', 'weekdays', 'weekends', ['mon', 'sun'], 'someday'), fromHour: hostileValue, toHour: fc.integer({ min: -1, max: 25 }), value: hostileValue }), { maxLength: 3 }) })
      .map((ws): Mutation => (s) => setPath(s, 'workload.weeklyShape', ws)),
  },
  { weight: 2, arbitrary: fc.record({ months: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: -2, max: 200 })), monthlyGrowthRate: fc.oneof(fc.double({ min: -0.5, max: 0.2, noNaN: true }), fc.constantFrom(0.12, 0.5, 10, -0.999999, -2, 12)) }).map((h): Mutation => (s) => { s.horizon = h; }) },
);

/** Damage to the text itself: what a bad editor, a binary file or a copy-paste does. */
const textDamage = fc.oneof(
  { weight: 12, arbitrary: fc.constant((t: string) => t) },
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  fc.constantFrom(
    (t: string) => t.replace('workload:', 'workload: !foo'),
    (t: string) => t.replace('kind:', '\tkind:'),
    (t: string) => t + 'workload: {}\n',
    (t: string) => `${t}x: ${'['.repeat(200)}${']'.repeat(200)}\n`,
    (t: string) => t.replace(/\d+/, '&a 1\nb: *a'),
  ),
);

const scenarioText = fc.tuple(fc.constantFrom(...BASES), fc.array(mutation, { maxLength: 2 }), textDamage, fc.integer({ min: 0, max: 20 })).map(([base, ms, damage, dice]) => {
  const latin1 = dice === 0;
  const s = structuredClone(base);
  for (const m of ms) m(s);
  const text = damage(stringify(s));
  return latin1 ? Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0x0a])]) : Buffer.from(text);
});

const asOf = fc.oneof({ weight: 10, arbitrary: fc.constant('2026-11-23') }, { weight: 1, arbitrary: fc.constantFrom('2026-02-30', '1999-01-01', '2100-01-01', 'soon', '') });
const scenarioCommand = fc.oneof(
  fc.tuple(fc.constant('plan'), fc.option(idLike(GPUS.slice(0, 2)), { nil: undefined }), fc.boolean()).map(([c, gpu, json]) => [c, ...(gpu ? ['--gpu', gpu] : []), ...(json ? ['--json'] : [])]),
  fc
    .tuple(fc.constant('tco'), fc.option(numberArg(fc.integer({ min: 1, max: 120 })), { nil: undefined }), asOf, fc.constantFrom('own', 'colo'), fc.boolean())
    .map(([c, h, asOf, facility, json]) => [c, ...(h ? ['--horizon-months', h] : []), '--as-of', asOf, '--facility', facility, ...(json ? ['--json'] : [])]),
  fc.tuple(fc.constant('recommend'), numberArg(fc.integer({ min: 1, max: 5 })), asOf, fc.constantFrom('--json', '--explain')).map(([c, top, date, out]) => [c, '--top', top, '--as-of', date, out]),
);

// ---------------------------------------------------------------------------------------------------------------
// Catalogs: one bundled GPU, model or engine changed, in a user catalog directory.

const BUNDLED = Object.fromEntries((['gpus', 'models', 'engines'] as const).map((k) => [k, parse(readFileSync(join(ROOT, 'catalogs', `${k}.yaml`), 'utf8'))[k] as Record<string, any>[]]));
const GPU_PATHS = ['memoryBandwidthGBps.value', 'nominalMemoryGB.value', 'reportedMemoryBytes.value', 'tdpWatts.value', 'tensorTflops.bf16.dense.value', 'tensorTflops.fp8.dense.value', 'tensorTflops.fp16.dense.value', 'interconnect.bandwidthGBpsBidirectional.value', 'interconnect.domainSize', 'pcie.bandwidthGBpsBidirectional.value', 'name', 'aliases'];
const MODEL_PATHS = ['architecture.numHiddenLayers', 'architecture.hiddenSize', 'architecture.intermediateSize', 'architecture.numAttentionHeads', 'architecture.numKeyValueHeads', 'architecture.headDim', 'architecture.vocabSize', 'architecture.maxPositionEmbeddings', 'parameters.total.value', 'parameters.active.value', 'checkpointBytesBf16.value', 'architecture.moe', 'name'];
const ENGINE_PATHS = ['defaultMemoryFraction', 'blockTokens', 'profileTokensLargeGpu', 'profileSequencesLargeGpu', 'profileTokensSmallGpu', 'largeGpuMinGiB', 'samplerBytesPerLogit', 'cudaContextGiB', 'nonTorchGiB', 'cudaGraphGiBPerLayer'];

const catalogCase = fc.tuple(
  fc.constantFrom('gpus', 'models', 'engines'),
  fc.nat(),
  fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 2 }),
  fc.boolean(),
);

function userCatalog([kind, pick, changes, keepId]: [string, number, [number, unknown][], boolean]): { dir: string; kind: string; id: string } {
  const all = BUNDLED[kind]!;
  const entry = structuredClone(all[pick % all.length]!);
  const paths = kind === 'gpus' ? GPU_PATHS : kind === 'models' ? MODEL_PATHS : ENGINE_PATHS;
  if (kind !== 'engines' && !keepId) {
    entry.id = `my-${entry.id}`;
    entry.aliases = [];
  }
  for (const [i, v] of changes) setPath(entry, paths[i % paths.length]!, v);
  const dir = join(TMP, `cat-${fileNo++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, `${kind}.yaml`), stringify({ schemaVersion: 1, [kind]: [entry] }));
  return { dir, kind, id: String(entry.id) };
}

/** A user price directory: the bundled onprem.yaml or one cloud offer, one or two numbers changed. */
const ONPREM = parse(readFileSync(join(ROOT, 'catalogs/onprem.yaml'), 'utf8')) as Record<string, any>;
const OFFERS = (parse(readFileSync(join(ROOT, 'catalogs/cloud-gpu-prices.yaml'), 'utf8')) as Record<string, any>).offers as Record<string, any>[];
const ONPREM_PATHS = ['serverTypes.0.hostUsdPerServer.value', 'serverTypes.1.gpusPerServer', 'fabricSwitch.usdPerSwitch.value', 'fabricSwitch.portsPerSwitch', 'storageUsdPerNode.value', 'hostPowerWattsPerServer.value', 'pue.0.value.value', 'electricity.0.usdPerKwh.value', 'colocation.0.usdPerKwMonth.value', 'depreciation.defaultYears.value', 'staff.wageUsdPerYear.value', 'staff.loadedCostMultiplier.value', 'staff.gpusPerFte.value', 'gpuPurchase.0.cardUsd.low.value', 'gpuPurchase.0.cardUsd.high.value', 'residualFraction.0.afterYears'];
const OFFER_PATHS = ['onDemandUsdPerHour.value', 'commit1yUsdPerHour.value', 'commit3yUsdPerHour.value', 'gpuCount', 'minimumUnitGpus', 'spotUsdPerHour.high.value'];
const priceCase = fc.tuple(fc.boolean(), fc.nat(), fc.array(fc.tuple(fc.nat(), scenarioNumber), { minLength: 1, maxLength: 2 })).map(([onprem, pick, changes]) => {
  const dir = join(TMP, `prices-${fileNo++}`);
  mkdirSync(dir);
  if (onprem) {
    const c = structuredClone(ONPREM);
    for (const [i, v] of changes) setPath(c, ONPREM_PATHS[i % ONPREM_PATHS.length]!, v);
    writeFileSync(join(dir, 'onprem.yaml'), stringify(c));
  } else {
    const h100 = OFFERS.filter((o) => o.gpuId === 'h100-sxm-80gb');
    const offer = structuredClone(h100[pick % h100.length]!);
    for (const [i, v] of changes) setPath(offer, OFFER_PATHS[i % OFFER_PATHS.length]!, v);
    writeFileSync(join(dir, 'cloud-gpu-prices.yaml'), stringify({ schemaVersion: 1, offers: [offer] }));
  }
  return dir;
});

// ---------------------------------------------------------------------------------------------------------------
// The measurement CSV: a few real rows, cells damaged.

const CSV_LINES = readFileSync(join(ROOT, '../shared/calibration/throughput-latency.csv'), 'utf8').split('\n').filter(Boolean);
const csvFile = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.oneof(hostileNumber.map(String), hostileString)), { maxLength: 3 })).map(([n, start, damage]) => {
  const rows = CSV_LINES.slice(1).slice(start % 200, (start % 200) + n).map((l) => l.split(','));
  for (const [r, c, v] of damage) if (rows.length) rows[r % rows.length]![c % 12] = v.replace(/[,\n"]/g, ' ');
  return put('m.csv', [CSV_LINES[0], ...rows.map((r) => r.join(','))].join('\n') + '\n');
});
const specialPath = fc.constantFrom('/dev/zero', '/dev/null', TMP, join(TMP, 'missing.file'), '');

const CALIBRATION = JSON.parse(readFileSync(join(ROOT, 'calibration/perf.json'), 'utf8')) as Record<string, any>;
const calibrationFile = fc.tuple(fc.constantFrom('stepOverheadSeconds', 'requestOverheadSeconds', 'runtimeRequestOverheadSeconds', 'mfu', 'mbu', 'kvMbu'), hostileValue).map(([k, v]) => {
  const c = structuredClone(CALIBRATION);
  c.efficiency.vllm[k] = v;
  return put('cal.json', JSON.stringify(c));
});

// ---------------------------------------------------------------------------------------------------------------

describe('every command, on generated bad input: exit 0, 1 or 2, no internal error, no NaN, in time', () => {
  test('plan, tco and recommend on mutated scenarios', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioText, scenarioCommand, async (text, command) => {
        await check([...command, '--scenario', put('s.yaml', text)]);
      }),
      { numRuns: 700, seed: 13_001 },
    );
  }, 300_000);

  test('size and perf with hostile flags', async () => {
    const size = fc
      .record({ model: idLike(MODELS), gpu: fc.option(idLike(GPUS), { nil: undefined }), tp: fc.option(numberArg(fc.constantFrom(1, 2, 4, 8)), { nil: undefined }), context: fc.option(numberArg(fc.integer({ min: 1, max: 32_768 })), { nil: undefined }), weights: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('bf16', 'fp8', 'int4-awq') }, { weight: 1, arbitrary: fc.constantFrom('nvfp4', 'mxfp4', 'fp3') }), fraction: fc.option(numberArg(fc.double({ min: 0.05, max: 1, noNaN: true })), { nil: undefined }), json: fc.boolean() })
      .map((o) => ['size', '--model', o.model, ...(o.gpu ? ['--gpu', o.gpu] : []), ...(o.tp ? ['--tp', o.tp] : []), ...(o.context ? ['--context', o.context] : []), '--weights', o.weights, ...(o.fraction ? ['--memory-fraction', o.fraction] : []), ...(o.json ? ['--json'] : [])]);
    const perf = fc
      .record({ model: idLike(MODELS), gpu: idLike(GPUS), isl: numberArg(fc.integer({ min: 1, max: 30_000 })), osl: numberArg(fc.integer({ min: 1, max: 2_000 })), load: fc.oneof(numberArg(fc.integer({ min: 1, max: 64 })).map((c) => ['--concurrency', c]), numberArg(fc.double({ min: 0.01, max: 5, noNaN: true })).map((r) => ['--rate', r])), tp: fc.option(numberArg(fc.constantFrom(1, 2, 4, 8)), { nil: undefined }), calibration: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(calibrationFile, specialPath) }), json: fc.boolean() })
      .map((o) => ['perf', '--model', o.model, '--gpu', o.gpu, '--isl', o.isl, '--osl', o.osl, ...o.load, ...(o.tp ? ['--tp', o.tp] : []), ...(o.calibration !== undefined ? ['--calibration', o.calibration] : []), ...(o.json ? ['--json'] : [])]);
    await fc.assert(fc.asyncProperty(fc.oneof(size, perf), async (argv) => void (await check(argv))), { numRuns: 500, seed: 13_002 });
  }, 300_000);

  test('recommend one-shot with hostile flags', async () => {
    const oneShot = fc
      .record({ model: idLike(MODELS), rate: numberArg(fc.double({ min: 0.01, max: 200, noNaN: true })), isl: numberArg(fc.integer({ min: 1, max: 100_000 })), osl: numberArg(fc.integer({ min: 1, max: 4_000 })), ttft: fc.option(numberArg(fc.double({ min: 0.01, max: 30, noNaN: true })), { nil: undefined }), availability: fc.option(numberArg(fc.double({ min: 0.5, max: 1, noNaN: true })), { nil: undefined }), budget: fc.option(numberArg(fc.integer({ min: 1, max: 1e6 })), { nil: undefined }), gpu: idLike(GPUS), region: fc.option(fc.oneof(fc.constantFrom('us-east-1', 'eu', 'mars'), hostileString), { nil: undefined }), horizon: fc.option(numberArg(fc.integer({ min: 1, max: 120 })), { nil: undefined }), print: fc.boolean() })
      .map((o) => ['recommend', '--model', o.model, '--rate', o.rate, '--isl', o.isl, '--osl', o.osl, '--gpu', o.gpu, ...(o.ttft ? ['--ttft-p95', o.ttft] : []), ...(o.availability ? ['--availability', o.availability] : []), ...(o.budget ? ['--budget-monthly', o.budget] : []), ...(o.region !== undefined ? ['--region', o.region] : []), ...(o.horizon ? ['--horizon-months', o.horizon] : []), '--as-of', '2026-11-23', ...(o.print ? ['--print-scenario'] : ['--json'])]);
    await fc.assert(fc.asyncProperty(oneShot, async (argv) => void (await check(argv))), { numRuns: 200, seed: 13_003 });
  }, 300_000);

  test('catalog, size, perf, plan and tco on mutated user catalogs', async () => {
    const plain = put('plain.yaml', stringify(BASES[0]));
    await fc.assert(
      fc.asyncProperty(catalogCase, fc.nat(4), asOf, async (c, which, date) => {
        const { dir, kind, id } = userCatalog(c);
        const gpu = kind === 'gpus' ? id : 'h100-sxm-80gb';
        const model = kind === 'models' ? id : 'llama-3.1-8b';
        const argv = [
          ['catalog', kind, '--json', ...(date ? ['--as-of', date] : [])],
          ['size', '--model', model, '--gpu', gpu, '--json'],
          ['perf', '--model', model, '--gpu', gpu, '--isl', '1000', '--osl', '200', '--concurrency', '8', '--json'],
          ['plan', '--scenario', plain, '--gpu', gpu, '--json'],
          ['tco', '--scenario', plain, '--gpu', gpu, '--as-of', '2026-11-23', '--json'],
        ][which]!;
        await check([...argv, '--catalog-dir', dir]);
      }),
      { numRuns: 400, seed: 13_004 },
    );
  }, 300_000);

  test('tco and recommend on mutated user price catalogs', async () => {
    const plain = put('plain.yaml', stringify(BASES[3]));
    await fc.assert(
      fc.asyncProperty(priceCase, fc.constantFrom('tco', 'recommend'), async (dir, command) => {
        await check([command, '--scenario', plain, '--as-of', '2026-11-23', '--json', '--catalog-dir', dir]);
      }),
      { numRuns: 100, seed: 13_006 },
    );
  }, 300_000);

  test('calibrate and catalog with damaged files and paths', async () => {
    const calibrate = fc
      .record({ data: fc.oneof({ weight: 4, arbitrary: csvFile }, { weight: 1, arbitrary: specialPath }), fit: fc.boolean(), out: fc.constantFrom('fresh', 'dir', 'missing', 'data'), calibration: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: calibrationFile }), json: fc.boolean() })
      .map((o) => {
        const out = o.out === 'fresh' ? join(TMP, `fit-${fileNo++}.json`) : o.out === 'dir' ? TMP : o.out === 'missing' ? join(TMP, 'no/such/x.json') : o.data;
        return ['calibrate', '--data', o.data, ...(o.fit ? ['--fit', '--out', out] : []), ...(o.calibration ? ['--calibration', o.calibration] : []), ...(o.json ? ['--json'] : [])];
      });
    const catalog = fc.tuple(fc.constantFrom('gpus', 'models', 'engines'), fc.oneof(specialPath, fc.constant(join(ROOT, 'catalogs'))), fc.boolean()).map(([k, dir, json]) => ['catalog', k, '--catalog-dir', dir, ...(json ? ['--json'] : [])]);
    await fc.assert(
      fc.asyncProperty(fc.oneof(calibrate, catalog), async (argv) => {
        const r = await check(argv);
        // What --fit writes, llmplan reads back.
        const out = argv[argv.indexOf('--out') + 1];
        if (argv.includes('--fit') && r.code === 0 && out) {
          const back = await check(['perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--isl', '500', '--osl', '100', '--concurrency', '4', '--calibration', out, '--json']);
          expect(back.code, back.stderr).toBe(0);
        }
      }),
      { numRuns: 250, seed: 13_005 },
    );
  }, 300_000);

  test('at least 2,000 cases ran, with every exit code reached', () => {
    console.log(`robustness property: ${stats.cases} cases, exits ${JSON.stringify(stats.byCode)}, exits 0/1/2 by command ${JSON.stringify(stats.byCommand)}, slowest ${stats.slowestMs} ms: ${stats.slowest}`);
    expect(stats.cases).toBeGreaterThanOrEqual(2_000);
    for (const code of [0, 1, 2]) expect(stats.byCode[code]).toBeGreaterThan(0);
  });
});
