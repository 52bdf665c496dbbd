// Queueing formulas for the capacity plan: Erlang C for waiting for a KV slot, Poisson quantiles for the batch,
// binomial redundancy for availability. Checked against a discrete-event simulation in test/capacity.test.ts.

/**
 * Erlang C: probability an arrival waits, for c servers each serving at rate mu, arrivals at lambda (M/M/c).
 * Computed through the Erlang B recursion B(k) = a·B(k−1) / (k + a·B(k−1)), stable for thousands of servers.
 * With `atMost`, the recursion may stop early with a value that is both ≤ `atMost` and ≥ the exact C: past the
 * offered load a, B falls with every server and C grows with B, so C at the current count bounds C at c from above.
 * Callers that only ask "is it below `atMost`?" then skip the rest (thousands of KV slots at light load).
 */
export function erlangC(c: number, lambda: number, mu: number, atMost?: number): number {
  const a = lambda / mu;
  const rho = a / c;
  if (rho >= 1) return 1;
  const cOf = (b: number) => b / (1 - rho + rho * b);
  let b = 1;
  for (let k = 1; k <= c; k++) {
    b = (a * b) / (k + a * b);
    if (atMost !== undefined && k > a && cOf(b) <= atMost) return cOf(b);
  }
  return cOf(b);
}

/** p-quantile of the M/M/c waiting time: P(W > t) = C · e^(−(c·mu − lambda)·t). */
export function erlangWaitQuantile(c: number, lambda: number, mu: number, p: number): number {
  const pw = erlangC(c, lambda, mu, 1 - p);
  if (pw <= 1 - p) return 0;
  const rate = c * mu - lambda;
  if (rate <= 0) return Number.POSITIVE_INFINITY;
  return Math.log(pw / (1 - p)) / rate;
}

/** Upper quantile of a Poisson count with mean m, by the normal approximation with continuity (m ≥ 1), exact below. */
export function poissonQuantile(m: number, p: number): number {
  if (m <= 0) return 0;
  if (m < 30) {
    let k = 0;
    let term = Math.exp(-m);
    let cdf = term;
    while (cdf < p && k < 1000) {
      k++;
      term *= m / k;
      cdf += term;
    }
    return k;
  }
  const z = p >= 0.99 ? 2.326 : p >= 0.95 ? 1.645 : p >= 0.9 ? 1.2816 : 0.6745;
  return Math.ceil(m + z * Math.sqrt(m));
}

/** P(at most k of n independent units are down), each down with probability q. */
export function binomialAtMost(n: number, k: number, q: number): number {
  let term = (1 - q) ** n;
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= ((n - i + 1) / i) * (q / (1 - q));
    sum += term;
  }
  return Math.min(1, sum);
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Smallest spare count k so that N needed replicas stay up with probability ≥ availability. Exact binomial while
 * the expected number down is small; for large fleets ((N + k)·q > 20) the normal approximation with continuity
 * correction, where (1 − q)^N would underflow.
 */
export function spareReplicas(needed: number, availability: number, replicaUnavailability: number): number {
  if (needed <= 0 || availability <= 0) return 0;
  // The search asks the same few questions thousands of times (every hour class, every TP of every variant).
  let byQ = spareMemo.get(availability);
  if (!byQ) spareMemo.set(availability, (byQ = new Map()));
  let byNeeded = byQ.get(replicaUnavailability);
  if (!byNeeded) byQ.set(replicaUnavailability, (byNeeded = new Map()));
  let k = byNeeded.get(needed);
  if (k === undefined) {
    if (byNeeded.size >= 100_000) byNeeded.clear();
    byNeeded.set(needed, (k = spareReplicasUncached(needed, availability, replicaUnavailability)));
  }
  return k;
}

const spareMemo = new Map<number, Map<number, Map<number, number>>>();

function spareReplicasUncached(needed: number, availability: number, replicaUnavailability: number): number {
  const q = replicaUnavailability;
  if (needed * q > 20) {
    const z = normalQuantile(availability);
    // Start at a k no answer is below (n·q + z·√(n·q(1−q)) − ½ ≤ k(1 − q), as √ grows with n + k), so the walk takes
    // a few steps at any fleet size instead of √n.
    let k = Math.ceil(needed * q);
    if (z > 0) k = Math.max(k, Math.floor((needed * q + z * Math.sqrt(needed * q * (1 - q)) - 0.5) / (1 - q)));
    for (;;) {
      const n = needed + k;
      if (k + 0.5 >= n * q + z * Math.sqrt(n * q * (1 - q))) return k;
      k++;
    }
  }
  for (let k = 0; k <= needed + 8; k++) {
    if (binomialAtMost(needed + k, k, q) >= availability) return k;
  }
  return needed + 8;
}

/**
 * p-quantile of the wait in an M/D/1 queue (arrival rate λ, service w seconds): P(W > t) ≈ ρ·e^(−γt) with γ the
 * positive root of λ(e^(γw) − 1) = γ (Cramér–Lundberg; exponential service gives M/M/1's μ − λ). 0 when ρ ≤ 1 − p.
 */
export function md1WaitQuantile(lambda: number, w: number, p: number): number {
  const rho = lambda * w;
  if (!(w > 0) || rho <= 1 - p) return 0;
  if (rho >= 1) return Number.POSITIVE_INFINITY;
  const f = (g: number) => lambda * Math.expm1(g * w) - g;
  let hi = 1 / w;
  while (f(hi) <= 0) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return Math.log(rho / (1 - p)) / hi;
}
