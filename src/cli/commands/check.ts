// `llmplan check`: the CI gate (app/check.ts), printed as a table, JSON or a pull-request comment; exit 1 when a
// check fails.
import { computeCheck, type CheckQuery } from '../../app/check.ts';
import type { RunContext } from '../../app/context.ts';
import { CheckFailed } from '../../errors.ts';
import { renderCheckHuman, renderCheckJson, renderCheckMarkdown } from '../../render/check.ts';
import { createStyle } from '../../render/style.ts';
import { emit, inputFiles, prepareOut, resolveFormat, tableWidth, warningLevel, withWarnings, type OutputFlags } from '../output.ts';

export interface CheckOptions extends CheckQuery, Omit<OutputFlags, 'format'> {
  format?: 'table' | 'json' | 'markdown' | 'html';
}

export async function runCheck(opts: CheckOptions, ctx: RunContext): Promise<void> {
  // markdown is this command's own format (a pull-request comment); the rest follow every command's rules.
  const flags: OutputFlags = { json: opts.json, out: opts.out, quiet: opts.quiet, format: opts.format === 'markdown' ? undefined : opts.format };
  const format = opts.format === 'markdown' && !opts.json ? 'markdown' : resolveFormat(flags, ['table', 'json', 'html']);
  const target = prepareOut(flags, ctx, inputFiles(ctx, [opts.scenario, opts.baseline, opts.calibration], opts.catalogDir));
  const c = await computeCheck(opts, withWarnings(ctx, warningLevel(flags)));
  let text: string;
  if (format === 'json') text = renderCheckJson(c) + '\n';
  else if (format === 'markdown') text = renderCheckMarkdown(c);
  else if (format === 'html') {
    const { renderCheckReport } = await import('../../render/report-check.ts');
    text = await renderCheckReport(c);
  } else text = renderCheckHuman(c, createStyle(target === null ? ctx.stdout : {}, ctx.env), tableWidth(ctx, target));
  emit(ctx, target, text, flags);
  if (!c.passed) throw new CheckFailed(`${c.checks.filter((x) => !x.passed).length} check(s) failed`);
}
