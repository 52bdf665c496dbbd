// `llmplan catalog import --hf-config <config.json> [--id] [--out]`: a models catalog entry from a config.json.
import type { RunContext } from '../../app/context.ts';
import { importModel, type ImportQuery } from '../../app/import-model.ts';
import { describeEntry, renderImportNotes } from '../../render/import.ts';

export async function runCatalogImport(opts: ImportQuery, ctx: RunContext): Promise<void> {
  const r = await importModel(opts, ctx);
  ctx.stderr.write(`imported ${describeEntry(r.entry)}\n${renderImportNotes(r.notes)}`);
  if (r.written) {
    const dir = r.written.path.replace(/\/[^/]*$/, '') || '.';
    ctx.stderr.write(`${r.written.replaced ? 'replaced' : 'wrote'} "${r.entry.id}" in ${r.written.path}; use it with --catalog-dir ${dir} --model ${r.entry.id}\n`);
    return;
  }
  const { renderModelsYaml } = await import('../../catalog/models-yaml.ts');
  ctx.stdout.write(renderModelsYaml([r.entry]));
}
