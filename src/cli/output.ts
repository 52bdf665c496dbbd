// Where a command's answer goes and in what form: `--format table|json|html|csv` (`--json` = `--format json`),
// `--out <file>` (written whole or not at all, never over an input), `--verbose` / `--quiet` for warnings.
import { readdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunContext, Stream } from '../app/context.ts';
import { InputError } from '../errors.ts';
import { checkWritable, writeFileAtomic } from '../io/write.ts';
import { outputWidth } from '../render/text.ts';

export const FORMATS = ['table', 'json', 'html', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface OutputFlags {
  json?: boolean;
  format?: Format;
  out?: string;
  verbose?: boolean;
  quiet?: boolean;
}

export type WarningLevel = 'quiet' | 'normal' | 'verbose';

/** The format asked for; `--json` with another `--format`, or a format this command lacks, is a usage error. */
export function resolveFormat(opts: OutputFlags, allowed: readonly Format[]): Format {
  if (opts.json && opts.format && opts.format !== 'json') {
    throw new InputError([{ path: '--json', message: `--json is --format json; it cannot be combined with --format ${opts.format}` }]);
  }
  const f = opts.json ? 'json' : (opts.format ?? 'table');
  if (!allowed.includes(f)) throw new InputError([{ path: '--format', message: `this command writes ${allowed.join(', ')}; not ${f}` }]);
  return f;
}

export function warningLevel(opts: OutputFlags): WarningLevel {
  if (opts.quiet && opts.verbose) throw new InputError([{ path: '--quiet', message: '--quiet and --verbose contradict each other; give one' }]);
  return opts.quiet ? 'quiet' : opts.verbose ? 'verbose' : 'normal';
}

/** With --quiet, the application layer's notes and warnings on stderr are dropped; errors still reach it (main.ts). */
export function withWarnings(ctx: RunContext, level: WarningLevel): RunContext {
  if (level !== 'quiet') return ctx;
  const stderr: Stream = { ...ctx.stderr, write: (s: string) => (/^(note|warning): /.test(s) ? true : ctx.stderr.write(s)) };
  return { ...ctx, stderr };
}

/** Every file a command reads that a user may name: --out must not name one of them (exit 2, the input kept). */
export function inputFiles(ctx: RunContext, files: ReadonlyArray<string | undefined>, catalogDirs: readonly string[] = []): string[] {
  const out: string[] = [];
  const add = (p: string) => {
    out.push(p);
    try {
      out.push(realpathSync(p));
    } catch {
      // Missing: the command reports it when it reads it.
    }
  };
  for (const f of files) if (f) add(resolve(ctx.cwd, f));
  for (const d of catalogDirs) {
    try {
      for (const f of readdirSync(resolve(ctx.cwd, d))) add(join(resolve(ctx.cwd, d), f));
    } catch {
      // Not a directory: the catalog loader says so.
    }
  }
  return out;
}

/** The absolute --out target, checked before any work (directory exists, not a directory, not an input); null for stdout. */
export function prepareOut(opts: OutputFlags, ctx: RunContext, inputs: readonly string[]): string | null {
  if (!opts.out) return null;
  const target = resolve(ctx.cwd, opts.out);
  let real = target;
  try {
    real = realpathSync(target);
  } catch {
    // Not there yet: nothing to compare through links.
  }
  checkWritable(target, '--out', inputs.includes(real) ? [target] : inputs);
  return target;
}

/** Write the answer: to --out (atomically, with a line on stderr saying where) or to stdout. */
export function emit(ctx: RunContext, target: string | null, text: string, opts: OutputFlags): void {
  if (target === null) {
    ctx.stdout.write(text);
    return;
  }
  writeFileAtomic(target, text, '--out');
  if (!opts.quiet) ctx.stderr.write(`wrote ${opts.out} (${Math.max(1, Math.round(Buffer.byteLength(text) / 1024))} KiB)\n`);
}

/** Columns the table fits: the terminal's, or COLUMNS, or 100 (a file gets 100). */
export function tableWidth(ctx: RunContext, target: string | null): number {
  return target === null ? outputWidth(ctx.stdout, ctx.env) : outputWidth({}, ctx.env);
}
