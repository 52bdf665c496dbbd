// `plan`: the scenario, catalogs and calibration loaded once; one capacity plan per (model, GPU) option.
import { planScenario, type OptionPlan } from '../core/capacity/scenario.ts';
import type { KvDtype, WeightFormat } from '../core/memory/precision.ts';
import { loadCalibrationFor } from './calibration.ts';
import { findEngine, findGpu, openCatalog } from './catalog.ts';
import type { RunContext } from './context.ts';
import { openScenario } from './scenario.ts';

export interface PlanQuery {
  scenario?: string;
  gpu?: string;
  engine: string;
  weights?: WeightFormat;
  kvDtype: KvDtype;
  memoryFraction?: number;
  calibration?: string;
  catalogDir?: string[];
  compareDisagg?: boolean;
}

export async function computePlans(opts: PlanQuery, ctx: RunContext) {
  const catalog = await openCatalog(ctx, opts.catalogDir);
  const scenario = await openScenario(ctx, opts.scenario, catalog);
  const calibration = loadCalibrationFor(opts.calibration, ctx);
  const engine = findEngine(catalog, opts.engine);
  const gpus = opts.gpu
    ? [findGpu(catalog, opts.gpu)]
    : scenario.constraints.allowedGpus.length
      ? scenario.constraints.allowedGpus.map((id) => findGpu(catalog, id, 'constraints.allowedGpus'))
      : catalog.gpus;
  const models = scenario.models.map((id) => catalog.models.find((m) => m.id === id)!);
  const plans: OptionPlan[] = planScenario(scenario, { models, gpus, engine, efficiency: calibration.efficiency, weights: opts.weights, kvDtype: opts.kvDtype, memoryFraction: opts.memoryFraction, compareDisagg: opts.compareDisagg });
  return { catalog, scenario, calibration, engine, plans };
}

