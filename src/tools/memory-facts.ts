// Every row of ../shared/calibration/memory-facts.csv beside llmplan's own figure for it. Used by the test
// (tolerance 5% on engine log lines) and by `npm run docs` to write docs/memory-facts.md.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Catalog } from '../catalog/load.ts';
import { kvBytesPerToken } from '../core/memory/kv-cache.ts';
import { sizeDeployment } from '../core/memory/sizing.ts';
import type { Model } from '../core/types.ts';
import { GB, GiB, MiB } from '../core/units.ts';
import { computeWeightBytes } from '../core/memory/weights.ts';

export interface FactRow {
  line: number;
  model: string;
  gpu: string;
  engine: string;
  quantity: string;
  published: number;
  unit: string;
  ours: number | null;
  /** |ours − published| / published, or null when not modelled. */
  error: number | null;
  /** Tolerance the test enforces; null = shown, not enforced (estimates, other engines). */
  tolerance: number | null;
  how: string;
}

interface Raw {
  model: string;
  gpu: string;
  engine: string;
  setting: string;
  quantity: string;
  value: string;
  unit: string;
}

/** A Llama-3.1-8B with an EAGLE draft layer: one more decoder layer of KV and ~0.25 B more weights. */
function withEagle(m: Model): Model {
  return { ...m, checkpointBytesBf16: null, architecture: { ...m.architecture, numHiddenLayers: m.architecture.numHiddenLayers + 1 } };
}

export function computeMemoryFacts(csvText: string, catalog: Catalog): FactRow[] {
  const rows = parse(csvText, { columns: true, skip_empty_lines: true }) as Raw[];
  const model = (id: string) => catalog.models.find((m) => m.id === id)!;
  const gpu = (id: string) => catalog.gpus.find((g) => g.id === id)!;
  const engine = (id: string) => catalog.engines.find((e) => e.id === id)!;
  const h100 = gpu('h100-sxm-80gb');
  const a10g = gpu('a10g-24gb');
  const l4 = gpu('l4-24gb');
  const llama8 = model('llama-3.1-8b');
  const qwen = model('qwen3-235b-a22b');

  const eagle = sizeDeployment({ model: withEagle(llama8), gpu: h100, engine: engine('vllm'), tp: 1, weights: 'bf16', kvDtype: 'bf16', contextTokens: 131072 });
  const qwenVllm = sizeDeployment({ model: qwen, gpu: h100, engine: engine('vllm'), tp: 4, weights: 'fp8', kvDtype: 'bf16', contextTokens: 40960 });
  const qwenSgl = sizeDeployment({ model: qwen, gpu: h100, engine: engine('sglang'), tp: 4, weights: 'fp8', kvDtype: 'bf16', contextTokens: 40960, memoryFraction: 0.93 });
  const a10gRun = sizeDeployment({ model: llama8, gpu: a10g, engine: engine('vllm'), tp: 1, weights: 'bf16', kvDtype: 'bf16', contextTokens: 8192 });
  const l4Run = sizeDeployment({ model: llama8, gpu: l4, engine: engine('vllm'), tp: 1, weights: 'bf16', kvDtype: 'bf16', contextTokens: 8192 });
  const meta405 = computeWeightBytes(model('llama-3.1-405b'), 'fp8', 8, { mlpOnly: true, highPrecisionLayers: 2 });
  const kvGiB = (id: string, tokens: number) => (kvBytesPerToken(model(id).architecture, 'bf16', 1) * tokens) / GiB;
  const weightsGB = (id: string, f: 'bf16' | 'fp8' | 'int4-awq') => computeWeightBytes(model(id), f, 1).totalBytes / GB;

  type Spec = [number | null, number | null, string];
  const specs: Record<number, Spec> = {
    1: [eagle.kvCacheBytes / GiB, 0.05, 'vLLM 0.9 profile: 0.9 × 79.15 GiB − weights (+EAGLE layer) − profiling peak − non-torch'],
    2: [eagle.kvCapacityTokens, 0.05, 'KV cache / 135,168 B per token (32 target + 1 EAGLE layer), 16-token blocks'],
    3: [eagle.kvCapacityTokens / 131072, 0.05, 'KV tokens / 131,072'],
    4: [qwenVllm.kvCacheBytes / GiB, null, 'NOT reproduced: vLLM maintainers attribute this build\'s small pool to a profiling-order regression (PR #19312), LMCache connector on; no logged term of that build closes the 3.4 GiB (the 0.19 profile gives 11.7 GiB; see "vLLM at TP > 1" above); SGLang on the same GPUs (row 6) is reproduced'],
    5: [qwenVllm.kvCapacityTokens, null, 'see row 4; 48,128 B/token/GPU (94 layers × 1 KV head × 128 × 2 × 2 B) is exact'],
    6: [qwenSgl.kvCacheBytes / 2 / GiB, 0.05, 'SGLang: 0.93 × 79.15 GiB − fp8 weights − context/NCCL; K half of K+V'],
    7: [meta405.perGpuBytes / GiB, 0.05, 'Meta FP8 recipe: MLP fp8, attention and first/last layers bf16, TP 8'],
    8: [a10gRun.weightsBytes / GiB, 0.05, 'checkpoint 16,060,522,496 B'],
    9: [a10g.memoryBytes / GiB, 0.05, 'catalog reportedMemoryBytes'],
    10: [a10gRun.memory.budgetBytes / GiB, 0.05, 'total × 0.90'],
    11: [a10gRun.memory.activationBytes / GiB, 0.15, 'profiling pass: 2,048 tokens × per-token activations + sampler over 256 × vocabulary (older vLLM; 15%)'],
    12: [a10gRun.kvCacheBytes / GiB, 0.05, 'budget − weights − activations − non-torch'],
    13: [null, null, 'pre-fix profiling bug (peak above the budget): not a quantity llmplan models'],
    14: [h100.memoryBytes / GiB, 0.05, 'catalog reportedMemoryBytes (h100-sxm-80gb)'],
    15: [l4.memoryBytes / GiB, null, 'unnamed 24 GB card: 23.55 GiB is a 24 GiB consumer card; datacenter 24 GB cards (L4, A10) report 22.5 GiB (shown: l4-24gb)'],
    16: [null, null, 'TGI v3 prompt capacity: another engine, not modelled'],
    17: [l4Run.kvCapacityTokens, null, 'vLLM on L4 at defaults; "barely 10k" is approximate and predates V1 defaults'],
    18: [(100_000 * llama8.architecture.vocabSize * 2) / GB, 0.05, '100k × vocabulary × 2 B'],
    19: [weightsGB('llama-3.1-8b', 'bf16'), 0.05, 'weights bf16'],
    20: [weightsGB('llama-3.1-8b', 'fp8'), 0.2, 'fp8 linears, bf16 embeddings (the blog rounds params × 1 B)'],
    21: [weightsGB('llama-3.1-8b', 'int4-awq'), null, 'int4 with group scales and bf16 embeddings: the blog\'s params × 0.5 B omits both'],
    22: [kvGiB('llama-3.1-8b', 1024), 0.05, '131,072 B × 1,024'],
    23: [kvGiB('llama-3.1-8b', 16384), 0.05, '131,072 B × 16,384'],
    24: [kvGiB('llama-3.1-8b', 131072), 0.05, '131,072 B × 131,072'],
    25: [weightsGB('llama-3.1-70b', 'bf16'), 0.05, 'weights bf16'],
    26: [weightsGB('llama-3.1-70b', 'fp8'), 0.05, 'fp8 linears, bf16 embeddings'],
    27: [weightsGB('llama-3.1-70b', 'int4-awq'), null, 'blog omits group scales and bf16 embeddings'],
    28: [kvGiB('llama-3.1-70b', 1024), 0.05, '327,680 B × 1,024'],
    29: [kvGiB('llama-3.1-70b', 16384), 0.05, '327,680 B × 16,384'],
    30: [kvGiB('llama-3.1-70b', 131072), 0.05, '327,680 B × 131,072'],
    31: [weightsGB('llama-3.1-405b', 'bf16'), 0.05, 'weights bf16'],
    32: [weightsGB('llama-3.1-405b', 'fp8'), 0.05, 'fp8 linears, bf16 embeddings'],
    33: [weightsGB('llama-3.1-405b', 'int4-awq'), null, 'blog omits group scales and bf16 embeddings'],
    34: [kvGiB('llama-3.1-405b', 1024), null, '516,096 B × 1,024: config has 8 KV heads; the blog\'s 405B figures are 2× that (they imply 16)'],
    35: [kvGiB('llama-3.1-405b', 16384), null, '516,096 B × 16,384: config has 8 KV heads; the blog\'s 405B figures are 2× that (they imply 16)'],
    36: [kvGiB('llama-3.1-405b', 131072), null, '516,096 B × 131,072: config has 8 KV heads; the blog\'s 405B figures are 2× that (they imply 16)'],
    37: [(kvBytesPerToken(model('llama-2-7b').architecture, 'fp16', 1) * 4096) / MiB, 0.05, '524,288 B × 4,096 (llama.cpp f16 KV)'],
    38: [null, null, 'GGUF Q4_0 on CPU: llama.cpp formats are not an llmplan weight format'],
    39: [null, null, 'llama.cpp compute buffer: not modelled'],
    40: [null, null, 'bert-base-cased is not in the catalog'],
    41: [null, null, 'idefics-80b is not in the catalog'],
    42: [engine('trtllm').defaultMemoryFraction, null, 'llmplan defaults TRT-LLM to its documented 0.90; the perf tables used 0.95 (pass --memory-fraction 0.95)'],
  };
  return rows.map((r, i) => {
    const n = i + 1;
    const [ours, tolerance, how] = specs[n] ?? [null, null, 'no mapping'];
    const published = Number(r.value);
    return {
      line: n + 1,
      model: r.model,
      gpu: r.gpu,
      engine: r.engine,
      quantity: r.quantity,
      published,
      unit: r.unit,
      ours,
      error: ours === null ? null : Math.abs(ours - published) / published,
      tolerance,
      how,
    };
  });
}

export function loadMemoryFactsCsv(path: string): string {
  return readFileSync(path, 'utf8');
}

export function renderMemoryFactsMarkdown(rows: FactRow[]): string {
  const lines = [
    '| line | model | GPU | engine | quantity | published | unit | llmplan | error | enforced | how |',
    '|---:|---|---|---|---|---:|---|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const ours = r.ours === null ? 'n/a' : r.ours >= 100 ? Math.round(r.ours).toLocaleString('en-US') : r.ours.toFixed(r.ours < 1 ? 3 : 2);
    const err = r.error === null ? '' : `${(r.error * 100).toFixed(1)}%`;
    const enforced = r.tolerance === null ? 'no' : `≤ ${(r.tolerance * 100).toFixed(0)}%`;
    const cell = (s: string) => s.replace(/\|/g, '/').replace(/\n/g, ' ');
    lines.push(`| ${r.line} | ${cell(r.model)} | ${cell(r.gpu)} | ${cell(r.engine)} | ${cell(r.quantity)} | ${r.published.toLocaleString('en-US')} | ${cell(r.unit)} | ${ours} | ${err} | ${enforced} | ${cell(r.how)} |`);
  }
  return lines.join('\n') + '\n';
}

/** One vLLM 0.19 startup log (calibration/vllm-0.19-memory.csv) beside llmplan's memory profile for the same run. */
export interface VllmLogRow {
  source: string;
  model: string;
  tp: number;
  weights: string;
  kvDtype: string;
  memoryFraction: number;
  /** Published / ours, GiB per GPU. */
  weightsGiB: [number, number];
  torchPeakGiB: [number, number];
  nonTorchGiB: [number, number];
  kvCacheGiB: [number, number];
  /** KV tokens the TP group holds, as vLLM prints them, and ours; null for hybrid (sliding-window) models, printed differently. */
  kvTokens: [number, number | null];
  /** Published estimate of the CUDA-graph pool, and ours (the engine's cudaGraphGiBPerLayer × layers; 0 in the 0.19 profile). */
  cudaGraphGiB: [number, number];
  error: number;
  tolerance: number | null;
  how: string;
}

interface RawLog {
  /** The log read: repository@commit:path (jgchn/llm-d-planner's vLLM 0.19.0 startup logs). */
  source: string;
  readOn: string;
  hfModel: string;
  model: string;
  tp: string;
  weights: string;
  kvDtype: string;
  memoryFraction: string;
  weightsGiB: string;
  torchPeakGiB: string;
  nonTorchGiB: string;
  kvCacheGiB: string;
  kvTokens: string;
  /** "Estimated CUDA graph memory: … GiB total": what vLLM 0.21 and later reserve in the profile (0.19 does not). */
  cudaGraphEstimateGiB: string;
}

// Rows whose error has a known cause outside the memory profile, or a looser bound, with the reason (first match).
const LOG_EXCEPTIONS: ReadonlyArray<{ applies: (model: string, tp: number) => boolean; tolerance: number | null; how: string }> = [
  { applies: (m) => m.startsWith('gemma-3'), tolerance: null, how: 'weights: vLLM loads Gemma-3\'s SigLIP vision tower, the catalog counts the language model only' },
  { applies: (m) => m === 'llama-4-scout', tolerance: null, how: 'weights: vLLM holds 53.12 GiB a GPU against our 50.19; the 2.9 GiB is not explained yet (the catalog counts the language model only)' },
  { applies: (m) => m === 'qwen3-30b-a3b', tolerance: 0.05, how: 'MoE: its torch peak is 2.68 GiB against the 2.26 of the sampler\'s pass we count; the dense runs match within 0.2 GiB, so the rest is its MoE layers\'' },
  { applies: (m, tp) => m === 'qwen2.5-72b' && tp === 2, tolerance: 0.05, how: 'the KV pool is 4% of the budget: 0.1 GiB anywhere moves it 3%' },
  { applies: (m) => m === 'gpt-oss-20b', tolerance: 0.02, how: 'weights: vLLM holds 7.01 GiB a GPU against our 6.41 (not explained yet); the large KV pool dilutes the 0.6 GiB to 1%' },
];
const LOG_DEFAULT = { tolerance: 0.02, how: 'fraction × 79.15 GiB − weights − max(forward pass, sampler pass) − non-torch' };

export function computeVllmLogFacts(csvText: string, catalog: Catalog): VllmLogRow[] {
  const rows = parse(csvText, { columns: true, skip_empty_lines: true }) as RawLog[];
  const h100 = catalog.gpus.find((g) => g.id === 'h100-sxm-80gb')!;
  const vllm = catalog.engines.find((e) => e.id === 'vllm')!;
  return rows.map((r) => {
    const m = catalog.models.find((x) => x.id === r.model)!;
    const tp = Number(r.tp);
    const s = sizeDeployment({ model: m, gpu: h100, engine: vllm, tp, weights: r.weights as never, kvDtype: r.kvDtype as never, contextTokens: 8192, memoryFraction: Number(r.memoryFraction) });
    const published = Number(r.kvCacheGiB);
    const ours = s.kvCacheBytes / GiB;
    const hybrid = m.architecture.layerPattern.kind !== 'full';
    const { tolerance, how } = LOG_EXCEPTIONS.find((x) => x.applies(r.model, tp)) ?? LOG_DEFAULT;
    return {
      source: r.source,
      model: r.hfModel,
      tp,
      weights: r.weights,
      kvDtype: r.kvDtype,
      memoryFraction: Number(r.memoryFraction),
      weightsGiB: [Number(r.weightsGiB), s.weightsBytes / GiB],
      torchPeakGiB: [Number(r.torchPeakGiB), s.memory.activationBytes / GiB],
      nonTorchGiB: [Number(r.nonTorchGiB), s.memory.nonTorchBytes / GiB],
      kvCacheGiB: [published, ours],
      kvTokens: [Number(r.kvTokens), hybrid ? null : s.kvCapacityTokens],
      cudaGraphGiB: [Number(r.cudaGraphEstimateGiB), s.memory.cudaGraphBytes / GiB],
      error: Math.abs(ours - published) / published,
      tolerance,
      how,
    };
  });
}

export function renderVllmLogMarkdown(rows: VllmLogRow[]): string {
  const pair = ([p, o]: [number, number]) => `${p.toFixed(2)} / ${o.toFixed(2)}`;
  const lines = [
    '| model | TP | weights | KV | fraction | weights GiB | torch peak GiB | non-torch GiB | KV cache GiB | KV tokens | error | enforced | how |',
    '|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const tokens = r.kvTokens[1] === null ? `${r.kvTokens[0].toLocaleString('en-US')} / n/a` : `${r.kvTokens[0].toLocaleString('en-US')} / ${r.kvTokens[1].toLocaleString('en-US')}`;
    const enforced = r.tolerance === null ? 'no' : `≤ ${(r.tolerance * 100).toFixed(0)}%`;
    lines.push(`| ${r.model} | ${r.tp} | ${r.weights} | ${r.kvDtype} | ${r.memoryFraction} | ${pair(r.weightsGiB)} | ${pair(r.torchPeakGiB)} | ${pair(r.nonTorchGiB)} | ${pair(r.kvCacheGiB)} | ${tokens} | ${(r.error * 100).toFixed(1)}% | ${enforced} | ${r.how} |`);
  }
  return lines.join('\n') + '\n';
}
