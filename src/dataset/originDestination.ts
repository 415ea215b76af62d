import { rasBalance } from './balance.ts';

/**
 * Province-to-province flows per product from the cleaned outflows and inflows (docs/dataset.md,
 * step 5). For product i the prior is a gravity form
 *
 *   T0[s,r] = d_sr^(−β_i)  (s ≠ r),   T0[s,s] = 0,
 *
 * RAS-balanced to rows OF_s (sales to other provinces) and columns IF_r (purchases from other
 * provinces). In the log-linear gravity model ln T = b0 + b1 ln OF_s + b2 ln IF_r + b3 ln d_sr the
 * origin and destination terms are absorbed by the balancing, so only the distance decay β_i = −b3
 * shapes the result. β_i = 0 gives the doubly constrained maximum-entropy flows (the biproportional
 * fit of a uniform prior), used for services. Deterministic. An optional contiguity factor κ
 * multiplies the prior of provinces sharing a border (κ = 1, the recipe: no contiguity term;
 * the uncertainty analysis varies it, docs/uncertainty.md).
 */
export interface OriginDestination {
  /** flows[(i·G + s)·G + r]: product i shipped from province s to province r (s ≠ r). */
  readonly flows: Float64Array;
  readonly maxRelError: number;
  readonly maxIterations: number;
  /** Flow-weighted mean distance per product (km), 0 for untraded products. */
  readonly meanDistanceKm: Float64Array;
}

export function originDestinationFlows(
  outflow: Float64Array, // G·N region-major
  inflow: Float64Array, // G·N, Σ_r inflow = Σ_s outflow per product
  G: number,
  N: number,
  distanceKm: Float64Array, // G×G (diagonal unused)
  decay: ArrayLike<number>, // β per product (length N)
  productLabel: (i: number) => string,
  tol = 1e-13,
  contiguity?: { readonly adjacent: (s: number, r: number) => boolean; readonly factor: number },
): OriginDestination {
  const flows = new Float64Array(N * G * G);
  const meanDistanceKm = new Float64Array(N);
  let maxRel = 0;
  let maxIt = 0;
  const rows = new Float64Array(G);
  const cols = new Float64Array(G);
  for (let i = 0; i < N; i++) {
    let rowTotal = 0;
    let colTotal = 0;
    for (let r = 0; r < G; r++) {
      rows[r] = outflow[r * N + i];
      cols[r] = inflow[r * N + i];
      rowTotal += rows[r];
      colTotal += cols[r];
    }
    if (rowTotal === 0 && colTotal === 0) continue;
    if (Math.abs(rowTotal - colTotal) > 1e-12 * rowTotal)
      throw new Error(
        `${productLabel(i)}: outflows ${rowTotal} and inflows ${colTotal} differ; reconcile first`,
      );
    // With a zero diagonal a province cannot sell more than all others buy, nor buy more than all others sell.
    for (let s = 0; s < G; s++) {
      if (rows[s] > colTotal - cols[s] + 1e-12 * colTotal || cols[s] > rowTotal - rows[s] + 1e-12 * rowTotal)
        throw new Error(
          `${productLabel(i)}: province ${s + 1} trades more than all other provinces together (outflow ${rows[s]}, inflow ${cols[s]}, total ${rowTotal})`,
        );
    }
    const beta = decay[i];
    const prior = new Float64Array(G * G);
    for (let s = 0; s < G; s++)
      for (let r = 0; r < G; r++)
        if (s !== r) prior[s * G + r] = beta === 0 ? 1 : distanceKm[s * G + r] ** -beta;
    if (contiguity && contiguity.factor !== 1)
      for (let s = 0; s < G; s++)
        for (let r = 0; r < G; r++)
          if (s !== r && contiguity.adjacent(s, r)) prior[s * G + r] *= contiguity.factor;
    const res = rasBalance(prior, G, G, rows, cols, tol);
    if (!(res.maxRelError <= tol))
      throw new Error(`${productLabel(i)}: trade RAS did not converge (max rel. error ${res.maxRelError})`);
    maxRel = Math.max(maxRel, res.maxRelError);
    maxIt = Math.max(maxIt, res.iterations);
    let dist = 0;
    let all = 0;
    for (let s = 0; s < G; s++)
      for (let r = 0; r < G; r++) {
        const v = res.values[s * G + r];
        flows[(i * G + s) * G + r] = v;
        dist += v * distanceKm[s * G + r];
        all += v;
      }
    meanDistanceKm[i] = all > 0 ? dist / all : 0;
  }
  return { flows, maxRelError: maxRel, maxIterations: maxIt, meanDistanceKm };
}
