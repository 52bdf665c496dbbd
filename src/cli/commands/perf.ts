import type { RunContext } from '../../app/context.ts';
import { computePerf, type PerfQuery } from '../../app/perf.ts';
import { computeDisaggPerf, type DisaggQuery } from '../../app/perf-disagg.ts';
import { InputError } from '../../errors.ts';
import { renderDisaggPerfHuman, renderDisaggPerfJson } from '../../render/perf-disagg.ts';
import { renderBenchCommand, renderPerfHuman, renderPerfJson } from '../../render/perf.ts';
import { shellLines } from '../../render/text.ts';
import { createStyle } from '../../render/style.ts';
import { fitProse, outputWidth } from '../../render/text.ts';

export interface PerfOptions extends PerfQuery {
  emitBench?: boolean;
  json?: boolean;
  disagg?: DisaggQuery['disagg'];
  prefillTp?: number;
  decodeTp?: number;
}

async function runDisaggPerf(opts: DisaggQuery & { json?: boolean }, ctx: RunContext): Promise<void> {
  const { answer, meta } = await computeDisaggPerf(opts, ctx);
  if (opts.json) ctx.stdout.write(renderDisaggPerfJson(answer, meta) + '\n');
  else ctx.stdout.write(fitProse(renderDisaggPerfHuman(answer, meta, createStyle(ctx.stdout, ctx.env)), outputWidth(ctx.stdout, ctx.env)));
}

export async function runPerf(opts: PerfOptions, ctx: RunContext): Promise<void> {
  if (opts.disagg && opts.ep !== undefined && opts.ep > 1) throw new InputError([{ path: '--ep', message: 'expert-parallel pools are not modelled in a disaggregated deployment', hint: 'drop --ep for --disagg, or drop --disagg for DEP' }]);
  if (opts.disagg && opts.requests !== undefined) throw new InputError([{ path: '--requests', message: 'a finite run is not modelled for a disaggregated deployment (its pools are sized for a steady rate)', hint: 'drop --requests for --disagg, or drop --disagg for the run' }]);
  if (opts.disagg) return runDisaggPerf({ ...opts, disagg: opts.disagg }, ctx);
  const alone = [opts.prefillTp !== undefined ? '--prefill-tp' : null, opts.decodeTp !== undefined ? '--decode-tp' : null].filter((f) => f !== null);
  if (alone.length) throw new InputError(alone.map((path) => ({ path, message: 'sets a pool of a disaggregated deployment: it needs --disagg xP:yD', hint: 'add --disagg 1:1, or use --tp' })));
  const { answer, meta } = await computePerf(opts, ctx);
  if (opts.json) ctx.stdout.write(renderPerfJson(answer, meta, opts.emitBench ? renderBenchCommand(meta) : null) + '\n');
  else {
    const width = outputWidth(ctx.stdout, ctx.env);
    ctx.stdout.write(fitProse(renderPerfHuman(answer, meta, createStyle(ctx.stdout, ctx.env)), width));
    if (opts.emitBench) ctx.stdout.write('\nConfirm on real hardware:\n' + renderBenchCommand(meta).split('\n').flatMap((l) => shellLines(l, width)).join('\n') + '\n');
  }
}
