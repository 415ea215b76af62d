/**
 * Independent brute-force references for the linalg tests: textbook Gaussian elimination with
 * partial pivoting on number[][] (no blocking, no shared code with src/linalg), and helpers.
 */
import type { Matrix } from '../../src/linalg/matrix.ts';

/** Seeded xorshift-style generator in [0, 1) so every test matrix is reproducible. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const r = seeded(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = 2 * r() - 1;
  return { rows, cols, data };
}

/** Leontief-like I − A: A ≥ 0 dense with column sums < 1 (well conditioned, as in the bench). */
export function leontiefLike(n: number, seed: number): Matrix {
  const r = seeded(seed);
  const a = new Float64Array(n * n);
  const colSum = new Float64Array(n);
  for (let i = 0; i < n * n; i++) {
    a[i] = r();
    colSum[i % n] += a[i];
  }
  const target = new Float64Array(n).map(() => 0.2 + 0.6 * r());
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) data[i * n + j] = (i === j ? 1 : 0) - (a[i * n + j] / colSum[j]) * target[j];
  return { rows: n, cols: n, data };
}

export function toArrays(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Solves A·X = B by Gauss–Jordan-free textbook elimination with partial pivoting; returns X and the pivot order. */
export function naiveSolve(a: Matrix, b: Matrix): { x: number[][]; perm: number[] } {
  const n = a.rows;
  const A = toArrays(a);
  const B = toArrays(b);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i][k]) > Math.abs(A[p][k])) p = i;
    [A[k], A[p]] = [A[p], A[k]];
    [B[k], B[p]] = [B[p], B[k]];
    [perm[k], perm[p]] = [perm[p], perm[k]];
    for (let i = k + 1; i < n; i++) {
      const l = A[i][k] / A[k][k];
      for (let j = k; j < n; j++) A[i][j] -= l * A[k][j];
      for (let c = 0; c < b.cols; c++) B[i][c] -= l * B[k][c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let c = 0; c < b.cols; c++) {
      let s = B[i][c];
      for (let j = i + 1; j < n; j++) s -= A[i][j] * B[j][c];
      B[i][c] = s / A[i][i];
    }
  }
  return { x: B, perm };
}

/** max |A·X − B| / (‖A‖∞ ‖X‖∞ + ‖B‖∞), computed with plain loops. */
export function relResidual(a: Matrix, x: Matrix, b: Matrix): number {
  let worst = 0;
  let normA = 0;
  let normX = 0;
  let normB = 0;
  for (const v of a.data) normA = Math.max(normA, Math.abs(v));
  for (const v of x.data) normX = Math.max(normX, Math.abs(v));
  for (const v of b.data) normB = Math.max(normB, Math.abs(v));
  for (let i = 0; i < a.rows; i++)
    for (let c = 0; c < x.cols; c++) {
      let s = -b.data[i * b.cols + c];
      for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j] * x.data[j * x.cols + c];
      worst = Math.max(worst, Math.abs(s));
    }
  return worst / (normA * normX * a.cols + normB);
}

/** Plain triple-loop product. */
export function naiveMul(a: Matrix, b: Matrix): Matrix {
  const data = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let p = 0; p < a.cols; p++) s += a.data[i * a.cols + p] * b.data[p * b.cols + j];
      data[i * b.cols + j] = s;
    }
  return { rows: a.rows, cols: b.cols, data };
}

export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

export function transposeOf(m: Matrix): Matrix {
  const data = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) data[j * m.rows + i] = m.data[i * m.cols + j];
  return { rows: m.cols, cols: m.rows, data };
}
