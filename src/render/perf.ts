import type { ChalkInstance } from 'chalk';
import type { Band, PerfAnswer } from '../core/perf/prediction.ts';
import type { Load } from '../core/perf/serving.ts';
import { benchClientCommand, servedRepo, type BenchLoad } from '../core/search/launch.ts';
import { fmtInt, fmtSeconds } from './format.ts';
import { makeTable } from './table.ts';

import type { PerfMeta } from '../app/perf.ts';
export type { PerfMeta };

const loadText = (l: Load): string => (l.kind === 'concurrency' ? `concurrency ${l.concurrency}` : l.kind === 'rate' ? `${l.requestsPerSecond} requests/s` : l.kind);

export function renderPerfHuman(a: PerfAnswer, m: PerfMeta, c: ChalkInstance): string {
  const p = a.prediction;
  const out: string[] = [];
  out.push(c.bold(`${m.model.name} on ${m.tp} × ${m.gpu.name}`) + ` (TP${m.tp}, ${m.engine.name}, weights ${m.weights}, KV ${m.kvDtype}), ${fmtInt(m.isl)} in / ${fmtInt(m.osl)} out, ${loadText(m.load)}`);
  const t = makeTable(['', 'predicted', 'band (10th-90th pct)'], { align: ['left', 'right', 'right'] });
  const sec = (v: number, b: Band) => [fmtSeconds(v), `${fmtSeconds(b.low)} – ${fmtSeconds(b.high)}`];
  const rate = (v: number, b: Band, unit: string) => [`${v.toFixed(v < 10 ? 2 : 0)} ${unit}`, `${b.low.toFixed(b.low < 10 ? 2 : 0)} – ${b.high.toFixed(b.high < 10 ? 2 : 0)}`];
  t.push(['TTFT', ...sec(p.ttftSeconds, a.bands.ttftSeconds)]);
  t.push(['TPOT', ...sec(p.tpotSeconds, a.bands.tpotSeconds)]);
  t.push(['end-to-end', ...sec(p.e2eSeconds, a.bands.e2eSeconds)]);
  t.push(['output tokens/s (replica)', ...rate(p.outputTokensPerSecond, a.bands.outputTokensPerSecond, 'tok/s')]);
  const perGpu = { low: a.bands.outputTokensPerSecond.low / m.tp, high: a.bands.outputTokensPerSecond.high / m.tp };
  t.push(['output tokens/s per GPU', ...rate(p.outputTokensPerSecond / m.tp, perGpu, 'tok/s')]);
  t.push(['requests/s', ...rate(p.requestsPerSecond, a.bands.requestsPerSecond, 'req/s')]);
  out.push(t.toString());
  out.push(`Batch: ${p.decodeBatch.toFixed(1)} sequences decoding per step (limit: ${p.batchLimit}; KV holds ${fmtInt(a.limits.kvCapacitySequences)}, engine cap ${fmtInt(a.limits.maxBatchSequences)}); step ${fmtSeconds(p.step.seconds)}, ${p.step.bound}-bound; replica saturates at ${p.maxRequestsPerSecond.toFixed(2)} req/s`);
  const tierText = a.tier === 'calibrated' ? c.green('calibrated') + ` on ${m.gpu.id} with ${m.engine.id}` : c.yellow('extrapolated') + ` (no fitted rows for ${m.gpu.id} with ${m.engine.id}; bands widened ×1.5)`;
  const kind = m.model.architecture.moe ? 'MoE' : 'dense';
  out.push(`Tier: ${tierText}. Bands: ${m.calibration.bandsMethod.startsWith('leave-one-source-out') ? 'out-of-sample' : 'in-sample (one source)'} error of calibration fitted ${m.calibration.fittedOn} on ${m.calibration.rowsUsed} rows, ${kind} models' own where measured (${m.calibrationPath ? `${m.calibrationPath}; per row: llmplan calibrate --data ${m.calibration.dataFile}` : 'docs/accuracy.md'}).`);
  for (const n of m.notes) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}

export function renderPerfJson(a: PerfAnswer, m: PerfMeta, benchCommand: string | null): string {
  const p = a.prediction;
  const perGpu = (b: Band) => ({ low: b.low / m.tp, high: b.high / m.tp });
  return JSON.stringify(
    {
      schemaVersion: 1,
      kind: 'perf',
      deployment: 'aggregated',
      model: m.model.id,
      gpu: m.gpu.id,
      engine: m.engine.id,
      tensorParallel: m.tp,
      weightFormat: m.weights,
      kvDtype: m.kvDtype,
      inputTokens: m.isl,
      outputTokens: m.osl,
      load: m.load,
      ttftSeconds: p.ttftSeconds,
      tpotSeconds: p.tpotSeconds,
      e2eSeconds: p.e2eSeconds,
      outputTokensPerSecond: p.outputTokensPerSecond,
      outputTokensPerSecondPerGpu: p.outputTokensPerSecond / m.tp,
      requestsPerSecond: p.requestsPerSecond,
      maxRequestsPerSecond: p.maxRequestsPerSecond,
      decodeBatch: p.decodeBatch,
      batchLimit: p.batchLimit,
      kvCapacitySequences: a.limits.kvCapacitySequences,
      stepSeconds: p.step.seconds,
      bound: p.step.bound,
      tier: a.tier,
      errorBand: {
        ttftSeconds: a.bands.ttftSeconds,
        tpotSeconds: a.bands.tpotSeconds,
        e2eSeconds: a.bands.e2eSeconds,
        outputTokensPerSecond: a.bands.outputTokensPerSecond,
        outputTokensPerSecondPerGpu: perGpu(a.bands.outputTokensPerSecond),
        requestsPerSecond: a.bands.requestsPerSecond,
      },
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
  const prompts = m.load.kind === 'concurrency' ? Math.max(100, m.load.concurrency * 10) : 500;
  const load: BenchLoad = m.load.kind === 'concurrency' ? m.load : { kind: 'rate', requestsPerSecond: m.load.kind === 'rate' ? m.load.requestsPerSecond : 0 };
  const quant = m.weights === 'fp8' ? ' --quantization fp8' : '';
  const kv = m.kvDtype === 'fp8' ? ' --kv-cache-dtype fp8' : '';
  const server =
    m.engine.id === 'vllm'
      ? `vllm serve ${repo} --tensor-parallel-size ${m.tp} --max-model-len ${m.isl + m.osl}${quant}${kv}`
      : m.engine.id === 'sglang'
        ? `python3 -m sglang.launch_server --model-path ${repo} --tp ${m.tp}${m.kvDtype === 'fp8' ? ' --kv-cache-dtype fp8_e4m3' : ''}`
        : `trtllm-serve ${repo} --tp_size ${m.tp} --max_seq_len ${m.isl + m.osl}`;
  return [server, benchClientCommand(m.engine.id, repo, m.isl, m.osl, load, prompts)].join('\n');
}
