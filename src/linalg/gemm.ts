/**
 * Packed, cache-blocked GEMM update C -= A·B on one Float64Array "heap" (offsets in doubles).
 * Two engines share the packing and blocking: a WebAssembly f64x2 micro-kernel (heap = wasm memory)
 * and a pure-JS 4×4 register-blocked micro-kernel (fallback). Both accumulate Σ_p a·b in the same
 * order with separate multiply and add, then subtract once from C, so they agree bit for bit.
 */
import { GEMM_FMA, GEMM_SIMD } from './wasm/gemmBytes.ts';

/** Blocking sizes (doubles): KC×NC packed B (~2 MiB, L2), MC×KC packed A, micro-panels in L1. */
export const GEMM_KC = 256;
export const GEMM_MC = 128;
export const GEMM_NC = 1024;

/**
 * 'wasm-fma': relaxed-SIMD f64x2 fused multiply-add (fastest; rounds like FMA BLAS);
 * 'wasm': SIMD128 multiply then add (bit-identical to 'js'); 'js': pure JS fallback.
 */
export type KernelName = 'wasm-fma' | 'wasm' | 'js';

export interface GemmEngine {
  readonly name: KernelName;
  readonly mr: number;
  readonly nr: number;
  /** Current heap; invalidated by the next `reserve`. */
  heap(): Float64Array;
  /** Ensures the heap holds `doubles` user doubles after the scratch area; returns the heap. */
  reserve(doubles: number): Float64Array;
  /** First user offset (the scratch area for packing sits before it). */
  readonly base: number;
  macro(h: Float64Array, mc: number, nc: number, kc: number, pa: number, pb: number, c: number, ldc: number): void;
}

// Scratch layout at the start of every heap: [tile 64][packed A][packed B].
const TMP = 0;
const PA = 64;
function packSize(mr: number, nr: number): { pb: number; base: number } {
  const aLen = (Math.ceil(GEMM_MC / mr) * mr + mr) * GEMM_KC;
  const bLen = (Math.ceil(GEMM_NC / nr) * nr + nr) * GEMM_KC;
  return { pb: PA + aLen, base: PA + aLen + bLen };
}

class JsEngine implements GemmEngine {
  readonly name = 'js' as const;
  readonly mr = 4;
  readonly nr = 4;
  readonly base = packSize(4, 4).base;
  private h = new Float64Array(this.base);
  heap(): Float64Array {
    return this.h;
  }
  reserve(doubles: number): Float64Array {
    const need = this.base + doubles;
    if (this.h.length < need) this.h = new Float64Array(need);
    return this.h;
  }
  macro(h: Float64Array, mc: number, nc: number, kc: number, pa: number, pb: number, c: number, ldc: number): void {
    for (let jr = 0; jr < nc; jr += 4) {
      const nr = Math.min(4, nc - jr);
      const pbj = pb + jr * kc;
      for (let ir = 0; ir < mc; ir += 4) {
        const mr = Math.min(4, mc - ir);
        let ia = pa + ir * kc;
        let ib = pbj;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0; p < kc; p++, ia += 4, ib += 4) {
          const b0 = h[ib], b1 = h[ib + 1], b2 = h[ib + 2], b3 = h[ib + 3];
          const a0 = h[ia], a1 = h[ia + 1], a2 = h[ia + 2], a3 = h[ia + 3];
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        const o = c + ir * ldc + jr;
        if (mr === 4 && nr === 4) {
          h[o] -= c00; h[o + 1] -= c01; h[o + 2] -= c02; h[o + 3] -= c03;
          const o1 = o + ldc;
          h[o1] -= c10; h[o1 + 1] -= c11; h[o1 + 2] -= c12; h[o1 + 3] -= c13;
          const o2 = o1 + ldc;
          h[o2] -= c20; h[o2 + 1] -= c21; h[o2 + 2] -= c22; h[o2 + 3] -= c23;
          const o3 = o2 + ldc;
          h[o3] -= c30; h[o3 + 1] -= c31; h[o3 + 2] -= c32; h[o3 + 3] -= c33;
        } else {
          const t = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
          for (let r = 0; r < mr; r++) for (let q = 0; q < nr; q++) h[o + r * ldc + q] -= t[r * 4 + q];
        }
      }
    }
  }
}

interface WasmExports {
  memory: WebAssembly.Memory;
  gemm(mc: number, nc: number, kc: number, pa: number, pb: number, c: number, ldc: number, tmp: number): void;
}

class WasmEngine implements GemmEngine {
  readonly base: number;
  private h: Float64Array;
  constructor(
    readonly name: KernelName,
    readonly mr: number,
    readonly nr: number,
    private readonly ex: WasmExports,
  ) {
    this.base = packSize(mr, nr).base;
    this.h = new Float64Array(ex.memory.buffer);
    this.reserve(0);
  }
  heap(): Float64Array {
    if (this.h.buffer !== this.ex.memory.buffer) this.h = new Float64Array(this.ex.memory.buffer);
    return this.h;
  }
  reserve(doubles: number): Float64Array {
    const needBytes = (this.base + doubles) * 8;
    const have = this.ex.memory.buffer.byteLength;
    if (needBytes > have) this.ex.memory.grow(Math.ceil((needBytes - have) / 65536));
    return this.heap();
  }
  macro(_h: Float64Array, mc: number, nc: number, kc: number, pa: number, pb: number, c: number, ldc: number): void {
    this.ex.gemm(mc, nc, kc, pa, pb, c, ldc, TMP);
  }
}

function decodeBase64(s: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(s, 'base64'));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Node 20's V8 (11.3) implements relaxed SIMD behind a flag (on by default from V8 11.4 / Node 22);
 * turning the flag on only admits the extra opcodes, so it is safe to set before compiling.
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

function loadWasm(name: 'wasm' | 'wasm-fma'): WasmEngine | null {
  try {
    if (typeof WebAssembly === 'undefined') return null;
    const v = name === 'wasm-fma' ? GEMM_FMA : GEMM_SIMD;
    const bytes = decodeBase64(v.base64);
    if (!WebAssembly.validate(bytes)) {
      if (name !== 'wasm-fma') return null;
      enableRelaxedSimd();
      if (!WebAssembly.validate(bytes)) return null;
    }
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return new WasmEngine(name, v.mr, v.nr, inst.exports as unknown as WasmExports);
  } catch {
    return null;
  }
}

const engines = new Map<KernelName, GemmEngine | null>();
let preferred: KernelName = 'wasm-fma';

function engineFor(name: KernelName): GemmEngine | null {
  if (!engines.has(name)) engines.set(name, name === 'js' ? new JsEngine() : loadWasm(name));
  return engines.get(name)!;
}

/** Selects the kernel used by LU, solves and matMul (falls back wasm-fma → wasm → js where unsupported). */
export function setLinalgKernel(name: KernelName): void {
  preferred = name;
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

/** Packs A[mc×kc] (row stride lda) into strips of mr rows, p-major, zero-padded; negated if `neg`. */
function packA(h: Float64Array, a: number, lda: number, mc: number, kc: number, mr: number, neg: boolean): void {
  let d = PA;
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

/** Packs B[kc×nc] (row stride ldb) into strips of nr columns, p-major, zero-padded. */
function packB(h: Float64Array, b: number, ldb: number, kc: number, nc: number, nr: number, pb: number): void {
  let d = pb;
  for (let j0 = 0; j0 < nc; j0 += nr) {
    const cols = Math.min(nr, nc - j0);
    if (cols === nr) {
      for (let p = 0; p < kc; p++) {
        const src = b + p * ldb + j0;
        for (let q = 0; q < nr; q++) h[d++] = h[src + q];
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = b + p * ldb + j0;
        for (let q = 0; q < nr; q++) h[d++] = q < cols ? h[src + q] : 0;
      }
    }
  }
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
  const pb = packSize(e.mr, e.nr).pb;
  for (let pc = 0; pc < k; pc += GEMM_KC) {
    const kc = Math.min(GEMM_KC, k - pc);
    for (let jc = 0; jc < n; jc += GEMM_NC) {
      const nc = Math.min(GEMM_NC, n - jc);
      packB(h, b + pc * ldb + jc, ldb, kc, nc, e.nr, pb);
      for (let ic = 0; ic < m; ic += GEMM_MC) {
        const mc = Math.min(GEMM_MC, m - ic);
        packA(h, a + ic * lda + pc, lda, mc, kc, e.mr, add);
        e.macro(h, mc, nc, kc, PA, pb, c + ic * ldc + jc, ldc);
      }
    }
  }
}
