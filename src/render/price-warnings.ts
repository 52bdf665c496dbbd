// Stale-price warnings: one line on stderr by default (how many, the oldest), every price with --verbose, none
// with --quiet (issue 12 §3). A price row counts once however many options use it.
import type { PriceWarning } from '../core/cost/tco.ts';
import { firstThatFits, wrapHanging } from './text.ts';
import { fmtInt } from './format.ts';

interface Group {
  w: PriceWarning;
  options: Set<string>;
}

function groups(ws: readonly PriceWarning[]): Group[] {
  const out = new Map<string, Group>();
  for (const w of ws) {
    const key = `${w.code}|${w.what}|${w.readOn}`;
    const g = out.get(key) ?? { w, options: new Set<string>() };
    g.options.add(w.optionId);
    out.set(key, g);
  }
  return [...out.values()];
}

/** One line per stale price, not per option that uses it: the same PUE row ages once. */
export function formatPriceWarnings(ws: readonly PriceWarning[]): string[] {
  return groups(ws).map(({ w, options }) => {
    const used = options.size === 1 ? `used by ${[...options][0]}` : `used by ${options.size} options`;
    if (w.code === 'PRICE_AFTER_AS_OF') return `${w.what} was read on ${w.readOn}, after the --as-of date (${used})`;
    if (w.code === 'PRICE_UNDATED') return `${w.what} has no read-on date (${used})`;
    return `${w.what} (read ${w.readOn}) is ${w.ageDays} days old; threshold ${w.maxAgeDays} days, --max-price-age-days (${used})`;
  });
}

/** The one line: how many prices are stale, the oldest, how many were read after --as-of; cut to `width`. */
export function summarisePriceWarnings(ws: readonly PriceWarning[], width: number): string | null {
  const gs = groups(ws);
  if (!gs.length) return null;
  const stale = gs.filter((g) => g.w.code === 'PRICE_STALE').sort((a, b) => (b.w.ageDays ?? 0) - (a.w.ageDays ?? 0));
  const after = gs.filter((g) => g.w.code === 'PRICE_AFTER_AS_OF').length;
  const undated = gs.filter((g) => g.w.code === 'PRICE_UNDATED').length;
  const oldest = stale[0]?.w;
  const head = 'warning: ';
  const count = stale.length ? `${stale.length} price${stale.length === 1 ? '' : 's'} older than ${oldest!.maxAgeDays} days` : '';
  const tails = [after ? `${after} read after --as-of` : '', undated ? `${undated} undated` : ''].filter(Boolean);
  const build = (oldestText: string, more: boolean, hint: boolean) =>
    head + [count ? count + oldestText : '', ...(more ? tails : [])].filter(Boolean).join('; ') + (hint ? ' (--verbose lists them)' : '');
  const days = oldest ? fmtInt(oldest.ageDays ?? 0) : '';
  const detail = oldest ? `, oldest ${days} days (${oldest.what}, read ${oldest.readOn})` : '';
  const short = oldest ? `, oldest ${days} days` : '';
  return firstThatFits(
    [build(detail, true, true), build(short, true, true), build(detail, true, false), build(short, true, false), build(short, false, false)].filter((l) => l !== head),
    width,
  );
}

/** What stderr gets: nothing (--quiet), the one line, or the line and every price under it (--verbose). */
export function priceWarningLines(ws: readonly PriceWarning[], width: number, level: 'quiet' | 'normal' | 'verbose'): string[] {
  if (level === 'quiet') return [];
  const line = summarisePriceWarnings(ws, width);
  if (!line) return [];
  if (level === 'normal') return [line];
  return [line, ...formatPriceWarnings(ws).flatMap((d) => wrapHanging(d, width, '  - ', '    '))];
}
