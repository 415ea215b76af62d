import { type GemmEngine, gemmEngine, gemmUpdate, type HeapTenant } from './gemm.ts';
import type { Matrix } from './matrix.ts';
import {
  panelUpdate,
  type SolveOps,
  splitAt,
  trsmLower,
  trsmRightLower,
  trsmRightUpper,
} from './triangular.ts';

/**
 * LU factors with partial pivoting of a square matrix: P·M = L·U, stored packed in `lu`. Treat
 * them as immutable: solves may reuse a copy already in the kernel heap.
 */
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

/** Leaf width of the recursive LU. */
const LU_IB = 8;
/**
 * Panel width of the right-looking LU. Each panel is factorised in a contiguous copy (row stride =
 * panel width): pivot searches, row swaps and the panel's own GEMMs then walk a few MiB instead of
 * strided rows of the n×n matrix. 128 (against 64, 192, 256, measured at n = 1302): the trailing
 * updates' GEMMs have k = 128 (half the passes over the trailing matrix of 64) while a panel
 * still fits the time the helper spends on the rest of the update.
 */
const LU_PANEL = 128;
/** Below this size (or this many right-hand sides) the unblocked loops win over packing. */
const SMALL_N = 48;
const SMALL_K = 8;

/**
 * Max |entry|, throwing NonFiniteError at the first NaN/±Inf (row-major order); copies `d` to
 * `out` at `at` in the same pass (the input is read from memory once).
 */
function scanFinite(d: Float64Array, cols: number, out: Float64Array, at: number): number {
  let scale = 0;
  let bad = 0; // v − v === 0 fails exactly for NaN and ±Inf; locate the first one only if needed
  for (let k = 0; k < d.length; k++) {
    const v = d[k];
    out[at + k] = v;
    if (!(v - v === 0)) bad = 1;
    const av = v < 0 ? -v : v;
    if (av > scale) scale = av;
  }
  if (bad)
    for (let k = 0; k < d.length; k++)
      if (!Number.isFinite(d[k])) throw new NonFiniteError(Math.floor(k / cols), k % cols, d[k]);
  return scale;
}

/**
 * A block of `rows` rows × `ld` columns (row stride ld) at heap offset `o`, being factorised in
 * place; piv[k] = row swapped with row k at step k (LAPACK ipiv, block-relative); column k of the
 * block is column `col0 + k` of the user's matrix (for error reports).
 */
interface LuBlock {
  readonly o: number;
  readonly ld: number;
  readonly rows: number;
  readonly col0: number;
  readonly piv: Int32Array;
  readonly thresh: number;
}

/**
 * Unblocked elimination of columns j0..j1-1 on rows j0..rows-1 of block `b`, updating only
 * columns < j1. Row swaps are applied across the block's full width (LAPACK getrf convention).
 */
function panelSteps(a: Float64Array, b: LuBlock, j0: number, j1: number): void {
  const { o, ld, rows, piv, thresh } = b;
  for (let k = j0; k < j1; k++) {
    let p = k;
    let best = Math.abs(a[o + k * ld + k]);
    for (let i = k + 1, q = o + (k + 1) * ld + k; i < rows; i++, q += ld) {
      const v = Math.abs(a[q]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > thresh) || best === 0) throw new SingularMatrixError(b.col0 + k, best);
    piv[k] = p;
    const rk = o + k * ld;
    if (p !== k) {
      const rp = o + p * ld;
      for (let j = 0; j < ld; j++) {
        const t = a[rk + j];
        a[rk + j] = a[rp + j];
        a[rp + j] = t;
      }
    }
    const pv = a[rk + k];
    for (let i = k + 1, ri = rk + ld; i < rows; i++, ri += ld) {
      const l = (a[ri + k] /= pv);
      if (l === 0) continue;
      for (let j = k + 1; j < j1; j++) a[ri + j] -= l * a[rk + j];
    }
  }
}

/**
 * Operations of the blocked solves on the calling thread: GEMMs through the engine (shared with
 * the helper thread when large and no task occupies it), its wasm leaves where it has them.
 */
function callerOps(e: GemmEngine, h: Float64Array, leaf: number): SolveOps {
  return {
    gemm: (m, n, k, a, lda, b, ldb, c, ldc) => gemmUpdate(e, h, m, n, k, a, lda, b, ldb, c, ldc),
    upper: e.solveLeaves?.rightUpper,
    lower: e.solveLeaves?.rightLower,
    lowerRows: e.lowerSolveRows,
    leaf,
  };
}

/** Heap slots (doubles 16..63 of the calling thread's scratch tile, idle outside GEMM) for wasm pivot rows. */
const PIV_SLOTS = 16;

/** panelSteps in wasm (same operations and order); pivots come back through PIV_SLOTS. */
function wasmPanelSteps(
  run: NonNullable<GemmEngine['panelSteps']>,
  h: Float64Array,
  b: LuBlock,
  j0: number,
  j1: number,
): void {
  const bad = run(b.o, b.ld, b.rows, j0, j1, b.thresh, PIV_SLOTS);
  for (let k = j0; k < (bad < 0 ? j1 : bad); k++) b.piv[k] = h[PIV_SLOTS + k - j0];
  if (bad >= 0) {
    // Same search as panelSteps, so the reported pivot is the one the JS path would report.
    const d = b.o + bad * b.ld + bad;
    let best = Math.abs(h[d]);
    for (let i = bad + 1, q = d + b.ld; i < b.rows; i++, q += b.ld)
      if (Math.abs(h[q]) > best) best = Math.abs(h[q]);
    throw new SingularMatrixError(b.col0 + bad, best);
  }
}

/**
 * Recursive LU with partial pivoting (left half, U12 by recursive TRSM, Schur update by GEMM,
 * right half) of columns c0..c1-1 on rows c0..rows-1 of block `b`. Leaves of LU_IB columns are
 * eliminated unblocked.
 */
function factorRecursive(e: GemmEngine, h: Float64Array, b: LuBlock, c0: number, c1: number): void {
  if (c1 - c0 <= LU_IB) {
    if (e.panelSteps) wasmPanelSteps(e.panelSteps, h, b, c0, c1);
    else panelSteps(h, b, c0, c1);
    return;
  }
  const { o, ld, rows } = b;
  const mid = splitAt(c0, c1, LU_IB);
  factorRecursive(e, h, b, c0, mid);
  trsmLower(callerOps(e, h, LU_IB), h, o, ld, c0, mid, mid, c1);
  gemmUpdate(
    e,
    h,
    rows - mid,
    c1 - mid,
    mid - c0,
    o + mid * ld + c0,
    ld,
    o + c0 * ld + mid,
    ld,
    o + mid * ld + mid,
    ld,
  );
  factorRecursive(e, h, b, mid, c1);
}

/**
 * Factorises columns c0..c1-1 (≤ LU_PANEL wide) on rows c0..n-1 of the n×n matrix at `o` in a
 * contiguous copy at `buf` and writes the panel back; returns its pivots (panel-relative). The
 * panel's row swaps are not yet applied to the other columns (applyPanelSwaps).
 */
function factorPanel(
  e: GemmEngine,
  h: Float64Array,
  o: number,
  n: number,
  c0: number,
  c1: number,
  buf: number,
  thresh: number,
): Int32Array {
  const w = c1 - c0;
  const rows = n - c0;
  if (e.copyBlock) e.copyBlock(o + c0 * n + c0, n, buf, w, rows, w);
  else for (let i = 0, s = o + c0 * n + c0, d = buf; i < rows; i++, s += n, d += w) h.copyWithin(d, s, s + w);
  const piv = new Int32Array(w);
  factorRecursive(e, h, { o: buf, ld: w, rows, col0: c0, piv, thresh }, 0, w);
  if (e.copyBlock) e.copyBlock(buf, w, o + c0 * n + c0, n, rows, w);
  else for (let i = 0, s = buf, d = o + c0 * n + c0; i < rows; i++, s += w, d += n) h.copyWithin(d, s, s + w);
  return piv;
}

/** Applies panel c0..c1-1's row swaps to the columns outside it and to `perm` (LAPACK getrf: rows swap whole). */
function applyPanelSwaps(
  h: Float64Array,
  o: number,
  n: number,
  c0: number,
  c1: number,
  piv: Int32Array,
  perm: Int32Array,
): void {
  for (let k = 0; k < c1 - c0; k++) {
    const p = piv[k];
    if (p === k) continue;
    const rk = o + (c0 + k) * n;
    const rp = o + (c0 + p) * n;
    for (let j = 0; j < c0; j++) {
      const t = h[rk + j];
      h[rk + j] = h[rp + j];
      h[rp + j] = t;
    }
    for (let j = c1; j < n; j++) {
      const t = h[rk + j];
      h[rk + j] = h[rp + j];
      h[rp + j] = t;
    }
    const t = perm[c0 + k];
    perm[c0 + k] = perm[c0 + p];
    perm[c0 + p] = t;
  }
}

/**
 * The trailing update is posted in about this many column slices (at least UPDATE_SLICE_MIN
 * wide): each slice packs L21 again, fewer slices leave a longer wait for the last one (3–12
 * measured alike within the noise at n = 1302).
 */
const UPDATE_SLICES = 6;
const UPDATE_SLICE_MIN = 64;

/**
 * Right-looking blocked LU with look-ahead of the n×n matrix at `o`: LU_PANEL-wide panels, each
 * factorised in a contiguous copy at `buf`. After panel p, the caller updates only the next
 * panel's columns, posts the rest of the trailing update (column slices, panelUpdate) to the
 * helper thread and factorises panel p + 1 meanwhile; then it takes the slices left and applies
 * panel p + 1's row swaps once the update is done. Every column sees the same operations in the
 * same order whichever thread runs it, and with one thread the slices simply run in turn, so the
 * factors do not depend on the thread count. Rows are swapped whole, as in LAPACK getrf.
 */
function factorLookAhead(
  e: GemmEngine,
  h: Float64Array,
  o: number,
  n: number,
  buf: number,
  perm: Int32Array,
  thresh: number,
): void {
  const ops = callerOps(e, h, LU_IB);
  let c0 = 0;
  let c1 = Math.min(LU_PANEL, n);
  applyPanelSwaps(h, o, n, c0, c1, factorPanel(e, h, o, n, c0, c1, buf, thresh), perm);
  while (c1 < n) {
    const c2 = Math.min(c1 + LU_PANEL, n);
    panelUpdate(ops, h, o, n, c0, c1, c1, c2); // look-ahead: the next panel's columns first
    const rest = n - c2;
    const size = Math.max(UPDATE_SLICE_MIN, Math.ceil(rest / UPDATE_SLICES / e.nr) * e.nr);
    const posted = rest > 0 && !!e.startTask?.(3, [o, n, c0, c1, c2, LU_IB], Math.ceil(rest / size), size);
    let piv: Int32Array;
    try {
      // Alone: the rest in one call (its GEMM packs L21 once; same doubles as the slices).
      if (!posted && rest > 0) panelUpdate(ops, h, o, n, c0, c1, c2, n);
      piv = factorPanel(e, h, o, n, c1, c2, buf, thresh);
    } catch (err) {
      // The helper must be off the heap before anything else uses it; a failure of its own does
      // not hide the panel's (e.g. SingularMatrixError).
      if (posted)
        try {
          e.finishTask?.();
        } catch {}
      throw err;
    }
    if (posted) e.finishTask?.();
    applyPanelSwaps(h, o, n, c1, c2, piv, perm);
    c0 = c1;
    c1 = c2;
  }
}

/**
 * Factors produced in the kernel heap stay parked there (the engine's tenant) until the heap is
 * needed for something else, so the solves that follow skip copying n² doubles in; `lu` is copied
 * out on first read or on eviction, whichever comes first.
 */
class ParkedFactors implements LuFactors, HeapTenant {
  private own: Float64Array | null = null;
  readonly doubles: number;
  constructor(
    readonly n: number,
    readonly perm: Int32Array,
    private readonly engine: GemmEngine,
    private readonly at: number,
  ) {
    this.doubles = n * n;
  }
  get owner(): object {
    return this;
  }
  private released = false;
  get lu(): Float64Array {
    if (!this.own) {
      if (this.released) throw new Error('LU factors were released (luRelease) and can no longer be used');
      this.evict(this.engine.heap());
    }
    return this.own!;
  }
  evict(heap: Float64Array): void {
    if (!this.released) this.own ??= heap.slice(this.at, this.at + this.doubles);
  }
  release(): void {
    if (this.engine.tenant === this) {
      this.released = true;
      this.engine.tenant = null;
    }
  }
}

/**
 * Declares factors no longer needed: if they are still parked in the kernel heap, the next heap
 * user need not copy them out first (n² doubles). Using them afterwards throws. Factors not
 * parked (copied out already, or small) are unaffected.
 */
export function luRelease(f: LuFactors): void {
  if (f instanceof ParkedFactors) f.release();
}

/** Tenant for factors copied into the heap by a solve: they keep their own copy, nothing to save. */
function copiedTenant(f: LuFactors): HeapTenant {
  return { owner: f, doubles: f.n * f.n, evict: () => {} };
}

/**
 * Makes the heap hold f's factors at `e.base` and `extra` free doubles above them (and above a
 * background solve's area, if one runs): returns the heap and their offset. Factors already
 * parked there (the usual case: factor once, then solve) are not copied again.
 */
function factorsInHeap(e: GemmEngine, f: LuFactors, extra: number): { h: Float64Array; at: number } {
  const t = e.tenant;
  if (!(t && t.owner === f)) {
    const h = e.reserve(f.n * f.n);
    h.set(f.lu, e.base);
    e.tenant = copiedTenant(f);
  }
  const at = e.reserveAbove(extra);
  return { h: e.heap(), at };
}

/**
 * LU factorisation with partial pivoting, P·M = L·U (blocked, cache-friendly; WebAssembly SIMD
 * kernel when available). A pivot with |pivot| ≤ `tol` × max|M| raises SingularMatrixError(column);
 * NaN/±Inf in M raises NonFiniteError(row, column).
 */
export function luFactor(m: Matrix, tol = 1e-13): LuFactors {
  if (m.rows !== m.cols) throw new Error(`luFactor: matrix is ${m.rows}×${m.cols}, expected square`);
  const n = m.rows;
  if (n <= SMALL_N) {
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    const a = new Float64Array(n * n);
    const thresh = tol * scanFinite(m.data, n, a, 0);
    const piv = new Int32Array(n);
    panelSteps(a, { o: 0, ld: n, rows: n, col0: 0, piv, thresh }, 0, n);
    for (let k = 0; k < n; k++) {
      const t = perm[k];
      perm[k] = perm[piv[k]];
      perm[piv[k]] = t;
    }
    return { n, lu: a, perm };
  }
  return luFactorFilled(
    n,
    (h, o) => {
      const e = gemmEngine();
      if (!e.maxAbs) return scanFinite(m.data, n, h, o);
      h.set(m.data, o); // native copy, then one SIMD pass for the scale (and NaN/±Inf)
      const scale = e.maxAbs(o, n * n);
      return Number.isFinite(scale) ? scale : scanFinite(m.data, n, h, o);
    },
    tol,
  );
}

/**
 * LU of I − Z·diag(s) (the Leontief matrix I − A with A = Z·diag(1/x)), formed in the kernel heap
 * from Z in one pass; `check` sees the column sums Σ_i z_ij·s_j before elimination starts (and may
 * throw). Entries are the same doubles as building A = Z·diag(s) and then I − A. A non-finite
 * z_ij·s_j raises NonFiniteError(i, j).
 */
export function luFactorIdentityMinusScaled(
  z: Matrix,
  s: Float64Array,
  check?: (columnSums: Float64Array) => void,
  tol = 1e-13,
): LuFactors {
  const n = z.rows;
  if (z.cols !== n || s.length !== n)
    throw new Error(`luFactorIdentityMinusScaled: Z is ${z.rows}×${z.cols} and s has ${s.length} entries`);
  const locate = () => {
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const v = z.data[i * n + j] * s[j];
        if (!Number.isFinite(v)) throw new NonFiniteError(i, j, v);
      }
  };
  if (n <= SMALL_N) {
    const m = new Float64Array(n * n);
    const colSums = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const v = z.data[i * n + j] * s[j];
        m[i * n + j] = -v;
        colSums[j] += v;
      }
    for (let i = 0; i < n; i++) m[i * n + i] += 1;
    for (let j = 0; j < n; j++) if (!Number.isFinite(colSums[j])) locate();
    check?.(colSums);
    return luFactor({ rows: n, cols: n, data: m }, tol);
  }
  return luFactorFilled(
    n,
    (h, o) => {
      const e = gemmEngine();
      // The panel buffer after the matrix is free until elimination starts: s and the sums go there.
      const so = o + n * n;
      const cs = so + n;
      h.set(z.data, o);
      h.set(s, so);
      h.fill(0, cs, cs + n);
      if (e.identityMinusScaled) e.identityMinusScaled(o, n, so, cs);
      else {
        for (let i = 0; i < n; i++) {
          const r = o + i * n;
          for (let j = 0; j < n; j++) {
            const v = h[r + j] * h[so + j];
            h[r + j] = -v;
            h[cs + j] += v;
          }
        }
        for (let i = 0; i < n; i++) h[o + i * n + i] += 1;
      }
      // The singularity scale as luFactor takes it: max |entry| of I − Z·diag(s) (non-finite iff
      // some z_ij·s_j is NaN/±Inf).
      let scale = 0;
      if (e.maxAbs) scale = e.maxAbs(o, n * n);
      else
        for (let k = o; k < o + n * n; k++) {
          const av = Math.abs(h[k]);
          if (av > scale || Number.isNaN(av)) scale = av;
        }
      if (!Number.isFinite(scale)) locate();
      check?.(h.slice(cs, cs + n));
      return scale;
    },
    tol,
  );
}

/**
 * luFactor of an n×n matrix that `fill` writes row-major straight into the kernel heap at offset
 * `o`, returning max |entry| and throwing NonFiniteError on NaN/±Inf (saves building the matrix
 * as an array first: I − A of a 31 × 42 table is 13.5 MB). For n > 48; smaller n use luFactor.
 */
function luFactorFilled(n: number, fill: (heap: Float64Array, o: number) => number, tol = 1e-13): LuFactors {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const e = gemmEngine();
  const o = e.base;
  // While `fill` runs the matrix sits at `base` without an owner: a guard tenant makes any heap
  // user inside it either work above the matrix (reserveAbove: matMul) or fail loudly (reserve).
  const guard: HeapTenant = {
    owner: fill,
    doubles: n * n + n * LU_PANEL,
    evict: () => {
      throw new Error(
        'luFactorFilled: the fill callback must not factorise or solve (the kernel heap is in use)',
      );
    },
  };
  let thresh: number;
  try {
    const h0 = e.reserve(n * n + n * LU_PANEL);
    e.tenant = guard;
    thresh = tol * fill(h0, o);
  } finally {
    if (e.tenant === guard) e.tenant = null;
  }
  const h = e.heap(); // the callback may have grown the heap
  factorLookAhead(e, h, o, n, o + n * n, perm, thresh);
  const f = new ParkedFactors(n, perm, e, o);
  e.tenant = f;
  return f;
}

function checkFactors(f: LuFactors): void {
  if (f.perm.length !== f.n || (!(f instanceof ParkedFactors) && f.lu.length !== f.n * f.n))
    throw new Error('LU factors are malformed');
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
 * Order of the right-hand sides by their first nonzero entry (ascending, stable) and, for each
 * position p of the triangular solve, how many of them have started by then: a solve that is
 * zero up to position p stays zero there, so the solves below skip those rows/columns (exact:
 * the skipped updates would subtract zeros).
 */
interface StartOrder {
  readonly order: Int32Array;
  /** started[p] = number of right-hand sides whose first nonzero is at a position < p (p = 0..n). */
  readonly started: Int32Array;
}

function startOrder(first: Int32Array, n: number): StartOrder {
  const k = first.length;
  const count = new Int32Array(n + 2);
  for (let c = 0; c < k; c++) count[first[c] + 1]++;
  for (let p = 1; p <= n + 1; p++) count[p] += count[p - 1];
  const started = count.slice(0, n + 1); // started[p] = #(first < p)
  const next = count.slice(0, n + 1);
  const order = new Int32Array(k);
  for (let c = 0; c < k; c++) order[next[first[c]]++] = c;
  return { order, started };
}

// The scans below are functions of their own: V8 throws away a loop compiled on stack when the
// long function around it goes on with code it has no type feedback for yet.

/** First nonzero row of each column of P·B (B n × k row-major, row i of P·B = row perm[i] of B); n if none. */
function firstNonzeroRows(b: Float64Array, perm: Int32Array, k: number): Int32Array {
  const n = perm.length;
  const first = new Int32Array(k).fill(n);
  let pending = k;
  for (let i = 0; i < n && pending > 0; i++) {
    const ro = perm[i] * k;
    for (let c = 0; c < k; c++)
      if (first[c] === n && b[ro + c] !== 0) {
        first[c] = i;
        pending--;
      }
  }
  return first;
}

/** First nonzero column of each row of B (k × n row-major); n if none. */
function firstNonzeroColumns(b: Float64Array, k: number, n: number): Int32Array {
  const first = new Int32Array(k);
  for (let r = 0; r < k; r++) {
    let j = 0;
    while (j < n && b[r * n + j] === 0) j++;
    first[r] = j;
  }
  return first;
}

function isIdentity(p: Int32Array): boolean {
  for (let i = 0; i < p.length; i++) if (p[i] !== i) return false;
  return true;
}

/** Rows (or columns) below this count are solved by the unblocked leaf of the recursive TRSM. */
const TRSM_LEAF = 16;
/** Row slices of a background transposed solve (luSolveTransposedStart). */
const RIGHT_SOLVE_SLICES = 4;

/**
 * Forward L·Y = X on rows r0..r1-1 of X (n×k at xo, row stride ldx), columns 0..cols(r)-1 live:
 * recursive halving so almost all flops are one GEMM per level with inner dimension (r1−r0)/2.
 */
function trsmForward(
  e: GemmEngine,
  h: Float64Array,
  lo: number,
  n: number,
  xo: number,
  ldx: number,
  started: Int32Array,
  r0: number,
  r1: number,
): void {
  if (r1 - r0 <= TRSM_LEAF) {
    const live = started[r1];
    if (e.solveLeaves) {
      e.solveLeaves.lower(lo, n, xo, ldx, r0, r1, live);
      return;
    }
    for (let i = r0 + 1; i < r1; i++) {
      const ri = xo + i * ldx;
      for (let j = r0; j < i; j++) {
        const l = h[lo + i * n + j];
        if (l === 0) continue;
        const rj = xo + j * ldx;
        for (let c = 0; c < live; c++) h[ri + c] -= l * h[rj + c];
      }
    }
    return;
  }
  const mid = splitAt(r0, r1, TRSM_LEAF);
  trsmForward(e, h, lo, n, xo, ldx, started, r0, mid);
  gemmUpdate(
    e,
    h,
    r1 - mid,
    started[mid],
    mid - r0,
    lo + mid * n + r0,
    n,
    xo + r0 * ldx,
    ldx,
    xo + mid * ldx,
    ldx,
  );
  trsmForward(e, h, lo, n, xo, ldx, started, mid, r1);
}

/** Backward U·X = Y on rows r0..r1-1 of X (all k columns), recursive as trsmForward. */
function trsmBackward(
  e: GemmEngine,
  h: Float64Array,
  lo: number,
  n: number,
  xo: number,
  k: number,
  r0: number,
  r1: number,
): void {
  if (r1 - r0 <= TRSM_LEAF) {
    if (e.solveLeaves) {
      e.solveLeaves.upper(lo, n, xo, k, r0, r1, k);
      return;
    }
    for (let i = r1 - 1; i >= r0; i--) {
      const ri = xo + i * k;
      for (let j = i + 1; j < r1; j++) {
        const u = h[lo + i * n + j];
        if (u === 0) continue;
        const rj = xo + j * k;
        for (let c = 0; c < k; c++) h[ri + c] -= u * h[rj + c];
      }
      const d = h[lo + i * n + i];
      for (let c = 0; c < k; c++) h[ri + c] /= d;
    }
    return;
  }
  const mid = splitAt(r0, r1, TRSM_LEAF);
  trsmBackward(e, h, lo, n, xo, k, mid, r1);
  gemmUpdate(e, h, mid - r0, k, r1 - mid, lo + r0 * n + mid, n, xo + mid * k, k, xo + r0 * k, k);
  trsmBackward(e, h, lo, n, xo, k, r0, mid);
}

/**
 * Solves M·X = B for X (B is n×k, any k), from the factors of M. Recursive blocked TRSM: small
 * diagonal-block solves, everything else as large packed GEMM updates; right-hand sides that
 * start with zeros (after the row permutation) skip the forward work on those rows.
 */
export function luSolve(f: LuFactors, b: Matrix): Matrix {
  checkFactors(f);
  const { n } = f;
  if (b.rows !== n) throw new Error(`luSolve: right-hand side has ${b.rows} rows, expected ${n}`);
  const k = b.cols;
  return n <= SMALL_N || k < SMALL_K ? solveSmall(f, b) : solveBlocked(f, b);
}

/**
 * Block-diagonal solve: block s of x = M_s⁻¹ · block s of b, blocks consecutive with fs[s].n
 * entries each, by plain substitution from each block's factors (the operations and order of
 * luSolve's unblocked path with one right-hand side). The local
 * systems I − A_ss of all regions go through one call: one loop V8 compiles early, where 31
 * separate small solves each started out unoptimised.
 */
export function luSolveBlockDiagonal(fs: readonly LuFactors[], b: Float64Array): Float64Array {
  let total = 0;
  for (const f of fs) {
    checkFactors(f);
    total += f.n;
  }
  if (b.length !== total)
    throw new Error(`luSolveBlockDiagonal: vector has ${b.length} entries, expected ${total}`);
  const x = new Float64Array(total);
  for (let s = 0, o = 0; s < fs.length; s++) {
    const { n, perm, lu } = fs[s];
    for (let i = 0; i < n; i++) x[o + i] = b[o + perm[i]];
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      let v = x[o + i];
      for (let j = 0; j < i; j++) {
        const l = lu[ri + j];
        if (l !== 0) v -= l * x[o + j];
      }
      x[o + i] = v;
    }
    for (let i = n - 1; i >= 0; i--) {
      const ri = i * n;
      let v = x[o + i];
      for (let j = i + 1; j < n; j++) {
        const u = lu[ri + j];
        if (u !== 0) v -= u * x[o + j];
      }
      x[o + i] = v / lu[ri + i];
    }
    o += n;
  }
  return x;
}

/** luSolve by the unblocked loops (small systems or few right-hand sides). */
function solveSmall(f: LuFactors, b: Matrix): Matrix {
  const { n, perm } = f;
  const k = b.cols;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) x.set(b.data.subarray(perm[i] * k, perm[i] * k + k), i * k);
  solveRowsSmall(f.lu, n, x, k);
  return { rows: n, cols: k, data: x };
}

/** luSolve by the recursive blocked TRSM in the kernel heap. */
function solveBlocked(f: LuFactors, b: Matrix): Matrix {
  const { n, perm } = f;
  const k = b.cols;
  const { order, started } = startOrder(firstNonzeroRows(b.data, perm, k), n);
  const e = gemmEngine();
  const { h, at: xo } = factorsInHeap(e, f, n * k);
  const lo = e.base;
  // Right-hand sides already in start order and no row interchanges: whole-block copies.
  const inPlace = isIdentity(order) && isIdentity(perm);
  if (inPlace) h.set(b.data, xo);
  else permuteIn(b.data, perm, order, h, xo);
  trsmForward(e, h, lo, n, xo, k, started, 0, n);
  trsmBackward(e, h, lo, n, xo, k, 0, n);
  return { rows: n, cols: k, data: inPlace ? h.slice(xo, xo + n * k) : permuteOut(h, xo, n, order) };
}

/** h[xo + i·k + c] = b[perm[i]·k + order[c]]: P·B with its columns in start order. */
function permuteIn(b: Float64Array, perm: Int32Array, order: Int32Array, h: Float64Array, xo: number): void {
  const k = order.length;
  for (let i = 0; i < perm.length; i++) {
    const src = perm[i] * k;
    const dst = xo + i * k;
    for (let c = 0; c < k; c++) h[dst + c] = b[src + order[c]];
  }
}

/** The n × k solution at xo with its columns back in the caller's order. */
function permuteOut(h: Float64Array, xo: number, n: number, order: Int32Array): Float64Array {
  const k = order.length;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const src = xo + i * k;
    const dst = i * k;
    for (let c = 0; c < k; c++) x[dst + order[c]] = h[src + c];
  }
  return x;
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

/** A solve that may still be running on the helper thread; `result()` waits for it. */
export interface PendingSolve {
  result(): Matrix;
}

/**
 * Solves X·M = B for X (B is k×n: k row vectors), i.e. Mᵀ·Xᵀ = Bᵀ, from the factors of M.
 * This is `row-vector · (I − A)⁻¹` without forming the inverse. X·P⁻¹·L·U = B: Y·U = B, Z·L = Y,
 * X = Z·P. Recursive blocked TRSM, all row-major (no transposes); rows are processed in order of
 * their first nonzero, so a row vector that starts with zeros skips the Y·U work there.
 */
export function luSolveTransposed(f: LuFactors, b: Matrix): Matrix {
  return solveTransposed(f, b, false).result();
}

/**
 * As luSolveTransposed, but run as a whole on the linear-algebra helper thread when one is idle,
 * so the caller can do other work meanwhile (same result bit for bit: the helper runs the same
 * operations in the same order). While it runs, the caller may solve with the same or other
 * factors and multiply matrices (they work above its area of the kernel heap, on the calling
 * thread alone); anything else that needs the heap, and `result()`, first waits for it.
 */
export function luSolveTransposedStart(f: LuFactors, b: Matrix): PendingSolve {
  return solveTransposed(f, b, true);
}

function solveTransposed(f: LuFactors, b: Matrix, background: boolean): PendingSolve {
  checkFactors(f);
  const { n } = f;
  if (b.cols !== n)
    throw new Error(`luSolveTransposed: right-hand side has ${b.cols} columns, expected ${n}`);
  const k = b.rows;
  if (n <= SMALL_N || k < SMALL_K) {
    const x = solveTransposedSmall(f, b);
    return { result: () => x };
  }
  return solveTransposedBlocked(f, b, background);
}

/** luSolveTransposed by the unblocked loops (small systems or few right-hand sides). */
function solveTransposedSmall(f: LuFactors, b: Matrix): Matrix {
  const { n, perm } = f;
  const k = b.rows;
  const x = new Float64Array(k * n);
  const w = new Float64Array(b.data);
  solveColsSmall(f.lu, n, w, k);
  for (let r = 0; r < k; r++) for (let i = 0; i < n; i++) x[r * n + perm[i]] = w[r * n + i];
  return { rows: k, cols: n, data: x };
}

/** luSolveTransposed by the recursive blocked TRSM in the kernel heap (on the helper thread when `background`). */
function solveTransposedBlocked(f: LuFactors, b: Matrix, background: boolean): PendingSolve {
  const { n, perm } = f;
  const k = b.rows;
  const x = new Float64Array(k * n);
  const done = { result: () => ({ rows: k, cols: n, data: x }) };
  const { order, started } = startOrder(firstNonzeroColumns(b.data, k, n), n);
  const e = gemmEngine();
  // W (k × n), then started[] as doubles for the helper.
  const { h, at: wo } = factorsInHeap(e, f, k * n + n + 1);
  const lo = e.base;
  for (let r = 0; r < k; r++) h.set(b.data.subarray(order[r] * n, order[r] * n + n), wo + r * n);
  const copyOut = () => {
    const hh = e.heap();
    // No row interchanges (the rule for I − A, column diagonally dominant): rows copy out whole.
    const noSwaps = isIdentity(perm);
    for (let r = 0; r < k; r++) {
      const o = wo + r * n;
      const d = order[r] * n;
      if (noSwaps) x.set(hh.subarray(o, o + n), d);
      else for (let i = 0; i < n; i++) x[d + perm[i]] = hh[o + i];
    }
  };
  const so = wo + k * n;
  for (let c = 0; c <= n; c++) h[so + c] = started[c];
  // Row slices, claimed one at a time: the helper takes them while the caller works elsewhere,
  // and the caller takes what is left when it asks for the result.
  const size = Math.max(32, Math.ceil(k / RIGHT_SOLVE_SLICES / e.mr) * e.mr);
  if (
    !(background && e.startTask?.(2, [lo, n, wo, k, so, TRSM_LEAF], Math.ceil(k / size), size, so + n + 1))
  ) {
    const ops = callerOps(e, h, TRSM_LEAF);
    trsmRightUpper(ops, h, lo, n, wo, started, 0, n);
    trsmRightLower(ops, h, lo, n, wo, k, 0, n);
    copyOut();
    return done;
  }
  // Settled by result() or by whatever next needs the heap; a failure is kept for result().
  let outcome: 'running' | 'done' | { error: unknown } = 'running';
  const settle = () => {
    if (outcome !== 'running') return;
    try {
      e.finishTask?.();
      copyOut();
      outcome = 'done';
    } catch (error) {
      outcome = { error };
      throw error;
    }
  };
  e.pending = settle;
  return {
    result: () => {
      if (e.pending === settle) e.settlePending();
      else settle();
      if (typeof outcome === 'object') throw outcome.error;
      return done.result();
    },
  };
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
