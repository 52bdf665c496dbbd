// A scenario → one capacity plan per (model, GPU) option. Pure: the catalog and calibration come in as data.
import { infeasible, perfTargetAt, planOption, type PlanDetail, type PlanInput } from './replicas.ts';
import { planDisagg, type DisaggPlan } from './disagg-plan.ts';
import type { EfficiencyTable } from '../perf/calibration.ts';
import type { EngineMemoryProfile } from '../memory/engine-memory.ts';
import { perfConstants, stepTime } from '../perf/step.ts';
import type { KvDtype, WeightFormat } from '../memory/precision.ts';
import { checkFormatOnGpu } from '../memory/sizing.ts';
import { hasErrors } from '../findings.ts';
import type { Gpu, Model } from '../types.ts';

/** What planning reads of a scenario; src/scenario's resolved `Scenario` fits it (core does not import the loader). */
export interface PlanningScenario {
  kind: 'interactive' | 'batch' | 'embedding';
  workload: {
    hourlyRequestsPerSecond: number[];
    peakRequestsPerSecond: number;
    inputTokensMean: number;
    outputTokensMean: number;
    inputTokensP95: number | null;
    outputTokensP95: number | null;
    batch: { requiredRequestsPerSecond: number } | null;
    embedding: { corpusDocuments: number; tokensPerDocument: number; corpusTokens: number; corpusPassHours: number } | null;
  };
  targets: { ttftP95Seconds: number | null; tpotP95Seconds: number | null; e2eP95Seconds: number | null; availability: number | null };
}

export interface ScenarioPlanOptions {
  models: Model[];
  gpus: Gpu[];
  engine: EngineMemoryProfile;
  efficiency: EfficiencyTable;
  weights?: WeightFormat;
  kvDtype?: KvDtype;
  memoryFraction?: number;
  /** Also plan a disaggregated prefill/decode deployment of each option (`plan --compare-disagg`). */
  compareDisagg?: boolean;
}

export interface OptionPlan extends PlanDetail {
  model: Model;
  gpu: Gpu;
  /** The option was not evaluated: the GPU cannot run the format, or the model kind does not suit the work. */
  skipped: string | null;
  /** With compareDisagg: the disaggregated alternative on the same GPU (null when skipped or for embeddings). */
  disagg?: DisaggPlan | null;
}

export function defaultWeights(m: Model): WeightFormat {
  return m.releasedWeights === 'fp32' ? 'bf16' : m.releasedWeights;
}

/** What one (model, GPU) option of a scenario is planned from: its workload, targets and how it is served. */
export function planInputOf(s: PlanningScenario, o: Pick<ScenarioPlanOptions, 'engine' | 'efficiency' | 'memoryFraction'>, model: Model, gpu: Gpu, weights: WeightFormat, kvDtype: KvDtype): PlanInput {
  const w = s.workload;
  const embedding = s.kind === 'embedding';
  return {
    model,
    gpu,
    engine: o.engine,
    weights,
    kvDtype,
    efficiency: o.efficiency,
    memoryFraction: o.memoryFraction,
    hourlyRequestsPerSecond: w.hourlyRequestsPerSecond,
    peakRequestsPerSecond: s.kind === 'batch' && w.batch ? w.batch.requiredRequestsPerSecond : w.peakRequestsPerSecond,
    lengths: {
      inputMean: Math.max(1, Math.round(w.inputTokensMean)),
      outputMean: embedding ? 1 : Math.max(1, Math.round(w.outputTokensMean)),
      inputP95: Math.max(1, Math.round(w.inputTokensP95 ?? w.inputTokensMean)),
      outputP95: embedding ? 1 : Math.max(1, Math.round(w.outputTokensP95 ?? w.outputTokensMean)),
    },
    targets: s.targets,
    availability: s.kind === 'batch' ? null : s.targets.availability,
    alwaysOn: s.kind !== 'batch',
    scaleAhead: s.kind !== 'batch',
    throughputOnly: s.kind === 'batch',
  };
}

export function planScenario(s: PlanningScenario, o: ScenarioPlanOptions): OptionPlan[] {
  const w = s.workload;
  const embedding = s.kind === 'embedding';
  const out: OptionPlan[] = [];
  for (const model of o.models) {
    for (const gpu of o.gpus) {
      const weights = o.weights ?? defaultWeights(model);
      const kvDtype = o.kvDtype ?? 'bf16';
      const formatProblems = checkFormatOnGpu(weights, kvDtype, gpu);
      if (hasErrors(formatProblems)) {
        const reason = `${weights} weights do not run on ${gpu.id}`;
        out.push({ model, gpu, skipped: reason, plan: infeasible({ model, gpu, engine: o.engine, weights, kvDtype }, 1, 'memory', reason), capacity: null, scaleAheadReplicaHours: 0, ...(o.compareDisagg ? { disagg: null } : {}) });
        continue;
      }
      const input = planInputOf(s, o, model, gpu, weights, kvDtype);
      const detail = planOption(input);
      // An embedding request is a prefill and one pooled vector: it generates no output tokens.
      if (embedding) detail.plan.outputTokensPerMonth = 0;
      if (embedding && w.embedding && detail.plan.feasible) addCorpusPass(detail, s, input);
      // An embedding request has no decode phase to disaggregate.
      const disagg = o.compareDisagg ? { disagg: embedding ? null : planDisagg(input) } : {};
      out.push({ ...detail, model, gpu, skipped: null, ...disagg });
    }
  }
  return out;
}

/** An embedding corpus pass: prefill-only tokens at the replica's prefill rate, within the scenario's hours. */
function addCorpusPass(detail: PlanDetail, s: PlanningScenario, input: PlanInput): void {
  const e = s.workload.embedding!;
  const tp = detail.plan.tensorParallel;
  const target = perfTargetAt(input, tp);
  const k = perfConstants(target);
  const batchTokens = input.engine.profileTokensLargeGpu;
  const tokensPerSecond = batchTokens / stepTime(target, k, 0, 0, batchTokens, e.tokensPerDocument / 2).seconds;
  const replicaHours = e.corpusTokens / tokensPerSecond / 3600;
  const replicas = Math.max(1, Math.ceil(replicaHours / e.corpusPassHours));
  detail.plan.oneTimeGpuHours = replicas * tp * Math.max(replicaHours / replicas, 0);
  detail.plan.oneTimeNote = `corpus pass: ${e.corpusDocuments.toLocaleString('en-US')} documents × ${e.tokensPerDocument} tokens at ${Math.round(tokensPerSecond).toLocaleString('en-US')} tokens/s per replica: ${replicas} replica(s) for ${(replicaHours / replicas).toFixed(1)} h (limit ${e.corpusPassHours} h)`;
}
