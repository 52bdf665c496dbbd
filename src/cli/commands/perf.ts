import type { RunContext } from '../../app/context.ts';
import { computePerf, type PerfQuery } from '../../app/perf.ts';
import { renderBenchCommand, renderPerfHuman, renderPerfJson } from '../../render/perf.ts';
import { shellLines } from '../../render/text.ts';
import { createStyle } from '../../render/style.ts';
import { fitProse, outputWidth } from '../../render/text.ts';

export interface PerfOptions extends PerfQuery {
  emitBench?: boolean;
  json?: boolean;
}

export async function runPerf(opts: PerfOptions, ctx: RunContext): Promise<void> {
  const { answer, meta } = await computePerf(opts, ctx);
  if (opts.json) ctx.stdout.write(renderPerfJson(answer, meta, opts.emitBench ? renderBenchCommand(meta) : null) + '\n');
  else {
    const width = outputWidth(ctx.stdout, ctx.env);
    ctx.stdout.write(fitProse(renderPerfHuman(answer, meta, createStyle(ctx.stdout, ctx.env)), width));
    if (opts.emitBench) ctx.stdout.write('\nConfirm on real hardware:\n' + renderBenchCommand(meta).split('\n').flatMap((l) => shellLines(l, width)).join('\n') + '\n');
  }
}
