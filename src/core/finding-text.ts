// Prose for findings (publint's formatMessage): one switch, used by every renderer.
import type { Finding } from './findings.ts';
import type { FitOption, FitSetting } from './memory/fit-options.ts';

const GIB = 1024 ** 3;
const gib = (v: unknown) => `${(Number(v) / GIB).toFixed(2)} GiB`;

export function formatFinding(f: Finding): string {
  const a = f.args;
  switch (f.code) {
    case 'TP_INVALID':
      return `tensor-parallel degree must be a positive integer (got ${a.tp})`;
    case 'TP_NOT_DIVISOR_OF_HEADS':
      return `--tp ${a.tp} does not divide the ${a.heads} attention heads of ${a.model}; use a divisor of ${a.heads}`;
    case 'TP_KV_HEADS_MISMATCH':
      return `--tp ${a.tp} neither divides nor is a multiple of the ${a.kvHeads} KV heads of ${a.model}`;
    case 'CONTEXT_INVALID':
      return `context must be a positive whole number of tokens (got ${a.context})`;
    case 'CONTEXT_EXCEEDS_MODEL':
      return `context ${a.context} exceeds ${a.model}'s maximum of ${a.max} tokens (max_position_embeddings)`;
    case 'FORMAT_NEEDS_BLACKWELL':
      return `${a.format} weights need Blackwell FP4 tensor cores; ${a.gpu} is ${a.architecture} (use fp8, int4-awq or bf16)`;
    case 'FORMAT_UNSUPPORTED_ON_GPU':
      return `no engine runs ${a.format} weights on ${a.gpu} (${a.architecture})`;
    case 'FP8_WEIGHT_ONLY':
      return `${a.gpu} has no FP8 tensor cores: fp8 weights run weight-only (Marlin W8A16), with bf16 math`;
    case 'FP4_WEIGHT_ONLY':
      return `${a.gpu} has no native FP4 math: ${a.format} runs weight-only (dequantised to bf16 in the kernel)`;
    case 'BF16_RUNS_AS_FP16':
      return `${a.gpu} (Turing) has no bf16: engines load the weights as fp16 (same bytes)`;
    case 'FP8_KV_STORAGE_ONLY':
      return `fp8 KV cache on ${a.gpu} is storage only (converted to bf16 for attention)`;
    case 'INT4_GROUPS_SPLIT_BY_TP':
      return `int4 groups of 128 do not split evenly: ${a.intermediate} / TP ${a.tp} is not a multiple of 128`;
    case 'GPU_MEMORY_ESTIMATED':
      return `${a.gpu}: driver-reported memory unknown; estimated from the nominal label`;
    case 'WEIGHTS_EXCEED_BUDGET':
      return `weights and runtime need ${gib(a.needBytes)} per GPU but the engine may use ${gib(a.haveBytes)}`;
    case 'CONTEXT_EXCEEDS_KV':
      return `one sequence of ${a.context} tokens needs ${gib(a.needBytes)} of KV cache; only ${gib(a.haveBytes)} is left`;
    default:
      return `${f.code} ${JSON.stringify(a)}`;
  }
}

/** The llmplan flag that reproduces a "fits with" option (`size`, `plan` and `recommend` take these). */
export function fitOptionFlag(o: FitOption): string {
  const flag: Record<FitSetting, string> = { 'memory-fraction': '--memory-fraction', 'kv-dtype': '--kv-dtype', 'max-num-seqs': '--max-num-seqs', context: '--context', 'tensor-parallel': '--tp' };
  return `${flag[o.setting]} ${o.value}`;
}

/** One "fits with" option as prose: `--memory-fraction 0.91 (--gpu-memory-utilization): 8.49 GiB KV, 1 × 32,768 tokens`. */
export function formatFitOption(o: FitOption): string {
  const perGpu = o.setting === 'tensor-parallel' ? ' per GPU' : '';
  return `${fitOptionFlag(o)} (${o.engineArgument}): ${gib(o.kvCacheBytes)} KV${perGpu}, ${o.maxConcurrentSequences.toLocaleString('en-US')} × ${o.contextTokens.toLocaleString('en-US')} tokens`;
}

/** Short form for a rejection reason: "a memory fraction of 0.91, fp8 KV cache, at most 888 sequences, …". */
export function describeFitOptions(options: readonly FitOption[]): string {
  const one = (o: FitOption) => {
    switch (o.setting) {
      case 'memory-fraction':
        return `--memory-fraction ${o.value} (${o.engineArgument})`;
      case 'kv-dtype':
        return `--kv-dtype ${o.value}`;
      case 'max-num-seqs':
        return `at most ${o.value} concurrent sequences (${o.engineArgument} ${o.value})`;
      case 'context':
        return `a context of at most ${Number(o.value).toLocaleString('en-US')} tokens (${o.engineArgument} ${o.value})`;
      case 'tensor-parallel':
        return `TP ${o.value}`;
    }
  };
  return options.map(one).join(', or ');
}
