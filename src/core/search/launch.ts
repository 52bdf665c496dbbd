// How to launch the recommendation: the engine's serve command with the plan's settings, and the benchmark that
// would confirm the prediction before buying; for an API, the model id and the settings that the price assumes.
// Flags from each engine's docs: vLLM `vllm serve --help` (engine args), SGLang server arguments
// (docs.sglang.ai/backend/server_arguments), TensorRT-LLM `trtllm-serve --help`.
import type { EngineMemoryProfile } from '../memory/engine-memory.ts';
import type { Model } from '../types.ts';
import type { Candidate, Launch } from './types.ts';

export type BenchLoad = { kind: 'concurrency'; concurrency: number } | { kind: 'rate'; requestsPerSecond: number };

/** Hugging Face repository to serve: the catalog's, without a parenthesised note. */
export const servedRepo = (m: Model) => m.hfRepo.replace(/\(.*\)$/, '').trim();

/** The load generator against a running server: vLLM's own bench for vLLM, NVIDIA AIPerf for SGLang and TRT-LLM. */
export function benchClientCommand(engine: string, repo: string, isl: number, osl: number, load: BenchLoad, prompts: number): string {
  if (engine === 'vllm') {
    const l = load.kind === 'concurrency' ? `--max-concurrency ${load.concurrency}` : `--request-rate ${load.requestsPerSecond}`;
    return `vllm bench serve --model ${repo} --dataset-name random --random-input-len ${isl} --random-output-len ${osl} --ignore-eos ${l} --num-prompts ${prompts}`;
  }
  const l = load.kind === 'concurrency' ? `--concurrency ${load.concurrency}` : `--request-rate ${load.requestsPerSecond}`;
  return `aiperf profile --model ${repo} --url localhost:${engine === 'sglang' ? 30000 : 8000} --endpoint-type chat --streaming --synthetic-input-tokens-mean ${isl} --output-tokens-mean ${osl} --extra-inputs ignore_eos:true ${l} --request-count ${prompts}`;
}

export interface LaunchSettings {
  model: Model;
  engine: EngineMemoryProfile;
  maxModelLenTokens: number;
  maxConcurrentSequences: number;
  prefixCaching: boolean;
  /** Requests/s one replica is planned to serve (the benchmark's rate). */
  replicaRequestsPerSecond: number;
  inputTokensMean: number;
  outputTokensMean: number;
}

export function launchFor(c: Candidate, s: LaunchSettings | null): Launch {
  if (c.kind === 'api' || !c.serving || !s) {
    const [provider, ...rest] = c.model.split('/');
    return {
      command: `${provider} API, model "${rest.join('/')}"${/batch/.test(c.purchase) ? ' through the batch endpoint' : ''}`,
      benchmarkCommand: null,
      notes: [`priced as ${c.purchase}; prompt caching applies only to shared prefixes of 1,024 tokens or more`],
    };
  }
  if (c.disaggregated) return disaggLaunch(c, s);
  const sv = c.serving;
  const repo = servedRepo(s.model);
  const notes: string[] = [];
  const frac = s.engine.defaultMemoryFraction;
  const seqs = Math.max(1, s.maxConcurrentSequences);
  let command: string;
  if (sv.weights === 'int4-awq') notes.push(`int4-awq needs an AWQ checkpoint of ${repo} (for example one quantised with AutoAWQ or llm-compressor); the command names the original repository`);
  if (sv.engine === 'vllm') {
    const q = sv.weights === 'fp8' && s.model.releasedWeights !== 'fp8' ? ' --quantization fp8' : sv.weights === 'int4-awq' ? ' --quantization awq_marlin' : '';
    command = `vllm serve ${repo} --tensor-parallel-size ${sv.tensorParallel} --max-model-len ${s.maxModelLenTokens} --gpu-memory-utilization ${frac}${sv.kvDtype === 'fp8' ? ' --kv-cache-dtype fp8' : ''}${q}${s.prefixCaching ? ' --enable-prefix-caching' : ' --no-enable-prefix-caching'} --max-num-seqs ${seqs}`;
  } else if (sv.engine === 'sglang') {
    const q = sv.weights === 'fp8' && s.model.releasedWeights !== 'fp8' ? ' --quantization fp8' : sv.weights === 'int4-awq' ? ' --quantization awq' : '';
    command = `python -m sglang.launch_server --model-path ${repo} --tp ${sv.tensorParallel} --context-length ${s.maxModelLenTokens} --mem-fraction-static ${frac}${sv.kvDtype === 'fp8' ? ' --kv-cache-dtype fp8_e4m3' : ''}${q}${s.prefixCaching ? '' : ' --disable-radix-cache'} --max-running-requests ${seqs}`;
  } else {
    command = `trtllm-serve ${repo} --tp_size ${sv.tensorParallel} --max_seq_len ${s.maxModelLenTokens} --max_batch_size ${seqs} --kv_cache_free_gpu_memory_fraction ${frac}`;
    if (sv.weights !== s.model.releasedWeights || sv.kvDtype === 'fp8') notes.push(`TensorRT-LLM takes ${sv.weights} weights${sv.kvDtype === 'fp8' ? ' and an fp8 KV cache' : ''} from a checkpoint quantised with TensorRT Model Optimizer (modelopt), not from a serve flag`);
    if (s.prefixCaching) notes.push('prefix reuse: set kv_cache_config.enable_block_reuse: true in the --extra_llm_api_options YAML');
  }
  const rate = Math.max(0.01, +s.replicaRequestsPerSecond.toPrecision(3));
  return {
    command,
    benchmarkCommand: benchClientCommand(sv.engine, repo, Math.round(s.inputTokensMean), Math.round(s.outputTokensMean), { kind: 'rate', requestsPerSecond: rate }, Math.max(200, Math.ceil(rate * 300))),
    notes: [
      ...notes,
      `one replica: ${sv.tensorParallel} × ${sv.gpuId}; the benchmark runs it at the planned ${rate} requests/s for about five minutes and should show the predicted p95s`,
    ],
  };
}

/**
 * A disaggregated winner: one command per role. vLLM: the NixlConnector (docs.vllm.ai features/nixl_connector_usage,
 * read 2026-11-30) on both roles, a proxy in front (tests/v1/kv_connector/nixl_integration/toy_proxy_server.py);
 * SGLang: --disaggregation-mode prefill|decode (docs.sglang.io advanced_features/pd_disaggregation, read 2026-11-30).
 */
function disaggLaunch(c: Candidate, s: LaunchSettings): Launch {
  const sv = c.serving!;
  const d = c.disaggregated!;
  const repo = servedRepo(s.model);
  const notes = [
    `${d.prefillPeakInstances} prefill instance(s) of ${d.prefillTensorParallel} × ${sv.gpuId} and ${d.decodePeakInstances} decode instance(s) of ${d.decodeTensorParallel} × ${sv.gpuId} at the peak; a router sends each prompt to a prefill instance and streams the answer from a decode instance (NVIDIA Dynamo, llm-d, or vLLM's toy proxy for a test)`,
    'predicted from the aggregated calibration (no disaggregated row is calibrated): benchmark both pools before buying',
  ];
  let command: string;
  if (sv.engine === 'vllm') {
    const role = (tp: number) => `vllm serve ${repo} --tensor-parallel-size ${tp} --max-model-len ${s.maxModelLenTokens}${sv.kvDtype === 'fp8' ? ' --kv-cache-dtype fp8' : ''} --kv-transfer-config '{"kv_connector":"NixlConnector","kv_role":"kv_both"}'`;
    command = [`# prefill instances\n${role(d.prefillTensorParallel)}`, `# decode instances\n${role(d.decodeTensorParallel)}`].join('\n');
  } else if (sv.engine === 'sglang') {
    const role = (tp: number, mode: string) => `python -m sglang.launch_server --model-path ${repo} --tp ${tp} --context-length ${s.maxModelLenTokens} --disaggregation-mode ${mode} --disaggregation-transfer-backend nixl`;
    command = [role(d.prefillTensorParallel, 'prefill'), role(d.decodeTensorParallel, 'decode')].join('\n');
  } else {
    command = `# TensorRT-LLM: context servers at TP ${d.prefillTensorParallel} and generation servers at TP ${d.decodeTensorParallel} behind its disaggregated router (see the TensorRT-LLM disaggregated-serving docs)`;
  }
  // The benchmark drives one prefill and one decode instance behind the router at what the pair serves.
  const rate = Math.max(0.01, +d.pairRequestsPerSecond.toPrecision(3));
  notes.push(`the benchmark runs one prefill + one decode instance at ${rate} requests/s through the router for about five minutes and should show the predicted p95s`);
  return {
    command,
    benchmarkCommand: benchClientCommand(sv.engine, repo, Math.round(s.inputTokensMean), Math.round(s.outputTokensMean), { kind: 'rate', requestsPerSecond: rate }, Math.max(200, Math.ceil(rate * 300))),
    notes,
  };
}
