// `calibrate`: predict every row of a measurement CSV; with --fit, fit the efficiencies and write a calibration file.
import { resolve } from 'node:path';
import { readMeasurementCsv } from '../calibration/csv.ts';
import { enginesById, fitCalibration, mapCsv, type FitProgress } from '../calibration/run.ts';
import { byMetric, evaluateRows, summarise, type RowResult } from '../core/perf/calibration-report.ts';
import { catalogDirs, catalogFiles } from '../catalog/load.ts';
import { LIMITS, limitText } from '../core/bounds.ts';
import { InputError } from '../errors.ts';
import { checkWritable, writeFileAtomic } from '../io/write.ts';
import { loadCalibrationFor } from './calibration.ts';
import { openCatalog } from './catalog.ts';
import type { RunContext } from './context.ts';

export interface CalibrateQuery {
  data?: string;
  fit?: boolean;
  out: string;
  calibration?: string;
  catalogDir?: string[];
}

export type CalibrateOutcome = Awaited<ReturnType<typeof computeCalibration>>;

/** `progress` (a terminal's progress bar, drawn by the command) is told of every iteration of a --fit. */
export async function computeCalibration(opts: CalibrateQuery, ctx: RunContext, progress?: FitProgress) {
  if (!opts.data) throw new InputError([{ path: '--data', message: 'a measurement CSV is required', hint: 'e.g. --data ../shared/calibration/throughput-latency.csv' }]);
  const file = resolve(ctx.cwd, opts.data);
  const out = resolve(ctx.cwd, opts.out);
  // Every file this command reads: --out may not name one of them (it would be replaced by the fit).
  const inputs = [file, ...(opts.calibration ? [resolve(ctx.cwd, opts.calibration)] : []), ...catalogFiles(catalogDirs(ctx.env, ctx.cwd, opts.catalogDir))];
  if (opts.fit) checkWritable(out, '--out', inputs);
  const csv = readMeasurementCsv(file);
  const catalog = await openCatalog(ctx, opts.catalogDir);
  const { mapped, unmapped } = mapCsv(csv, catalog);
  let results: RowResult[];
  let outOfSample: RowResult[] | null = null;
  if (opts.fit) {
    if (mapped.length === 0) throw new InputError([{ file: opts.data, message: 'no row maps onto the catalog, nothing to fit', hint: unmapped[0]?.reason }]);
    if (mapped.length > LIMITS.fitRows.max) throw new InputError([{ file: opts.data, message: `${mapped.length.toLocaleString('en-US')} rows map onto the catalog; a fit takes ${limitText('fitRows')}`, hint: 'fit on a sample, then check all rows without --fit' }]);
    const outcome = fitCalibration(mapped, catalog, { dataFile: opts.data, fittedOn: new Date().toISOString().slice(0, 10) }, true, progress);
    writeFileAtomic(out, JSON.stringify(outcome.file, null, 2) + '\n', '--out', inputs);
    ctx.stderr.write(`wrote ${opts.out}: use it with --calibration ${opts.out}\n`);
    results = outcome.inSample;
    outOfSample = outcome.outOfSample;
  } else {
    const calibration = loadCalibrationFor(opts.calibration, ctx);
    results = evaluateRows(mapped, calibration.efficiency, enginesById(catalog));
  }
  const medianApe: Record<string, number> = {};
  for (const s of summarise(outOfSample ?? results, byMetric)) medianApe[s.key] = s.medianApe;
  return { mapped, unmapped, results, outOfSample, medianApe };
}
