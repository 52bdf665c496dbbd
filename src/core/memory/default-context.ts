// The context `size` plans one sequence for when --context is not given: 8,192 tokens (vLLM's benchmarks' usual
// ISL + OSL ceiling), or the model's own maximum when that is smaller — Llama 2's max_position_embeddings is 4,096,
// so `size --model llama-2-7b` plans 4,096 rather than failing on a context the user never asked for.
export const DEFAULT_CONTEXT_TOKENS = 8192;

export function defaultContextTokens(maxPositionEmbeddings: number): number {
  return Math.min(DEFAULT_CONTEXT_TOKENS, maxPositionEmbeddings);
}
