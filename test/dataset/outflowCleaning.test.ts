import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanOutflows,
  reconcileInflows,
  removeReExports,
  removeReflows,
} from '../../src/dataset/outflowCleaning.ts';
import { readProvincialTables, totalUseAsPublished } from '../../src/dataset/provincialTables.ts';

const f64 = (...v: number[]) => new Float64Array(v);
const label = (k: number) => `cell ${k}`;

describe('step 1: re-exports', () => {
  it('removes r = EX + OF − GO from EX:OF and IM:IF in proportion (hand-computed)', () => {
    // cell 0: GO 100, EX 30, OF 90 → r = 20; EX 30 − 20·30/120 = 25, OF 90 − 20·90/120 = 75;
    //         IM 20, IF 60 → IM 20 − 20·20/80 = 15, IF 60 − 20·60/80 = 45; local supply 0.
    // cell 1: GO 100, EX 10, OF 20 → no re-export, local supply 70.
    const r = removeReExports(
      { GO: f64(100, 100), EX: f64(30, 10), OF: f64(90, 20), IM: f64(20, 5), IF: f64(60, 5), use: f64(0, 0) },
      label,
    );
    expect(Array.from(r.reExport)).toEqual([20, 0]);
    expect(Array.from(r.EX)).toEqual([25, 10]);
    expect(Array.from(r.OF)).toEqual([75, 20]);
    expect(Array.from(r.IM)).toEqual([15, 5]);
    expect(Array.from(r.IF)).toEqual([45, 5]);
    expect(Array.from(r.local)).toEqual([0, 70]);
  });
  it('refuses a re-export larger than imports and inflows together', () => {
    expect(() =>
      removeReExports({ GO: f64(10), EX: f64(10), OF: f64(10), IM: f64(3), IF: f64(4), use: f64(0) }, label),
    ).toThrow(/cell 0: re-export 10 exceeds imports \+ inflows 7/);
  });
});

describe('step 4: re-flows', () => {
  it('removes (FM + PM)·OF with FM = IM/(use + OF), PM = IF/(use + OF) (hand-computed)', () => {
    // cell 0: use 100, OF 50, IM 15, IF 45: FM 0.1, PM 0.3 → re-flow 20: OF 30, IF 25.
    // cell 1: use 10, OF 10, IM 10, IF 15: FM 0.5, PM 0.75 → PM cut to 0.5 → re-flow 10: OF 0, IF 5.
    // cell 2: use 10, OF 10, IM 30, IF 5: FM 1.5, PM 0.25 → PM 0, FM 1 → re-flow 10 > IF 5: unchanged.
    const r = removeReflows(f64(100, 10, 10), f64(50, 10, 10), f64(15, 10, 30), f64(45, 15, 5));
    expect(Array.from(r.reflow)).toEqual([20, 10, 0]);
    expect(Array.from(r.OF)).toEqual([30, 0, 10]);
    expect(Array.from(r.IF)).toEqual([25, 5, 5]);
    expect(r.skipped).toBe(1);
  });
});

describe('step 5: reconciliation', () => {
  it('scales each sector’s inflows to the sector’s total outflow', () => {
    // 2 provinces × 2 sectors, region-major. Sector 0: Σ OF 30, Σ IF 60 → factor 0.5; sector 1: 10 / 5 → 2.
    const r = reconcileInflows(f64(10, 4, 20, 6), f64(40, 1, 20, 4), 2, 2, (i) => `sector ${i}`);
    expect(Array.from(r.scale)).toEqual([0.5, 2]);
    expect(Array.from(r.IF)).toEqual([20, 2, 10, 8]);
    expect(() => reconcileInflows(f64(1), f64(0), 1, 1, (i) => `sector ${i}`)).toThrow(
      /sector 0: outflows 1/,
    );
  });
});

describe('cleanOutflows on random consistent tables (property)', () => {
  const cell = fc
    .record({
      GO: fc.double({ min: 0, max: 1e6, noNaN: true }),
      ex: fc.double({ min: 0, max: 1, noNaN: true }),
      of: fc.double({ min: 0, max: 1.5, noNaN: true }),
      IM: fc.double({ min: 0, max: 1e6, noNaN: true }),
      IF: fc.double({ min: 1, max: 1e6, noNaN: true }),
    })
    .map(({ GO, ex, of, IM, IF }) => {
      // EX + OF may exceed GO (re-exports), but never by more than IM + IF.
      const EX = GO * ex * 0.5;
      const OF = Math.min(GO * of, (GO - EX + IM + IF) * (1 - 1e-9));
      return { GO, EX, OF, IM, IF, use: GO - EX - OF + IM + IF };
    });
  it('keeps every cell’s identity, non-negativity, and balances Σ OF = Σ IF per sector', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 6, maxLength: 6 }), (cells) => {
        const G = 3;
        const N = 2;
        const m = {
          GO: Float64Array.from(cells, (c) => c.GO),
          EX: Float64Array.from(cells, (c) => c.EX),
          OF: Float64Array.from(cells, (c) => c.OF),
          IM: Float64Array.from(cells, (c) => c.IM),
          IF: Float64Array.from(cells, (c) => c.IF),
          use: Float64Array.from(cells, (c) => c.use),
        };
        const c = cleanOutflows(m, G, N, label, (i) => `sector ${i}`);
        for (let k = 0; k < G * N; k++) {
          const scale = Math.max(1, m.GO[k], m.IM[k] + m.IF[k]);
          // supply side: GO = L + EX + OF; use side: T' = L + IM + IF
          expect(Math.abs(c.localSupply[k] + c.EX[k] + c.OF[k] - m.GO[k])).toBeLessThan(1e-9 * scale);
          expect(c.totalUse[k]).toBe(c.localSupply[k] + c.IM[k] + c.IF[k]);
          for (const v of [c.localSupply[k], c.EX[k], c.OF[k], c.IM[k], c.IF[k]])
            expect(v).toBeGreaterThanOrEqual(-1e-9 * scale);
          expect(c.OF[k]).toBeLessThanOrEqual(m.OF[k]);
        }
        for (let i = 0; i < N; i++) {
          let so = 0;
          let si = 0;
          for (let r = 0; r < G; r++) {
            so += c.OF[r * N + i];
            si += c.IF[r * N + i];
          }
          expect(Math.abs(so - si)).toBeLessThanOrEqual(1e-12 * Math.max(so, 1));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('cleaning the 31 provincial tables of 2017', () => {
  const t = readProvincialTables(join(import.meta.dirname, '..', '..', 'data', 'sources'));
  const G = t.provinces.length;
  const N = t.sectorCodes.length;
  const c = cleanOutflows(
    { GO: t.GO, EX: t.EX, OF: t.OF, IM: t.IM, IF: t.IF, use: totalUseAsPublished(t) },
    G,
    N,
    label,
    (i) => `sector ${i}`,
  );
  const trillion = (v: Float64Array) => v.reduce((s, a) => s + a, 0) / 1e8;
  it('reproduces the published figures: Σ OF 72.0 → 61.6 → 47.5, Σ IF 78.9 → 69.8 → 55.7 trillion CNY', () => {
    // data/sources/PROVENANCE.md, china-provincial-io-2017 (steps 1 and 4 of the CEADs-style procedure)
    expect(trillion(t.OF)).toBeCloseTo(72.0, 1);
    expect(trillion(c.afterReExports.OF)).toBeCloseTo(61.6, 1);
    expect(trillion(c.afterReflows.OF)).toBeCloseTo(47.5, 1);
    expect(trillion(t.IF)).toBeCloseTo(78.9, 1);
    expect(trillion(c.afterReExports.IF)).toBeCloseTo(69.8, 1);
    expect(trillion(c.afterReflows.IF)).toBeCloseTo(55.7, 1);
    // reconciled: one national total per sector, the cleaned outflows
    expect(trillion(c.IF)).toBeCloseTo(trillion(c.OF), 9);
  });
  it('reproduces Chongqing’s OF/GO 1.38 → 0.51 → 0.32', () => {
    const r = t.provinces.indexOf('Chongqing');
    const share = (v: Float64Array) => {
      let a = 0;
      let b = 0;
      for (let i = 0; i < N; i++) {
        a += v[r * N + i];
        b += t.GO[r * N + i];
      }
      return a / b;
    };
    expect(share(t.OF)).toBeCloseTo(1.38, 2);
    expect(share(c.afterReExports.OF)).toBeCloseTo(0.51, 2);
    expect(share(c.afterReflows.OF)).toBeCloseTo(0.32, 2);
  });
});
