// `tco`: the scenario's capacity plans priced as hosted API, cloud GPUs and on-prem over the horizon, with dated
// prices loaded once (catalogs/*.yaml, @pydantic/genai-prices) and handed to the pure core (core/cost/tco.ts).
import type { Catalog } from '../catalog/load.ts';
import type { OptionPlan } from '../core/capacity/scenario.ts';
import type { CapacityPlan } from '../core/capacity/types.ts';
import type { KvDtype, WeightFormat } from '../core/memory/precision.ts';
import { computeTco, type TcoInput, type TcoResult } from '../core/cost/tco.ts';
import { InputError } from '../errors.ts';
import type { Scenario } from '../scenario/types.ts';
import { parseAsOf } from './as-of.ts';
import type { RunContext } from './context.ts';
import { computePlans } from './plan.ts';
import { loadScenarioPrices, type ScenarioPrices, type YourPrice } from './prices.ts';

export { loadScenarioPrices, onpremInputs, type ScenarioPrices } from './prices.ts';
import { checkHorizonFlag } from './scenario.ts';

export interface TcoQuery {
  scenario?: string;
  horizonMonths?: number;
  asOf?: string;
  maxPriceAgeDays: number;
  /** --facility; absent: the scenario's pricing.facility, else 'own'. */
  facility?: 'own' | 'colo';
  catalogDir?: string[];
  gpu?: string;
  engine?: string;
  weights?: WeightFormat;
  kvDtype?: KvDtype;
  calibration?: string;
}

export interface TcoOutcome {
  scenario: Scenario;
  catalog: Catalog;
  result: TcoResult & { yours: YourPrice[] };
  /** The capacity plans priced (reports draw the memory and the week of replicas from them). */
  plans: OptionPlan[];
}

export async function computeTcoForScenario(q: TcoQuery, ctx: RunContext): Promise<TcoOutcome> {
  if (!q.scenario) throw new InputError([{ path: '--scenario', message: 'a scenario file is required', hint: 'e.g. --scenario scenarios/chatbot.yaml' }]);
  const asOf = parseAsOf(q.asOf);
  const r = await computePlans(
    { scenario: q.scenario, gpu: q.gpu, engine: q.engine ?? 'vllm', weights: q.weights, kvDtype: q.kvDtype ?? 'bf16', calibration: q.calibration, catalogDir: q.catalogDir },
    ctx,
  );
  checkHorizonFlag(r.scenario, q.horizonMonths);
  // Options that cannot run at all (a format the GPU lacks) are not priced; infeasible plans are shown as excluded.
  const plans = r.plans.filter((p) => !p.skipped).map((p) => p.plan);
  const result = await priceScenario(q, ctx, r.scenario, plans, r.catalog, asOf);
  return { scenario: r.scenario, catalog: r.catalog, result, plans: r.plans.filter((p) => !p.skipped) };
}

export interface TcoSettings {
  horizonMonths?: number;
  maxPriceAgeDays: number;
  facility?: 'own' | 'colo';
}

/** The pure core's input: the scenario's workload, budget, horizon and constraints, the plans and the prices. */
export function tcoInput(scenario: Scenario, plans: CapacityPlan[], prices: ScenarioPrices, asOf: string, s: TcoSettings): TcoInput {
  return {
    scenario: {
      name: scenario.name, kind: scenario.kind, workload: { ...scenario.workload, oneTimeInputTokens: scenario.workload.embedding?.corpusTokens ?? 0 }, budget: scenario.budget,
      horizon: { months: s.horizonMonths ?? scenario.horizon.months, monthlyGrowthRate: scenario.horizon.monthlyGrowthRate }, constraints: scenario.constraints,
      availability: scenario.targets.availability,
    },
    plans, apiPrices: prices.apiPrices, offers: prices.offers, onprem: prices.onprem, asOf, maxPriceAgeDays: s.maxPriceAgeDays, facility: s.facility ?? scenario.pricing.facility ?? 'own',
  };
}

/** Everything after planning; tests drive it with factory plans. */
export async function priceScenario(q: TcoSettings, ctx: RunContext, scenario: Scenario, plans: CapacityPlan[], catalog: Catalog, asOf: string): Promise<TcoResult & { yours: YourPrice[] }> {
  const prices = await loadScenarioPrices(ctx, scenario, catalog, asOf);
  return { ...computeTco(tcoInput(scenario, plans, prices, asOf, q)), yours: prices.yours };
}

