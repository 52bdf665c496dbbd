import { computeCalibration, type CalibrateQuery } from '../../app/calibrate.ts';
import type { RunContext } from '../../app/context.ts';
import { byMetric, byRegime, summarise, type ErrorSummary } from '../../core/perf/calibration-report.ts';
import { createStyle } from '../../render/style.ts';
import { makeTable } from '../../render/table.ts';

interface CalibrateOptions extends CalibrateQuery {
  json?: boolean;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

function summaryTable(rows: ErrorSummary[], head: string): string {
  const t = makeTable([head, 'rows', 'median APE', 'p90 APE', 'worst (line: APE)'], { align: ['left', 'right', 'right', 'right', 'left'] });
  for (const s of rows) t.push([s.key, s.n, pct(s.medianApe), pct(s.p90Ape), s.worst.map((w) => `${w.line}: ${pct(w.ape)}`).join(', ')]);
  return t.toString();
}

export async function runCalibrate(opts: CalibrateOptions, ctx: RunContext): Promise<void> {
  const { mapped, unmapped, results, outOfSample, medianApe } = await computeCalibration(opts, ctx);
  if (opts.json) {
    ctx.stdout.write(
      JSON.stringify(
        {
          schemaVersion: 1,
          kind: 'calibrate',
          dataFile: opts.data,
          fitted: Boolean(opts.fit),
          errorBasis: outOfSample ? 'leave-one-source-out' : 'in-sample',
          rows: results.map((r) => ({ line: r.row.line, ...r.row.record, predicted: r.predicted, ape: r.ape, ...(r.error ? { error: r.error } : {}) })),
          unmapped: unmapped.map((u) => ({ line: u.line, ...u.record, reason: u.reason })),
          medianApe,
          regimes: summarise(outOfSample ?? results, byRegime),
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  const c = createStyle(ctx.stdout, ctx.env);
  const out: string[] = [];
  out.push(c.bold(`${mapped.length} rows predicted, ${unmapped.length} not mapped`) + ` (${opts.data})`);
  const t = makeTable(['line', 'model', 'GPU × TP', 'engine', 'isl/osl', 'load', 'metric', 'published', 'predicted', 'APE'], {
    align: ['right', 'left', 'left', 'left', 'right', 'left', 'left', 'right', 'right', 'right'],
  });
  for (const r of results) {
    const rec = r.row.record;
    t.push([r.row.line, r.row.model.id, `${r.row.gpu.id} ×${r.row.tp}`, `${r.row.engine} ${rec.engine_version}`.slice(0, 22), `${r.row.isl}/${r.row.osl}`, rec.concurrency_or_batch.slice(0, 18), r.row.metric, r.row.value, r.predicted === null ? `n/a: ${r.error}` : r.predicted.toPrecision(4), pct(r.ape)]);
  }
  out.push(t.toString());
  out.push(c.bold(outOfSample ? 'Error by metric, leave-one-source-out' : 'Error by metric'));
  out.push(summaryTable(summarise(outOfSample ?? results, byMetric), 'metric'));
  out.push(c.bold('Error by regime (phase · dense/MoE · GPU · engine)'));
  out.push(summaryTable(summarise(outOfSample ?? results, byRegime), 'regime'));
  if (unmapped.length) {
    out.push(c.bold('Rows not predicted'));
    const u = makeTable(['line', 'model', 'GPU', 'metric', 'reason'], {});
    for (const x of unmapped) u.push([x.line, x.record.model, x.record.gpu, x.record.metric, x.reason]);
    out.push(u.toString());
  }
  ctx.stdout.write(out.join('\n') + '\n');
}
