// Terminal tables (cli-table3, no built-in colour: it colours even when piped, style-anchors 2.2) that fit a width:
// wrap the columns that may wrap, then drop the least important columns, until the table fits (issue 12 §3).
import Table from 'cli-table3';
import tableUtils from 'cli-table3/src/utils.js';
import { displayWidth, wrap } from './text.ts';

// cli-table3 0.6.5 cuts every cell's whole content to 10 columns for a debug message at every draw (cell.js,
// `utils.truncate(this.content, 10)`), and for multi-line or non-ASCII text its cut drops one character at a time,
// measuring the whole string again each time: quadratic, 34 ms of a 600 ms `recommend`. Without escape codes the
// measured width only grows with the prefix, so the longest prefix that fits is found by halving: the same string.
const slowTruncate = tableUtils.truncate;
function fastTruncate(str: string, desiredLength: number, truncateChar = '…'): string {
  if (typeof str !== 'string' || str.includes('\x1b') || tableUtils.strlen(str) <= desiredLength) return slowTruncate(str, desiredLength, truncateChar);
  const room = desiredLength - tableUtils.strlen(truncateChar);
  // cli-table3's own shortcut, kept as it is: as many code units as columns when the two counts agree.
  if (str.length === tableUtils.strlen(str)) return str.substr(0, room) + truncateChar;
  let lo = 0;
  let hi = str.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tableUtils.strlen(str.slice(0, mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  return str.slice(0, lo) + truncateChar;
}
tableUtils.truncate = fastTruncate;
/** Both cuts, for the test that they agree. */
export const truncateImplementations = { slow: slowTruncate, fast: fastTruncate };

/** A cli-table3 table with no built-in colour, at its natural width. */
export function makeTable(head: string[], opts: { align?: Array<'left' | 'right' | 'center'> } = {}): Table.Table {
  return new Table({ head, style: { head: [], border: [] }, ...(opts.align ? { colAligns: opts.align } : {}) });
}

export interface Column {
  head: string;
  align?: 'left' | 'right';
  /** May wrap, down to `minWidth` columns (default: its longest word, at most 24). */
  wrap?: boolean;
  minWidth?: number;
  /** Long words (ids) may be cut across lines before any column is dropped; without it, only after. */
  cut?: boolean;
  /** Dropped when the table does not fit even wrapped: the lowest number first. Without it, never dropped. */
  drop?: number;
}

/** A cell across several columns (a row that says why an option has no numbers). */
export interface SpanCell {
  span: number;
  content: string;
}
export type Cell = string | number | SpanCell;

const isSpan = (c: Cell): c is SpanCell => typeof c === 'object';
const text = (c: Cell) => (isSpan(c) ? c.content : String(c));
const widest = (s: string) => Math.max(0, ...s.split('\n').map(displayWidth));
const longestWord = (s: string) => Math.max(1, ...s.split(/\s+/).map(displayWidth));

/** Borders and one space of padding either side: `│ a │ b │` is widths + 3 per column + 1. */
const tableWidth = (widths: readonly number[]) => widths.reduce((a, w) => a + w + 3, 1);

export interface FittedTable {
  text: string;
  /** Heads of the columns left out to fit. */
  dropped: string[];
}

/**
 * Lay out `rows` under `columns` in at most `width` columns. Span cells cover the next `span` columns; when a
 * column under a span is dropped, the span shrinks with it.
 */
export function fitTable(columns: readonly Column[], rows: readonly Cell[][], width: number): FittedTable {
  let keep = columns.map((_, i) => i);
  // Expand spans to per-column slots so that dropping a column can shrink the span.
  const slots = rows.map((row) => {
    const out: Array<{ cell: Cell; first: boolean; owner: number }> = [];
    row.forEach((c) => {
      const owner = out.length;
      const n = isSpan(c) ? c.span : 1;
      for (let k = 0; k < n; k++) out.push({ cell: c, first: k === 0, owner });
    });
    return out;
  });
  const natural = columns.map((col, i) => Math.max(widest(col.head), ...slots.map((r) => (r[i] && !isSpan(r[i]!.cell) ? widest(text(r[i]!.cell)) : 0))));
  const words = columns.map((col, i) => Math.max(longestWord(col.head), ...slots.map((r) => (r[i] && !isSpan(r[i]!.cell) ? longestWord(text(r[i]!.cell)) : 0))));
  // Soft floor: wrap between words only (a word up to 30 columns stays whole). Hard floor: `minWidth`, cutting words.
  const soft = columns.map((col, i) => {
    if (!col.wrap) return natural[i]!;
    return Math.min(natural[i]!, col.cut ? (col.minWidth ?? 6) : Math.max(col.minWidth ?? 1, Math.min(words[i]!, 30)));
  });
  const hard = columns.map((col, i) => (col.wrap ? Math.min(natural[i]!, col.minWidth ?? Math.max(6, Math.min(words[i]!, 24))) : natural[i]!));
  // Before any cell wraps, a head may: "36-month total" over "$70,316" costs nothing to fold.
  const cellsOnly = columns.map((_, i) => Math.max(0, ...slots.map((r) => (r[i] && !isSpan(r[i]!.cell) ? widest(text(r[i]!.cell)) : 0))));
  const headFolded = columns.map((col, i) => (col.wrap ? Math.max(cellsOnly[i]!, longestWord(col.head), soft[i]!) : natural[i]!));
  let widths = [...natural];
  const dropped: string[] = [];
  /** Take `excess` columns from the kept columns above `floor`, widest first; what could not be taken is returned. */
  const squeeze = (floor: number[], excess: number): number => {
    while (excess > 0) {
      const candidates = keep.filter((i) => widths[i]! > floor[i]!).sort((a, b) => widths[b]! - widths[a]!);
      if (!candidates.length) break;
      const i = candidates[0]!;
      const next = candidates[1] !== undefined ? Math.max(widths[candidates[1]]!, floor[i]!) : floor[i]!;
      const take = Math.min(excess, Math.max(1, widths[i]! - next));
      widths[i] = widths[i]! - take;
      excess -= take;
    }
    return excess;
  };
  // Wrap between words; when that is not enough, drop the least important column and start again from the
  // natural widths; when nothing is left to drop, cut words down to each column's minimum.
  for (;;) {
    widths = [...natural];
    const excess = squeeze(soft, squeeze(headFolded, tableWidth(keep.map((i) => widths[i]!)) - width));
    if (excess <= 0) break;
    const droppable = keep.filter((i) => columns[i]!.drop !== undefined).sort((a, b) => columns[a]!.drop! - columns[b]!.drop!);
    if (!droppable.length) {
      squeeze(hard, excess);
      break;
    }
    const gone = droppable[0]!;
    keep = keep.filter((i) => i !== gone);
    dropped.push(columns[gone]!.head);
  }
  const fitted = keep.map((i) => widths[i]!);
  // Whatever is still too wide (nothing left to drop) is given to the widest column to absorb, wrapped hard.
  let over = tableWidth(fitted) - width;
  while (over > 0) {
    const j = fitted.indexOf(Math.max(...fitted));
    if (fitted[j]! <= 4) break;
    fitted[j] = fitted[j]! - 1;
    over--;
  }

  const t = new Table({
    // Columns without heads (a two-column list of facts) get no head row.
    head: columns.some((col) => col.head) ? keep.map((i, k) => wrap(columns[i]!.head, fitted[k]!).join('\n')) : [],
    style: { head: [], border: [] },
    colAligns: keep.map((i) => columns[i]!.align ?? 'left'),
    colWidths: fitted.map((w) => w + 2),
  });
  for (const r of slots) {
    const out: Table.Cell[] = [];
    let k = 0;
    while (k < keep.length) {
      const slot = r[keep[k]!];
      if (!slot) {
        out.push('');
        k++;
        continue;
      }
      let n = 1;
      while (k + n < keep.length && r[keep[k + n]!]?.owner === slot.owner && isSpan(slot.cell)) n++;
      const w = fitted.slice(k, k + n).reduce((a, x) => a + x, 0) + 3 * (n - 1);
      const content = text(slot.cell)
        .split('\n')
        .flatMap((line) => (displayWidth(line) <= w ? [line] : wrap(line, w)))
        .join('\n');
      out.push(n > 1 ? { colSpan: n, content } : content);
      k += n;
    }
    t.push(out);
  }
  return { text: t.toString(), dropped };
}
