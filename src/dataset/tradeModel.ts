import { rasBalance } from './balance.ts';

/**
 * Inter-regional trade by a doubly constrained gravity model (CHARM-type pooled trade:
 * supply pool S_s, demand pool D_r per product), docs/dataset.md §3:
 *   T0[s,r] = S_s · D_r · d_sr^(−β_i) · (1 + bonus · adjacent_sr) · (s = r ? H : 1),
 *   then RAS to rows S, columns D.
 * Deterministic; no randomness.
 */
export interface GravitySpec {
  /** Distance-decay exponent per sector (length N). */
  readonly decay: Float64Array;
  /** Multiplicative bonus for contiguous region pairs (0.5 → weight × 1.5). */
  readonly contiguityBonus: number;
  /** Multiplier on the own-region weight (home bias beyond the internal distance). */
  readonly homeBias: number;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distances between centroids (km); the diagonal is the internal distance
 * (2/3)·sqrt(area/π) of a disc-shaped region (Head & Mayer 2002). */
export function regionDistances(
  lon: readonly number[],
  lat: readonly number[],
  areaKm2: readonly number[],
): Float64Array {
  const G = lon.length;
  const d = new Float64Array(G * G);
  const rad = Math.PI / 180;
  for (let s = 0; s < G; s++) {
    for (let r = 0; r < G; r++) {
      if (s === r) {
        d[s * G + r] = (2 / 3) * Math.sqrt(areaKm2[s] / Math.PI);
        continue;
      }
      const dphi = (lat[r] - lat[s]) * rad;
      const dl = (lon[r] - lon[s]) * rad;
      const h =
        Math.sin(dphi / 2) ** 2 + Math.cos(lat[s] * rad) * Math.cos(lat[r] * rad) * Math.sin(dl / 2) ** 2;
      d[s * G + r] = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
  }
  return d;
}

export interface TradeResult {
  /** share[(i·G + s)·G + r]: part of region r's pooled demand for product i supplied by s. */
  readonly share: Float64Array;
  readonly maxRelError: number;
  readonly maxIterations: number;
}

/**
 * supply and demand are G×N region-major (r·N + i). For each product the demand column is
 * rescaled to the supply total first (they agree to the national table's rounding).
 */
export function gravityTrade(
  supply: Float64Array,
  demand: Float64Array,
  G: number,
  N: number,
  distance: Float64Array,
  adjacent: (s: number, r: number) => boolean,
  spec: GravitySpec,
): TradeResult {
  const share = new Float64Array(N * G * G);
  let maxRel = 0;
  let maxIt = 0;
  for (let i = 0; i < N; i++) {
    const S = new Float64Array(G);
    const D = new Float64Array(G);
    let ts = 0;
    let td = 0;
    for (let r = 0; r < G; r++) {
      S[r] = supply[r * N + i];
      D[r] = demand[r * N + i];
      if (S[r] < 0 || D[r] < 0)
        throw new Error(`gravityTrade: negative pool for product ${i} in region ${r}`);
      ts += S[r];
      td += D[r];
    }
    if (ts === 0 || td === 0) {
      // No domestic supply or use: each region sources from itself (all-zero flows anyway).
      for (let r = 0; r < G; r++) share[(i * G + r) * G + r] = 1;
      continue;
    }
    for (let r = 0; r < G; r++) D[r] *= ts / td;
    const t0 = new Float64Array(G * G);
    const beta = spec.decay[i];
    for (let s = 0; s < G; s++)
      for (let r = 0; r < G; r++) {
        const bonus = s === r ? spec.homeBias : adjacent(s, r) ? 1 + spec.contiguityBonus : 1;
        t0[s * G + r] = S[s] * D[r] * distance[s * G + r] ** -beta * bonus;
      }
    const res = rasBalance(t0, G, G, S, D);
    maxRel = Math.max(maxRel, res.maxRelError);
    maxIt = Math.max(maxIt, res.iterations);
    for (let r = 0; r < G; r++) {
      if (D[r] === 0) {
        share[(i * G + r) * G + r] = 1;
        continue;
      }
      let col = 0;
      for (let s = 0; s < G; s++) col += res.values[s * G + r];
      for (let s = 0; s < G; s++) share[(i * G + s) * G + r] = res.values[s * G + r] / col;
    }
  }
  return { share, maxRelError: maxRel, maxIterations: maxIt };
}
