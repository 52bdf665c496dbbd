import type { RunContext } from '../../app/context.ts';
import { computePerf, type PerfQuery } from '../../app/perf.ts';
import { renderBenchCommand, renderPerfHuman, renderPerfJson } from '../../render/perf.ts';
import { createStyle } from '../../render/style.ts';

export interface PerfOptions extends PerfQuery {
  emitBench?: boolean;
  json?: boolean;
}

export async function runPerf(opts: PerfOptions, ctx: RunContext): Promise<void> {
  const { answer, meta } = await computePerf(opts, ctx);
  if (opts.json) ctx.stdout.write(renderPerfJson(answer, meta, opts.emitBench ? renderBenchCommand(meta) : null) + '\n');
  else {
    ctx.stdout.write(renderPerfHuman(answer, meta, createStyle(ctx.stdout, ctx.env)));
    if (opts.emitBench) ctx.stdout.write('\nConfirm on real hardware:\n' + renderBenchCommand(meta) + '\n');
  }
}
