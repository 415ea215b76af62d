import { type GemmEngine, gemmEngine, gemmUpdate } from './gemm.ts';
import type { Matrix } from './matrix.ts';

/** LU factors with partial pivoting of a square matrix: P·M = L·U, stored packed in `lu`. */
export interface LuFactors {
  readonly n: number;
  /** Packed factors, row-major: strictly lower part is L (unit diagonal), upper part is U. */
  readonly lu: Float64Array;
  /** perm[i] = original row placed at row i. */
  readonly perm: Int32Array;
}

/** Raised when a pivot vanishes; `index` is the 0-based column where elimination broke down. */
export class SingularMatrixError extends Error {
  constructor(
    readonly index: number,
    readonly pivot: number,
  ) {
    super(`matrix is singular or nearly singular at column ${index} (pivot ${pivot})`);
    this.name = 'SingularMatrixError';
  }
}

/** Raised when the input holds NaN or ±Inf; `row`/`col` locate the first such entry. */
export class NonFiniteError extends Error {
  constructor(
    readonly row: number,
    readonly col: number,
    readonly value: number,
  ) {
    super(`non-finite entry ${value} at row ${row}, column ${col}`);
    this.name = 'NonFiniteError';
  }
}

/** Row/column block of the blocked triangular solves; leaf width of the recursive LU. */
const LU_NB = 64;
const LU_IB = 8;
/** Below this size (or this many right-hand sides) the unblocked loops win over packing. */
const SMALL_N = 48;
const SMALL_K = 8;

/** Max |entry|, throwing NonFiniteError at the first NaN/±Inf (row-major order). */
function scanFinite(d: Float64Array, cols: number): number {
  let scale = 0;
  for (let k = 0; k < d.length; k++) {
    const v = d[k];
    if (!Number.isFinite(v)) throw new NonFiniteError(Math.floor(k / cols), k % cols, v);
    const av = Math.abs(v);
    if (av > scale) scale = av;
  }
  return scale;
}

/**
 * Unblocked elimination of columns j0..j1-1 on rows j0..n-1 of `a` (row stride n, at offset o),
 * updating only columns < c1. Row swaps are applied to whole rows (LAPACK getrf convention).
 */
function panelSteps(
  a: Float64Array,
  o: number,
  n: number,
  j0: number,
  j1: number,
  c1: number,
  perm: Int32Array,
  thresh: number,
): void {
  for (let k = j0; k < j1; k++) {
    let p = k;
    let best = Math.abs(a[o + k * n + k]);
    for (let i = k + 1, q = o + (k + 1) * n + k; i < n; i++, q += n) {
      const v = Math.abs(a[q]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > thresh) || best === 0) throw new SingularMatrixError(k, best);
    if (p !== k) {
      const rk = o + k * n;
      const rp = o + p * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j];
        a[rk + j] = a[rp + j];
        a[rp + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const rk = o + k * n;
    const piv = a[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = o + i * n;
      const l = (a[ri + k] /= piv);
      if (l === 0) continue;
      for (let j = k + 1; j < c1; j++) a[ri + j] -= l * a[rk + j];
    }
  }
}

/** Rows r0..r1-1, columns c0..c1-1 ← L⁻¹·(same), L = unit lower block of rows/cols r0..r1-1. */
function lowerSolveRows(
  a: Float64Array,
  o: number,
  n: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
): void {
  for (let i = r0 + 1; i < r1; i++) {
    const ri = o + i * n;
    for (let t = r0; t < i; t++) {
      const l = a[ri + t];
      if (l === 0) continue;
      const rt = o + t * n;
      for (let j = c0; j < c1; j++) a[ri + j] -= l * a[rt + j];
    }
  }
}

/** Split point of a column range for the recursions: a multiple of LU_IB near the middle. */
function splitAt(c0: number, c1: number): number {
  const half = Math.max(LU_IB, Math.floor((c1 - c0) / 2 / LU_IB) * LU_IB);
  return c0 + half;
}

/** Rows r0..r1-1 (cols c0..c1-1) ← L⁻¹·(same), L the unit-lower block r0..r1-1; recursive so most flops are GEMM. */
function trsmLower(
  e: GemmEngine,
  h: Float64Array,
  o: number,
  n: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
): void {
  if (r1 - r0 <= LU_IB) {
    lowerSolveRows(h, o, n, r0, r1, c0, c1);
    return;
  }
  const mid = splitAt(r0, r1);
  trsmLower(e, h, o, n, r0, mid, c0, c1);
  gemmUpdate(e, h, r1 - mid, c1 - c0, mid - r0, o + mid * n + r0, n, o + r0 * n + c0, n, o + mid * n + c0, n);
  trsmLower(e, h, o, n, mid, r1, c0, c1);
}

/**
 * Recursive LU with partial pivoting (left half, U12 by recursive TRSM, Schur update by GEMM,
 * right half) of columns c0..c1-1 on rows c0..n-1 of the n×n heap block at `o`. Rows are swapped
 * whole, so the factors end up exactly as in LAPACK getrf.
 */
function factorColumns(
  e: GemmEngine,
  h: Float64Array,
  o: number,
  n: number,
  c0: number,
  c1: number,
  perm: Int32Array,
  thresh: number,
): void {
  if (c1 - c0 <= LU_IB) {
    panelSteps(h, o, n, c0, c1, c1, perm, thresh);
    return;
  }
  const mid = splitAt(c0, c1);
  factorColumns(e, h, o, n, c0, mid, perm, thresh);
  trsmLower(e, h, o, n, c0, mid, mid, c1);
  gemmUpdate(
    e,
    h,
    n - mid,
    c1 - mid,
    mid - c0,
    o + mid * n + c0,
    n,
    o + c0 * n + mid,
    n,
    o + mid * n + mid,
    n,
  );
  factorColumns(e, h, o, n, mid, c1, perm, thresh);
}

/**
 * LU factorisation with partial pivoting, P·M = L·U (blocked, cache-friendly; WebAssembly SIMD
 * kernel when available). A pivot with |pivot| ≤ `tol` × max|M| raises SingularMatrixError(column);
 * NaN/±Inf in M raises NonFiniteError(row, column).
 */
export function luFactor(m: Matrix, tol = 1e-13): LuFactors {
  if (m.rows !== m.cols) throw new Error(`luFactor: matrix is ${m.rows}×${m.cols}, expected square`);
  const n = m.rows;
  const scale = scanFinite(m.data, n);
  const thresh = tol * scale;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n <= SMALL_N) {
    const a = new Float64Array(m.data);
    panelSteps(a, 0, n, 0, n, n, perm, thresh);
    return { n, lu: a, perm };
  }
  const e = gemmEngine();
  const h = e.reserve(n * n);
  const o = e.base;
  h.set(m.data, o);
  factorColumns(e, h, o, n, 0, n, perm, thresh);
  return { n, lu: e.heap().slice(o, o + n * n), perm };
}

function checkFactors(f: LuFactors): void {
  if (f.lu.length !== f.n * f.n || f.perm.length !== f.n) throw new Error('LU factors are malformed');
}

/** Unblocked L then U substitution on x (n×k, rows already permuted), factors in `lu` at offset lo. */
function solveRowsSmall(lu: Float64Array, n: number, x: Float64Array, k: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * k;
    for (let j = 0; j < i; j++) {
      const l = lu[i * n + j];
      if (l === 0) continue;
      const rj = j * k;
      for (let c = 0; c < k; c++) x[ri + c] -= l * x[rj + c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * k;
    for (let j = i + 1; j < n; j++) {
      const u = lu[i * n + j];
      if (u === 0) continue;
      const rj = j * k;
      for (let c = 0; c < k; c++) x[ri + c] -= u * x[rj + c];
    }
    const d = lu[i * n + i];
    for (let c = 0; c < k; c++) x[ri + c] /= d;
  }
}

/**
 * Solves M·X = B for X (B is n×k, any k), from the factors of M. Blocked: triangular solves on
 * LU_NB-row blocks, the rest as GEMM updates, so many right-hand sides run at GEMM speed.
 */
export function luSolve(f: LuFactors, b: Matrix): Matrix {
  checkFactors(f);
  const { n, lu, perm } = f;
  if (b.rows !== n) throw new Error(`luSolve: right-hand side has ${b.rows} rows, expected ${n}`);
  const k = b.cols;
  if (n <= SMALL_N || k < SMALL_K) {
    const x = new Float64Array(n * k);
    for (let i = 0; i < n; i++) x.set(b.data.subarray(perm[i] * k, perm[i] * k + k), i * k);
    solveRowsSmall(lu, n, x, k);
    return { rows: n, cols: k, data: x };
  }
  const e = gemmEngine();
  const h = e.reserve(n * n + n * k);
  const lo = e.base;
  const xo = lo + n * n;
  h.set(lu, lo);
  for (let i = 0; i < n; i++) h.set(b.data.subarray(perm[i] * k, perm[i] * k + k), xo + i * k);
  // Forward: L·Y = P·B.
  for (let i0 = 0; i0 < n; i0 += LU_NB) {
    const i1 = Math.min(n, i0 + LU_NB);
    for (let i = i0 + 1; i < i1; i++) {
      const ri = xo + i * k;
      for (let j = i0; j < i; j++) {
        const l = h[lo + i * n + j];
        if (l === 0) continue;
        const rj = xo + j * k;
        for (let c = 0; c < k; c++) h[ri + c] -= l * h[rj + c];
      }
    }
    if (i1 < n) gemmUpdate(e, h, n - i1, k, i1 - i0, lo + i1 * n + i0, n, xo + i0 * k, k, xo + i1 * k, k);
  }
  // Backward: U·X = Y, blocks from the bottom.
  const last = Math.floor((n - 1) / LU_NB) * LU_NB;
  for (let i0 = last; i0 >= 0; i0 -= LU_NB) {
    const i1 = Math.min(n, i0 + LU_NB);
    for (let i = i1 - 1; i >= i0; i--) {
      const ri = xo + i * k;
      for (let j = i + 1; j < i1; j++) {
        const u = h[lo + i * n + j];
        if (u === 0) continue;
        const rj = xo + j * k;
        for (let c = 0; c < k; c++) h[ri + c] -= u * h[rj + c];
      }
      const d = h[lo + i * n + i];
      for (let c = 0; c < k; c++) h[ri + c] /= d;
    }
    if (i0 > 0) gemmUpdate(e, h, i0, k, i1 - i0, lo + i0, n, xo + i0 * k, k, xo, k);
  }
  return { rows: n, cols: k, data: h.slice(xo, xo + n * k) };
}

/** Unblocked Y·U = B then Z·L = Y on w (k×n row vectors, row stride n), in place. */
function solveColsSmall(lu: Float64Array, n: number, w: Float64Array, k: number): void {
  for (let r = 0; r < k; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) {
      let s = w[o + j];
      for (let i = 0; i < j; i++) s -= w[o + i] * lu[i * n + j];
      w[o + j] = s / lu[j * n + j];
    }
    for (let j = n - 1; j >= 0; j--) {
      let s = w[o + j];
      for (let i = j + 1; i < n; i++) s -= w[o + i] * lu[i * n + j];
      w[o + j] = s;
    }
  }
}

/**
 * Solves X·M = B for X (B is k×n: k row vectors), i.e. Mᵀ·Xᵀ = Bᵀ, from the factors of M.
 * This is `row-vector · (I − A)⁻¹` without forming the inverse. X·P⁻¹·L·U = B: Y·U = B, Z·L = Y,
 * X = Z·P. Blocked by LU_NB columns with GEMM updates, all row-major (no transposes).
 */
export function luSolveTransposed(f: LuFactors, b: Matrix): Matrix {
  checkFactors(f);
  const { n, lu, perm } = f;
  if (b.cols !== n)
    throw new Error(`luSolveTransposed: right-hand side has ${b.cols} columns, expected ${n}`);
  const k = b.rows;
  const x = new Float64Array(k * n);
  if (n <= SMALL_N || k < SMALL_K) {
    const w = new Float64Array(b.data);
    solveColsSmall(lu, n, w, k);
    for (let r = 0; r < k; r++) for (let i = 0; i < n; i++) x[r * n + perm[i]] = w[r * n + i];
    return { rows: k, cols: n, data: x };
  }
  const e = gemmEngine();
  const h = e.reserve(n * n + k * n);
  const lo = e.base;
  const wo = lo + n * n;
  h.set(lu, lo);
  h.set(b.data, wo);
  // Y·U = B, column blocks left to right: W[:,J] ← W[:,J]·U[J,J]⁻¹, then W[:,J+] -= W[:,J]·U[J,J+].
  // Diagonal blocks are copied transposed (dt[jj·nb + ii] = M[j0+ii, j0+jj]) so the inner loops are contiguous.
  const dt = new Float64Array(LU_NB * LU_NB);
  for (let j0 = 0; j0 < n; j0 += LU_NB) {
    const j1 = Math.min(n, j0 + LU_NB);
    const nb = j1 - j0;
    for (let ii = 0; ii < nb; ii++)
      for (let jj = 0; jj < nb; jj++) dt[jj * nb + ii] = h[lo + (j0 + ii) * n + j0 + jj];
    for (let r = 0; r < k; r++) {
      const o = wo + r * n + j0;
      for (let jj = 0; jj < nb; jj++) {
        let s = h[o + jj];
        const col = jj * nb;
        for (let ii = 0; ii < jj; ii++) s -= h[o + ii] * dt[col + ii];
        h[o + jj] = s / dt[col + jj];
      }
    }
    if (j1 < n) gemmUpdate(e, h, k, n - j1, j1 - j0, wo + j0, n, lo + j0 * n + j1, n, wo + j1, n);
  }
  // Z·L = Y, column blocks right to left: W[:,J] ← W[:,J]·L[J,J]⁻¹, then W[:,:J] -= W[:,J]·L[J,:J].
  const last = Math.floor((n - 1) / LU_NB) * LU_NB;
  for (let j0 = last; j0 >= 0; j0 -= LU_NB) {
    const j1 = Math.min(n, j0 + LU_NB);
    const nb = j1 - j0;
    for (let ii = 0; ii < nb; ii++)
      for (let jj = 0; jj < nb; jj++) dt[jj * nb + ii] = h[lo + (j0 + ii) * n + j0 + jj];
    for (let r = 0; r < k; r++) {
      const o = wo + r * n + j0;
      for (let jj = nb - 1; jj >= 0; jj--) {
        let s = h[o + jj];
        const col = jj * nb;
        for (let ii = jj + 1; ii < nb; ii++) s -= h[o + ii] * dt[col + ii];
        h[o + jj] = s;
      }
    }
    if (j0 > 0) gemmUpdate(e, h, k, j0, j1 - j0, wo + j0, n, lo + j0 * n, n, wo, n);
  }
  for (let r = 0; r < k; r++) {
    const o = wo + r * n;
    for (let i = 0; i < n; i++) x[r * n + perm[i]] = h[o + i];
  }
  return { rows: k, cols: n, data: x };
}

/** log|det M| and sign from the factors (for diagnostics: conditioning, Jacobians). */
export function luLogDet(f: LuFactors): { sign: number; logAbs: number } {
  const { n, lu, perm } = f;
  let sign = 1;
  let logAbs = 0;
  for (let i = 0; i < n; i++) {
    const d = lu[i * n + i];
    if (d < 0) sign = -sign;
    logAbs += Math.log(Math.abs(d));
  }
  // Permutation parity from cycle decomposition.
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (seen[i]) continue;
    let len = 0;
    for (let j = i; !seen[j]; j = perm[j]) {
      seen[j] = 1;
      len++;
    }
    if (len % 2 === 0) sign = -sign;
  }
  return { sign, logAbs };
}
