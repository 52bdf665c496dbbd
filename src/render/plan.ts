import type { ChalkInstance } from 'chalk';
import type { OptionPlan } from '../core/capacity/scenario.ts';
import type { CapacityPlan } from '../core/capacity/types.ts';
import { DEFAULT_RELIABILITY } from '../core/capacity/replicas.ts';
import type { Scenario } from '../scenario/types.ts';
import { fmtInt, fmtSeconds, sparkline } from './format.ts';
import { fitTable, type Cell, type Column } from './table.ts';
import { DEFAULT_WIDTH, wrap } from './text.ts';
import { renderDisaggComparison } from './plan-disagg.ts';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The cheapest feasible option by GPU-hours per month, the plan's own ranking before prices (tco ranks by USD). */
export function bestPlan(plans: readonly OptionPlan[]): OptionPlan | null {
  const ok = plans.filter((p) => p.plan.feasible);
  return ok.length ? ok.reduce((a, b) => (b.plan.gpuHoursPerMonth < a.plan.gpuHoursPerMonth ? b : a)) : null;
}

/** A week of replicas as a 7-line chart, one line per day, one block per hour. */
export function weekChart(plan: CapacityPlan): string[] {
  const max = Math.max(...plan.hourly.map((h) => h.replicas), 1);
  return DAY_NAMES.map((d, i) => `${d} ${sparkline(plan.hourly.slice(i * 24, i * 24 + 24).map((h) => h.replicas), max)}`);
}

function targetsText(s: Scenario): string {
  const t = s.targets;
  const parts = [
    t.ttftP95Seconds !== null ? `TTFT p95 ≤ ${fmtSeconds(t.ttftP95Seconds)}` : null,
    t.tpotP95Seconds !== null ? `TPOT p95 ≤ ${fmtSeconds(t.tpotP95Seconds)}` : null,
    t.e2eP95Seconds !== null ? `end-to-end p95 ≤ ${fmtSeconds(t.e2eP95Seconds)}` : null,
    t.availability !== null ? `availability ${(t.availability * 100).toFixed(2)}%` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no latency targets (throughput only)';
}

const PLAN_COLUMNS: Column[] = [
  { head: 'model', wrap: true, minWidth: 10 },
  { head: 'GPU', wrap: true, minWidth: 10 },
  { head: 'TP', align: 'right' },
  { head: 'replica capacity', align: 'right', wrap: true, minWidth: 8 },
  { head: 'peak', align: 'right' },
  { head: 'min', align: 'right', drop: 3 },
  { head: 'spare', align: 'right', drop: 2 },
  { head: 'GPUs at peak', align: 'right', wrap: true, minWidth: 5 },
  { head: 'GPU-h/month (base + variable)', align: 'right', wrap: true, minWidth: 9 },
  { head: 'binds', wrap: true, minWidth: 6, drop: 4 },
  { head: 'week', drop: 1 },
];

export function renderPlanHuman(s: Scenario, plans: readonly OptionPlan[], c: ChalkInstance, width = DEFAULT_WIDTH): string {
  const w = s.workload;
  const W = width;
  const out: string[] = [];
  out.push(...wrap(`${s.name} (${s.kind}): ${fmtInt(w.requestsPerMonth)} requests/month, peak ${w.peakRequestsPerSecond.toFixed(2)} req/s, ${fmtInt(w.inputTokensMean)} in / ${fmtInt(w.outputTokensMean)} out tokens`, W).map((l, i) => (i === 0 ? l.replace(s.name, c.bold(s.name)) : l)));
  out.push(...wrap(`Targets: ${targetsText(s)}`, W));
  const rows: Cell[][] = [];
  const best = bestPlan(plans);
  for (const o of plans) {
    const p = o.plan;
    if (!p.feasible) {
      rows.push([o.model.id, o.gpu.id, { span: 9, content: `not feasible: ${p.infeasibleReason}` }]);
      continue;
    }
    const mark = best === o ? ' ★' : '';
    const max = Math.max(...p.hourly.map((h) => h.replicas), 1);
    rows.push([
      o.model.id + mark,
      o.gpu.id,
      p.tensorParallel,
      `${p.replicaCapacityRequestsPerSecond.toFixed(2)} req/s`,
      p.peakReplicas,
      p.minReplicas,
      p.redundancyReplicas,
      p.peakReplicas * p.gpusPerReplica,
      `${fmtInt(p.gpuHoursPerMonth)} (${fmtInt(p.baseGpuHoursPerMonth)} + ${fmtInt(p.variableGpuHoursPerMonth)})`,
      p.binding,
      // One block per day: the day's busiest hour.
      sparkline(DAY_NAMES.map((_, d) => Math.max(...p.hourly.slice(d * 24, d * 24 + 24).map((h) => h.replicas))), max),
    ]);
  }
  const table = fitTable(PLAN_COLUMNS, rows, W);
  out.push(table.text);
  if (table.dropped.length) out.push(...wrap(`left out to fit ${W} columns: ${table.dropped.join(', ')} (--json has every field)`, W).map((l) => c.dim(l)));
  out.push(...wrap('TP per row: of 1, 2, 4 and 8, the degree with the fewest GPU-hours a month that fits and meets the targets. ★ marks the fewest GPU-hours over all rows, not the cheapest: `llmplan tco` prices them, `llmplan recommend` decides.', W).map((l) => c.dim(l)));
  if (best) {
    const p = best.plan;
    out.push(...wrap(`★ Fewest GPU-hours: ${best.model.id} on ${p.peakReplicas} × ${p.gpusPerReplica} × ${best.gpu.id} (${p.weightFormat}, ${p.engine}); replicas by hour of the week:`, W).map((l) => c.bold(l)));
    out.push(...weekChart(p).map((l) => '  ' + l));
    const peak = p.hourly.reduce((a, b) => (b.arrivalRequestsPerSecond > a.arrivalRequestsPerSecond ? b : a));
    const lines = [
      `peak hour ${DAY_NAMES[Math.floor(peak.hourOfWeek / 24)]} ${peak.hourOfWeek % 24}:00: ${peak.arrivalRequestsPerSecond.toFixed(2)} req/s → ${peak.replicasForLoad} for the load, ${peak.replicas - peak.replicasForLoad} for availability and scale-up lag`,
      `redundancy: N+${p.redundancyReplicas} for ${s.targets.availability === null ? 'no availability target' : `${(s.targets.availability * 100).toFixed(2)}%`} (a replica is down ≥ ${(DEFAULT_RELIABILITY.instanceUnavailability * 100).toFixed(1)}% of the time: EC2 instance SLA 99.5%; a GPU fails once per ${fmtInt(DEFAULT_RELIABILITY.gpuMtbfHours / 24)} days: Llama 3 paper; repair ${DEFAULT_RELIABILITY.repairHours} h: assumption)`,
      best.scaleAheadReplicaHours > 0 ? `scale-up lag: +${fmtInt(best.scaleAheadReplicaHours)} replica-hours a week started an hour before the traffic rises` : '',
      `tokens/month: ${fmtInt(p.inputTokensPerMonth)} in, ${fmtInt(p.outputTokensPerMonth)} out`,
      p.oneTimeNote ? `one-time: ${p.oneTimeNote} (${fmtInt(p.oneTimeGpuHours)} GPU-hours)` : '',
      best.capacity
        ? `at capacity one replica gives TTFT p95 ${fmtSeconds(best.capacity.atCapacity.ttftSeconds)}, TPOT p95 ${fmtSeconds(best.capacity.atCapacity.tpotSeconds)}, end-to-end p95 ${fmtSeconds(best.capacity.atCapacity.e2eSeconds)} (batch ${best.capacity.atCapacity.meanBatch.toFixed(1)})`
        : '',
    ];
    for (const l of lines.filter(Boolean)) out.push(...wrap(l, W, '    ').map((x, i) => (i === 0 ? '  ' + x.slice(4) : x)));
  }
  out.push(...renderDisaggComparison(plans, c, W));
  return out.join('\n') + '\n';
}

export function renderPlanJson(s: Scenario, plans: readonly OptionPlan[], engine: string, calibrationFittedOn: string): string {
  const best = bestPlan(plans);
  return JSON.stringify(
    {
      schemaVersion: 1,
      kind: 'plan',
      scenario: s.name,
      workloadKind: s.kind,
      engine,
      calibrationFittedOn,
      requestsPerMonth: s.workload.requestsPerMonth,
      peakRequestsPerSecond: s.workload.peakRequestsPerSecond,
      targets: s.targets,
      best: best ? { model: best.model.id, gpu: best.gpu.id } : null,
      options: plans.map((o) => ({
        model: o.model.id,
        gpu: o.gpu.id,
        skipped: o.skipped,
        ...o.plan,
        atCapacityP95: o.capacity ? o.capacity.atCapacity : null,
        ...(o.disagg !== undefined ? { disaggregated: o.disagg } : {}),
      })),
    },
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}
