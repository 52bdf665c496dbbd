// `size`: the memory plan of a model on one GPU (at a TP, or the smallest that fits) or on every catalog GPU.
import { formatFinding } from '../core/finding-text.ts';
import { hasErrors } from '../core/findings.ts';
import { DEFAULT_CONTEXT_TOKENS, defaultContextTokens } from '../core/memory/default-context.ts';
import type { EngineMemoryProfile } from '../core/memory/engine-memory.ts';
import type { KvDtype, WeightFormat } from '../core/memory/precision.ts';
import { findFitOptions, largestValidTensorParallel, type FitOption } from '../core/memory/fit-options.ts';
import { findMinTensorParallel, sizeDeployment, validateSizeRequest, TP_CANDIDATES, type SizeRequest, type SizeResult } from '../core/memory/sizing.ts';
import type { Gpu, Model } from '../core/types.ts';
import { InputError } from '../errors.ts';
import { defaultWeightFormat, findEngine, findGpu, findModelOrConfig, openCatalog } from './catalog.ts';
import type { RunContext } from './context.ts';
import { findingsToInputError } from './findings.ts';

export interface SizeQuery {
  model?: string;
  gpu?: string;
  tp?: number;
  weights?: WeightFormat;
  kvDtype: KvDtype;
  /** Tokens per sequence; absent → the default, or the model's maximum when smaller. */
  context?: number;
  engine: string;
  memoryFraction?: number;
  /** Engine cap on concurrent sequences (vLLM --max-num-seqs); sizes the sampler's profiling pass. */
  maxNumSeqs?: number;
  catalogDir?: string[];
}

export interface SizeRow {
  gpu: Gpu;
  result: SizeResult | null;
  minTensorParallel: number | null;
  unsupported?: string;
  /**
   * Single settings with which it fits where it does not as asked: at the --tp given, at the fewest GPUs when more
   * are needed, or at the largest TP tried when nothing fits. Empty when it fits as asked.
   */
  fitOptions: FitOption[];
}

export interface SizeOutcome {
  model: Model;
  engine: EngineMemoryProfile;
  /** One GPU asked for (`--gpu`), or every catalog GPU. */
  single: boolean;
  rows: SizeRow[];
  base: Omit<SizeRequest, 'gpu' | 'tp'>;
}

export async function computeSize(q: SizeQuery, ctx: RunContext): Promise<SizeOutcome> {
  if (!q.model) throw new InputError([{ path: '--model', message: 'a model is required', hint: 'e.g. --model llama-3.1-8b; see `llmplan catalog models`' }]);
  const catalog = await openCatalog(ctx, q.catalogDir);
  const model = await findModelOrConfig(ctx, catalog, q.model);
  const gpu = q.gpu ? findGpu(catalog, q.gpu) : undefined;
  const engine = findEngine(catalog, q.engine);
  const weights = q.weights ?? defaultWeightFormat(model);
  const contextTokens = q.context ?? defaultContextTokens(model.architecture.maxPositionEmbeddings);
  if (q.context === undefined && contextTokens < DEFAULT_CONTEXT_TOKENS) {
    ctx.stderr.write(`note: --context not given: planning ${contextTokens.toLocaleString('en-US')} tokens, ${model.id}'s maximum (the default is ${DEFAULT_CONTEXT_TOKENS.toLocaleString('en-US')})\n`);
  }
  const base = { model, engine, weights, kvDtype: q.kvDtype, contextTokens, memoryFraction: q.memoryFraction, maxNumSeqs: q.maxNumSeqs };

  if (gpu) {
    const min = findMinTensorParallel({ ...base, gpu });
    let result: SizeResult;
    // The TP the "fits with" options are for: the one asked, the fewest GPUs, or the largest tried.
    let askedTp: number;
    if (q.tp !== undefined) {
      const req: SizeRequest = { ...base, gpu, tp: q.tp };
      const problems = validateSizeRequest(req);
      if (hasErrors(problems)) throw findingsToInputError(problems);
      result = sizeDeployment(req);
      askedTp = q.tp;
    } else if (min) {
      result = min.result;
      askedTp = TP_CANDIDATES.find((tp) => !hasErrors(validateSizeRequest({ ...base, gpu, tp }))) ?? min.tp;
    } else {
      // Nothing fits up to TP 8: show TP 8 (or the largest valid TP) so the user sees by how much.
      const fallback = largestValidTensorParallel({ ...base, gpu });
      if (fallback === null) throw findingsToInputError(validateSizeRequest({ ...base, gpu, tp: 1 }));
      result = sizeDeployment({ ...base, gpu, tp: fallback });
      askedTp = fallback;
    }
    const fitOptions = findFitOptions({ ...base, gpu, tp: askedTp });
    return { model, engine, single: true, base, rows: [{ gpu, result, minTensorParallel: min?.tp ?? null, fitOptions }] };
  }

  // Every GPU: a format the GPU cannot run is a row saying so, not an error.
  const rows: SizeRow[] = catalog.gpus.map((g: Gpu) => {
    const formatErrors = validateSizeRequest({ ...base, gpu: g, tp: 1 }).filter((f) => f.severity === 'error' && f.path !== '--tp');
    if (formatErrors.some((f) => f.path === '--context')) throw findingsToInputError(formatErrors);
    if (formatErrors.length) return { gpu: g, result: null, minTensorParallel: null, unsupported: formatErrors.map(formatFinding).join('; '), fitOptions: [] };
    const min = findMinTensorParallel({ ...base, gpu: g });
    // Where nothing fits up to TP 8, the settings with which it would at the largest TP tried.
    const largestTp = min ? null : largestValidTensorParallel({ ...base, gpu: g });
    const fitOptions = largestTp === null ? [] : findFitOptions({ ...base, gpu: g, tp: largestTp });
    return { gpu: g, result: min?.result ?? null, minTensorParallel: min?.tp ?? null, fitOptions };
  });
  return { model, engine, single: false, base, rows };
}
