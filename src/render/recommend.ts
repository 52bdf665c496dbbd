// `recommend` as a person reads it (the answer first, in one sentence; then targets, runners-up, rejections,
// levers, the launch) and as JSON (schemas/recommend-output.schema.json). One result object, two renderers.
import type { ChalkInstance } from 'chalk';
import type { RecommendOutcome } from '../app/recommend.ts';
import { formatRejection } from '../core/search/reason-text.ts';
import { REJECTION_CODES, type Candidate, type Rejection } from '../core/search/types.ts';
import { fmtSeconds, fmtUsd } from './format.ts';
import { hostPriceLine } from './host-line.ts';
import { fitTable } from './table.ts';
import { shellLines, wrap } from './text.ts';


export const RECOMMEND_JSON_SCHEMA_VERSION = 1;

const usd4 = (x: number | null) => (x === null ? 'n/a' : x < 0.01 ? `$${x.toPrecision(2)}` : fmtUsd(x, 2));

/** Rejections counted by code, in REJECTION_CODES order (one pass: a search rejects tens of thousands). */
export function byCode(rejections: readonly Rejection[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const r of rejections) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  const out: Record<string, number> = {};
  for (const code of REJECTION_CODES) if (counts.has(code)) out[code] = counts.get(code)!;
  return out;
}

function servingText(c: Candidate): string {
  const sv = c.serving;
  if (!sv) return c.model;
  const d = c.disaggregated;
  if (d) return `${sv.modelId} (${sv.weights} weights, ${sv.kvDtype} KV, ${sv.engine}, disaggregated: ${d.prefillPeakInstances} prefill × TP ${d.prefillTensorParallel} + ${d.decodePeakInstances} decode × TP ${d.decodeTensorParallel} at the peak)`;
  return `${sv.modelId} (${sv.weights} weights, ${sv.kvDtype} KV, ${sv.engine}, TP ${sv.tensorParallel})`;
}

function where(c: Candidate): string {
  if (c.kind === 'api') return `the ${c.model} API (${c.purchase})`;
  if (c.kind === 'onprem') return `${c.serving!.gpuId} GPUs bought for your own data centre`;
  if (c.kind === 'hybrid') return c.label.replace(/^[^:]+: /, '');
  return `${c.label.replace(/^.* on /, '')} — ${c.purchase}`;
}

/** The answer in one sentence: what, where, GPUs at base and peak, $/month, $ over the horizon, per request and per 1M tokens. */
export function answerSentence(c: Candidate, horizonMonths: number): string {
  const gpus = c.baseGpus !== null ? `; ${c.baseGpus} GPU${c.baseGpus === 1 ? '' : 's'} at base, ${c.peakGpus} at peak` : '';
  return `Run ${servingText(c)} on ${where(c)}${gpus}: ${fmtUsd(c.monthlyCostUsd)}/month, ${fmtUsd(c.totalCostUsd)} over ${horizonMonths} months, ${usd4(c.costPerRequestUsd)}/request, ${usd4(c.costPerMillionTokensUsd)}/1M tokens.`;
}

interface TargetRow {
  metric: 'ttft' | 'tpot' | 'e2e';
  targetSeconds: number;
  predictedSeconds: number | null;
  /** (target − predicted) / target: the share of the target left unused at the planned load. */
  marginFraction: number | null;
  band: { low: number; high: number } | null;
}

export function targetRows(o: RecommendOutcome, c: Candidate | null): TargetRow[] {
  const t = o.scenario.targets;
  const rows: TargetRow[] = [];
  for (const [metric, target, key] of [['ttft', t.ttftP95Seconds, 'ttftSeconds'], ['tpot', t.tpotP95Seconds, 'tpotSeconds'], ['e2e', t.e2eP95Seconds, 'e2eSeconds']] as const) {
    if (target === null) continue;
    const p = c?.predicted?.[key] ?? null;
    rows.push({ metric, targetSeconds: target, predictedSeconds: p, marginFraction: p === null ? null : (target - p) / target, band: o.bands ? o.bands[key] : null });
  }
  return rows;
}

export function renderRecommendHuman(o: RecommendOutcome, c: ChalkInstance, opts: { explain: boolean; width: number }): string {
  const W = Math.max(40, Math.min(opts.width, 160));
  const r = o.result;
  const out: string[] = [];
  const win = r.recommendation;
  const head = `${o.scenario.name}, as of ${o.asOf}`;
  if (win) {
    out.push(...wrap(`Recommendation (${head})`, W).map((l) => c.bold(l)));
    out.push(...wrap(answerSentence(win, o.horizonMonths), W, '  '));
  } else {
    out.push(...wrap(`No deployment meets every target and the budget (${head})`, W).map((l) => c.bold(c.red(l))));
    const cl = r.closest;
    if (cl?.candidate) {
      out.push(...wrap(`Closest: ${answerSentence(cl.candidate, o.horizonMonths)}`, W, '  '));
      for (const m of cl.misses) out.push(...wrap(`misses: ${formatRejection(m)}`, W, '    '));
    } else if (cl?.misses.length) out.push(...wrap(`Nearest miss: ${cl.misses[0]!.what}: ${formatRejection(cl.misses[0]!)}`, W, '  '));
  }
  const b = o.scenario.budget;
  const shown = win ?? r.closest?.candidate ?? null;
  if (shown && (b.monthlyUsd !== null || b.capitalUsd !== null)) {
    const parts = [b.monthlyUsd !== null ? `${fmtUsd(shown.peakMonthlyOperatingUsd)}/month at the busiest month vs ${fmtUsd(b.monthlyUsd)} budget` : '', b.capitalUsd !== null ? `${fmtUsd(shown.capitalUsd)} capital vs ${fmtUsd(b.capitalUsd)}` : ''].filter(Boolean);
    out.push(...wrap(`Budget: ${parts.join('; ')}.`, W, '  '));
  }
  if (shown && shown.qualityRisk !== 'none') out.push(...wrap(`Quality: ${shown.qualityRisk} risk from precision below the released checkpoint (${shown.serving?.weights} weights, ${shown.serving?.kvDtype} KV); check on your evals, or see the levers.`, W, '  '));
  const host = shown ? hostPriceLine(shown.prices) : null;
  if (host) out.push(...wrap(host, W, '  '));
  if (o.oldestPrice) out.push(...wrap(`Prices: the oldest used is ${o.oldestPrice.ageDays} days old (${o.oldestPrice.what}, read ${o.oldestPrice.readOn}).`, W, '  '));

  const rows = targetRows(o, shown);
  if (rows.length) {
    out.push('', c.bold(`Targets (p95 at the planned load${o.bands ? `; error band out of sample, ${o.bands.tier}` : ''})`));
    const cols = [{ head: 'target' }, { head: 'p95 target', align: 'right' as const }, { head: 'predicted', align: 'right' as const }, { head: 'band (p10–p90)', align: 'right' as const, wrap: true }, { head: 'margin', align: 'right' as const }];
    out.push(fitTable(cols, rows.map((x) => [x.metric.toUpperCase(), fmtSeconds(x.targetSeconds), x.predictedSeconds === null ? 'not predicted' : fmtSeconds(x.predictedSeconds), x.band ? `${fmtSeconds(x.band.low)}–${fmtSeconds(x.band.high)}` : '-', x.marginFraction === null ? '-' : `${(x.marginFraction * 100).toFixed(0)}%`]), W).text);
    const over = rows.filter((x) => x.band && x.band.high > x.targetSeconds);
    if (over.length) out.push(...wrap(`The upper end of the error band passes the ${over.map((x) => x.metric.toUpperCase()).join(' and ')} target: the plan runs each replica at the load where the prediction meets the target, so confirm with the benchmark below before buying (the relax-target lever prices headroom).`, W, '  '));
  }

  if (r.runnersUp.length) {
    out.push('', c.bold('Runners-up'));
    const cols = [
      { head: '#', align: 'right' as const },
      { head: 'kind', drop: 1 },
      { head: 'what', wrap: true, minWidth: 16 },
      { head: '$/month', align: 'right' as const },
      { head: `$ ${o.horizonMonths} mo`, align: 'right' as const, drop: 2 },
      { head: 'why behind', wrap: true, minWidth: 14 },
    ];
    const rowsUp = r.runnersUp.map((x, i) => {
      const what = x.candidate.serving ? `${servingText(x.candidate)} on ${where(x.candidate)}` : where(x.candidate);
      return [i + 2, x.candidate.kind, what, fmtUsd(x.candidate.monthlyCostUsd), fmtUsd(x.candidate.totalCostUsd), formatRejection(x.behind)];
    });
    out.push(fitTable(cols, rowsUp, Math.min(W, 120)).text);
  }

  const counts = byCode(r.rejections);
  const total = Object.values(counts).reduce((a, n) => a + n, 0);
  out.push('', ...wrap(`Rejected: ${total} (${r.stats.servingVariants} serving variants, ${r.stats.plansEvaluated} planned exactly, ${r.stats.prunedByBound} pruned by cost bound)`, W).map((l, i) => (i === 0 ? l.replace(`Rejected: ${total}`, c.bold(`Rejected: ${total}`)) : l)));
  out.push(...wrap(Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', '), W, '  '));
  if (opts.explain) {
    for (const code of Object.keys(counts)) {
      out.push(`  ${code}`);
      for (const x of r.rejections.filter((y) => y.code === code)) out.push(...wrap(`${x.what}: ${formatRejection(x)}`, W, '    '));
    }
  } else out.push('  (--explain lists every rejected candidate with its numbers)');

  if (o.levers.length) {
    out.push('', c.bold('Levers (one change at a time, priced on the recommended deployment)'));
    const cols = [
      { head: 'lever', wrap: true, minWidth: 14 },
      { head: '$/month saved', align: 'right' as const, wrap: true, minWidth: 7 },
      { head: 'targets', wrap: true, minWidth: 4 },
      { head: 'risk / why not', wrap: true, minWidth: 16 },
    ];
    const rowsL = o.levers.map((l) => [l.title, l.monthlySavingsUsd === null ? 'n/a' : fmtUsd(l.monthlySavingsUsd), l.monthlySavingsUsd === null ? '-' : l.keepsTargets ? 'kept' : 'not kept', l.reason ?? l.risk]);
    out.push(fitTable(cols, rowsL, Math.min(W, 120)).text);
  }

  if (o.launch) {
    const disagg = (o.result.recommendation ?? o.result.closest?.candidate)?.disaggregated;
    out.push('', c.bold(o.launch.benchmarkCommand ? (disagg ? 'Launch (one instance of each pool)' : 'Launch (one replica)') : 'Use'));
    out.push(...shellLines(o.launch.command, W));
    if (o.launch.benchmarkCommand) out.push('', c.bold('Confirm before buying'), ...shellLines(o.launch.benchmarkCommand, W));
    for (const n of o.launch.notes) out.push(...wrap(n, W, '  '));
  }
  return out.join('\n') + '\n';
}

const candidateJson = (x: Candidate) => ({
  id: x.id, kind: x.kind, label: x.label, model: x.model, serving: x.serving, offerId: x.offerId, region: x.region, purchase: x.purchase,
  monthlyCostUsd: x.monthlyCostUsd, peakMonthlyOperatingUsd: x.peakMonthlyOperatingUsd, capitalUsd: x.capitalUsd, totalCostUsd: x.totalCostUsd,
  costPerRequestUsd: x.costPerRequestUsd, costPerMillionTokensUsd: x.costPerMillionTokensUsd, baseGpus: x.baseGpus, peakGpus: x.peakGpus,
  predictedP95: x.predicted, qualityRisk: x.qualityRisk, oldestPriceReadOn: x.oldestPrice?.readOn ?? null, prices: x.prices, notes: x.notes,
  ...(x.disaggregated ? { disaggregated: x.disaggregated } : {}),
});
const rejectionJson = (x: Rejection) => ({ code: x.code, what: x.what, kind: x.kind, message: formatRejection(x), args: x.args });

export function recommendJson(o: RecommendOutcome) {
  const r = o.result;
  const shown = r.recommendation ?? r.closest?.candidate ?? null;
  return {
    schemaVersion: RECOMMEND_JSON_SCHEMA_VERSION,
    kind: 'recommend' as const,
    scenario: o.scenario.name,
    asOf: o.asOf,
    horizonMonths: o.horizonMonths,
    // What the decision was made for: a later `check --baseline` attributes a change in cost to these.
    inputs: {
      requestsPerMonth: o.scenario.workload.requestsPerMonth,
      peakRequestsPerSecond: o.scenario.workload.peakRequestsPerSecond,
      inputTokensMean: o.scenario.workload.inputTokensMean,
      inputTokensP95: o.scenario.workload.inputTokensP95,
      outputTokensMean: o.scenario.workload.outputTokensMean,
      outputTokensP95: o.scenario.workload.outputTokensP95,
      targets: o.scenario.targets,
      budget: o.scenario.budget,
      models: o.scenario.models,
      regions: o.scenario.constraints.regions,
    },
    verdict: r.recommendation ? ('recommended' as const) : ('nothing-fits' as const),
    summary: shown ? answerSentence(shown, o.horizonMonths) : null,
    // The decision: the winner, or when nothing meets every target and the budget the closest candidate, with what it misses.
    recommendation: shown ? { ...candidateJson(shown), meetsEverything: r.recommendation !== null, misses: r.recommendation ? [] : (r.closest?.misses ?? []).map(rejectionJson) } : null,
    nearestMiss: !shown && r.closest?.misses.length ? rejectionJson(r.closest.misses[0]!) : null,
    targets: targetRows(o, shown).map((t) => ({ metric: t.metric, targetSeconds: t.targetSeconds, predictedSeconds: t.predictedSeconds, marginFraction: t.marginFraction, bandLowSeconds: t.band?.low ?? null, bandHighSeconds: t.band?.high ?? null })),
    errorTier: o.bands?.tier ?? null,
    runnersUp: r.runnersUp.map((x) => ({ ...candidateJson(x.candidate), behind: rejectionJson(x.behind) })),
    rejections: { byCode: byCode(r.rejections), candidates: r.rejections.map(rejectionJson) },
    levers: o.levers,
    launch: o.launch,
    oldestPrice: o.oldestPrice,
    search: r.stats,
    calibrationFittedOn: o.calibrationFittedOn,
  };
}

export function renderRecommendJson(o: RecommendOutcome): string {
  return JSON.stringify(recommendJson(o), null, 2);
}
