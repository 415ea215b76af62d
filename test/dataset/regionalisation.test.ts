import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rasBalance } from '../../src/dataset/balance.ts';
import { pearson, ranks, spearman } from '../../src/dataset/checks.ts';
import {
  categoriesOf,
  expandRegionalisedTable,
  type RegionalisedTable,
} from '../../src/dataset/regionalTable.ts';
import { gravityTrade, regionDistances } from '../../src/dataset/tradeModel.ts';
import { encodeRegionalisedDataset, readDataset } from '../../src/io/datasetStore.ts';
import { InputError } from '../../src/io/inputError.ts';

describe('rasBalance', () => {
  it('hits row and column targets and equals the analytic 2×2 solution', () => {
    // For a 2×2 start [[1,1],[1,1]] with rows (3,1), cols (2,2) the RAS limit is the
    // biproportional fit m = [[a, 3−a],[2−a, a−1]] with a(a−1) = (3−a)(2−a) → a = 1.5.
    const r = rasBalance(
      new Float64Array([1, 1, 1, 1]),
      2,
      2,
      new Float64Array([3, 1]),
      new Float64Array([2, 2]),
    );
    expect(Array.from(r.values)).toEqual([1.5, 1.5, 0.5, 0.5].map((v) => expect.closeTo(v, 12)));
    expect(r.maxRelError).toBeLessThan(1e-13);
  });
  it('keeps the cross-product ratios of the start matrix (biproportional form)', () => {
    const start = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = rasBalance(start, 3, 3, new Float64Array([10, 20, 30]), new Float64Array([25, 15, 20]));
    const m = r.values;
    const odds = (a: Float64Array) => (a[0] * a[4]) / (a[1] * a[3]);
    expect(odds(m)).toBeCloseTo(odds(start), 10);
    for (let i = 0; i < 3; i++)
      expect(m[i * 3] + m[i * 3 + 1] + m[i * 3 + 2]).toBeCloseTo([10, 20, 30][i], 10);
  });
});

describe('gravityTrade', () => {
  it('gives sourcing shares whose flows meet supply and demand pools', () => {
    const G = 3;
    const N = 2;
    const d = regionDistances([110, 115, 120], [30, 35, 30], [1e5, 2e5, 5e4]);
    expect(d[1]).toBeGreaterThan(500); // great circle 110E,30N → 115E,35N ≈ 720 km
    expect(d[1]).toBeLessThan(800);
    const supply = new Float64Array([10, 1, 20, 2, 30, 3]);
    const demand = new Float64Array([25, 2, 25, 2, 10, 2]);
    const t = gravityTrade(supply, demand, G, N, d, (s, r) => s + r === 1, {
      decay: new Float64Array([1, 2]),
      contiguityBonus: 0.5,
      homeBias: 3,
    });
    for (let i = 0; i < N; i++) {
      for (let r = 0; r < G; r++) {
        let c = 0;
        for (let s = 0; s < G; s++) c += t.share[(i * G + s) * G + r];
        expect(c).toBeCloseTo(1, 14);
      }
      for (let s = 0; s < G; s++) {
        let row = 0;
        for (let r = 0; r < G; r++) row += t.share[(i * G + s) * G + r] * demand[r * N + i];
        expect(row).toBeCloseTo(supply[s * N + i], 9);
      }
    }
  });
});

describe('correlation helpers', () => {
  it('agree with hand-computed values', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 14);
    expect(ranks([10, 30, 20, 20])).toEqual([1, 4, 2.5, 2.5]);
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 14);
  });
});

function tinyTable(): RegionalisedTable {
  // 2 regions × 2 sectors, hand-made; one pooled and one own category.
  return {
    regions: ['R1', 'R2'],
    sectors: ['a', 'b'],
    monetaryUnit: 'u',
    x0: new Float64Array([100, 50, 80, 40]),
    A: { rows: 2, cols: 2, data: new Float64Array([0.1, 0.2, 0.3, 0.1]) },
    share: new Float64Array([0.8, 0.4, 0.2, 0.6, 1, 0.5, 0, 0.5]),
    pooledCategories: ['hh'],
    pooledDemand: new Float64Array([10, 5, 8, 4]),
    ownCategories: ['export'],
    ownDemand: new Float64Array([3, 0, 1, 2]),
    primaryCoefficients: [{ name: 'va', values: new Float64Array([0.6, 0.7]) }],
  };
}

describe('factored table and store', () => {
  it('expands Z and Y from the factors as documented', () => {
    const t = tinyTable();
    const { Z, Y } = expandRegionalisedTable(t);
    // Z[(s=1,i=0),(r=0,j=1)] = share[0][1][0] · A[0][1] · x0[0,1] = 0.2 · 0.2 · 50
    expect(Z.data[2 * 4 + 1]).toBeCloseTo(2, 14);
    // Y[(s=0,i=1),(r=1,hh)] = share[1][0][1] · pooled[1,1] = 0.5 · 4; own export sits in the own column
    expect(Y.data[1 * 4 + 2]).toBeCloseTo(2, 14);
    expect(Y.data[3 * 4 + 3]).toBe(2);
    expect(Y.data[3 * 4 + 1]).toBe(0);
    expect(categoriesOf(t)).toEqual(['hh', 'export']);
  });
  it('round-trips through the stored form losslessly and rejects a corrupted file', () => {
    const t = tinyTable();
    const files = encodeRegionalisedDataset({
      provenance: { id: 't', title: 't', isDemonstration: true, note: 'n', sources: [] },
      table: t,
      satellites: [
        {
          name: 'SO2',
          unit: 't',
          kind: 'emission',
          precursor: 'SO2',
          values: new Float64Array([1, 2, 3, 4]),
          direct: new Float64Array([5, 6]),
        },
      ],
      population: new Float64Array([7, 8]),
      regionInfo: [{ name: 'R1' }, { name: 'R2' }],
      zones: ['Z', 'Z'],
      sectorRoleClass: ['resource_energy', 'other'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'vchain-ds-'));
    for (const [k, v] of files) writeFileSync(join(dir, k), v);
    const ds = readDataset(dir);
    expect(Array.from(ds.mrio.satellites[0].direct ?? [])).toEqual([5, 6]);
    expect(Array.from(ds.population.values)).toEqual([7, 8]);
    const { Z } = expandRegionalisedTable(t);
    expect(Array.from(ds.mrio.Z.data)).toEqual(Array.from(Z.data));
    expect(ds.mrio.primaryInputs?.[0].values[3]).toBeCloseTo(0.7 * 40, 12);
    const gz = readFileSync(join(dir, 'arrays.f64.gz'));
    gz[gz.length - 5] ^= 0xff;
    writeFileSync(join(dir, 'arrays.f64.gz'), gz);
    expect(() => readDataset(dir)).toThrow(InputError);
    expect(() => readDataset(join(dir, 'nope'))).toThrow(/no dataset here/);
  });
});
