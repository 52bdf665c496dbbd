import type { ChalkInstance } from 'chalk';
import { formatBandKey, type Band, type PerfAnswer } from '../core/perf/prediction.ts';
import type { Load } from '../core/perf/serving.ts';
import { benchClientCommand, servedRepo, type BenchLoad } from '../core/search/launch.ts';
import { fmtInt, fmtSeconds } from './format.ts';
import { makeTable } from './table.ts';

import type { PerfMeta } from '../app/perf.ts';
export type { PerfMeta };

/** GPUs of the deployment: a TP replica's tp, or DEP's ep ranks (each at tp 1). */
const gpusOf = (m: PerfMeta): number => m.tp * (m.ep ?? 1);
const isDep = (m: PerfMeta): boolean => (m.ep ?? 1) > 1;

/** The load as `perf` states it in its first line. */
export const loadText = (l: Load): string => {
  switch (l.kind) {
    case 'concurrency':
      return `concurrency ${l.concurrency}`;
    case 'rate':
      return `${l.requestsPerSecond} requests/s`;
    case 'burst':
      return `a run of ${fmtInt(l.requests)} requests sent at once`;
    case 'run':
      return `a run of ${fmtInt(l.requests)} requests at ${l.requestsPerSecond} requests/s`;
    default:
      return l.kind;
  }
};

type Figures = Pick<PerfAnswer['prediction'], 'ttftSeconds' | 'tpotSeconds' | 'e2eSeconds' | 'outputTokensPerSecond' | 'requestsPerSecond'>;

/** The table every perf answer opens with: each figure beside its band, throughput for the deployment and per GPU. */
export function predictionTable(p: Figures, bands: PerfAnswer['bands'], gpus: number, labels: { throughput: string; perGpu: string }): string {
  const t = makeTable(['', 'predicted', 'band (10th-90th pct)'], { align: ['left', 'right', 'right'] });
  const sec = (v: number, b: Band) => [fmtSeconds(v), `${fmtSeconds(b.low)} – ${fmtSeconds(b.high)}`];
  const num = (v: number) => v.toFixed(v < 10 ? 2 : 0);
  const rate = (v: number, b: Band, unit: string) => [`${num(v)} ${unit}`, `${num(b.low)} – ${num(b.high)}`];
  t.push(['TTFT', ...sec(p.ttftSeconds, bands.ttftSeconds)]);
  t.push(['TPOT', ...sec(p.tpotSeconds, bands.tpotSeconds)]);
  t.push(['end-to-end', ...sec(p.e2eSeconds, bands.e2eSeconds)]);
  t.push([labels.throughput, ...rate(p.outputTokensPerSecond, bands.outputTokensPerSecond, 'tok/s')]);
  const perGpu = { low: bands.outputTokensPerSecond.low / gpus, high: bands.outputTokensPerSecond.high / gpus };
  t.push([labels.perGpu, ...rate(p.outputTokensPerSecond / gpus, perGpu, 'tok/s')]);
  t.push(['requests/s', ...rate(p.requestsPerSecond, bands.requestsPerSecond, 'req/s')]);
  return t.toString();
}

export function renderPerfHuman(a: PerfAnswer, m: PerfMeta, c: ChalkInstance): string {
  const p = a.prediction;
  const out: string[] = [];
  const layout = isDep(m) ? `DEP${m.ep}: attention data-parallel at TP 1 on each GPU, routed experts spread over all ${m.ep}` : `TP${m.tp}`;
  out.push(c.bold(`${m.model.name} on ${gpusOf(m)} × ${m.gpu.name}`) + ` (${layout}, ${m.engine.name}, weights ${m.weights}, KV ${m.kvDtype}), ${fmtInt(m.isl)} in / ${fmtInt(m.osl)} out, ${loadText(m.load)}`);
  out.push(predictionTable(p, a.bands, gpusOf(m), { throughput: isDep(m) ? 'output tokens/s (deployment)' : 'output tokens/s (replica)', perGpu: 'output tokens/s per GPU' }));
  if (isDep(m)) {
    out.push(`Batch: ${p.decodeBatch.toFixed(1)} sequences decoding per step over the ${m.ep} ranks (${(p.decodeBatch / m.ep!).toFixed(1)} on each; limit: ${p.batchLimit}; each GPU's KV holds ${fmtInt(a.limits.kvCapacitySequences)}, engine cap ${fmtInt(a.limits.maxBatchSequences)}); step ${fmtSeconds(p.step.seconds)} in lock-step with an all-to-all per MoE layer, ${p.step.bound}-bound; the deployment saturates at ${p.maxRequestsPerSecond.toFixed(2)} req/s`);
  } else {
    out.push(`Batch: ${p.decodeBatch.toFixed(1)} sequences decoding per step (limit: ${p.batchLimit}; KV holds ${fmtInt(a.limits.kvCapacitySequences)}, engine cap ${fmtInt(a.limits.maxBatchSequences)}); step ${fmtSeconds(p.step.seconds)}, ${p.step.bound}-bound; replica saturates at ${p.maxRequestsPerSecond.toFixed(2)} req/s`);
  }
  if (m.load.kind !== 'static') out.push(frontEndLine(m));
  const tierText = a.tier === 'calibrated' ? c.green('calibrated') + ` on ${m.gpu.id} with ${m.engine.id}` : c.yellow('extrapolated') + ` (no fitted rows for ${m.gpu.id} with ${m.engine.id}; bands widened ×1.5)`;
  const kind = m.model.architecture.moe ? 'MoE' : 'dense';
  const method = m.calibration.bandsMethod.startsWith('leave-one-source-out') ? 'out-of-sample' : 'in-sample (one source)';
  const where = m.calibrationPath ? `${m.calibrationPath}; per row: llmplan calibrate --data ${m.calibration.dataFile}` : 'docs/accuracy.md';
  if (isDep(m)) {
    const dep = m.calibration.bands['throughput:dep'];
    const throughputBand = dep ? `throughput from the ${dep.n} DEP rows (median error ${(dep.medianApe * 100).toFixed(0)}%; DEP rows are predicted, never fitted)` : 'throughput from MoE rows, widened ×1.5 (no DEP row in this calibration)';
    out.push(`Tier: ${c.yellow('DEP')} on the efficiencies fitted on tensor-parallel rows. Bands: ${method} error of calibration fitted ${m.calibration.fittedOn}: ${throughputBand}; TTFT and TPOT from MoE rows, widened ×1.5 (no DEP row measures them) (${where}).`);
  } else {
    const own = m.calibration.bands[formatBandKey('throughput', m.weights)];
    const formatBand = own ? `throughput from the ${own.n} ${m.weights.toUpperCase()} rows (median error ${(own.medianApe * 100).toFixed(0)}%), ` : '';
    out.push(`Tier: ${tierText}. Bands: ${method} error of calibration fitted ${m.calibration.fittedOn} on ${m.calibration.rowsUsed} rows, ${formatBand}${kind} models' own where measured (${where}).`);
  }
  for (const n of m.notes) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}

/** The API server `--emit-bench` starts for each engine: its per-request cost is the front end of online TTFT. */
const API_SERVER: Record<PerfMeta['engine']['id'], string> = { vllm: 'vllm serve', sglang: "SGLang's server", trtllm: 'trtllm-serve' };

/** What the server costs each request before its prompt reaches the GPU, part of every online TTFT above. */
export function frontEndLine(m: Pick<PerfMeta, 'engine' | 'calibration'>): string {
  const e = m.calibration.efficiency[m.engine.id];
  return `Front end: ${API_SERVER[m.engine.id]} adds ${fmtSeconds(e.requestOverheadSeconds)} to each TTFT (HTTP, chat template, tokenising; fitted on its published TTFT, docs/accuracy.md)`;
}

type PerfJsonMeta = Pick<PerfMeta, 'model' | 'gpu' | 'engine' | 'weights' | 'kvDtype' | 'isl' | 'osl' | 'load'>;

/** The keys every `perf --json` starts with, aggregated, DEP or disaggregated (schemas/perf-output.schema.json). */
export function perfJsonHead(m: PerfJsonMeta, deployment: 'aggregated' | 'disaggregated', layout: { tensorParallel: number; expertParallel: number; gpus: number }) {
  return { schemaVersion: 1, kind: 'perf', deployment, model: m.model.id, gpu: m.gpu.id, engine: m.engine.id, ...layout, weightFormat: m.weights, kvDtype: m.kvDtype, inputTokens: m.isl, outputTokens: m.osl, load: m.load };
}

/** Each prediction's band, and the per-GPU throughput band over `gpus`. */
export function errorBandJson(b: PerfAnswer['bands'], gpus: number) {
  const o = b.outputTokensPerSecond;
  return { ttftSeconds: b.ttftSeconds, tpotSeconds: b.tpotSeconds, e2eSeconds: b.e2eSeconds, outputTokensPerSecond: o, outputTokensPerSecondPerGpu: { low: o.low / gpus, high: o.high / gpus }, requestsPerSecond: b.requestsPerSecond };
}

export function renderPerfJson(a: PerfAnswer, m: PerfMeta, benchCommand: string | null): string {
  const p = a.prediction;
  const gpus = gpusOf(m);
  return JSON.stringify(
    {
      ...perfJsonHead(m, 'aggregated', { tensorParallel: m.tp, expertParallel: m.ep ?? 1, gpus }),
      ttftSeconds: p.ttftSeconds,
      tpotSeconds: p.tpotSeconds,
      e2eSeconds: p.e2eSeconds,
      outputTokensPerSecond: p.outputTokensPerSecond,
      outputTokensPerSecondPerGpu: p.outputTokensPerSecond / gpus,
      requestsPerSecond: p.requestsPerSecond,
      maxRequestsPerSecond: p.maxRequestsPerSecond,
      decodeBatch: p.decodeBatch,
      batchLimit: p.batchLimit,
      kvCapacitySequences: a.limits.kvCapacitySequences * (m.ep ?? 1),
      stepSeconds: p.step.seconds,
      bound: p.step.bound,
      tier: a.tier,
      errorBand: errorBandJson(a.bands, gpus),
      disaggregated: null,
      calibration: { fittedOn: m.calibration.fittedOn, rowsUsed: m.calibration.rowsUsed },
      notes: m.notes,
      benchCommand,
    },
    null,
    2,
  );
}

/** The command that would confirm this prediction on real hardware, same model, lengths and load. */
export function renderBenchCommand(m: PerfMeta): string {
  const repo = servedRepo(m.model);
  // A finite run is the command with its own number of prompts: all of them in flight at once for a burst (what an
  // unlimited rate sends), or sent at its rate.
  const prompts = m.load.kind === 'concurrency' ? Math.max(100, m.load.concurrency * 10) : m.load.kind === 'burst' || m.load.kind === 'run' ? m.load.requests : 500;
  const load: BenchLoad =
    m.load.kind === 'concurrency' ? m.load : m.load.kind === 'burst' ? { kind: 'concurrency', concurrency: m.load.requests } : { kind: 'rate', requestsPerSecond: m.load.kind === 'rate' || m.load.kind === 'run' ? m.load.requestsPerSecond : 0 };
  const quant = m.weights === 'fp8' ? ' --quantization fp8' : '';
  const kv = m.kvDtype === 'fp8' ? ' --kv-cache-dtype fp8' : '';
  const server = isDep(m) ? depServerCommand(m, repo) :
    m.engine.id === 'vllm'
      ? `vllm serve ${repo} --tensor-parallel-size ${m.tp} --max-model-len ${m.isl + m.osl}${quant}${kv}`
      : m.engine.id === 'sglang'
        ? `python3 -m sglang.launch_server --model-path ${repo} --tp ${m.tp}${m.kvDtype === 'fp8' ? ' --kv-cache-dtype fp8_e4m3' : ''}`
        : `trtllm-serve ${repo} --tp_size ${m.tp} --max_seq_len ${m.isl + m.osl}`;
  return [server, benchClientCommand(m.engine.id, repo, m.isl, m.osl, load, prompts)].join('\n');
}

/**
 * The DEP launch of each engine: vLLM `--data-parallel-size N --enable-expert-parallel` (vLLM recipes, DeepSeek-V3
 * "DP8+EP"); SGLang `--tp N --dp N --enable-dp-attention --ep-size N` (SGLang DeepSeek docs); TensorRT-LLM
 * `--tp_size N --ep_size N` with `enable_attention_dp: true` in the LLM API options (TensorRT-LLM
 * examples/serve/deepseek_r1_reasoning_parser.sh). Read 2026-11-30.
 */
function depServerCommand(m: PerfMeta, repo: string): string {
  const n = m.ep!;
  const len = m.isl + m.osl;
  if (m.engine.id === 'vllm') return `vllm serve ${repo} --data-parallel-size ${n} --enable-expert-parallel --max-model-len ${len}${m.kvDtype === 'fp8' ? ' --kv-cache-dtype fp8' : ''}`;
  if (m.engine.id === 'sglang') return `python3 -m sglang.launch_server --model-path ${repo} --tp ${n} --dp ${n} --enable-dp-attention --ep-size ${n}${m.kvDtype === 'fp8' ? ' --kv-cache-dtype fp8_e4m3' : ''}`;
  return `printf 'enable_attention_dp: true\\n' > dep.yml && trtllm-serve ${repo} --tp_size ${n} --ep_size ${n} --max_seq_len ${len} --extra_llm_api_options dep.yml`;
}
