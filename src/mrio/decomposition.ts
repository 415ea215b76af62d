import type { Matrix } from '../linalg/matrix.ts';
import { blockDiagonalProducts } from '../linalg/products.ts';
import type { DemandSolves } from './demand.ts';

/** Production-based account f ⊙ x per (region, sector) (METHODS §2). */
export function productionAccounts(f: Float64Array, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) out[j] = f[j] * x[j];
  return out;
}

/** Consumption-based account per consuming region: column sums of the flow matrix M (METHODS §4). */
export function consumptionAccounts(flows: Matrix): Float64Array {
  const out = new Float64Array(flows.cols);
  for (let s = 0; s < flows.rows; s++)
    for (let r = 0; r < flows.cols; r++) out[r] += flows.data[s * flows.cols + r];
  return out;
}

export interface FourParts {
  readonly intraRegional: Float64Array;
  readonly importsEmbodied: Float64Array;
  readonly finalExports: Float64Array;
  readonly intermediateExports: Float64Array;
}

/**
 * METHODS §2, paper eq. 3: the four parts of f_s x_s per emitting (region, sector):
 * f ⊙ L_ss y_ss, f ⊙ L_ss Σ_{r≠s} A_sr Σ_t B_rt y_ts, f ⊙ B_ss Σ_{r≠s} y_sr,
 * f ⊙ Σ_{t≠s} B_st Σ_{r≠s} y_tr.
 */
export function fourPartDecomposition(ds: DemandSolves, f: Float64Array): FourParts {
  return {
    intraRegional: productionAccounts(f, ds.outIntra),
    importsEmbodied: productionAccounts(f, ds.outImports),
    finalExports: productionAccounts(f, ds.outFinalExports),
    intermediateExports: productionAccounts(f, ds.outIntermediateExports),
  };
}

/** METHODS §4: M[s,r] = f_s Σ_t B_st y_tr (G×G). */
export function flowMatrix(ds: DemandSolves, f: Float64Array): Matrix {
  const { G, N, X } = ds;
  const m = new Float64Array(G * G);
  // Built before the loop: code after a hot loop that has not run yet makes V8 drop the loop's
  // compiled code at every call.
  const out: Matrix = { rows: G, cols: G, data: m };
  for (let s = 0; s < G; s++)
    for (let i = 0; i < N; i++) {
      const j = s * N + i;
      const fj = f[j];
      if (fj === 0) continue;
      for (let r = 0; r < G; r++) m[s * G + r] += fj * X.data[j * G + r];
    }
  return out;
}

export interface BilateralExports {
  /** G·G·N, index (s·G + r)·N + i (exporting s, importing r, exported sector i of s); r = s is 0. */
  readonly exFinal: Float64Array;
  readonly exIntermediate: Float64Array;
  readonly feFinal: Float64Array;
  readonly feIntermediate: Float64Array;
  /** G·G·G, index (s·G + r)·G + t: FE_sr occurring in upstream region t ≠ s. */
  readonly feByOrigin: Float64Array;
}

/**
 * FE_sr by upstream origin t (METHODS §3) for a batch of intensity rows: Σ_i (f_t B_ts)_i ·
 * (y_sr + A_sr L_rr y_rr)_i for every indicator q, exporter s, importer r ≠ s and origin t ≠ s.
 * For each s one product (all k·G rows f_t B_ts) · (N × G demand block of s). Returns one
 * G·G·G array per indicator, index (s·G + r)·G + t.
 */
export function feByOriginBatch(ds: DemandSolves, rows: Matrix): Float64Array[] {
  const { G, N } = ds;
  const kG = rows.rows;
  const k = kG / G;
  // prod[(s·kG + q·G + t)·G + r]
  const prod = blockDiagonalProducts(rows, ds.feDemand, N);
  // All outputs exist before the loop: code after a hot loop that has not run yet makes V8 drop
  // the loop's compiled code (here: at every indicator).
  const out = Array.from({ length: k }, () => new Float64Array(G * G * G));
  for (let q = 0; q < k; q++) {
    const o = out[q];
    for (let s = 0; s < G; s++)
      for (let t = 0; t < G; t++) {
        if (t === s) continue;
        const src = (s * kG + q * G + t) * G;
        for (let r = 0; r < G; r++) if (r !== s) o[(s * G + r) * G + t] = prod[src + r];
      }
  }
  return out;
}

/**
 * METHODS §3, paper eq. 4–7, per exported sector i of s:
 * EX_sr = (f_s B_ss)ᵀ ⊙ y_sr + (f_s L_ss)ᵀ ⊙ (A_sr Σ_{t≠s} Σ_{u≠s} B_rt y_tu),
 * FE_sr = Σ_{t≠s} (f_t B_ts)ᵀ ⊙ y_sr + Σ_{t≠s} (f_t B_ts)ᵀ ⊙ (A_sr L_rr y_rr).
 * `fB` is G × n with row t = f_t B_t·; `fL` holds f_s L_ss in block s; `feByOrigin` is this
 * indicator's array from feByOriginBatch (computed for all indicators at once).
 */
export function bilateralExports(
  ds: DemandSolves,
  fB: Matrix,
  fL: Float64Array,
  feByOrigin: Float64Array,
): BilateralExports {
  const { G, N, exInner, feInner } = ds;
  const yd = ds.y.data;
  const fb = fB.data;
  const n = G * N;
  const exFinal = new Float64Array(G * G * N);
  const exIntermediate = new Float64Array(G * G * N);
  const feFinal = new Float64Array(G * G * N);
  const feIntermediate = new Float64Array(G * G * N);
  const out: BilateralExports = { exFinal, exIntermediate, feFinal, feIntermediate, feByOrigin }; // before the loop, as in flowMatrix
  const up = new Float64Array(N);
  for (let s = 0; s < G; s++) {
    // Σ_{t≠s} f_t B_ts
    up.fill(0);
    for (let t = 0; t < G; t++) {
      if (t === s) continue;
      const row = t * n + s * N;
      for (let i = 0; i < N; i++) up[i] += fb[row + i];
    }
    const own = s * n + s * N;
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      const o = (s * G + r) * N;
      for (let i = 0; i < N; i++) {
        const ysr = yd[(s * N + i) * G + r];
        exFinal[o + i] = fb[own + i] * ysr;
        exIntermediate[o + i] = fL[s * N + i] * exInner[o + i];
        feFinal[o + i] = up[i] * ysr;
        feIntermediate[o + i] = up[i] * feInner[o + i];
      }
    }
  }
  return out;
}
