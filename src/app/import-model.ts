// `catalog import --hf-config` and `--model path/config.json`: read a local Hugging Face config.json, turn it into a
// models catalog entry (src/catalog/hf-config.ts), validate it with the catalog schema, and optionally write it.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { importHfConfig, type ImportNote } from '../catalog/hf-config.ts';
import { modelSchema, type ModelEntry } from '../catalog/schema.ts';
import { InputError } from '../errors.ts';
import { locate, parseYamlText } from '../io/yaml.ts';
import { parseAsOf } from './as-of.ts';
import type { RunContext } from './context.ts';

export interface ImportQuery {
  hfConfig?: string;
  id?: string;
  name?: string;
  out?: string;
  asOf?: string;
}

export interface ImportOutcome {
  entry: ModelEntry;
  notes: ImportNote[];
  /** Where the entry was written (--out), and whether it replaced one of the same id. */
  written: { path: string; replaced: boolean } | null;
}

const kebab = (s: string): string => s.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').replace(/\.(?=-)|-(?=\.)/g, '');

/**
 * An id when --id is not given: the config's `_name_or_path` ("meta-llama/Llama-3.1-8B" → "llama-3.1-8b"), else the
 * directory holding config.json (a Hugging Face cache's `models--org--name/snapshots/<hash>/` gives "name").
 */
export function deriveModelId(config: unknown, file: string): string | null {
  const named = (config as { _name_or_path?: unknown })?._name_or_path;
  if (typeof named === 'string' && named.trim()) return kebab(named.split('/').at(-1)!) || null;
  let dir = dirname(file);
  if (/^[0-9a-f]{40}$/.test(basename(dir)) && basename(dirname(dir)) === 'snapshots') dir = dirname(dirname(dir));
  const name = basename(dir).replace(/^models--[^-]+(?:-[^-]+)*?--/, '');
  const stem = basename(file).replace(/\.json$/i, '');
  const pick = stem !== 'config' && stem !== '' ? stem : name;
  return pick && pick !== '.' && pick !== '/' ? kebab(pick) || null : null;
}

/** Read and convert a config.json; located InputError for anything it cannot use. */
export function readHfConfig(path: string, opts: { id?: string; name?: string; readOn: string; flag: string; fallbackId?: string }): { entry: ModelEntry; notes: ImportNote[] } {
  if (!existsSync(path)) throw new InputError([{ path: opts.flag, message: `no file ${path}` }]);
  const ld = parseYamlText(readFileSync(path, 'utf8'), path);
  const id = opts.id ?? deriveModelId(ld.value, path) ?? opts.fallbackId;
  if (!id) throw new InputError([{ path: '--id', message: `cannot name the model from ${path}`, hint: 'give --id my-model' }]);
  if (!/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(id)) throw new InputError([{ path: '--id', message: `"${id}" is not a kebab-case id`, hint: 'e.g. --id my-llama-8b' }]);
  const r = importHfConfig(ld.value, { id, name: opts.name, readOn: opts.readOn, source: `Hugging Face config.json (${basename(dirname(resolve(path)))}/${basename(path)}), imported by llmplan catalog import` });
  if (!r.ok) throw new InputError(r.problems.map((p) => ({ file: path, ...locate(ld, p.path), path: p.path.join('.') || undefined, message: p.message })));
  const checked = modelSchema.safeParse(r.entry);
  if (!checked.success) {
    throw new InputError(checked.error.issues.map((i) => ({ file: path, message: `the imported entry is invalid at ${i.path.join('.')}: ${i.message}` })));
  }
  return { entry: checked.data, notes: r.notes };
}

export async function importModel(q: ImportQuery, ctx: RunContext): Promise<ImportOutcome> {
  if (!q.hfConfig) throw new InputError([{ path: '--hf-config', message: 'a config.json is required', hint: 'e.g. --hf-config ~/models/my-model/config.json' }]);
  const readOn = parseAsOf(q.asOf);
  const path = resolve(ctx.cwd, q.hfConfig);
  const { entry, notes } = readHfConfig(path, { id: q.id, name: q.name, readOn, flag: '--hf-config' });
  if (!q.out) return { entry, notes, written: null };
  const out = resolve(ctx.cwd, q.out);
  const [{ renderModelsYaml, upsertModelYaml }, { writeFileAtomic, checkWritable }] = await Promise.all([import('../catalog/models-yaml.ts'), import('../io/write.ts')]);
  checkWritable(out, '--out', [path]);
  if (!existsSync(out)) {
    writeFileAtomic(out, renderModelsYaml([entry]), '--out');
    return { entry, notes, written: { path: out, replaced: false } };
  }
  // An existing file must be a valid models catalog before and after: validate it the way --catalog-dir will.
  const [{ loadYaml }, { keysAt }, { modelCatalogSchema }] = await Promise.all([import('../io/yaml.ts'), import('../io/schema-keys.ts'), import('../catalog/schema.ts')]);
  const before = readFileSync(out, 'utf8');
  loadYaml(before, out, modelCatalogSchema, (p) => keysAt(modelCatalogSchema, p));
  const { text, replaced } = upsertModelYaml(before, entry);
  loadYaml(text, out, modelCatalogSchema, (p) => keysAt(modelCatalogSchema, p));
  writeFileAtomic(out, text, '--out');
  return { entry, notes, written: { path: out, replaced } };
}
