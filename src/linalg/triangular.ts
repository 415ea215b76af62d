/**
 * Blocked triangular solves on the kernel heap, recursive so almost all flops are one GEMM per
 * level, and the LU's trailing update built on them. They run on the calling thread (GEMMs shared
 * with the helper) or, in slices, as tasks on the helper thread while the caller does other work
 * (luSolveTransposedStart; the LU's look-ahead). The functions here are also shipped as source to
 * the helper thread (Function#toString), so they reference only their parameters and each other.
 */

/** Unblocked leaf on the heap: W rows 0..rows-1 (cols c0..c1-1) ← W·U⁻¹ or W·L⁻¹ (offsets and strides in doubles). */
export type RightLeaf = (
  lo: number,
  ldl: number,
  wo: number,
  ldw: number,
  rows: number,
  c0: number,
  c1: number,
) => void;

/** Unblocked left leaf on the heap block at o: rows r0..r1-1 (cols c0..c1-1) ← L⁻¹·(same), L unit lower. */
export type LowerRowsLeaf = (o: number, ld: number, r0: number, r1: number, c0: number, c1: number) => void;

/** C[m×n] −= A[m×k]·B[k×n] on the heap (offsets and leading dimensions in doubles). */
export type HeapGemm = (
  m: number,
  n: number,
  k: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
) => void;

/** What the recursions need from the thread they run on. */
export interface SolveOps {
  gemm: HeapGemm;
  /** Wasm leaves (same operations and order as the JS loops below); absent: the JS loops run. */
  upper?: RightLeaf;
  lower?: RightLeaf;
  lowerRows?: LowerRowsLeaf;
  /** Rows or columns at most this many are solved by the leaf. */
  leaf: number;
}

/** Split point of a range for the recursions: a multiple of `unit` near the middle. */
export function splitAt(c0: number, c1: number, unit: number): number {
  const half = Math.max(unit, Math.floor((c1 - c0) / 2 / unit) * unit);
  return c0 + half;
}

/**
 * W·U = W on columns c0..c1-1 of W (k×n at wo, row stride n), rows 0..started[c]-1 live (the
 * others are still zero there): recursive halving, one GEMM per level.
 */
export function trsmRightUpper(
  ops: SolveOps,
  h: Float64Array,
  lo: number,
  n: number,
  wo: number,
  started: Int32Array,
  c0: number,
  c1: number,
): void {
  if (c1 - c0 <= ops.leaf) {
    const live = started[c1];
    if (ops.upper) {
      ops.upper(lo, n, wo, n, live, c0, c1);
      return;
    }
    // Axpy form: once w_j is final, subtract w_j·U[j, j+1..c1-1] (a contiguous row of U);
    // the inner loop carries no dependency chain.
    for (let r = 0; r < live; r++) {
      const o = wo + r * n;
      for (let j = c0; j < c1; j++) {
        const uj = lo + j * n;
        const v = h[o + j] / h[uj + j];
        h[o + j] = v;
        if (v === 0) continue;
        for (let c = j + 1; c < c1; c++) h[o + c] -= v * h[uj + c];
      }
    }
    return;
  }
  const mid = splitAt(c0, c1, ops.leaf);
  trsmRightUpper(ops, h, lo, n, wo, started, c0, mid);
  ops.gemm(started[mid], c1 - mid, mid - c0, wo + c0, n, lo + c0 * n + mid, n, wo + mid, n);
  trsmRightUpper(ops, h, lo, n, wo, started, mid, c1);
}

/** W·L = W on columns c0..c1-1 of W (all k rows), L unit lower; recursive as trsmRightUpper. */
export function trsmRightLower(
  ops: SolveOps,
  h: Float64Array,
  lo: number,
  n: number,
  wo: number,
  k: number,
  c0: number,
  c1: number,
): void {
  if (c1 - c0 <= ops.leaf) {
    if (ops.lower) {
      ops.lower(lo, n, wo, n, k, c0, c1);
      return;
    }
    // Axpy form, right to left: w_i is final, subtract w_i·L[i, c0..i-1] (contiguous row of L).
    for (let r = 0; r < k; r++) {
      const o = wo + r * n;
      for (let i = c1 - 1; i > c0; i--) {
        const v = h[o + i];
        if (v === 0) continue;
        const li = lo + i * n;
        for (let c = c0; c < i; c++) h[o + c] -= v * h[li + c];
      }
    }
    return;
  }
  const mid = splitAt(c0, c1, ops.leaf);
  trsmRightLower(ops, h, lo, n, wo, k, mid, c1);
  ops.gemm(k, mid - c0, c1 - mid, wo + mid, n, lo + mid * n + c0, n, wo + c0, n);
  trsmRightLower(ops, h, lo, n, wo, k, c0, mid);
}

/**
 * Both right-side solves of luSolveTransposed for rows r0..r1-1 of W (k×n at wo, factors at lo),
 * as one task: rows are independent, so slices of W can go to different threads and give the
 * same doubles as the whole. started[c] (c = 0..n) is read from n + 1 heap doubles at `so`.
 */
export function rightSolveTask(
  ops: SolveOps,
  h: Float64Array,
  lo: number,
  n: number,
  wo: number,
  so: number,
  r0: number,
  r1: number,
): void {
  const started = new Int32Array(n + 1);
  for (let c = 0; c <= n; c++) started[c] = Math.min(Math.max(h[so + c] - r0, 0), r1 - r0);
  trsmRightUpper(ops, h, lo, n, wo + r0 * n, started, 0, n);
  trsmRightLower(ops, h, lo, n, wo + r0 * n, r1 - r0, 0, n);
}

/** Rows r0..r1-1, columns c0..c1-1 ← L⁻¹·(same), L = unit lower block of rows/cols r0..r1-1. */
export function lowerSolveRows(
  a: Float64Array,
  o: number,
  ld: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
): void {
  for (let i = r0 + 1; i < r1; i++) {
    const ri = o + i * ld;
    for (let t = r0; t < i; t++) {
      const l = a[ri + t];
      if (l === 0) continue;
      const rt = o + t * ld;
      for (let j = c0; j < c1; j++) a[ri + j] -= l * a[rt + j];
    }
  }
}

/** Rows r0..r1-1 (cols c0..c1-1) of the block at o ← L⁻¹·(same), L the unit-lower block r0..r1-1. */
export function trsmLower(
  ops: SolveOps,
  h: Float64Array,
  o: number,
  ld: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
): void {
  if (r1 - r0 <= ops.leaf) {
    if (ops.lowerRows) ops.lowerRows(o, ld, r0, r1, c0, c1);
    else lowerSolveRows(h, o, ld, r0, r1, c0, c1);
    return;
  }
  const mid = splitAt(r0, r1, ops.leaf);
  trsmLower(ops, h, o, ld, r0, mid, c0, c1);
  ops.gemm(r1 - mid, c1 - c0, mid - r0, o + mid * ld + r0, ld, o + r0 * ld + c0, ld, o + mid * ld + c0, ld);
  trsmLower(ops, h, o, ld, mid, r1, c0, c1);
}

/**
 * The right-looking LU's update of columns j0..j1-1 (rows c0..n-1) of the n×n matrix at o by the
 * factored panel c0..c1-1: U12 ← L11⁻¹·A12, then A22 −= L21·U12. Columns are independent, so
 * slices can go to different threads and give the same doubles as the whole.
 */
export function panelUpdate(
  ops: SolveOps,
  h: Float64Array,
  o: number,
  n: number,
  c0: number,
  c1: number,
  j0: number,
  j1: number,
): void {
  trsmLower(ops, h, o, n, c0, c1, j0, j1);
  ops.gemm(n - c1, j1 - j0, c1 - c0, o + c1 * n + c0, n, o + c0 * n + j0, n, o + c1 * n + j0, n);
}
