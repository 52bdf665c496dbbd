import { computePlans, type PlanQuery } from '../../app/plan.ts';
import type { RunContext } from '../../app/context.ts';
import { renderPlanHuman, renderPlanJson } from '../../render/plan.ts';
import { createStyle } from '../../render/style.ts';

export interface PlanOptions extends PlanQuery {
  json?: boolean;
}

export async function runPlan(opts: PlanOptions, ctx: RunContext): Promise<void> {
  const r = await computePlans(opts, ctx);
  if (opts.json) ctx.stdout.write(renderPlanJson(r.scenario, r.plans, r.engine.id, r.calibration.fittedOn) + '\n');
  else ctx.stdout.write(renderPlanHuman(r.scenario, r.plans, createStyle(ctx.stdout, ctx.env)));
}
