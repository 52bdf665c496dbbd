// `llmplan check`: the CI gate (app/check.ts), printed as a table, JSON or a pull-request comment; exit 1 when a
// check fails.
import { computeCheck, type CheckQuery } from '../../app/check.ts';
import type { RunContext } from '../../app/context.ts';
import { CheckFailed } from '../../errors.ts';
import { renderCheckHuman, renderCheckJson, renderCheckMarkdown } from '../../render/check.ts';
import { createStyle } from '../../render/style.ts';

export interface CheckOptions extends CheckQuery {
  format: 'table' | 'json' | 'markdown';
  json?: boolean;
}

export async function runCheck(opts: CheckOptions, ctx: RunContext): Promise<void> {
  const c = await computeCheck(opts, ctx);
  const format = opts.json ? 'json' : opts.format;
  if (format === 'json') ctx.stdout.write(renderCheckJson(c) + '\n');
  else if (format === 'markdown') ctx.stdout.write(renderCheckMarkdown(c));
  else ctx.stdout.write(renderCheckHuman(c, createStyle(ctx.stdout, ctx.env), ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : 100));
  if (!c.passed) throw new CheckFailed(`${c.checks.filter((x) => !x.passed).length} check(s) failed`);
}
