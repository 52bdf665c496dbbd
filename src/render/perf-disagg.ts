// `perf --disagg`: the aggregated perf table's rows for the whole deployment, then each pool and the KV transfer.
import type { ChalkInstance } from 'chalk';
import type { DisaggAnswer, DisaggMeta } from '../app/perf-disagg.ts';
import { fmtBytes, fmtInt, fmtPct, fmtSeconds } from './format.ts';
import { makeTable } from './table.ts';
import { errorBandJson, loadText, perfJsonHead, predictionTable } from './perf.ts';

export function renderDisaggPerfHuman(a: DisaggAnswer, m: DisaggMeta, c: ChalkInstance): string {
  const p = a.prediction;
  const s = m.shape;
  const out: string[] = [];
  out.push(c.bold(`${m.model.name} on ${p.gpus} × ${m.gpu.name}, disaggregated ${s.prefillInstances}P:${s.decodeInstances}D`) + ` (prefill ${s.prefillInstances} × TP${s.prefillTp}, decode ${s.decodeInstances} × TP${s.decodeTp}; ${m.engine.name}, weights ${m.weights}, KV ${m.kvDtype}), ${fmtInt(m.isl)} in / ${fmtInt(m.osl)} out, ${loadText(m.load)}`);
  out.push(predictionTable(p, a.bands, p.gpus, { throughput: 'output tokens/s (deployment)', perGpu: `output tokens/s per GPU (${p.gpus} GPUs)` }));
  const pools = makeTable(['pool', 'instances × TP', 'saturates at', 'utilisation', 'per request'], { align: ['left', 'right', 'right', 'right', 'left'] });
  pools.push(['prefill', `${s.prefillInstances} × ${s.prefillTp}`, `${p.prefill.maxRequestsPerSecond.toFixed(2)} req/s each`, fmtPct(p.prefill.utilisation), `queue ${fmtSeconds(p.prefill.queueSeconds)} + prefill ${fmtSeconds(p.prefill.soloSeconds)} (${p.prefill.promptsPerStep} prompt(s) a step at load)`]);
  pools.push(['decode', `${s.decodeInstances} × ${s.decodeTp}`, `${p.decode.maxRequestsPerSecond.toFixed(2)} req/s each`, fmtPct(p.decode.utilisation), `${p.decode.batch.toFixed(1)} sequences a step (KV holds ${fmtInt(p.decode.cap)}), step ${fmtSeconds(p.decode.step.seconds)}, ${p.decode.step.bound}-bound`]);
  out.push(pools.toString());
  const tr = p.kvTransfer;
  out.push(`KV transfer: ${fmtBytes(tr.bytes)} a request over ${tr.path === 'nvlink' ? 'NVLink' : 'PCIe'} at ${(tr.bytesPerSecond / 1e9).toFixed(0)} GB/s (${Math.min(s.prefillTp, s.decodeTp)} link(s) × calibrated link efficiency): ${fmtSeconds(tr.seconds)}, in TTFT with the first decode step. The ${p.bottleneck} pool saturates first, at ${p.maxRequestsPerSecond.toFixed(2)} req/s.`);
  if (p.clientWaitSeconds > 0) out.push(`Clients beyond what the pools hold wait ${fmtSeconds(p.clientWaitSeconds)} for a slot (in TTFT).`);
  out.push(`Tier: ${c.yellow('extrapolated')} (no disaggregated measurement in the calibration data; aggregated ${m.model.architecture.moe ? 'MoE' : 'dense'} bands widened ×1.5). Efficiencies: calibration fitted ${m.calibration.fittedOn} on ${m.calibration.rowsUsed} rows (${m.calibrationPath ?? 'docs/accuracy.md'}); model: docs/disaggregated.md.`);
  for (const n of m.notes) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}

export function renderDisaggPerfJson(a: DisaggAnswer, m: DisaggMeta): string {
  const p = a.prediction;
  const s = m.shape;
  return JSON.stringify(
    {
      ...perfJsonHead(m, 'disaggregated', { tensorParallel: s.decodeTp, expertParallel: 1, gpus: p.gpus }),
      ttftSeconds: p.ttftSeconds,
      tpotSeconds: p.tpotSeconds,
      e2eSeconds: p.e2eSeconds,
      outputTokensPerSecond: p.outputTokensPerSecond,
      outputTokensPerSecondPerGpu: p.outputTokensPerSecond / p.gpus,
      requestsPerSecond: p.requestsPerSecond,
      maxRequestsPerSecond: p.maxRequestsPerSecond,
      decodeBatch: p.decode.batch,
      batchLimit: 'load',
      kvCapacitySequences: p.decode.cap,
      stepSeconds: p.decode.step.seconds,
      bound: p.decode.step.bound,
      tier: a.tier,
      errorBand: errorBandJson(a.bands, p.gpus),
      disaggregated: {
        gpus: p.gpus,
        bottleneck: p.bottleneck,
        prefill: { instances: s.prefillInstances, tensorParallel: s.prefillTp, maxRequestsPerSecondPerInstance: p.prefill.maxRequestsPerSecond, utilisation: p.prefill.utilisation, queueSeconds: p.prefill.queueSeconds, prefillSeconds: p.prefill.soloSeconds, promptsPerStep: p.prefill.promptsPerStep },
        decode: { instances: s.decodeInstances, tensorParallel: s.decodeTp, maxRequestsPerSecondPerInstance: p.decode.maxRequestsPerSecond, utilisation: p.decode.utilisation, batch: p.decode.batch, kvCapacitySequences: p.decode.cap, stepSeconds: p.decode.step.seconds },
        kvTransfer: { bytes: p.kvTransfer.bytes, bytesPerSecond: p.kvTransfer.bytesPerSecond, seconds: p.kvTransfer.seconds, path: p.kvTransfer.path },
        clientWaitSeconds: p.clientWaitSeconds,
      },
      calibration: { fittedOn: m.calibration.fittedOn, rowsUsed: m.calibration.rowsUsed },
      notes: m.notes,
      benchCommand: null,
    },
    null,
    2,
  );
}
