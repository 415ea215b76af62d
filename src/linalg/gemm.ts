/**
 * Packed, cache-blocked GEMM update C -= A·B on one Float64Array "heap" (offsets in doubles).
 * Engines share the packing and blocking and differ in the micro-kernel:
 *   'wasm-fma'  WebAssembly relaxed-SIMD f64x2 fused multiply-add 4×4 (fastest),
 *   'wasm'      WebAssembly SIMD128 f64x2 multiply then add 4×4,
 *   'js'        pure-JS 4×4 register-blocked kernel (fallback).
 * 'wasm' and 'js' accumulate Σ_p a·b in the same order with separate multiply and add, then
 * subtract once from C, so they agree bit for bit; 'wasm-fma' differs by FMA rounding only.
 * The wasm engines also pack A/B in wasm (f64x2 copies and shuffles) and export the LU's
 * unblocked leaves (lowerSolveRows, panelSteps), with the same operations in the same order as the
 * JS code, so 'wasm' and 'js' LU factors still agree bit for bit.
 * The macro kernel walks C row strip by row strip (left to right): C comes from L3 in the LU's
 * trailing updates and a sequential walk lets the hardware prefetcher hide it (with the B-strip-
 * outer order the kernel lost ~35 % when C was not in L2).
 * With shared wasm memory (Node worker_threads), large updates are cut into chunks claimed by the
 * caller and one helper thread; the caller blocks (Atomics.wait), so the API stays synchronous.
 * The same claim protocol carries tasks (startTask/finishTask): slices of the LU's trailing update
 * or of a transposed solve (triangular.ts) that the helper works through while the caller does
 * something else, the caller taking whatever is left when it asks for the result.
 */
import {
  type LowerRowsLeaf,
  lowerSolveRows,
  panelUpdate,
  type RightLeaf,
  rightSolveTask,
  type SolveOps,
  splitAt,
  trsmLower,
  trsmRightLower,
  trsmRightUpper,
} from './triangular.ts';
import { GEMM_FMA, GEMM_SIMD } from './wasm/gemmBytes.ts';

/** Blocking sizes (doubles): KC×NC packed B (1 MiB, in the 2 MiB L2 with A), MC×KC packed A (256 KiB), micro-panels in L1. */
export const GEMM_KC = 256;
export const GEMM_MC = 128;
export const GEMM_NC = 512;
/** Updates below this many flops stay on the calling thread (hand-off costs ~10–50 µs). */
const PARALLEL_MIN_FLOPS = 4e6;
/** Chunks per parallel update (claimed one at a time) and their minimum width in rows/columns. */
const PARALLEL_CHUNKS = 6;
const PARALLEL_MIN_CHUNK = 32;
/**
 * Waiting for the helper longer than this share of an update or task (and longer than
 * HELPER_MIN_STRIKE_MS: waking a sleeping helper alone takes ~0.1 ms) counts against it; after
 * three in a row it rests this long.
 */
const HELPER_MAX_WAIT = 0.25;
const HELPER_MIN_STRIKE_MS = 0.5;
const HELPER_BACKOFF_MS = 1000;

export type KernelName = 'wasm-fma' | 'wasm' | 'js';

/** Micro-kernel macro loop: C(mc×nc) -= packed A · packed B (offsets in doubles; tmp = scratch tile). */
type Macro = (
  mc: number,
  nc: number,
  kc: number,
  pa: number,
  pb: number,
  c: number,
  ldc: number,
  tmp: number,
) => void;

/** A macro kernel plus, for the wasm engines, packing routines in wasm (same layouts as packA/packB). */
interface Kernel {
  gemm: Macro;
  packA?: (a: number, lda: number, mc: number, kc: number, neg: boolean, d: number) => void;
  packB?: (b: number, ldb: number, kc: number, nc: number, d: number) => void;
}

export interface GemmEngine {
  readonly name: KernelName;
  readonly mr: number;
  readonly nr: number;
  /** First user offset (per-thread packing scratch sits before it). */
  readonly base: number;
  /** Current heap; invalidated by the next `reserve`. */
  heap(): Float64Array;
  /**
   * Ensures the heap holds `doubles` user doubles after the scratch area; returns the heap. The
   * tenant parked at `base` is evicted first unless it is `keep`.
   */
  reserve(doubles: number, keep?: HeapTenant): Float64Array;
  /**
   * A free area of `doubles` user doubles after the tenant's block (which stays parked); returns
   * its offset. The heap must be re-read with `heap()` afterwards.
   */
  reserveAbove(doubles: number): number;
  /** Data parked at `base` between calls (LU factors between solves), or null. */
  tenant: HeapTenant | null;
  /**
   * Completes the background solve that uses the tenant and a heap area above it (set by
   * luSolveTransposedStart); `reserve` runs it first unless it keeps the tenant.
   */
  pending: (() => void) | null;
  /** Runs `pending`, if any, and frees its heap area. */
  settlePending(): void;
  /**
   * Wasm engines with an idle helper thread: posts a task of `count` slices of `size` rows or
   * columns (kind 2: rows of luSolveTransposed's right-side solves, args lo n wo k so leaf; kind 3:
   * columns of the LU's trailing update, args o n c0 c1 c2 leaf; see gemmChunks) for the helper to
   * claim, and keeps the heap below `pinEnd` (if given) out of `reserveAbove` until the task is
   * finished. False when no helper can take it: the caller then runs the same slices itself.
   */
  startTask?(kind: 2 | 3, args: readonly number[], count: number, size: number, pinEnd?: number): boolean;
  /** Runs the posted task's unclaimed slices here, then waits for the helper's. */
  finishTask?(): void;
  /**
   * Wasm engines: the unblocked leaves of lu.ts's triangular solves (same operations and order as
   * its JS loops; offsets and strides in doubles). Left: X rows r0..r1-1 (cols 0..cols-1) ←
   * L⁻¹·X (unit lower) or U⁻¹·X; right: W rows 0..rows-1 (cols c0..c1-1) ← W·U⁻¹ or W·L⁻¹.
   */
  readonly solveLeaves?: SolveLeaves;
  /** Wasm engines: max |x| over `count` heap doubles at o; non-finite iff some entry is NaN/±Inf. */
  readonly maxAbs?: (o: number, count: number) => number;
  /**
   * Wasm engines: the n × n heap block at o (holding Z) ← I − Z·diag(s) in place (s: n doubles at
   * so), a_ij = z_ij·s_j added into n column sums at cs.
   */
  readonly identityMinusScaled?: (o: number, n: number, so: number, cs: number) => void;
  /** Wasm engines: copies a rows × cols heap block (offsets and strides in doubles). */
  readonly copyBlock?: (
    src: number,
    lds: number,
    dst: number,
    ldd: number,
    rows: number,
    cols: number,
  ) => void;
  /** Wasm engines: rows r0..r1-1 (cols c0..c1-1) of the heap block at o ← L⁻¹·(same), L unit lower (as triangular.ts lowerSolveRows). */
  readonly lowerSolveRows?: (o: number, ld: number, r0: number, r1: number, c0: number, c1: number) => void;
  /**
   * Wasm engines: unblocked elimination as lu.ts panelSteps on the heap block at o (pivot rows to
   * f64 slots at pivOut); returns the failing column or -1.
   */
  readonly panelSteps?: (
    o: number,
    ld: number,
    rows: number,
    j0: number,
    j1: number,
    thresh: number,
    pivOut: number,
  ) => number;
  /** C[m×n] -= A·B (+= when add); see gemmUpdate. */
  update(
    h: Float64Array,
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    add: boolean,
  ): void;
}

/**
 * Data parked in the kernel heap at `base` (the LU factors between their factorisation and their
 * solves: copying 13.5 MB in and out per call cost more than a solve with 93 right-hand sides).
 * `evict` saves it elsewhere before the heap is reused; `owner` is what callers check residency by.
 */
export interface HeapTenant {
  readonly owner: object;
  /** Doubles occupied from `base`. */
  readonly doubles: number;
  evict(heap: Float64Array): void;
}

type LeftLeaf = (
  lo: number,
  ldl: number,
  xo: number,
  ldx: number,
  r0: number,
  r1: number,
  cols: number,
) => void;
export interface SolveLeaves {
  readonly lower: LeftLeaf;
  readonly upper: LeftLeaf;
  readonly rightUpper: RightLeaf;
  readonly rightLower: RightLeaf;
}

/** Scratch doubles per thread: [tile 64][packed A][packed B]. */
function scratchSize(mr: number, nr: number): number {
  return 64 + (Math.ceil(GEMM_MC / mr) * mr + mr) * GEMM_KC + (Math.ceil(GEMM_NC / nr) * nr + nr) * GEMM_KC;
}

// The three functions below are also shipped as source to the helper thread (Function#toString),
// so they must reference only their parameters and each other (no closures, no module constants).

/** Packs A[mc×kc] (row stride lda) at `d` as strips of mr rows, p-major, zero-padded; negated if `neg`. */
function packA(
  h: Float64Array,
  a: number,
  lda: number,
  mc: number,
  kc: number,
  mr: number,
  neg: boolean,
  d: number,
): void {
  for (let i0 = 0; i0 < mc; i0 += mr) {
    const rows = Math.min(mr, mc - i0);
    if (mr === 4 && rows === 4) {
      // Four source rows read side by side, destination written sequentially.
      const s0 = a + i0 * lda;
      const s1 = s0 + lda;
      const s2 = s1 + lda;
      const s3 = s2 + lda;
      if (neg)
        for (let p = 0; p < kc; p++, d += 4) {
          h[d] = -h[s0 + p];
          h[d + 1] = -h[s1 + p];
          h[d + 2] = -h[s2 + p];
          h[d + 3] = -h[s3 + p];
        }
      else
        for (let p = 0; p < kc; p++, d += 4) {
          h[d] = h[s0 + p];
          h[d + 1] = h[s1 + p];
          h[d + 2] = h[s2 + p];
          h[d + 3] = h[s3 + p];
        }
      continue;
    }
    for (let r = 0; r < mr; r++) {
      let o = d + r;
      if (r < rows) {
        const src = a + (i0 + r) * lda;
        if (neg) for (let p = 0; p < kc; p++, o += mr) h[o] = -h[src + p];
        else for (let p = 0; p < kc; p++, o += mr) h[o] = h[src + p];
      } else for (let p = 0; p < kc; p++, o += mr) h[o] = 0;
    }
    d += mr * kc;
  }
}

/** Packs B[kc×nc] (row stride ldb) at `d` as strips of nr columns, p-major, zero-padded. */
function packB(h: Float64Array, b: number, ldb: number, kc: number, nc: number, nr: number, d: number): void {
  for (let j0 = 0; j0 < nc; j0 += nr) {
    const cols = Math.min(nr, nc - j0);
    if (nr === 4 && cols === 4) {
      for (let p = 0, src = b + j0; p < kc; p++, src += ldb, d += 4) {
        h[d] = h[src];
        h[d + 1] = h[src + 1];
        h[d + 2] = h[src + 2];
        h[d + 3] = h[src + 3];
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      const src = b + p * ldb + j0;
      if (cols === nr) for (let q = 0; q < nr; q++) h[d++] = h[src + q];
      else for (let q = 0; q < nr; q++) h[d++] = q < cols ? h[src + q] : 0;
    }
  }
}

/** Goto-style blocking: for each KC slice and NC panel pack B, for each MC block pack A, run the macro. */
function gemmBlocked(
  h: Float64Array,
  kern: Kernel,
  mr: number,
  nr: number,
  blk: readonly number[], // [KC, MC, NC]
  scratch: number,
  m: number,
  n: number,
  k: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  add: boolean,
): void {
  const KC = blk[0];
  const MC = blk[1];
  const NC = blk[2];
  const pa = scratch + 64;
  const pb = pa + (Math.ceil(MC / mr) * mr + mr) * KC;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      if (kern.packB) kern.packB(b + pc * ldb + jc, ldb, kc, nc, pb);
      else packB(h, b + pc * ldb + jc, ldb, kc, nc, nr, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        if (kern.packA) kern.packA(a + ic * lda + pc, lda, mc, kc, add, pa);
        else packA(h, a + ic * lda + pc, lda, mc, kc, mr, add, pa);
        kern.gemm(mc, nc, kc, pa, pb, c + ic * ldc + jc, ldc, scratch);
      }
    }
  }
}

/** The task functions gemmChunks runs (from triangular.ts; see there). */
interface ChunkTasks {
  rightSolveTask: typeof rightSolveTask;
  panelUpdate: typeof panelUpdate;
}
const CHUNK_TASKS: ChunkTasks = { rightSolveTask, panelUpdate };

/**
 * Claims the next chunk of update `seq`, or returns -1 when none is left or another update is
 * posted. CTL_NEXT (slot 4) holds (update tag << 16) | next chunk; the claim is a compare-and-swap
 * that only succeeds on this update's tag, so a thread still leaving the previous update can
 * neither run a chunk of the next one with stale arguments nor advance its counter.
 */
export function claimChunk(ctl: Int32Array, seq: number): number {
  const tag = (seq & 0x7fff) << 16;
  for (;;) {
    const v = Atomics.load(ctl, 4);
    if ((v & 0x7fff0000) !== tag || (v & 0xffff) >= ctl[6]) return -1; // CTL_COUNT: slot 6
    if (Atomics.compareExchange(ctl, 4, v, v + 1) === v) return v & 0xffff;
  }
}

/**
 * Opens update `seq` of `count` chunks for claiming: closed first (this tag, no chunk left) so a
 * thread leaving the previous update fails its claim while `write` fills in the arguments, then
 * opened. Slots as in claimChunk.
 */
export function openUpdate(ctl: Int32Array, seq: number, count: number, write: () => void): void {
  const tag = (seq & 0x7fff) << 16;
  Atomics.store(ctl, 4, tag | 0xffff);
  write();
  ctl[6] = count;
  Atomics.store(ctl, 4, tag); // after the arguments: a claim that succeeds sees them
}

/**
 * Runs chunks of the update described in `ctl` (see CTL_* below) until none is left (returns how
 * many it ran). Both threads
 * call it; each chunk is claimed with an atomic increment, so a descheduled thread (busy machine)
 * costs at most the one chunk it holds instead of half the update. Chunks split m or n only, so
 * every C entry is summed in the same order whoever computes it. Task slices (kinds 2 and 3) run
 * triangular.ts functions, passed in as `tasks` because a bundler may rename imported bindings in
 * this function's shipped source.
 */
function gemmChunks(
  h: Float64Array,
  kern: Kernel,
  mr: number,
  nr: number,
  blk: readonly number[],
  scratch: number,
  ctl: Int32Array,
  seq: number,
  tasks: ChunkTasks,
): number {
  for (let done = 0; ; done++) {
    Atomics.add(ctl, 5, 1); // CTL_ACTIVE: announce before claiming so the caller waits for us
    const i = claimChunk(ctl, seq);
    if (i < 0) {
      Atomics.sub(ctl, 5, 1);
      Atomics.notify(ctl, 5);
      return done;
    }
    try {
      const size = ctl[7];
      const [m, n, k, a, lda, b, ldb, c, ldc, add] = ctl.subarray(9, 19);
      const s0 = i * size;
      if (ctl[8] >= 2) {
        // Task slices (startTask); slots m n k a lda b hold lo n wo k so leaf (kind 2) or o n c0 c1 c2 leaf (kind 3).
        const w = kern as Kernel & {
          solveRightUpperLeaf: RightLeaf;
          solveRightLowerLeaf: RightLeaf;
          lowerSolveRows: LowerRowsLeaf;
        };
        const ops: SolveOps = {
          gemm: (m2, n2, k2, a2, lda2, b2, ldb2, c2, ldc2) =>
            gemmBlocked(h, kern, mr, nr, blk, scratch, m2, n2, k2, a2, lda2, b2, ldb2, c2, ldc2, false),
          upper: w.solveRightUpperLeaf,
          lower: w.solveRightLowerLeaf,
          lowerRows: w.lowerSolveRows,
          leaf: b,
        };
        if (ctl[8] === 2) tasks.rightSolveTask(ops, h, m, n, k, lda, s0, Math.min(a, s0 + size));
        else tasks.panelUpdate(ops, h, m, n, k, a, lda + s0, Math.min(n, lda + s0 + size));
      } else if (ctl[8] === 1)
        gemmBlocked(
          h,
          kern,
          mr,
          nr,
          blk,
          scratch,
          m,
          Math.min(size, n - s0),
          k,
          a,
          lda,
          b + s0,
          ldb,
          c + s0,
          ldc,
          add === 1,
        );
      else
        gemmBlocked(
          h,
          kern,
          mr,
          nr,
          blk,
          scratch,
          Math.min(size, m - s0),
          n,
          k,
          a + s0 * lda,
          lda,
          b,
          ldb,
          c + s0 * ldc,
          ldc,
          add === 1,
        );
    } catch (e) {
      Atomics.store(ctl, 3, 1); // CTL_ERR
      throw e;
    } finally {
      Atomics.sub(ctl, 5, 1);
      Atomics.notify(ctl, 5);
    }
  }
}

const BLOCKS = [GEMM_KC, GEMM_MC, GEMM_NC] as const;
const HEAP_SLACK_DOUBLES = 65536;

/** Pure-JS macro kernel with a 4×4 register tile (same summation order as the wasm kernels). */
function jsMacro(
  h: Float64Array,
  mc: number,
  nc: number,
  kc: number,
  pa: number,
  pb: number,
  c: number,
  ldc: number,
): void {
  // Row strips outer, column strips inner: C is walked along its rows (prefetch-friendly).
  for (let ir = 0; ir < mc; ir += 4) {
    const mr = Math.min(4, mc - ir);
    const pai = pa + ir * kc;
    for (let jr = 0; jr < nc; jr += 4) {
      const nr = Math.min(4, nc - jr);
      let ia = pai;
      let ib = pb + jr * kc;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let p = 0; p < kc; p++, ia += 4, ib += 4) {
        const b0 = h[ib],
          b1 = h[ib + 1],
          b2 = h[ib + 2],
          b3 = h[ib + 3];
        const a0 = h[ia],
          a1 = h[ia + 1],
          a2 = h[ia + 2],
          a3 = h[ia + 3];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      const o = c + ir * ldc + jr;
      if (mr === 4 && nr === 4) {
        h[o] -= c00;
        h[o + 1] -= c01;
        h[o + 2] -= c02;
        h[o + 3] -= c03;
        const o1 = o + ldc;
        h[o1] -= c10;
        h[o1 + 1] -= c11;
        h[o1 + 2] -= c12;
        h[o1 + 3] -= c13;
        const o2 = o1 + ldc;
        h[o2] -= c20;
        h[o2 + 1] -= c21;
        h[o2 + 2] -= c22;
        h[o2 + 3] -= c23;
        const o3 = o2 + ldc;
        h[o3] -= c30;
        h[o3 + 1] -= c31;
        h[o3 + 2] -= c32;
        h[o3 + 3] -= c33;
      } else {
        const t = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < mr; r++) for (let q = 0; q < nr; q++) h[o + r * ldc + q] -= t[r * 4 + q];
      }
    }
  }
}

/**
 * The heap and its parked tenant, shared by the engines: every reuse of the heap goes through
 * `reserve` (evicts a tenant other than `keep`) or `reserveAbove` (works above it); engines say
 * only how their storage grows.
 */
abstract class TenantHeap {
  abstract readonly base: number;
  tenant: HeapTenant | null = null;
  pending: (() => void) | null = null;
  /** End (absolute offset in doubles) of the heap area a background solve uses; 0 when none runs. */
  protected pinnedEnd = 0;
  abstract heap(): Float64Array;
  /** Makes room for `doubles` user doubles after base, keeping base..base+tenant's doubles. */
  protected abstract grow(doubles: number): void;
  settlePending(): void {
    const p = this.pending;
    this.pending = null;
    try {
      p?.();
    } finally {
      this.pinnedEnd = 0;
    }
  }
  reserve(doubles: number, keep?: HeapTenant): Float64Array {
    if (this.pending && !(keep && keep === this.tenant)) this.settlePending();
    if (this.tenant && this.tenant !== keep) {
      this.tenant.evict(this.heap());
      this.tenant = null;
    }
    this.grow(doubles);
    return this.heap();
  }
  reserveAbove(doubles: number): number {
    const at = Math.max(this.base + (this.tenant?.doubles ?? 0), this.pinnedEnd);
    this.reserve(at - this.base + doubles, this.tenant ?? undefined);
    return at;
  }
}

class JsEngine extends TenantHeap implements GemmEngine {
  readonly name = 'js' as const;
  readonly mr = 4;
  readonly nr = 4;
  readonly base = scratchSize(4, 4);
  private h = new Float64Array(this.base);
  private readonly kern: Kernel = {
    gemm: (mc, nc, kc, pa, pb, c, ldc) => jsMacro(this.h, mc, nc, kc, pa, pb, c, ldc),
  };
  heap(): Float64Array {
    return this.h;
  }
  protected grow(doubles: number): void {
    const need = this.base + doubles;
    if (this.h.length < need) {
      const h = new Float64Array(need);
      h.set(this.h.subarray(0, this.base + (this.tenant?.doubles ?? 0)));
      this.h = h;
    }
  }
  update(
    h: Float64Array,
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    add: boolean,
  ): void {
    gemmBlocked(h, this.kern, 4, 4, BLOCKS, 0, m, n, k, a, lda, b, ldb, c, ldc, add);
  }
}

/** Control block layout (Int32 slots) shared with the helper thread; gemmChunks uses the literals. */
const CTL_SEQ = 0;
const CTL_READY = 2;
const CTL_ERR = 3;
// slot 4: (update tag << 16) | next chunk to claim (claimChunk, openUpdate)
const CTL_ACTIVE = 5; // threads inside a claim or a chunk
// slot 6: chunks in this update (claimChunk, openUpdate)
const CTL_SIZE = 7; // rows or columns per chunk
const CTL_KIND = 8; // 1: chunks split n, 0: chunks split m, 2: one right-side solve task
const CTL_ARGS = 9; // m n k a lda b ldb c ldc add
const CTL_HELPER_CHUNKS = 20; // chunks the helper has run (diagnostics)
const CTL_HELPER_DONE = 21; // last update the helper has left, its chunks counted (helper-only test mode)
/**
 * After its last chunk the helper polls for the next update this long before sleeping: the LU
 * posts updates every few hundred µs, and a futex wake-up (~50–100 µs on this VM) per update let
 * the caller claim most chunks itself.
 */
const HELPER_SPIN_MS = 0.5;

const WORKER_MAIN = `
const { workerData } = require('node:worker_threads');
const { memory, bytes, mr, nr, blk, scratch, ctl: ctlBuf } = workerData;
const ctl = new Int32Array(ctlBuf);
const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
let seen = 0;
Atomics.store(ctl, ${CTL_READY}, 1);
Atomics.notify(ctl, ${CTL_READY});
for (;;) {
  const until = performance.now() + ${HELPER_SPIN_MS};
  let polls = 0;
  while (Atomics.load(ctl, ${CTL_SEQ}) === seen && ((++polls & 255) !== 0 || performance.now() < until));
  if (Atomics.load(ctl, ${CTL_SEQ}) === seen) Atomics.wait(ctl, ${CTL_SEQ}, seen);
  const s = Atomics.load(ctl, ${CTL_SEQ});
  if (s === seen) continue;
  seen = s;
  if (s < 0) break;
  try {
    Atomics.add(ctl, ${CTL_HELPER_CHUNKS}, gemmChunks(new Float64Array(memory.buffer), ex, mr, nr, blk, scratch, ctl, s, { rightSolveTask, panelUpdate }));
  } catch (e) {}
  Atomics.store(ctl, ${CTL_HELPER_DONE}, s);
  Atomics.notify(ctl, ${CTL_HELPER_DONE});
}
`;

interface WasmExports extends Kernel {
  panelSteps: NonNullable<GemmEngine['panelSteps']>;
  lowerSolveRows: NonNullable<GemmEngine['lowerSolveRows']>;
  packA: NonNullable<Kernel['packA']>;
  packB: NonNullable<Kernel['packB']>;
  solveLowerLeaf: LeftLeaf;
  solveUpperLeaf: LeftLeaf;
  solveRightUpperLeaf: RightLeaf;
  solveRightLowerLeaf: RightLeaf;
  maxAbs: (o: number, count: number) => number;
  copyBlock: NonNullable<GemmEngine['copyBlock']>;
  identityMinusScaled: NonNullable<GemmEngine['identityMinusScaled']>;
}

/** One helper thread computing half of each large update in the shared heap. */
class Helper {
  private seq = 0;
  private constructor(
    private readonly ctl: Int32Array,
    private readonly worker: { terminate(): unknown; unref(): void },
  ) {}

  /**
   * Spawns the helper without waiting for it: updates run on the calling thread alone until the
   * helper has compiled the kernel (`ready()`), so start-up never sits on the critical path.
   */
  static start(
    memory: WebAssembly.Memory,
    bytes: Uint8Array,
    mr: number,
    nr: number,
    scratch: number,
  ): Helper | null {
    try {
      const wt = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
      if (!wt) return null;
      const ctl = new Int32Array(new SharedArrayBuffer(128));
      const src = `var __name = (f) => f;\n${[packA, packB, gemmBlocked, claimChunk, gemmChunks, splitAt, trsmRightUpper, trsmRightLower, rightSolveTask, lowerSolveRows, trsmLower, panelUpdate].map(String).join('\n')}\n${WORKER_MAIN}`;
      const worker = new wt.Worker(src, {
        eval: true,
        workerData: { memory, bytes, mr, nr, blk: [...BLOCKS], scratch, ctl: ctl.buffer },
      });
      worker.unref();
      worker.on('error', () => {});
      return new Helper(ctl, worker);
    } catch {
      return null;
    }
  }

  /** Whether the helper has compiled the kernel and waits for work. */
  ready(): boolean {
    return Atomics.load(this.ctl, CTL_READY) === 1;
  }

  chunks(): number {
    return Atomics.load(this.ctl, CTL_HELPER_CHUNKS);
  }

  /** Blocks until the helper is ready or `timeoutMs` has passed; whether it is ready. */
  waitReady(timeoutMs: number): boolean {
    Atomics.wait(this.ctl, CTL_READY, 0, timeoutMs);
    return this.ready();
  }

  /** Publishes an update split into `count` chunks of `size` rows/columns (or a task, kind 2) and wakes the helper. */
  post(
    args: readonly number[],
    count: number,
    size: number,
    kind: 0 | 1 | 2 | 3,
  ): { ctl: Int32Array; seq: number } {
    const ctl = this.ctl;
    this.seq++;
    openUpdate(ctl, this.seq, count, () => {
      for (let i = 0; i < args.length; i++) ctl[CTL_ARGS + i] = args[i];
      ctl[CTL_SIZE] = size;
      ctl[CTL_KIND] = kind;
      Atomics.store(ctl, CTL_ERR, 0);
    });
    Atomics.store(ctl, CTL_SEQ, this.seq);
    Atomics.notify(ctl, CTL_SEQ);
    return { ctl, seq: this.seq };
  }

  /** Waits until no thread holds a chunk (all chunks are claimed once the caller's loop ends). */
  wait(): void {
    for (;;) {
      const active = Atomics.load(this.ctl, CTL_ACTIVE);
      if (active === 0) break;
      Atomics.wait(this.ctl, CTL_ACTIVE, active, 60_000);
    }
    if (Atomics.load(this.ctl, CTL_ERR) !== 0)
      throw new Error('linalg helper thread failed in a GEMM update or task slice');
  }

  /**
   * Helper-only test mode: waits until the helper has claimed and run every chunk of update `seq`
   * (the caller runs none), however long the machine keeps it descheduled.
   */
  waitDone(seq: number, timeoutMs = 120_000): void {
    const ctl = this.ctl;
    const until = performance.now() + timeoutMs;
    // The caller posts nothing else meanwhile, so the helper sees this update and runs it all.
    for (
      let done = Atomics.load(ctl, CTL_HELPER_DONE);
      done !== seq;
      done = Atomics.load(ctl, CTL_HELPER_DONE)
    ) {
      if (performance.now() > until)
        throw new Error('linalg: the helper thread did not finish an update in time');
      Atomics.wait(ctl, CTL_HELPER_DONE, done, 100);
    }
    if (Atomics.load(ctl, CTL_ERR) !== 0)
      throw new Error('linalg helper thread failed in a GEMM update or task slice');
  }

  stop(): void {
    Atomics.store(this.ctl, CTL_SEQ, -1);
    Atomics.notify(this.ctl, CTL_SEQ);
    void this.worker.terminate();
  }
}

class WasmEngine extends TenantHeap implements GemmEngine {
  readonly base: number;
  private readonly scratch: number;
  private h: Float64Array;
  private readonly kern: Kernel;
  readonly lowerSolveRows: NonNullable<GemmEngine['lowerSolveRows']>;
  readonly solveLeaves: SolveLeaves;
  readonly maxAbs: (o: number, count: number) => number;
  readonly copyBlock: NonNullable<GemmEngine['copyBlock']>;
  readonly identityMinusScaled: NonNullable<GemmEngine['identityMinusScaled']>;
  readonly panelSteps: NonNullable<GemmEngine['panelSteps']>;
  private helper: Helper | null | undefined;
  private strikes = 0;
  /** Chunks of parallel updates run by the calling thread (the helper counts its own in ctl). */
  callerChunks = 0;
  private soloUntil = 0;
  /** Test hook (setLinalgHelperOnly): every large update and task runs on the helper alone. */
  helperOnly = false;
  threads = 1;
  constructor(
    readonly name: KernelName,
    readonly mr: number,
    readonly nr: number,
    private readonly memory: WebAssembly.Memory,
    private readonly bytes: Uint8Array,
    readonly shared: boolean,
    ex: WasmExports,
  ) {
    super();
    this.scratch = scratchSize(mr, nr);
    this.base = 2 * this.scratch; // second scratch area for the helper thread
    this.kern = ex;
    this.lowerSolveRows = ex.lowerSolveRows;
    this.maxAbs = ex.maxAbs;
    this.copyBlock = ex.copyBlock;
    this.identityMinusScaled = ex.identityMinusScaled;
    this.solveLeaves = {
      lower: ex.solveLowerLeaf,
      upper: ex.solveUpperLeaf,
      rightUpper: ex.solveRightUpperLeaf,
      rightLower: ex.solveRightLowerLeaf,
    };
    this.panelSteps = ex.panelSteps;
    this.h = new Float64Array(memory.buffer);
    this.reserve(0);
  }
  heap(): Float64Array {
    if (this.h.length * 8 !== this.memory.buffer.byteLength) this.h = new Float64Array(this.memory.buffer);
    return this.h;
  }
  protected grow(doubles: number): void {
    // Slack after the user area: the wasm packing routines move whole f64x2 pairs and may read a
    // few doubles past the last row of an operand that ends the heap (values never used).
    const needBytes = (this.base + doubles + HEAP_SLACK_DOUBLES) * 8;
    const have = this.memory.buffer.byteLength;
    if (needBytes > have) this.memory.grow(Math.ceil((needBytes - have) / 65536));
  }
  private helperThread(): Helper | null {
    if (this.threads < 2 || !this.shared) return null;
    if (this.helper === undefined)
      this.helper = Helper.start(this.memory, this.bytes, this.mr, this.nr, this.scratch);
    return this.helper?.ready() ? this.helper : null;
  }
  /** Spawns the helper now (when 2 threads are in force) so it is ready by the first large update. */
  warmHelper(): void {
    this.helperThread();
  }
  /** Chunks of parallel updates run so far by the caller and by the helper. */
  chunkCounts(): { caller: number; helper: number } {
    return { caller: this.callerChunks, helper: this.helper?.chunks() ?? 0 };
  }
  helperRunning(): boolean {
    return !!this.helper?.ready();
  }
  /** Blocks until the helper (if 2 threads are in force) is ready; whether one is. */
  waitForHelper(timeoutMs: number): boolean {
    if (this.threads < 2 || !this.shared) return false;
    this.helperThread();
    return this.helper?.waitReady(timeoutMs) ?? false;
  }
  stopHelper(): void {
    this.settlePending();
    this.helper?.stop();
    this.helper = undefined;
  }
  /** Helper-only test mode: work the helper should take but cannot is an error saying why, not a silent solo run. */
  private requireHelperIfForced(): void {
    if (!this.helperOnly) return;
    const state =
      this.threads < 2
        ? '1 thread in force'
        : !this.shared
          ? 'no shared memory'
          : this.helper === undefined || this.helper === null
            ? 'no helper thread started'
            : 'the helper thread is not ready';
    throw new Error(`linalg helper-only test mode: the helper cannot take the work (${state})`);
  }
  /** The task posted to the helper (startTask) and not yet finished. */
  private task: { ctl: Int32Array; seq: number; helper: Helper; posted: number } | null = null;
  /**
   * A posted task whose slices have all been claimed and run is finished here, and the background
   * solve waiting on it settled (its result copied out for a later result()): a handle nobody
   * collects then blocks the helper only while its slices run.
   */
  private reapTask(): void {
    const t = this.task;
    if (!t) return;
    const v = Atomics.load(t.ctl, 4); // (tag << 16) | next chunk, as claimChunk
    const allClaimed = (v & 0x7fff0000) !== (t.seq & 0x7fff) << 16 || (v & 0xffff) >= t.ctl[6];
    if (!allClaimed || Atomics.load(t.ctl, CTL_ACTIVE) !== 0) return;
    if (this.pending) this.settlePending();
    else this.finishTask();
  }
  startTask(kind: 2 | 3, args: readonly number[], count: number, size: number, pinEnd = 0): boolean {
    this.reapTask();
    const helper =
      this.task || (!this.helperOnly && performance.now() < this.soloUntil) ? null : this.helperThread();
    if (!helper && !this.task) this.requireHelperIfForced();
    if (!helper) return false;
    this.task = { ...helper.post(args, count, size, kind), helper, posted: performance.now() };
    if (pinEnd > 0) this.pinnedEnd = pinEnd;
    return true;
  }
  finishTask(): void {
    const t = this.task;
    if (!t) return;
    if (this.helperOnly) {
      this.task = null;
      t.helper.waitDone(t.seq);
      return;
    }
    let t1 = performance.now();
    try {
      // Runs the task here if the helper has not claimed it (descheduled or asleep).
      this.callerChunks += gemmChunks(
        this.heap(),
        this.kern,
        this.mr,
        this.nr,
        BLOCKS,
        0,
        t.ctl,
        t.seq,
        CHUNK_TASKS,
      );
      t1 = performance.now();
    } finally {
      this.task = null;
      t.helper.wait();
    }
    this.account(t.posted, t1, performance.now());
  }
  /**
   * On a busy machine the helper may be descheduled holding a chunk while this thread waits
   * (t1..t2 of work posted at t0). If that wait is a large share three times running, compute
   * alone for a while, then try the helper again.
   */
  private account(t0: number, t1: number, t2: number): void {
    if (t2 - t1 > HELPER_MAX_WAIT * (t2 - t0) && t2 - t1 > HELPER_MIN_STRIKE_MS) {
      if (++this.strikes >= 3) {
        this.strikes = 0;
        this.soloUntil = t2 + HELPER_BACKOFF_MS;
      }
    } else this.strikes = 0;
  }
  update(
    h: Float64Array,
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    add: boolean,
  ): void {
    const large = 2 * m * n * k >= PARALLEL_MIN_FLOPS;
    if (large) this.reapTask();
    const helper =
      large && !this.task && (this.helperOnly || performance.now() >= this.soloUntil)
        ? this.helperThread()
        : null;
    if (!helper) {
      if (large && !this.task) this.requireHelperIfForced();
      gemmBlocked(h, this.kern, this.mr, this.nr, BLOCKS, 0, m, n, k, a, lda, b, ldb, c, ldc, add);
      return;
    }
    // Chunks along the longer of m, n (tile-aligned), claimed dynamically by both threads.
    const byCols = n >= m;
    const dim = byCols ? n : m;
    const tile = byCols ? this.nr : this.mr;
    const size = Math.max(PARALLEL_MIN_CHUNK, Math.ceil(dim / PARALLEL_CHUNKS / tile) * tile);
    const { ctl, seq } = helper.post(
      [m, n, k, a, lda, b, ldb, c, ldc, add ? 1 : 0],
      Math.ceil(dim / size),
      size,
      byCols ? 1 : 0,
    );
    if (this.helperOnly) {
      helper.waitDone(seq);
      return;
    }
    const t0 = performance.now();
    let t1 = t0;
    try {
      this.callerChunks += gemmChunks(h, this.kern, this.mr, this.nr, BLOCKS, 0, ctl, seq, CHUNK_TASKS);
      t1 = performance.now();
    } finally {
      helper.wait();
    }
    this.account(t0, t1, performance.now());
  }
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(s, 'base64'));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The host's `process` as far as this module uses it; undefined outside Node (e.g. a browser). */
const hostProcess = (
  globalThis as {
    process?: { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown };
  }
).process;

/** A Node built-in module without a static import (the kernels also load where there is none). */
function nodeBuiltin<T>(id: string): T | undefined {
  try {
    return hostProcess?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

/**
 * Node 20's V8 (11.3) implements relaxed SIMD behind a flag (on by default from V8 11.4 / Node 22);
 * the flag only admits the extra opcodes, so setting it before compiling is safe.
 */
function enableRelaxedSimd(): void {
  try {
    nodeBuiltin<{ setFlagsFromString(f: string): void }>('node:v8')?.setFlagsFromString(
      '--experimental-wasm-relaxed-simd',
    );
  } catch {
    // Not Node (or flag unknown): the FMA kernel simply stays unavailable.
  }
}

const PAGES_INITIAL = 256;
const PAGES_MAX = 65536;

function loadWasm(name: 'wasm' | 'wasm-fma'): WasmEngine | null {
  try {
    if (typeof WebAssembly === 'undefined') return null;
    const v = name === 'wasm-fma' ? GEMM_FMA : GEMM_SIMD;
    let shared = typeof SharedArrayBuffer !== 'undefined';
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: PAGES_INITIAL, maximum: PAGES_MAX, shared });
    } catch {
      shared = false;
      memory = new WebAssembly.Memory({ initial: PAGES_INITIAL, maximum: PAGES_MAX });
    }
    const bytes = decodeBase64(shared ? v.shared : v.plain);
    if (!WebAssembly.validate(bytes)) {
      if (name !== 'wasm-fma') return null;
      enableRelaxedSimd();
      if (!WebAssembly.validate(bytes)) return null;
    }
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const e = new WasmEngine(name, v.mr, v.nr, memory, bytes, shared, inst.exports as unknown as WasmExports);
    e.threads = defaultThreads;
    e.helperOnly = helperOnlyMode;
    return e;
  } catch {
    return null;
  }
}

const engines = new Map<KernelName, GemmEngine | null>();
let preferred: KernelName = 'wasm-fma';
/**
 * Default threads: 2 (caller + helper) on the main thread of a machine with ≥ 2 logical CPUs, 1 in
 * worker threads (e.g. the explorer's scenario pool, which already keeps every core busy).
 * Measured on this 2-core VM (n = 1302 LU): idle, 2 threads ran 1.5× faster than 1; when the other
 * core is busy the helper backs off by itself (see `update`). VCHAIN_THREADS=1|2 overrides.
 */
let defaultThreads: 1 | 2 = initialThreads();
/** setLinalgHelperOnly, for engines loaded later. */
let helperOnlyMode = false;

function initialThreads(): 1 | 2 {
  const env = hostProcess?.env?.VCHAIN_THREADS;
  if (env === '1' || env === '2') return Number(env) as 1 | 2;
  const isMain = nodeBuiltin<{ isMainThread?: boolean }>('node:worker_threads')?.isMainThread !== false;
  const cpus = nodeBuiltin<{ availableParallelism?(): number }>('node:os')?.availableParallelism?.() ?? 1;
  return isMain && cpus >= 2 ? 2 : 1;
}

function engineFor(name: KernelName): GemmEngine | null {
  if (!engines.has(name)) engines.set(name, name === 'js' ? new JsEngine() : loadWasm(name));
  return engines.get(name)!;
}

/** Selects the kernel used by LU, solves and matMul (falls back wasm-fma → wasm → js where unsupported). */
export function setLinalgKernel(name: KernelName): void {
  preferred = name;
}

/**
 * Threads for large GEMM updates in the wasm kernels: 1 (calling thread only) or 2 (one helper
 * worker thread over shared memory; Node only). Default 2 on a main thread with ≥ 2 logical CPUs, else 1.
 */
export function setLinalgThreads(threads: 1 | 2): void {
  defaultThreads = threads;
  for (const e of engines.values())
    if (e instanceof WasmEngine) {
      e.threads = threads;
      if (threads === 1) e.stopHelper();
    }
}

/** Threads the engine in force has actually used for large updates so far (2 once the helper runs). */
export function linalgThreadsInUse(): number {
  const e = gemmEngine();
  return e instanceof WasmEngine && e.helperRunning() ? 2 : 1;
}

/**
 * Loads the kernel in force and, when 2 threads are in force, starts its helper thread in the
 * background (~50 ms to boot), so a caller about to factorise can overlap that with its own
 * preparation (reading files, validation). Idempotent and cheap after the first call.
 */
export function prepareLinalg(): void {
  const e = gemmEngine();
  if (e instanceof WasmEngine) e.warmHelper();
}

/**
 * Blocks until the helper thread of the engine in force is ready (it starts in the background and
 * large updates run single-threaded until then); for benchmarks and tests that need both threads
 * from the first update. Returns whether two threads are now in use.
 */
export function waitForLinalgHelper(timeoutMs = 20_000): boolean {
  const e = gemmEngine();
  return e instanceof WasmEngine && e.waitForHelper(timeoutMs);
}

/**
 * Test hook: with `on`, every update and task that two threads would share runs on the helper
 * alone while the caller waits, so tests can check the helper's results and hand-off
 * deterministically; normally the caller takes whatever the helper has not claimed, and how much
 * that is depends on how busy the machine is (the helper backs off when its core is taken).
 */
export function setLinalgHelperOnly(on: boolean): void {
  helperOnlyMode = on;
  for (const e of engines.values()) if (e instanceof WasmEngine) e.helperOnly = on;
}

/** Chunks of two-thread updates run so far by the calling thread and by the helper (diagnostics). */
export function linalgChunkCounts(): { caller: number; helper: number } {
  const e = gemmEngine();
  return e instanceof WasmEngine ? e.chunkCounts() : { caller: 0, helper: 0 };
}

/**
 * The kernel dense linear algebra runs on in this process and its configured threads (2: large
 * updates are shared with the helper once it has booted), or null if none has run yet (for run
 * manifests; loads nothing).
 */
export function linalgUsed(): { kernel: KernelName; threads: number } | null {
  // The engine gemmEngine() would pick, without loading any: a kernel not yet tried means none ran.
  const order: KernelName[] = ['wasm-fma', 'wasm', 'js'];
  for (const name of order.slice(order.indexOf(preferred))) {
    if (!engines.has(name)) return null;
    const e = engines.get(name);
    if (e) return { kernel: e.name, threads: e instanceof WasmEngine && e.shared ? e.threads : 1 };
  }
  return null;
}

/** Whether the named kernel loads on this runtime. */
export function linalgKernelAvailable(name: KernelName): boolean {
  return engineFor(name) !== null;
}

/** The engine in force: the preferred one if it loads, else the next in wasm-fma → wasm → js. */
export function gemmEngine(): GemmEngine {
  const order: KernelName[] = ['wasm-fma', 'wasm', 'js'];
  for (const name of order.slice(order.indexOf(preferred))) {
    const e = engineFor(name);
    if (e) return e;
  }
  throw new Error('unreachable: the JS kernel always loads');
}

/**
 * C[m×n] -= A[m×k]·B[k×n] (or += when `add`), all blocks inside the engine heap `h`
 * (offsets and leading dimensions in doubles). `h` must be `e.heap()` after the last `reserve`.
 */
export function gemmUpdate(
  e: GemmEngine,
  h: Float64Array,
  m: number,
  n: number,
  k: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  add = false,
): void {
  if (m <= 0 || n <= 0 || k <= 0) return;
  e.update(h, m, n, k, a, lda, b, ldb, c, ldc, add);
}
