// Shared by `llmplan calibrate` and `npm run calibrate`: map a CSV, fit, evaluate, leave-one-source-out.
import { matchLabel, type Catalog } from '../catalog/load.ts';
import { mapRecord, type EfficiencyTable, type MappedRow, type UnmappedRow } from '../core/perf/calibration.ts';
import { byMetric, evaluateRows, isFitted, leaveOneSourceOut, LOSO_ITERATIONS, summarise, type ErrorSummary, type RowResult } from '../core/perf/calibration-report.ts';
import type { EngineId, EngineMemoryProfile } from '../core/memory/engine-memory.ts';
import { FIT_ROUNDS, fitEfficiencies } from '../core/perf/fit.ts';

const FIT_ITERATIONS = 400;
import { depBandKey, depFormatKey, formatBandKey, kindBandKey } from '../core/perf/prediction.ts';
import { LIMITS } from '../core/bounds.ts';
import { CALIBRATION_SCHEMA_VERSION, type CalibrationFile } from './file.ts';
import type { CsvRows } from './csv.ts';
import type { Gpu } from '../core/types.ts';

export function enginesById(c: Catalog): Record<EngineId, EngineMemoryProfile> {
  return Object.fromEntries(c.engines.map((e) => [e.id, e])) as Record<EngineId, EngineMemoryProfile>;
}

/** Labels in published tables carry remarks in parentheses ("DeepSeek-R1-0528 (DeepSeek-V3 arch)"). */
function stripRemark(label: string): string {
  return label.replace(/\s*\([^)]*\)\s*$/, '').trim();
}

/**
 * Readings of a GPU label to try in turn, most literal first. A remark naming the HBM size is the GPU's memory
 * ("GH200 480GB (144GB HBM3e)": 480 GB is the Grace CPU's LPDDR5X), unless it says the size was assumed. Form-factor
 * and memory-type words that do not tell variants apart are dropped last ("B200 SXM 180GB" → "B200 180GB"; PCIe and
 * NVL are kept: they are other variants). A label naming no single variant ("A100 (80GB assumed, not stated)") stays
 * unmapped: no reading of it names one entry.
 */
export function gpuLabelReadings(label: string): string[] {
  const out = [label];
  const remark = /\(([^)]*)\)\s*$/.exec(label)?.[1] ?? '';
  const family = stripRemark(label).split(/\s+/)[0] ?? '';
  const hbm = /\b(\d+)\s*GB\b/i.exec(remark);
  if (hbm && !/assum|not stated|variant/i.test(remark)) out.push(`${family} ${hbm[1]}GB`);
  out.push(stripRemark(label));
  // "80G" is NIM's and nvidia-smi's spelling of 80GB ("2 x H100 80G", "NVIDIA GH200 144G HBM3e").
  const plain = (s: string) => s.replace(/\b(SXM\d?|HBM\d[eE]?)\b/g, ' ').replace(/\b(\d+)\s*G\b/g, '$1GB').replace(/\s+/g, ' ').trim();
  out.push(plain(stripRemark(label)), plain(label.replace(/[()]/g, ' ')));
  return [...new Set(out)].filter(Boolean);
}

export function mapCsv(rows: CsvRows, catalog: Catalog): { mapped: MappedRow[]; unmapped: UnmappedRow[] } {
  const lookup = {
    model: (l: string) => matchLabel(catalog.models, l) ?? matchLabel(catalog.models, stripRemark(l)),
    gpu: (l: string) => gpuLabelReadings(l).reduce<Gpu | null>((hit, r) => hit ?? matchLabel(catalog.gpus, r), null),
  };
  const mapped: MappedRow[] = [];
  const unmapped: UnmappedRow[] = [];
  for (const { line, record } of rows.records) {
    const m = mapRecord(record, line, lookup);
    if ('reason' in m) unmapped.push(m);
    else mapped.push(m);
  }
  return { mapped, unmapped };
}

/** The document a row comes from: leave-one-source-out holds out one document at a time. */
export function sourceOf(r: MappedRow): string {
  return r.record.source.trim() || `${r.record.engine} ${r.record.engine_version}`;
}

export interface FitOutcome {
  table: EfficiencyTable;
  inSample: RowResult[];
  outOfSample: RowResult[] | null;
  file: CalibrationFile;
}

/** Rows a dense-only or MoE-only band needs before it replaces the metric's overall band. */
export const MIN_BAND_ROWS = 8;

/** A summary's band as the calibration file stores it. */
function bandOf(s: ErrorSummary): CalibrationFile['bands'][string] {
  return { n: s.n, medianApe: s.medianApe, logRatioP10: s.logRatioP10, logRatioP90: s.logRatioP90 };
}

/** Progress of a fit: Nelder-Mead iterations done of the total (the fit, then one refit per left-out source). */
export type FitProgress = (done: number, total: number) => void;

export function fitCalibration(mapped: MappedRow[], catalog: Catalog, meta: { dataFile: string; fittedOn: string }, withLoso = true, progress?: FitProgress): FitOutcome {
  const engines = enginesById(catalog);
  const sources = [...new Set(mapped.map(sourceOf))];
  const loso = withLoso && sources.length > 1;
  // Each held-out fold is a whole fit: past LIMITS.fitFolds sources, they are held out in that many groups.
  const folds = Math.min(sources.length, LIMITS.fitFolds.max);
  const foldIndex = new Map(sources.map((src, i) => [src, i % folds]));
  const foldOf = sources.length > folds ? (r: MappedRow) => `group ${foldIndex.get(sourceOf(r))! + 1}` : sourceOf;
  const total = FIT_ROUNDS * (FIT_ITERATIONS + (loso ? folds * LOSO_ITERATIONS : 0));
  let done = 0;
  const step = progress ? () => progress(++done, total) : undefined;
  // DEP rows are predicted, never fitted: the efficiencies come from tensor-parallel rows, so the DEP terms (all-to-all,
  // lock-step ranks, 1/ep of the experts) are checked, not tuned (docs/accuracy.md shows their error apart).
  const table = fitEfficiencies(mapped.filter(isFitted), engines, FIT_ITERATIONS, step);
  const inSample = evaluateRows(mapped, table, engines);
  const outOfSample = loso ? leaveOneSourceOut(mapped, engines, foldOf, LOSO_ITERATIONS, step) : null;
  const bandRows = outOfSample ?? inSample;
  const bands: CalibrationFile['bands'] = {};
  for (const s of summarise(bandRows, byMetric)) bands[s.key] = bandOf(s);
  // MoE and dense rows miss by different amounts: each gets its own band where it has enough rows ("throughput:moe").
  for (const moe of [false, true]) {
    const rows = bandRows.filter((r) => (r.row.model.architecture.moe !== null) === moe);
    for (const s of summarise(rows, byMetric)) {
      if (s.n >= MIN_BAND_ROWS) bands[kindBandKey(s.key, moe)] = bandOf(s);
    }
  }
  // A weight format whose rows miss one way as a group gets its own band where it has enough rows: gpt-oss's MXFP4
  // checkpoints ("throughput:mxfp4", tensor-parallel and DEP rows alike, all too fast).
  for (const s of summarise(bandRows.filter((r) => r.row.weights === 'mxfp4'), byMetric)) {
    if (s.n >= MIN_BAND_ROWS) bands[formatBandKey(s.key, 'mxfp4')] = bandOf(s);
  }
  // DEP rows are predicted, never fitted: `perf --ep` shows their own band where they have enough rows ("throughput:dep").
  for (const s of summarise(bandRows.filter((r) => r.row.ep > 1), byMetric)) {
    if (s.n >= MIN_BAND_ROWS) bands[depBandKey(s.key)] = bandOf(s);
  }
  // The DEP rows by the format of their experts, whatever their number: not bands (no answer's band comes from them),
  // the two sides of the DEP error that `perf --ep` names (MXFP4 experts miss tensor-parallel or DEP alike).
  for (const s of summarise(bandRows.filter((r) => r.row.ep > 1), (r) => depFormatKey(byMetric(r), r.row.weights))) bands[s.key] = bandOf(s);
  const coverage = new Map<string, number>();
  for (const r of mapped) coverage.set(`${r.gpu.id}|${r.engine}`, (coverage.get(`${r.gpu.id}|${r.engine}`) ?? 0) + 1);
  const file: CalibrationFile = {
    schemaVersion: CALIBRATION_SCHEMA_VERSION,
    fittedOn: meta.fittedOn,
    dataFile: meta.dataFile,
    rowsUsed: mapped.filter(isFitted).length,
    sources,
    efficiency: table,
    coverage: [...coverage.entries()].map(([k, rows]) => ({ gpu: k.split('|')[0]!, engine: k.split('|')[1]!, rows })).sort((a, b) => (a.gpu + a.engine).localeCompare(b.gpu + b.engine)),
    bands,
    bandsMethod: outOfSample
      ? `${sources.length > folds ? `leave-sources-out in ${folds} groups of the ${sources.length} sources` : 'leave-one-source-out'}: 10th-90th percentile of ln(measured / predicted) per metric group`
      : 'in-sample (one source only): 10th-90th percentile of ln(measured / predicted)',
  };
  return { table, inSample, outOfSample, file };
}
