// `check` for people (a table), for pull requests (markdown: a one-line verdict, old/new/Δ, failed checks first,
// details folded) and for scripts (JSON, schemas/check-output.schema.json). One result object.
import type { ChalkInstance } from 'chalk';
import type { CheckOutcome } from '../app/check.ts';
import { fmtUsd } from './format.ts';
import { answerSentence, recommendJson } from './recommend.ts';
import { wrap } from './text.ts';
import { makeTable } from './table.ts';

export const CHECK_JSON_SCHEMA_VERSION = 1;

const DRIVER_LABEL: Record<string, string> = { prices: 'prices', traffic: 'traffic (requests)', 'token-lengths': 'token lengths', targets: 'targets', decision: 'decision (model, GPU, deployment)' };
const signed = (x: number) => `${x >= 0 ? '+' : '-'}${fmtUsd(Math.abs(x))}`;
const pct = (d: number, old: number) => (old > 0 ? `${d >= 0 ? '+' : ''}${((d / old) * 100).toFixed(1)}%` : 'n/a');

export function checkJson(c: CheckOutcome) {
  return {
    schemaVersion: CHECK_JSON_SCHEMA_VERSION,
    kind: 'check' as const,
    scenario: c.outcome.scenario.name,
    asOf: c.outcome.asOf,
    verdict: c.passed ? ('pass' as const) : ('fail' as const),
    checks: c.checks,
    baseline: c.baseline,
    change: c.attribution,
    recommend: recommendJson(c.outcome),
  };
}

export function renderCheckJson(c: CheckOutcome): string {
  return JSON.stringify(checkJson(c), null, 2);
}

function priceLines(c: CheckOutcome): string[] {
  const d = c.attribution?.drivers.find((x) => x.driver === 'prices');
  return (d?.priceChanges ?? []).map((p) => `${p.what}: ${+p.oldValue.toPrecision(6)} → ${+p.newValue.toPrecision(6)} ${p.unit} (read ${p.oldReadOn ?? 'undated'} → ${p.newReadOn ?? 'undated'})`);
}

export function renderCheckHuman(c: CheckOutcome, s: ChalkInstance, width: number): string {
  const W = Math.max(60, Math.min(width, 160));
  const out: string[] = [];
  const failed = c.checks.filter((x) => !x.passed);
  out.push(failed.length ? s.bold(s.red(`FAIL ${c.outcome.scenario.name}: ${failed.length} of ${c.checks.length} check(s) failed`)) : s.bold(s.green(`PASS ${c.outcome.scenario.name}: ${c.checks.length} check(s)`)));
  for (const x of c.checks) out.push(...wrap(`${x.passed ? 'ok  ' : 'FAIL'} ${x.id}: ${x.message}`, W, '  '));
  const shown = c.outcome.result.recommendation ?? c.outcome.result.closest?.candidate ?? null;
  if (shown) out.push('', ...wrap(answerSentence(shown, c.outcome.horizonMonths), W));
  if (c.attribution && c.baseline) {
    const a = c.attribution;
    out.push('', s.bold(`Since the baseline (${c.baseline.file}, as of ${c.baseline.asOf}): ${fmtUsd(a.oldMonthlyUsd)} → ${fmtUsd(a.newMonthlyUsd)}/month, ${signed(a.deltaMonthlyUsd)} (${pct(a.deltaMonthlyUsd, a.oldMonthlyUsd)})`));
    const t = makeTable(['driver', 'Δ $/month', 'what changed'], { align: ['left', 'right', 'left'] });
    for (const d of a.drivers) t.push([DRIVER_LABEL[d.driver] ?? d.driver, signed(d.deltaMonthlyUsd), wrap(d.detail, 52).join('\n')]);
    out.push(t.toString());
    for (const l of priceLines(c)) out.push(...wrap(l, W, '  '));
  }
  return out.join('\n') + '\n';
}

/** A pull-request comment (infracost's pattern): verdict, old/new/Δ, failed checks first, details folded. */
export function renderCheckMarkdown(c: CheckOutcome): string {
  const out: string[] = [];
  const failed = c.checks.filter((x) => !x.passed);
  const a = c.attribution;
  const shown = c.outcome.result.recommendation ?? c.outcome.result.closest?.candidate ?? null;
  const delta = a ? ` (${signed(a.deltaMonthlyUsd)}/month, ${pct(a.deltaMonthlyUsd, a.oldMonthlyUsd)})` : '';
  out.push(`${failed.length ? '❌' : '✅'} **llmplan check \`${c.outcome.scenario.name}\`: ${failed.length ? `${failed.length} check(s) failed` : 'all checks pass'}**${delta}`, '');
  out.push('| | old | new | Δ |', '|---|---:|---:|---:|');
  const newMonthly = shown?.monthlyCostUsd ?? null;
  out.push(`| $/month | ${a ? fmtUsd(a.oldMonthlyUsd) : '–'} | ${fmtUsd(newMonthly)} | ${a ? `${signed(a.deltaMonthlyUsd)} (${pct(a.deltaMonthlyUsd, a.oldMonthlyUsd)})` : '–'} |`);
  out.push(`| deployment | ${c.baseline ? c.baseline.label.replace(/\|/g, '\\|') : '–'} | ${shown ? shown.label.replace(/\|/g, '\\|') : 'nothing fits'} | |`);
  if (a) for (const d of a.drivers) if (Math.abs(d.deltaMonthlyUsd) >= 0.005) out.push(`| ↳ ${DRIVER_LABEL[d.driver] ?? d.driver} | | | ${signed(d.deltaMonthlyUsd)} |`);
  out.push('', '| check | result | |', '|---|---|---|');
  for (const x of c.checks) out.push(`| ${x.id} | ${x.passed ? 'pass' : '**FAIL**'} | ${x.message.replace(/\|/g, '\\|')} |`);
  out.push('', '<details><summary>Details</summary>', '');
  if (shown) out.push(answerSentence(shown, c.outcome.horizonMonths), '');
  if (a) {
    out.push('What changed, one driver at a time (they add up to the Δ):', '');
    for (const d of a.drivers) out.push(`- **${DRIVER_LABEL[d.driver] ?? d.driver}** ${signed(d.deltaMonthlyUsd)}/month: ${d.detail}`);
    for (const l of priceLines(c)) out.push(`  - ${l}`);
    out.push('');
  }
  out.push(`Prices as of ${c.outcome.asOf}${c.outcome.oldestPrice ? `; the oldest used is ${c.outcome.oldestPrice.ageDays} days old (${c.outcome.oldestPrice.what})` : ''}.`, '', '</details>', '');
  return out.join('\n');
}
