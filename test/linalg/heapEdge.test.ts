// Regression: the first solve in a fresh process sized the wasm heap exactly, and the packing
// routines' f64x2 reads ran past its end (memory access out of bounds at n = 1302, k = 129).
// This file runs in its own process (vitest forks pool), so the heap starts small here.
import { describe, expect, it } from 'vitest';
import { setLinalgKernel } from '../../src/linalg/gemm.ts';
import { luFactor, luSolveTransposed } from '../../src/linalg/lu.ts';

describe('wasm heap edge', () => {
  it('solves 129 row vectors at n = 1302 in a fresh heap, bit-identical to the JS kernel', () => {
    const n = 1302;
    const k = 129;
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const a = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) a[i] = -rnd() / n;
    for (let i = 0; i < n; i++) a[i * n + i] += 1;
    const b = new Float64Array(k * n);
    for (let i = 0; i < k * n; i++) b[i] = rnd();
    const out: Float64Array[] = [];
    for (const kernel of ['wasm', 'js'] as const) {
      setLinalgKernel(kernel);
      const f = luFactor({ rows: n, cols: n, data: a });
      out.push(luSolveTransposed(f, { rows: k, cols: n, data: b }).data);
    }
    expect(out[0]).toEqual(out[1]);
  });
});
