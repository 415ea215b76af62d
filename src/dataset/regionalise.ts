import { rasBalance } from './balance.ts';

/**
 * Step 1 of docs/dataset.md: provincial value added by sector from indicator shares, reconciled
 * by RAS so that every sector's national value added (hence output) and every province's GDP
 * target hold. The start matrix is VA_i · share_i[r]; RAS multiplies it by a province factor and
 * a sector factor, so each sector keeps its indicator pattern up to the province factors
 * (reported as `regionFactor`). Anchoring the physical-indicator sectors exactly is infeasible:
 * Qinghai's energy-indicated sectors alone would exceed its GDP.
 */
export interface OutputRegionalisation {
  /** Value added VA[r·N + i]. */
  readonly valueAdded: Float64Array;
  /** Per region: final VA / start VA (how much RAS rescaled the region's indicator-based VA). */
  readonly regionFactor: Float64Array;
  readonly rasIterations: number;
  readonly rasMaxRelError: number;
}

export function regionaliseValueAdded(
  shares: readonly Float64Array[], // per sector, length G, sums to 1
  nationalVa: Float64Array, // length N
  gdpTarget: Float64Array, // length G, sums to Σ nationalVa
): OutputRegionalisation {
  const N = shares.length;
  const G = gdpTarget.length;
  const start = new Float64Array(G * N);
  for (let r = 0; r < G; r++) for (let i = 0; i < N; i++) start[r * N + i] = nationalVa[i] * shares[i][r];
  const res = rasBalance(start, G, N, gdpTarget, nationalVa);
  const regionFactor = new Float64Array(G);
  for (let r = 0; r < G; r++) {
    let a = 0;
    let b = 0;
    for (let i = 0; i < N; i++) {
      a += res.values[r * N + i];
      b += start[r * N + i];
    }
    regionFactor[r] = a / b;
  }
  return {
    valueAdded: res.values,
    regionFactor,
    rasIterations: res.iterations,
    rasMaxRelError: res.maxRelError,
  };
}

/** Shares of a non-negative vector (sum 1); an all-zero vector is an error. */
export function sharesOf(v: ArrayLike<number>, what: string): Float64Array {
  let s = 0;
  for (let k = 0; k < v.length; k++) {
    if (!(v[k] >= 0)) throw new Error(`sharesOf(${what}): negative or missing value at ${k}`);
    s += v[k];
  }
  if (!(s > 0)) throw new Error(`sharesOf(${what}): all zero`);
  return Float64Array.from(v, (x) => x / s);
}
