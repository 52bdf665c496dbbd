// The two error kinds (STYLE.md §5): InputError → exit 2 with a place and no stack; anything else is a bug.

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
    super(list.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

export function formatProblem(p: InputProblem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}:${p.col ?? 1}` : ''}` : '';
  const head = [where, p.path].filter(Boolean).join('  ');
  const body = head ? `${head}  ${p.message}` : p.message;
  return p.hint ? `${body} (${p.hint})` : body;
}

/** Thrown after a command has printed its answer and a check it runs did not pass (exit 1). */
export class CheckFailed extends Error {
  constructor(message = 'check failed') {
    super(message);
    this.name = 'CheckFailed';
  }
}
