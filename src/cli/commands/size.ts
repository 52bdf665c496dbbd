import { computeSize, type SizeQuery } from '../../app/size.ts';
import type { RunContext } from '../../app/context.ts';
import { CheckFailed } from '../../errors.ts';
import { renderSizeJson, renderSizeMany, renderSizeOne } from '../../render/size.ts';
import { createStyle } from '../../render/style.ts';
import { outputWidth } from '../../render/text.ts';

export interface SizeOptions extends SizeQuery {
  json?: boolean;
}

export async function runSize(opts: SizeOptions, ctx: RunContext): Promise<void> {
  const r = await computeSize(opts, ctx);
  if (opts.json) ctx.stdout.write(renderSizeJson(r.rows, { model: r.model, engine: r.engine }) + '\n');
  else if (r.single) ctx.stdout.write(renderSizeOne(r.rows[0]!, r.model, r.engine, createStyle(ctx.stdout, ctx.env), outputWidth(ctx.stdout, ctx.env)));
  else ctx.stdout.write(renderSizeMany(r.rows, r.model, r.engine, r.base, createStyle(ctx.stdout, ctx.env), outputWidth(ctx.stdout, ctx.env)));
  // An explicit --tp asks "does it fit at this degree?": "no" is a failed check, like tco over budget.
  if (r.single && opts.tp !== undefined && !r.rows[0]!.result?.fits) throw new CheckFailed('does not fit at the --tp given');
}
