// Break-even between two options: the traffic volume at which their monthly costs are equal, and the month in
// which the cumulative cash of the one with the larger up-front cost falls to the other's.

/**
 * Factors f (traffic = f × today's) in [lo, hi] where `diff(f)` = cost A − cost B changes sign, each refined by
 * bisection to 1e-6 relative. Costs of self-hosted options are step functions of traffic (whole instances), so a
 * crossing can be a step rather than a smooth intersection; that is still where the cheaper option changes.
 */
export function findCrossings(diff: (f: number) => number | null, lo = 0.01, hi = 100, points = 81): number[] {
  const grid = Array.from({ length: points }, (_, i) => lo * (hi / lo) ** (i / (points - 1)));
  const values = grid.map(diff);
  const out: number[] = [];
  for (let i = 1; i < grid.length; i++) {
    const a = values[i - 1];
    const b = values[i];
    if (a === null || a === undefined || b === null || b === undefined) continue;
    if (a === 0) { out.push(grid[i - 1]!); continue; }
    if (Math.sign(a) === Math.sign(b) || b === 0) continue;
    let x0 = grid[i - 1]!;
    let x1 = grid[i]!;
    for (let k = 0; k < 60 && x1 / x0 > 1 + 1e-6; k++) {
      const mid = Math.sqrt(x0 * x1);
      const v = diff(mid);
      if (v === null) break;
      if (Math.sign(v) === Math.sign(a)) x0 = mid;
      else x1 = mid;
    }
    out.push(Math.sqrt(x0 * x1));
  }
  return out;
}

/** The crossing nearest to today's volume (f = 1) on a log scale, or null. */
export function nearestCrossing(crossings: readonly number[]): number | null {
  if (!crossings.length) return null;
  return [...crossings].sort((a, b) => Math.abs(Math.log(a)) - Math.abs(Math.log(b)))[0]!;
}

/**
 * First month (1-based) from which A's cumulative cash stays at or below B's to the end of the series, or null.
 * Example: A = $100 up front + $10/month, B = $30/month: cumulative A 110, 120, 130, 140, 150, 160;
 * B 30, 60, 90, 120, 150, 180 → month 5 (150 ≤ 150) and A stays cheaper after.
 */
export function breakEvenMonth(cumA: readonly number[], cumB: readonly number[]): number | null {
  const n = Math.min(cumA.length, cumB.length);
  let month: number | null = null;
  for (let i = n - 1; i >= 0; i--) {
    if (cumA[i]! <= cumB[i]! + 1e-9) month = i + 1;
    else break;
  }
  return month;
}

/**
 * Volume where a per-request price equals a fixed cost spread over the horizon:
 * fixedTotalUsd = usdPerRequest × requestsPerMonth × months. Seed 001: $541,400 / ($0.015 × 36) = 1,002,593/month.
 */
export function linearBreakEvenRequestsPerMonth(fixedTotalUsd: number, usdPerRequest: number, months: number): number {
  return fixedTotalUsd / (usdPerRequest * months);
}
