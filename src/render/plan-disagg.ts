// `plan --compare-disagg`: beside each aggregated plan, the disaggregated one on the same GPU, GPU-hours side by side.
import type { ChalkInstance } from 'chalk';
import type { OptionPlan } from '../core/capacity/scenario.ts';
import { fmtInt, fmtSeconds } from './format.ts';
import { fitTable, type Cell, type Column } from './table.ts';
import { wrap } from './text.ts';

const COLUMNS: Column[] = [
  { head: 'model', wrap: true, minWidth: 10 },
  { head: 'GPU', wrap: true, minWidth: 10 },
  { head: 'prefill peak × TP (binds)', align: 'right', wrap: true, minWidth: 9 },
  { head: 'decode peak × TP (binds)', align: 'right', wrap: true, minWidth: 9 },
  { head: 'GPUs at peak', align: 'right', wrap: true, minWidth: 5 },
  { head: 'GPU-h/month disagg', align: 'right', wrap: true, minWidth: 8 },
  { head: 'GPU-h/month aggregated', align: 'right', wrap: true, minWidth: 8 },
  { head: 'disagg vs aggregated', align: 'right', wrap: true, minWidth: 8 },
];

/** The comparison table and its notes; nothing when the plan was not asked to compare. */
export function renderDisaggComparison(plans: readonly OptionPlan[], c: ChalkInstance, width: number): string[] {
  const compared = plans.filter((o) => o.disagg !== undefined && o.skipped === null);
  if (!compared.length) return [];
  const rows: Cell[][] = [];
  let cheaper = 0;
  let onlyDisagg = 0;
  for (const o of compared) {
    const d = o.disagg;
    if (!d) {
      rows.push([o.model.id, o.gpu.id, { span: 6, content: 'not applicable: an embedding request has no decode phase' }]);
      continue;
    }
    if (!d.feasible) {
      rows.push([o.model.id, o.gpu.id, { span: 6, content: `not feasible: ${d.infeasibleReason}` }]);
      continue;
    }
    const agg = o.plan.feasible ? o.plan.gpuHoursPerMonth : null;
    const pct = agg === null ? 0 : Math.round(((d.gpuHoursPerMonth - agg) / agg) * 100);
    const delta = agg === null ? 'aggregated not feasible' : pct === 0 ? (d.gpuHoursPerMonth < agg ? '−0%' : d.gpuHoursPerMonth > agg ? '+0%' : 'same') : `${pct > 0 ? '+' : '−'}${Math.abs(pct)}%`;
    if (agg === null) onlyDisagg++;
    else if (d.gpuHoursPerMonth < agg) cheaper++;
    rows.push([
      o.model.id,
      o.gpu.id,
      `${d.prefill!.peakInstances} × ${d.prefill!.tensorParallel} (${d.prefill!.binding})`,
      `${d.decode!.peakInstances} × ${d.decode!.tensorParallel} (${d.decode!.binding})`,
      d.peakGpus,
      fmtInt(d.gpuHoursPerMonth),
      agg === null ? 'n/a' : fmtInt(agg),
      delta,
    ]);
  }
  const out: string[] = ['', c.bold('Disaggregated alternative (--compare-disagg): a prefill pool and a decode pool on the same GPU, each sized for every hour')];
  const table = fitTable(COLUMNS, rows, width);
  out.push(table.text);
  const best = compared.filter((o) => o.disagg?.feasible).reduce<OptionPlan | null>((a, b) => (!a || b.disagg!.gpuHoursPerMonth < a.disagg!.gpuHoursPerMonth ? b : a), null);
  const notes = [
    `${cheaper} of ${compared.length} option(s) need fewer GPU-hours disaggregated${onlyDisagg ? `; ${onlyDisagg} meet the targets only disaggregated` : ''}.`,
    best ? `At capacity, ${best.model.id} on ${best.gpu.id} disaggregated gives TTFT p95 ${fmtSeconds(best.disagg!.atCapacityP95!.ttftSeconds)} (with the KV transfer, ${fmtSeconds(best.disagg!.kvTransfer!.seconds)} over ${best.disagg!.kvTransfer!.path === 'nvlink' ? 'NVLink' : 'PCIe'}, and the first decode step), TPOT p95 ${fmtSeconds(best.disagg!.atCapacityP95!.tpotSeconds)}.` : '',
    'Prefill pools are sized to TTFT (M/D/1 queue of prompts), decode pools to TPOT and their KV cache; each pool keeps spares for √ of the availability target. Extrapolated: no disaggregated measurement is in the calibration data (docs/disaggregated.md).',
  ];
  for (const n of notes.filter(Boolean)) out.push(...wrap(n, width).map((l) => c.dim(l)));
  return out;
}
