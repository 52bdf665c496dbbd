// `perf`: TTFT, TPOT and throughput of one replica under a load, with the out-of-sample band of the model's kind.
import type { CalibrationFile } from '../calibration/file.ts';
import { formatFinding } from '../core/finding-text.ts';
import { hasErrors } from '../core/findings.ts';
import { expertParallelProblems, peakFlops, PerfInputError, type ExpertParallelProblem } from '../core/perf/step.ts';
import type { KvDtype, WeightFormat } from '../core/memory/precision.ts';
import { depFormatKey, predictPerf, limitsFor, type PerfAnswer, type PerfRequest } from '../core/perf/prediction.ts';
import type { Load } from '../core/perf/serving.ts';
import { findMinTensorParallel, validateSizeRequest } from '../core/memory/sizing.ts';
import { InputError, type InputProblem } from '../errors.ts';
import { loadCalibrationFor } from './calibration.ts';
import { defaultWeightFormat, findEngine, findGpu, findModelOrConfig, openCatalog } from './catalog.ts';
import type { RunContext } from './context.ts';
import { findingsToInputError } from './findings.ts';

export interface PerfQuery {
  model?: string;
  gpu?: string;
  tp?: number;
  weights?: WeightFormat;
  kvDtype: KvDtype;
  isl?: number;
  osl?: number;
  concurrency?: number;
  rate?: number;
  /** --requests: a finite run of this many requests, sent at --rate or all at once. */
  requests?: number;
  engine: string;
  memoryFraction?: number;
  calibration?: string;
  catalogDir?: string[];
  /** --ep: attention data-parallel + expert-parallel over this many GPUs (DEP), tp 1. */
  ep?: number;
}

/** What was asked (the perf request) plus the calibration behind the answer and notes on the request. */
export interface PerfMeta extends PerfRequest {
  calibration: CalibrationFile;
  /** The --calibration file, when not the shipped one. */
  calibrationPath?: string;
  notes: string[];
}

export interface PerfOutcome {
  answer: PerfAnswer;
  meta: PerfMeta;
}

/** perf has no --context: the context it checks is --isl + --osl. */
export function asPerfFindings<T extends { path?: string }>(findings: T[]): T[] {
  return findings.map((f) => (f.path === '--context' ? { ...f, path: '--isl + --osl' } : f));
}

/** What perf and perf --disagg share: the catalog entries, the calibration, the lengths, the load and the TP. */
export async function resolvePerf(opts: PerfQuery, ctx: RunContext) {
  const missing: InputProblem[] = [];
  if (!opts.model) missing.push({ path: '--model', message: 'a model is required' });
  if (!opts.gpu) missing.push({ path: '--gpu', message: 'a GPU is required' });
  if (opts.isl === undefined) missing.push({ path: '--isl', message: 'input tokens per request are required' });
  if (opts.osl === undefined) missing.push({ path: '--osl', message: 'output tokens per request are required' });
  if (opts.requests !== undefined && opts.concurrency !== undefined) missing.push({ path: '--requests', message: 'a finite run is modelled for requests sent at a rate or all at once, not for a closed loop', hint: 'drop --concurrency (with --rate R: n requests at R/s; alone: all at once), or drop --requests for the steady state of --concurrency' });
  else if (opts.requests === undefined && (opts.concurrency === undefined) === (opts.rate === undefined)) missing.push({ path: '--concurrency/--rate', message: 'give exactly one of --concurrency N or --rate R (or --requests N for a finite run)' });
  if (missing.length) throw new InputError(missing);
  const catalog = await openCatalog(ctx, opts.catalogDir);
  const model = await findModelOrConfig(ctx, catalog, opts.model!);
  const gpu = findGpu(catalog, opts.gpu!);
  const engine = findEngine(catalog, opts.engine);
  const calibration = loadCalibrationFor(opts.calibration, ctx);
  const weights = opts.weights ?? defaultWeightFormat(model);
  const isl = opts.isl!;
  const osl = opts.osl!;
  const context = isl + osl;
  const base = { model, gpu, engine, weights, kvDtype: opts.kvDtype, contextTokens: context, memoryFraction: opts.memoryFraction };
  let tp = opts.tp;
  if (opts.ep !== undefined && opts.ep > 1) {
    // DEP: attention at tp 1 on every GPU, the routed experts spread over ep of them; `depRank` sizes one GPU.
    const hints: Record<ExpertParallelProblem['code'], () => string> = {
      EP_WITH_TP: () => 'drop --tp, or drop --ep for a tensor-parallel replica',
      EP_NEEDS_MOE: () => 'use --tp for a dense model',
      EP_NOT_DIVISOR: () => `use a divisor of ${model.architecture.moe!.numExperts}: ${divisors(model.architecture.moe!.numExperts).filter((d) => d > 1 && d <= 64).join(', ')}`,
    };
    const problems: InputProblem[] = expertParallelProblems({ model, tp: tp ?? 1, ep: opts.ep }).map((p) => ({ path: p.code === 'EP_WITH_TP' ? '--tp' : '--ep', message: p.message, hint: hints[p.code]() }));
    problems.push(...asPerfFindings(validateSizeRequest({ ...base, tp: 1 })).filter((f) => f.severity === 'error').map((f) => ({ path: f.path ?? '--model', message: formatFinding(f) })));
    if (problems.length) throw new InputError(problems);
    tp = 1;
  } else if (tp === undefined) {
    const problems = asPerfFindings(validateSizeRequest({ ...base, tp: 1 }).filter((f) => f.path !== '--tp'));
    if (hasErrors(problems)) throw findingsToInputError(problems);
    const min = findMinTensorParallel(base);
    if (!min) throw new InputError([{ path: '--gpu', message: `${model.id} with ${weights} weights and ${context} tokens of context does not fit up to 8 × ${gpu.id}` }]);
    tp = min.tp;
  } else {
    const problems = asPerfFindings(validateSizeRequest({ ...base, tp }));
    if (hasErrors(problems)) throw findingsToInputError(problems);
  }
  const load: Load =
    opts.requests !== undefined
      ? opts.rate !== undefined
        ? { kind: 'run', requests: opts.requests, requestsPerSecond: opts.rate }
        : { kind: 'burst', requests: opts.requests }
      : opts.concurrency !== undefined
        ? { kind: 'concurrency', concurrency: opts.concurrency }
        : { kind: 'rate', requestsPerSecond: opts.rate! };
  return { model, gpu, engine, calibration, weights, isl, osl, context, base, tp, load };
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
  return out;
}

export async function computePerf(opts: PerfQuery, ctx: RunContext): Promise<PerfOutcome> {
  const { model, gpu, engine, calibration, weights, isl, osl, context, base, tp, load } = await resolvePerf(opts, ctx);
  const ep = opts.ep ?? 1;
  const request: PerfRequest = { model, gpu, engine, tp, weights, kvDtype: opts.kvDtype, isl, osl, load, memoryFraction: opts.memoryFraction, ...(ep > 1 ? { ep } : {}) };
  const limits = limitsFor(request);
  const where = ep > 1 ? `each GPU of DEP${ep} (all non-expert weights and 1/${ep} of the experts on ${gpu.id})` : `${tp} × ${gpu.id}`;
  // fp8 KV is suggested only where the KV cache is not fp8 already.
  const fp8Kv = opts.kvDtype === 'fp8' ? '' : ' or fp8 KV';
  if (limits.kvCapacitySequences < 1) throw new InputError([{ path: ep > 1 ? '--ep' : '--tp', message: `one sequence of ${context} tokens does not fit in the KV cache of ${where}; try ${ep > 1 ? 'a larger --ep' : 'a larger --tp'}${fp8Kv}` }]);
  const fitting = limits.kvCapacitySequences * ep;
  if (opts.concurrency !== undefined && opts.concurrency > fitting) {
    throw new InputError([
      {
        path: '--concurrency',
        message: `${opts.concurrency} sequences of ${context} tokens do not fit in the KV cache of ${where} (${engine.id}); the largest concurrency that fits is ${fitting}`,
        hint: opts.kvDtype === 'fp8' ? `lower --concurrency or raise ${ep > 1 ? '--ep' : '--tp'}` : `lower --concurrency, raise ${ep > 1 ? '--ep' : '--tp'}, or use --kv-dtype fp8`,
      },
    ]);
  }
  let answer: PerfAnswer;
  try {
    answer = predictPerf(request, calibration.efficiency, calibration, limits);
  } catch (e) {
    if (e instanceof PerfInputError) throw new InputError([{ path: '--gpu', message: e.message }]);
    throw e;
  }
  if (answer.prediction.saturated) {
    throw new InputError([
      {
        path: '--rate',
        message: `${opts.rate} requests/s exceeds what ${ep > 1 ? `DEP${ep} on ${ep} × ${gpu.id}` : `${tp} × ${gpu.id}`} serves at ${isl}/${osl} tokens: at most ${answer.prediction.maxRequestsPerSecond.toFixed(2)} requests/s`,
        hint: 'use `llmplan plan` to size replicas for a rate, or add --requests N for a finite run at it',
      },
    ]);
  }
  const notes = validateSizeRequest({ ...base, tp }).filter((f) => f.severity !== 'error').map(formatFinding);
  if (gpu.matmulCeiling.basis === 'assumed') notes.push(`${gpu.id} has no measured matmul ceiling in the catalog: compute assumed to sustain ${(gpu.matmulCeiling.fraction * 100).toFixed(1)}% of the dense peak (median of the measured NVIDIA GPUs; measuredMatmulTflops)`);
  if (peakFlops(gpu, weights)?.precision === 'fp4' && gpu.fp4MatmulCeiling === null) notes.push(`${gpu.id} has no measured FP4 matmul ceiling in the catalog: FP4 matmuls assumed to sustain the BF16 share of their peak (${(gpu.matmulCeiling.fraction * 100).toFixed(1)}%), more than FP4 sustains where it was measured (measuredFp4MatmulTflops)`);
  if (ep > 1) {
    // Issue 15: DEP is trusted once its rows miss no more than MoE rows do; until then every DEP answer says so.
    const dep = calibration.bands['throughput:dep'];
    const moe = calibration.bands['throughput:moe'];
    if (!dep) notes.push('experimental: this calibration has no DEP rows, so the DEP prediction is unchecked');
    else if (moe && dep.medianApe > moe.medianApe) notes.push(`experimental: DEP throughput misses its ${dep.n} published rows by a median ${(dep.medianApe * 100).toFixed(0)}% out of sample, outside the MoE band (${(moe.medianApe * 100).toFixed(0)}%)${depSides(calibration.bands, weights)}; the expert-load imbalance between GPUs is one measurement (DeepSeek-R1 on 32 GPUs) scaled to this model and N`);
  }
  const meta: PerfMeta = { ...request, calibration, calibrationPath: opts.calibration, notes };
  return { answer, meta };
}

/**
 * The DEP error on this answer's side and the other: rows whose experts are MXFP4 (gpt-oss, too fast tensor-parallel
 * as well) and rows in other formats. Empty when the calibration does not split them.
 */
function depSides(bands: CalibrationFile['bands'], weights: WeightFormat): string {
  const mx = bands[depFormatKey('throughput', 'mxfp4')];
  const other = bands[depFormatKey('throughput', 'other')];
  if (!mx || !other) return '';
  const pct = (b: { medianApe: number }) => `${(b.medianApe * 100).toFixed(0)}%`;
  const mxText = `${pct(mx)} on the ${mx.n} with MXFP4 experts (gpt-oss, too fast tensor-parallel as well)`;
  const otherText = `${pct(other)} on the ${other.n} with experts in other formats`;
  return weights === 'mxfp4' ? `: ${mxText}, as here; ${otherText}` : `: ${otherText}, as here; ${mxText}`;
}
