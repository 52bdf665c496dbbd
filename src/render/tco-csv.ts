// `tco --format csv`: the option table for a spreadsheet. A header row naming each column's unit, then one row per
// option (every option, cheapest first). RFC 4180: CRLF line ends; a field holding a comma, quote, CR or LF is
// quoted, its quotes doubled. Unknown numbers are empty fields, never 0 (STYLE.md §11).
import type { TcoResult } from '../core/cost/tco.ts';
import { orderedOptions } from './tco-rows.ts';
import { priceAgeDays } from './tco.ts';

export function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLines(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const cents = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const fine = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));

export function renderTcoCsv(r: TcoResult): string {
  const head = [
    'Rank', 'Option', 'Kind', 'Model', 'GPU', 'Purchase', 'Eligible', 'Peak GPUs (count)', 'Capex (USD)', 'Month 1 cost (USD)',
    'Peak monthly operating (USD)', `${r.horizonMonths}-month total (USD)`, 'Cost per request (USD)', 'Cost per million tokens (USD)',
    'Oldest price age (days)', 'Prices as of (date)', 'Missing price reason', 'Not eligible because', 'Option id',
  ];
  const rows = orderedOptions(r).map((o, i) => [
    i + 1, o.label, o.kind, o.model, o.gpuId, o.purchase, o.eligible ? 'yes' : 'no', o.peakGpus, cents(o.capitalUsd), cents(o.monthlyCostUsd),
    cents(o.peakMonthlyOperatingUsd), cents(o.totalCostUsd), fine(o.costPerRequestUsd), fine(o.costPerMillionTokensUsd),
    priceAgeDays(o), r.asOf, o.missingPriceReason, o.ineligibleReason, o.id,
  ]);
  return csvLines([head, ...rows]);
}
