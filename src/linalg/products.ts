/** Matrix products on row-major Float64Array matrices: C = A·B (packed, blocked), A·x and x·A. */
import { gemmEngine, gemmUpdate } from './gemm.ts';
import type { Matrix } from './matrix.ts';

/** Below this many multiply-adds the plain i-p-j loop beats copying into the kernel heap. */
const SMALL_WORK = 32 * 32 * 32;

/** C = A·B (A m×k, B k×n). Cache-blocked packed GEMM (WebAssembly SIMD kernel when available). */
export function matMul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows)
    throw new Error(`matMul: inner dimensions differ (${a.rows}×${a.cols} · ${b.rows}×${b.cols})`);
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  if (m * n * k <= SMALL_WORK) {
    const c = new Float64Array(m * n);
    const ad = a.data;
    const bd = b.data;
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let p = 0; p < k; p++) {
        const s = ad[i * k + p];
        if (s === 0) continue;
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j] += s * bd[bp + j];
      }
    }
    return { rows: m, cols: n, data: c };
  }
  const e = gemmEngine();
  // Above any parked LU factors, so a product between solves does not evict them.
  const ao = e.reserveAbove(m * k + k * n + m * n);
  const h = e.heap();
  const bo = ao + m * k;
  const co = bo + k * n;
  h.set(a.data, ao);
  h.set(b.data, bo);
  h.fill(0, co, co + m * n);
  gemmUpdate(e, h, m, n, k, ao, k, bo, n, co, n, true);
  return { rows: m, cols: n, data: h.slice(co, co + m * n) };
}

/**
 * The block-diagonal part of A·B: for every block s, C_s = A[:, s·w .. s·w+w) · B[s·w .. s·w+w, :]
 * (A is m × G·w, B is G·w × p). Returns G·m·p doubles, C_s[i, j] at (s·m + i)·p + j.
 * One copy of A and B into the kernel heap, then G packed GEMMs (no sliced copies).
 */
export function blockDiagonalProducts(a: Matrix, b: Matrix, width: number): Float64Array {
  if (a.cols !== b.rows || width <= 0 || a.cols % width !== 0)
    throw new Error(
      `blockDiagonalProducts: ${a.rows}×${a.cols} · ${b.rows}×${b.cols} do not split into blocks of ${width}`,
    );
  const m = a.rows;
  const n = a.cols;
  const p = b.cols;
  const G = n / width;
  const out = new Float64Array(G * m * p);
  if (m * n * p <= SMALL_WORK) {
    const ad = a.data;
    const bd = b.data;
    for (let s = 0; s < G; s++)
      for (let i = 0; i < m; i++) {
        const ci = (s * m + i) * p;
        for (let q = s * width; q < s * width + width; q++) {
          const v = ad[i * n + q];
          if (v === 0) continue;
          for (let j = 0; j < p; j++) out[ci + j] += v * bd[q * p + j];
        }
      }
    return out;
  }
  const e = gemmEngine();
  const ao = e.reserveAbove(m * n + n * p + G * m * p);
  const h = e.heap();
  const bo = ao + m * n;
  const co = bo + n * p;
  h.set(a.data, ao);
  h.set(b.data, bo);
  h.fill(0, co, co + G * m * p);
  for (let s = 0; s < G; s++)
    gemmUpdate(e, h, m, p, width, ao + s * width, n, bo + s * width * p, p, co + s * m * p, p, true);
  out.set(h.subarray(co, co + G * m * p));
  return out;
}

/** y = A·x (x has A.cols entries): one contiguous dot product per row, four rows at a time. */
export function matVec(a: Matrix, x: Float64Array): Float64Array {
  const { rows: m, cols: n, data: d } = a;
  if (x.length !== n) throw new Error(`matVec: vector has ${x.length} entries, expected ${n}`);
  const y = new Float64Array(m);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < n; j++) {
      const v = x[j];
      s0 += d[r0 + j] * v;
      s1 += d[r1 + j] * v;
      s2 += d[r2 + j] * v;
      s3 += d[r3 + j] * v;
    }
    y[i] = s0;
    y[i + 1] = s1;
    y[i + 2] = s2;
    y[i + 3] = s3;
  }
  for (; i < m; i++) {
    let s = 0;
    const r = i * n;
    for (let j = 0; j < n; j++) s += d[r + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** y = x·A (row vector times matrix, x has A.rows entries): contiguous row axpys. */
export function vecMat(x: Float64Array, a: Matrix): Float64Array {
  const { rows: m, cols: n, data: d } = a;
  if (x.length !== m) throw new Error(`vecMat: vector has ${x.length} entries, expected ${m}`);
  const y = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const s = x[i];
    if (s === 0) continue;
    const r = i * n;
    for (let j = 0; j < n; j++) y[j] += s * d[r + j];
  }
  return y;
}
