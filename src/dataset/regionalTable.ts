import type { Matrix } from '../linalg/matrix.ts';

/**
 * A regionalised MRIO in factored form: everything a single-region-technology, pooled-trade
 * regionalisation determines (docs/dataset.md §2–4). Z and Y are products of these factors, so
 * storing the factors is exact and ~30× smaller than storing Z.
 *
 *   Z[(s,i),(r,j)] = share[i][s][r] · A[i][j] · x0[r,j]
 *   Y[(s,i),(r,k)] = share[i][s][r] · pooledDemand[r,i,k]       (k a pooled category)
 *   Y[(r,i),(r,k)] = ownDemand[r,i,k]                             (k an own-province category)
 *
 * share[i][·][r] sums to 1 (province r's sourcing of product i); the row identity
 * x0 = Z1 + Y1 holds to the trade balance tolerance.
 */
export interface RegionalisedTable {
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  readonly monetaryUnit: string;
  /** Construction output x0, length G·N, region-major. */
  readonly x0: Float64Array;
  /** National domestic input coefficients, N×N (rows = supplying sector). */
  readonly A: Matrix;
  /** Sourcing shares, N·G·G: share[i][s][r] at (i·G + s)·G + r. */
  readonly share: Float64Array;
  /** Pooled final-demand categories (sourced through `share`). */
  readonly pooledCategories: readonly string[];
  /** Demand of region r for product i in pooled category k: (r·N + i)·Kp + k. */
  readonly pooledDemand: Float64Array;
  /** Own-province categories (produced and used in the same region: inventory, exports). */
  readonly ownCategories: readonly string[];
  /** (r·N + i)·Ko + k. */
  readonly ownDemand: Float64Array;
  /** Primary-input coefficients per sector (national proportions), each length N; row = coef · x0. */
  readonly primaryCoefficients: readonly { readonly name: string; readonly values: Float64Array }[];
}

/** Final-demand category order of the expanded table: pooled categories then own categories. */
export function categoriesOf(t: RegionalisedTable): string[] {
  return [...t.pooledCategories, ...t.ownCategories];
}

/** Expands the factored form into dense Z (n×n) and Y (n×G·K). */
export function expandRegionalisedTable(t: RegionalisedTable): { Z: Matrix; Y: Matrix } {
  const G = t.regions.length;
  const N = t.sectors.length;
  const n = G * N;
  const Kp = t.pooledCategories.length;
  const Ko = t.ownCategories.length;
  const K = Kp + Ko;
  const Z = new Float64Array(n * n);
  const a = t.A.data;
  for (let s = 0; s < G; s++) {
    for (let i = 0; i < N; i++) {
      const rowOff = (s * N + i) * n;
      for (let r = 0; r < G; r++) {
        const sh = t.share[(i * G + s) * G + r];
        if (sh === 0) continue;
        const colOff = rowOff + r * N;
        const xr = r * N;
        for (let j = 0; j < N; j++) Z[colOff + j] = sh * a[i * N + j] * t.x0[xr + j];
      }
    }
  }
  const Y = new Float64Array(n * G * K);
  for (let s = 0; s < G; s++) {
    for (let i = 0; i < N; i++) {
      const rowOff = (s * N + i) * G * K;
      for (let r = 0; r < G; r++) {
        const sh = t.share[(i * G + s) * G + r];
        for (let k = 0; k < Kp; k++) Y[rowOff + r * K + k] = sh * t.pooledDemand[(r * N + i) * Kp + k];
      }
      for (let k = 0; k < Ko; k++) Y[rowOff + s * K + Kp + k] = t.ownDemand[(s * N + i) * Ko + k];
    }
  }
  return { Z: { rows: n, cols: n, data: Z }, Y: { rows: n, cols: G * K, data: Y } };
}
