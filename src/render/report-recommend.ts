// `recommend --format html`: the decision first, then the GPU memory and week of replicas of the deployment, the
// monthly and cumulative cost of the options the decision names (with the scenario's APIs and the break-even
// points), what moves it (sensitivity and levers), the runners-up, the rejections and the launch.
import { breakEvenMarks, type RecommendReportData } from '../app/report.ts';
import type { RecommendOutcome } from '../app/recommend.ts';
import { formatRejection } from '../core/search/reason-text.ts';
import type { Candidate } from '../core/search/types.ts';
import { fmtSeconds, fmtUsd } from './format.ts';
import { renderHtmlReport, type Block, type Section } from './html/page.ts';
import { answerSentence, byCode, targetRows } from './recommend.ts';
import { cumulativeChart, monthlyCostChart, sensitivityChart, type CumulativeSeries } from './report-charts.ts';
import { deploymentSections, footer } from './report-tco.ts';
import { usdSmall } from './tco.ts';

const kindName = (c: Candidate) => (c.kind === 'api' ? 'API' : c.kind === 'onprem' ? 'on-prem' : c.kind);

function decision(o: RecommendOutcome): Block[] {
  const r = o.result;
  const shown = r.recommendation ?? r.closest?.candidate ?? null;
  const out: Block[] = [];
  if (r.recommendation) out.push({ kind: 'paragraph', text: answerSentence(r.recommendation, o.horizonMonths), tone: 'good' });
  else {
    out.push({ kind: 'paragraph', text: 'No deployment meets every target and the budget.', tone: 'bad' });
    if (shown) out.push({ kind: 'paragraph', text: `Closest: ${answerSentence(shown, o.horizonMonths)}` });
    const misses = r.closest?.misses ?? [];
    if (misses.length) out.push({ kind: 'list', items: misses.map((m) => `misses: ${formatRejection(m)}`) });
  }
  if (shown) {
    const b = o.scenario.budget;
    out.push({
      kind: 'facts',
      items: [
        ['per month (month 1)', fmtUsd(shown.monthlyCostUsd)],
        [`over ${o.horizonMonths} months`, fmtUsd(shown.totalCostUsd)],
        ['per request', usdSmall(shown.costPerRequestUsd)],
        ['per 1M tokens', usdSmall(shown.costPerMillionTokensUsd)],
        ['GPUs (base / peak)', shown.baseGpus === null ? 'none (API)' : `${shown.baseGpus} / ${shown.peakGpus}`],
        ['capex', shown.capitalUsd ? fmtUsd(shown.capitalUsd) : 'none'],
        ['monthly budget', b.monthlyUsd === null ? 'none set' : `${fmtUsd(shown.peakMonthlyOperatingUsd)} of ${fmtUsd(b.monthlyUsd)}`],
        ['quality risk', shown.qualityRisk],
      ],
    });
  }
  if (o.oldestPrice) out.push({ kind: 'paragraph', text: `The oldest price used is ${o.oldestPrice.ageDays} days old (${o.oldestPrice.what}, read ${o.oldestPrice.readOn}).`, tone: 'muted' });
  const rows = targetRows(o, shown);
  if (rows.length) {
    out.push({
      kind: 'table',
      head: ['target', 'p95 target', 'predicted p95', `band (p10–p90${o.bands ? `, ${o.bands.tier}` : ''})`, 'margin'],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: rows.map((x) => [
        x.metric.toUpperCase(), fmtSeconds(x.targetSeconds), x.predictedSeconds === null ? 'not predicted' : fmtSeconds(x.predictedSeconds),
        x.band ? `${fmtSeconds(x.band.low)}–${fmtSeconds(x.band.high)}` : '-', x.marginFraction === null ? '-' : `${(x.marginFraction * 100).toFixed(0)}%`,
      ]),
      caption: 'p95 of one replica at the planned load; the band is the model\'s out-of-sample error.',
    });
  }
  return out;
}

function costBlocks(o: RecommendOutcome, d: RecommendReportData): Block[] {
  const chosen = d.candidates[0] ?? null;
  const apis = d.apiBaselines.filter((x) => x.monthlyCostUsd !== null && !d.candidates.some((c) => c.id === x.id));
  const bars = [
    ...d.candidates.map((c, i) => ({ label: `${i === 0 ? (o.result.recommendation ? '★ ' : 'closest: ') : `${i + 1}. `}${c.label} (${c.purchase})`, monthlyUsd: c.monthlyCostUsd, chosen: i === 0 })),
    ...apis.map((a) => ({ label: `API baseline: ${a.label}`, monthlyUsd: a.monthlyCostUsd! })),
  ];
  const series: CumulativeSeries[] = [
    ...d.candidates.filter((c) => c.cumulativeCashUsd).map((c, i) => ({ id: c.id, label: `${i === 0 ? '★ ' : ''}${c.label}`, cumulativeUsd: c.cumulativeCashUsd! })),
    ...apis.filter((a) => a.cumulativeCashUsd).map((a) => ({ id: a.id, label: `${a.label} (API)`, cumulativeUsd: a.cumulativeCashUsd! })),
  ];
  const first = chosen?.cumulativeCashUsd ? series.find((s) => s.id === chosen.id) : undefined;
  const marks = first ? breakEvenMarks(first, series) : [];
  const out: Block[] = [];
  if (bars.length) out.push({ kind: 'chart', chart: monthlyCostChart(bars, o.scenario.budget.monthlyUsd, 'The decision, its runners-up and the scenario\'s own API baselines, month 1 (on-prem: depreciation plus running costs).') });
  if (series.length) {
    out.push({
      kind: 'chart',
      chart: cumulativeChart(series, marks, `Cash paid by the end of each month (purchases in the month they are made, resale not counted). ${marks.length ? 'Pins: the month an option that paid more up front catches up with the other.' : 'No option that paid more up front catches up with the decision within the horizon.'}`),
    });
  }
  return out;
}

function sensitivityBlocks(o: RecommendOutcome, d: RecommendReportData): Block[] {
  const subject = d.tco.options.find((x) => x.id === d.tco.recommendedId);
  const out: Block[] = [];
  if (subject && subject.totalCostUsd !== null && d.tco.sensitivity.length) {
    out.push({ kind: 'chart', chart: sensitivityChart(d.tco.sensitivity, subject.totalCostUsd, subject.label) });
    if (o.result.recommendation && subject.id !== o.result.recommendation.id) {
      out.push({ kind: 'paragraph', text: `Drawn for ${subject.label}, the cheapest of the options named above when priced as \`llmplan tco\` prices them, without hybrids and the budget.`, tone: 'muted' });
    }
  } else out.push({ kind: 'paragraph', text: 'No sensitivity: none of the named options has a price.', tone: 'muted' });
  if (o.levers.length) {
    out.push({
      kind: 'table',
      head: ['lever', '$/month saved', 'targets', 'risk / why not'],
      align: ['left', 'right', 'left', 'left'],
      rows: o.levers.map((l) => [l.title, l.monthlySavingsUsd === null ? 'n/a' : fmtUsd(l.monthlySavingsUsd), l.monthlySavingsUsd === null ? '-' : l.keepsTargets ? 'kept' : 'not kept', l.reason ?? l.risk]),
      caption: 'One change at a time, priced on the recommended deployment.',
    });
  }
  return out;
}

export async function renderRecommendReport(o: RecommendOutcome, d: RecommendReportData): Promise<string> {
  const r = o.result;
  const counts = byCode(r.rejections);
  const sections: Section[] = [
    { heading: r.recommendation ? 'Recommendation' : 'No deployment fits', blocks: decision(o) },
    ...deploymentSections(d.focus, 'is among the decision and its runners-up'),
    { heading: 'Cost', blocks: costBlocks(o, d) },
    { heading: 'What would change the answer', blocks: sensitivityBlocks(o, d) },
  ];
  if (r.runnersUp.length) {
    sections.push({
      heading: 'Runners-up',
      blocks: [{
        kind: 'table',
        head: ['#', 'kind', 'what', '$/month', `$ over ${o.horizonMonths} months`, 'why behind'],
        align: ['right', 'left', 'left', 'right', 'right', 'left'],
        rows: r.runnersUp.map((x, i) => [i + 2, kindName(x.candidate), `${x.candidate.label} (${x.candidate.purchase})`, fmtUsd(x.candidate.monthlyCostUsd), fmtUsd(x.candidate.totalCostUsd), formatRejection(x.behind)]),
      }],
    });
  }
  sections.push({
    heading: `Rejected: ${Object.values(counts).reduce((a, n) => a + n, 0)}`,
    blocks: [
      { kind: 'paragraph', text: `${r.stats.servingVariants} serving variants, ${r.stats.plansEvaluated} planned exactly, ${r.stats.prunedByBound} pruned by the cost bound. \`llmplan recommend --explain\` lists every candidate with its numbers.` },
      { kind: 'table', head: ['code', 'candidates'], align: ['left', 'right'], rows: Object.entries(counts).map(([k, n]) => [k, n]) },
    ],
  });
  if (o.launch) {
    sections.push({
      heading: o.launch.benchmarkCommand ? 'Launch and confirm' : 'Use',
      blocks: [
        { kind: 'code', text: o.launch.command },
        ...(o.launch.benchmarkCommand ? [{ kind: 'paragraph', text: 'Confirm the prediction before buying:' } as Block, { kind: 'code', text: o.launch.benchmarkCommand } as Block] : []),
        ...(o.launch.notes.length ? [{ kind: 'list', items: o.launch.notes } as Block] : []),
      ],
    });
  }
  return renderHtmlReport({
    title: `Recommendation for ${o.scenario.name}`,
    subtitle: `${o.scenario.description} ${o.horizonMonths} months, prices as of ${o.asOf}.`,
    sections,
    footer: footer(o.asOf),
  });
}
