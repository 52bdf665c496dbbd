// `perf --disagg xP:yD`: the same question as `perf`, for a prefill pool and a decode pool (core/perf/disagg.ts).
import { hasErrors } from '../core/findings.ts';
import { formatFinding } from '../core/finding-text.ts';
import { servingLimits } from '../core/perf/calibration.ts';
import { predictDisagg, type DisaggPrediction, type DisaggShape, type DisaggTargets } from '../core/perf/disagg.ts';
import { answerBands, bandFor, type PerfAnswer } from '../core/perf/prediction.ts';
import { perfConstants, PerfInputError, type PerfTarget } from '../core/perf/step.ts';
import { validateSizeRequest } from '../core/memory/sizing.ts';
import { InputError } from '../errors.ts';
import type { RunContext } from './context.ts';
import { findingsToInputError } from './findings.ts';
import { asPerfFindings, resolvePerf, type PerfMeta, type PerfQuery } from './perf.ts';

export interface DisaggQuery extends PerfQuery {
  disagg: { prefillInstances: number; decodeInstances: number };
  prefillTp?: number;
  decodeTp?: number;
  emitBench?: boolean;
}

export interface DisaggAnswer {
  prediction: DisaggPrediction;
  /** No disaggregated measurement is in the calibration data: always extrapolated, bands widened. */
  tier: 'extrapolated';
  bands: PerfAnswer['bands'];
}

export interface DisaggMeta extends PerfMeta {
  shape: DisaggShape;
}

export async function computeDisaggPerf(opts: DisaggQuery, ctx: RunContext): Promise<{ answer: DisaggAnswer; meta: DisaggMeta }> {
  if (opts.emitBench) throw new InputError([{ path: '--emit-bench', message: 'has no disaggregated form yet (a prefill server, a decode server, a KV connector and a proxy)', hint: 'drop --emit-bench or --disagg' }]);
  const r = await resolvePerf(opts, ctx);
  const { model, gpu, engine, calibration, weights, isl, osl } = r;
  const shape: DisaggShape = { ...opts.disagg, prefillTp: opts.prefillTp ?? r.tp, decodeTp: opts.decodeTp ?? r.tp };
  // A prefill instance holds prompts (isl + the one token it samples); a decode instance whole sequences.
  const pools = [
    { flag: '--prefill-tp', tp: shape.prefillTp, context: isl + 1, osl: 1 },
    { flag: '--decode-tp', tp: shape.decodeTp, context: isl + osl, osl },
  ];
  const problems = pools.flatMap((p) => asPerfFindings(validateSizeRequest({ model, gpu, weights, kvDtype: opts.kvDtype, tp: p.tp, contextTokens: p.context })).map((f) => (f.path === '--tp' ? { ...f, path: p.flag } : f)));
  if (hasErrors(problems)) throw findingsToInputError(problems);
  const limits = pools.map((p) => servingLimits({ model, gpu, tp: p.tp, weights, kvDtype: opts.kvDtype, engine: engine.id, isl, osl: p.osl }, engine, opts.memoryFraction));
  pools.forEach((p, i) => {
    if (limits[i]!.kvCapacitySequences < 1) throw new InputError([{ path: p.flag, message: `one sequence of ${p.context} tokens does not fit in the KV cache of ${p.tp} × ${gpu.id}; try a larger ${p.flag}${opts.kvDtype === 'fp8' ? '' : ' or fp8 KV'}` }]);
  });
  const decodeSlots = shape.decodeInstances * Math.min(limits[1]!.kvCapacitySequences, limits[1]!.maxBatchSequences);
  if (opts.concurrency !== undefined && opts.concurrency > decodeSlots) {
    throw new InputError([{ path: '--concurrency', message: `${opts.concurrency} sequences of ${isl + osl} tokens do not fit in the KV caches of ${shape.decodeInstances} decode instance(s) of ${shape.decodeTp} × ${gpu.id} (${engine.id}); they hold ${decodeSlots}`, hint: opts.kvDtype === 'fp8' ? 'lower --concurrency, add decode instances, or raise --decode-tp' : 'lower --concurrency, add decode instances, raise --decode-tp, or use --kv-dtype fp8' }]);
  }
  const target = (tp: number): PerfTarget => ({ model, gpu, tp, weights, kvDtype: opts.kvDtype, engine: engine.id, efficiency: calibration.efficiency[engine.id] });
  let prediction: DisaggPrediction;
  try {
    const prefill = target(shape.prefillTp);
    const decode = target(shape.decodeTp);
    const x: DisaggTargets = { prefill, decode, prefillConstants: perfConstants(prefill), decodeConstants: perfConstants(decode), prefillLimits: limits[0]!, decodeLimits: limits[1]! };
    prediction = predictDisagg(x, shape, r.load.kind === 'concurrency' ? r.load : { kind: 'rate', requestsPerSecond: opts.rate! }, isl, osl);
  } catch (e) {
    if (e instanceof PerfInputError) throw new InputError([{ path: '--gpu', message: e.message }]);
    throw e;
  }
  if (prediction.saturated) {
    throw new InputError([{ path: '--rate', message: `${opts.rate} requests/s exceeds what ${shape.prefillInstances}P:${shape.decodeInstances}D serves at ${isl}/${osl} tokens: at most ${prediction.maxRequestsPerSecond.toFixed(2)} requests/s (the ${prediction.bottleneck} pool saturates first)`, hint: `add ${prediction.bottleneck} instances, or use \`llmplan plan --compare-disagg\` to size the pools for a rate` }]);
  }
  const moe = model.architecture.moe !== null;
  const p = prediction;
  const answer: DisaggAnswer = { prediction: p, tier: 'extrapolated', bands: answerBands(p, (group, v) => bandFor(calibration, group, v, 'extrapolated', moe, weights)) };
  const notes = problems.filter((f) => f.severity !== 'error').map(formatFinding);
  if (p.kvTransfer.path === 'pcie' && gpu.link.kind !== 'pcie') notes.push(`one prefill (${shape.prefillTp} GPUs) and one decode instance (${shape.decodeTp}) exceed the ${gpu.link.domainSize}-GPU NVLink domain of ${gpu.id}: the KV transfer is costed at the PCIe rate, the upper bound of GPUDirect RDMA through a NIC on the PCIe switch (the NIC's own rate is not modelled)`);
  const meta: DisaggMeta = { model, gpu, engine, tp: shape.decodeTp, weights, kvDtype: opts.kvDtype, isl, osl, load: r.load, calibration, calibrationPath: opts.calibration, notes, shape };
  return { answer, meta };
}
