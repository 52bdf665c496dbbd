// Hosted-API cost of a month of the scenario's tokens: input, cached prefix, cache writes, output; context tiers
// and the batch discount for non-interactive work. Prices are USD per 1M tokens (genai-prices' unit).
import { TOKENS_PER_MTOK, assertFinite } from '../units.ts';
import type { TcoApiPrice, TcoScenario } from './types.ts';

/**
 * Providers cache a prefix only from 1,024 tokens: OpenAI "prompt caching ... for prompts 1024 tokens or longer"
 * (platform.openai.com/docs/guides/prompt-caching); Anthropic's minimum cacheable prompt is 1,024 tokens for
 * Sonnet/Opus and 2,048 for Haiku 3/3.5 (docs.claude.com prompt-caching). A shorter shared system prompt is billed
 * at the full input price however often it repeats: the chatbot's 80-token prompt gets no discount.
 */
export const MIN_CACHEABLE_PREFIX_TOKENS = 1024;

export interface ApiMonth {
  totalUsd: number;
  breakdown: { item: string; monthlyUsd: number }[];
  /** Effective per-MTok rates used (after tier and batch). */
  rates: { inputUsdPerMTok: number; outputUsdPerMTok: number; cacheReadUsdPerMTok: number | null; cacheWriteUsdPerMTok: number | null };
  batchApplied: boolean;
  cacheApplied: boolean;
  tierAboveInputTokens: number | null;
  notes: string[];
}

type KnownPrice = Extract<TcoApiPrice, { kind: 'price' }>;

/**
 * One month at traffic × `trafficFactor`. Tier: the highest tier whose threshold the MEAN request input crosses
 * bills the whole request (litellm/genai-prices semantics); a note says when only the p95 crosses.
 * Batch (kind batch): input and output × the provider's batch multiplier; cache rates unchanged. Embedding
 * queries are user-facing and pay the standard price; their one-time corpus pass may use the batch API (options.ts).
 * Worked example (seed 000 use case 1): 900M input × $3 + 1.2B output × $15 per MTok = $2,700 + $18,000 = $20,700.
 */
export function priceApiMonth(p: KnownPrice, s: Pick<TcoScenario, 'kind' | 'workload'>, trafficFactor = 1, priceFactor = 1): ApiMonth {
  const w = s.workload;
  const notes: string[] = [];
  const tier = [...p.tiers].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens).filter((t) => w.inputTokensMean > t.aboveInputTokens).at(-1);
  const pick = (tierValue: number | null | undefined, base: number | null) => (tier && tierValue !== null && tierValue !== undefined ? tierValue : base);
  let input = pick(tier?.inputUsdPerMTok, p.inputUsdPerMTok)!;
  let output = pick(tier?.outputUsdPerMTok, p.outputUsdPerMTok)!;
  const cacheRead = pick(tier?.cacheReadUsdPerMTok, p.cacheReadUsdPerMTok);
  const cacheWrite = pick(tier?.cacheWriteUsdPerMTok, p.cacheWriteUsdPerMTok);
  if (tier) notes.push(`mean input ${Math.round(w.inputTokensMean)} tokens > ${tier.aboveInputTokens}: whole requests billed at the long-context tier`);
  else if (w.inputTokensP95 !== null && p.tiers.some((t) => w.inputTokensP95! > t.aboveInputTokens))
    notes.push('p95 input crosses a long-context tier the mean does not: some requests cost more than shown');

  let batchApplied = false;
  // Only batch work waits for a batch window; embedding queries answer users (the corpus pass is priced apart).
  if (s.kind === 'batch') {
    if (p.batchMultiplier !== null) {
      input *= p.batchMultiplier;
      output *= p.batchMultiplier;
      batchApplied = true;
      notes.push(`batch API ×${p.batchMultiplier} on input and output (${p.batchNote})`);
    } else notes.push(`no batch discount known (${p.batchNote}): standard price`);
  }

  const requests = w.requestsPerMonth * trafficFactor;
  const inputTokens = w.inputTokensPerMonth * trafficFactor;
  const outputTokens = w.outputTokensPerMonth * trafficFactor;
  const prefixTokens = requests * w.systemPromptTokens;
  const cacheApplied = w.prefixCacheHitRate > 0 && w.systemPromptTokens >= MIN_CACHEABLE_PREFIX_TOKENS && cacheRead !== null;
  if (w.prefixCacheHitRate > 0 && !cacheApplied) {
    notes.push(cacheRead === null
      ? 'no cached-input price known: the shared prefix is billed at the input price'
      : `shared prefix of ${w.systemPromptTokens} tokens is below the ${MIN_CACHEABLE_PREFIX_TOKENS}-token minimum providers cache: billed at the input price`);
  }
  const cachedTokens = cacheApplied ? prefixTokens * w.prefixCacheHitRate : 0;
  // Writes: OpenAI/Gemini write the cache at the input price (cacheWrite null); Anthropic charges a premium.
  const writeTokens = cacheApplied && cacheWrite !== null ? prefixTokens * (1 - w.prefixCacheHitRate) : 0;
  const freshInput = inputTokens - cachedTokens - writeTokens;
  const usd = (tokens: number, rate: number) => (tokens / TOKENS_PER_MTOK) * rate * priceFactor;
  const breakdown = [
    { item: 'input tokens', monthlyUsd: usd(freshInput, input) },
    ...(cachedTokens > 0 ? [{ item: 'cached input (prefix hits)', monthlyUsd: usd(cachedTokens, cacheRead!) }] : []),
    ...(writeTokens > 0 ? [{ item: 'cache writes (prefix misses)', monthlyUsd: usd(writeTokens, cacheWrite!) }] : []),
    { item: 'output tokens', monthlyUsd: usd(outputTokens, output) },
  ];
  const totalUsd = assertFinite('api monthly cost', breakdown.reduce((a, b) => a + b.monthlyUsd, 0));
  return {
    totalUsd, breakdown, batchApplied, cacheApplied, tierAboveInputTokens: tier?.aboveInputTokens ?? null, notes,
    rates: { inputUsdPerMTok: input * priceFactor, outputUsdPerMTok: output * priceFactor, cacheReadUsdPerMTok: cacheRead === null ? null : cacheRead * priceFactor, cacheWriteUsdPerMTok: cacheWrite === null ? null : cacheWrite * priceFactor },
  };
}
