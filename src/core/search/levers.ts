// Levers on the recommended plan: one change at a time, re-planned and re-priced on the same deployment, in $/month
// saved (negative: added), each with what it puts at risk and whether the targets still hold. Pure.
import { groupedInteger } from '../units.ts';
import type { PlanningScenario } from '../capacity/scenario.ts';
import { MIN_CACHEABLE_PREFIX_TOKENS, priceApiMonth } from '../cost/api.ts';
import { knownHourly, priceCloudMonths } from '../cost/cloud.ts';
import { evaluateOptions } from '../cost/options.ts';
import { BASE_MULTIPLIERS, type TcoApiPrice } from '../cost/types.ts';
import { countParameters } from '../memory/parameters.ts';
import type { KvDtype, WeightFormat } from '../memory/precision.ts';
import { budgetRejections, candidateOf, growthFactors, planVariant, predictedOf } from './search.ts';
import { hybridCandidates, overflowApiIds } from './hybrid.ts';
import { releasedFormat } from './space.ts';
import type { Candidate, Lever, SearchInput, SearchResult, Serving } from './types.ts';

/**
 * Share of requests a router sends to a smaller model. Seed 002 ("Intelligent Request Routing") routes by keywords
 * into FAST/BALANCED/QUALITY tiers but states no share; 30% is an assumption, and the saving scales with it.
 */
export const ROUTED_SHARE = 0.3;
/** "Relax the tightest target by 20%" (issue 10). */
export const RELAX_FACTOR = 1.2;

type Priced = { monthlyUsd: number; keepsTargets: boolean } | { monthlyUsd: null; reason: string };

/** Re-plan the winner's variant with one change and price it on the same deployment (offer and purchase kind). */
function reprice(input: SearchInput, result: SearchResult, win: Candidate, change: Partial<{ weights: WeightFormat; kvDtype: KvDtype }>, planning: PlanningScenario = input.planning): Priced {
  const sv = win.serving!;
  const model = input.models.find((m) => m.id === sv.modelId)!;
  const gpu = input.gpus.find((g) => g.id === sv.gpuId)!;
  const engine = input.engines.find((e) => e.id === sv.engine)!;
  const op = planVariant(input, { model, gpu, engine, weights: change.weights ?? sv.weights, kvDtype: change.kvDtype ?? sv.kvDtype }, planning);
  if (op.skipped) return { monthlyUsd: null, reason: op.skipped };
  if (!op.plan.feasible) return { monthlyUsd: null, reason: op.plan.infeasibleReason ?? 'the targets are not met' };
  const ev = evaluateOptions({ ...input.tco, plans: [op.plan], apiPrices: [] }, BASE_MULTIPLIERS);
  const serving = { ...sv, weights: change.weights ?? sv.weights, kvDtype: change.kvDtype ?? sv.kvDtype, tensorParallel: op.plan.tensorParallel };
  if (win.kind === 'hybrid') {
    // The same base and overflow, rebuilt on the changed plan (the base size is searched again).
    const apis = overflowApiIds(input.tco);
    const growth = growthFactors(input.tco.scenario.horizon.months, input.tco.scenario.horizon.monthlyGrowthRate);
    const h = hybridCandidates(input, [{ serving, plan: op.plan, predicted: predictedOf(op), options: ev.options }], apis, growth).find((c) => c.id === win.id);
    return h ? { monthlyUsd: h.monthlyCostUsd, keepsTargets: budgetRejections(h, input).length === 0 } : { monthlyUsd: null, reason: `${win.label} cannot be rebuilt with the change` };
  }
  const same = ev.options.find((o) => o.id === win.id) ?? ev.options.find((o) => o.kind === win.kind && o.offerId === win.offerId && o.eligible);
  if (!same || same.monthlyCostUsd === null) return { monthlyUsd: null, reason: `${win.label} cannot be priced with the change` };
  const c = candidateOf(same, serving, predictedOf(op), op, input);
  return { monthlyUsd: c.monthlyCostUsd, keepsTargets: budgetRejections(c, input).length === 0 };
}

function lever(id: string, title: string, win: Candidate, p: Priced, risk: string): Lever {
  return p.monthlyUsd === null
    ? { id, title, monthlySavingsUsd: null, risk, keepsTargets: false, reason: p.reason }
    : { id, title, monthlySavingsUsd: win.monthlyCostUsd - p.monthlyUsd, risk, keepsTargets: p.keepsTargets, reason: null };
}

const na = (id: string, title: string, risk: string, reason: string): Lever => ({ id, title, monthlySavingsUsd: null, risk, keepsTargets: false, reason });

export function leversFor(input: SearchInput, result: SearchResult): Lever[] {
  const win = result.recommendation ?? result.closest?.candidate ?? null;
  if (!win) return [];
  const out: Lever[] = [];
  const s = input.tco.scenario;
  const w = input.planning.workload;
  const selfHosted = win.serving !== null;
  const model = win.serving ? input.models.find((m) => m.id === win.serving!.modelId) : undefined;

  // Precision levers: each is the step away from what the winner uses.
  if (selfHosted && model) {
    const sv = win.serving!;
    if (sv.kvDtype === 'fp8') out.push(lever('kv-bf16', 'bf16 KV cache instead of fp8', win, reprice(input, result, win, { kvDtype: 'bf16' }), 'removes fp8 KV quantisation (small accuracy loss on long contexts); fewer sequences fit'));
    else out.push(lever('kv-fp8', 'fp8 KV cache', win, reprice(input, result, win, { kvDtype: 'fp8' }), 'KV cache in fp8 (e4m3): about twice the sequences fit; small accuracy loss on long contexts, check on your evals'));
    const released = releasedFormat(model);
    if (sv.weights === 'int4-awq') out.push(lever('weights-released', `${released} weights instead of int4-awq`, win, reprice(input, result, win, { weights: released }), 'removes the int4 quality risk'));
    else out.push(lever('int4-weights', 'int4-awq weights', win, reprice(input, result, win, { weights: 'int4-awq' }), 'int4 AWQ weights: measurable quality loss on reasoning and code; needs an AWQ checkpoint; check on your evals'));
  } else {
    out.push(na('kv-fp8', 'fp8 KV cache', 'self-hosted only', win.kind === 'api' ? 'the recommendation is a hosted API' : 'a hybrid keeps the precision of its base plan'));
  }

  // Prefix caching of the shared system prompt.
  const shared = w.inputTokensMean > 0 ? (s.workload.systemPromptTokens * s.workload.prefixCacheHitRate) : 0;
  if (shared <= 0) out.push({ id: 'prefix-caching', title: 'prefix caching', monthlySavingsUsd: 0, risk: 'none', keepsTargets: true, reason: 'the scenario has no shared prompt prefix (systemPromptTokens × prefixCacheHitRate = 0)' });
  else if (selfHosted) {
    const planning: PlanningScenario = { ...input.planning, workload: { ...w, inputTokensMean: Math.max(1, w.inputTokensMean - shared), inputTokensP95: w.inputTokensP95 === null ? null : Math.max(1, w.inputTokensP95 - shared) } };
    const p = reprice(input, result, win, {}, planning);
    // Planned without it; with it the cached prefix is not prefilled again (it still occupies the KV cache).
    out.push(lever('prefix-caching', `prefix caching of the ${s.workload.systemPromptTokens}-token shared prompt (hit rate ${(s.workload.prefixCacheHitRate * 100).toFixed(0)}%)`, win, p, 'none for correctness (on by default in vLLM and SGLang); the saving is optimistic by the cached prefix\'s KV memory'));
  } else {
    const prefix = s.workload.systemPromptTokens;
    out.push({
      id: 'prefix-caching', title: `provider prompt caching of the ${prefix}-token shared prefix`, monthlySavingsUsd: 0, risk: 'none', keepsTargets: true,
      reason: prefix < MIN_CACHEABLE_PREFIX_TOKENS ? `providers cache prefixes of ${groupedInteger(MIN_CACHEABLE_PREFIX_TOKENS)} tokens or more; this one is shorter` : 'already in the API price',
    });
  }

  // Spot for the variable part, and a commitment for the base (cloud).
  const offer = win.offerId ? input.tco.offers.find((o) => o.id === win.offerId) : undefined;
  const plan = win.serving ? result.evaluated.find((e) => e.serving.modelId === win.serving!.modelId && e.serving.gpuId === win.serving!.gpuId && e.serving.weights === win.serving!.weights && e.serving.kvDtype === win.serving!.kvDtype && e.serving.engine === win.serving!.engine)?.plan : undefined;
  const factors = growthFactors(s.horizon.months, s.horizon.monthlyGrowthRate);
  if (win.kind === 'cloud' && offer && plan) {
    const flex = win.purchase.includes('spot') ? null : offer.onDemand;
    const commit = /3y/.test(win.purchase) ? offer.commit3y : /1y/.test(win.purchase) ? offer.commit1y : null;
    const commitUsd = commit && knownHourly(commit) ? commit.usdPerHour : null;
    if ('low' in offer.spot && knownHourly(offer.spot.high) && flex && knownHourly(flex)) {
      const spot = priceCloudMonths(plan, offer.gpuCount, offer.spot.high.usdPerHour, commitUsd, factors).months[0]!.monthlyUsd;
      const interactive = s.kind !== 'batch' || (s.availability ?? null) !== null;
      out.push({ id: 'spot-variable', title: 'spot instances for the hours above the base', monthlySavingsUsd: win.monthlyCostUsd - spot, risk: offer.interruptionNote, keepsTargets: !interactive, reason: interactive ? 'spot capacity can be reclaimed at short notice: it breaks a user-facing or availability target' : null });
    } else out.push(na('spot-variable', 'spot instances for the variable part', 'interruptions', `no spot price for ${offer.instanceType} in the catalog`));
    if (commitUsd !== null && flex && knownHourly(flex)) {
      const none = priceCloudMonths(plan, offer.gpuCount, flex.usdPerHour, null, factors).months[0]!.monthlyUsd;
      out.push({ id: 'commit-base', title: 'no commitment (on-demand only) instead of the committed base', monthlySavingsUsd: win.monthlyCostUsd - none, risk: 'the commitment is already in the plan; dropping it adds cost but frees you from the term', keepsTargets: true, reason: null });
    } else {
      const terms = ([['1y', offer.commit1y, 12], ['3y', offer.commit3y, 36]] as const).filter(([, p, m]) => knownHourly(p) && s.horizon.months >= m);
      if (terms.length && flex && knownHourly(flex)) {
        const best = Math.min(...terms.map(([, p]) => priceCloudMonths(plan, offer.gpuCount, flex.usdPerHour, p.usdPerHour!, factors).months[0]!.monthlyUsd));
        out.push({ id: 'commit-base', title: 'commit to the base instances', monthlySavingsUsd: win.monthlyCostUsd - best, risk: 'a 1- or 3-year term: you pay for the base if traffic falls', keepsTargets: true, reason: null });
      } else out.push(na('commit-base', 'commit to the base instances', 'a term', `no commitment price for ${offer.instanceType} usable over ${s.horizon.months} months`));
    }
  } else out.push(na('commit-base', 'commitment for the base', 'a term', win.kind === 'onprem' ? 'owned GPUs: nothing to commit' : win.kind === 'api' ? 'per-token API: no capacity to commit' : 'the hybrid base is already owned or committed'));

  // Batch API for work that can wait.
  const apiPrices = input.tco.apiPrices.filter((p): p is Extract<TcoApiPrice, { kind: 'price' }> => p.kind === 'price' && p.batchMultiplier !== null);
  if (apiPrices.length === 0) out.push(na('batch-api', 'batch API for offline work', 'results within 24 h', 'no API in the scenario has a known batch price'));
  else {
    const batchCosts = apiPrices.map((p) => ({ p, usd: priceApiMonth(p, { kind: 'batch', workload: s.workload }, 1).totalUsd })).sort((a, b) => a.usd - b.usd);
    const b = batchCosts[0]!;
    const residencyBlocked = s.constraints.regions.length > 0 || s.constraints.onPremOnly;
    out.push({
      id: 'batch-api', title: `${b.p.provider}/${b.p.model} batch API for the work that can wait`, monthlySavingsUsd: win.monthlyCostUsd - b.usd,
      risk: 'results within 24 h instead of seconds; priced as if all requests could wait', keepsTargets: s.kind === 'batch' && !residencyBlocked,
      reason: s.kind !== 'batch' ? 'interactive traffic cannot wait for a batch window' : residencyBlocked ? 'the data constraint rules out this API' : null,
    });
  }

  // Route a share of simple requests to a smaller model (seed 002's router tiers).
  const params = (id: string) => {
    const m = input.models.find((x) => x.id === id);
    return m ? (m.publishedTotalParams ?? countParameters(m.architecture, m.kind).total) : null;
  };
  const mine = params(win.model);
  // Self-hosted: a model with fewer parameters; an API (size unpublished): any cheaper accepted model.
  const smaller = result.accepted
    .filter((c) => c.model !== win.model && (win.kind === 'api' ? c.monthlyCostUsd < win.monthlyCostUsd : c.kind !== 'api' && mine !== null && (params(c.model) ?? Infinity) < mine))
    .sort((a, b) => a.monthlyCostUsd - b.monthlyCostUsd)[0];
  if (smaller) {
    out.push({ id: 'router-small-model', title: `route ${ROUTED_SHARE * 100}% of simple requests to ${smaller.model}`, monthlySavingsUsd: ROUTED_SHARE * (win.monthlyCostUsd - smaller.monthlyCostUsd), risk: `a classifier decides what is simple; misrouted requests get a weaker answer. Linear estimate at an assumed ${ROUTED_SHARE * 100}% share (seed 002 gives none)`, keepsTargets: true, reason: null });
  } else out.push(na('router-small-model', 'route simple requests to a smaller model', 'weaker answers when misrouted', 'no accepted candidate runs a smaller model'));

  // The other side of the make-or-buy line: the cheapest accepted API for a self-hosted winner, and the cheapest
  // accepted self-hosted deployment for an API winner.
  const other = result.accepted.filter((c) => (win.kind === 'api' ? c.kind !== 'api' : c.kind === 'api')).sort((a, b) => a.monthlyCostUsd - b.monthlyCostUsd)[0];
  if (other) out.push({ id: win.kind === 'api' ? 'self-host' : 'hosted-api', title: `${win.kind === 'api' ? 'self-host instead' : 'a hosted API instead'}: ${other.label}`, monthlySavingsUsd: win.monthlyCostUsd - other.monthlyCostUsd, risk: win.kind === 'api' ? 'you run the fleet: on-call, upgrades, capacity' : 'the provider\'s latency, limits and data terms apply; latency is not predicted for APIs', keepsTargets: true, reason: null });
  else out.push(na(win.kind === 'api' ? 'self-host' : 'hosted-api', win.kind === 'api' ? 'self-host instead' : 'a hosted API instead', 'make or buy', win.kind === 'api' ? 'no self-hosted candidate is accepted' : 'no hosted API candidate is accepted (none in the scenario, or ruled out by a constraint)'));

  // Relax the tightest target by 20%.
  const t = input.planning.targets;
  const p = win.predicted;
  const slack = p ? ([['ttft', t.ttftP95Seconds, p.ttftSeconds], ['tpot', t.tpotP95Seconds, p.tpotSeconds], ['e2e', t.e2eP95Seconds, p.e2eSeconds]] as const).filter(([, target]) => target !== null).map(([k, target, v]) => ({ k, target: target!, ratio: v / target! })).sort((a, b) => b.ratio - a.ratio)[0] : undefined;
  if (selfHosted && slack) {
    const key = `${slack.k}P95Seconds` as 'ttftP95Seconds' | 'tpotP95Seconds' | 'e2eP95Seconds';
    const planning: PlanningScenario = { ...input.planning, targets: { ...t, [key]: slack.target * RELAX_FACTOR } };
    out.push(lever('relax-target', `relax the ${slack.k.toUpperCase()} p95 target by 20% (${slack.target} → ${+(slack.target * RELAX_FACTOR).toFixed(4)} s)`, win, reprice(input, result, win, {}, planning), 'users wait longer at the p95; the target itself changes'));
    const last = out.at(-1)!;
    last.keepsTargets = false;
  } else out.push(na('relax-target', 'relax the tightest target by 20%', 'slower answers', win.kind === 'api' ? 'API latency is not modelled' : 'no latency target to relax'));

  // Nothing within budget: the smallest change that would fit.
  if (!result.recommendation && result.closest?.candidate) {
    const c = result.closest.candidate;
    const b = s.budget;
    const parts: string[] = [];
    if (b.monthlyUsd !== null && c.peakMonthlyOperatingUsd > b.monthlyUsd) parts.push(`a monthly budget of $${groupedInteger(Math.ceil(c.peakMonthlyOperatingUsd))} (+$${groupedInteger(Math.ceil(c.peakMonthlyOperatingUsd - b.monthlyUsd))})`);
    if (b.capitalUsd !== null && c.capitalUsd > b.capitalUsd) parts.push(`a capital budget of $${groupedInteger(Math.ceil(c.capitalUsd))} (+$${groupedInteger(Math.ceil(c.capitalUsd - b.capitalUsd))})`);
    // The plan stays as it is: nothing is saved or added per month; the budget moves.
    out.push({ id: 'budget', title: `smallest change that fits: ${parts.join(' and ')} for ${c.label}`, monthlySavingsUsd: 0, risk: 'the budget changes, not the plan', keepsTargets: true, reason: null });
  }
  return out;
}
