// The two error kinds (STYLE.md §5): InputError → exit 2 with a place and no stack; anything else is a bug.
import { MAX_ECHO_CHARS } from './core/bounds.ts';

export interface InputProblem {
  /** file:line:col when the problem is in a file; absent for flags. */
  file?: string;
  line?: number;
  col?: number;
  /** Dotted key path or flag name, e.g. `workload.peakRequestsPerSecond` or `--tp`. */
  path?: string;
  message: string;
  hint?: string;
}

export class InputError extends Error {
  readonly problems: InputProblem[];
  constructor(problems: InputProblem[] | string) {
    const list = typeof problems === 'string' ? [{ message: problems }] : problems;
    super(list.slice(0, 10).map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

/** Longest message part printed: a backstop behind `echo`, which cuts each echoed input far shorter. */
const MAX_PART_CHARS = 1_000;

export function formatProblem(p: InputProblem): string {
  const where = p.file ? `${part(p.file)}${p.line ? `:${p.line}:${p.col ?? 1}` : ''}` : '';
  const head = [where, p.path === undefined ? '' : part(p.path)].filter(Boolean).join('  ');
  const body = head ? `${head}  ${part(p.message)}` : part(p.message);
  return p.hint ? `${body} (${part(p.hint)})` : body;
}

function part(s: string): string {
  const t = escapeControl(s);
  return t.length > MAX_PART_CHARS ? `${t.slice(0, MAX_PART_CHARS)}…` : t;
}

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder what a terminal shows.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters as visible escapes: an ESC in a model id prints as `\u001b`, never reaches the terminal. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

export function hasControl(s: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s);
}

/**
 * A user's input quoted in a message: control characters escaped, cut to MAX_ECHO_CHARS characters with "…" and
 * its length. `echo('llama-3.1-8')` → `"llama-3.1-8"`; a 1 MB expression → `"1+1+1+…" (1,000,000 characters)`.
 */
export function echo(s: string): string {
  if (s.length <= MAX_ECHO_CHARS) return `"${escapeControl(s)}"`;
  let end = 0;
  let n = 0;
  for (const ch of s) {
    if (n++ === MAX_ECHO_CHARS) break;
    end += ch.length;
  }
  return `"${escapeControl(s.slice(0, end))}…" (${s.length.toLocaleString('en-US')} characters)`;
}

/** Thrown after a command has printed its answer and a check it runs did not pass (exit 1). */
export class CheckFailed extends Error {
  constructor(message = 'check failed') {
    super(message);
    this.name = 'CheckFailed';
  }
}
