// `llmplan perf`, `calibrate`, `plan` and `tco` through run() with captured streams: the --json keys, the exit
// codes (0 ok, 1 over budget, 2 bad input) and the place every input error points at.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REQUIRED_COLUMNS } from '../src/calibration/csv.ts';
import { cli } from './helpers.ts';

const SHARED_CSV = '../shared/calibration/throughput-latency.csv';
const tmp = () => mkdtempSync(join(tmpdir(), 'llmplan-cli-'));
const perf = (...extra: string[]) => cli(['perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', ...extra]);

/** 15 rows of one published benchmark (gpustack performance lab, Qwen3-8B on one H100, three engines). */
const SMALL_CSV = [
  REQUIRED_COLUMNS.join(',') + ',source,notes',
  ...[
    ['vLLM', '0.11.0', 'BF16', 1, 'ttft_ms', 59.01], ['vLLM', '0.11.0', 'BF16', 1, 'tpot_ms', 7.28], ['vLLM', '0.11.0', 'BF16', 2, 'ttft_ms', 63.78],
    ['vLLM', '0.11.0', 'BF16', 4, 'ttft_ms', 64.0], ['vLLM', '0.11.0', 'BF16', 4, 'output_tok_s_total', 496.88], ['vLLM', '0.11.0', 'BF16', 8, 'ttft_ms', 74.57],
    ['vLLM', '0.11.0', 'BF16', 8, 'tpot_ms', 7.71], ['vLLM', '0.11.0', 'BF16', 8, 'output_tok_s_total', 917.28], ['SGLang', '0.5.3.post3', 'BF16', 4, 'ttft_ms', 27.7],
    ['SGLang', '0.5.3.post3', 'BF16', 4, 'tpot_ms', 7.19], ['SGLang', '0.5.3.post3', 'BF16', 4, 'output_tok_s_total', 525.59],
    ['TensorRT-LLM (trtllm-serve)', '1.2.0rc1', 'BF16', 4, 'ttft_ms', 51.61], ['TensorRT-LLM (trtllm-serve)', '1.2.0rc1', 'BF16', 4, 'tpot_ms', 7.67],
    ['TensorRT-LLM (trtllm-serve)', '1.2.0rc1', 'BF16', 4, 'output_tok_s_total', 487.38], ['SGLang', '0.5.3.post3', 'FP8 (Qwen/Qwen3-8B-FP8)', 4, 'tpot_ms', 5.65],
  ].map(([engine, version, precision, c, metric, value]) =>
    `Qwen3-8B,H100 SXM 80GB,1,1,"${precision}","${engine}",${version},~233 (ShareGPT),~221 (ShareGPT),concurrency=${c},${metric},${value},gpustack/gpustack docs/performance-lab/qwen3-8b/h100-latency.md @1dbc3b81,`,
  ),
].join('\n') + '\n';

describe('llmplan perf', () => {
  test('--json: latency, throughput per replica and per GPU, error bands that contain the value, tier', async () => {
    const r = await perf('--isl', '500', '--osl', '200', '--concurrency', '16', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['ttftSeconds', 'tpotSeconds', 'outputTokensPerSecond', 'outputTokensPerSecondPerGpu', 'requestsPerSecond', 'errorBand', 'tier']) expect(j).toHaveProperty(k);
    expect(j.tier).toBe('calibrated');
    expect(j.outputTokensPerSecondPerGpu).toBeCloseTo(j.outputTokensPerSecond / j.tensorParallel, 9);
    // 200 output tokens a request: tokens/s = requests/s × 200.
    expect(j.outputTokensPerSecond).toBeCloseTo(j.requestsPerSecond * 200, 6);
    for (const k of ['ttftSeconds', 'tpotSeconds', 'outputTokensPerSecond', 'outputTokensPerSecondPerGpu', 'requestsPerSecond']) {
      const band = j.errorBand[k];
      expect(band.low, k).toBeLessThanOrEqual(j[k]);
      expect(band.high, k).toBeGreaterThanOrEqual(j[k]);
    }
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  test('a GPU × engine without fitted rows is extrapolated, with wider bands', async () => {
    const args = ['--isl', '500', '--osl', '200', '--concurrency', '16', '--json'];
    const h100 = JSON.parse((await perf(...args)).stdout);
    const r = await cli(['perf', '--model', 'llama-3.1-8b', '--gpu', 'mi300x-192gb', ...args]);
    expect(r.code, r.stderr).toBe(0);
    const mi300 = JSON.parse(r.stdout);
    expect(mi300.tier).toBe('extrapolated');
    const width = (j: { ttftSeconds: number; errorBand: { ttftSeconds: { low: number; high: number } } }) => Math.log(j.errorBand.ttftSeconds.high / j.errorBand.ttftSeconds.low);
    expect(width(mi300)).toBeCloseTo(width(h100) * 1.5, 9);
  });

  test('a MoE model gets the MoE rows\' throughput band, wider than the dense one (docs/accuracy.md)', async () => {
    const args = ['--gpu', 'h100-sxm-80gb', '--isl', '500', '--osl', '200', '--concurrency', '16', '--json'];
    const dense = JSON.parse((await cli(['perf', '--model', 'llama-3.1-8b', ...args])).stdout);
    const r = await cli(['perf', '--model', 'mixtral-8x7b', '--tp', '2', ...args]);
    expect(r.code, r.stderr).toBe(0);
    const moe = JSON.parse(r.stdout);
    const ratio = (j: { outputTokensPerSecond: number; errorBand: { outputTokensPerSecond: { low: number; high: number } } }): [number, number] =>
      [j.errorBand.outputTokensPerSecond.low / j.outputTokensPerSecond, j.errorBand.outputTokensPerSecond.high / j.outputTokensPerSecond];
    const bands = JSON.parse(readFileSync('calibration/perf.json', 'utf8')).bands;
    expect(ratio(moe)[0]).toBeCloseTo(Math.exp(bands['throughput:moe'].logRatioP10), 9);
    expect(ratio(moe)[1]).toBeCloseTo(Math.exp(bands['throughput:moe'].logRatioP90), 9);
    expect(ratio(dense)[1]).toBeCloseTo(Math.exp(bands['throughput:dense'].logRatioP90), 9);
    expect(ratio(moe)[1] - ratio(moe)[0]).toBeGreaterThan(ratio(dense)[1] - ratio(dense)[0]);
  });

  test('an MXFP4 checkpoint (gpt-oss) gets the MXFP4 rows\' throughput band: every one of them too fast, so the band sits below the prediction; TTFT and TPOT keep the MoE bands', async () => {
    const bands = JSON.parse(readFileSync('calibration/perf.json', 'utf8')).bands;
    const own = bands['throughput:mxfp4'];
    // gpt-oss-20b and -120b on H100, H200 and B200, tensor-parallel and DEP (docs/accuracy.md): 11 rows, ×0.71–0.89.
    expect(own.n).toBe(11);
    expect(own.logRatioP90).toBeLessThan(0);
    const r = await cli(['perf', '--model', 'gpt-oss-20b', '--gpu', 'h100-sxm-80gb', '--engine', 'trtllm', '--isl', '1000', '--osl', '1000', '--concurrency', '64', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.weightFormat).toBe('mxfp4');
    expect(j.errorBand.outputTokensPerSecond.low / j.outputTokensPerSecond).toBeCloseTo(Math.exp(own.logRatioP10), 9);
    expect(j.errorBand.outputTokensPerSecond.high).toBeCloseTo(j.outputTokensPerSecond, 6);
    expect(j.errorBand.tpotSeconds.high / j.tpotSeconds).toBeCloseTo(Math.exp(bands['tpot:moe']?.logRatioP90 ?? bands.tpot.logRatioP90), 9);
    // The same model at bf16 weights keeps the MoE band.
    const bf16 = JSON.parse((await cli(['perf', '--model', 'gpt-oss-20b', '--gpu', 'h100-sxm-80gb', '--engine', 'trtllm', '--weights', 'bf16', '--isl', '1000', '--osl', '1000', '--concurrency', '64', '--json'])).stdout);
    expect(bf16.errorBand.outputTokensPerSecond.low / bf16.outputTokensPerSecond).toBeCloseTo(Math.exp(bands['throughput:moe'].logRatioP10), 9);
  });

  test('ISL + OSL beyond the model\'s context → exit 2 naming the limit', async () => {
    const r = await perf('--isl', '130000', '--osl', '2000', '--concurrency', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/132000 exceeds llama-3\.1-8b's maximum of 131072/);
    expect(r.stdout).toBe('');
  });

  test('a concurrency that does not fit → exit 2 naming the largest that fits, and that one works', async () => {
    const r = await perf('--isl', '30000', '--osl', '2000', '--concurrency', '500');
    expect(r.code).toBe(2);
    const largest = Number(/the largest concurrency that fits is (\d+)/.exec(r.stderr)?.[1]);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(500);
    expect((await perf('--isl', '30000', '--osl', '2000', '--concurrency', String(largest))).code).toBe(0);
    expect((await perf('--isl', '30000', '--osl', '2000', '--concurrency', String(largest + 1))).code).toBe(2);
  });

  test('the hint offers fp8 KV only where the KV cache is not fp8 already', async () => {
    const bf16 = await perf('--isl', '30000', '--osl', '2000', '--concurrency', '500');
    expect(bf16.stderr).toContain('--kv-dtype fp8');
    const fp8 = await perf('--isl', '30000', '--osl', '2000', '--concurrency', '5000', '--kv-dtype', 'fp8');
    expect(fp8.code).toBe(2);
    expect(fp8.stderr).toMatch(/the largest concurrency that fits is \d+/);
    expect(fp8.stderr).not.toContain('--kv-dtype fp8');
  });

  test('a rate beyond the replica\'s capacity → exit 2 with the capacity', async () => {
    const r = await perf('--isl', '500', '--osl', '200', '--rate', '500');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rate .*500 requests\/s exceeds .* at most \d+\.\d\d requests\/s/);
    expect(r.stderr).toContain('llmplan plan');
  });

  test('--emit-bench prints a vllm bench serve command with the same lengths and load', async () => {
    const r = await perf('--isl', '777', '--osl', '123', '--concurrency', '12', '--emit-bench');
    expect(r.code, r.stderr).toBe(0);
    // The commands break before their options with \ continuations to fit the terminal; joined again here.
    const joined = r.stdout.replace(/ \\\n\s+/g, ' ');
    const bench = joined.split('\n').map((l) => l.trim()).find((l) => l.startsWith('vllm bench serve'))!;
    expect(bench).toContain('--random-input-len 777');
    expect(bench).toContain('--random-output-len 123');
    expect(bench).toContain('--max-concurrency 12');
    expect(bench).toContain('--ignore-eos');
    expect(joined).toMatch(/^\s*vllm serve meta-llama\/Llama-3\.1-8B .*--max-model-len 900/m);
    const rate = JSON.parse((await perf('--isl', '500', '--osl', '200', '--rate', '4', '--emit-bench', '--json')).stdout);
    expect(rate.benchCommand).toContain('--request-rate 4');
  });

  test('--requests: a finite run, what `vllm bench serve --num-prompts n` reports; past the steady rate it still has an answer', async () => {
    // 500 requests at 2/s: 250 s of sending, a few seconds of work each; the run is the steady state plus its ends.
    const [run, steady] = await Promise.all([perf('--isl', '500', '--osl', '200', '--rate', '2', '--requests', '500', '--json', '--emit-bench'), perf('--isl', '500', '--osl', '200', '--rate', '2', '--json')]);
    expect([run.code, steady.code], run.stderr + steady.stderr).toEqual([0, 0]);
    const r = JSON.parse(run.stdout);
    const s = JSON.parse(steady.stdout);
    expect(r.load).toEqual({ kind: 'run', requests: 500, requestsPerSecond: 2 });
    // Its throughput is 500 answers over the time from the first sent to the last answered: just under the pace.
    expect(r.requestsPerSecond).toBeLessThan(2);
    expect(r.requestsPerSecond).toBeGreaterThan(1.9);
    expect(r.tpotSeconds / s.tpotSeconds).toBeCloseTo(1, 1);
    expect(r.ttftSeconds / s.ttftSeconds).toBeCloseTo(1, 1);
    expect(r.benchCommand).toMatch(/--request-rate 2 --num-prompts 500/);
    // All at once: the prompts queue for their prefill, so the mean first token is far later than at 2/s.
    const burst = await perf('--isl', '500', '--osl', '200', '--requests', '500', '--json', '--emit-bench');
    expect(burst.code, burst.stderr).toBe(0);
    const b = JSON.parse(burst.stdout);
    expect(b.load).toEqual({ kind: 'burst', requests: 500 });
    expect(b.ttftSeconds).toBeGreaterThan(10 * r.ttftSeconds);
    expect(b.benchCommand).toMatch(/--max-concurrency 500 --num-prompts 500/);
    // 100/s is past what one H100 serves at 500/200: no steady state (exit 2), but a run of 1,000 has an answer whose
    // throughput is at most the replica's and whose queue makes TTFT grow.
    const over = await perf('--isl', '500', '--osl', '200', '--rate', '100');
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/--requests N for a finite run/);
    const finite = JSON.parse((await perf('--isl', '500', '--osl', '200', '--rate', '100', '--requests', '1000', '--json')).stdout);
    expect(finite.requestsPerSecond).toBeLessThanOrEqual(finite.maxRequestsPerSecond * 1.05);
    expect(finite.ttftSeconds).toBeGreaterThan(1);
    const human = await perf('--isl', '500', '--osl', '200', '--rate', '2', '--requests', '500');
    expect(human.stdout).toMatch(/a run of 500 requests at 2 requests\/s/);
  });

  test.each([
    [['--osl', '200', '--concurrency', '4'], /--isl .*required/],
    [['--isl', '500', '--concurrency', '4'], /--osl .*required/],
    [['--isl', '500', '--osl', '200'], /exactly one of --concurrency N or --rate R/],
    [['--isl', '500', '--osl', '200', '--concurrency', '4', '--rate', '1'], /exactly one of/],
    [['--isl', '0', '--osl', '200', '--concurrency', '4'], /--isl must be a positive whole number/],
    [['--isl', '500', '--osl', '200', '--rate', '-1'], /--rate must be a positive number/],
    [['--isl', '500', '--osl', '200', '--requests', '500', '--concurrency', '8'], /--requests .*not for a closed loop/],
    [['--isl', '500', '--osl', '200', '--requests', '500', '--disagg', '1:1'], /--requests .*not modelled for a disaggregated/],
    [['--isl', '500', '--osl', '200', '--requests', '2.5'], /--requests must be a positive whole number/],
  ])('bad input %j → exit 2, one clear line, nothing on stdout', async (extra, message) => {
    const r = await perf(...extra);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test('--calibration with a missing file → exit 2 naming the file', async () => {
    const r = await perf('--isl', '500', '--osl', '200', '--concurrency', '4', '--calibration', 'no-such-calibration.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-calibration\.json .*calibration file not found/);
  });

  test('an engines.yaml of your own with overlapScheduler: false plans a server without one: TTFT one step shorter (vLLM, Llama-3.1-8B, concurrency 64)', async () => {
    const dir = tmp();
    const vllm = readFileSync('catalogs/engines.yaml', 'utf8').split('engines:\n')[1]!.split('\n  - id: ')[0]!;
    writeFileSync(join(dir, 'engines.yaml'), `schemaVersion: 1\nengines:\n${vllm.replace('overlapScheduler: true', 'overlapScheduler: false')}\n`);
    const args = ['--isl', '1000', '--osl', '200', '--concurrency', '64', '--json'];
    const [own, shipped] = await Promise.all([perf(...args, '--catalog-dir', dir), perf(...args)]);
    expect([own.code, shipped.code]).toEqual([0, 0]);
    const a = JSON.parse(own.stdout);
    const b = JSON.parse(shipped.stdout);
    // TTFT = front + prefill + (1/2 + lag) × step: about one TPOT apart (the batch, and so the step, moves a little).
    expect(b.ttftSeconds - a.ttftSeconds).toBeGreaterThan(0.8 * a.tpotSeconds);
    expect(b.ttftSeconds - a.ttftSeconds).toBeLessThan(1.2 * b.tpotSeconds);
  });

  // Files of an older schema: schema 1 had a per-sequence step cost, schema 2 one per-request cost for every front end.
  test.each([
    [1, 'schema 1, written before the model dropped its per-sequence step cost', (e: Record<string, number>): void => { e.sequenceOverheadSeconds = 4.4e-6; }],
    [2, 'schema 2, written before the per-request cost of an API server and of the runtime without one were fitted apart', (e: Record<string, number>): void => { delete e.runtimeRequestOverheadSeconds; }],
  ] as const)('--calibration with a schema-%i file → exit 2: re-fit it', async (version, why, edit) => {
    const old = JSON.parse(readFileSync('calibration/perf.json', 'utf8'));
    old.schemaVersion = version;
    for (const e of Object.values(old.efficiency) as Record<string, number>[]) edit(e);
    const file = join(tmp(), `old${version}.json`);
    writeFileSync(file, JSON.stringify(old));
    const r = await perf('--isl', '500', '--osl', '200', '--concurrency', '4', '--calibration', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${why}: re-run \`llmplan calibrate --data <csv> --fit --out <file>\``);
    expect(r.stdout).toBe('');
  });

  test("the text names the API server whose per-request cost joins TTFT, from the calibration in use", async () => {
    const cal = JSON.parse(readFileSync('calibration/perf.json', 'utf8'));
    cal.efficiency.trtllm.requestOverheadSeconds = 0.05;
    const file = join(tmp(), 'front.json');
    writeFileSync(file, JSON.stringify(cal));
    const r = await perf('--isl', '500', '--osl', '200', '--concurrency', '4', '--engine', 'trtllm', '--calibration', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('Front end: trtllm-serve adds 50.0 ms to each TTFT');
    const shipped = await perf('--isl', '500', '--osl', '200', '--concurrency', '4', '--engine', 'vllm');
    expect(shipped.stdout.replace(/\s+/g, ' ')).toContain(`Front end: vllm serve adds ${(cal.efficiency.vllm.requestOverheadSeconds * 1000).toFixed(1)} ms to each TTFT`);
  });

});

describe('llmplan calibrate', () => {
  test.runIf(existsSync(SHARED_CSV))('--json on the shared CSV: every row predicted or unmapped with a reason; median APE per metric', async () => {
    const r = await cli(['calibrate', '--data', SHARED_CSV, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const csvRecords = readFileSync(SHARED_CSV, 'utf8').trimEnd().split('\n').length - 1;
    expect(j.rows.length + j.unmapped.length).toBe(csvRecords);
    const header = readFileSync(SHARED_CSV, 'utf8').split(/\r?\n/)[0]!.split(',');
    for (const row of j.rows) {
      for (const col of header) expect(row).toHaveProperty(col);
      expect(row).toHaveProperty('predicted');
      expect(row).toHaveProperty('ape');
      if (row.predicted !== null) expect(row.ape).toBeCloseTo(Math.abs(row.predicted - Number(row.value)) / Number(row.value), 9);
    }
    for (const u of j.unmapped) {
      expect(typeof u.reason).toBe('string');
      expect(u.reason.length).toBeGreaterThan(0);
    }
    for (const metric of ['throughput', 'tpot', 'ttft']) {
      expect(j.medianApe[metric]).toBeGreaterThan(0);
      expect(j.medianApe[metric]).toBeLessThan(1);
    }
  });

  test('a CSV with a missing column → exit 2 with file and line 1, and a did-you-mean', async () => {
    const file = join(tmp(), 'bad-header.csv');
    writeFileSync(file, SMALL_CSV.replace('metric,value', 'metrik,value'));
    const r = await cli(['calibrate', '--data', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:1:1  missing column "metric"`);
    expect(r.stderr).toContain('"metrik"');
  });

  test('an unparseable number → exit 2 with file:line:column (column = the field\'s position)', async () => {
    const file = join(tmp(), 'bad-number.csv');
    const lines = SMALL_CSV.split('\n');
    lines[3] = lines[3]!.replace(',63.78,', ',63,78x,').replace(',63,78x,', ',6378x,');
    writeFileSync(file, lines.join('\n'));
    const r = await cli(['calibrate', '--data', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:4:12  value  expected a number, got "6378x"`);
  });

  test('line numbers count blank lines and quoted line breaks: they are the lines an editor shows', async () => {
    const file = join(tmp(), 'blank-lines.csv');
    const lines = SMALL_CSV.split('\n');
    // Line 3 gets a two-line quoted note; a blank line follows it. The bad value is on physical line 6.
    lines[2] = lines[2]!.replace(/,$/, ',"measured twice,\nsee the lab notes"');
    lines.splice(3, 0, '');
    lines[4] = lines[4]!.replace(',63.78,', ',6378x,');
    writeFileSync(file, lines.join('\n'));
    const r = await cli(['calibrate', '--data', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:6:12  value  expected a number, got "6378x"`);
  });

  test('--fit --out writes a calibration file that perf --calibration accepts', async () => {
    const dir = tmp();
    const data = join(dir, 'small.csv');
    const out = join(dir, 'fitted.json');
    writeFileSync(data, SMALL_CSV);
    const fit = await cli(['calibrate', '--data', data, '--fit', '--out', out, '--json']);
    expect(fit.code, fit.stderr).toBe(0);
    expect(fit.stderr).toContain(`wrote ${out}`);
    const j = JSON.parse(fit.stdout);
    expect(j.fitted).toBe(true);
    expect(j.rows).toHaveLength(15);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.rowsUsed).toBe(15);
    const r = await perf('--isl', '500', '--osl', '200', '--concurrency', '4', '--calibration', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.calibration.rowsUsed).toBe(15);
    expect(p.tier).toBe('calibrated');
    // A different calibration gives a different answer than the shipped one.
    const shipped = JSON.parse((await perf('--isl', '500', '--osl', '200', '--concurrency', '4', '--json')).stdout);
    expect(p.ttftSeconds).not.toBe(shipped.ttftSeconds);
  });

  test('--data missing → exit 2 with an example', async () => {
    const r = await cli(['calibrate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--data .*required/);
  });
});

describe('llmplan plan', () => {
  test('--json on chatbot × h100: 168 hours per option, the best option, the binding target', async () => {
    const r = await cli(['plan', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80gb', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.options.map((o: { model: string }) => o.model)).toEqual(['llama-3.1-8b', 'qwen3-32b', 'llama-3.3-70b']);
    for (const o of j.options) {
      expect(o.hourly).toHaveLength(168);
      expect(['memory', 'ttft', 'tpot', 'e2e', 'throughput', 'deadline', 'availability']).toContain(o.binding);
      expect(o.feasible).toBe(true);
      // Interactive traffic: always on, and N+k for 99.9%.
      expect(o.minReplicas).toBeGreaterThanOrEqual(1);
      expect(o.redundancyReplicas).toBeGreaterThanOrEqual(1);
    }
    expect(j.best).toEqual({ model: 'llama-3.1-8b', gpu: 'h100-sxm-80gb' });
    const best = j.options.find((o: { model: string }) => o.model === j.best.model);
    expect(Math.min(...j.options.map((o: { gpuHoursPerMonth: number }) => o.gpuHoursPerMonth))).toBe(best.gpuHoursPerMonth);
  });

  test('human output marks the best option and draws the week', async () => {
    const r = await cli(['plan', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80gb']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('★ Fewest GPU-hours: llama-3.1-8b');
    for (const d of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) expect(r.stdout).toMatch(new RegExp(`^  ${d} `, 'm'));
  });

  test('an unknown GPU → exit 2 with did-you-mean', async () => {
    const r = await cli(['plan', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80g']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown GPU "h100-sxm-80g" (did you mean "h100-sxm-80gb"?)');
    expect(r.stdout).toBe('');
  });

  test('a misspelt scenario key → exit 2 with file:line:col and did-you-mean', async () => {
    const file = 'test/fixtures/scenarios/misspelt-key.yaml';
    const r = await cli(['plan', '--scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:5:3  workload.requestsPerDya  unknown key "requestsPerDya" (did you mean "requestsPerDay"?)`);
  });

  test('no --scenario → exit 2', async () => {
    const r = await cli(['plan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--scenario/);
  });
});

describe('llmplan tco', () => {
  test('--json on chatbot parses; money keys name their unit', async () => {
    const r = await cli(['tco', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80gb', '--as-of', '2026-11-23', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schemaVersion: 1, kind: 'tco', scenario: 'chatbot', asOf: '2026-11-23', horizonMonths: 36 });
    expect(j.budget).toMatchObject({ verdict: 'within', monthlyBudgetUsd: 10000 });
    expect(j.options.length).toBeGreaterThan(0);
    const priced = j.options.filter((o: { missingPriceReason: string | null }) => o.missingPriceReason === null);
    expect(priced.length).toBeGreaterThan(0);
    for (const o of priced) {
      for (const k of ['monthlyCostUsd', 'totalCostUsd', 'capitalUsd', 'peakMonthlyOperatingUsd', 'costPerRequestUsd', 'costPerMillionTokensUsd']) expect(typeof o[k], `${o.id} ${k}`).toBe('number');
      for (const b of o.breakdown) expect(typeof b.monthlyUsd).toBe('number');
    }
    expect(j.options.some((o: { id: string }) => o.id === j.recommendedId)).toBe(true);
    // stdout is only the JSON; stale-price warnings go to stderr.
    expect(r.stderr).toMatch(/^warning: /m);
  });

  test('over budget → exit 1, the verdict and the overrun in the JSON', async () => {
    const r = await cli(['tco', '--scenario', 'test/fixtures/scenarios/over-budget.yaml', '--as-of', '2026-11-23', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.budget.verdict).toBe('over');
    expect(j.budget.monthlyBudgetUsd).toBe(1);
    expect(j.budget.overMonthlyByUsd).toBeGreaterThan(0);
  });

  test('over budget, human output: exit 1 and the budget line says so', async () => {
    const r = await cli(['tco', '--scenario', 'test/fixtures/scenarios/over-budget.yaml', '--as-of', '2026-11-23']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Budget: .*over/m);
  });

  test('a malformed --as-of → exit 2', async () => {
    const r = await cli(['tco', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '23/11/2026']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--as-of/);
  });
});
