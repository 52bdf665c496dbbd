// `llmplan tco --scenario <file>`: price the scenario (app/tco.ts), print, and exit 1 (CheckFailed) when over budget.
import type { Catalog } from '../../catalog/load.ts';
import type { CapacityPlan } from '../../core/capacity/types.ts';
import type { TcoResult } from '../../core/cost/tco.ts';
import { computeTcoForScenario, priceScenario, type TcoQuery } from '../../app/tco.ts';
import type { RunContext } from '../../app/context.ts';
import { CheckFailed } from '../../errors.ts';
import { renderTcoJson, renderTcoTable, formatPriceWarnings } from '../../render/tco.ts';
import { createStyle } from '../../render/style.ts';
import type { Scenario } from '../../scenario/types.ts';

export interface TcoOptions extends TcoQuery {
  all?: boolean;
  json?: boolean;
}

export async function runTco(opts: TcoOptions, ctx: RunContext): Promise<void> {
  const { scenario, result } = await computeTcoForScenario(opts, ctx);
  show(opts, ctx, scenario, result);
}

/** Price given plans and print them as `tco` does; tests drive the command with factory plans. */
export async function runTcoWithPlans(opts: TcoOptions, ctx: RunContext, scenario: Scenario, plans: CapacityPlan[], catalog: Catalog, asOf: string): Promise<TcoResult> {
  const result = await priceScenario(opts, ctx, scenario, plans, catalog, asOf);
  show(opts, ctx, scenario, result);
  return result;
}

function show(opts: TcoOptions, ctx: RunContext, scenario: Scenario, result: TcoResult): void {
  for (const line of formatPriceWarnings(result.warnings)) ctx.stderr.write(`warning: ${line}\n`);
  if (opts.json) ctx.stdout.write(renderTcoJson(result, scenario.name) + '\n');
  else ctx.stdout.write(renderTcoTable(result, scenario.name, createStyle(ctx.stdout, ctx.env), { all: opts.all ?? false }));
  if (result.budget.verdict === 'over') throw new CheckFailed('over budget');
}
