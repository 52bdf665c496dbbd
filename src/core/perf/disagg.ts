// Disaggregated prefill/decode serving: `xP` prefill instances and `yD` decode instances of one model on one GPU type,
// each pool at its own TP, with the KV cache of every request moved from a prefill instance to a decode instance.
// Sources (read 2026-11-30):
// - NVIDIA Dynamo, "Disaggregated Serving" design doc (docs.nvidia.com/dynamo/latest/design_docs/disagg_serving.html):
//   the prefill engine computes the KV cache, transfers it (NIXL, VRAM to VRAM, non-blocking) and the decode engine
//   computes the decode phase.
// - vLLM tests/v1/kv_connector/nixl_integration/toy_proxy_server.py @030ea52: the proxy sends the prompt to a prefill
//   instance with max_tokens 1, waits for it, then streams the answer from a decode instance, which pulls the KV: the
//   client's first token comes from the decode instance, so TTFT = prefill queue + prefill + KV transfer + one decode step.
// - aiconfigurator src/aiconfigurator/sdk/picking.py @0d88101 (_build_disagg_summary_dict): the system's rate is the
//   smaller of the two pools' rates; tokens/s per GPU divide by the GPUs of both pools; TPOT is the decode pool's alone.
//   (aiconfigurator also derates prefill ×0.9 and decode ×0.92 and multiplies TTFT by 1.8, fitted factors that this
//   model does not copy: its queueing and the decode batch it solves for are computed, not fitted.)
import { kvBytesPerTokenPerLayer, linearStateBytesPerSequence } from '../memory/kv-cache.ts';
import type { Gpu, Model } from '../types.ts';
import type { KvDtype } from '../memory/precision.ts';
import type { ServingLimits } from './serving.ts';
import { chunkedPrefillSeconds } from './serving.ts';
import { kvLayerTokens, PerfInputError, stepSeconds, stepTime, type PerfConstants, type PerfTarget, type StepBreakdown } from './step.ts';

export interface DisaggShape {
  prefillInstances: number;
  decodeInstances: number;
  prefillTp: number;
  decodeTp: number;
}

export interface KvTransfer {
  bytes: number;
  /** Link bytes/s the transfer gets: per-GPU link × GPUs moving shards in parallel × calibrated link efficiency. */
  bytesPerSecond: number;
  seconds: number;
  /** NVLink (or Infinity Fabric) when one prefill and one decode instance fit one link domain; PCIe otherwise. */
  path: 'nvlink' | 'pcie';
}

/**
 * KV bytes of a `tokens`-token prompt, whole (tp 1): full layers hold every token, sliding layers at most the window,
 * linear-attention layers their fixed state. Llama-3.1-8B bf16, 1,024 tokens: 1,024 × 131,072 B = 134,217,728 B.
 */
export function kvTransferBytes(model: Model, kvDtype: KvDtype, tokens: number): number {
  const a = model.architecture;
  return kvLayerTokens(model, tokens) * kvBytesPerTokenPerLayer(a, kvDtype, 1) + linearStateBytesPerSequence(a, 1);
}

/**
 * Seconds to move a prompt's KV from a prefill to a decode instance. Each prefill GPU holds the KV heads of its TP
 * rank and sends them over its own link, so min(prefill TP, decode TP) links run in parallel (vLLM's NIXL connector
 * reads rank to rank, and with unequal TP the smaller side's links are the bottleneck). Within one NVLink domain the
 * per-direction NVLink bandwidth of the catalog applies; otherwise the transfer leaves through PCIe (GPUDirect RDMA
 * through a NIC on the PCIe switch: the PCIe rate is its upper bound; the NIC's own rate is not in the catalog).
 * The calibrated `linkEfficiency` (fraction of the link an all-reduce reaches) is the fraction this copy reaches.
 */
export function kvTransfer(model: Model, gpu: Gpu, kvDtype: KvDtype, tokens: number, shape: Pick<DisaggShape, 'prefillTp' | 'decodeTp'>, linkEfficiency: number): KvTransfer {
  const bytes = kvTransferBytes(model, kvDtype, tokens);
  const nvlink = gpu.link.kind !== 'pcie' && gpu.link.bytesPerSecondPerDirection !== null && shape.prefillTp + shape.decodeTp <= gpu.link.domainSize;
  const perGpu = nvlink ? gpu.link.bytesPerSecondPerDirection! : gpu.pcieBytesPerSecondPerDirection;
  if (perGpu === null || !(perGpu > 0)) {
    const why = gpu.link.kind !== 'pcie' && gpu.link.bytesPerSecondPerDirection !== null
      ? `one prefill (${shape.prefillTp} GPUs) and one decode instance (${shape.decodeTp}) exceed the ${gpu.link.domainSize}-GPU NVLink domain of ${gpu.id} and its PCIe bandwidth is not published`
      : `${gpu.id} has no published link or PCIe bandwidth`;
    throw new PerfInputError('NO_LINK_BANDWIDTH', `${why}: the KV transfer cannot be costed`);
  }
  const bytesPerSecond = perGpu * Math.min(shape.prefillTp, shape.decodeTp) * linkEfficiency;
  return { bytes, bytesPerSecond, seconds: bytes / bytesPerSecond, path: nvlink ? 'nvlink' : 'pcie' };
}

/** One prefill instance: prompt-only steps, as many whole prompts per step as the token budget and its KV hold. */
export interface PrefillInstance {
  /** Prompts batched into one step at saturation: ⌊tokens per step / isl⌋, at least 1, at most what the KV holds. */
  promptsPerStep: number;
  /** GPU time per prompt at saturation (a batched step / its prompts; a chunked prompt's chunks otherwise), seconds. */
  workSecondsPerRequest: number;
  /** Prefill time of one prompt on an idle instance (chunks of the token budget), seconds. */
  soloSeconds: number;
  maxRequestsPerSecond: number;
}

export function prefillInstance(t: PerfTarget, k: PerfConstants, isl: number, limits: ServingLimits): PrefillInstance {
  const chunk = Math.max(1, limits.maxBatchedTokens);
  const solo = chunkedPrefillSeconds(isl, chunk, (n, prefix) => stepSeconds(t, k, 0, 0, n, prefix));
  const promptsPerStep = Math.max(1, Math.min(Math.floor(chunk / isl), limits.kvCapacitySequences));
  const work = promptsPerStep > 1 ? stepSeconds(t, k, 0, 0, promptsPerStep * isl, isl / 2) / promptsPerStep : solo;
  return { promptsPerStep, workSecondsPerRequest: work, soloSeconds: solo, maxRequestsPerSecond: 1 / work };
}

/**
 * Mean wait before a prompt's prefill starts, Poisson arrivals at `lambda` per instance, `w` seconds of work each:
 * M/D/1 (Pollaczek–Khinchine) W = ρ·w / (2(1 − ρ)), ρ = λ·w. Infinite at ρ ≥ 1.
 */
export function prefillQueueSeconds(lambda: number, w: number): number {
  const rho = lambda * w;
  if (rho >= 1) return Number.POSITIVE_INFINITY;
  return (rho * w) / (2 * (1 - rho));
}

/** One decode instance: decode-only steps; a sequence holds its KV slot from the transfer to its last token. */
export interface DecodeInstance {
  cap: number;
  /** Seconds of one decode-only step at `batch` sequences (context isl + osl/2). */
  stepSeconds: (batch: number) => number;
  /** Seconds a request holds a slot at `batch`: the KV transfer (blocks are allocated before the pull) + osl steps, + the
   * step an overlap scheduler runs before releasing it. */
  holdSeconds: (batch: number) => number;
  maxRequestsPerSecond: number;
}

export function decodeInstance(t: PerfTarget, k: PerfConstants, isl: number, osl: number, limits: ServingLimits, transferSeconds: number): DecodeInstance {
  const cap = Math.max(1, Math.min(limits.kvCapacitySequences, limits.maxBatchSequences));
  const ctx = isl + osl / 2;
  const step = (b: number) => stepSeconds(t, k, b, ctx, 0, 0);
  // An overlap scheduler releases a finished request one step late (ServingLimits.schedulerLagSteps).
  const hold = (b: number) => transferSeconds + (osl + limits.schedulerLagSteps) * step(b);
  return { cap, stepSeconds: step, holdSeconds: hold, maxRequestsPerSecond: cap / hold(cap) };
}

/**
 * Mean sequences on one decode instance at `lambda` requests/s (Little: B = λ × hold(B)); B / hold(B) grows with B,
 * so the root is bracketed by [0, cap] and found by halving to 1e-9 of the cap. `lambda` must be below the maximum.
 */
export function decodeBatchAtRate(d: DecodeInstance, lambda: number): number {
  let lo = 0;
  let hi = d.cap;
  for (let i = 0; i < 80 && hi - lo > 1e-9 * d.cap; i++) {
    const mid = (lo + hi) / 2;
    if (mid / d.holdSeconds(mid) < lambda) lo = mid;
    else hi = mid;
  }
  return hi;
}

export interface DisaggPrediction {
  ttftSeconds: number;
  tpotSeconds: number;
  e2eSeconds: number;
  outputTokensPerSecond: number;
  requestsPerSecond: number;
  /** The smaller of the two pools' saturation rates. */
  maxRequestsPerSecond: number;
  saturated: boolean;
  gpus: number;
  /** Which pool saturates first. */
  bottleneck: 'prefill' | 'decode';
  prefill: PrefillInstance & { instances: number; tp: number; utilisation: number; queueSeconds: number };
  decode: { instances: number; tp: number; batch: number; cap: number; maxRequestsPerSecond: number; utilisation: number; step: StepBreakdown };
  kvTransfer: KvTransfer;
  /** Extra wait of closed-loop clients beyond what the pools hold (Little's law), seconds; 0 otherwise. */
  clientWaitSeconds: number;
}

export interface DisaggTargets {
  prefill: PerfTarget;
  decode: PerfTarget;
  prefillConstants: PerfConstants;
  decodeConstants: PerfConstants;
  prefillLimits: ServingLimits;
  decodeLimits: ServingLimits;
}

export type DisaggLoad = { kind: 'rate'; requestsPerSecond: number } | { kind: 'concurrency'; concurrency: number };

/** The two pools of a deployment with the KV transfer between them, before any load. */
export function disaggPools(x: DisaggTargets, shape: DisaggShape, isl: number, osl: number) {
  const transfer = kvTransfer(x.decode.model, x.decode.gpu, x.decode.kvDtype, isl, shape, x.decode.efficiency.linkEfficiency);
  const prefill = prefillInstance(x.prefill, x.prefillConstants, isl, x.prefillLimits);
  const decode = decodeInstance(x.decode, x.decodeConstants, isl, osl, x.decodeLimits, transfer.seconds);
  const prefillMax = shape.prefillInstances * prefill.maxRequestsPerSecond;
  const decodeMax = shape.decodeInstances * decode.maxRequestsPerSecond;
  return { transfer, prefill, decode, prefillMax, decodeMax, maxRequestsPerSecond: Math.min(prefillMax, decodeMax) };
}

/**
 * Mean TTFT, TPOT and throughput of a disaggregated deployment at an open-loop rate or a closed-loop concurrency.
 * At a rate λ: each prefill instance queues λ/xP prompts (M/D/1) and prefills its own; each decode instance holds
 * B sequences with B = (λ/yD) × (transfer + osl × step(B)). TTFT = server cost + queue + prefill + transfer + the first
 * decode step; TPOT = the decode-only step at B. A concurrency C is the rate at which λ × (TTFT + (osl − 1) × TPOT) = C.
 */
export function predictDisagg(x: DisaggTargets, shape: DisaggShape, load: DisaggLoad, isl: number, osl: number): DisaggPrediction {
  const pools = disaggPools(x, shape, isl, osl);
  const front = x.decode.efficiency.requestOverheadSeconds;
  const gpus = shape.prefillInstances * shape.prefillTp + shape.decodeInstances * shape.decodeTp;
  const at = (lambda: number) => {
    const perPrefill = lambda / shape.prefillInstances;
    const queue = prefillQueueSeconds(perPrefill, pools.prefill.workSecondsPerRequest);
    const batch = decodeBatchAtRate(pools.decode, Math.min(lambda / shape.decodeInstances, pools.decode.maxRequestsPerSecond));
    const step = pools.decode.stepSeconds(batch);
    // The first decode step, after the one an overlap scheduler has planned already.
    const ttft = front + queue + pools.prefill.soloSeconds + pools.transfer.seconds + (1 + x.decodeLimits.schedulerLagSteps) * step;
    return { lambda, queue, batch, step, ttft, cycle: ttft + Math.max(0, osl - 1) * step };
  };
  const max = pools.maxRequestsPerSecond;
  let s: ReturnType<typeof at>;
  let clientWait = 0;
  let saturated = false;
  if (load.kind === 'rate') {
    saturated = load.requestsPerSecond >= max;
    s = at(Math.min(load.requestsPerSecond, max * (1 - 1e-9)));
  } else {
    // λ × cycle(λ) grows with λ; halve the rate bracket until it holds the concurrency to 1e-6.
    const top = at(max * (1 - 1e-9));
    if (!(top.lambda * top.cycle < load.concurrency)) {
      let lo = 0;
      let hi = top.lambda;
      for (let i = 0; i < 80 && hi - lo > 1e-9 * top.lambda; i++) {
        const mid = (lo + hi) / 2;
        const m = at(mid);
        if (m.lambda * m.cycle < load.concurrency) lo = mid;
        else hi = mid;
      }
      s = at((lo + hi) / 2);
    } else {
      // Every pool busy: the clients beyond what it holds wait their turn (Little's law on the queue).
      s = top;
      clientWait = (load.concurrency - top.lambda * top.cycle) / top.lambda;
    }
  }
  const ttftSeconds = s.ttft + clientWait;
  const decodeStep = stepTime(x.decode, x.decodeConstants, s.batch, isl + osl / 2, 0, 0);
  return {
    ttftSeconds,
    tpotSeconds: s.step,
    e2eSeconds: ttftSeconds + Math.max(0, osl - 1) * s.step,
    outputTokensPerSecond: s.lambda * osl,
    requestsPerSecond: s.lambda,
    maxRequestsPerSecond: max,
    saturated,
    gpus,
    bottleneck: pools.prefillMax <= pools.decodeMax ? 'prefill' : 'decode',
    prefill: { ...pools.prefill, instances: shape.prefillInstances, tp: shape.prefillTp, utilisation: s.lambda / pools.prefillMax, queueSeconds: s.queue },
    decode: { instances: shape.decodeInstances, tp: shape.decodeTp, batch: s.batch, cap: pools.decode.cap, maxRequestsPerSecond: pools.decode.maxRequestsPerSecond, utilisation: s.lambda / pools.decodeMax, step: decodeStep },
    kvTransfer: pools.transfer,
    clientWaitSeconds: clientWait,
  };
}
