import type { SourcedNumber } from '../../catalog/schema.ts';
import { daysBetween, fmtBytes } from '../../render/format.ts';
import { createStyle } from '../../render/style.ts';
import { fitTable, type Cell, type Column } from '../../render/table.ts';
import { outputWidth, wrap } from '../../render/text.ts';
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
    const cols: Column[] = [
      { head: 'id', wrap: true, minWidth: 12 },
      { head: 'memory', align: 'right', wrap: true, minWidth: 6 },
      { head: 'reported', align: 'right', wrap: true, minWidth: 6, drop: 2 },
      { head: 'bandwidth', align: 'right', wrap: true, minWidth: 6 },
      { head: 'bf16 dense', align: 'right', wrap: true, minWidth: 6 },
      { head: 'fp8 dense', align: 'right', wrap: true, minWidth: 6, drop: 4 },
      { head: 'TDP', align: 'right', wrap: true, minWidth: 5, drop: 3 },
      { head: 'link', wrap: true, minWidth: 6, drop: 1 },
      { head: 'read on (age)', drop: 5 },
      { head: 'unknown', align: 'right', drop: 0 },
    ];
    const t: Cell[][] = [];
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
    const W = outputWidth(ctx.stdout, ctx.env);
    ctx.stdout.write(wrap(`GPUs: tensor peaks are dense (sparse kept apart in the catalog); each value's source is in catalogs/gpus.yaml`, W).join('\n').replace('GPUs', c.bold('GPUs')) + '\n');
    ctx.stdout.write(fitTable(cols, t, W).text + '\n');
    return;
  }
  if (kind === 'models') {
    if (opts.json) {
      ctx.stdout.write(JSON.stringify({ schemaVersion: 1, kind: 'catalog-models', asOf, models: catalog.modelEntries.map((m) => ({ ...m, ageDays: daysBetween(m.readOn, asOf) })) }, null, 2) + '\n');
      return;
    }
    const cols: Column[] = [
      { head: 'id', wrap: true, minWidth: 12 },
      { head: 'kind', drop: 2 },
      { head: 'layers', align: 'right', drop: 5 },
      { head: 'hidden', align: 'right', drop: 4 },
      { head: 'heads/kv', align: 'right', wrap: true, minWidth: 5, drop: 6 },
      { head: 'head dim', align: 'right', wrap: true, minWidth: 4, drop: 3 },
      { head: 'attention', wrap: true, minWidth: 5 },
      { head: 'MoE', drop: 7 },
      { head: 'params', align: 'right' },
      { head: 'context', align: 'right', drop: 8 },
      { head: 'read on (age)', wrap: true, minWidth: 10, drop: 1 },
      { head: 'source', wrap: true, minWidth: 12, cut: true, drop: 0 },
    ];
    const t: Cell[][] = [];
    for (const m of catalog.modelEntries) {
      const a = m.architecture;
      const attn = a.attention.kind === 'mla' ? 'MLA' : a.numKeyValueHeads === a.numAttentionHeads ? 'MHA' : a.numKeyValueHeads === 1 ? 'MQA' : 'GQA';
      const swa = a.layerPattern.kind === 'sliding' ? ` +SWA ${a.layerPattern.window} ×${a.layerPattern.slidingLayers}`
        : a.layerPattern.kind === 'hybrid-linear' ? ` +linear ×${a.layerPattern.linearLayers}` : '';
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
    ctx.stdout.write(fitTable(cols, t, outputWidth(ctx.stdout, ctx.env)).text + '\n');
    return;
  }
  if (opts.json) {
    ctx.stdout.write(JSON.stringify({ schemaVersion: 1, kind: 'catalog-engines', asOf, engines: catalog.engineEntries }, null, 2) + '\n');
    return;
  }
  const cols: Column[] = [
    { head: 'id' },
    { head: 'name', wrap: true, minWidth: 12 },
    { head: 'budget rule', wrap: true, minWidth: 16 },
    { head: 'default fraction', align: 'right', wrap: true, minWidth: 8 },
    { head: 'block', align: 'right', drop: 2 },
    { head: 'read on (age)', wrap: true, minWidth: 10, drop: 1 },
    { head: 'source', wrap: true, minWidth: 12, cut: true, drop: 0 },
  ];
  const t: Cell[][] = catalog.engineEntries.map((e) => [e.id, e.name, e.budgetRule, e.defaultMemoryFraction, e.blockTokens, `${e.readOn} (${daysBetween(e.readOn, asOf)} d)`, e.source.slice(0, 60)]);
  ctx.stdout.write(fitTable(cols, t, outputWidth(ctx.stdout, ctx.env)).text + '\n');
}
