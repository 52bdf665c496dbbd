// `recommend`: load the scenario (or build one from flags), catalogs, calibration and dated prices once, run the
// search (core/search), and add what a person acts on: levers, the launch, the error band, the oldest price used.
import type { Catalog } from '../catalog/load.ts';
import type { CalibrationFile } from '../calibration/file.ts';
import { leversFor } from '../core/search/levers.ts';
import { launchFor } from '../core/search/launch.ts';
import { searchDeployments } from '../core/search/search.ts';
import { planningLengths } from '../core/search/space.ts';
import type { Candidate, Launch, Lever, SearchInput, SearchResult } from '../core/search/types.ts';
import { bandFor, tierOf, type Band, type Tier } from '../core/perf/prediction.ts';
import { servingLimits } from '../core/perf/calibration.ts';
import { ageDays } from '../core/cost/options.ts';
import { InputError, type InputProblem } from '../errors.ts';
import type { Scenario } from '../scenario/types.ts';
import { parseAsOf } from './as-of.ts';
import { loadCalibrationFor } from './calibration.ts';
import { findModel, findModelOrConfig, openCatalog } from './catalog.ts';
import type { RunContext } from './context.ts';
import { checkHorizonFlag, knownRegionIds, openScenario } from './scenario.ts';
import { loadScenarioPrices, tcoInput } from './tco.ts';

export interface OneShotQuery {
  model?: string;
  rate?: number;
  isl?: number;
  osl?: number;
  ttftP95?: number;
  tpotP95?: number;
  e2eP95?: number;
  availability?: number;
  budgetMonthly?: number;
  region?: string[];
  gpu?: string[];
  horizonMonths?: number;
}

export interface RecommendQuery extends OneShotQuery {
  scenario?: string;
  top: number;
  asOf?: string;
  maxPriceAgeDays: number;
  facility?: 'own' | 'colo';
  calibration?: string;
  catalogDir?: string[];
  compareDisagg?: boolean;
}

export interface PredictionBands {
  tier: Tier;
  ttftSeconds: Band;
  tpotSeconds: Band;
  e2eSeconds: Band;
}

export interface RecommendOutcome {
  scenario: Scenario;
  asOf: string;
  horizonMonths: number;
  result: SearchResult;
  levers: Lever[];
  launch: Launch | null;
  bands: PredictionBands | null;
  oldestPrice: { readOn: string; ageDays: number; what: string } | null;
  calibrationFittedOn: string;
}

const ONE_SHOT_FLAGS = ['model', 'rate', 'isl', 'osl', 'ttftP95', 'tpotP95', 'e2eP95', 'availability', 'budgetMonthly', 'region', 'gpu', 'horizonMonths'] as const;
const flagName = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/p95$/, '-p95')}`;

/** A flat-traffic scenario from flags, as YAML: the file a user can refine and run again (`--print-scenario`). */
export function oneShotScenarioYaml(q: OneShotQuery, catalog: Catalog): string {
  const problems: InputProblem[] = [];
  if (!q.model) problems.push({ path: '--model', message: 'a model is required (or --scenario <file>)' });
  if (q.rate === undefined) problems.push({ path: '--rate', message: 'requests per second are required' });
  if (q.isl === undefined) problems.push({ path: '--isl', message: 'input tokens per request are required' });
  if (q.osl === undefined) problems.push({ path: '--osl', message: 'output tokens per request are required' });
  if (problems.length) throw new InputError(problems);
  const model = findModel(catalog, q.model!);
  const lines = [
    '# yaml-language-server: $schema=../schemas/scenario.schema.json',
    'schemaVersion: 1',
    `# built by: llmplan recommend ${ONE_SHOT_FLAGS.filter((k) => q[k] !== undefined).map((k) => `${flagName(k)} ${Array.isArray(q[k]) ? (q[k] as string[]).join(',') : q[k]}`).join(' ')}`,
    `name: ${model.id}-at-${q.rate}-rps`,
    `description: ${model.id} at a flat ${q.rate} requests/s, ${q.isl} input and ${q.osl} output tokens per request.`,
    `kind: ${model.kind === 'embedding' ? 'embedding' : 'interactive'}`,
    'timezone: UTC',
    `models: [${model.id}]`,
    'workload:',
    `  meanRequestsPerSecond: ${q.rate}          # flat: every hour of the week the same`,
    `  peakRequestsPerSecond: ${q.rate}`,
    `  inputTokensMean: ${q.isl}`,
    `  outputTokensMean: ${model.kind === 'embedding' ? 0 : q.osl}`,
    'targets:',
    ...(q.ttftP95 !== undefined ? [`  ttftP95Seconds: ${q.ttftP95}`] : []),
    ...(q.tpotP95 !== undefined ? [`  tpotP95Seconds: ${q.tpotP95}`] : []),
    ...(q.e2eP95 !== undefined ? [`  e2eP95Seconds: ${q.e2eP95}`] : []),
    ...(q.availability !== undefined ? [`  availability: ${q.availability}`] : []),
    'constraints:',
    `  regions: [${(q.region ?? []).join(', ')}]`,
    `  allowedGpus: [${(q.gpu ?? []).join(', ')}]`,
    ...(q.budgetMonthly !== undefined ? ['budget:', `  monthlyUsd: ${q.budgetMonthly}`] : []),
    'horizon:',
    `  months: ${q.horizonMonths ?? 36}`,
    '',
  ];
  if (!lines.some((l) => /^ {2}\w+P95Seconds|^ {2}availability/.test(l))) lines.splice(lines.indexOf('targets:'), 1, 'targets: {}');
  return lines.join('\n');
}

export async function loadRecommendInputs(q: RecommendQuery, ctx: RunContext): Promise<{ catalog: Catalog; scenario: Scenario; yaml: string | null }> {
  const catalog = await openCatalog(ctx, q.catalogDir);
  const oneShot = ONE_SHOT_FLAGS.filter((k) => q[k] !== undefined && k !== 'horizonMonths');
  if (q.scenario && oneShot.length) {
    throw new InputError([{ path: flagName(oneShot[0]!), message: `${oneShot.map(flagName).join(', ')} describe a scenario without a file; give either --scenario or these flags` }]);
  }
  if (q.scenario) return { catalog, scenario: await openScenario(ctx, q.scenario, catalog), yaml: null };
  if (!oneShot.length) throw new InputError([{ path: '--scenario', message: 'a scenario file, or --model with --rate, --isl and --osl, is required', hint: 'e.g. --scenario scenarios/chatbot.yaml' }]);
  // --model path/to/config.json: the model is imported for this run (catalog import --hf-config makes it lasting).
  if (q.model && /\.json$/i.test(q.model)) {
    const imported = await findModelOrConfig(ctx, catalog, q.model);
    const withModel: Catalog = { ...catalog, models: [...catalog.models.filter((m) => m.id !== imported.id), imported] };
    return loadOneShot({ ...q, model: imported.id }, withModel);
  }
  return loadOneShot(q, catalog);
}

async function loadOneShot(q: RecommendQuery, catalog: Catalog): Promise<{ catalog: Catalog; scenario: Scenario; yaml: string }> {
  const yaml = oneShotScenarioYaml(q, catalog);
  const { loadScenario } = await import('../scenario/load.ts');
  const scenario = await loadScenario(yaml, '(flags)', { knownModelIds: catalog.models.map((m) => m.id), knownGpuIds: catalog.gpus.map((g) => g.id), knownRegionIds: await knownRegionIds(catalog) });
  return { catalog, scenario, yaml };
}

export async function computeRecommendation(q: RecommendQuery, ctx: RunContext): Promise<RecommendOutcome & { catalog: Catalog; calibration: CalibrationFile; input: SearchInput; tcoInput: SearchInput['tco'] }> {
  const asOf = parseAsOf(q.asOf);
  const { catalog, scenario } = await loadRecommendInputs(q, ctx);
  checkHorizonFlag(scenario, q.horizonMonths);
  const calibration = loadCalibrationFor(q.calibration, ctx);
  const prices = await loadScenarioPrices(ctx, scenario, catalog, asOf);
  const horizonMonths = q.horizonMonths ?? scenario.horizon.months;
  const tco = tcoInput(scenario, [], prices, asOf, { horizonMonths, maxPriceAgeDays: q.maxPriceAgeDays, facility: q.facility });
  const input: SearchInput = {
    planning: scenario,
    tco,
    models: scenario.models.map((id) => catalog.models.find((m) => m.id === id)!),
    // Every GPU: the search itself rejects those outside constraints.allowedGpus (GPU_NOT_ALLOWED).
    gpus: catalog.gpus,
    engines: catalog.engines,
    efficiency: calibration.efficiency,
    top: q.top,
    ...(q.compareDisagg ? { compareDisagg: true } : {}),
  };
  const result = searchDeployments(input);
  const chosen = result.recommendation ?? result.closest?.candidate ?? null;
  // The levers re-plan an aggregated replica; they do not apply to a disaggregated winner.
  const levers = chosen?.disaggregated ? [] : leversFor(input, result);
  const launch = chosen ? launchFor(chosen, launchSettings(chosen, scenario, catalog, result)) : null;
  return {
    scenario, asOf, horizonMonths, result, levers, launch, catalog, calibration, input, tcoInput: tco,
    bands: chosen ? bandsOf(chosen, calibration, catalog) : null,
    oldestPrice: chosen?.oldestPrice ? { ...chosen.oldestPrice, ageDays: ageDays(chosen.oldestPrice.readOn, asOf)! } : null,
    calibrationFittedOn: calibration.fittedOn,
  };
}

function launchSettings(c: Candidate, s: Scenario, catalog: Catalog, r: SearchResult) {
  if (!c.serving) return null;
  const sv = c.serving;
  const model = catalog.models.find((m) => m.id === sv.modelId)!;
  const gpu = catalog.gpus.find((g) => g.id === sv.gpuId)!;
  const engine = catalog.engines.find((e) => e.id === sv.engine)!;
  const len = planningLengths(s);
  const limits = servingLimits({ model, gpu, tp: sv.tensorParallel, weights: sv.weights, kvDtype: sv.kvDtype, engine: sv.engine as 'vllm', isl: len.inputP95, osl: len.outputP95 }, engine);
  const plan = r.evaluated.find((e) => e.serving.modelId === sv.modelId && e.serving.gpuId === sv.gpuId && e.serving.weights === sv.weights && e.serving.kvDtype === sv.kvDtype && e.serving.engine === sv.engine)?.plan;
  return {
    model, engine,
    maxModelLenTokens: Math.min(len.inputP95 + len.outputP95, model.architecture.maxPositionEmbeddings),
    maxConcurrentSequences: Math.min(limits.kvCapacitySequences, limits.maxBatchSequences),
    prefixCaching: s.workload.systemPromptTokens > 0 && s.workload.prefixCacheHitRate > 0,
    replicaRequestsPerSecond: plan?.replicaCapacityRequestsPerSecond ?? 0,
    inputTokensMean: len.inputMean,
    outputTokensMean: len.outputMean,
  };
}

function bandsOf(c: Candidate, cal: CalibrationFile, catalog: Catalog): PredictionBands | null {
  if (!c.serving || !c.predicted) return null;
  const model = catalog.models.find((m) => m.id === c.serving!.modelId);
  // No disaggregated measurement is calibrated: a disaggregated candidate's bands are extrapolated.
  const tier = c.disaggregated ? 'extrapolated' : tierOf(cal, c.serving.gpuId, c.serving.engine as 'vllm');
  const moe = model?.architecture.moe != null;
  return {
    tier,
    ttftSeconds: bandFor(cal, 'ttft', c.predicted.ttftSeconds, tier, moe, c.serving.weights),
    tpotSeconds: bandFor(cal, 'tpot', c.predicted.tpotSeconds, tier, moe, c.serving.weights),
    e2eSeconds: bandFor(cal, 'tpot', c.predicted.e2eSeconds, tier, moe, c.serving.weights),
  };
}
