// The charts the reports share: one GPU's memory, the week of replicas, monthly cost per option, cumulative cost with
// the break-even point, and what moves the decision. Each takes result data and returns a ChartSpec.
import type { Deployment } from '../app/report.ts';
import type { SensitivityRow } from '../core/cost/tco.ts';
import { GiB } from '../core/units.ts';
import { fmtBytes, fmtInt, fmtUsd } from './format.ts';
import { barChart, lineChart, usdShort, type ChartSpec } from './html/charts.ts';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const gib = (b: number) => Math.round((b / GiB) * 100) / 100;

export function memoryChart(d: Deployment): ChartSpec | null {
  const m = d.memory;
  if (!m) return null;
  const mem = m.memory;
  const parts: Array<[string, number, string]> = [
    ['weights', mem.weightsBytes, '#3b5bdb'],
    ['activations (profiling peak)', mem.activationBytes, '#f08c00'],
    ['CUDA graphs', mem.cudaGraphBytes, '#7048e8'],
    ['CUDA context, NCCL, workspaces', mem.nonTorchBytes, '#868e96'],
    ['KV cache', mem.kvCacheBytes, '#2b8a3e'],
    ['left free by the engine', mem.reserveBytes, '#dee2e6'],
  ];
  return barChart({
    id: 'memory',
    title: `GPU memory of one ${m.gpuId} (TP ${m.tensorParallel}, ${m.weightFormat} weights, ${m.kvDtype} KV, ${m.engine})`,
    caption: `${d.label} (${d.role}). ${fmtBytes(m.gpuMemoryBytes)} per GPU; the KV cache holds ${fmtInt(m.kvCapacityTokens)} tokens, ${fmtInt(m.maxConcurrentSequences)} sequences of ${fmtInt(m.contextTokens)} tokens.`,
    categories: [`one ${m.gpuId}`],
    series: parts.map(([name, bytes, color]) => ({ name, values: [gib(Math.max(0, bytes))], stack: 'memory', color })),
    format: (v) => `${v} GiB`,
    reference: { value: gib(m.gpuMemoryBytes), label: 'GPU memory' },
  });
}

export function replicasChart(d: Deployment): ChartSpec {
  const h = d.plan.hourly;
  const x = h.map((p) => `${DAYS[Math.floor(p.hourOfWeek / 24)]} ${String(p.hourOfWeek % 24).padStart(2, '0')}:00`);
  return lineChart({
    id: 'replicas',
    title: `Replicas over the 168 hours of the week: ${d.label}`,
    caption: `${d.role}; ${d.plan.gpusPerReplica} GPU(s) per replica, peak ${d.plan.peakReplicas} replicas (N+${d.plan.redundancyReplicas} for availability), ${fmtInt(d.plan.gpuHoursPerMonth)} GPU-hours a month. Hours in the scenario's time zone.`,
    x,
    series: [
      { name: 'replicas running', values: h.map((p) => p.replicas), step: true, area: true },
      { name: 'replicas the load needs', values: h.map((p) => p.replicasForLoad), step: true, dashed: true },
      { name: 'requests/s arriving', values: h.map((p) => Math.round(p.arrivalRequestsPerSecond * 100) / 100), axis: 1, color: '#868e96' },
    ],
    format: (v) => String(v),
    leftName: 'replicas',
    rightAxis: { name: 'req/s', format: (v) => String(v) },
    xLabelEvery: 24,
  });
}

export interface CostItem {
  label: string;
  monthlyUsd: number;
  /** The decision: drawn in the accent colour, the rest grey-blue. */
  chosen?: boolean;
}

export function monthlyCostChart(items: readonly CostItem[], budgetMonthlyUsd: number | null, caption: string): ChartSpec {
  return barChart({
    id: 'monthly-cost',
    title: 'Monthly cost per option (month 1)',
    caption,
    categories: items.map((i) => i.label),
    series: [
      { name: 'chosen', values: items.map((i) => (i.chosen ? i.monthlyUsd : null)), stack: 'cost', color: '#3b5bdb', labels: true },
      { name: 'other options', values: items.map((i) => (i.chosen ? null : i.monthlyUsd)), stack: 'cost', color: '#91a7ff', labels: true },
    ],
    format: usdShort,
    ...(budgetMonthlyUsd !== null ? { reference: { value: budgetMonthlyUsd, label: `budget ${fmtUsd(budgetMonthlyUsd)}` } } : {}),
  });
}

export interface CumulativeSeries {
  id: string;
  label: string;
  cumulativeUsd: readonly number[];
}

export interface BreakEvenMark {
  /** The option whose cumulative cost catches up (it paid more up front). */
  investId: string;
  otherId: string;
  month: number;
}

export function cumulativeChart(series: readonly CumulativeSeries[], marks: readonly BreakEvenMark[], caption: string): ChartSpec {
  const months = Math.max(1, ...series.map((s) => s.cumulativeUsd.length));
  const label = (id: string) => series.find((s) => s.id === id)?.label ?? id;
  return lineChart({
    id: 'cumulative-cost',
    title: 'Cumulative cost over the horizon, with the break-even points',
    caption,
    x: Array.from({ length: months }, (_, i) => String(i + 1)),
    xName: 'month',
    xLabelEvery: months > 24 ? 6 : months > 12 ? 3 : 1,
    series: series.map((s) => ({ name: s.label, values: s.cumulativeUsd.map((v) => Math.round(v)) })),
    format: usdShort,
    marks: marks
      .filter((m) => series.some((s) => s.id === m.investId))
      .map((m) => ({ series: series.findIndex((s) => s.id === m.investId), index: m.month - 1, label: `break-even: month ${m.month} vs ${shortLabel(label(m.otherId))}` })),
    height: 420,
  });
}

const shortLabel = (s: string) => (s.length > 22 ? s.slice(0, 21) + '…' : s);

/** A tornado: the horizon total of today's cheapest option with each input at ×0.8 and ×1.2, as a change from today. */
export function sensitivityChart(rows: readonly SensitivityRow[], baseTotalUsd: number, subject: string): ChartSpec {
  const cats = rows.map((r) => `${r.label}${r.flipFactor !== null ? ` (flips at ×${r.flipFactor.toFixed(2)})` : ''}`);
  const delta = (v: number | null) => (v === null ? null : Math.round(v - baseTotalUsd));
  return barChart({
    id: 'sensitivity',
    title: `What moves the horizon total of ${shortLabel(subject)}`,
    caption: `Change in the ${fmtUsd(baseTotalUsd)} horizon total of ${subject} with one input at ×0.8 and ×1.2, the others unchanged; "flips at" is the factor at which another option becomes cheapest.`,
    categories: cats,
    series: [
      { name: 'input ×0.8', values: rows.map((r) => delta(r.totalAtMinus20PctUsd)), stack: 'delta', color: '#2b8a3e' },
      { name: 'input ×1.2', values: rows.map((r) => delta(r.totalAtPlus20PctUsd)), stack: 'delta2', color: '#c92a2a' },
    ],
    format: usdShort,
  });
}
