// Test factories and helpers: the real catalogs, and run() with captured streams.
import { loadCatalog, BUILTIN_CATALOG_DIR, resolveById, type Catalog } from '../src/catalog/load.ts';
import { run } from '../src/cli/main.ts';
import type { EngineMemoryProfile } from '../src/core/memory/engine-memory.ts';
import type { Gpu, Model } from '../src/core/types.ts';

const CATALOG: Catalog = await loadCatalog([BUILTIN_CATALOG_DIR]);
export function catalog(): Catalog {
  return CATALOG;
}
export const model = (id: string): Model => resolveById(catalog().models, id, 'model');
export const gpu = (id: string): Gpu => resolveById(catalog().gpus, id, 'GPU');
export const engine = (id: string): EngineMemoryProfile => catalog().engines.find((e) => e.id === id)!;

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], env: Record<string, string | undefined> = {}, cwd = process.cwd()): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await run({
    argv: args,
    env: { NO_COLOR: '1', ...env },
    cwd,
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}
