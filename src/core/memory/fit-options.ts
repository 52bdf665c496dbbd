// "It does not fit as asked, but it fits with another setting": each engine setting that, changed on its own,
// lets one sequence of the asked context fit. The rule is the engine's own start-up check: vLLM refuses to start
// when the KV cache cannot hold ONE request of max_model_len (v1/core/kv_cache_utils.py
// check_enough_kv_cache_memory: "To serve at least one request with the models's max seq len (…) Try increasing
// `gpu_memory_utilization` or decreasing `max_model_len`", quoted in vllm-project/recipes PR #12, 2025-08-04),
// the rule sizing.ts applies; the levers below are the ones that message and the engine arguments name. The
// shorter-context lever is vLLM's own estimate_max_model_len: a binary search for the longest max_model_len whose
// one request fits (vllm-project/vllm @bbf906a vllm/v1/core/kv_cache_utils.py).
import { checkFormatOnGpu, findMinTensorParallel, sizeDeployment, validateSizeRequest, TP_CANDIDATES, type SizeRequest } from './sizing.ts';
import type { EngineId } from './engine-memory.ts';
import { hasErrors } from '../findings.ts';

export type FitSetting = 'memory-fraction' | 'kv-dtype' | 'max-num-seqs' | 'context' | 'tensor-parallel';

export interface FitOption {
  setting: FitSetting;
  /** The value that fits: a memory fraction, a KV dtype, a sequence cap, tokens of context or a TP degree. */
  value: number | string;
  /** The engine's own argument for the setting. */
  engineArgument: string;
  /** The TP degree the option applies at (for `tensor-parallel`, the new degree). */
  tensorParallel: number;
  contextTokens: number;
  kvCacheBytes: number;
  maxConcurrentSequences: number;
}

/**
 * The highest memory fraction suggested: what published runs use at most (TensorRT-LLM perf-overview runs at
 * kv_cache_free_gpu_mem_fraction 0.95, ../shared/calibration/memory-facts.csv line 43; vllm-project/recipes PR #12
 * serves with --gpu-memory-utilization 0.95). Above it the CUDA context and CUDA graphs outgrow the headroom.
 */
export const MAX_SUGGESTED_MEMORY_FRACTION = 0.95;

/**
 * Engine arguments by setting: vLLM engine args (docs.vllm.ai, serving/engine_args); SGLang server_args.py;
 * trtllm-serve options (the KV dtype there is `kv_cache_config.dtype` in the extra LLM API options file).
 */
const ENGINE_ARGUMENTS: Record<EngineId, Record<FitSetting, string>> = {
  vllm: { 'memory-fraction': '--gpu-memory-utilization', 'kv-dtype': '--kv-cache-dtype', 'max-num-seqs': '--max-num-seqs', context: '--max-model-len', 'tensor-parallel': '--tensor-parallel-size' },
  sglang: { 'memory-fraction': '--mem-fraction-static', 'kv-dtype': '--kv-cache-dtype', 'max-num-seqs': '--max-running-requests', context: '--context-length', 'tensor-parallel': '--tp-size' },
  trtllm: { 'memory-fraction': '--kv_cache_free_gpu_memory_fraction', 'kv-dtype': 'kv_cache_config.dtype', 'max-num-seqs': '--max_batch_size', context: '--max_seq_len', 'tensor-parallel': '--tp_size' },
};

/** Largest integer n in [lo, hi] with ok(n), for ok true up to some point and false after; null when ok(lo) fails. */
function largest(lo: number, hi: number, ok: (n: number) => boolean): number | null {
  if (hi < lo || !ok(lo)) return null;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Each single setting that makes `req` fit, with the figures it fits with; empty when `req` already fits.
 * Qwen3-32B bf16 on one H100 at 32,768 tokens (vLLM 0.19 profile): 7.70 GiB of KV for 8 GiB needed; it fits with a
 * memory fraction of 0.91, fp8 KV, at most 888 sequences, 31,536 tokens of context, or TP 2.
 */
export function findFitOptions(req: SizeRequest): FitOption[] {
  const asked = sizeDeployment(req);
  if (asked.fits) return [];
  const engineId = req.engine.id as EngineId;
  const arg = (s: FitSetting) => ENGINE_ARGUMENTS[engineId]?.[s] ?? s;
  const out: FitOption[] = [];
  const push = (setting: FitSetting, value: number | string, r: SizeRequest) => {
    const s = sizeDeployment(r);
    out.push({ setting, value, engineArgument: arg(setting), tensorParallel: r.tp, contextTokens: r.contextTokens, kvCacheBytes: s.kvCacheBytes, maxConcurrentSequences: s.maxConcurrentSequences });
  };
  const fits = (r: SizeRequest) => sizeDeployment(r).fits;

  // Memory fraction, in hundredths above the one asked, up to the highest suggested.
  const from = Math.floor(asked.memory.memoryFraction * 100) + 1;
  const pct = largest(from, Math.round(MAX_SUGGESTED_MEMORY_FRACTION * 100), (p) => !fits({ ...req, memoryFraction: p / 100 }));
  const fraction = pct === null ? from : pct + 1;
  if (fraction <= MAX_SUGGESTED_MEMORY_FRACTION * 100) push('memory-fraction', fraction / 100, { ...req, memoryFraction: fraction / 100 });

  if (req.kvDtype !== 'fp8' && !hasErrors(checkFormatOnGpu(req.weights, 'fp8', req.gpu)) && fits({ ...req, kvDtype: 'fp8' })) push('kv-dtype', 'fp8', { ...req, kvDtype: 'fp8' });

  // The sampler's profiling pass (max_num_seqs × vocabulary) counts against the KV cache only where activations do.
  if (req.engine.budgetRule !== 'static-fraction') {
    const large = req.gpu.memoryBytes >= req.engine.largeGpuMinBytes;
    const seqs = req.maxNumSeqs ?? (large ? req.engine.profileSequencesLargeGpu : req.engine.profileSequencesSmallGpu);
    const n = largest(1, seqs - 1, (k) => fits({ ...req, maxNumSeqs: k }));
    if (n !== null) push('max-num-seqs', n, { ...req, maxNumSeqs: n });
  }

  const ctx = largest(1, req.contextTokens - 1, (t) => fits({ ...req, contextTokens: t }));
  if (ctx !== null) push('context', ctx, { ...req, contextTokens: ctx });

  const { tp: _tp, ...rest } = req;
  const min = findMinTensorParallel(rest);
  if (min && min.tp > req.tp) push('tensor-parallel', min.tp, { ...req, tp: min.tp });
  return out;
}

/** The largest TP in 1, 2, 4, 8 valid for the model (what "does not fit on up to 8 GPUs" was tried at). */
export function largestValidTensorParallel(base: Omit<SizeRequest, 'tp'>): number | null {
  return [...TP_CANDIDATES].reverse().find((tp) => !hasErrors(validateSizeRequest({ ...base, tp }))) ?? null;
}

/**
 * A does-not-fit rejection's data: the TP tried and, per lever, the value that fits there (null: that lever alone
 * does not make it fit).
 */
export function fitOptionArgs(options: readonly FitOption[], tensorParallel: number): Record<string, number | string | null> {
  const v = (s: FitSetting) => options.find((o) => o.setting === s)?.value ?? null;
  return {
    fitsAtTensorParallel: tensorParallel,
    fitsWithMemoryFraction: v('memory-fraction'),
    fitsWithKvDtype: v('kv-dtype'),
    fitsWithMaxNumSeqs: v('max-num-seqs'),
    fitsWithContextTokens: v('context'),
  };
}

/** The settings with which a request that fits at no TP up to 8 would fit at the largest TP tried. */
export function fitOptionsAtLargestTp(base: Omit<SizeRequest, 'tp'>): { tensorParallel: number; options: FitOption[] } | null {
  const tp = largestValidTensorParallel(base);
  return tp === null ? null : { tensorParallel: tp, options: findFitOptions({ ...base, tp }) };
}
