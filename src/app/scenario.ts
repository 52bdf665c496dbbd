// Load a scenario file for a command: size limit before reading, ids checked against the catalogs.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/load.ts';
import { InputError } from '../errors.ts';
import { MAX_YAML_BYTES } from '../io/yaml.ts';
import type { Scenario } from '../scenario/types.ts';
import type { RunContext } from './context.ts';

export async function openScenario(ctx: RunContext, path: string | undefined, catalog: Catalog): Promise<Scenario> {
  if (!path) throw new InputError([{ path: '--scenario', message: 'a scenario file is required', hint: 'e.g. --scenario scenarios/chatbot.yaml' }]);
  const full = resolve(ctx.cwd, path);
  let size: number;
  try {
    size = statSync(full).size;
  } catch {
    throw new InputError([{ file: path, message: 'file not found' }]);
  }
  if (size > MAX_YAML_BYTES) throw new InputError([{ file: path, message: `file is ${(size / 1024 / 1024).toFixed(1)} MB; a scenario is at most ${MAX_YAML_BYTES / 1024 / 1024} MB` }]);
  const { loadScenario } = await import('../scenario/load.ts');
  return loadScenario(readFileSync(full, 'utf8'), path, { knownModelIds: catalog.models.map((m) => m.id), knownGpuIds: catalog.gpus.map((g) => g.id), knownRegionIds: await knownRegionIds(catalog) });
}

/** Region ids of the cloud offers the catalogs (bundled and the user's) know. */
export async function knownRegionIds(catalog: Catalog): Promise<string[]> {
  const { loadPriceCatalogs } = await import('../catalog/prices.ts');
  return [...new Set(loadPriceCatalogs(catalog.dirs, catalog.gpus.map((g) => g.id)).offers.map((o) => o.region))];
}
