import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  claimChunk,
  type KernelName,
  linalgChunkCounts,
  linalgKernelAvailable,
  linalgThreadsInUse,
  openUpdate,
  setLinalgHelperOnly,
  setLinalgKernel,
  setLinalgThreads,
  waitForLinalgHelper,
} from '../../src/linalg/gemm.ts';
import {
  luFactor,
  luFactorIdentityMinusScaled,
  luLogDet,
  luSolve,
  luSolveBlockDiagonal,
  luSolveTransposed,
  luSolveTransposedStart,
  NonFiniteError,
  SingularMatrixError,
} from '../../src/linalg/lu.ts';
import { fromRows, zeros } from '../../src/linalg/matrix.ts';
import { matMul } from '../../src/linalg/products.ts';
import {
  leontiefLike,
  maxAbsDiff,
  naiveMul,
  naiveSolve,
  randomMatrix,
  relResidual,
  transposeOf,
} from './reference.ts';

const kernels = (['js', 'wasm', 'wasm-fma'] as KernelName[]).filter(linalgKernelAvailable);
afterAll(() => setLinalgKernel('wasm-fma'));

/**
 * Runs `f` with every chunk that two threads would share forced onto the helper thread (the test
 * hook setLinalgHelperOnly) and checks that the helper, and only the helper, ran chunks: a
 * deterministic check of the hand-off, whatever the machine's load (in normal operation the
 * caller takes what the helper has not claimed, which on a busy machine may be everything).
 */
function onHelperOnly<T>(f: () => T): T {
  const before = linalgChunkCounts();
  setLinalgHelperOnly(true);
  let out: T;
  try {
    out = f();
  } finally {
    setLinalgHelperOnly(false);
  }
  const after = linalgChunkCounts();
  expect(after.helper).toBeGreaterThan(before.helper);
  expect(after.caller).toBe(before.caller);
  return out;
}

describe('LU reference cases', () => {
  it('solves a 3×3 system with pivoting (hand-checked)', () => {
    // y + z = 3, 2x + y = 3, 4x + 3y + 2z = 11 → (1, 1, 2)
    const a = fromRows([
      [0, 1, 1],
      [2, 1, 0],
      [4, 3, 2],
    ]);
    const f = luFactor(a);
    expect(Array.from(f.perm)).toEqual([2, 0, 1]);
    const x = luSolve(f, fromRows([[3], [3], [11]]));
    expect(Array.from(x.data)).toEqual([1, 1, 2].map((v) => expect.closeTo(v, 14)));
    // x·A = (6, 4, 3) ⇒ x = (1, 1, 1): 0+2+4, 1+1+3, 1+0+2
    const xt = luSolveTransposed(f, fromRows([[6, 5, 3]]));
    expect(Array.from(xt.data)).toEqual([1, 1, 1].map((v) => expect.closeTo(v, 14)));
  });
  it('log-determinant and sign match the 3×3 determinant', () => {
    const a = fromRows([
      [0, 1, 1],
      [2, 1, 0],
      [4, 3, 2],
    ]);
    // det = 0·(2−0) − 1·(4−0) + 1·(6−4) = −2
    const d = luLogDet(luFactor(a));
    expect(d.sign).toBe(-1);
    expect(d.logAbs).toBeCloseTo(Math.log(2), 14);
  });
});

describe.each(kernels)('LU with the %s kernel', (kernel) => {
  const use = () => setLinalgKernel(kernel);

  it.each([1, 2, 7, 48, 49, 63, 64, 65, 200])(
    'n = %i: L·U = P·A and agreement with naive elimination',
    (n) => {
      use();
      const a = randomMatrix(n, n, 1000 + n);
      const f = luFactor(a);
      // Rebuild L·U and compare row i with row perm[i] of A.
      let worst = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p <= Math.min(i, j); p++) s += (p === i ? 1 : f.lu[i * n + p]) * f.lu[p * n + j];
          worst = Math.max(worst, Math.abs(s - a.data[f.perm[i] * n + j]));
        }
      expect(worst).toBeLessThan(1e-12 * n);
      // |L| ≤ 1 (partial pivoting) and the pivot order is the textbook one.
      let maxL = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < i; j++) maxL = Math.max(maxL, Math.abs(f.lu[i * n + j]));
      expect(maxL).toBeLessThanOrEqual(1);
      const b = randomMatrix(n, 3, 7 + n);
      const ref = naiveSolve(a, b);
      expect(Array.from(f.perm)).toEqual(ref.perm);
      const x = luSolve(f, b);
      // Random dense matrices can have condition numbers ~1e4–1e5: compare relative to max|x|.
      const xs = ref.x.flat();
      expect(maxAbsDiff(x.data, xs) / Math.max(...xs.map(Math.abs))).toBeLessThan(1e-9);
    },
  );

  it.each([
    [1, 1],
    [7, 9],
    [65, 8],
    [65, 33],
    [130, 20],
    [200, 101],
  ])('n = %i, k = %i right-hand sides: small residuals, both solve directions', (n, k) => {
    use();
    const a = leontiefLike(n, 50 + n);
    const f = luFactor(a);
    const b = randomMatrix(n, k, 60 + k);
    const x = luSolve(f, b);
    expect(relResidual(a, x, b)).toBeLessThan(1e-15);
    // X·A = Bᵀ-shaped rows ⇔ Aᵀ·Xᵀ = ...: check with the transposed matrix.
    const bt = randomMatrix(k, n, 70 + k);
    const xt = luSolveTransposed(f, bt);
    expect(relResidual(transposeOf(a), transposeOf(xt), transposeOf(bt))).toBeLessThan(1e-15);
    // Same answer as factorising Aᵀ directly.
    const viaT = luSolve(luFactor(transposeOf(a)), transposeOf(bt));
    expect(maxAbsDiff(transposeOf(xt).data, viaT.data)).toBeLessThan(1e-12);
  });

  it('flags a zero column with its index (blocked path)', () => {
    use();
    const n = 65;
    const a = randomMatrix(n, n, 5);
    for (let i = 0; i < n; i++) a.data[i * n + 37] = 0;
    const err = catchError(() => luFactor(a));
    expect(err).toBeInstanceOf(SingularMatrixError);
    expect((err as SingularMatrixError).index).toBe(37);
  });

  it('flags a repeated column at the first dependent column (near-zero pivot)', () => {
    use();
    const n = 120;
    const a = leontiefLike(n, 9);
    for (let i = 0; i < n; i++) a.data[i * n + 90] = a.data[i * n + 12];
    const err = catchError(() => luFactor(a));
    expect(err).toBeInstanceOf(SingularMatrixError);
    expect((err as SingularMatrixError).index).toBe(90);
    expect(Math.abs((err as SingularMatrixError).pivot)).toBeLessThan(1e-13);
  });

  it.each([
    [Number.NaN, 5, 9],
    [Number.POSITIVE_INFINITY, 63, 0],
    [Number.NEGATIVE_INFINITY, 0, 70],
  ])('reports %s at its row and column', (v, row, col) => {
    use();
    const n = 71;
    const a = randomMatrix(n, n, 3);
    a.data[row * n + col] = v;
    const err = catchError(() => luFactor(a));
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err).toMatchObject({ row, col });
  });
});

describe('kernel agreement', () => {
  it('wasm (mul+add) and JS kernels give bit-identical factors and solves', () => {
    if (!linalgKernelAvailable('wasm')) return;
    const a = leontiefLike(150, 2);
    const b = randomMatrix(150, 40, 4);
    setLinalgKernel('js');
    const fj = luFactor(a);
    const xj = luSolve(fj, b);
    const tj = luSolveTransposed(fj, transposeOf(b));
    setLinalgKernel('wasm');
    const fw = luFactor(a);
    expect(Array.from(fw.perm)).toEqual(Array.from(fj.perm));
    expect(maxAbsDiff(fw.lu, fj.lu)).toBe(0);
    expect(maxAbsDiff(luSolve(fw, b).data, xj.data)).toBe(0);
    expect(maxAbsDiff(luSolveTransposed(fw, transposeOf(b)).data, tj.data)).toBe(0);
  });
  it('wasm-fma agrees with JS to rounding', () => {
    if (!linalgKernelAvailable('wasm-fma')) return;
    const a = leontiefLike(150, 2);
    setLinalgKernel('js');
    const fj = luFactor(a);
    setLinalgKernel('wasm-fma');
    const ff = luFactor(a);
    expect(Array.from(ff.perm)).toEqual(Array.from(fj.perm));
    expect(maxAbsDiff(ff.lu, fj.lu)).toBeLessThan(1e-13);
  });
});

describe('right-hand sides that start with zeros (skipped work in the blocked solves)', () => {
  // Block-sparse like the decomposition's: column c is zero above row first[c] (one all zero).
  const n = 200;
  const k = 24;
  const first = Array.from({ length: k }, (_, c) => (c === 5 ? n : Math.floor((c * 37) % n)));
  first[7] = n - 1;
  const a = leontiefLike(n, 11);
  const f = luFactor(a);
  const b = randomMatrix(n, k, 12);
  for (let c = 0; c < k; c++) for (let i = 0; i < first[c]; i++) b.data[i * k + c] = 0;
  const bt = transposeOf(b); // row r zero left of column first[r]
  it('luSolve: residual at rounding level and each column equals its own unblocked solve', () => {
    const x = luSolve(f, b);
    expect(relResidual(a, x, b)).toBeLessThan(1e-14);
    for (let c = 0; c < k; c++) {
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = b.data[i * k + c];
      const xc = luSolve(f, { rows: n, cols: 1, data: col }).data; // k = 1: unblocked path
      let d = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        d = Math.max(d, Math.abs(xc[i] - x.data[i * k + c]));
        m = Math.max(m, Math.abs(xc[i]));
      }
      expect(d).toBeLessThanOrEqual(1e-13 * m);
      if (c === 5) expect(m).toBe(0);
    }
  });
  it('luSolveTransposed: residual at rounding level and each row equals its own unblocked solve', () => {
    const y = luSolveTransposed(f, bt);
    expect(relResidual(transposeOf(a), transposeOf(y), transposeOf(bt))).toBeLessThan(1e-14);
    for (let r = 0; r < k; r++) {
      const row = { rows: 1, cols: n, data: bt.data.slice(r * n, r * n + n) };
      const yr = luSolveTransposed(f, row).data;
      let d = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        d = Math.max(d, Math.abs(yr[i] - y.data[r * n + i]));
        m = Math.max(m, Math.abs(yr[i]));
      }
      expect(d).toBeLessThanOrEqual(1e-13 * m);
    }
  });
  it('wasm (mul+add) and JS kernels agree bit for bit on them', () => {
    if (!linalgKernelAvailable('wasm')) return;
    setLinalgKernel('js');
    const fj = luFactor(a);
    const xj = luSolve(fj, b);
    const yj = luSolveTransposed(fj, bt);
    setLinalgKernel('wasm');
    const fw = luFactor(a);
    expect(maxAbsDiff(luSolve(fw, b).data, xj.data)).toBe(0);
    expect(maxAbsDiff(luSolveTransposed(fw, bt).data, yj.data)).toBe(0);
    setLinalgKernel('wasm-fma');
  });
});

describe('helper thread', () => {
  it('splitting large updates over two threads changes no bit', () => {
    if (!linalgKernelAvailable('wasm')) return;
    setLinalgKernel('wasm');
    const a = leontiefLike(300, 8);
    const b = randomMatrix(300, 64, 9);
    setLinalgThreads(1);
    const f1 = luFactor(a);
    const x1 = luSolve(f1, b);
    const y1 = luSolveTransposed(f1, transposeOf(b));
    setLinalgThreads(2);
    // The helper starts in the background; wait so the factorisation below really is split.
    expect(waitForLinalgHelper()).toBe(true);
    const f2 = luFactor(a);
    // Where worker_threads and SharedArrayBuffer exist (Node), the helper must have run.
    expect(linalgThreadsInUse()).toBe(2);
    expect(maxAbsDiff(f2.lu, f1.lu)).toBe(0);
    expect(maxAbsDiff(luSolve(f2, b).data, x1.data)).toBe(0);
    expect(maxAbsDiff(luSolveTransposed(f2, transposeOf(b)).data, y1.data)).toBe(0);
  });
});

describe('luSolveBlockDiagonal', () => {
  it('solves each block as luSolve does with one right-hand side, bit for bit (with row interchanges)', () => {
    const sizes = [5, 42, 48, 3];
    const blocks = sizes.map((n, s) =>
      luFactor(s % 2 ? randomMatrix(n, n, 50 + s) : leontiefLike(n, 50 + s)),
    );
    const total = sizes.reduce((a, b) => a + b, 0);
    const b = randomMatrix(total, 1, 60).data;
    const x = luSolveBlockDiagonal(blocks, b);
    let o = 0;
    for (let s = 0; s < sizes.length; s++) {
      const n = sizes[s];
      const ref = luSolve(blocks[s], { rows: n, cols: 1, data: b.slice(o, o + n) }).data;
      expect(maxAbsDiff(x.subarray(o, o + n), ref)).toBe(0);
      o += n;
    }
    expect(blocks.some((f) => f.perm.some((p, i) => p !== i))).toBe(true); // pivoting exercised
    expect(() => luSolveBlockDiagonal(blocks, b.subarray(1))).toThrow(/expected 98/);
  });
});

describe('look-ahead LU on two threads', () => {
  it('gives the factors of one thread bit for bit, with the helper taking trailing-update slices', () => {
    for (const k of kernels) {
      if (k === 'js') continue;
      setLinalgKernel(k);
      const a = leontiefLike(700, 41);
      setLinalgThreads(1);
      const f1 = luFactor(a);
      const ref = { lu: f1.lu.slice(), perm: f1.perm.slice() };
      setLinalgThreads(2);
      expect(waitForLinalgHelper()).toBe(true);
      const f2 = luFactor(a); // chunks shared as the machine's load allows
      expect(maxAbsDiff(f2.lu, ref.lu)).toBe(0);
      expect([...f2.perm]).toEqual([...ref.perm]);
      const f3 = onHelperOnly(() => luFactor(a)); // every trailing-update slice on the helper
      expect(maxAbsDiff(f3.lu, ref.lu)).toBe(0);
      expect([...f3.perm]).toEqual([...ref.perm]);
      // With row interchanges too (a general matrix, not column diagonally dominant).
      const g = randomMatrix(520, 520, 42);
      setLinalgThreads(1);
      const g1 = luFactor(g);
      const gref = { lu: g1.lu.slice(), perm: g1.perm.slice() };
      setLinalgThreads(2);
      const g2 = luFactor(g);
      expect(maxAbsDiff(g2.lu, gref.lu)).toBe(0);
      expect([...g2.perm]).toEqual([...gref.perm]);
    }
  });

  it('reports a singular panel found while the helper updates the rest, and the heap stays usable', () => {
    for (const k of kernels) {
      if (k === 'js') continue;
      setLinalgKernel(k);
      setLinalgThreads(2);
      expect(waitForLinalgHelper()).toBe(true);
      const n = 700;
      const a = leontiefLike(n, 43);
      for (let i = 0; i < n; i++) a.data[i * n + 300] = 0; // in the third panel (256..383)
      const err = catchError(() => luFactor(a));
      expect(err).toBeInstanceOf(SingularMatrixError);
      expect((err as SingularMatrixError).index).toBe(300);
      const b = leontiefLike(n, 44);
      const x = randomMatrix(n, 5, 45);
      expect(relResidual(b, luSolve(luFactor(b), x), x)).toBeLessThan(1e-13);
    }
  });
});

describe('background transposed solve (luSolveTransposedStart)', () => {
  it('equals luSolveTransposed bit for bit while the caller solves, multiplies and factorises meanwhile', () => {
    for (const k of kernels) {
      setLinalgKernel(k);
      setLinalgThreads(2);
      waitForLinalgHelper();
      const a = leontiefLike(260, 31);
      const b = randomMatrix(260, 40, 32);
      // Rows starting with zeros (as the intensity rows f_t restricted to block t) exercise the
      // start order, split into the helper's row slices.
      const bt = randomMatrix(90, 260, 33);
      for (let r = 0; r < 90; r++) bt.data.fill(0, r * 260, r * 260 + ((r * 37) % 260));
      const f = luFactor(a);
      const refY = luSolveTransposed(f, bt).data.slice();
      const refX = luSolve(f, b).data.slice();
      const pa = randomMatrix(120, 90, 34);
      const pb = randomMatrix(90, 110, 35);
      const refP = matMul(pa, pb).data.slice();

      // Every row slice on the helper (wasm kernels: the js kernel has no helper).
      if (k !== 'js') {
        const p0 = onHelperOnly(() => {
          const p = luSolveTransposedStart(f, bt);
          p.result();
          return p;
        });
        expect(maxAbsDiff(p0.result().data, refY)).toBe(0);
      }

      // Column solve and product while the row solve runs: they work above its heap area.
      const p1 = luSolveTransposedStart(f, bt);
      expect(maxAbsDiff(luSolve(f, b).data, refX)).toBe(0);
      expect(maxAbsDiff(matMul(pa, pb).data, refP)).toBe(0);
      expect(maxAbsDiff(p1.result().data, refY)).toBe(0);
      expect(maxAbsDiff(p1.result().data, refY)).toBe(0); // a second call returns the same

      // A factorisation needs the whole heap: it first completes the pending solve.
      const p2 = luSolveTransposedStart(f, bt);
      const g = luFactor(leontiefLike(200, 36));
      expect(maxAbsDiff(p2.result().data, refY)).toBe(0);
      expect(
        maxAbsDiff(
          luSolve(g, randomMatrix(200, 3, 37)).data,
          luSolve(luFactor(leontiefLike(200, 36)), randomMatrix(200, 3, 37)).data,
        ),
      ).toBe(0);

      // Two at once: the second runs on the calling thread, above the first.
      const p3 = luSolveTransposedStart(f, bt);
      const p4 = luSolveTransposedStart(f, bt);
      expect(maxAbsDiff(p4.result().data, refY)).toBe(0);
      expect(maxAbsDiff(p3.result().data, refY)).toBe(0);

      // Switching to one thread stops the helper: the pending solve completes first.
      const p5 = luSolveTransposedStart(f, bt);
      setLinalgThreads(1);
      expect(maxAbsDiff(p5.result().data, refY)).toBe(0);
      const p6 = luSolveTransposedStart(f, bt); // no helper: computed on the spot
      expect(maxAbsDiff(p6.result().data, refY)).toBe(0);
    }
  });
});

describe('property: random well-conditioned systems', () => {
  it('A·X = B and X·A = C hold to rounding for any size and right-hand-side count', () => {
    setLinalgKernel('wasm-fma');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (n, k, seed) => {
          const a = randomMatrix(n, n, seed);
          for (let i = 0; i < n; i++) a.data[i * n + i] += n; // diagonally dominant
          const f = luFactor(a);
          const b = randomMatrix(n, k, seed + 1);
          const x = luSolve(f, b);
          const c = randomMatrix(k, n, seed + 2);
          const y = luSolveTransposed(f, c);
          return (
            relResidual(a, x, b) < 1e-14 &&
            relResidual(transposeOf(a), transposeOf(y), transposeOf(c)) < 1e-14
          );
        },
      ),
      { numRuns: 60, seed: 20240601 },
    );
  });
});

it('rejects non-square input and mismatched right-hand sides', () => {
  expect(() => luFactor(zeros(2, 3))).toThrow(/square/);
  const f = luFactor(fromRows([[2]]));
  expect(() => luSolve(f, zeros(2, 1))).toThrow(/rows/);
  expect(() => luSolveTransposed(f, zeros(1, 2))).toThrow(/columns/);
});

it('reports a singular matrix (zero 2×2)', () => {
  expect(() => luFactor(zeros(2, 2))).toThrow(SingularMatrixError);
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('factors parked in the kernel heap', () => {
  it('stay exact when other factorisations, products and kernels use the heap in between', () => {
    for (const k of kernels) {
      setLinalgKernel(k);
      const a = leontiefLike(130, 21);
      const c = leontiefLike(150, 22);
      const b = randomMatrix(130, 20, 23);
      const bt = randomMatrix(20, 130, 24);
      // Reference: factors copied out straight away, solved before anything else touches the heap.
      const fa = luFactor(a);
      const ref = { lu: fa.lu.slice(), x: luSolve(fa, b).data, y: luSolveTransposed(fa, bt).data };
      const fresh = luFactor(a); // parked
      const other = luFactor(c); // evicts `fresh` (copied out) and parks itself
      const pa = randomMatrix(60, 70, 25);
      const pb = randomMatrix(70, 80, 26);
      const prod = matMul(pa, pb); // computed above the parked block, which stays
      expect(maxAbsDiff(luSolve(fresh, b).data, ref.x)).toBe(0);
      expect(maxAbsDiff(luSolveTransposed(fresh, bt).data, ref.y)).toBe(0);
      expect(maxAbsDiff(fresh.lu, ref.lu)).toBe(0);
      expect(relResidual(c, luSolve(other, randomMatrix(150, 9, 27)), randomMatrix(150, 9, 27))).toBeLessThan(
        1e-14,
      );
      expect(maxAbsDiff(prod.data, naiveMul(pa, pb).data)).toBeLessThan(1e-12);
      // Factors from another kernel's heap, solved with this one.
      const again = luFactor(a);
      setLinalgKernel(kernels[0]);
      expect(maxAbsDiff(luSolve(again, b).data, luSolve(fa, b).data)).toBeLessThan(1e-12);
      setLinalgKernel(k);
    }
    setLinalgKernel('wasm-fma');
  });
});

describe('luFactorIdentityMinusScaled (I − Z·diag(s) formed in the kernel heap)', () => {
  const build = (n: number, seed: number) => {
    const z = randomMatrix(n, n, seed);
    for (let k = 0; k < z.data.length; k++) z.data[k] = Math.abs(z.data[k]);
    const s = Float64Array.from({ length: n }, (_, j) => {
      let c = 0;
      for (let i = 0; i < n; i++) c += z.data[i * n + j];
      return j % 7 === 3 ? 0 : (0.2 + 0.6 * ((j * 0.618) % 1)) / c; // column sums of Z·diag(s) < 1; some zero columns
    });
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = -(z.data[i * n + j] * s[j]);
    for (let i = 0; i < n; i++) m[i * n + i] += 1;
    return { z, s, m: { rows: n, cols: n, data: m } };
  };
  it('gives the factors of the explicitly built matrix, bit for bit, on every kernel and size', () => {
    for (const k of kernels)
      for (const n of [30, 131]) {
        setLinalgKernel(k);
        const { z, s, m } = build(n, n + 40);
        let sums: Float64Array | undefined;
        const f = luFactorIdentityMinusScaled(z, s, (c) => {
          sums = c;
        });
        const g = luFactor(m);
        expect(maxAbsDiff(f.lu, g.lu)).toBe(0);
        expect(Array.from(f.perm)).toEqual(Array.from(g.perm));
        for (let j = 0; j < n; j++) {
          let c = 0;
          for (let i = 0; i < n; i++) c += z.data[i * n + j] * s[j];
          expect(Math.abs(sums![j] - c)).toBeLessThanOrEqual(1e-15 * Math.max(1, c));
        }
      }
    setLinalgKernel('wasm-fma');
  });
  it('keeps luFactor’s singularity threshold (scale = max |entry of I − A|, not |a_ii|)', () => {
    // a_ii = 1 − 1e-14: I − A is diag(1e-14), accepted by luFactor (scale 1e-14), so here too.
    const n = 60;
    const z = { rows: n, cols: n, data: new Float64Array(n * n) };
    for (let i = 0; i < n; i++) z.data[i * n + i] = 1 - 1e-14;
    const s = new Float64Array(n).fill(1);
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) m[i * n + i] = 1 - z.data[i * n + i];
    for (const k of kernels) {
      setLinalgKernel(k);
      expect(
        maxAbsDiff(luFactorIdentityMinusScaled(z, s).lu, luFactor({ rows: n, cols: n, data: m }).lu),
      ).toBe(0);
    }
    setLinalgKernel('wasm-fma');
  });
  it('lets its check callback compute products (above the matrix) but not factorise', () => {
    for (const k of kernels) {
      setLinalgKernel(k);
      const { z, s, m } = build(131, 9);
      const ref = luFactor(m).lu.slice();
      const f = luFactorIdentityMinusScaled(z, s, () => {
        matMul(randomMatrix(90, 90, 1), randomMatrix(90, 90, 2)); // may grow the heap
      });
      expect(maxAbsDiff(f.lu, ref)).toBe(0);
      expect(() => luFactorIdentityMinusScaled(z, s, () => luFactor(m))).toThrow(/must not factorise/);
      // The heap is usable afterwards.
      expect(maxAbsDiff(luFactorIdentityMinusScaled(z, s).lu, ref)).toBe(0);
    }
    setLinalgKernel('wasm-fma');
  });
  it('locates a non-finite coefficient and lets the check stop elimination', () => {
    for (const k of kernels) {
      setLinalgKernel(k);
      const { z, s } = build(131, 7);
      z.data[17 * 131 + 90] = Number.NaN;
      expect(catchError(() => luFactorIdentityMinusScaled(z, s))).toMatchObject({ row: 17, col: 90 });
      const ok = build(131, 8);
      expect(() =>
        luFactorIdentityMinusScaled(ok.z, ok.s, () => {
          throw new Error('column sum too large');
        }),
      ).toThrow(/column sum too large/);
    }
    setLinalgKernel('wasm-fma');
  });
});

describe('helper hand-off: chunk claims are tagged by update', () => {
  const ctl = () => new Int32Array(new SharedArrayBuffer(128));
  it('hands out each chunk of an update once, then none', () => {
    const c = ctl();
    openUpdate(c, 1, 4, () => {});
    const got = [claimChunk(c, 1), claimChunk(c, 1), claimChunk(c, 1), claimChunk(c, 1), claimChunk(c, 1)];
    expect(got).toEqual([0, 1, 2, 3, -1]);
  });
  it('a thread still on the previous update claims nothing of the next and leaves its counter alone', () => {
    const c = ctl();
    openUpdate(c, 7, 2, () => {});
    expect([claimChunk(c, 7), claimChunk(c, 7)]).toEqual([0, 1]);
    let during = 0;
    openUpdate(c, 8, 6, () => {
      during = claimChunk(c, 7) + claimChunk(c, 8) * 10; // while the arguments are written: closed to both
    });
    expect(during).toBe(-11);
    expect(claimChunk(c, 7)).toBe(-1); // stale tag after opening
    expect(Array.from({ length: 7 }, () => claimChunk(c, 8))).toEqual([0, 1, 2, 3, 4, 5, -1]);
    openUpdate(c, 8 + 0x8000, 1, () => {}); // the tag wraps after 32768 updates; 8 and 8 + 32768 share it
    expect(claimChunk(c, 8 + 0x8000)).toBe(0);
  });
});
