// The application layer's catalog access: load the catalogs the user's flags and environment point at, and resolve ids.
import { loadCatalog, catalogDirs, resolveById, type Catalog } from '../catalog/load.ts';
import type { EngineMemoryProfile } from '../core/memory/engine-memory.ts';
import type { Gpu, Model } from '../core/types.ts';
import type { RunContext } from './context.ts';

export async function openCatalog(ctx: RunContext, flagDirs: string[] | undefined): Promise<Catalog> {
  const catalog = await loadCatalog(catalogDirs(ctx.env, ctx.cwd, flagDirs ?? []));
  if (catalog.overridden.length) ctx.stderr.write(`note: user catalog replaces ${catalog.overridden.map((x) => `"${x}"`).join(', ')}\n`);
  return catalog;
}

export function findModel(c: Catalog, id: string, flag = '--model'): Model {
  return resolveById(c.models, id, 'model', flag);
}

export function findGpu(c: Catalog, id: string, flag = '--gpu'): Gpu {
  return resolveById(c.gpus, id, 'GPU', flag);
}

export function findEngine(c: Catalog, id: string): EngineMemoryProfile {
  return resolveById(c.engines.map((e) => ({ ...e, aliases: [] as string[] })), id, 'engine', '--engine');
}

/** Released format when the user gave none: bf16 for fp32/fp16 checkpoints served in bf16, else as released. */
export function defaultWeightFormat(model: Model): 'bf16' | 'fp16' | 'fp8' | 'mxfp4' {
  return model.releasedWeights === 'fp32' ? 'bf16' : model.releasedWeights;
}
