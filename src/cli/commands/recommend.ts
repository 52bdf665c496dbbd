// `llmplan recommend`: one decision per scenario (app/recommend.ts), printed; exit 1 when nothing meets every
// target and the budget.
import type { RunContext } from '../../app/context.ts';
import { computeRecommendation, loadRecommendInputs, type RecommendQuery } from '../../app/recommend.ts';
import { CheckFailed, InputError } from '../../errors.ts';
import { renderRecommendHuman, renderRecommendJson } from '../../render/recommend.ts';
import { createStyle } from '../../render/style.ts';

export interface RecommendOptions extends RecommendQuery {
  json?: boolean;
  explain?: boolean;
  printScenario?: boolean;
}

export async function runRecommend(opts: RecommendOptions, ctx: RunContext): Promise<void> {
  if (opts.printScenario) {
    const { yaml } = await loadRecommendInputs(opts, ctx);
    if (yaml === null) throw new InputError([{ path: '--print-scenario', message: 'prints the scenario built from --model/--rate/--isl/--osl; with --scenario the file is the scenario' }]);
    ctx.stdout.write(yaml);
    return;
  }
  const o = await computeRecommendation(opts, ctx);
  if (opts.json) ctx.stdout.write(renderRecommendJson(o) + '\n');
  else ctx.stdout.write(renderRecommendHuman(o, createStyle(ctx.stdout, ctx.env), { explain: opts.explain ?? false, width: ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : 100 }));
  if (!o.result.recommendation) throw new CheckFailed('nothing meets every target and the budget');
}
