// Seed 002's gpu_calculator.py, transcribed line for line, beside llmplan's answer for the same question.
import type { Catalog } from '../catalog/load.ts';
import { kvBytesPerToken } from '../core/memory/kv-cache.ts';
import { findMinTensorParallel } from '../core/memory/sizing.ts';
import { GB } from '../core/units.ts';
import { computeWeightBytes } from '../core/memory/weights.ts';

const SEED_BYTES = { fp16: 2, int8: 1, int4: 0.5 } as const;
type SeedPrecision = keyof typeof SEED_BYTES;

/** seed 002 L177-227: calculate_gpu_memory(params_billions, precision, context_length=4096, batch_size=1). */
export function seedCalculateGpuMemory(paramsBillions: number, precision: SeedPrecision, contextLength = 4096, batchSize = 1) {
  const weightsGb = (paramsBillions * 1e9 * SEED_BYTES[precision]) / 1e9;
  const hiddenSize = Math.trunc(paramsBillions ** 0.5 * 4096); // "Rough estimate"
  const numLayers = Math.trunc(paramsBillions * 0.8); // "Rough estimate"
  const kvCacheGb = (batchSize * contextLength * numLayers * hiddenSize * 4) / 1e9;
  const activationGb = weightsGb * 0.1 * batchSize;
  return { hiddenSize, numLayers, weightsGb, kvCacheGb, activationGb, totalGb: weightsGb + kvCacheGb + activationGb };
}

export interface SeedComparisonRow {
  model: string;
  precision: SeedPrecision;
  seed: ReturnType<typeof seedCalculateGpuMemory>;
  oursWeightsGb: number;
  oursKvGb: number;
  oursLayers: number;
  oursKvHeadsTimesDim: number;
  oursH100: string;
}

export function compareSeedCalculator(catalog: Catalog): SeedComparisonRow[] {
  const out: SeedComparisonRow[] = [];
  const h100 = catalog.gpus.find((g) => g.id === 'h100-sxm-80gb')!;
  const vllm = catalog.engines.find((e) => e.id === 'vllm')!;
  for (const [id, nominal] of [['llama-3.1-8b', 8], ['llama-3.1-70b', 70], ['llama-3.1-405b', 405]] as const) {
    const m = catalog.models.find((x) => x.id === id)!;
    for (const precision of ['fp16', 'int8', 'int4'] as const) {
      const format = precision === 'fp16' ? 'bf16' : precision === 'int8' ? 'int8' : 'int4-awq';
      const w = computeWeightBytes(m, format, 1);
      const min = findMinTensorParallel({ model: m, gpu: h100, engine: vllm, weights: format, kvDtype: 'bf16', contextTokens: 4096 });
      out.push({
        model: m.name,
        precision,
        seed: seedCalculateGpuMemory(nominal, precision),
        oursWeightsGb: w.totalBytes / GB,
        oursKvGb: (kvBytesPerToken(m.architecture, 'bf16') * 4096) / GB,
        oursLayers: m.architecture.numHiddenLayers,
        oursKvHeadsTimesDim: m.architecture.numKeyValueHeads * m.architecture.headDim,
        oursH100: min ? `${min.tp} × H100 (TP${min.tp})` : 'more than 8 × H100',
      });
    }
  }
  return out;
}

export function renderSeedComparison(rows: SeedComparisonRow[]): string {
  const f = (x: number) => x.toFixed(2);
  const lines = [
    '| model | precision | seed: layers × hidden | seed weights GB | seed KV GB | seed total GB | ours: layers, KV heads × dim | ours weights GB | ours KV GB | ours on H100 (vLLM, 4,096 ctx) |',
    '|---|---|---|---:|---:|---:|---|---:|---:|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.model} | ${r.precision} | ${r.seed.numLayers} × ${r.seed.hiddenSize.toLocaleString('en-US')} | ${f(r.seed.weightsGb)} | ${f(r.seed.kvCacheGb)} | ${f(r.seed.totalGb)} | ${r.oursLayers}, ${r.oursKvHeadsTimesDim} | ${f(r.oursWeightsGb)} | ${f(r.oursKvGb)} | ${r.oursH100} |`,
    );
  }
  return lines.join('\n') + '\n';
}
