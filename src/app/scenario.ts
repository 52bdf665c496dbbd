// Load a scenario file for a command: a regular file within the size limit, ids checked against the catalogs.
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/load.ts';
import { growthProblem } from '../core/bounds.ts';
import { InputError } from '../errors.ts';
import { readInputFile } from '../io/read.ts';
import type { Scenario } from '../scenario/types.ts';
import type { RunContext } from './context.ts';

export async function openScenario(ctx: RunContext, path: string | undefined, catalog: Catalog): Promise<Scenario> {
  if (!path) throw new InputError([{ path: '--scenario', message: 'a scenario file is required', hint: 'e.g. --scenario scenarios/chatbot.yaml' }]);
  const text = readInputFile(resolve(ctx.cwd, path), 'scenarioBytes', path);
  const { loadScenario } = await import('../scenario/load.ts');
  return loadScenario(text, path, { knownModelIds: catalog.models.map((m) => m.id), knownGpuIds: catalog.gpus.map((g) => g.id), knownRegionIds: await knownRegionIds(catalog) });
}

/** Region ids of the cloud offers the catalogs (bundled and the user's) know. */
export async function knownRegionIds(catalog: Catalog): Promise<string[]> {
  const { loadPriceCatalogs } = await import('../catalog/prices.ts');
  return [...new Set((await loadPriceCatalogs(catalog.dirs, catalog.gpus.map((g) => g.id))).offers.map((o) => o.region))];
}

/** `--horizon-months` can lengthen the scenario's horizon: its compound growth must stay within the limit too. */
export function checkHorizonFlag(s: Scenario, horizonMonths: number | undefined): void {
  const problem = horizonMonths === undefined ? null : growthProblem(s.horizon.monthlyGrowthRate, horizonMonths);
  if (problem) throw new InputError([{ path: '--horizon-months', message: `with the scenario's horizon.monthlyGrowthRate, ${problem}` }]);
}
