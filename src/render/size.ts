import type { ChalkInstance } from 'chalk';
import type { EngineMemoryProfile } from '../core/memory/engine-memory.ts';
import { fitOptionFlag, formatFinding, formatFitOption } from '../core/finding-text.ts';
import type { FitOption } from '../core/memory/fit-options.ts';
import { linearStateBytesPerSequence } from '../core/memory/kv-cache.ts';
import type { KvDtype, WeightFormat } from '../core/memory/precision.ts';
import type { SizeResult } from '../core/memory/sizing.ts';
import type { Gpu, Model } from '../core/types.ts';
import { fmtBytes, fmtInt, fmtPct, stackedBar } from './format.ts';
import { fitTable, makeTable, type Cell } from './table.ts';
import { DEFAULT_WIDTH, fitProse } from './text.ts';

import type { SizeRow } from '../app/size.ts';
export type { SizeRow };

export const SIZE_JSON_SCHEMA_VERSION = 1;

function fitOptionJson(o: FitOption) {
  return {
    setting: o.setting,
    value: o.value,
    engineArgument: o.engineArgument,
    tensorParallel: o.tensorParallel,
    contextTokens: o.contextTokens,
    kvCacheBytes: o.kvCacheBytes,
    maxConcurrentSequences: o.maxConcurrentSequences,
  };
}

function resultJson(r: SizeResult) {
  return {
    tensorParallel: r.tensorParallel,
    weightFormat: r.weightFormat,
    kvDtype: r.kvDtype,
    contextTokens: r.contextTokens,
    gpuMemoryBytes: r.gpuMemoryBytes,
    gpuMemoryBasis: r.gpuMemoryBasis,
    memoryFraction: r.memory.memoryFraction,
    weightsBytes: r.weightsBytes,
    weightsTotalBytes: r.weightsTotalBytes,
    weightsBasis: r.weightsBasis,
    totalParams: r.totalParams,
    activeParamsPerToken: r.activeParamsPerToken,
    activationBytes: r.memory.activationBytes,
    forwardPassBytes: r.memory.forwardPassBytes,
    samplerPassBytes: r.memory.samplerPassBytes,
    nonTorchBytes: r.memory.nonTorchBytes,
    cudaGraphBytes: r.memory.cudaGraphBytes,
    reserveBytes: r.memory.reserveBytes,
    kvBytesPerToken: r.kvBytesPerToken,
    kvBytesPerTokenAtContext: r.kvBytesPerTokenAtContext,
    kvBytesPerSequence: r.kvBytesPerSequence,
    kvCacheBytes: r.kvCacheBytes,
    blockTokens: r.blockTokens,
    kvCapacityBlocks: r.kvCapacityBlocks,
    kvCapacityTokens: r.kvCapacityTokens,
    maxConcurrentSequences: r.maxConcurrentSequences,
    fits: r.fits,
    findings: r.findings,
  };
}

export function renderSizeJson(rows: SizeRow[], ctx: { model: Model; engine: EngineMemoryProfile }): string {
  return JSON.stringify(
    {
      schemaVersion: SIZE_JSON_SCHEMA_VERSION,
      kind: 'size',
      model: ctx.model.id,
      engine: ctx.engine.id,
      results: rows.map((row) => ({
        gpu: row.gpu.id,
        minTensorParallel: row.minTensorParallel,
        gpusNeeded: row.minTensorParallel,
        unsupported: row.unsupported ?? null,
        ...(row.result ? resultJson(row.result) : { fits: false }),
        fitOptions: row.fitOptions.map(fitOptionJson),
      })),
    },
    null,
    2,
  );
}

export function renderSizeOne(row: SizeRow, model: Model, engine: EngineMemoryProfile, c: ChalkInstance, width = DEFAULT_WIDTH): string {
  const r = row.result!;
  const m = r.memory;
  const out: string[] = [];
  out.push(
    c.bold(`${model.name} on ${r.tensorParallel} × ${row.gpu.name}`) +
      ` (TP${r.tensorParallel}, ${engine.name}, weights ${r.weightFormat}, KV ${r.kvDtype}, context ${fmtInt(r.contextTokens)})`,
  );
  const basis = r.gpuMemoryBasis === 'reported' ? 'as the driver reports it' : 'estimated from the nominal label';
  out.push(`Memory per GPU: ${fmtBytes(r.gpuMemoryBytes)} ${basis}; the engine may use ${fmtPct(m.memoryFraction, 0)} (${engine.budgetRule})`);
  const t = makeTable(['per GPU', 'bytes', 'share'], { align: ['left', 'right', 'right'] });
  const share = (b: number) => fmtPct(b / r.gpuMemoryBytes);
  const weightsNote = r.weightsBasis === 'checkpoint' ? 'weights (checkpoint size)' : 'weights';
  t.push([weightsNote, fmtBytes(r.weightsBytes), share(r.weightsBytes)]);
  t.push(['activations (profiling peak)', fmtBytes(m.activationBytes), share(m.activationBytes)]);
  if (m.cudaGraphBytes > 0) t.push(['CUDA graphs', fmtBytes(m.cudaGraphBytes), share(m.cudaGraphBytes)]);
  t.push(['non-torch (cuBLAS, NCCL)', fmtBytes(m.nonTorchBytes), share(m.nonTorchBytes)]);
  t.push([c.bold('KV cache'), c.bold(fmtBytes(Math.max(0, m.kvCacheBytes))), share(Math.max(0, m.kvCacheBytes))]);
  t.push(['headroom (CUDA context, unreserved)', fmtBytes(m.reserveBytes), share(m.reserveBytes)]);
  out.push(t.toString());
  const total = r.gpuMemoryBytes;
  out.push(
    stackedBar([
      [r.weightsBytes / total, '█'],
      [(m.activationBytes + m.nonTorchBytes + m.cudaGraphBytes) / total, '▓'],
      [Math.max(0, m.kvCacheBytes) / total, '▒'],
      [m.reserveBytes / total, '░'],
    ]) + '  █ weights ▓ runtime ▒ KV cache ░ headroom',
  );
  // Which profiling pass sets the activation peak tells which setting shrinks it (--max-num-seqs or the batch).
  if (engine.budgetRule === 'fraction-of-total') {
    const sampler = `sampler pass ${fmtBytes(m.samplerPassBytes)} (max_num_seqs × vocabulary)`;
    const forward = `forward pass ${fmtBytes(m.forwardPassBytes)} (max_num_batched_tokens)`;
    out.push(engine.activationPeak === 'max'
      ? `Profiling peak: the larger of the ${m.samplerPassBytes >= m.forwardPassBytes ? `${sampler} and the ${forward}` : `${forward} and the ${sampler}`}.`
      : `Profiling peak: the ${forward} and the ${sampler}, held together.`);
  }
  out.push('');
  const kv: Cell[][] = [];
  kv.push(['KV per token', `${fmtInt(r.kvBytesPerToken)} B (${fmtBytes(r.kvBytesPerToken)}) per GPU${r.kvBytesPerTokenAtContext < r.kvBytesPerToken - 0.5 ? `; ${fmtInt(r.kvBytesPerTokenAtContext)} B averaged at ${fmtInt(r.contextTokens)} tokens (sliding window)` : ''}`]);
  const state = linearStateBytesPerSequence(model.architecture, r.tensorParallel);
  if (state > 0 && model.architecture.layerPattern.kind === 'hybrid-linear') {
    const p = model.architecture.layerPattern;
    kv.push(['Linear-attention state', `${fmtBytes(state)} per sequence per GPU, any length (${p.linearLayers} of ${model.architecture.numHiddenLayers} layers hold no KV; counted in each sequence)`]);
  }
  kv.push(['KV capacity', `${fmtInt(r.kvCapacityTokens)} tokens (${fmtInt(r.kvCapacityBlocks)} blocks of ${r.blockTokens})`]);
  kv.push([`Sequences of ${fmtInt(r.contextTokens)}`, `${fmtInt(r.maxConcurrentSequences)} at once`]);
  kv.push(['Weights, all GPUs', `${fmtBytes(r.weightsTotalBytes)} (${(r.totalParams / 1e9).toFixed(2)} B parameters)`]);
  const fits = r.fits ? c.green('yes') : c.red('no');
  const minTp = row.minTensorParallel === null ? 'none up to TP 8 on one node' : `TP ${row.minTensorParallel}`;
  kv.push(['Fits', `${fits}; smallest TP that fits: ${minTp}`]);
  if (row.fitOptions.length) {
    const at = row.fitOptions.find((o) => o.setting !== 'tensor-parallel')?.tensorParallel ?? r.tensorParallel;
    const head = at === r.tensorParallel ? 'Fits instead with (any one)' : `Fits on TP ${at} with (any one)`;
    kv.push([head, row.fitOptions.map(formatFitOption).join('\n')]);
  }
  out.push(fitTable([{ head: '' }, { head: '', wrap: true, minWidth: 20 }], kv, width).text);
  for (const f of r.findings) out.push(`${f.severity}: ${formatFinding(f)}`);
  return fitProse(out.join('\n'), width) + '\n';
}

export function renderSizeMany(
  rows: SizeRow[],
  model: Model,
  engine: EngineMemoryProfile,
  base: { weights: WeightFormat; kvDtype: KvDtype; contextTokens: number },
  c: ChalkInstance,
  width = DEFAULT_WIDTH,
): string {
  const out: string[] = [];
  out.push(c.bold(`${model.name} on every catalog GPU`) + ` (${engine.name}, weights ${base.weights}, KV ${base.kvDtype}, context ${fmtInt(base.contextTokens)})`);
  const cols = [
    { head: 'GPU', wrap: true, minWidth: 10 },
    { head: 'fits' },
    { head: 'GPUs (TP)', align: 'right' as const, wrap: true, minWidth: 5 },
    { head: 'weights/GPU', align: 'right' as const, wrap: true, minWidth: 9 },
    { head: 'KV cache/GPU', align: 'right' as const, wrap: true, minWidth: 9 },
    { head: 'KV tokens', align: 'right' as const, wrap: true, minWidth: 9, drop: 1 },
    { head: `seqs @ ${fmtInt(base.contextTokens)}`, align: 'right' as const, wrap: true, minWidth: 6 },
  ];
  const t: Cell[][] = [];
  for (const row of rows) {
    if (row.unsupported) {
      t.push([row.gpu.id, 'n/a', { span: 5, content: row.unsupported }]);
      continue;
    }
    const r = row.result;
    if (!r) {
      const withWhat = row.fitOptions.length ? `; fits on ${row.fitOptions[0]!.tensorParallel} GPUs with ${row.fitOptions.map(fitOptionFlag).join(' or ')}` : '';
      t.push([row.gpu.id, 'no', { span: 5, content: `does not fit on 8 GPUs of one node${withWhat}` }]);
      continue;
    }
    t.push([
      row.gpu.id,
      'yes',
      `${r.tensorParallel} (TP${r.tensorParallel})`,
      fmtBytes(r.weightsBytes),
      fmtBytes(r.kvCacheBytes),
      fmtInt(r.kvCapacityTokens),
      fmtInt(r.maxConcurrentSequences),
    ]);
  }
  out.push(fitTable(cols, t, width).text);
  return fitProse(out.join('\n'), width) + '\n';
}
