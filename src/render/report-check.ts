// `check --format html`: the gate's verdict, each check, the change since the baseline by driver (a chart and a
// table), and the decision checked, as one self-contained page (render/html/page.ts).
import type { CheckOutcome } from '../app/check.ts';
import { barChart, usdShort } from './html/charts.ts';
import { renderHtmlReport, type Section } from './html/page.ts';
import { fmtUsd } from './format.ts';
import { answerSentence } from './recommend.ts';

const DRIVER_LABEL: Record<string, string> = { prices: 'prices', traffic: 'traffic', 'token-lengths': 'token lengths', targets: 'targets', decision: 'decision' };

export async function renderCheckReport(c: CheckOutcome): Promise<string> {
  const failed = c.checks.filter((x) => !x.passed);
  const shown = c.outcome.result.recommendation ?? c.outcome.result.closest?.candidate ?? null;
  const sections: Section[] = [
    {
      heading: failed.length ? `${failed.length} of ${c.checks.length} checks failed` : `All ${c.checks.length} checks pass`,
      blocks: [
        { kind: 'paragraph', text: failed.length ? 'The change does not fit: failing checks first, each with its numbers.' : 'The change fits every check.', tone: failed.length ? 'bad' : 'good' },
        { kind: 'table', head: ['check', 'result', 'numbers'], rows: c.checks.map((x) => [x.id, x.passed ? 'pass' : 'FAIL', x.message]) },
      ],
    },
  ];
  const a = c.attribution;
  if (a && c.baseline) {
    sections.push({
      heading: `Since the baseline: ${fmtUsd(a.oldMonthlyUsd)} → ${fmtUsd(a.newMonthlyUsd)} a month`,
      blocks: [
        { kind: 'paragraph', text: `Baseline ${c.baseline.file} (prices as of ${c.baseline.asOf}): ${c.baseline.label}. One driver at a time, in this order; the steps add up to the change.` },
        { kind: 'chart', chart: barChart({ id: 'drivers', title: 'Change in $/month by driver', categories: a.drivers.map((d) => DRIVER_LABEL[d.driver] ?? d.driver), series: [{ name: 'Δ $/month', values: a.drivers.map((d) => d.deltaMonthlyUsd), labels: true }], format: usdShort }) },
        { kind: 'table', head: ['driver', 'Δ $/month', 'what changed'], rows: a.drivers.map((d) => [DRIVER_LABEL[d.driver] ?? d.driver, fmtUsd(d.deltaMonthlyUsd), d.detail]), align: ['left', 'right', 'left'] },
        ...(a.drivers.some((d) => d.priceChanges.length)
          ? [{ kind: 'list' as const, items: a.drivers.flatMap((d) => d.priceChanges).map((p) => `${p.what}: ${+p.oldValue.toPrecision(6)} → ${+p.newValue.toPrecision(6)} ${p.unit} (read ${p.oldReadOn ?? 'undated'} → ${p.newReadOn ?? 'undated'})`) }]
          : []),
      ],
    });
  }
  if (shown) sections.push({ heading: 'The decision checked', blocks: [{ kind: 'paragraph', text: answerSentence(shown, c.outcome.horizonMonths) }] });
  return renderHtmlReport({
    title: `llmplan check: ${c.outcome.scenario.name}`,
    subtitle: `${c.passed ? 'pass' : 'fail'}, prices as of ${c.outcome.asOf}`,
    sections,
    footer: 'llmplan check: every figure from the catalogs and the calibrated model; `llmplan check --json` has all of it.',
  });
}
