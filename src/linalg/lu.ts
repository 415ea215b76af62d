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

/**
 * Reference LU factorisation (unblocked, partial pivoting). Relative pivot tolerance
 * `tol` × max |entry| flags near-singularity.
 */
export function luFactor(m: Matrix, tol = 1e-13): LuFactors {
  if (m.rows !== m.cols) throw new Error(`luFactor: matrix is ${m.rows}×${m.cols}, expected square`);
  const n = m.rows;
  const a = new Float64Array(m.data);
  let scale = 0;
  for (let k = 0; k < a.length; k++) {
    const v = a[k];
    if (!Number.isFinite(v)) throw new NonFiniteError(Math.floor(k / n), k % n, v);
    const av = Math.abs(v);
    if (av > scale) scale = av;
  }
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best <= tol * scale || best === 0) throw new SingularMatrixError(k, best);
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const piv = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const l = (a[i * n + k] /= piv);
      if (l === 0) continue;
      const ri = i * n;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) a[ri + j] -= l * a[rk + j];
    }
  }
  return { n, lu: a, perm };
}

/** Solves M·X = B for X (B is n×k, any k), from the factors of M. */
export function luSolve(f: LuFactors, b: Matrix): Matrix {
  const { n, lu, perm } = f;
  if (b.rows !== n) throw new Error(`luSolve: right-hand side has ${b.rows} rows, expected ${n}`);
  const k = b.cols;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) x.set(b.data.subarray(perm[i] * k, perm[i] * k + k), i * k);
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
  return { rows: n, cols: k, data: x };
}

/**
 * Solves X·M = B for X (B is k×n: k row vectors), i.e. Mᵀ·Xᵀ = Bᵀ, from the factors of M.
 * This is `row-vector · (I − A)⁻¹` without forming the inverse.
 */
export function luSolveTransposed(f: LuFactors, b: Matrix): Matrix {
  const { n, lu, perm } = f;
  if (b.cols !== n)
    throw new Error(`luSolveTransposed: right-hand side has ${b.cols} columns, expected ${n}`);
  const k = b.rows;
  // Work on Bᵀ (n×k) so the inner loops run over contiguous right-hand sides.
  const w = new Float64Array(n * k);
  for (let r = 0; r < k; r++) for (let i = 0; i < n; i++) w[i * k + r] = b.data[r * n + i];
  // Uᵀ·z = bᵀ (forward), then Lᵀ·y = z (backward), then undo the permutation.
  for (let i = 0; i < n; i++) {
    const ri = i * k;
    const d = lu[i * n + i];
    for (let c = 0; c < k; c++) w[ri + c] /= d;
    for (let j = i + 1; j < n; j++) {
      const u = lu[i * n + j];
      if (u === 0) continue;
      const rj = j * k;
      for (let c = 0; c < k; c++) w[rj + c] -= u * w[ri + c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * k;
    for (let j = 0; j < i; j++) {
      const l = lu[i * n + j];
      if (l === 0) continue;
      const rj = j * k;
      for (let c = 0; c < k; c++) w[rj + c] -= l * w[ri + c];
    }
  }
  const x = new Float64Array(k * n);
  for (let i = 0; i < n; i++) {
    const src = perm[i];
    for (let r = 0; r < k; r++) x[r * n + src] = w[i * k + r];
  }
  return { rows: k, cols: n, data: x };
}
