// Load the bundled catalogs plus any user catalog directories, validate them, and index by id and alias.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { LIMITS, limitText } from '../core/bounds.ts';
import { candidatesFor, didYouMean } from '../core/did-you-mean.ts';
import type { EngineMemoryProfile } from '../core/memory/engine-memory.ts';
import type { Gpu, Model } from '../core/types.ts';
import { echo, InputError, type InputProblem } from '../errors.ts';
import { toEngine, toGpu, toModel } from './convert.ts';
import type { EngineEntry, GpuEntry, ModelEntry } from './schema.ts';

/** The package's own catalogs/: `../catalogs` from the bundle in dist/, `../../catalogs` from src/catalog/. */
export const PACKAGE_ROOT = [new URL('../', import.meta.url), new URL('../../', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(join(dir, 'catalogs', 'gpus.yaml')) && existsSync(join(dir, 'package.json'))) ?? fileURLToPath(new URL('../', import.meta.url));
export const BUILTIN_CATALOG_DIR = join(PACKAGE_ROOT, 'catalogs');
/** vLLM 0.9-0.10's memory profile, shipped beside the bundled catalogs for `--catalog-dir` (the bundled one is 0.19's). */
export const VLLM_09_CATALOG_DIR = join(BUILTIN_CATALOG_DIR, 'vllm-0.9');
/** vLLM 0.21 and later: the bundled profile plus the CUDA-graph estimate those releases reserve (`--catalog-dir`). */
export const VLLM_021_CATALOG_DIR = join(BUILTIN_CATALOG_DIR, 'vllm-0.21');
/**
 * The bundled catalogs, validated and compiled to JSON at build time (scripts/build.mjs): parsing 130 KB of
 * YAML and validating it with zod costs ~250 ms at every start (bench/run.mjs), JSON.parse ~2 ms.
 */
export const COMPILED_CATALOG = join(PACKAGE_ROOT, 'dist', 'catalog.json');

interface Entries {
  gpus: GpuEntry[];
  models: ModelEntry[];
  engines: EngineEntry[];
}

export interface Catalog {
  gpus: Gpu[];
  models: Model[];
  engines: EngineMemoryProfile[];
  gpuEntries: GpuEntry[];
  modelEntries: ModelEntry[];
  engineEntries: EngineEntry[];
  /** Directories read, built-in first. */
  dirs: string[];
  /** Ids a user directory replaced, for a note on stderr. */
  overridden: string[];
}

/**
 * Search path: the bundled `catalogs/`, then each directory of `LLMPLAN_CATALOG_PATH` (':'-separated), then each
 * `--catalog-dir`. A later entry with the same id replaces an earlier one; new ids are added.
 */
export function catalogDirs(env: Record<string, string | undefined>, cwd: string, flagDirs: readonly string[] = []): string[] {
  const fromEnv = (env.LLMPLAN_CATALOG_PATH ?? '').split(':').filter(Boolean);
  const problems: InputProblem[] = [];
  // A directory that is not there is a typo, not an empty catalog: every command would silently ignore it.
  const dir = (d: string, origin: string): string => {
    const full = resolve(cwd, d);
    let isDir: boolean | null = null;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      problems.push({ path: origin, message: `directory ${echo(d)} does not exist` });
    }
    if (isDir === false) problems.push({ path: origin, message: `${echo(d)} is not a directory`, hint: 'give the directory that holds gpus.yaml, models.yaml, …' });
    return full;
  };
  const dirs = [BUILTIN_CATALOG_DIR, ...fromEnv.map((d) => dir(d, 'LLMPLAN_CATALOG_PATH')), ...flagDirs.map((d) => dir(d, '--catalog-dir'))];
  if (problems.length) throw new InputError(problems);
  return dirs;
}

type YamlModules = {
  loadYaml: typeof import('../io/yaml.ts').loadYaml;
  locate: typeof import('../io/yaml.ts').locate;
  keysAt: typeof import('../io/schema-keys.ts').keysAt;
  readInputFile: typeof import('../io/read.ts').readInputFile;
  schemas: typeof import('./schema.ts');
};

async function yamlModules(): Promise<YamlModules> {
  const [{ loadYaml, locate }, { keysAt }, { readInputFile }, schemas] = await Promise.all([import('../io/yaml.ts'), import('../io/schema-keys.ts'), import('../io/read.ts'), import('./schema.ts')]);
  return { loadYaml, locate, keysAt, readInputFile, schemas };
}

const FILES = [
  ['gpus', 'gpus.yaml', 'gpuCatalogSchema'],
  ['models', 'models.yaml', 'modelCatalogSchema'],
  ['engines', 'engines.yaml', 'engineCatalogSchema'],
] as const;

/** The catalog files a set of directories may hold (bundled first), for commands that must not overwrite them. */
export function catalogFiles(dirs: readonly string[]): string[] {
  return dirs.flatMap((d) => FILES.map(([, file]) => join(d, file)));
}

/** Read and validate one catalog directory's YAML files (missing files are fine in user directories). */
async function readDir(dir: string, required: boolean, problems: InputProblem[]): Promise<Entries> {
  const out: Entries = { gpus: [], models: [], engines: [] };
  const m = await yamlModules();
  for (const [key, file, schemaName] of FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      if (required) problems.push({ file: path, message: 'the bundled catalog is missing; reinstall llmplan' });
      continue;
    }
    const schema = m.schemas[schemaName] as unknown as z.ZodType<Record<string, unknown>>;
    try {
      const { data, located } = m.loadYaml(m.readInputFile(path, 'catalogBytes'), path, schema, (p) => m.keysAt(schema, p));
      const entries = data[key] as Array<{ id: string }>;
      const seen = new Set<string>();
      entries.forEach((entry, i) => {
        if (seen.has(entry.id)) problems.push({ file: path, ...m.locate(located, [key, i, 'id']), path: `${key}.${i}.id`, message: `duplicate id "${entry.id}"` });
        seen.add(entry.id);
      });
      (out[key] as Array<{ id: string }>) = entries;
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  }
  return out;
}

/** Validate the bundled YAML and return it as one JSON-able object (build time and tests). */
export async function compileBuiltinCatalog(): Promise<Entries> {
  const problems: InputProblem[] = [];
  const entries = await readDir(BUILTIN_CATALOG_DIR, true, problems);
  if (problems.length) throw new InputError(problems);
  return entries;
}

/** The bundled catalogs do not change while a process runs: read and validated once (tests run many commands). */
let builtinEntries: Entries | null = null;

async function readBuiltin(problems: InputProblem[]): Promise<Entries> {
  if (builtinEntries) return builtinEntries;
  // Only the bundle in dist/ uses the compiled copy; running from src/ (tests) reads the YAML itself.
  if (import.meta.url.includes('/dist/') && existsSync(COMPILED_CATALOG)) return (builtinEntries = JSON.parse(readFileSync(COMPILED_CATALOG, 'utf8')) as Entries);
  const own: InputProblem[] = [];
  const entries = await readDir(BUILTIN_CATALOG_DIR, true, own);
  problems.push(...own);
  if (own.length === 0) builtinEntries = entries;
  return entries;
}

export async function loadCatalog(dirs: string[]): Promise<Catalog> {
  const problems: InputProblem[] = [];
  const overridden: string[] = [];
  const merged = { gpus: new Map<string, GpuEntry>(), models: new Map<string, ModelEntry>(), engines: new Map<string, EngineEntry>() };
  for (const [index, dir] of dirs.entries()) {
    const entries = index === 0 && dir === BUILTIN_CATALOG_DIR ? await readBuiltin(problems) : await readDir(dir, index === 0, problems);
    for (const key of ['gpus', 'models', 'engines'] as const) {
      const map = merged[key] as Map<string, { id: string }>;
      for (const entry of entries[key] as Array<{ id: string }>) {
        if (index > 0 && map.has(entry.id)) overridden.push(entry.id);
        map.set(entry.id, entry);
      }
    }
  }
  const entries: Entries = { gpus: [...merged.gpus.values()], models: [...merged.models.values()], engines: [...merged.engines.values()] };
  // Every plan covers each GPU: the merged catalogs' size bounds the work of plan, tco and recommend.
  for (const [key, limit] of [['gpus', 'catalogGpus'], ['models', 'catalogModels']] as const) {
    if (entries[key].length > LIMITS[limit].max) problems.push({ path: '--catalog-dir', message: `the catalogs hold ${entries[key].length} ${key}; they hold ${limitText(limit)}` });
  }
  if (problems.length) throw new InputError(problems);
  return {
    gpus: entries.gpus.map(toGpu),
    models: entries.models.map(toModel),
    engines: entries.engines.map(toEngine),
    gpuEntries: entries.gpus,
    modelEntries: entries.models,
    engineEntries: entries.engines,
    dirs,
    overridden,
  };
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[\s_]+/g, '-');
}

/**
 * Find by id or alias (case-insensitive). A short name that several entries share ("a100") is an error listing
 * every candidate; one candidate is suggested, not silently taken; otherwise a did-you-mean over ids.
 */
export function resolveById<T extends { id: string; aliases: string[] }>(items: readonly T[], query: string, what: string, flag?: string): T {
  const q = normalise(query);
  const hit = matchLabel(items, query);
  if (hit) return hit;
  const ids = items.map((x) => x.id);
  const list = `run \`llmplan catalog ${what === 'GPU' ? 'gpus' : what + 's'}\` for the list`;
  const candidates = candidatesFor(bare(query), items.map((x) => ({ id: x.id, labels: x.aliases.map(bare) })));
  const quoted = candidates.map((c) => `"${c}"`);
  if (candidates.length > 1) {
    throw new InputError([{ path: flag, message: `ambiguous ${what} "${query}": ${candidates.length} match`, hint: `use one of ${quoted.join(', ')}` }]);
  }
  throw new InputError([
    {
      path: flag,
      message: `unknown ${what} ${echo(query)}`,
      hint: candidates.length === 1 ? `did you mean ${quoted[0]}?` : didYouMean(q, ids) ?? list,
    },
  ]);
}

/** A label without its vendor words and Hugging Face organisation: "NVIDIA H100 SXM" → "h100-sxm", "meta-llama/Llama-2-70b-hf" → "llama-2-70b-hf". */
function bare(s: string): string {
  return normalise(s).replace(/^[a-z0-9._-]+\//, '').replace(/^((nvidia|amd|tesla|instinct)-)+/, '');
}

/**
 * Map a free-form label ("H100 80GB HBM3 (SXM)") onto an id, or null: an exact id or alias first, then the same
 * without vendor words or organisation, when that names exactly one entry.
 */
export function matchLabel<T extends { id: string; aliases: string[] }>(items: readonly T[], label: string): T | null {
  const q = normalise(label);
  const exact = items.find((x) => x.id === q || x.aliases.some((al) => normalise(al) === q));
  if (exact) return exact;
  const b = bare(label);
  const loose = items.filter((x) => x.id === b || x.aliases.some((al) => bare(al) === b));
  return loose.length === 1 ? loose[0]! : null;
}
