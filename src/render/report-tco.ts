// `tco --format html`: the decision, the options compared, their monthly and cumulative cost with the break-even
// points, what would change the answer, and the memory and week of replicas of the self-hosted option shown.
import type { TcoReportData } from '../app/report.ts';
import type { TcoResult } from '../core/cost/tco.ts';
import type { Scenario } from '../scenario/types.ts';
import { fmtInt, fmtUsd } from './format.ts';
import { renderHtmlReport, type Block, type Section } from './html/page.ts';
import { cumulativeChart, memoryChart, monthlyCostChart, replicasChart, sensitivityChart } from './report-charts.ts';
import { groupExclusions } from './tco-excluded.ts';
import { shownOptions } from './tco-rows.ts';
import { priceAgeDays, usdSmall } from './tco.ts';

export function deploymentSections(focus: TcoReportData['focus'], what: string): Section[] {
  if (!focus) return [{ heading: 'GPU memory and replicas', blocks: [{ kind: 'paragraph', text: `No self-hosted option ${what}: nothing to size.`, tone: 'muted' }] }];
  const memory = memoryChart(focus);
  return [
    { heading: 'GPU memory', blocks: memory ? [{ kind: 'chart', chart: memory }] : [{ kind: 'paragraph', text: 'The catalog lacks this model, GPU or engine.', tone: 'muted' }] },
    { heading: 'Replicas over the week', blocks: [{ kind: 'chart', chart: replicasChart(focus) }] },
  ];
}

export function footer(asOf: string): string {
  return `Made by llmplan with prices as of ${asOf}. Months are 730 hours. Every price carries its source and read-on date in --json output.`;
}

export async function renderTcoReport(s: Scenario, r: TcoResult, data: TcoReportData): Promise<string> {
  const shown = shownOptions(r, false);
  const best = r.options.find((o) => o.id === r.recommendedId) ?? null;
  const decision: Block[] = best
    ? [
        { kind: 'paragraph', text: `Cheapest option that meets the targets and constraints: ${best.label} (${best.purchase}), ${fmtUsd(best.monthlyCostUsd)}/month, ${fmtUsd(best.totalCostUsd)} over ${r.horizonMonths} months.`, tone: r.budget.verdict === 'over' ? 'bad' : 'good' },
        {
          kind: 'facts',
          items: [
            ['month 1', fmtUsd(best.monthlyCostUsd)],
            [`${r.horizonMonths}-month total`, fmtUsd(best.totalCostUsd)],
            ['per request', usdSmall(best.costPerRequestUsd)],
            ['per 1M tokens', usdSmall(best.costPerMillionTokensUsd)],
            ['capex', best.capitalUsd ? fmtUsd(best.capitalUsd) : 'none'],
            ['GPUs at the busiest hour', best.peakGpus === null ? 'none (API)' : String(best.peakGpus)],
            ['budget', r.budget.verdict === 'no-budget' ? 'none set' : r.budget.verdict === 'over' ? 'OVER' : r.budget.verdict === 'within' ? 'within' : 'no option priced'],
          ],
        },
        { kind: 'list', items: best.breakdown.map((b) => `${b.item}: ${fmtUsd(b.monthlyUsd)}/month`) },
      ]
    : [{ kind: 'paragraph', text: 'No eligible option has a price.', tone: 'bad' }];

  const priced = shown.rows.filter((o) => o.monthlyCostUsd !== null && o.totalCostUsd !== null);
  const costBars = priced.slice(0, 16).map((o) => ({ label: `#${shown.number.get(o.id)} ${o.label} (${o.purchase})`, monthlyUsd: o.monthlyCostUsd!, chosen: o.id === r.recommendedId }));
  const lineIds = new Set<string>([...(r.recommendedId ? [r.recommendedId] : []), ...r.breakEven.flatMap((b) => [b.aId, b.bId]), ...r.options.filter((o) => o.kind === 'api').map((o) => o.id)]);
  const lines = r.options.filter((o) => lineIds.has(o.id) && o.cumulativeCashUsd).map((o) => ({ id: o.id, label: `#${shown.number.get(o.id)} ${o.label}`, cumulativeUsd: o.cumulativeCashUsd! }));
  const marks = r.breakEven.filter((b) => b.breakEvenMonth !== null && b.breakEvenMonth > 1).map((b) => ({ investId: b.investId, otherId: b.investId === b.aId ? b.bId : b.aId, month: b.breakEvenMonth! }));

  const cost: Block[] = [];
  if (costBars.length) cost.push({ kind: 'chart', chart: monthlyCostChart(costBars, r.budget.monthlyBudgetUsd, 'Month-1 cost of the options in the table (on-prem: depreciation plus running costs). Numbers are rows of the table.') });
  if (lines.length) {
    cost.push({
      kind: 'chart',
      chart: cumulativeChart(lines, marks, `Cash paid by the end of each month (purchases in the month they are made; resale not counted). The cheapest option, the best of each way of buying, and the scenario's APIs. ${marks.length ? 'Pins: the month the option that paid more up front catches up.' : 'No option that paid more up front catches up within the horizon.'}`),
    });
  }
  for (const b of r.breakEven) {
    const ref = (id: string) => `#${shown.number.get(id) ?? '?'}`;
    cost.push({ kind: 'paragraph', text: `${ref(b.aId)} vs ${ref(b.bId)}: ${b.breakEvenRequestsPerMonth === null ? `no crossing (${b.reason})` : `same monthly cost at ${fmtInt(b.breakEvenRequestsPerMonth)} requests/month, ${ref(b.cheaperAboveId!)} cheaper above it`}; the cumulative cost of ${ref(b.investId)} ${b.breakEvenMonth === null ? `does not catch up within ${r.horizonMonths} months` : `catches up in month ${b.breakEvenMonth}`}.` });
  }

  const sens: Block[] = best && best.totalCostUsd !== null && r.sensitivity.length
    ? [{ kind: 'chart', chart: sensitivityChart(r.sensitivity, best.totalCostUsd, best.label) }]
    : [{ kind: 'paragraph', text: 'No sensitivity: no eligible option has a price.', tone: 'muted' }];

  const sections: Section[] = [
    { heading: 'Decision', blocks: decision },
    {
      heading: 'Options compared',
      blocks: [
        {
          kind: 'table',
          head: ['#', 'option', 'buy', 'GPUs', 'capex', 'month 1', `${r.horizonMonths}-month total`, '$/request', '$/MTok', 'price age'],
          align: ['right', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
          rows: shown.rows.map((o, i) => [
            `${o.id === r.recommendedId ? '★' : o.eligible ? '' : '✗'}${i + 1}`, o.label, o.purchase, o.peakGpus ?? '-', o.capitalUsd ? fmtUsd(o.capitalUsd) : '-',
            o.missingPriceReason ? `n/a (${o.missingPriceReason})` : fmtUsd(o.monthlyCostUsd), fmtUsd(o.totalCostUsd), usdSmall(o.costPerRequestUsd), usdSmall(o.costPerMillionTokensUsd),
            priceAgeDays(o) === null ? '' : `${priceAgeDays(o)} d`,
          ]),
          caption: `★ cheapest that meets the targets; ✗ not eligible (spot capacity for user-facing work). ${shown.hidden ? `${shown.hidden} more options in --json and --format csv.` : ''}`,
        },
      ],
    },
    { heading: 'Cost', blocks: cost },
    { heading: 'What would change the answer', blocks: sens },
    ...deploymentSections(data.focus, 'has a price'),
  ];
  if (r.excluded.length) {
    sections.push({
      heading: `Not compared (${r.excluded.length})`,
      blocks: [{ kind: 'table', head: ['why not compared', 'model', 'n', 'which'], align: ['left', 'left', 'right', 'left'], rows: groupExclusions(r.excluded).map((g) => [g.reason, g.model, g.items.length, g.items.join(', ')]) }],
    });
  }
  return renderHtmlReport({
    title: `TCO of ${s.name}`,
    subtitle: `${s.description} ${r.horizonMonths} months, prices as of ${r.asOf}.`.trim(),
    sections,
    footer: footer(r.asOf),
  });
}
