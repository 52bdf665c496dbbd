// Error tables for predicted vs published rows: per row, per regime, per metric; and leave-one-source-out.
import { predictRow, regimeOf, type EfficiencyTable, type MappedRow, type Metric } from './calibration.ts';
import type { EngineId, EngineMemoryProfile } from '../memory/engine-memory.ts';
import { fitEfficiencies } from './fit.ts';

export type MetricGroup = 'throughput' | 'tpot' | 'ttft' | 'e2e';

export function metricGroup(m: Metric): MetricGroup {
  if (m === 'ttft_ms') return 'ttft';
  if (m === 'tpot_ms' || m === 'itl_ms') return 'tpot';
  if (m === 'e2e_latency_ms') return 'e2e';
  return 'throughput';
}

export interface RowResult {
  row: MappedRow;
  predicted: number | null;
  /** |predicted − published| / published. */
  ape: number | null;
  /** ln(published / predicted): what to multiply a prediction by to get the measurement. */
  logRatio: number | null;
  error?: string;
}

export function evaluateRows(rows: readonly MappedRow[], table: EfficiencyTable, engines: Record<EngineId, EngineMemoryProfile>): RowResult[] {
  return rows.map((row) => {
    try {
      const predicted = predictRow(row, table, engines);
      return { row, predicted, ape: Math.abs(predicted - row.value) / row.value, logRatio: Math.log(row.value / predicted) };
    } catch (e) {
      return { row, predicted: null, ape: null, logRatio: null, error: (e as Error).message };
    }
  });
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface ErrorSummary {
  key: string;
  n: number;
  medianApe: number;
  p90Ape: number;
  /** 10th and 90th percentile of ln(published / predicted): the error band's multipliers. */
  logRatioP10: number;
  logRatioP90: number;
  worst: Array<{ line: number; ape: number }>;
}

export function summarise(results: readonly RowResult[], keyOf: (r: RowResult) => string): ErrorSummary[] {
  const groups = new Map<string, RowResult[]>();
  for (const r of results) {
    if (r.ape === null) continue;
    const k = keyOf(r);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.entries()]
    .map(([key, rs]) => {
      const apes = rs.map((r) => r.ape!).sort((a, b) => a - b);
      const logs = rs.map((r) => r.logRatio!).sort((a, b) => a - b);
      const worst = [...rs].sort((a, b) => b.ape! - a.ape!).slice(0, 3).map((r) => ({ line: r.row.line, ape: r.ape! }));
      return { key, n: rs.length, medianApe: quantile(apes, 0.5), p90Ape: quantile(apes, 0.9), logRatioP10: quantile(logs, 0.1), logRatioP90: quantile(logs, 0.9), worst };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export const byMetric = (r: RowResult): string => metricGroup(r.row.metric);
export const byRegime = (r: RowResult): string => `${regimeOf(r.row)} · ${r.row.gpu.id} · ${r.row.engine}`;

/** Rows the efficiencies are fitted on: tensor-parallel ones. DEP rows (ep > 1) are only predicted. */
export const isFitted = (r: MappedRow): boolean => r.ep === 1;

/** Deployment kind of a row for the error tables: tensor parallel, or attention data-parallel + expert-parallel. */
export const byDeployment = (r: RowResult): string => `${metricGroup(r.row.metric)} · ${r.row.ep > 1 ? 'DEP (predicted, not fitted)' : 'tensor parallel'}`;

/**
 * Fit without each source in turn and predict that source: the honest, out-of-sample error. Each held-out fit runs
 * to convergence: at 150 iterations the published medians moved ±3 points with the starting point (TPOT read
 * 11.5% from early stopping; converged it is ~15%), which is noise, not accuracy.
 */
export const LOSO_ITERATIONS = 400;

export function leaveOneSourceOut(rows: readonly MappedRow[], engines: Record<EngineId, EngineMemoryProfile>, sourceOf: (r: MappedRow) => string, iterations = LOSO_ITERATIONS, onIteration?: () => void): RowResult[] {
  const sources = [...new Set(rows.map(sourceOf))];
  const out: RowResult[] = [];
  for (const s of sources) {
    const train = rows.filter((r) => sourceOf(r) !== s && isFitted(r));
    const test = rows.filter((r) => sourceOf(r) === s);
    const table = fitEfficiencies(train, engines, iterations, onIteration);
    out.push(...evaluateRows(test, table, engines));
  }
  return out.sort((a, b) => a.row.line - b.row.line);
}
