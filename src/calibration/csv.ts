// Read a measurement CSV in the format of ../shared/calibration/throughput-latency.csv, with located errors.
import { parse } from 'csv-parse/sync';
import { LIMITS, limitText } from '../core/bounds.ts';
import { didYouMean } from '../core/did-you-mean.ts';
import type { MeasurementRecord } from '../core/perf/calibration.ts';
import { echo, hasControl, InputError, type InputProblem } from '../errors.ts';
import { readInputFile } from '../io/read.ts';
import { rangeMessage } from '../io/schema-bounds.ts';

export const REQUIRED_COLUMNS = ['model', 'gpu', 'num_gpus', 'tp', 'precision', 'engine', 'engine_version', 'isl', 'osl', 'concurrency_or_batch', 'metric', 'value'] as const;
const NUMERIC = ['num_gpus', 'value'] as const;

export interface CsvRows {
  file: string;
  records: Array<{ line: number; record: MeasurementRecord }>;
}

export function readMeasurementCsv(file: string, text: string = readInputFile(file, 'csvBytes')): CsvRows {
  let rows: string[][];
  let lines: number[];
  try {
    // `info` gives the line each record ends on; blank lines and quoted line breaks make it differ from the index.
    const parsed = parse(text, { relax_column_count: false, skip_empty_lines: true, bom: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    rows = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines - p.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0));
  } catch (e) {
    const err = e as { lines?: number; column?: number; message: string };
    throw new InputError([{ file, line: err.lines, col: typeof err.column === 'number' ? err.column : undefined, message: `not a valid CSV: ${err.message.split('\n')[0]}` }]);
  }
  if (rows.length - 1 > LIMITS.csvRows.max) throw new InputError([{ file, message: `has ${(rows.length - 1).toLocaleString('en-US')} rows; a measurement CSV has ${limitText('csvRows')}` }]);
  const header = rows[0] ?? [];
  const problems: InputProblem[] = [];
  for (const col of REQUIRED_COLUMNS) {
    if (!header.includes(col)) problems.push({ file, line: lines[0] ?? 1, message: `missing column "${col}"`, hint: didYouMean(col, header) ?? `expected columns: ${REQUIRED_COLUMNS.join(', ')}` });
  }
  if (problems.length) throw new InputError(problems);
  const idx = (c: string) => header.indexOf(c);
  const records: CsvRows['records'] = [];
  rows.slice(1).forEach((cells, i) => {
    const line = lines[i + 1]!;
    const record = Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])) as MeasurementRecord;
    for (const c of ['source', 'notes']) record[c] ??= '';
    for (const c of NUMERIC) {
      const v = record[c];
      if (v.trim() === '' || !Number.isFinite(Number(v))) {
        problems.push({ file, line, col: idx(c) + 1, path: c, message: `expected a number, got ${echo(v)}` });
      }
    }
    // Cells are printed in tables: a terminal escape in a model name must not reach the terminal.
    header.forEach((h, j) => {
      if (hasControl((cells[j] ?? '').replace(/[\n\t]/g, ''))) problems.push({ file, line, col: j + 1, path: h, message: `control characters are not allowed (got ${echo(cells[j]!)})` });
    });
    // Predictions are compared by ratio and replicas are num_gpus / tp: both must be positive and in range.
    const value = Number(record.value);
    if (Number.isFinite(value) && (value < LIMITS.measuredValue.min || value > LIMITS.measuredValue.max)) problems.push({ file, line, col: idx('value') + 1, path: 'value', message: rangeMessage('measuredValue', value) });
    const gpus = Number(record.num_gpus);
    if (Number.isFinite(gpus) && !(Number.isInteger(gpus) && gpus >= 1 && gpus <= LIMITS.linkDomain.max)) problems.push({ file, line, col: idx('num_gpus') + 1, path: 'num_gpus', message: `must be a whole number from 1 to ${LIMITS.linkDomain.max}; got ${echo(record.num_gpus)}` });
    records.push({ line, record });
  });
  if (problems.length) throw new InputError(problems);
  return { file, records };
}
