import { luSolve, luSolveBlockDiagonal, luSolveTransposed, luSolveTransposedStart } from '../linalg/lu.ts';
import type { Matrix } from '../linalg/matrix.ts';
import type { LeontiefFactors, LocalInverses, TechnicalCoefficients } from './leontief.ts';
import type { Mrio } from './model.ts';

/** y_·r: final demand of each consuming region r summed over categories, n × G (METHODS §1). */
export function finalDemandByRegion(m: Mrio): Matrix {
  const G = m.regions.length;
  const K = m.finalDemand.categories.length;
  const n = m.x.length;
  const src = m.finalDemand.Y.data;
  const out = new Float64Array(n * G);
  for (let i = 0; i < n; i++)
    for (let r = 0; r < G; r++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += src[i * G * K + r * K + k];
      out[i * G + r] = s;
    }
  return { rows: n, cols: G, data: out };
}

/** Intensity row f = F·diag(x)⁻¹ of one account, zero where x = 0 (METHODS §1). */
export function intensity(values: Float64Array, x: Float64Array): Float64Array {
  const f = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) f[j] = x[j] === 0 ? 0 : values[j] / x[j];
  return f;
}

/**
 * Every output vector the decomposition needs, from column solves B·v with one LU of I − A
 * plus small local solves (indicator-independent; METHODS §2–4). Arrays of length n are
 * region-major; G·G·N arrays are indexed (s·G + r)·N + i.
 */
export interface DemandSolves {
  readonly G: number;
  readonly N: number;
  /** y_·r, n × G. */
  readonly y: Matrix;
  /** X = B·y: X[(s,i), r] = Σ_t B_st y_tr (output of s driven by r's final demand), n × G. */
  readonly X: Matrix;
  /** Σ_r X[·, r]: the output implied by final demand (equals x on a balanced table). */
  readonly xModel: Float64Array;
  /** Output behind each of the four parts (METHODS §2), per (s, i). */
  readonly outIntra: Float64Array; // L_ss y_ss
  readonly outImports: Float64Array; // L_ss Σ_{r≠s} A_sr Σ_t B_rt y_ts
  readonly outFinalExports: Float64Array; // B_ss Σ_{r≠s} y_sr
  readonly outIntermediateExports: Float64Array; // Σ_{t≠s} B_st Σ_{r≠s} y_tr
  /** EX_sr inner term A_sr Σ_{t≠s} Σ_{u≠s} B_rt y_tu (METHODS §3), G·G·N. */
  readonly exInner: Float64Array;
  /** FE_sr inner term A_sr L_rr y_rr (METHODS §3), G·G·N. */
  readonly feInner: Float64Array;
  /**
   * What FE_sr weights upstream content by (METHODS §3): feDemand[(s,i), r] = y_sr + A_sr L_rr y_rr
   * for r ≠ s, 0 for r = s; n × G.
   */
  readonly feDemand: Matrix;
}

// demandSolves runs as a chain of small functions, one loop nest each: V8 compiles a hot loop
// inside a long multi-loop function on stack (OSR) and throws that code away on leaving the loop,
// at every call, so the first runs of a single long function were 3–4× slower than later ones.

/**
 * Right-hand sides of the one column solve, n × 3G: [y_·r | w^(s) | e^(s)], with
 * w^(s)_t = Σ_{u≠s} y_tu for t ≠ s (0 for t = s) and e^(s)_s = Σ_{r≠s} y_sr (0 elsewhere).
 */
function demandRightHandSides(y: Float64Array, G: number, N: number): Float64Array {
  const n = G * N;
  const cols = 3 * G;
  const rhs = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const t = Math.floor(i / N);
    const yi = i * G;
    const ri = i * cols;
    let total = 0;
    for (let r = 0; r < G; r++) total += y[yi + r];
    for (let r = 0; r < G; r++) rhs[ri + r] = y[yi + r];
    for (let s = 0; s < G; s++) if (s !== t) rhs[ri + G + s] = total - y[yi + s];
    rhs[ri + 2 * G + t] = total - y[yi + t];
  }
  return rhs;
}

/** Splits the column solve into X = B·y, x = X·1 and the block-s entries of B·w^(s) and B·e^(s). */
function unpackDemandSolution(
  sol: Float64Array,
  G: number,
  N: number,
  X: Float64Array,
  xModel: Float64Array,
  outIntermediateExports: Float64Array,
  outFinalExports: Float64Array,
): void {
  const n = G * N;
  const cols = 3 * G;
  for (let i = 0; i < n; i++) {
    const s = Math.floor(i / N);
    let tot = 0;
    for (let r = 0; r < G; r++) {
      const v = sol[i * cols + r];
      X[i * G + r] = v;
      tot += v;
    }
    xModel[i] = tot;
    outIntermediateExports[i] = sol[i * cols + G + s]; // block s of B·w^(s)
    outFinalExports[i] = sol[i * cols + 2 * G + s]; // block s of B·e^(s) = B_ss Σ_{r≠s} y_sr
  }
}

/** v[j] · inv[j] for column `col` of the row-major `cols`-wide matrix m (A·v read through Z). */
function scaledColumn(
  m: Float64Array,
  cols: number,
  col: number,
  inv: Float64Array,
  out: Float64Array,
): void {
  for (let j = 0; j < inv.length; j++) out[j] = inv[j] * m[j * cols + col];
}

/**
 * One contiguous pass over rows (s, i) of Z for exporter s: per region r ≠ s the block products
 * Z_sr·v (v already scaled by 1/x, so they equal A_sr·v) for the EX inner term (vEx), the FE inner
 * term (vFe) and part 2 (vX, summed over r into block s of imp).
 */
function blockRowProducts(
  z: Float64Array,
  G: number,
  N: number,
  s: number,
  vEx: Float64Array,
  vFe: Float64Array,
  vX: Float64Array,
  exInner: Float64Array,
  feInner: Float64Array,
  imp: Float64Array,
): void {
  const n = G * N;
  for (let i = 0; i < N; i++) {
    const row = (s * N + i) * n;
    let accImp = 0;
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      const o = r * N;
      let ex = 0;
      let fe = 0;
      let im = 0;
      for (let j = o; j < o + N; j++) {
        const zv = z[row + j];
        ex += zv * vEx[j];
        fe += zv * vFe[j];
        im += zv * vX[j];
      }
      exInner[(s * G + r) * N + i] = ex;
      feInner[(s * G + r) * N + i] = fe;
      accImp += im;
    }
    imp[s * N + i] = accImp;
  }
}

/** y_ss stacked over regions (n entries): each region's final demand for its own products. */
function ownFinalDemand(y: Float64Array, G: number, N: number): Float64Array {
  const out = new Float64Array(G * N);
  for (let j = 0; j < G * N; j++) out[j] = y[j * G + Math.floor(j / N)];
  return out;
}

/** feDemand[(s,i), r] = y_sr + A_sr L_rr y_rr for r ≠ s, 0 for r = s (n × G). */
function feDemandMatrix(y: Float64Array, feInner: Float64Array, G: number, N: number): Float64Array {
  const out = new Float64Array(G * N * G);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      const o = (s * G + r) * N;
      for (let i = 0; i < N; i++) out[(s * N + i) * G + r] = y[(s * N + i) * G + r] + feInner[o + i];
    }
  return out;
}

/** The decomposition's one column solve B·[y_·r | w^(s) | e^(s)] (n × 3G; see demandRightHandSides). */
export function demandColumnSolve(tc: TechnicalCoefficients, lf: LeontiefFactors, y: Matrix): Matrix {
  const G = tc.regions.length;
  const N = tc.sectors.length;
  return luSolve(lf.lu, { rows: G * N, cols: 3 * G, data: demandRightHandSides(y.data, G, N) });
}

export function demandSolves(
  tc: TechnicalCoefficients,
  lf: LeontiefFactors,
  li: LocalInverses,
  y: Matrix,
): DemandSolves {
  return demandAccounts(tc, li, y, demandColumnSolve(tc, lf, y));
}

/** DemandSolves from the column solve `solved` (demandColumnSolve) and the local factors. */
export function demandAccounts(
  tc: TechnicalCoefficients,
  li: LocalInverses,
  y: Matrix,
  solved: Matrix,
): DemandSolves {
  const G = tc.regions.length;
  const N = tc.sectors.length;
  const n = G * N;
  const cols = 3 * G;
  const sol = solved.data;
  const X = new Float64Array(n * G);
  const xModel = new Float64Array(n);
  const outFinalExports = new Float64Array(n);
  const outIntermediateExports = new Float64Array(n);
  unpackDemandSolution(sol, G, N, X, xModel, outIntermediateExports, outFinalExports);
  const outIntra = luSolveBlockDiagonal(li.lu, ownFinalDemand(y.data, G, N)); // L_ss y_ss
  // A_sr·v = Z_sr·(diag(1/x_r)·v): the vectors are scaled by 1/x once, so the pass reads Z
  // directly (A is never formed). METHODS §2 part 2 (v = X_·s, summed over r), §3 EX inner term
  // (v = V^(s), column G + s of the solve) and §3 FE inner term (v = L_rr y_rr).
  const exInner = new Float64Array(G * G * N);
  const feInner = new Float64Array(G * G * N);
  const vX = new Float64Array(n);
  const vEx = new Float64Array(n);
  const imp = new Float64Array(n);
  const inv = tc.inverseOutput;
  const sIntra = new Float64Array(n);
  for (let j = 0; j < n; j++) sIntra[j] = inv[j] * outIntra[j];
  for (let s = 0; s < G; s++) {
    scaledColumn(X, G, s, inv, vX);
    scaledColumn(sol, cols, G + s, inv, vEx);
    blockRowProducts(tc.Z.data, G, N, s, vEx, sIntra, vX, exInner, feInner, imp);
  }
  const outImports = luSolveBlockDiagonal(li.lu, imp); // L_ss Σ_{r≠s} A_sr X_rs
  return {
    G,
    N,
    y,
    X: { rows: n, cols: G, data: X },
    xModel,
    outIntra,
    outImports,
    outFinalExports,
    outIntermediateExports,
    exInner,
    feInner,
    feDemand: { rows: n, cols: G, data: feDemandMatrix(y.data, feInner, G, N) },
  };
}

/**
 * Row solves for a batch of intensity rows (METHODS §3): for every row f and region t,
 * f_t B_t· (f restricted to block t, times B) — one transposed solve with k·G right-hand sides —
 * and f_s L_ss per region by small transposed solves.
 */
export interface IntensitySolves {
  /** All rows at once, k·G × n: row q·G + t = f_t B_t· of indicator q (fB[q] are views into it). */
  readonly rows: Matrix;
  /** fB[k]: G × n, row t = f_t B_t· (so block s of row t is f_t B_ts). */
  readonly fB: readonly Matrix[];
  /** fL[k]: length n, block s = f_s L_ss. */
  readonly fL: readonly Float64Array[];
}

export function intensitySolves(
  lf: LeontiefFactors,
  li: LocalInverses,
  f: readonly Float64Array[],
): IntensitySolves {
  return intensitySolvesStart(lf, li, f).result();
}

/**
 * As intensitySolves, with the n × n transposed solve running on the linear-algebra helper thread
 * (when one is idle) until `result()`: the caller can meanwhile run demandSolves with the same
 * factors (their column solve works above it in the kernel heap).
 */
export function intensitySolvesStart(
  lf: LeontiefFactors,
  li: LocalInverses,
  f: readonly Float64Array[],
): { result(): IntensitySolves } {
  const G = lf.regions.length;
  const N = lf.sectors.length;
  const n = G * N;
  const k = f.length;
  const rhs = new Float64Array(k * G * n);
  for (let q = 0; q < k; q++)
    for (let t = 0; t < G; t++) rhs.set(f[q].subarray(t * N, t * N + N), (q * G + t) * n + t * N);
  const pending = k === 0 ? null : luSolveTransposedStart(lf.lu, { rows: k * G, cols: n, data: rhs });
  return {
    result: () => {
      const sol = pending ? pending.result().data : new Float64Array(0);
      const fB: Matrix[] = [];
      // Views into the one solution array (no copies; nothing else holds it).
      for (let q = 0; q < k; q++)
        fB.push({ rows: G, cols: n, data: sol.subarray(q * G * n, (q + 1) * G * n) });
      const fL = f.map(() => new Float64Array(n));
      for (let s = 0; s < G; s++) {
        if (k === 0) break;
        const local = new Float64Array(k * N);
        for (let q = 0; q < k; q++) local.set(f[q].subarray(s * N, s * N + N), q * N);
        const ls = luSolveTransposed(li.lu[s], { rows: k, cols: N, data: local }).data;
        for (let q = 0; q < k; q++) fL[q].set(ls.subarray(q * N, q * N + N), s * N);
      }
      return { rows: { rows: k * G, cols: n, data: sol }, fB, fL };
    },
  };
}
