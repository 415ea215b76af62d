import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  linalgChunkCounts,
  setLinalgHelperOnly,
  setLinalgThreads,
  waitForLinalgHelper,
} from '../../src/linalg/gemm.ts';
import type { IndicatorAccounts } from '../../src/mrio/results.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { type Brute, bruteForce } from './bruteForce.ts';
import { randomSystem } from './systems.ts';

function close(a: number, b: number, scale: number, rtol = 1e-10): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rtol * scale);
}

/** Every part, EX/FE term, FE by origin and M of one indicator against the brute force. */
function expectBruteForce(acc: IndicatorAccounts, bf: Brute, G: number, N: number): void {
  const scale = Math.max(...acc.production.map(Math.abs));
  const partsOf = [acc.intraRegional, acc.importsEmbodied, acc.finalExports, acc.intermediateExports];
  for (let s = 0; s < G; s++) {
    for (let p = 0; p < 4; p++)
      for (let i = 0; i < N; i++) close(partsOf[p][s * N + i], bf.parts[s][p][i], scale);
    for (let r = 0; r < G; r++) {
      close(acc.flows.data[s * G + r], bf.M[s][r], scale);
      for (let i = 0; i < N; i++) {
        const k = (s * G + r) * N + i;
        close(acc.exFinal[k], bf.EXfinal[s][r][i], scale);
        close(acc.exIntermediate[k], bf.EXint[s][r][i], scale);
        close(acc.feFinal[k], bf.FEfinal[s][r][i], scale);
        close(acc.feIntermediate[k], bf.FEint[s][r][i], scale);
      }
      for (let t = 0; t < G; t++) close(acc.feByOrigin[(s * G + r) * G + t], bf.FEbyOrigin[s][r][t], scale);
    }
  }
}

describe('decomposeValueChain against an explicit-inverse brute force (METHODS §2–4)', () => {
  it('matches every part, EX/FE term, FE by origin and M on random strongly coupled systems', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 4 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer(),
        (G, N, seed) => {
          const sys = randomSystem(G, N, seed, 2);
          const res = decomposeValueChain(sys.mrio);
          for (let q = 0; q < 2; q++) {
            const acc = res.indicators[q];
            expectBruteForce(acc, bruteForce(G, N, sys.z, sys.yReg, sys.x, sys.f[q]), G, N);
          }
        },
      ),
      { numRuns: 25, seed: 20171 },
    );
  });

  it('satisfies the identities to 1e-12 and the brute force shows the terms are not trivially small', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer(),
        (G, N, seed) => {
          const sys = randomSystem(G, N, seed, 3, 0.8);
          const res = decomposeValueChain(sys.mrio, { identityTolerance: 1e-12 });
          expect(res.identities.length).toBe(8 * 3);
          for (const c of res.identities) expect(c.maxRelativeResidual).toBeLessThan(1e-12);
          // Strong coupling: parts 2 and 4 carry a visible share (the wrong readings would differ).
          const acc = res.indicators[0];
          const tot = acc.production.reduce((a, b) => a + b, 0);
          expect(acc.importsEmbodied.reduce((a, b) => a + b, 0) / tot).toBeGreaterThan(1e-3);
          expect(acc.intermediateExports.reduce((a, b) => a + b, 0) / tot).toBeGreaterThan(0.05);
          // Production on a balanced table = four parts; consumption totals = production totals.
          const cons = acc.consumption.reduce((a, b) => a + b, 0);
          close(cons, tot, tot, 1e-12);
        },
      ),
      { numRuns: 30, seed: 4242 },
    );
  });

  it('the full inverse on request equals the brute-force B', () => {
    const sys = randomSystem(3, 2, 7);
    const res = decomposeValueChain(sys.mrio, { fullInverse: true });
    const bf = bruteForce(3, 2, sys.z, sys.yReg, sys.x, sys.f[0]);
    const B = res.leontiefInverse!;
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) close(B.data[i * 6 + j], bf.B[i][j], 1);
    expect(decomposeValueChain(sys.mrio).leontiefInverse).toBeUndefined();
  });
});

describe('decomposition on the blocked paths with the helper thread', () => {
  it('gives the same doubles on 1 and 2 threads (look-ahead LU, background transposed solve), as the brute force', () => {
    // n = 300 and k·G = 30 row vectors: above the unblocked sizes, so the LU posts trailing-update
    // slices and the intensity rows are solved in row slices on the helper thread.
    const sys = randomSystem(10, 30, 20261128, 3);
    setLinalgThreads(1);
    const one = decomposeValueChain(sys.mrio);
    setLinalgThreads(2);
    expect(waitForLinalgHelper()).toBe(true);
    // However the chunks fall between the threads (the helper backs off when its core is busy)…
    const two = decomposeValueChain(sys.mrio);
    // …and with every shared chunk forced onto the helper (deterministic: the caller runs none).
    const before = linalgChunkCounts();
    setLinalgHelperOnly(true);
    let helperOnly: ReturnType<typeof decomposeValueChain>;
    try {
      helperOnly = decomposeValueChain(sys.mrio);
    } finally {
      setLinalgHelperOnly(false);
    }
    const after = linalgChunkCounts();
    expect(after.helper).toBeGreaterThan(before.helper);
    expect(after.caller).toBe(before.caller);
    setLinalgThreads(1);
    const fields = [
      'production',
      'intraRegional',
      'importsEmbodied',
      'finalExports',
      'intermediateExports',
      'consumption',
      'exFinal',
      'exIntermediate',
      'feFinal',
      'feIntermediate',
      'feByOrigin',
    ] as const;
    for (const other of [two, helperOnly])
      for (let q = 0; q < 3; q++) {
        for (const field of fields)
          expect(Array.from(other.indicators[q][field])).toEqual(Array.from(one.indicators[q][field]));
        expect(Array.from(other.indicators[q].flows.data)).toEqual(Array.from(one.indicators[q].flows.data));
      }
    expect(Math.max(...two.identities.map((c) => c.maxRelativeResidual))).toBeLessThan(1e-12);
    // And the blocked paths against the explicit-inverse brute force (one indicator).
    const { G, N } = sys;
    expectBruteForce(two.indicators[1], bruteForce(G, N, sys.z, sys.yReg, sys.x, sys.f[1]), G, N);
  });
});
