import { afterAll, describe, expect, it } from 'vitest';
import {
  type KernelName,
  linalgKernelAvailable,
  linalgThreadsInUse,
  setLinalgKernel,
  setLinalgThreads,
  waitForLinalgHelper,
} from '../../src/linalg/gemm.ts';
import { inverse } from '../../src/linalg/inverse.ts';
import { NonFiniteError, SingularMatrixError } from '../../src/linalg/lu.ts';
import { fromRows, identity, zeros } from '../../src/linalg/matrix.ts';
import { blockDiagonalProducts, matMul, matVec, vecMat } from '../../src/linalg/products.ts';
import { leontiefLike, maxAbsDiff, naiveMul, randomMatrix } from './reference.ts';

const kernels = (['js', 'wasm', 'wasm-fma'] as KernelName[]).filter(linalgKernelAvailable);
afterAll(() => setLinalgKernel('wasm-fma'));

describe.each(kernels)('matMul with the %s kernel', (kernel) => {
  it.each([
    [1, 1, 1],
    [2, 3, 4],
    [7, 5, 3],
    [63, 64, 65],
    [130, 257, 33],
    [9, 260, 1030], // crosses KC = 256 and NC = 512/1024
  ])('%i×%i · %i-column matrix matches the triple loop', (m, k, n) => {
    setLinalgKernel(kernel);
    const a = randomMatrix(m, k, m * 7 + k);
    const b = randomMatrix(k, n, n * 11 + k);
    const c = matMul(a, b);
    expect([c.rows, c.cols]).toEqual([m, n]);
    expect(maxAbsDiff(c.data, naiveMul(a, b).data)).toBeLessThan(1e-13 * k);
  });
});

describe.each(kernels)('blockDiagonalProducts with the %s kernel', (kernel) => {
  it.each([
    [3, 2, 4, 5], // small: plain loops
    [40, 31, 42, 31], // as FE by origin for 31 × 42 (kernel heap, one GEMM per block)
  ])('m = %i, G = %i blocks of %i, p = %i: each block product as the triple loop', (m, G, w, p) => {
    setLinalgKernel(kernel);
    const a = randomMatrix(m, G * w, m + G);
    const b = randomMatrix(G * w, p, w + p);
    const out = blockDiagonalProducts(a, b, w);
    expect(out.length).toBe(G * m * p);
    for (const s of [0, Math.floor(G / 2), G - 1]) {
      const as = zeros(m, w);
      const bs = zeros(w, p);
      for (let i = 0; i < m; i++)
        for (let q = 0; q < w; q++) as.data[i * w + q] = a.data[i * G * w + s * w + q];
      for (let q = 0; q < w; q++)
        for (let j = 0; j < p; j++) bs.data[q * p + j] = b.data[(s * w + q) * p + j];
      expect(maxAbsDiff(out.subarray(s * m * p, (s + 1) * m * p), naiveMul(as, bs).data)).toBeLessThan(
        1e-13 * w,
      );
    }
  });

  it('rejects widths that do not split the inner dimension', () => {
    setLinalgKernel(kernel);
    expect(() => blockDiagonalProducts(zeros(2, 6), zeros(6, 2), 4)).toThrow(/blocks of 4/);
  });
});

describe('matMul kernels agree', () => {
  it('wasm (mul+add) equals JS bit for bit', () => {
    if (!linalgKernelAvailable('wasm')) return;
    const a = randomMatrix(97, 301, 1);
    const b = randomMatrix(301, 45, 2);
    setLinalgKernel('js');
    const cj = matMul(a, b);
    setLinalgKernel('wasm');
    expect(maxAbsDiff(matMul(a, b).data, cj.data)).toBe(0);
  });
  it('two threads (column chunks for a wide product, row chunks for a tall one) change no bit', () => {
    if (!linalgKernelAvailable('wasm-fma')) return;
    setLinalgKernel('wasm-fma');
    for (const [m, k, n] of [
      [70, 150, 530],
      [530, 150, 70],
    ]) {
      const a = randomMatrix(m, k, m + 3);
      const b = randomMatrix(k, n, n + 5);
      setLinalgThreads(1);
      const c1 = matMul(a, b);
      setLinalgThreads(2);
      expect(waitForLinalgHelper()).toBe(true);
      const c2 = matMul(a, b);
      expect(linalgThreadsInUse()).toBe(2);
      expect(maxAbsDiff(c2.data, c1.data)).toBe(0);
      expect(maxAbsDiff(c1.data, naiveMul(a, b).data)).toBeLessThan(1e-13 * k);
    }
    setLinalgThreads(1);
  });
  it('rejects mismatched shapes', () => {
    expect(() => matMul(zeros(2, 3), zeros(2, 3))).toThrow(/inner dimensions/);
  });
});

describe('matrix–vector products', () => {
  it('A·x and x·A match the triple loop (including a non-multiple-of-4 row count)', () => {
    const a = randomMatrix(43, 29, 9);
    const x = randomMatrix(29, 1, 10).data;
    const y = randomMatrix(1, 43, 11).data;
    expect(maxAbsDiff(matVec(a, x), naiveMul(a, { rows: 29, cols: 1, data: x }).data)).toBeLessThan(1e-14);
    expect(maxAbsDiff(vecMat(y, a), naiveMul({ rows: 1, cols: 43, data: y }, a).data)).toBeLessThan(1e-14);
    expect(() => matVec(a, y)).toThrow(/expected 29/);
    expect(() => vecMat(x, a)).toThrow(/expected 43/);
  });
  it('hand-checked 2×3 case', () => {
    const a = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(matVec(a, Float64Array.of(1, 0, -1)))).toEqual([-2, -2]);
    expect(Array.from(vecMat(Float64Array.of(1, -1), a))).toEqual([-3, -3, -3]);
  });
});

describe('small dense inverse', () => {
  it('2×2 closed form', () => {
    const inv = inverse(
      fromRows([
        [4, 7],
        [2, 6],
      ]),
    );
    // 1/(24 − 14) · [6 −7; −2 4]
    expect(Array.from(inv.data)).toEqual([0.6, -0.7, -0.2, 0.4].map((v) => expect.closeTo(v, 14)));
  });
  it('N = 42 local Leontief block: M·M⁻¹ = I and M⁻¹ ≥ 0 (Leontief inverse is non-negative)', () => {
    const m = leontiefLike(42, 42);
    const inv = inverse(m);
    expect(maxAbsDiff(naiveMul(m, inv).data, identity(42).data)).toBeLessThan(1e-14);
    expect(maxAbsDiff(naiveMul(inv, m).data, identity(42).data)).toBeLessThan(1e-14);
    expect(Math.min(...inv.data)).toBeGreaterThanOrEqual(0);
  });
  it('errors carry the index', () => {
    const m = leontiefLike(42, 1);
    for (let i = 0; i < 42; i++) m.data[i * 42 + 17] = 0;
    expect(() => inverse(m)).toThrow(SingularMatrixError);
    m.data[3 * 42 + 5] = Number.NaN;
    expect(() => inverse(m)).toThrow(NonFiniteError);
  });
});
