/**
 * Packed, cache-blocked GEMM update C -= A·B on one Float64Array "heap" (offsets in doubles).
 * Engines share the packing and blocking and differ in the micro-kernel:
 *   'wasm-fma'  WebAssembly relaxed-SIMD f64x2 fused multiply-add 4×4 (fastest),
 *   'wasm'      WebAssembly SIMD128 f64x2 multiply then add 4×4,
 *   'js'        pure-JS 4×4 register-blocked kernel (fallback).
 * 'wasm' and 'js' accumulate Σ_p a·b in the same order with separate multiply and add, then
 * subtract once from C, so they agree bit for bit; 'wasm-fma' differs by FMA rounding only.
 * With shared wasm memory (Node worker_threads), large updates are split with one helper thread
 * that runs the same blocking code; the caller blocks (Atomics.wait), so the API stays synchronous.
 */
import { GEMM_FMA, GEMM_SIMD } from './wasm/gemmBytes.ts';

/** Blocking sizes (doubles): KC×NC packed B (1 MiB, in the 2 MiB L2 with A), MC×KC packed A (256 KiB), micro-panels in L1. */
export const GEMM_KC = 256;
export const GEMM_MC = 128;
export const GEMM_NC = 512;
/** Updates below this many flops stay on the calling thread (hand-off costs ~10–50 µs). */
const PARALLEL_MIN_FLOPS = 4e6;

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

export interface GemmEngine {
  readonly name: KernelName;
  readonly mr: number;
  readonly nr: number;
  /** First user offset (per-thread packing scratch sits before it). */
  readonly base: number;
  /** Current heap; invalidated by the next `reserve`. */
  heap(): Float64Array;
  /** Ensures the heap holds `doubles` user doubles after the scratch area; returns the heap. */
  reserve(doubles: number): Float64Array;
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
  macro: Macro,
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
      packB(h, b + pc * ldb + jc, ldb, kc, nc, nr, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(h, a + ic * lda + pc, lda, mc, kc, mr, add, pa);
        macro(mc, nc, kc, pa, pb, c + ic * ldc + jc, ldc, scratch);
      }
    }
  }
}

const BLOCKS = [GEMM_KC, GEMM_MC, GEMM_NC] as const;

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
  for (let jr = 0; jr < nc; jr += 4) {
    const nr = Math.min(4, nc - jr);
    const pbj = pb + jr * kc;
    for (let ir = 0; ir < mc; ir += 4) {
      const mr = Math.min(4, mc - ir);
      let ia = pa + ir * kc;
      let ib = pbj;
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

class JsEngine implements GemmEngine {
  readonly name = 'js' as const;
  readonly mr = 4;
  readonly nr = 4;
  readonly base = scratchSize(4, 4);
  private h = new Float64Array(this.base);
  private readonly macro: Macro = (mc, nc, kc, pa, pb, c, ldc) => jsMacro(this.h, mc, nc, kc, pa, pb, c, ldc);
  heap(): Float64Array {
    return this.h;
  }
  reserve(doubles: number): Float64Array {
    const need = this.base + doubles;
    if (this.h.length < need) {
      const h = new Float64Array(need);
      h.set(this.h.subarray(0, this.base));
      this.h = h;
    }
    return this.h;
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
    gemmBlocked(h, this.macro, 4, 4, BLOCKS, 0, m, n, k, a, lda, b, ldb, c, ldc, add);
  }
}

/** Control block layout (Int32 slots) shared with the helper thread. */
const CTL_SEQ = 0;
const CTL_DONE = 1;
const CTL_READY = 2;
const CTL_ERR = 3;
const CTL_ARGS = 4; // m n k a lda b ldb c ldc add

const WORKER_MAIN = `
const { workerData } = require('node:worker_threads');
const { memory, bytes, mr, nr, blk, scratch, ctl: ctlBuf } = workerData;
const ctl = new Int32Array(ctlBuf);
const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const macro = ex.gemm;
let seen = 0;
Atomics.store(ctl, ${CTL_READY}, 1);
Atomics.notify(ctl, ${CTL_READY});
for (;;) {
  Atomics.wait(ctl, ${CTL_SEQ}, seen);
  const s = Atomics.load(ctl, ${CTL_SEQ});
  if (s === seen) continue;
  seen = s;
  if (s < 0) break;
  try {
    const g = ctl.subarray(${CTL_ARGS});
    gemmBlocked(new Float64Array(memory.buffer), macro, mr, nr, blk, scratch,
      g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9] === 1);
    Atomics.store(ctl, ${CTL_ERR}, 0);
  } catch (e) {
    Atomics.store(ctl, ${CTL_ERR}, 1);
  }
  Atomics.store(ctl, ${CTL_DONE}, s);
  Atomics.notify(ctl, ${CTL_DONE});
}
`;

interface WasmExports {
  gemm: Macro;
}

/** One helper thread computing half of each large update in the shared heap. */
class Helper {
  private seq = 0;
  private constructor(
    private readonly ctl: Int32Array,
    private readonly worker: { terminate(): unknown; unref(): void },
  ) {}

  static start(
    memory: WebAssembly.Memory,
    bytes: Uint8Array,
    mr: number,
    nr: number,
    scratch: number,
  ): Helper | null {
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      const wt = proc?.getBuiltinModule?.('node:worker_threads') as
        | typeof import('node:worker_threads')
        | undefined;
      if (!wt) return null;
      const ctl = new Int32Array(new SharedArrayBuffer(64));
      const src = `var __name = (f) => f;\n${packA.toString()}\n${packB.toString()}\n${gemmBlocked.toString()}\n${WORKER_MAIN}`;
      const worker = new wt.Worker(src, {
        eval: true,
        workerData: { memory, bytes, mr, nr, blk: [...BLOCKS], scratch, ctl: ctl.buffer },
      });
      worker.unref();
      worker.on('error', () => {});
      // Block (bounded; startup is ~50 ms on an idle machine) until the helper has compiled the kernel.
      if (Atomics.wait(ctl, CTL_READY, 0, 20_000) === 'timed-out' && Atomics.load(ctl, CTL_READY) !== 1) {
        void worker.terminate();
        return null;
      }
      return new Helper(ctl, worker);
    } catch {
      return null;
    }
  }

  post(args: readonly number[]): number {
    for (let i = 0; i < args.length; i++) this.ctl[CTL_ARGS + i] = args[i];
    this.seq++;
    Atomics.store(this.ctl, CTL_SEQ, this.seq);
    Atomics.notify(this.ctl, CTL_SEQ);
    return this.seq;
  }

  wait(seq: number): void {
    for (;;) {
      const done = Atomics.load(this.ctl, CTL_DONE);
      if (done === seq) break;
      Atomics.wait(this.ctl, CTL_DONE, done, 60_000);
    }
    if (Atomics.load(this.ctl, CTL_ERR) !== 0) throw new Error('linalg helper thread failed in GEMM update');
  }

  stop(): void {
    Atomics.store(this.ctl, CTL_SEQ, -1);
    Atomics.notify(this.ctl, CTL_SEQ);
    void this.worker.terminate();
  }
}

class WasmEngine implements GemmEngine {
  readonly base: number;
  private readonly scratch: number;
  private h: Float64Array;
  private readonly macro: Macro;
  private helper: Helper | null | undefined;
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
    this.scratch = scratchSize(mr, nr);
    this.base = 2 * this.scratch; // second scratch area for the helper thread
    this.macro = ex.gemm;
    this.h = new Float64Array(memory.buffer);
    this.reserve(0);
  }
  heap(): Float64Array {
    if (this.h.length * 8 !== this.memory.buffer.byteLength) this.h = new Float64Array(this.memory.buffer);
    return this.h;
  }
  reserve(doubles: number): Float64Array {
    const needBytes = (this.base + doubles) * 8;
    const have = this.memory.buffer.byteLength;
    if (needBytes > have) this.memory.grow(Math.ceil((needBytes - have) / 65536));
    return this.heap();
  }
  private helperThread(): Helper | null {
    if (this.threads < 2 || !this.shared) return null;
    if (this.helper === undefined)
      this.helper = Helper.start(this.memory, this.bytes, this.mr, this.nr, this.scratch);
    return this.helper;
  }
  helperRunning(): boolean {
    return !!this.helper;
  }
  stopHelper(): void {
    this.helper?.stop();
    this.helper = undefined;
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
    const helper = 2 * m * n * k >= PARALLEL_MIN_FLOPS ? this.helperThread() : null;
    if (!helper) {
      gemmBlocked(h, this.macro, this.mr, this.nr, BLOCKS, 0, m, n, k, a, lda, b, ldb, c, ldc, add);
      return;
    }
    // Split the longer of m, n at a tile boundary; the helper takes the second part.
    const addFlag = add ? 1 : 0;
    let seq: number;
    if (n >= m) {
      const n1 = Math.ceil(n / 2 / this.nr) * this.nr;
      seq = helper.post([m, n - n1, k, a, lda, b + n1, ldb, c + n1, ldc, addFlag]);
      gemmBlocked(h, this.macro, this.mr, this.nr, BLOCKS, 0, m, n1, k, a, lda, b, ldb, c, ldc, add);
    } else {
      const m1 = Math.ceil(m / 2 / this.mr) * this.mr;
      seq = helper.post([m - m1, n, k, a + m1 * lda, lda, b, ldb, c + m1 * ldc, ldc, addFlag]);
      gemmBlocked(h, this.macro, this.mr, this.nr, BLOCKS, 0, m1, n, k, a, lda, b, ldb, c, ldc, add);
    }
    helper.wait(seq);
  }
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(s, 'base64'));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Node 20's V8 (11.3) implements relaxed SIMD behind a flag (on by default from V8 11.4 / Node 22);
 * the flag only admits the extra opcodes, so setting it before compiling is safe.
 */
function enableRelaxedSimd(): void {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const v8 = proc?.getBuiltinModule?.('node:v8') as { setFlagsFromString(f: string): void } | undefined;
    v8?.setFlagsFromString('--experimental-wasm-relaxed-simd');
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
    return e;
  } catch {
    return null;
  }
}

const engines = new Map<KernelName, GemmEngine | null>();
let preferred: KernelName = 'wasm-fma';
let defaultThreads = 2;

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
 * worker thread over shared memory; Node only). Default 2.
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
