import type { RandomStream } from '../health/sampling.ts';
import { quantileSorted } from '../health/summary.ts';

/**
 * Variance-based sensitivity indices from a pick-freeze sample (docs/uncertainty.md, "Estimator").
 * For N draws: f(A)_j, f(B)_j and, per group g, f(A_B^(g))_j (A with g's inputs from B):
 *
 *   V     = variance of the 2N values f(A) ∪ f(B) (divisor 2N)
 *   S_g   = (1/N) Σ_j (f(B)_j − f̄) · (f(A_B^(g))_j − f(A)_j) / V   Saltelli et al. 2010, Table 2 (b)
 *   ST_g  = (1/2N) Σ_j (f(A)_j − f(A_B^(g))_j)² / V               Jansen 1999; Saltelli 2010 Table 2 (f)
 *
 * S_g is the share of V that group g explains alone (first order); ST_g adds every interaction
 * g takes part in (total). f̄ is the mean of the 2N values: E[f(A_B) − f(A)] = 0, so centring f(B)
 * leaves the estimator unbiased and removes the variance a large mean would add (as scipy's
 * sobol_indices does). Estimates are not clipped: with few draws they may fall outside [0, 1].
 */
export interface PickFreezeSample {
  readonly fA: Float64Array;
  readonly fB: Float64Array;
  /** One array per group, same length N as fA. */
  readonly fAB: readonly Float64Array[];
}

export interface SobolIndices {
  readonly variance: number;
  readonly first: Float64Array;
  readonly total: Float64Array;
}

/** Indices over the draws listed in `rows` (default all; a bootstrap passes a resample). */
export function sobolIndices(s: PickFreezeSample, rows?: Int32Array): SobolIndices {
  const N = rows ? rows.length : s.fA.length;
  const at = rows ? (j: number) => rows[j] : (j: number) => j;
  let mean = 0;
  for (let j = 0; j < N; j++) mean += s.fA[at(j)] + s.fB[at(j)];
  mean /= 2 * N;
  let variance = 0;
  for (let j = 0; j < N; j++) {
    const a = s.fA[at(j)] - mean;
    const b = s.fB[at(j)] - mean;
    variance += a * a + b * b;
  }
  variance /= 2 * N;
  const G = s.fAB.length;
  const first = new Float64Array(G);
  const total = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const ab = s.fAB[g];
    let f = 0;
    let t = 0;
    for (let j = 0; j < N; j++) {
      const k = at(j);
      const d = ab[k] - s.fA[k];
      f += (s.fB[k] - mean) * d;
      t += d * d;
    }
    first[g] = variance > 0 ? f / N / variance : Number.NaN;
    total[g] = variance > 0 ? t / (2 * N) / variance : Number.NaN;
  }
  return { variance, first, total };
}

export interface IndexInterval {
  readonly low: number;
  readonly high: number;
}

/**
 * Percentile bootstrap (Efron & Tibshirani 1993, An Introduction to the Bootstrap) of the indices: `replicates` resamples
 * of the N draws with replacement, each a whole draw (its A, B and hybrids together); the
 * 2.5 % and 97.5 % points (R type 7) of each index over the resamples with V > 0. NaN bounds
 * when fewer than half the resamples vary (an output taking few distinct values, few draws).
 */
export function bootstrapIntervals(
  s: PickFreezeSample,
  replicates: number,
  stream: RandomStream,
): { first: IndexInterval[]; total: IndexInterval[] } {
  const N = s.fA.length;
  const G = s.fAB.length;
  const first = Array.from({ length: G }, () => new Float64Array(replicates));
  const total = Array.from({ length: G }, () => new Float64Array(replicates));
  const rows = new Int32Array(N);
  for (let b = 0; b < replicates; b++) {
    for (let j = 0; j < N; j++) rows[j] = stream.index(N);
    const r = sobolIndices(s, rows);
    for (let g = 0; g < G; g++) {
      first[g][b] = r.first[g];
      total[g][b] = r.total[g];
    }
  }
  const interval = (a: Float64Array): IndexInterval => {
    const finite = a.filter((v) => !Number.isNaN(v)).sort();
    if (finite.length < replicates / 2) return { low: Number.NaN, high: Number.NaN };
    return { low: quantileSorted(finite, 0.025), high: quantileSorted(finite, 0.975) };
  };
  return { first: first.map(interval), total: total.map(interval) };
}
