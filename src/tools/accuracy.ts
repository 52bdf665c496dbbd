// `npm run calibrate`: fit the shipped calibration on ../shared/calibration/throughput-latency.csv, write
// calibration/perf.json and docs/accuracy.md (in sample and leave-one-source-out).
import { BUILTIN_CATALOG_DIR, loadCatalog } from '../catalog/load.ts';
import { readMeasurementCsv } from '../calibration/csv.ts';
import { renderAccuracyDoc } from '../calibration/accuracy-doc.ts';
import { enginesById, fitCalibration, mapCsv } from '../calibration/run.ts';
import { evaluateRows } from '../core/perf/calibration-report.ts';
import { writeFileAtomic } from '../io/write.ts';
import { sharedPath } from './shared-path.ts';

export const DATA_LABEL = '../shared/calibration/throughput-latency.csv';
/**
 * The day the shipped fit last changed (the model or its data), a constant so regeneration is reproducible: bump it
 * with every change that moves calibration/perf.json. Answers print it ("calibration fitted …").
 */
export const FITTED_ON = '2026-12-01';
/** Published rows kept to check the shipped fit, never fitted (docs/accuracy.md, "Check rows"). */
export const CHECK_FILE = 'calibration/trtllm-1x-perf-overview-check.csv';

export async function buildAccuracy() {
  const catalog = await loadCatalog([BUILTIN_CATALOG_DIR]);
  const rows = readMeasurementCsv(sharedPath('calibration/throughput-latency.csv'));
  const { mapped, unmapped } = mapCsv(rows, catalog);
  const outcome = fitCalibration(mapped, catalog, { dataFile: DATA_LABEL, fittedOn: FITTED_ON });
  // Cells of the TensorRT-LLM 1.x perf overview that the calibration data leaves out: predicted with the shipped fit,
  // never fitted, a check of the model on rows of a kind it was fitted on (GB200's and Llama-4 Maverick's: a GPU and a
  // model it has no rows of).
  const check = mapCsv(readMeasurementCsv(CHECK_FILE), catalog);
  const checkRows = evaluateRows(check.mapped, outcome.table, enginesById(catalog));
  const doc = renderAccuracyDoc({ dataFile: DATA_LABEL, fittedOn: FITTED_ON, inSample: outcome.inSample, outOfSample: outcome.outOfSample ?? outcome.inSample, unmapped, check: { file: CHECK_FILE, rows: checkRows, unmapped: check.unmapped.length, calibratedGpus: new Set(mapped.map((r) => r.gpu.id)) }, requestOverheadSeconds: { vllm: outcome.table.vllm.requestOverheadSeconds, sglang: outcome.table.sglang.requestOverheadSeconds, trtllm: outcome.table.trtllm.requestOverheadSeconds }, runtimeRequestOverheadSeconds: outcome.table.trtllm.runtimeRequestOverheadSeconds });
  return { outcome, doc, json: JSON.stringify(outcome.file, null, 2) + '\n' };
}

export default async function main(): Promise<void> {
  const { doc, json } = await buildAccuracy();
  writeFileAtomic('calibration/perf.json', json);
  writeFileAtomic('docs/accuracy.md', doc);
  process.stdout.write('wrote calibration/perf.json and docs/accuracy.md\n');
}
