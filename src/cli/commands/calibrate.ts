// `llmplan calibrate`: how wrong the perf model is on a measurement CSV, the summary last (what a person reads
// first at the prompt); every row only with --rows. `--fit` shows a progress bar on a terminal, nothing otherwise.
import { computeCalibration, type CalibrateQuery } from '../../app/calibrate.ts';
import type { RunContext } from '../../app/context.ts';
import type { FitProgress } from '../../calibration/run.ts';
import { byMetric, byRegime, summarise, type ErrorSummary } from '../../core/perf/calibration-report.ts';
import { createStyle } from '../../render/style.ts';
import { fitTable, type Column } from '../../render/table.ts';
import { outputWidth, wrap } from '../../render/text.ts';

interface CalibrateOptions extends CalibrateQuery {
  json?: boolean;
  rows?: boolean;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

function summaryTable(rows: ErrorSummary[], head: string, width: number): string {
  const cols: Column[] = [
    { head, wrap: true, minWidth: 12 },
    { head: 'rows', align: 'right' },
    { head: 'median APE', align: 'right', wrap: true, minWidth: 6 },
    { head: 'p90 APE', align: 'right', wrap: true, minWidth: 6 },
    { head: 'worst (line: APE)', wrap: true, minWidth: 12, drop: 1 },
  ];
  return fitTable(cols, rows.map((s) => [s.key, s.n, pct(s.medianApe), pct(s.p90Ape), s.worst.map((w) => `${w.line}: ${pct(w.ape)}`).join(', ')]), width).text;
}

/** A cli-progress bar on stderr when it is a terminal (loaded only then); none when it is not. */
async function progressBar(ctx: RunContext): Promise<{ progress: FitProgress; stop: () => void } | null> {
  if (!ctx.stderr.isTTY) return null;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: ctx.stderr as unknown as NodeJS.WritableStream, format: 'fitting the efficiencies [{bar}] {percentage}% | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true, etaBuffer: 200, fps: 10 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    progress: (done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
      // Cleared before the command's own "wrote …" line, not after it.
      if (done >= total) {
        bar.stop();
        started = false;
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export async function runCalibrate(opts: CalibrateOptions, ctx: RunContext): Promise<void> {
  const bar = opts.fit ? await progressBar(ctx) : null;
  let outcome;
  try {
    outcome = await computeCalibration(opts, ctx, bar?.progress);
  } finally {
    bar?.stop();
  }
  const { mapped, unmapped, results, outOfSample, medianApe } = outcome;
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
  const W = outputWidth(ctx.stdout, ctx.env);
  const c = createStyle(ctx.stdout, ctx.env);
  const out: string[] = [];
  const basis = outOfSample ? 'leave-one-source-out' : 'in-sample';
  out.push(...wrap(`${mapped.length} rows predicted, ${unmapped.length} not mapped (${opts.data})`, W).map((l) => c.bold(l)));
  if (opts.rows) {
    const cols: Column[] = [
      { head: 'line', align: 'right' },
      { head: 'model', wrap: true, minWidth: 10 },
      { head: 'GPU × TP', wrap: true, minWidth: 8 },
      { head: 'engine', wrap: true, minWidth: 6, drop: 2 },
      { head: 'isl/osl', align: 'right', drop: 3 },
      { head: 'load', wrap: true, minWidth: 6, drop: 1 },
      { head: 'metric', wrap: true, minWidth: 6 },
      { head: 'published', align: 'right' },
      { head: 'predicted', align: 'right', wrap: true, minWidth: 8 },
      { head: 'APE', align: 'right' },
    ];
    const rows = results.map((r) => {
      const rec = r.row.record;
      return [r.row.line, r.row.model.id, `${r.row.gpu.id} ×${r.row.tp}`, `${r.row.engine} ${rec.engine_version}`.slice(0, 22), `${r.row.isl}/${r.row.osl}`, rec.concurrency_or_batch.slice(0, 18), r.row.metric, r.row.value, r.predicted === null ? `n/a: ${r.error}` : r.predicted.toPrecision(4), pct(r.ape)];
    });
    out.push(fitTable(cols, rows, W).text);
    if (unmapped.length) {
      out.push(c.bold('Rows not predicted'));
      const u: Column[] = [{ head: 'line', align: 'right' }, { head: 'model', wrap: true, minWidth: 10 }, { head: 'GPU', wrap: true, minWidth: 8 }, { head: 'metric', drop: 1 }, { head: 'reason', wrap: true, minWidth: 16 }];
      out.push(fitTable(u, unmapped.map((x) => [x.line, x.record.model, x.record.gpu, x.record.metric, x.reason]), W).text);
    }
  } else {
    out.push(...wrap(`Per-row predictions${unmapped.length ? ' and the rows not predicted, with why' : ''}: --rows (or --json).`, W).map((l) => c.dim(l)));
  }
  out.push('', c.bold(`Error by regime (phase · dense/MoE · GPU · engine), ${basis}`));
  out.push(summaryTable(summarise(outOfSample ?? results, byRegime), 'regime', W));
  out.push('', c.bold(`Error by metric, ${basis}`));
  out.push(summaryTable(summarise(outOfSample ?? results, byMetric), 'metric', W));
  const summary = Object.entries(medianApe).map(([k, v]) => `${k} ${pct(v)}`).join(', ');
  out.push(...wrap(`Median absolute percentage error (${basis}): ${summary || 'no rows'}.`, W));
  ctx.stdout.write(out.join('\n') + '\n');
}
