// Calibration: map published measurement rows onto catalog targets, predict them, fit the efficiencies.
// Pure: the CSV is parsed by the caller; catalogs come in as arrays.
import type { EngineId, EngineMemoryProfile } from '../memory/engine-memory.ts';
import { sizeDeployment } from '../memory/sizing.ts';
import type { Efficiency } from './step.ts';
import { perfConstants, PerfInputError, type PerfConstants } from './step.ts';
import type { KvDtype, WeightFormat } from '../memory/precision.ts';
import { activeRange, frontSeconds, predictServing, runStats, splitLoad, type Load, type RunStats, type ServingLimits, type ServingPrediction } from './serving.ts';
import type { Gpu, Model } from '../types.ts';
import { isNimLabel, nimBackend } from './nim.ts';
import { depRank } from './dep.ts';
import { memoByObjects } from '../memory/memo.ts';

/** The columns of ../shared/calibration/throughput-latency.csv (its README defines them). */
export interface MeasurementRecord {
  model: string;
  gpu: string;
  num_gpus: string;
  tp: string;
  precision: string;
  engine: string;
  engine_version: string;
  isl: string;
  osl: string;
  concurrency_or_batch: string;
  metric: string;
  value: string;
  source: string;
  notes: string;
  [extra: string]: string;
}

export const METRICS = ['output_tok_s_total', 'output_tok_s_per_gpu', 'total_tok_s', 'ttft_ms', 'tpot_ms', 'itl_ms', 'req_s', 'e2e_latency_ms'] as const;
export type Metric = (typeof METRICS)[number];

export interface MappedRow {
  line: number;
  record: MeasurementRecord;
  model: Model;
  gpu: Gpu;
  numGpus: number;
  tp: number;
  weights: WeightFormat;
  kvDtype: KvDtype;
  engine: EngineId;
  isl: number;
  osl: number;
  load: Load;
  metric: Metric;
  value: number;
  /** A label for leave-one-source-out: the document the row comes from, with its version. */
  sourceKey: string;
  /** Attention data-parallel + expert-parallel over this many GPUs (TensorRT-LLM "DEPn"); 1 for tensor parallelism. */
  ep: number;
  /** Times a decode step reads each KV head: 1 with a grouped-query kernel, else the engine's (`engineKvHeadReads`). */
  kvHeadReads: number;
  /** Steps the row's engine release schedules ahead (`engineSchedulerLag`); undefined: the catalog engine's. */
  schedulerLagSteps?: number;
  /** A trtllm-bench run of TensorRT-LLM's perf overview: engine settings from its tuning, CUDA graphs from its options. */
  bench?: { tuned: boolean; graphBatchSizes: readonly number[] | null };
  /** How the requests reached the engine (`servingFrontEnd`): its per-request cost in TTFT is that front end's. */
  frontEnd: ServingFrontEnd;
}

/**
 * The way a row's requests reached the engine. 'api-server': the engine's own OpenAI-compatible server (vLLM, SGLang,
 * trtllm-serve, a NIM container's: an online row labelled plain "TensorRT-LLM" is taken as measured the way
 * `--emit-bench` runs it), whose per-request cost is `requestOverheadSeconds`. 'runtime': TensorRT-LLM's C++ runtime
 * without it, in process (a static batch of v0.9's gptSessionBenchmark, a trtllm-bench run) or through Triton's
 * tensorrtllm_backend, whose cost is `runtimeRequestOverheadSeconds`. The measurements part them: GPUStack measured
 * trtllm-serve's mean TTFT at 51.6 ms for ~233-token prompts of Qwen3-8B on one H100 (gpustack/gpustack
 * docs/performance-lab/qwen3-8b/h100-latency.md), TensorRT-LLM's own table 19 ms through Triton for prompts twice as
 * long (467 tokens of Llama-3.1-8B, same GPU, 2 QPS; docs/source/performance/perf-overview.md @258c7540, "Online
 * Serving Measurements"). Fitted apart: ~30 ms and ~1 ms a request.
 */
export type ServingFrontEnd = 'api-server' | 'runtime';

export function servingFrontEnd(engineLabel: string, engine: EngineId, inNim: boolean, inProcess: boolean): ServingFrontEnd {
  if (engine !== 'trtllm' || inNim) return 'api-server';
  return /triton/i.test(engineLabel) || inProcess ? 'runtime' : 'api-server';
}

export interface UnmappedRow {
  line: number;
  record: MeasurementRecord;
  reason: string;
}

export interface Lookup {
  model(label: string): Model | null;
  gpu(label: string): Gpu | null;
}

export const leadingNumber = (s: string): number | null => {
  const m = /^~?\s*([0-9][0-9,]*(?:\.[0-9]+)?)/.exec(s.trim());
  return m ? Number(m[1]!.replace(/,/g, '')) : null;
};

export function engineOf(label: string): EngineId | null {
  const l = label.toLowerCase();
  if (l.includes('tensorrt') || l.includes('trt')) return 'trtllm';
  if (l.includes('sglang')) return 'sglang';
  if (l.includes('vllm')) return 'vllm';
  return null;
}

function formatOf(precision: string): { weights: WeightFormat; kvDtype: KvDtype } | null {
  const p = precision.toLowerCase();
  if (p.startsWith('fp8')) return { weights: 'fp8', kvDtype: 'fp8' };
  if (p.startsWith('fp4') || p.includes('nvfp4')) return { weights: 'nvfp4', kvDtype: 'fp8' };
  if (p.startsWith('mxfp4')) return { weights: 'mxfp4', kvDtype: 'bf16' };
  if (p.startsWith('bf16') || p.includes('16-bit') || p.includes('default dtype')) return { weights: 'bf16', kvDtype: 'bf16' };
  if (p.startsWith('fp16')) return { weights: 'fp16', kvDtype: 'fp16' };
  if (p.startsWith('int4') || p.includes('awq')) return { weights: 'int4-awq', kvDtype: 'bf16' };
  return null;
}

/**
 * Tables label a run by the GPU's compute precision; an MXFP4 checkpoint (gpt-oss) keeps its MoE weights in MXFP4
 * whatever the label says. TensorRT-LLM's tables call gpt-oss "FP8" on Hopper and "FP4" on Blackwell (KV fp8 on
 * Blackwell only, per the table notes): Hopper has no FP4 tensor cores, so its experts run as W4A16 at the bf16
 * peak, half the FP8 peak the label suggests.
 */
function checkpointFormat(model: Model, gpu: Gpu, labelled: { weights: WeightFormat; kvDtype: KvDtype }): { weights: WeightFormat; kvDtype: KvDtype } {
  if (model.releasedWeights !== 'mxfp4' || (labelled.weights !== 'fp8' && labelled.weights !== 'nvfp4')) return labelled;
  const fp4Native = (gpu.denseFlopsPerSecond.fp4 ?? 0) > 0;
  return { weights: 'mxfp4', kvDtype: fp4Native && labelled.weights === 'nvfp4' ? 'fp8' : 'bf16' };
}

/**
 * TensorRT-LLM quantised Mixtral's experts to FP8 from v0.10.0 on ("Added FP8 quantization support for Mixtral",
 * v0.10.0 release notes, NVIDIA/TensorRT-LLM PR #1734, 2024-06-05; issue #1229: FP8 Mixtral export still failing
 * in 0.9.0): earlier releases ran MoE models' weights at 16 bits whatever the table's "FP8" says, reading twice the
 * bytes and computing at the 16-bit peak. The KV cache keeps the table's dtype (the non-expert layers are ~3% of
 * Mixtral's weights, so running them at 16 bits too moves little).
 */
export function engineWeightFormat(model: Model, engine: EngineId | null, engineVersion: string, fmt: { weights: WeightFormat; kvDtype: KvDtype }): { weights: WeightFormat; kvDtype: KvDtype } {
  if (engine !== 'trtllm' || !model.architecture.moe || fmt.weights !== 'fp8') return fmt;
  const minor = trtllmZeroMinor(engineVersion);
  return minor !== null && minor < 10 ? { weights: 'fp16', kvDtype: fmt.kvDtype } : fmt;
}

/** The numbers of an engine release ("0.9.0", "v0.17", "0.5.3.post3"); null when it names none ("1.x (not stated)"). */
function releaseOf(engineVersion: string): { major: number; minor: number; patch: number } | null {
  const m = /^v?(\d+)\.(\d+)\b(?:\.(\d+))?/.exec(engineVersion.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) } : null;
}

/** The minor release of a TensorRT-LLM 0.x version ("0.9.0" → 9, "v0.17" → 17); null for 1.x and unstated. */
function trtllmZeroMinor(engineVersion: string): number | null {
  const r = releaseOf(engineVersion);
  return r?.major === 0 ? r.minor : null;
}

/**
 * Measured L2 read bandwidth of the GPUs TensorRT-LLM v0.9's rows ran on, bytes/s: te42kyfo/gpu-benches,
 * gpu-l2-cache (all SMs streaming reads over a working set that fits in L2; best of 11 runs), read 2026-12-01.
 * - H200 (132 SMs, 1,980 MHz; gpu-l2-cache/h200.txt @3088b333, 2024-04-03): 9.7-10.3 TB/s from 6 to 40 MB,
 *   "40448 kB … 9666.0 GB/s" taken (the plateau's end, both L2 partitions in use).
 * - H100 SXM: the same GH100 configuration as the H200 (132 SMs, 1,980 MHz boost, 50 MB L2), so the H200 figure;
 *   the repository's H100 PCIe run (114 SMs, 1,755 MHz; h100_pcie.txt @f54baaa6: ~6.9 TB/s) scales to ~9.0 TB/s.
 * - L40S: the L40's run (the same AD102 with 142 SMs; l40.txt @3088b333): "91648 kB … 5242.8 GB/s", flat from
 *   1.5 to 92 MB. No L40S run was published.
 */
export const MEASURED_L2_BYTES_PER_SECOND: Readonly<Record<string, number>> = {
  'h100-sxm-80gb': 9666.0e9,
  'h200-sxm-141gb': 9666.0e9,
  'l40s-48gb': 5242.8e9,
};

/**
 * Steps the scheduler of a measured engine release ran ahead of the GPU, where it differs from the catalog's engine
 * (`overlapScheduler`, today's defaults): 0 for TensorRT-LLM 0.x and for the TensorRT-LLM inside NIM (1.x, prebuilt
 * TensorRT engines), whose C++ executor syncs the step, returns its tokens and only then fetches new requests and
 * launches the next (`Executor::Impl::executionLoop`: forwardSync, enqueueNewResponses, fetchNewRequests,
 * forwardAsync); 0 for vLLM up to 0.11.0, where async scheduling
 * was the opt-in `--async-scheduling` (vllm-project/vllm PR #19970) until PR #27614 made it the default; 0 for SGLang
 * before 0.4, which introduced the overlap scheduler. Undefined otherwise (the engine's own).
 */
export function engineSchedulerLag(engine: EngineId, engineVersion: string, inNim: boolean): number | undefined {
  const r = releaseOf(engineVersion);
  switch (engine) {
    case 'trtllm':
      return inNim || r?.major === 0 ? 0 : undefined;
    case 'vllm':
      return r?.major === 0 && (r.minor < 11 || (r.minor === 11 && r.patch === 0)) ? 0 : undefined;
    case 'sglang':
      return r?.major === 0 && r.minor < 4 ? 0 : undefined;
  }
}

/**
 * Times a decode step of TensorRT-LLM reads each KV head. v0.9.0 shipped its grouped-query generation kernel (XQA)
 * precompiled for 8 query heads per KV head (and 1) only: `if (nbQHeadsPerKV != 8 && nbQHeadsPerKV != 1)
 * SUPPORT_RETURN_FALSE("nbHeads")` (cpp/tensorrt_llm/kernels/decoderMaskedMultiheadAttention/decoderXQARunner.h,
 * `shouldUse`; its sm_90 cubins are `nqpkv_8` only), read at tag v0.9.0 (commit 250d9c29 of the mirror
 * WhiteD2125/TensorRT-LLM, 2026-12-01). Other groupings fell back to masked multi-head attention, which runs one
 * thread block per query head (`dim3 grid{num_heads, batch_size, 1}`), each loading its group's KV head
 * (`hi_kv{hi / qhead_per_kv}`): Mistral-7B and Mixtral (4 query heads per KV head) load each KV head 4 times a
 * step, DRAM serving it once and L2 the repeats (`kvAttentionSeconds` in step.ts); Llama-2-70B (8) ran XQA. Later
 * releases compile XQA for any grouping at run time (DecoderXQAImplJIT), and v0.14's Llama-3.1-8B rows (4 per KV
 * head) fit with one load.
 */
export function engineKvHeadReads(model: Model, engine: EngineId | null, engineVersion: string): number {
  const a = model.architecture;
  if (engine !== 'trtllm' || a.attention.kind === 'mla') return 1;
  const minor = trtllmZeroMinor(engineVersion);
  const perKvHead = a.numAttentionHeads / a.numKeyValueHeads;
  return minor !== null && minor < 10 && perKvHead !== 1 && perKvHead !== 8 ? perKvHead : 1;
}

function loadOf(label: string): Load | string {
  const l = label.toLowerCase().trim();
  let m = /^batch\s*=\s*(\d+)/.exec(l);
  if (m) return { kind: 'static', batch: Number(m[1]) };
  m = /^concurrency\s*=\s*(\d+)/.exec(l);
  if (m) return { kind: 'concurrency', concurrency: Number(m[1]) };
  m = /^qps\s*=\s*([0-9.]+)/.exec(l);
  if (m) return { kind: 'rate', requestsPerSecond: Number(m[1]) };
  if (/^qps\s*=\s*inf/.test(l) || l.startsWith('max load') || l.startsWith('offline')) return { kind: 'max-load' };
  m = /^([0-9,]+) requests at once/.exec(l);
  if (m) return { kind: 'burst', requests: Number(m[1]!.replace(/,/g, '')) };
  return `load "${label}" is not a batch, concurrency, rate or saturation point`;
}

/** The number of requests a benchmark says it sent ("with 500 requests"), or null. */
function requestsSent(text: string): number | null {
  const m = /\bwith\s+([0-9][0-9,]*)\s+requests\b/i.exec(text);
  return m ? Number(m[1]!.replace(/,/g, '')) : null;
}

/**
 * Requests trtllm-bench sent in one offline run, by input/output length: the `$num_requests` tables of TensorRT-LLM's
 * perf-overview.md ("For each input and output sequence length combination, the table below details the
 * `$num_requests` that were used"), read at @258c7540 (v0.17: 128/128 … 20000/2000) and @03e27c7d (1.x: 1024/1024 …
 * 1024/32768). The 1.x table has no 1000/1000 line although its results do; the v0.17 table's 1000/1000 (3,000, as
 * 1.x's 1024/1024) is used. All requests are queued at once, with uniform lengths (`--input-stdev=0
 * --output-stdev=0`): a burst of this many.
 */
export const TRTLLM_BENCH_REQUESTS: Readonly<Record<string, number>> = {
  '128/128': 30000,
  '128/2048': 3000,
  '128/4096': 1500,
  '2048/128': 3000,
  '2048/2048': 1500,
  '5000/500': 1500,
  '1000/1000': 3000,
  '500/2000': 3000,
  '20000/2000': 1000,
  '1024/1024': 3000,
  '8192/1024': 1500,
  '1024/8192': 1500,
  '32768/1024': 1000,
  '1024/32768': 1000,
};

/** Map one CSV record onto a catalog target, or say why it cannot be. */
export function mapRecord(record: MeasurementRecord, line: number, lookup: Lookup): MappedRow | UnmappedRow {
  const no = (reason: string): UnmappedRow => ({ line, record, reason });
  const metric = record.metric as Metric;
  if (!(METRICS as readonly string[]).includes(metric)) return no(`metric "${record.metric}" is not predicted (fixed-scenario wall time with unknown output lengths)`);
  const model = lookup.model(record.model);
  if (!model) return no(`model "${record.model}" is not in the catalog`);
  const gpu = lookup.gpu(record.gpu);
  if (!gpu) return no(`GPU "${record.gpu}" is not in the catalog or does not name one variant`);
  // A NIM container is the engine it runs inside (src/core/perf/nim.ts cites the release notes).
  const nim = isNimLabel(record.engine) ? nimBackend(record.engine_version) : null;
  const engine = nim ? nim.engine : engineOf(record.engine);
  if (!engine) return no(isNimLabel(record.engine) ? `NIM version "${record.engine_version}" is not a 1.x (TensorRT-LLM) or 2.x (vLLM) release` : `engine "${record.engine}" has no llmplan model (vLLM, SGLang, TensorRT-LLM only)`);
  const labelled = formatOf(record.precision);
  if (!labelled) return no(`precision "${record.precision}" is not a known weight format`);
  // Inside NIM, the release of the engine it runs (null where the release notes do not state it).
  const engineVersion = nim ? (nim.engineVersion ?? '') : record.engine_version;
  const fmt = engineWeightFormat(model, engine, engineVersion, checkpointFormat(model, gpu, labelled));
  const isl = leadingNumber(record.isl);
  const osl = leadingNumber(record.osl);
  if (isl === null || osl === null) return no(`input/output lengths not stated ("${record.isl}" / "${record.osl}")`);
  let load = loadOf(record.concurrency_or_batch);
  if (typeof load === 'string') return no(load);
  // An infinite offered rate sends every request at once: a burst, when the source states how many were sent
  // (TensorRT-LLM's online-serving tables: "with 500 requests"). Its TTFT depends on that number.
  // At a stated rate, the same number were sent at that rate: a finite run, with its ramp-up and drain.
  const sent = requestsSent(`${record.source} ${record.notes}`);
  if (sent !== null && /\binf/i.test(record.concurrency_or_batch)) load = { kind: 'burst', requests: sent };
  else if (sent !== null && load.kind === 'rate') load = { kind: 'run', requests: sent, requestsPerSecond: load.requestsPerSecond };
  // trtllm-bench's offline runs in TensorRT-LLM's perf overview queue a stated number of requests at once.
  const fromBench = /^max load \(trtllm-bench\)/i.test(record.concurrency_or_batch) && /perf-overview\.md/.test(record.source);
  const queued = fromBench ? TRTLLM_BENCH_REQUESTS[`${isl}/${osl}`] : undefined;
  if (queued !== undefined) load = { kind: 'burst', requests: queued };
  const bench = fromBench ? { tuned: TRTLLM_BENCH_TUNED.includes(fmt.weights), graphBatchSizes: /@03e27c7d/.test(record.source) ? PERF_OVERVIEW_GRAPH_BATCH_SIZES : null } : undefined;
  if (load.kind === 'max-load' && metric === 'ttft_ms') return no('TTFT at an infinite offered rate depends on the number of requests sent, which is not stated');
  const tp = Number(record.tp);
  const numGpus = Number(record.num_gpus);
  if (!Number.isInteger(tp) || tp < 1 || !Number.isInteger(numGpus) || numGpus < 1) return no(`tp "${record.tp}" / num_gpus "${record.num_gpus}" are not whole numbers`);
  if (numGpus !== tp && numGpus % tp !== 0) return no(`num_gpus ${numGpus} is not a multiple of tp ${tp}`);
  // TensorRT-LLM tables give DEPn rows as tp 1 over n GPUs (calibration README): one attention rank per GPU.
  const dep = /\bDEP\d|attention data-parallel/i.test(record.notes) && tp === 1 && numGpus > 1;
  if (dep && !model.architecture.moe) return no('attention data-parallel + expert-parallel (DEP) needs routed experts');
  // A burst is shared by the replicas (DEP: the attention ranks, each with its own batch); a prediction is per replica.
  if ((load.kind === 'burst' || load.kind === 'run') && numGpus > tp) load = splitLoad(load, numGpus / tp);
  const value = Number(record.value);
  if (!Number.isFinite(value) || value <= 0) return no(`value "${record.value}" is not a positive number`);
  const sourceKey = `${record.engine} ${record.engine_version}`.trim();
  const kvHeadReads = engineKvHeadReads(model, engine, engineVersion);
  const schedulerLagSteps = engineSchedulerLag(engine, engineVersion, nim !== null);
  const frontEnd = servingFrontEnd(record.engine, engine, nim !== null, load.kind === 'static' || fromBench);
  return { line, record, model, gpu, numGpus, tp, weights: fmt.weights, kvDtype: fmt.kvDtype, engine, isl, osl, load, metric, value, sourceKey, ep: dep ? numGpus : 1, kvHeadReads, schedulerLagSteps, frontEnd, ...(bench && { bench }) };
}

/**
 * Weight formats trtllm-bench tunes its engine settings for (`finetune_setting`, below): FP8, NVFP4, FP8 block
 * scales and none (16-bit), the quantisations tensorrt_llm/bench/build/tuning.py sizes (its BYTES_PER_ELEM). Others
 * (MXFP4) take the LLM API's defaults.
 */
export const TRTLLM_BENCH_TUNED: readonly WeightFormat[] = ['fp8', 'nvfp4', 'bf16', 'fp16'];

/**
 * CUDA-graph batch sizes of the 1.x perf overview's runs (`cuda_graph_config: enable_padding: true, batch_sizes: [1,
 * 2, 4, … 8192]` in every model's llm_options.yml, NVIDIA/TensorRT-LLM docs/source/developer-guide/perf-overview.md
 * @03e27c7d): a decode-only step runs the graph of the next size up, its padding rows computed as well.
 */
export const PERF_OVERVIEW_GRAPH_BATCH_SIZES: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 384, 512, 1024, 2048, 4096, 8192];

/**
 * trtllm-bench's engine settings when a run does not state them. For the quantisations it tunes, `finetune_setting`
 * (tensorrt_llm/bench/build/tuning.py): from the requests its KV estimate holds, raw_bs = min(requests, 4096) and
 * raw_token = min(raw_bs × (1 + isl / osl), 32768), rounded up (batch: to 32 with a floor of 64 below 256, to 128
 * below 1,024, else to 256; tokens: to 256 with a floor of 2,048 below 4,096, to 512 below 8,192, else to 1,024);
 * "slightly optimistic" so the KV cache, not the cap, binds. Otherwise the LLM API's defaults: 2,048 sequences and
 * 8,192 tokens. The KV estimate here is llmplan's own: the tool's is a cruder one of the same memory.
 */
export function trtllmBenchSettings(kvRequests: number, isl: number, osl: number, tuned: boolean): { maxBatchSequences: number; maxBatchedTokens: number } {
  if (!tuned) return { maxBatchSequences: 2048, maxBatchedTokens: 8192 };
  const rawBs = Math.min(kvRequests, 4096);
  const rawToken = Math.min(rawBs * (1 + isl / Math.max(1, osl)), 32768);
  const maxBatchSequences = rawBs < 256 ? Math.max(64, 32 * Math.ceil(rawBs / 32)) : rawBs < 1024 ? 128 * Math.ceil(rawBs / 128) : 256 * Math.ceil(rawBs / 256);
  const maxBatchedTokens = rawToken < 4096 ? Math.max(2048, 256 * Math.ceil(rawToken / 256)) : rawToken < 8192 ? 512 * Math.ceil(rawToken / 512) : 1024 * Math.ceil(rawToken / 1024);
  return { maxBatchSequences, maxBatchedTokens };
}

export type EfficiencyTable = Record<EngineId, Efficiency>;

/**
 * Engine caps used when a benchmark does not state them (vLLM max_num_seqs; TRT-LLM max_batch_size). TensorRT-LLM's is
 * trtllm-build's default since 0.14.0 ("[BREAKING CHANGE] The default `max_batch_size` of the `trtllm-build` command is
 * set to `2048`", release notes; 256 in 0.11-0.13): Triton serves the engine's cap, its own max_batch_size is not the
 * runtime's (tensorrtllm_backend docs, model_config.md).
 */
export const MAX_BATCH: Record<EngineId, number> = { vllm: 1024, sglang: 1024, trtllm: 2048 };

export function servingLimits(row: Pick<MappedRow, 'model' | 'gpu' | 'tp' | 'weights' | 'kvDtype' | 'engine' | 'isl' | 'osl'> & { ep?: number }, engine: EngineMemoryProfile, memoryFraction?: number): ServingLimits {
  // A search asks for the same variant's limits at each stage (bound, plan, each TP): sized once.
  const key = `${row.engine}|${row.tp}|${row.weights}|${row.kvDtype}|${row.isl}|${row.osl}|${row.ep ?? 1}|${memoryFraction ?? ''}`;
  return limitsMemo(row.model, row.gpu, engine, key, () => Object.freeze(servingLimitsUncached(row, engine, memoryFraction)));
}

const limitsMemo = memoByObjects<Model, Gpu, EngineMemoryProfile, ServingLimits>(10_000);

function servingLimitsUncached(row: Pick<MappedRow, 'model' | 'gpu' | 'tp' | 'weights' | 'kvDtype' | 'engine' | 'isl' | 'osl'> & { ep?: number }, engine: EngineMemoryProfile, memoryFraction?: number): ServingLimits {
  const ctx = Math.max(1, Math.min(row.isl + row.osl, row.model.architecture.maxPositionEmbeddings));
  const ep = row.ep ?? 1;
  // Under DEP the limits are one GPU's: its own KV pool beside all non-expert weights and 1/ep of the experts.
  const sequences = ep > 1
    ? depRank({ model: row.model, gpu: row.gpu, engine, weights: row.weights, kvDtype: row.kvDtype, ep, contextTokens: ctx, memoryFraction }).kvCapacitySequences
    : sizeDeployment({ model: row.model, gpu: row.gpu, engine, tp: row.tp, weights: row.weights, kvDtype: row.kvDtype, contextTokens: ctx, memoryFraction }).maxConcurrentSequences;
  const large = row.gpu.memoryBytes >= engine.largeGpuMinBytes;
  return {
    kvCapacitySequences: Math.max(0, sequences),
    maxBatchSequences: MAX_BATCH[row.engine],
    maxBatchedTokens: large ? engine.profileTokensLargeGpu : engine.profileTokensSmallGpu,
    schedulerLagSteps: engine.overlapScheduler ? 1 : 0,
  };
}

interface Prepared {
  limits: ServingLimits;
  constants: PerfConstants;
}
const prepared = new WeakMap<MappedRow, Prepared>();

/** Memory limits and per-GPU constants do not depend on the efficiencies: compute them once per row. */
function prepare(row: MappedRow, engines: Record<EngineId, EngineMemoryProfile>, eff: EfficiencyTable): Prepared {
  let p = prepared.get(row);
  if (!p) {
    const shared = servingLimits(row, engines[row.engine], row.engine === 'trtllm' ? 0.95 : undefined);
    // servingLimits' result is shared (remembered per variant): a row's own scheduler lag goes into a copy.
    const limits = { ...shared, ...(row.schedulerLagSteps !== undefined && { schedulerLagSteps: row.schedulerLagSteps }) };
    if (row.bench) {
      // trtllm-bench sizes its engine from its estimate of the requests the KV cache holds (the whole group's under DEP).
      const settings = trtllmBenchSettings(limits.kvCapacitySequences * row.ep, row.isl, row.osl, row.bench.tuned);
      limits.maxBatchSequences = settings.maxBatchSequences;
      limits.maxBatchedTokens = settings.maxBatchedTokens;
    }
    if (limits.kvCapacitySequences < 1) throw new PerfInputError('DOES_NOT_FIT', `${row.model.id} does not fit ${row.tp} × ${row.gpu.id} with ${row.weights}`);
    const base = perfConstants({ model: row.model, gpu: row.gpu, tp: row.tp, ep: row.ep, weights: row.weights, kvDtype: row.kvDtype, engine: row.engine, efficiency: eff[row.engine] });
    // An engine whose decode kernel loads a KV head once per query head reads the repeats through L2.
    const withReads = row.kvHeadReads === 1 ? base : { ...base, kvHeadReads: row.kvHeadReads, l2BytesPerSecond: MEASURED_L2_BYTES_PER_SECOND[row.gpu.id] ?? null };
    // Padding a batch to a captured graph stops at the engine's batch cap (a larger graph is not captured).
    const graphs = row.bench?.graphBatchSizes?.filter((b) => b <= limits.maxBatchSequences);
    const constants = graphs ? { ...withReads, graphBatchSizes: graphs } : withReads;
    p = { limits, constants };
    prepared.set(row, p);
  }
  return p;
}

export function predictRow(row: MappedRow, eff: EfficiencyTable, engines: Record<EngineId, EngineMemoryProfile>): number {
  const target = { model: row.model, gpu: row.gpu, tp: row.tp, ep: row.ep, weights: row.weights, kvDtype: row.kvDtype, engine: row.engine, efficiency: row.frontEnd === 'runtime' ? withoutApiServer(eff[row.engine]) : eff[row.engine] };
  const { limits, constants } = prepare(row, engines, eff);
  const replicas = row.numGpus / row.tp;
  // A fit asks for every row's value thousands of times: a throughput row does not work out latencies it does not need.
  const throughput = row.metric === 'output_tok_s_total' || row.metric === 'output_tok_s_per_gpu' || row.metric === 'total_tok_s' || row.metric === 'req_s';
  let p: Pick<ServingPrediction, 'ttftSeconds' | 'tpotSeconds' | 'e2eSeconds'>;
  let requestsPerSecond: number;
  if (row.load.kind === 'burst' || row.load.kind === 'run') {
    // A finite run: its throughput, and the mean TTFT and inter-token latency over its requests (predictServing's
    // burst and run, without the steady state it also works out for display). The rows of one run share it.
    const load = row.load;
    const run = memoRun(target.efficiency, runKey(row), !throughput, () => runStats(target, constants, load.requests, row.isl, row.osl, limits, activeRange(target, limits).cap, load.kind === 'run' ? load.requestsPerSecond : Infinity, !throughput));
    const ttftSeconds = frontSeconds(target, load) + run.ttftSeconds;
    p = { ttftSeconds, tpotSeconds: run.itlSeconds, e2eSeconds: ttftSeconds + Math.max(0, row.osl - 1) * run.itlSeconds };
    requestsPerSecond = load.requests / run.seconds;
  } else {
    const steady = predictServing(target, row.load, row.isl, row.osl, limits, constants);
    p = steady;
    requestsPerSecond = steady.requestsPerSecond;
  }
  switch (row.metric) {
    case 'output_tok_s_total':
      return requestsPerSecond * row.osl * replicas;
    case 'output_tok_s_per_gpu':
      return (requestsPerSecond * row.osl) / row.tp;
    case 'total_tok_s':
      return requestsPerSecond * (row.isl + row.osl) * replicas;
    case 'req_s':
      return requestsPerSecond * replicas;
    case 'ttft_ms':
      return p.ttftSeconds * 1000;
    case 'tpot_ms':
    case 'itl_ms':
      return p.tpotSeconds * 1000;
    case 'e2e_latency_ms':
      return p.e2eSeconds * 1000;
  }
}

/**
 * Runs already worked out for an efficiency table (the fit builds one per probe): the TTFT, inter-token latency and
 * throughput rows of one published run (TensorRT-LLM v0.14's 500 requests at a QPS) share one run. Keyed by what
 * the run depends on besides the efficiencies; an entry without latencies serves throughput rows only.
 */
const runsByEfficiency = new WeakMap<object, Map<string, { run: RunStats; latencies: boolean }>>();

function memoRun(eff: object, key: string, latencies: boolean, compute: () => RunStats): RunStats {
  let runs = runsByEfficiency.get(eff);
  if (!runs) runsByEfficiency.set(eff, (runs = new Map()));
  const hit = runs.get(key);
  if (hit && (hit.latencies || !latencies)) return hit.run;
  const run = compute();
  runs.set(key, { run, latencies });
  return run;
}

function runKey(row: MappedRow): string {
  return [row.sourceKey, row.model.id, row.gpu.id, row.numGpus, row.tp, row.ep, row.weights, row.kvDtype, row.engine, row.isl, row.osl, JSON.stringify(row.load), row.schedulerLagSteps ?? '', row.kvHeadReads, row.bench ? `${row.bench.tuned}|${row.bench.graphBatchSizes?.length ?? 0}` : ''].join('|');
}

/**
 * The efficiencies of a row served without the engine's API server: its online TTFT pays the runtime's per-request
 * cost. One object per efficiency object, so the runs remembered for a fit's probe (`memoRun`) stay shared.
 */
const runtimeEfficiencies = new WeakMap<Efficiency, Efficiency>();
function withoutApiServer(e: Efficiency): Efficiency {
  let r = runtimeEfficiencies.get(e);
  if (!r) runtimeEfficiencies.set(e, (r = { ...e, requestOverheadSeconds: e.runtimeRequestOverheadSeconds }));
  return r;
}

/** Regime of a row for the error table: prefill- or decode-dominated × dense or MoE. */
export function regimeOf(row: MappedRow): string {
  const phase = row.metric === 'ttft_ms' || row.isl >= 4 * row.osl ? 'prefill' : 'decode';
  return `${phase} · ${row.model.architecture.moe ? 'MoE' : 'dense'}${row.ep > 1 ? ` · DEP${row.ep}` : ''}`;
}
