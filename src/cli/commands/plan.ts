import { computePlans, type PlanQuery } from '../../app/plan.ts';
import type { RunContext } from '../../app/context.ts';
import { renderPlanHuman, renderPlanJson } from '../../render/plan.ts';
import { createStyle } from '../../render/style.ts';
import { emit, inputFiles, prepareOut, resolveFormat, tableWidth, warningLevel, withWarnings, type OutputFlags } from '../output.ts';

export interface PlanOptions extends PlanQuery, OutputFlags {}

export async function runPlan(opts: PlanOptions, ctx: RunContext): Promise<void> {
  const format = resolveFormat(opts, ['table', 'json', 'html']);
  const target = prepareOut(opts, ctx, inputFiles(ctx, [opts.scenario, opts.calibration], opts.catalogDir));
  const r = await computePlans(opts, withWarnings(ctx, warningLevel(opts)));
  if (opts.compareDisagg && format === 'html' && !opts.quiet) ctx.stderr.write('note: the HTML report does not draw the disaggregated alternative yet; --format table or json shows it\n');
  let text: string;
  if (format === 'json') text = renderPlanJson(r.scenario, r.plans, r.engine.id, r.calibration.fittedOn) + '\n';
  else if (format === 'html') {
    const { planReportData } = await import('../../app/report.ts');
    const { renderPlanReport } = await import('../../render/report-plan.ts');
    text = await renderPlanReport(r.scenario, r.plans, planReportData(r));
  } else text = renderPlanHuman(r.scenario, r.plans, createStyle(target === null ? ctx.stdout : {}, ctx.env), tableWidth(ctx, target));
  emit(ctx, target, text, opts);
}
