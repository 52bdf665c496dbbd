// Generated parts of docs/perf-model.md: the fitted efficiencies, the out-of-sample error table and the worked
// Qwen3-8B example, all computed from calibration/perf.json and the code, so they cannot go stale unnoticed.
import type { Catalog } from '../catalog/load.ts';
import type { CalibrationFile } from '../calibration/file.ts';
import { engineSchedulerLag, servingLimits } from '../core/perf/calibration.ts';
import { perfConstants, stepTime } from '../core/perf/step.ts';
import { mixedStep, predictServing } from '../core/perf/serving.ts';

const ENGINES = ['vllm', 'sglang', 'trtllm'] as const;
const ms = (s: number) => `${(s * 1000).toFixed(3)} ms`;
const us = (s: number) => `${(s * 1e6).toFixed(1)} µs`;

export function renderEfficiencyTable(c: CalibrationFile): string {
  const rows: Array<[string, string, (e: CalibrationFile['efficiency']['vllm']) => string]> = [
    ['mfu', 'fraction of the GPU\'s measured matmul ceiling (`measuredMatmulTflops`) matmuls reach', (e) => e.mfu.toFixed(3)],
    ['mbu', 'fraction of DRAM bandwidth reached streaming weights (ceiling 0.92)', (e) => e.mbu.toFixed(3)],
    ['stepOverheadSeconds', 'launch, scheduling and sampling per step', (e) => ms(e.stepOverheadSeconds)],
    ['requestOverheadSeconds', 'per request through the engine\'s API server (vllm serve, sglang, trtllm-serve): HTTP, chat template, tokenising, scheduling; joins online TTFT', (e) => ms(e.requestOverheadSeconds)],
    ['runtimeRequestOverheadSeconds', 'per request without an API server (static batch, Triton\'s C++ backend; fitted on TRT-LLM\'s rows, shared)', (e) => ms(e.runtimeRequestOverheadSeconds)],
    ['kvMbu', 'fraction of bandwidth paged attention reaches reading KV (shared)', (e) => e.kvMbu.toFixed(3)],
    ['moeMfuFactor', 'routed-expert GEMMs relative to dense GEMMs (shared)', (e) => e.moeMfuFactor.toFixed(3)],
    ['allReduceLatencySeconds', 'latency of one all-reduce per hop (shared)', (e) => us(e.allReduceLatencySeconds)],
    ['linkEfficiency', 'fraction of NVLink/PCIe bandwidth a ring all-reduce reaches (shared)', (e) => e.linkEfficiency.toFixed(3)],
  ];
  const out = [`Fitted ${c.fittedOn} on ${c.rowsUsed} rows of \`${c.dataFile}\` (${c.sources.length} sources).`, '', '| efficiency | what it is | vLLM | SGLang | TRT-LLM |', '|---|---|---:|---:|---:|'];
  for (const [name, what, f] of rows) out.push(`| \`${name}\` | ${what} | ${ENGINES.map((e) => f(c.efficiency[e])).join(' | ')} |`);
  return out.join('\n') + '\n';
}

export function renderBandTable(c: CalibrationFile): string {
  // Issue 15: median ≤ 10% on throughput, TPOT and TTFT, ≤ 20% on MoE models.
  const targets: Record<string, number> = { throughput: 0.1, tpot: 0.1, ttft: 0.1, 'throughput:moe': 0.2 };
  const out = ['| metric group | rows | median APE (out of sample) | band (10th-90th pct of measured / predicted) | target (issue 15) |', '|---|---:|---:|---|---|'];
  for (const [k, b] of Object.entries(c.bands).sort()) {
    const t = targets[k];
    const use = /:dep:(mxfp4|other)$/.test(k) ? `not a band: the DEP rows with ${k.endsWith(':mxfp4') ? 'MXFP4 experts (gpt-oss)' : 'experts in other formats'}, named in the \`perf --ep\` note` : k.endsWith(':dep') ? 'used for `perf --ep` (DEP rows: predicted, never fitted)' : k.endsWith(':mxfp4') ? 'used for MXFP4 checkpoints (gpt-oss; tensor-parallel and DEP rows)' : k.includes(':') ? `used for ${k.endsWith(':moe') ? 'MoE' : 'dense'} models` : null;
    const goal = t === undefined ? null : b.medianApe <= t ? `≤ ${Math.round(t * 100)}%: met` : `≤ ${Math.round(t * 100)}%: **missed** by ${((b.medianApe - t) * 100).toFixed(1)} points`;
    const verdict = [use, goal].filter(Boolean).join('; ') || 'none';
    out.push(`| ${k} | ${b.n} | ${(b.medianApe * 100).toFixed(1)}% | ×${Math.exp(b.logRatioP10).toFixed(2)} – ×${Math.exp(b.logRatioP90).toFixed(2)} | ${verdict} |`);
  }
  return out.join('\n') + '\n';
}

/** GPUStack's Qwen3-8B on one H100 with vLLM 0.11 at concurrency 1 (CSV lines 235-236), decomposed. */
export function renderWorkedExample(c: CalibrationFile, catalog: Catalog): string {
  const model = catalog.models.find((m) => m.id === 'qwen3-8b')!;
  const gpu = catalog.gpus.find((g) => g.id === 'h100-sxm-80gb')!;
  const engine = catalog.engines.find((e) => e.id === 'vllm')!;
  const eff = c.efficiency.vllm;
  const isl = 233;
  const osl = 221;
  const target = { model, gpu, tp: 1, weights: 'bf16' as const, kvDtype: 'bf16' as const, engine: 'vllm' as const, efficiency: eff };
  const k = perfConstants(target);
  // The measurement ran vLLM 0.11, before async scheduling was the default: no step planned ahead.
  const limits = { ...servingLimits({ ...target, isl, osl }, engine), schedulerLagSteps: engineSchedulerLag('vllm', '0.11.0', false) ?? 1 };
  const p = predictServing(target, { kind: 'concurrency', concurrency: 1 }, isl, osl, limits, k);
  const b = p.decodeBatch;
  const ctx = isl + osl / 2;
  const decodeOnly = stepTime(target, k, b, ctx, 0, 0);
  const mixed = mixedStep(target, k, b, ctx, b / (osl - 1), isl);
  const weights = k.denseWeightBytes / (k.bandwidthBytesPerSecond * eff.mbu);
  const kv = decodeOnly.memorySeconds - weights;
  const lines = [
    '```',
    `weights   ${k.denseWeightBytes.toLocaleString('en-US')} B / (${(k.bandwidthBytesPerSecond / 1e12).toFixed(2)} TB/s × mbu ${eff.mbu.toFixed(3)})`.padEnd(84) + `= ${ms(weights)}`,
    `KV        ${b.toFixed(3)} seq × ${model.architecture.numHiddenLayers} layers × ${ctx} tokens × ${k.kvPerTokenPerLayer} B / (bandwidth × kvMbu ${eff.kvMbu.toFixed(3)})`.padEnd(84) + `= ${ms(kv)}`,
    `compute   ${ms(decodeOnly.computeSeconds)} of matmuls: far below the memory time, so not added (memory-bound)`,
    `step      stepOverheadSeconds (vLLM)`.padEnd(84) + `= ${ms(eff.stepOverheadSeconds)}`,
    `decode-only step`.padEnd(84) + `= ${ms(decodeOnly.seconds)}`,
    `prompts   ${(mixed.longShare * 100).toFixed(2)}% of steps also carry the ${isl}-token prompt (${ms(mixed.longSeconds)} each)`.padEnd(84) + `= +${ms(mixed.seconds - decodeOnly.seconds)}`,
    `TPOT (mixedStep)`.padEnd(84) + `= ${ms(p.tpotSeconds)}`,
    `TTFT = requestOverheadSeconds ${ms(eff.requestOverheadSeconds)} + prefill step + half a step`.padEnd(84) + `= ${ms(p.ttftSeconds)}`,
    '```',
    '',
    `Measured (GPUStack, vLLM 0.11, CSV lines 235-236): TPOT 7.28 ms, TTFT 59.01 ms. Predicted: TPOT ${ms(p.tpotSeconds)} (${(((p.tpotSeconds * 1000) / 7.28 - 1) * 100).toFixed(1)}%), TTFT ${ms(p.ttftSeconds)} (${(((p.ttftSeconds * 1000) / 59.01 - 1) * 100).toFixed(1)}%).`,
  ];
  return lines.join('\n') + '\n';
}
