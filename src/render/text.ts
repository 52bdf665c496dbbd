// Text that fits a width: the terminal's columns, or 100 when output is not a terminal (issue 12 §3).
import type { Stream } from '../app/context.ts';

export const DEFAULT_WIDTH = 100;
/** Narrower than this nothing readable fits; a 40-column terminal gets 40-column tables all the same. */
const MIN_WIDTH = 40;

/**
 * Columns to fit: the terminal's own width, else `COLUMNS` from the environment (so `COLUMNS=120 llmplan … | less`
 * and the golden tests can ask for a width), else 100.
 */
export function outputWidth(stream: Pick<Stream, 'isTTY' | 'columns'>, env: Record<string, string | undefined>): number {
  if (stream.isTTY && stream.columns && stream.columns > 0) return Math.max(MIN_WIDTH, stream.columns);
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS && /^\d+$/.test(env.COLUMNS.trim()) && fromEnv > 0) return Math.max(MIN_WIDTH, fromEnv);
  return DEFAULT_WIDTH;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Columns a string takes: code points without colour codes (★, ✗ and the block characters take one, as cli-table3 counts them). */
export function displayWidth(s: string): number {
  let n = 0;
  for (const _ of s.replace(ANSI, '')) n++;
  return n;
}

/** Wrap prose at spaces to `width` columns, `indent` before every line; a word longer than a line is cut. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let line = '';
  const room = Math.max(8, width - indent.length);
  const words = text.split(/\s+/).filter(Boolean).flatMap((w) => (displayWidth(w) <= room ? [w] : ([...w].join('').match(new RegExp(`.{1,${room}}`, 'gu')) ?? [w])));
  for (const word of words) {
    if (line && displayWidth(indent + line + ' ' + word) > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

/** Wrap a first line and indent the ones after it (a hanging indent under a label). */
export function wrapHanging(text: string, width: number, first: string, rest: string): string[] {
  const lines = wrap(text, width - (first.length - rest.length), rest);
  return lines.map((l, i) => (i === 0 ? first + l.slice(rest.length) : l));
}

/** The first of `variants` (most detailed first) that fits `width`; the last one cut to fit when none does. */
export function firstThatFits(variants: readonly string[], width: number): string {
  for (const v of variants) if (displayWidth(v) <= width) return v;
  const last = variants[variants.length - 1] ?? '';
  return [...last].slice(0, Math.max(1, width - 1)).join('') + '…';
}

/**
 * The last step of a human renderer: every prose line longer than `width` wrapped at spaces, under its own indent
 * plus two. Table lines (box drawing) are left alone: fitTable has fitted them.
 */
export function fitProse(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (displayWidth(line) <= width || /^[┌│├└]/.test(line)) return [line];
      const indent = /^\s*/.exec(line)![0];
      const lines = wrap(line.slice(indent.length), width - indent.length, '  ');
      return lines.map((l, i) => indent + (i === 0 ? l.slice(2) : l));
    })
    .join('\n');
}

/** A shell command broken before its options with `\\` continuations, so that it fits and still pastes. */
export function shellLines(command: string, width: number): string[] {
  const parts = command.split(/ (?=--)/);
  const lines: string[] = [];
  let line = `  ${parts[0]}`;
  for (const p of parts.slice(1)) {
    if ((line + ' ' + p + ' \\').length > width) {
      lines.push(`${line} \\`);
      line = `      ${p}`;
    } else line += ` ${p}`;
  }
  lines.push(line);
  return lines;
}
