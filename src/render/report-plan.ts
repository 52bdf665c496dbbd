// `plan --format html`: the option with the fewest GPU-hours drawn in full (one GPU's memory, the week of replicas),
// GPU-hours per month of every feasible option, and the options table.
import type { PlanReportData } from '../app/report.ts';
import type { OptionPlan } from '../core/capacity/scenario.ts';
import type { Scenario } from '../scenario/types.ts';
import { fmtInt } from './format.ts';
import { barChart } from './html/charts.ts';
import { renderHtmlReport, type Section } from './html/page.ts';
import { deploymentSections } from './report-tco.ts';

export async function renderPlanReport(s: Scenario, plans: readonly OptionPlan[], d: PlanReportData): Promise<string> {
  const w = s.workload;
  const feasible = plans.filter((p) => p.plan.feasible).sort((a, b) => a.plan.gpuHoursPerMonth - b.plan.gpuHoursPerMonth);
  const best = d.best;
  const sections: Section[] = [
    {
      heading: best ? 'Fewest GPU-hours' : 'No option is feasible',
      blocks: best
        ? [
            { kind: 'paragraph', text: `${best.label}: TP ${best.plan.tensorParallel}, ${best.plan.peakReplicas} replica(s) at the peak (${best.plan.peakReplicas * best.plan.gpusPerReplica} GPUs), ${fmtInt(best.plan.gpuHoursPerMonth)} GPU-hours a month; ${best.plan.binding} binds.`, tone: 'good' },
            {
              kind: 'facts',
              items: [
                ['requests/month', fmtInt(w.requestsPerMonth)],
                ['peak req/s', w.peakRequestsPerSecond.toFixed(2)],
                ['tokens in / out', `${fmtInt(w.inputTokensMean)} / ${fmtInt(w.outputTokensMean)}`],
                ['replica capacity', `${best.plan.replicaCapacityRequestsPerSecond.toFixed(2)} req/s`],
              ],
            },
          ]
        : [{ kind: 'paragraph', text: 'No (model, GPU) option meets the targets; the table says why for each.', tone: 'bad' }],
    },
    ...deploymentSections(best, 'is feasible'),
  ];
  if (feasible.length) {
    sections.push({
      heading: 'GPU-hours per month',
      blocks: [{
        kind: 'chart',
        chart: barChart({
          id: 'gpu-hours',
          title: 'GPU-hours per month of each feasible option',
          caption: 'Base: GPUs running every hour of the week; variable: the hours above it. Fewest first.',
          categories: feasible.map((p) => `${p.model.id} on ${p.gpu.id} (TP ${p.plan.tensorParallel})`),
          series: [
            { name: 'base', values: feasible.map((p) => Math.round(p.plan.baseGpuHoursPerMonth)), stack: 'h' },
            { name: 'variable', values: feasible.map((p) => Math.round(p.plan.variableGpuHoursPerMonth)), stack: 'h' },
          ],
          format: (v) => fmtInt(v),
        }),
      }],
    });
  }
  sections.push({
    heading: 'Options',
    blocks: [{
      kind: 'table',
      head: ['model', 'GPU', 'TP', 'replica capacity', 'peak', 'min', 'spare', 'GPUs at peak', 'GPU-h/month', 'binds'],
      align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      rows: plans.map((o) => {
        const p = o.plan;
        if (!p.feasible) return [o.model.id, o.gpu.id, '', `not feasible: ${p.infeasibleReason}`, '', '', '', '', '', ''];
        return [o.model.id, o.gpu.id, p.tensorParallel, `${p.replicaCapacityRequestsPerSecond.toFixed(2)} req/s`, p.peakReplicas, p.minReplicas, p.redundancyReplicas, p.peakReplicas * p.gpusPerReplica, fmtInt(p.gpuHoursPerMonth), p.binding];
      }),
    }],
  });
  return renderHtmlReport({
    title: `Capacity plan for ${s.name}`,
    subtitle: `${s.description} ${fmtInt(w.requestsPerMonth)} requests a month, peak ${w.peakRequestsPerSecond.toFixed(2)} req/s.`,
    sections,
    footer: 'Made by llmplan. Replicas meet the scenario\'s p95 targets at every hour of the week, plus N+k redundancy for its availability target.',
  });
}
