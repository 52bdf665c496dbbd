// `llmplan tco --scenario <file>`: price the scenario (app/tco.ts), print or write it (table, JSON, HTML report, CSV
// for spreadsheets), and exit 1 (CheckFailed) when over budget.
import type { Catalog } from '../../catalog/load.ts';
import type { CapacityPlan } from '../../core/capacity/types.ts';
import type { TcoResult } from '../../core/cost/tco.ts';
import { computeTcoForScenario, priceScenario, type TcoOutcome, type TcoQuery } from '../../app/tco.ts';
import type { RunContext } from '../../app/context.ts';
import { CheckFailed } from '../../errors.ts';
import { priceWarningLines } from '../../render/price-warnings.ts';
import { renderTcoJson, renderTcoTable } from '../../render/tco.ts';
import { createStyle } from '../../render/style.ts';
import { outputWidth } from '../../render/text.ts';
import type { Scenario } from '../../scenario/types.ts';
import { emit, inputFiles, prepareOut, resolveFormat, tableWidth, warningLevel, withWarnings, type OutputFlags } from '../output.ts';

export interface TcoOptions extends TcoQuery, OutputFlags {
  all?: boolean;
}

export async function runTco(opts: TcoOptions, ctx: RunContext): Promise<void> {
  const format = resolveFormat(opts, ['table', 'json', 'html', 'csv']);
  const level = warningLevel(opts);
  const target = prepareOut(opts, ctx, inputFiles(ctx, [opts.scenario, opts.calibration], opts.catalogDir));
  const outcome = await computeTcoForScenario(opts, withWarnings(ctx, level));
  await show(opts, ctx, outcome.scenario, outcome.result, { format, target, outcome });
}

/** Price given plans and print them as `tco` does; tests drive the command with factory plans. */
export async function runTcoWithPlans(opts: TcoOptions, ctx: RunContext, scenario: Scenario, plans: CapacityPlan[], catalog: Catalog, asOf: string): Promise<TcoResult> {
  const format = resolveFormat(opts, ['table', 'json', 'csv']);
  const result = await priceScenario(opts, ctx, scenario, plans, catalog, asOf);
  await show(opts, ctx, scenario, result, { format, target: null, outcome: null });
  return result;
}

async function show(opts: TcoOptions, ctx: RunContext, scenario: Scenario, result: TcoResult, o: { format: string; target: string | null; outcome: TcoOutcome | null }): Promise<void> {
  for (const line of priceWarningLines(result.warnings, outputWidth(ctx.stderr, ctx.env), warningLevel(opts))) ctx.stderr.write(`${line}\n`);
  let text: string;
  if (o.format === 'json') text = renderTcoJson(result, scenario.name) + '\n';
  else if (o.format === 'csv') text = (await import('../../render/tco-csv.ts')).renderTcoCsv(result);
  else if (o.format === 'html') {
    const { tcoReportData } = await import('../../app/report.ts');
    const { renderTcoReport } = await import('../../render/report-tco.ts');
    text = await renderTcoReport(scenario, result, tcoReportData(o.outcome!));
  } else text = renderTcoTable(result, scenario.name, createStyle(o.target === null ? ctx.stdout : {}, ctx.env), { all: opts.all ?? false, width: tableWidth(ctx, o.target) });
  emit(ctx, o.target, text, opts);
  if (result.budget.verdict === 'over') throw new CheckFailed('over budget');
}
