// Suggestions for misspelt ids and keys, with commander's thresholds (lib/suggestSimilar.js):
// optimal-string-alignment distance ≤ 3 and similarity (1 − distance / length) > 0.4, best first, at most 3.

export function osaDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const prev = d[i - 1]!;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

export function suggestSimilar(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  let best = 3;
  let found: string[] = [];
  for (const candidate of new Set(candidates)) {
    const c = candidate.toLowerCase();
    // The distance is at least the difference in length: skipping those keeps a 100,000-character typo cheap.
    if (Math.abs(w.length - c.length) > best) continue;
    // A prefix of a longer id ("llama-3.1-8" → "llama-3.1-8b") counts as distance of the missing tail.
    const distance = osaDistance(w, c);
    const length = Math.max(w.length, c.length);
    if ((length - distance) / length <= 0.4) continue;
    if (distance < best) {
      best = distance;
      found = [candidate];
    } else if (distance === best) {
      found.push(candidate);
    }
  }
  return found.slice(0, 3);
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const s = suggestSimilar(word, candidates);
  if (s.length === 0) return undefined;
  return `did you mean ${s.map((x) => `"${x}"`).join(' or ')}?`;
}

/**
 * Words and numbers of an id or label: "llama-3.1-70b" → llama, 3.1, 70, b; "llama3-70b" → llama, 3, 70, b;
 * "A100 80GB" → a, 100, 80, gb. Letters and digits split where they meet, so "llama3" and "llama-3" agree.
 */
export function idTokens(s: string): string[] {
  return s.toLowerCase().match(/[a-z]+|\d+(?:\.\d+)*/g) ?? [];
}

/** A query token matches an id token when equal, or as a version prefix: "3" matches "3.1" and "3.3", not "30". */
const tokenMatches = (q: string, c: string): boolean => q === c || (/^\d/.test(q) && c.startsWith(`${q}.`));

/** The query's tokens appear in the label's, in order (others may sit between), the first anchored or not. */
function tokensIn(query: string[], label: string[], anchored: boolean): boolean {
  if (query.length === 0) return false;
  if (anchored && !tokenMatches(query[0]!, label[0] ?? '')) return false;
  let i = 0;
  for (const t of label) if (i < query.length && tokenMatches(query[i]!, t)) i++;
  return i === query.length;
}

/**
 * Ids a short or loosely written name could mean: "a100" → a100-sxm-40gb, a100-sxm-80gb, a100-pcie-80gb;
 * "llama3-70b" → llama-3.1-70b, llama-3.3-70b (not llama-2-70b). Matches on the first word are preferred, and ids
 * before aliases ("deepseek" means the DeepSeek ids, not Llama-3.1-8B aliased as DeepSeek-R1-Distill-Llama-8B);
 * every match of the first tier that has any is returned, in catalog order.
 */
export function candidatesFor(query: string, items: ReadonlyArray<{ id: string; labels: readonly string[] }>): string[] {
  const q = idTokens(query);
  for (const anchored of [true, false]) {
    for (const withLabels of [false, true]) {
      const hits = items.filter((x) => [x.id, ...(withLabels ? x.labels : [])].some((l) => tokensIn(q, idTokens(l), anchored))).map((x) => x.id);
      if (hits.length) return hits;
    }
  }
  return [];
}
