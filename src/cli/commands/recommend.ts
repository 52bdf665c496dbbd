// `llmplan recommend`: one decision per scenario (app/recommend.ts), printed or written (table, JSON, HTML report);
// exit 1 when nothing meets every target and the budget.
import type { RunContext } from '../../app/context.ts';
import { computeRecommendation, loadRecommendInputs, type RecommendQuery } from '../../app/recommend.ts';
import { CheckFailed, InputError } from '../../errors.ts';
import { renderRecommendHuman, renderRecommendJson } from '../../render/recommend.ts';
import { createStyle } from '../../render/style.ts';
import { emit, inputFiles, prepareOut, resolveFormat, tableWidth, warningLevel, withWarnings, type OutputFlags } from '../output.ts';

export interface RecommendOptions extends RecommendQuery, OutputFlags {
  explain?: boolean;
  printScenario?: boolean;
}

export async function runRecommend(opts: RecommendOptions, ctx: RunContext): Promise<void> {
  const format = resolveFormat(opts, ['table', 'json', 'html']);
  const target = prepareOut(opts, ctx, inputFiles(ctx, [opts.scenario, opts.calibration], opts.catalogDir));
  const quiet = withWarnings(ctx, warningLevel(opts));
  if (opts.printScenario) {
    const { yaml } = await loadRecommendInputs(opts, quiet);
    if (yaml === null) throw new InputError([{ path: '--print-scenario', message: 'prints the scenario built from --model/--rate/--isl/--osl; with --scenario the file is the scenario' }]);
    emit(ctx, target, yaml, opts);
    return;
  }
  const o = await computeRecommendation(opts, quiet);
  let text: string;
  if (format === 'json') text = renderRecommendJson(o) + '\n';
  else if (format === 'html') {
    const { recommendReportData } = await import('../../app/report.ts');
    const { renderRecommendReport } = await import('../../render/report-recommend.ts');
    text = await renderRecommendReport(o, recommendReportData(o));
  } else text = renderRecommendHuman(o, createStyle(target === null ? ctx.stdout : {}, ctx.env), { explain: opts.explain ?? false, width: tableWidth(ctx, target) });
  emit(ctx, target, text, opts);
  if (!o.result.recommendation) throw new CheckFailed('nothing meets every target and the budget');
}
