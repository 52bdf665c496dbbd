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
