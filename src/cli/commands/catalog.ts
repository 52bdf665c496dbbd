import type { SourcedNumber } from '../../catalog/schema.ts';
import { daysBetween, fmtBytes } from '../../render/format.ts';
import { createStyle } from '../../render/style.ts';
import { makeTable } from '../../render/table.ts';
import { parseAsOf } from '../../app/as-of.ts';
import { openCatalog } from '../../app/catalog.ts';
import type { RunContext } from '../../app/context.ts';

interface CatalogOptions {
  catalogDir?: string[];
  asOf?: string;
  json?: boolean;
}

function oldestRead(values: SourcedNumber[]): string | null {
  const dates = values.map((v) => v.readOn).filter((d): d is string => Boolean(d)).sort();
  return dates[0] ?? null;
}

const show = (v: SourcedNumber, unit = ''): string => (v.value === null ? 'n/a' : `${v.value.toLocaleString('en-US')}${unit}`);

export async function runCatalog(kind: 'gpus' | 'models' | 'engines', opts: CatalogOptions, ctx: RunContext): Promise<void> {
  const asOf = parseAsOf(opts.asOf);
  const catalog = await openCatalog(ctx, opts.catalogDir);
  const c = createStyle(ctx.stdout, ctx.env);
  if (kind === 'gpus') {
    const rows = catalog.gpuEntries.map((g) => {
      const all = [g.nominalMemoryGB, g.reportedMemoryBytes, g.memoryBandwidthGBps, g.tdpWatts, ...Object.values(g.tensorTflops).flatMap((x) => [x.dense, x.sparse])];
      const oldest = oldestRead(all);
      return { entry: g, oldest, ageDays: oldest ? daysBetween(oldest, asOf) : null, unknown: all.filter((v) => v.value === null).length };
    });
    if (opts.json) {
      ctx.stdout.write(JSON.stringify({ schemaVersion: 1, kind: 'catalog-gpus', asOf, gpus: rows.map((r) => ({ ...r.entry, oldestReadOn: r.oldest, ageDays: r.ageDays })) }, null, 2) + '\n');
      return;
    }
    const t = makeTable(['id', 'memory', 'reported', 'bandwidth', 'bf16 dense', 'fp8 dense', 'TDP', 'link', 'read on (age)', 'unknown'], {
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left', 'right'],
    });
    for (const { entry: g, oldest, ageDays, unknown } of rows) {
      t.push([
        g.id,
        show(g.nominalMemoryGB, ' GB'),
        g.reportedMemoryBytes.value === null ? 'n/a' : fmtBytes(g.reportedMemoryBytes.value),
        show(g.memoryBandwidthGBps, ' GB/s'),
        show(g.tensorTflops.bf16.dense, ' TF'),
        show(g.tensorTflops.fp8.dense, ' TF'),
        show(g.tdpWatts, ' W'),
        `${g.interconnect.kind} ${g.interconnect.domainSize > 1 ? `×${g.interconnect.domainSize}` : ''}`.trim(),
        oldest ? `${oldest} (${ageDays} d)` : 'n/a',
        String(unknown),
      ]);
    }
    ctx.stdout.write(`${c.bold('GPUs')}: tensor peaks are dense (sparse kept apart in the catalog); each value's source is in catalogs/gpus.yaml\n`);
    ctx.stdout.write(t.toString() + '\n');
    return;
  }
  if (kind === 'models') {
    if (opts.json) {
      ctx.stdout.write(JSON.stringify({ schemaVersion: 1, kind: 'catalog-models', asOf, models: catalog.modelEntries.map((m) => ({ ...m, ageDays: daysBetween(m.readOn, asOf) })) }, null, 2) + '\n');
      return;
    }
    const t = makeTable(['id', 'kind', 'layers', 'hidden', 'heads/kv', 'head dim', 'attention', 'MoE', 'params', 'context', 'read on (age)', 'source'], {
      align: ['left', 'left', 'right', 'right', 'right', 'right', 'left', 'left', 'right', 'right', 'left', 'left'],
    });
    for (const m of catalog.modelEntries) {
      const a = m.architecture;
      const attn = a.attention.kind === 'mla' ? 'MLA' : a.numKeyValueHeads === a.numAttentionHeads ? 'MHA' : a.numKeyValueHeads === 1 ? 'MQA' : 'GQA';
      const swa = a.layerPattern.kind === 'sliding' ? ` +SWA ${a.layerPattern.window} ×${a.layerPattern.slidingLayers}` : '';
      const params = m.parameters.total.value === null ? 'n/a' : `${(m.parameters.total.value / 1e9).toFixed(1)}B${m.parameters.totalKind === 'exact' ? '' : '~'}`;
      t.push([
        m.id,
        m.kind,
        a.numHiddenLayers,
        a.hiddenSize,
        `${a.numAttentionHeads}/${a.numKeyValueHeads}`,
        a.headDim,
        attn + swa,
        a.moe ? `${a.moe.expertsPerToken}/${a.moe.numExperts}` : '-',
        params,
        a.maxPositionEmbeddings.toLocaleString('en-US'),
        `${m.readOn} (${daysBetween(m.readOn, asOf)} d)`,
        m.source.length > 48 ? m.source.slice(0, 47) + '…' : m.source,
      ]);
    }
    ctx.stdout.write(t.toString() + '\n');
    return;
  }
  if (opts.json) {
    ctx.stdout.write(JSON.stringify({ schemaVersion: 1, kind: 'catalog-engines', asOf, engines: catalog.engineEntries }, null, 2) + '\n');
    return;
  }
  const t = makeTable(['id', 'budget rule', 'default fraction', 'block', 'read on (age)', 'source'], { align: ['left', 'left', 'right', 'right', 'left', 'left'] });
  for (const e of catalog.engineEntries) t.push([e.id, e.budgetRule, e.defaultMemoryFraction, e.blockTokens, `${e.readOn} (${daysBetween(e.readOn, asOf)} d)`, e.source.slice(0, 60)]);
  ctx.stdout.write(t.toString() + '\n');
}
