// The `--json` contract: zod schemas of what `size`, `perf`, `plan`, `tco` and `calibrate` print, one key = one
// unit in its name. test/output-schemas.test.ts runs each command and validates stdout against these, and
// `npm run schemas` writes them to schemas/*-output.schema.json. Policy (docs/json-output.md): adding a key keeps
// schemaVersion 1; removing, renaming or retyping one bumps it. Objects are strict except where a user's own
// columns flow through (calibrate rows), which are loose so the JSON Schema says `additionalProperties: {}`.
import { z } from 'zod';
import { checkOutputSchema } from './check-output-schema.ts';
import { recommendOutputSchema } from './recommend-output-schema.ts';
import { catalogApiOutputSchema, catalogOffersOutputSchema, catalogOnpremOutputSchema } from './catalog-output-schemas.ts';

const m = <T extends z.ZodType>(schema: T, description: string): T => schema.meta({ description });
// z.number() rejects NaN and ±Infinity, so a renderer leaking one fails the contract test.
const num = (d: string) => m(z.number(), d);
const nonNeg = (d: string) => m(z.number().min(0), d);
const int = (d: string) => m(z.number().int().min(0), d);
const str = (d: string) => m(z.string(), d);
const isoDate = (d: string) => m(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), d);
const nullable = <T extends z.ZodType>(schema: T, d: string) => m(schema.nullable(), d);
const head = <K extends string>(kind: K, what: string) => ({
  schemaVersion: m(z.literal(1), 'Version of this output contract; bumped only when a key is removed, renamed or changes type.'),
  kind: m(z.literal(kind), `Which command printed this: "${kind}" (${what}).`),
});

const weightFormat = m(z.enum(['bf16', 'fp16', 'fp8', 'int8', 'int4-awq', 'int4-gptq', 'nvfp4', 'mxfp4']), 'Weight storage format.');
const kvDtype = m(z.enum(['bf16', 'fp16', 'fp8']), 'KV-cache element type.');
const engineId = str('Serving engine id from catalogs/engines.yaml (vllm, sglang, trtllm).');

// ---------- size ----------

const finding = z.strictObject({
  code: str('Stable finding code, e.g. CONTEXT_EXCEEDS_KV; tests and scripts match on it, not on prose.'),
  severity: m(z.enum(['error', 'warning', 'note']), 'How serious the finding is.'),
  path: m(z.string().optional(), 'The flag or key it is about, e.g. --weights.'),
  args: m(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), 'The finding\'s data (units in the arg names).'),
});

const fitOption = z.strictObject({
  setting: m(z.enum(['memory-fraction', 'kv-dtype', 'max-num-seqs', 'context', 'tensor-parallel']), 'The one setting changed from the request (llmplan flag --memory-fraction, --kv-dtype, --max-num-seqs, --context, --tp).'),
  value: m(z.union([z.number(), z.string()]), 'Its value that fits: a fraction 0–1, a KV dtype, a sequence cap, tokens of context, or a TP degree.'),
  engineArgument: str('The engine\'s own argument for the setting, e.g. vLLM --gpu-memory-utilization.'),
  tensorParallel: m(z.number().int().min(1), 'TP degree the option applies at (for tensor-parallel, the new degree).'),
  contextTokens: int('Tokens of context per sequence with the option.'),
  kvCacheBytes: nonNeg('Bytes per GPU left for the KV cache with the option.'),
  maxConcurrentSequences: int('Sequences of contextTokens that then fit at once (count, at least 1).'),
});
const fitOptions = m(z.array(fitOption), 'Each single setting with which the model fits where it does not as asked (at --tp, at the fewest GPUs when more are needed, or at the largest TP tried); empty when it fits as asked.');

const sizeEvaluated = z.strictObject({
  gpu: str('GPU catalog id.'),
  minTensorParallel: nullable(z.number().int().min(1), 'Smallest TP degree (1, 2, 4, 8) at which the model and one context fit; null when none up to 8 does.'),
  gpusNeeded: nullable(z.number().int().min(1), 'GPUs per replica: equal to minTensorParallel (one replica, tensor parallel).'),
  unsupported: m(z.null(), 'Always null on an evaluated row.'),
  tensorParallel: m(z.number().int().min(1), 'TP degree the memory breakdown below is for (the smallest that fits, --tp, or the largest tried when nothing fits).'),
  weightFormat,
  kvDtype,
  contextTokens: int('Tokens of context (prompt + output) one sequence is sized for (--context).'),
  gpuMemoryBytes: nonNeg('Memory of one GPU in bytes, as the driver reports it or estimated from the label (gpuMemoryBasis).'),
  gpuMemoryBasis: m(z.enum(['reported', 'nominal']), '"reported": measured driver total; "nominal": estimated from the marketed GB.'),
  memoryFraction: m(z.number().gt(0).max(1), 'Share of GPU memory the engine may use (vLLM gpu_memory_utilization), 0–1.'),
  weightsBytes: nonNeg('Weight bytes on one GPU.'),
  weightsTotalBytes: nonNeg('Weight bytes over all GPUs of the replica.'),
  weightsBasis: m(z.enum(['computed', 'checkpoint']), '"checkpoint": the published checkpoint size; "computed": parameters × bytes per parameter.'),
  totalParams: int('Parameters of the model (count).'),
  activeParamsPerToken: int('Parameters multiplied per token (MoE: shared + top-k experts) (count).'),
  activationBytes: nonNeg('Peak activation bytes per GPU of the engine\'s profiling run.'),
  forwardPassBytes: nonNeg('Bytes per GPU of one forward pass of the profiling batch (vLLM max_num_batched_tokens); part of activationBytes.'),
  samplerPassBytes: nonNeg('Bytes per GPU of the sampler\'s profiling pass over max_num_seqs × vocabulary; part of activationBytes (vLLM 0.19: the larger of the two passes is the peak).'),
  nonTorchBytes: nonNeg('Bytes per GPU outside PyTorch\'s allocator (cuBLAS workspaces, NCCL buffers); may be fractional (estimate).'),
  cudaGraphBytes: nonNeg('Bytes per GPU of captured CUDA graphs (0 where the engine counts them elsewhere).'),
  reserveBytes: nonNeg('Bytes per GPU left unreserved (1 − memoryFraction of the GPU, CUDA context).'),
  kvBytesPerToken: nonNeg('KV-cache bytes one token adds on one GPU, over all layers that hold KV (not linear-attention layers).'),
  kvBytesPerTokenAtContext: nonNeg('KV bytes per token averaged over contextTokens: lower than kvBytesPerToken with sliding-window layers, higher with linear-attention layers (their fixed state per sequence is spread over the context).'),
  kvBytesPerSequence: nonNeg('KV bytes per GPU of one sequence of contextTokens, with the fixed state of any linear-attention layers.'),
  kvCacheBytes: nonNeg('Bytes per GPU left for the KV cache (0 when nothing is left); may be fractional (estimate).'),
  blockTokens: int('Tokens per KV block (vLLM block_size).'),
  kvCapacityBlocks: int('KV blocks that fit (count).'),
  kvCapacityTokens: int('KV tokens that fit (blocks × blockTokens).'),
  maxConcurrentSequences: int('Sequences of contextTokens that fit in the KV cache at once (count).'),
  fits: m(z.boolean(), 'The weights fit and at least one sequence of contextTokens fits in the KV cache.'),
  findings: m(z.array(finding), 'Notes and warnings about this configuration, as data.'),
  fitOptions,
});

const sizeNotEvaluated = z.strictObject({
  gpu: str('GPU catalog id.'),
  minTensorParallel: m(z.null(), 'null: nothing fits up to TP 8, or the GPU cannot run the format.'),
  gpusNeeded: m(z.null(), 'null, as minTensorParallel.'),
  unsupported: nullable(z.string(), 'Why the GPU cannot run this weight/KV format; null when the format runs but nothing fits up to TP 8.'),
  fits: m(z.literal(false), 'Always false on a row without a memory breakdown.'),
  fitOptions,
});

export const sizeOutputSchema = z
  .strictObject({
    ...head('size', 'llmplan size --json'),
    model: str('Model catalog id.'),
    engine: engineId,
    results: m(z.array(z.union([sizeEvaluated, sizeNotEvaluated])), 'One row per GPU: the --gpu given, or every catalog GPU. A row without tensorParallel has no memory breakdown.'),
  })
  .meta({ title: 'llmplan size --json', description: 'Will it fit? GPU memory breakdown, KV capacity and the smallest TP, per GPU. Base units: bytes, tokens.' });

// ---------- perf ----------

const band = (unit: string) =>
  z.strictObject({ low: nonNeg(`10th-percentile bound, ${unit}.`), high: nonNeg(`90th-percentile bound, ${unit}.`) }).meta({
    description: `Out-of-sample error band (10th–90th percentile of measured/predicted) around the prediction, ${unit}; always contains it.`,
  });

export const loadSchema = m(
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('concurrency'), concurrency: int('Closed loop: clients, each sending the next request when the last finishes (count).') }),
    z.strictObject({ kind: z.literal('rate'), requestsPerSecond: nonNeg('Open loop: Poisson arrivals, requests/s.') }),
    z.strictObject({ kind: z.literal('max-load') }),
    z.strictObject({ kind: z.literal('burst'), requests: int('Requests sent at once (count): a finite run, `perf --requests` without --rate.') }),
    z.strictObject({ kind: z.literal('run'), requests: int('Requests in a finite run (count).'), requestsPerSecond: nonNeg('Sent at this rate, Poisson, requests/s: `perf --requests N --rate R`.') }),
    z.strictObject({ kind: z.literal('static'), batch: int('Prompts prefilled together, then decoded in lock-step (count).') }),
  ]),
  'The offered load. `llmplan perf` emits concurrency (--concurrency), rate (--rate), burst (--requests) or run (--requests with --rate); max-load and static are used by calibration.',
);

const disaggPool = (what: string, extra: Record<string, z.ZodType>) =>
  z
    .strictObject({
      instances: m(z.number().int().min(1), `${what} instances (count).`),
      tensorParallel: m(z.number().int().min(1), `GPUs per ${what} instance (TP degree).`),
      maxRequestsPerSecondPerInstance: nonNeg(`Requests/s one ${what} instance sustains at saturation.`),
      utilisation: nonNeg(`Request rate / what the ${what} pool sustains, 0–1.`),
      ...extra,
    })
    .meta({ description: `The ${what} pool.` });

const disaggSchema = z
  .strictObject({
    gpus: int('GPUs of both pools: prefill instances × TP + decode instances × TP.'),
    bottleneck: m(z.enum(['prefill', 'decode']), 'The pool that saturates first.'),
    prefill: disaggPool('prefill', {
      queueSeconds: nonNeg('Mean wait for a prefill instance (M/D/1), seconds.'),
      prefillSeconds: nonNeg('Prefill time of one prompt on an idle instance, seconds.'),
      promptsPerStep: int('Whole prompts batched into one prompt-only step at saturation (count).'),
    }),
    decode: disaggPool('decode', {
      batch: nonNeg('Mean sequences on one decode instance (count; fractional at steady state).'),
      kvCapacitySequences: int('Sequences of inputTokens + outputTokens one decode instance holds (count).'),
      stepSeconds: nonNeg('One decode-only step at that batch, seconds (= tpotSeconds).'),
    }),
    kvTransfer: z
      .strictObject({
        bytes: nonNeg('KV bytes of one prompt moved from a prefill to a decode instance.'),
        bytesPerSecond: nonNeg('Bytes/s the transfer gets: per-GPU link × min(prefill TP, decode TP) × calibrated link efficiency.'),
        seconds: nonNeg('Transfer time of one prompt\'s KV, seconds (in ttftSeconds).'),
        path: m(z.enum(['nvlink', 'pcie']), 'NVLink when one prefill and one decode instance fit one NVLink domain; PCIe otherwise.'),
      })
      .meta({ description: 'The KV cache moved per request.' }),
    clientWaitSeconds: nonNeg('Closed loop: wait of the clients beyond what the pools hold, seconds (in ttftSeconds); 0 otherwise.'),
  })
  .meta({ description: 'With --disagg: the two pools and the KV transfer; null for an aggregated replica.' });

export const perfOutputSchema = z
  .strictObject({
    ...head('perf', 'llmplan perf --json'),
    deployment: m(z.enum(['aggregated', 'disaggregated']), '"aggregated": one replica serving prompts and decodes (continuous batching); "disaggregated" (--disagg): a prefill pool and a decode pool.'),
    model: str('Model catalog id.'),
    gpu: str('GPU catalog id.'),
    engine: engineId,
    tensorParallel: m(z.number().int().min(1), 'GPUs per replica (TP degree): --tp or the smallest that fits; with --disagg, the decode instances\' TP; with --ep, 1.'),
    expertParallel: m(z.number().int().min(1), 'With --ep N: N (attention data-parallel at TP 1 on each of N GPUs, the routed experts spread over all N; the load is the whole deployment\'s, spread evenly over the N ranks); else 1.'),
    gpus: m(z.number().int().min(1), 'GPUs the prediction is for: tensorParallel × expertParallel; with --disagg, the GPUs of both pools.'),
    weightFormat,
    kvDtype,
    inputTokens: int('Prompt tokens per request (--isl).'),
    outputTokens: int('Generated tokens per request (--osl).'),
    load: loadSchema,
    ttftSeconds: nonNeg('Mean time to first token, seconds (includes the server\'s per-request overhead).'),
    tpotSeconds: nonNeg('Mean time per output token after the first (one decode step), seconds.'),
    e2eSeconds: nonNeg('Mean end-to-end latency: ttftSeconds + (outputTokens − 1) × tpotSeconds.'),
    outputTokensPerSecond: nonNeg('Output tokens/s of the whole replica (with --ep, of all N ranks).'),
    outputTokensPerSecondPerGpu: nonNeg('outputTokensPerSecond / gpus.'),
    requestsPerSecond: nonNeg('Completed requests/s of the replica at this load.'),
    maxRequestsPerSecond: nonNeg('Requests/s the replica sustains with every KV slot busy (saturation) for these lengths.'),
    decodeBatch: nonNeg('Mean sequences decoding per step (count; fractional at steady state); with --disagg, per decode instance.'),
    batchLimit: m(z.enum(['load', 'kv-cache', 'max-batch']), 'What limits the batch: the offered load, the KV cache, or the engine\'s sequence cap.'),
    kvCapacitySequences: int('Sequences of inputTokens + outputTokens the KV cache holds at once (count); with --disagg, one decode instance\'s; with --ep, all N GPUs\' pools together.'),
    stepSeconds: nonNeg('Duration of one typical decode step, seconds (= tpotSeconds).'),
    bound: m(z.enum(['compute', 'memory']), 'Which roofline dominates the step.'),
    tier: m(z.enum(['calibrated', 'extrapolated']), '"calibrated": fitted rows exist for this GPU × engine; "extrapolated": none, bands widened ×1.5.'),
    errorBand: z
      .strictObject({
        ttftSeconds: band('seconds'),
        tpotSeconds: band('seconds'),
        e2eSeconds: band('seconds'),
        outputTokensPerSecond: band('tokens/s'),
        outputTokensPerSecondPerGpu: band('tokens/s per GPU'),
        requestsPerSecond: band('requests/s'),
      })
      .meta({ description: 'Error band of each prediction, same keys and units.' }),
    disaggregated: disaggSchema.nullable(),
    calibration: z
      .strictObject({ fittedOn: isoDate('Date the efficiencies were fitted (YYYY-MM-DD).'), rowsUsed: int('Measurement rows the fit used (count).') })
      .meta({ description: 'The calibration file the prediction used (calibration/perf.json or --calibration).' }),
    notes: m(z.array(z.string()), 'Non-blocking notes about the configuration (e.g. bf16 run as fp16).'),
    benchCommand: nullable(z.string(), 'With --emit-bench: the server and benchmark commands that would measure this prediction, newline-separated; else null.'),
  })
  .meta({ title: 'llmplan perf --json', description: 'How fast? TTFT, TPOT and throughput of one replica from the calibrated roofline, with error bands. Base units: seconds, tokens/s, requests/s.' });

// ---------- plan ----------

const p95 = z
  .strictObject({
    ttftSeconds: nullable(z.number().min(0), 'p95 time to first token, seconds; null if the replica saturates (unbounded).'),
    tpotSeconds: nullable(z.number().min(0), 'p95 time per output token, seconds; null if unbounded.'),
    e2eSeconds: nullable(z.number().min(0), 'p95 end-to-end latency, seconds; null if unbounded.'),
    meanBatch: nonNeg('Mean sequences decoding per step at that rate (count).'),
    saturated: m(z.boolean(), 'The rate exceeds what one replica serves.'),
  })
  .meta({ description: 'What one replica gives at replicaCapacityRequestsPerSecond; null when the option was not evaluated.' });

const hourPlan = z.strictObject({
  hourOfWeek: m(z.number().int().min(0).max(167), '0 = Monday 00:00–01:00 in the scenario\'s timezone, 167 = Sunday 23:00–24:00.'),
  arrivalRequestsPerSecond: nonNeg('Mean arrival rate of this hour, requests/s, after the response cache.'),
  replicasForLoad: int('Replicas the load needs (rate × burst factor / replica capacity, rounded up) so the p95 targets hold.'),
  replicas: int('Replicas running: replicasForLoad, raised to next hour\'s for scale-ahead, plus spares for availability.'),
  gpus: int('replicas × gpusPerReplica.'),
  utilisation: nonNeg('Arrival rate × burst factor / (replicasForLoad × replica capacity), 0–1.'),
});

const disaggPoolPlan = (what: string) =>
  z
    .strictObject({
      tensorParallel: m(z.number().int().min(1), `GPUs per ${what} instance (TP degree): of 1, 2, 4 and 8, the one with the fewest GPU-hours for this pool.`),
      instanceCapacityRequestsPerSecond: nonNeg(`Highest arrival rate one ${what} instance serves with its targets met, requests/s.`),
      binding: m(z.enum(['memory', 'ttft', 'tpot', 'e2e', 'throughput', 'deadline', 'availability']), `What sets one ${what} instance's capacity.`),
      peakInstances: int(`Most ${what} instances running in any hour (count).`),
      minInstances: int(`Fewest ${what} instances running in any hour (count).`),
      redundancyInstances: int(`Spare ${what} instances at the peak, for √ of the availability target (count).`),
    })
    .nullable()
    .meta({ description: `The ${what} pool; null when infeasible.` });

const disaggPlanSchema = z
  .strictObject({
    feasible: m(z.boolean(), 'The disaggregated deployment can serve the scenario on this GPU.'),
    infeasibleReason: nullable(z.string(), 'Why not; null when feasible.'),
    prefill: disaggPoolPlan('prefill'),
    decode: disaggPoolPlan('decode'),
    hourly: m(
      z.array(
        z.strictObject({
          hourOfWeek: m(z.number().int().min(0).max(167), '0 = Monday 00:00–01:00, 167 = Sunday 23:00–24:00.'),
          arrivalRequestsPerSecond: nonNeg('Mean arrival rate of this hour, requests/s.'),
          prefillInstances: int('Prefill instances running (load, scale-ahead and spares).'),
          decodeInstances: int('Decode instances running (load, scale-ahead and spares).'),
          prefillInstancesForLoad: int('Prefill instances the load needs, before scale-ahead and spares.'),
          decodeInstancesForLoad: int('Decode instances the load needs, before scale-ahead and spares.'),
          gpus: int('prefillInstances × prefill TP + decodeInstances × decode TP.'),
        }),
      ),
      '168 hours of the week; empty when infeasible.',
    ),
    peakGpus: int('Most GPUs of both pools in any hour.'),
    baseGpus: int('GPUs of both pools running in every hour.'),
    gpuHoursPerMonth: nonNeg('GPU-hours of both pools in a 730-hour month: Σ hourly GPUs × 730 / 168.'),
    baseGpuHoursPerMonth: nonNeg('baseGpus × 730 h.'),
    atCapacityP95: z
      .strictObject({ ttftSeconds: nonNeg('TTFT p95 with the prefill pool at capacity, seconds.'), tpotSeconds: nonNeg('TPOT p95 with the decode pool at capacity, seconds.'), e2eSeconds: nonNeg('ttftSeconds + (p95 output tokens − 1) × tpotSeconds.') })
      .nullable()
      .meta({ description: 'p95s with both pools at their instance capacities; null when infeasible.' }),
    kvTransfer: z
      .strictObject({ bytes: nonNeg('KV bytes of a mean prompt.'), seconds: nonNeg('Its transfer time, seconds.'), path: m(z.enum(['nvlink', 'pcie']), 'The link it takes.') })
      .nullable()
      .meta({ description: 'The KV moved per request; null when infeasible.' }),
  })
  .meta({ description: 'With --compare-disagg: the disaggregated alternative on the same GPU (docs/disaggregated.md); null for embeddings and skipped options; absent without the flag.' });

const planOption = z.strictObject({
  model: str('Model catalog id.'),
  gpu: str('GPU catalog id.'),
  skipped: nullable(z.string(), 'Why the option was not evaluated (the GPU cannot run the format); else null.'),
  modelId: str('Model catalog id (same as model).'),
  gpuId: str('GPU catalog id (same as gpu).'),
  engine: engineId,
  tensorParallel: m(z.number().int().min(1), 'TP degree chosen: the one with the fewest GPU-hours that meets the targets.'),
  weightFormat: str('Weight format.'),
  kvDtype: str('KV-cache element type.'),
  gpusPerReplica: m(z.number().int().min(1), 'GPUs per replica (= tensorParallel).'),
  replicaCapacityRequestsPerSecond: nonNeg('Highest arrival rate one replica serves with every p95 target met, requests/s (batch: 90% of saturation).'),
  replicaOutputTokensPerSecond: nonNeg('Output tokens/s of one replica at that rate.'),
  hourly: m(z.array(hourPlan), '168 hours of the week, Monday 00:00 first; empty when infeasible.'),
  peakReplicas: int('Most replicas running in any hour (count).'),
  minReplicas: int('Fewest replicas running in any hour (count): the always-on base.'),
  redundancyReplicas: int('Spare replicas for the availability target at the peak (the k of N+k).'),
  baseGpus: int('GPUs running in every hour: minReplicas × gpusPerReplica; what a commitment should cover.'),
  gpuHoursPerMonth: nonNeg('GPU-hours in a 730-hour month: Σ hourly GPUs × 730 / 168.'),
  baseGpuHoursPerMonth: nonNeg('baseGpus × 730 h.'),
  variableGpuHoursPerMonth: nonNeg('gpuHoursPerMonth − baseGpuHoursPerMonth: the part that scales with the curve.'),
  requestsPerMonth: nonNeg('Requests in a 730-hour month from the curve (0 when infeasible).'),
  inputTokensPerMonth: nonNeg('requestsPerMonth × mean input tokens.'),
  outputTokensPerMonth: nonNeg('requestsPerMonth × mean output tokens.'),
  oneTimeGpuHours: nonNeg('GPU-hours of one-time work outside the weekly curve (an embedding corpus pass); 0 otherwise.'),
  oneTimeNote: nullable(z.string(), 'What the one-time work is; null when there is none.'),
  binding: m(z.enum(['memory', 'ttft', 'tpot', 'e2e', 'throughput', 'deadline', 'availability']), 'Which constraint sets the replica count at the peak (or makes the option infeasible).'),
  feasible: m(z.boolean(), 'The option can serve the scenario.'),
  infeasibleReason: nullable(z.string(), 'Why not; null when feasible.'),
  atCapacityP95: p95.nullable(),
  disaggregated: disaggPlanSchema.nullable().optional(),
});

export const planOutputSchema = z
  .strictObject({
    ...head('plan', 'llmplan plan --json'),
    scenario: str('Scenario name.'),
    workloadKind: m(z.enum(['interactive', 'batch', 'embedding']), 'Scenario kind.'),
    engine: engineId,
    calibrationFittedOn: isoDate('Date of the calibration the speed predictions used.'),
    requestsPerMonth: nonNeg('Requests reaching the model in a 730-hour month, from the weekly curve.'),
    peakRequestsPerSecond: nonNeg('The stated peak (or busiest hour\'s mean), requests/s; the burst factor is this / the busiest hour.'),
    targets: z
      .strictObject({
        ttftP95Seconds: nullable(z.number().gt(0), 'p95 time-to-first-token target, seconds; null = none.'),
        tpotP95Seconds: nullable(z.number().gt(0), 'p95 time-per-output-token target, seconds; null = none.'),
        e2eP95Seconds: nullable(z.number().gt(0), 'p95 end-to-end target, seconds; null = none.'),
        availability: nullable(z.number().gt(0).lt(1), 'Availability target as a fraction (0.999 = 99.9%); null = none.'),
      })
      .meta({ description: 'The scenario\'s targets.' }),
    best: nullable(z.strictObject({ model: str('Model catalog id.'), gpu: str('GPU catalog id.') }), 'The feasible option with the fewest GPU-hours per month; null when none is feasible.'),
    options: m(z.array(planOption), 'One capacity plan per (model, GPU) option, in catalog order.'),
  })
  .meta({ title: 'llmplan plan --json', description: 'How many? Replicas for every hour of the week under p95 targets, N+k redundancy, GPU-hours. Base units: requests/s, GPU-hours, tokens.' });

// ---------- tco ----------

const usd = (d: string) => nullable(z.number(), `${d} USD; null when a price is missing (see missingPriceReason).`);

const priceUsed = z.strictObject({
  what: str('Which input, e.g. "on-demand", "electricity".'),
  value: num('The number used, in `unit`.'),
  unit: str('Unit of value, e.g. "USD/h", "USD/MTok", "W", "years"; "" for a ratio such as PUE.'),
  source: str('Where the number comes from.'),
  readOn: nullable(isoDate('Date the source was read.'), 'Date the source was read (YYYY-MM-DD); null when undated.'),
  ageDays: nullable(z.number().int(), 'Days from readOn to asOf; null when undated.'),
});

const tcoOption = z.strictObject({
  id: str('Stable option id: api:<provider>/<model>, cloud:<model>:<offer>:<on-demand|spot>, onprem:<model>:<gpu>.'),
  kind: m(z.enum(['api', 'cloud', 'onprem']), 'Hosted API, rented cloud GPUs, or bought GPUs.'),
  label: str('Human label.'),
  model: str('Model catalog id (self-hosted) or provider/model (API).'),
  gpuId: nullable(z.string(), 'GPU catalog id; null for an API.'),
  offerId: nullable(z.string(), 'Cloud offer id from catalogs/cloud-gpu-prices.yaml; null otherwise.'),
  purchase: str('How capacity is bought: per-token, batch per-token, on-demand, spot, 1y/3y commit + on-demand/spot, purchase.'),
  eligible: m(z.boolean(), 'Meets the scenario\'s targets and constraints (spot does not, for interactive work).'),
  ineligibleReason: nullable(z.string(), 'Why not eligible; null when eligible.'),
  missingPriceReason: nullable(z.string(), 'Set when a price the option needs is unknown; every cost is then null.'),
  interruptible: m(z.boolean(), 'Capacity can be taken back (spot).'),
  monthlyCostUsd: usd('Month 1 at steady state (on-prem: depreciation + operating),'),
  peakMonthlyOperatingUsd: usd('Highest monthly cash out excluding purchases over the horizon,'),
  capitalUsd: usd('Purchases over the horizon,'),
  peakGpus: nullable(z.number().int().min(0), 'GPUs paid for in the busiest hour of the horizon (cloud: whole instances; on-prem: GPUs owned); null for an API or without a price.'),
  totalCostUsd: usd('Cash over the horizon minus resale value at its end,'),
  costPerRequestUsd: usd('totalCostUsd / requests over the horizon,'),
  costPerMillionTokensUsd: usd('totalCostUsd / million tokens (input + output) over the horizon,'),
  breakdown: m(z.array(z.strictObject({ item: str('Cost line.'), monthlyUsd: nullable(z.number(), 'Month-1 USD of the line.') })), 'Month-1 cost lines.'),
  prices: m(z.array(priceUsed), 'Every price and physical input used, with its source and age.'),
  notes: m(z.array(z.string()), 'Assumptions and caveats of this option.'),
});

export const tcoOutputSchema = z
  .strictObject({
    ...head('tco', 'llmplan tco --json'),
    scenario: str('Scenario name.'),
    asOf: isoDate('Date prices are selected for and ages counted to (--as-of).'),
    horizonMonths: m(z.number().int().min(1), 'Months compared (730-hour months).'),
    monthlyGrowthRate: num('Compound traffic growth per month as a fraction (0.05 = +5%/month).'),
    recommendedId: nullable(z.string(), 'id of the cheapest eligible priced option over the horizon; null when none.'),
    budget: z
      .strictObject({
        verdict: m(z.enum(['within', 'over', 'no-budget', 'no-option']), 'Budget check of the recommended option.'),
        monthlyBudgetUsd: nullable(z.number(), 'Scenario monthly budget, USD; null = none.'),
        capitalBudgetUsd: nullable(z.number(), 'Scenario capital budget, USD; null = none.'),
        peakMonthlyOperatingUsd: nullable(z.number(), 'Recommended option\'s highest operating month, USD.'),
        capitalUsd: nullable(z.number(), 'Recommended option\'s purchases, USD.'),
        overMonthlyByUsd: nullable(z.number(), 'Amount over the monthly budget, USD; null when within or none.'),
        overCapitalByUsd: nullable(z.number(), 'Amount over the capital budget, USD; null when within or none.'),
      })
      .meta({ description: 'Budget verdict.' }),
    options: m(z.array(tcoOption), 'Every priced or unpriced option, cheapest total first (unpriced last).'),
    excluded: m(z.array(z.strictObject({ what: str('The candidate.'), reason: str('Why it is not compared.') })), 'Candidates not compared (infeasible plans, no price in the region...).'),
    breakEven: m(
      z.array(
        z.strictObject({
          aId: str('First option id.'),
          bId: str('Second option id.'),
          breakEvenRequestsPerMonth: nullable(z.number().min(0), 'Requests/month at which both cost the same per month (nearest crossing); null if none in 1/100–100× today.'),
          cheaperAboveId: nullable(z.string(), 'Which is cheaper above that volume.'),
          investId: str('The option with the higher first-month cash (an up-front purchase).'),
          breakEvenMonth: nullable(z.number().int().min(1), 'First month from which investId\'s cumulative cash stays at or below the other\'s; null within the horizon.'),
          reason: nullable(z.string(), 'Why there is no volume crossing.'),
        }),
      ),
      'Break-even between the best option of each kind.',
    ),
    sensitivity: m(
      z.array(
        z.strictObject({
          input: m(z.enum(['apiPrice', 'cloudGpuPrice', 'gpuPurchasePrice', 'traffic', 'replicaThroughput', 'electricity', 'staff']), 'The input multiplied.'),
          label: str('Human label of the input.'),
          flipFactor: nullable(z.number().gt(0), 'Multiplier nearest 1 (0.1–10) at which another option becomes cheapest; null if none.'),
          flipsToId: nullable(z.string(), 'The option that becomes cheapest.'),
          flipsToLabel: nullable(z.string(), 'Its label.'),
          totalAtMinus20PctUsd: nullable(z.number(), 'Recommended option\'s horizon total with the input × 0.8, USD.'),
          totalAtPlus20PctUsd: nullable(z.number(), 'Same with the input × 1.2, USD.'),
        }),
      ),
      'The inputs that would change the answer, soonest first.',
    ),
    warnings: m(
      z.array(
        z.strictObject({
          code: m(z.enum(['PRICE_STALE', 'PRICE_AFTER_AS_OF', 'PRICE_UNDATED']), 'Warning code.'),
          optionId: str('Option that uses the price.'),
          what: str('The price.'),
          readOn: nullable(isoDate('Date read.'), 'Date read; null when undated.'),
          ageDays: nullable(z.number().int(), 'Days from readOn to asOf.'),
          maxAgeDays: int('Staleness threshold, days (--max-price-age-days).'),
        }),
      ),
      'Stale, future or undated prices, one per option that uses them (also printed to stderr, grouped).',
    ),
    yourPrices: m(
      z.array(
        z.strictObject({
          key: str('The scenario key, e.g. pricing.electricityUsdPerKWh.'),
          value: num('Your figure, in `unit`.'),
          unit: str('Unit of value.'),
          catalogValue: nullable(z.number(), 'What the catalog would have used; null when it had nothing.'),
          catalogSource: nullable(z.string(), 'Where the catalog figure comes from.'),
        }),
      ),
      'Your own figures in use (scenario pricing:), marked "yours" in every price they feed.',
    ),
  })
  .meta({ title: 'llmplan tco --json', description: 'What will it cost? Hosted API vs cloud GPUs vs on-prem over the horizon. Base units: USD, 730-hour months.' });

// ---------- calibrate ----------

const csvColumns = {
  model: str('CSV column: model label as published.'),
  gpu: str('CSV column: GPU label.'),
  num_gpus: str('CSV column: GPUs used (as text).'),
  tp: str('CSV column: TP degree (as text).'),
  precision: str('CSV column: precision label.'),
  engine: str('CSV column: engine label.'),
  engine_version: str('CSV column: engine version.'),
  isl: str('CSV column: input tokens (as text).'),
  osl: str('CSV column: output tokens (as text).'),
  concurrency_or_batch: str('CSV column: load label (batch=N, concurrency=N, QPS=R, max load...).'),
  metric: str('CSV column: metric name; its suffix is the unit (output_tok_s_per_gpu, ttft_ms...).'),
  value: str('CSV column: the published value, as text, in the metric\'s unit.'),
};

const errorSummary = z.strictObject({
  key: str('Group: metric group, or "phase · dense/MoE · GPU · engine".'),
  n: int('Rows in the group (count).'),
  medianApe: nonNeg('Median absolute percentage error as a fraction (0.15 = 15%).'),
  p90Ape: nonNeg('90th-percentile APE as a fraction.'),
  logRatioP10: num('10th percentile of ln(published / predicted).'),
  logRatioP90: num('90th percentile of ln(published / predicted).'),
  worst: m(z.array(z.strictObject({ line: int('CSV line.'), ape: nonNeg('APE as a fraction.') })), 'Up to three rows with the largest APE.'),
});

export const calibrateOutputSchema = z
  .strictObject({
    ...head('calibrate', 'llmplan calibrate --json'),
    dataFile: str('The --data path as given.'),
    fitted: m(z.boolean(), 'With --fit: efficiencies were fitted to this file and written to --out.'),
    errorBasis: m(z.enum(['in-sample', 'leave-one-source-out']), 'How medianApe and regimes were measured: predictions with the given calibration, or out of sample by held-out source (--fit).'),
    rows: m(
      z.array(
        z
          .looseObject({
            line: int('CSV line number (header = 1).'),
            ...csvColumns,
            predicted: nullable(z.number(), 'llmplan\'s prediction in the unit of `metric`; null when it could not predict (see error).'),
            ape: nullable(z.number().min(0), '|predicted − value| / value as a fraction; null without a prediction.'),
            error: m(z.string().optional(), 'Why no prediction was made.'),
          })
          .meta({ description: 'A mapped CSV row: every column of the user\'s CSV (open: extra columns pass through) plus line, predicted, ape.' }),
      ),
      'Rows mapped onto the catalog and predicted.',
    ),
    unmapped: m(
      z.array(z.looseObject({ line: int('CSV line number.'), ...csvColumns, reason: str('Why the row could not be mapped.') }).meta({ description: 'A CSV row not predicted: its columns plus the reason.' })),
      'Rows that name something the catalog lacks or a metric llmplan does not predict.',
    ),
    medianApe: m(
      z.strictObject({ throughput: nonNeg('Throughput metrics.').optional(), tpot: nonNeg('TPOT/ITL.').optional(), ttft: nonNeg('TTFT.').optional(), e2e: nonNeg('End-to-end latency.').optional() }),
      'Median APE per metric group as a fraction; a group without rows is absent.',
    ),
    regimes: m(z.array(errorSummary), 'Error by regime (phase · dense/MoE · GPU · engine).'),
  })
  .meta({ title: 'llmplan calibrate --json', description: 'Predicted vs published measurements: per-row and per-regime error. APE values are fractions.' });

export const outputSchemas: Record<string, z.ZodType> = {
  'size-output': sizeOutputSchema,
  'perf-output': perfOutputSchema,
  'plan-output': planOutputSchema,
  'tco-output': tcoOutputSchema,
  'calibrate-output': calibrateOutputSchema,
  'recommend-output': recommendOutputSchema,
  'check-output': checkOutputSchema,
  'catalog-offers-output': catalogOffersOutputSchema,
  'catalog-api-output': catalogApiOutputSchema,
  'catalog-onprem-output': catalogOnpremOutputSchema,
};

/** JSON Schemas of the outputs (draft-07, output shape: strict objects say `additionalProperties: false`). */
export function outputJsonSchemas(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputSchemas).map(([k, s]) => [k, z.toJSONSchema(s, { target: 'draft-7', io: 'output', unrepresentable: 'any' })]));
}
