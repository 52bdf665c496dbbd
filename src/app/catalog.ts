// The application layer's catalog access: load the catalogs the user's flags and environment point at, and resolve ids.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { toModel } from '../catalog/convert.ts';
import { loadCatalog, catalogDirs, resolveById, type Catalog } from '../catalog/load.ts';
import { InputError } from '../errors.ts';
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

/**
 * `--model` as a catalog id or alias, or as a path to a Hugging Face config.json (a value ending in .json), imported
 * on the fly as `catalog import --hf-config` would; what the import could not read or assumed goes to stderr.
 */
export async function findModelOrConfig(ctx: RunContext, c: Catalog, query: string, flag = '--model'): Promise<Model> {
  if (!/\.json$/i.test(query)) return findModel(c, query, flag);
  const path = resolve(ctx.cwd, query);
  if (!existsSync(path)) throw new InputError([{ path: flag, message: `no file ${query}`, hint: 'a value ending in .json is read as a Hugging Face config.json' }]);
  const { readHfConfig } = await import('./import-model.ts');
  const { entry, notes } = readHfConfig(path, { readOn: new Date().toISOString().slice(0, 10), flag, fallbackId: 'imported-model' });
  const warn = notes.filter((n) => n.code === 'NOT_REPRESENTABLE' || n.code === 'ASSUMED' || n.code === 'IGNORED');
  ctx.stderr.write(`note: ${flag} ${query}: imported from config.json as "${entry.id}"${warn.length ? '; it could not read or represent, or assumed:' : ''}\n`);
  for (const n of warn) ctx.stderr.write(`  ${n.key}: ${n.text}\n`);
  return toModel(entry);
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
