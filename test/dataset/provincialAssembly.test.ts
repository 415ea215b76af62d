import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSplit } from '../../src/dataset/importSplit.ts';
import { originDestinationFlows } from '../../src/dataset/originDestination.ts';
import { balanceProvincialUse } from '../../src/dataset/provincialUseBalance.ts';
import {
  expandSourcedUseTable,
  type SourcedUseTable,
  sourcedCategories,
} from '../../src/dataset/sourcedUseTable.ts';
import { encodeSourcedUseDataset, readDataset } from '../../src/io/datasetStore.ts';
import { InputError } from '../../src/io/inputError.ts';

const f64 = (...v: number[]) => new Float64Array(v);

describe('balanceProvincialUse (step 3)', () => {
  // 2 products × (2 sectors + 2 final-use categories); the second category holds one inventory
  // decrease (−1), held fixed. Row targets 20, 25 → RAS rows 21, 25 (Σ 46); intermediate inputs
  // 15, 12 (Σ 27); non-negative final-use totals 10 and 3 scaled by λ = (46 − 27)/13.
  const input = {
    N: 2,
    K: 2,
    use: f64(10, 5, 2, 8),
    finalUse: f64(4, -1, 6, 3),
    rowTargets: f64(20, 25),
    intermediateTargets: f64(15, 12),
  };
  const b = balanceProvincialUse(input, 'test');
  it('hits the row targets and the fixed intermediate inputs; λ as hand-computed', () => {
    expect(b.finalUseScale).toBeCloseTo(19 / 13, 15);
    for (let i = 0; i < 2; i++) {
      const row = b.use[i * 2] + b.use[i * 2 + 1] + b.finalUse[i * 2] + b.finalUse[i * 2 + 1];
      expect(row).toBeCloseTo(input.rowTargets[i], 11);
    }
    expect(b.use[0] + b.use[2]).toBeCloseTo(15, 12);
    expect(b.use[1] + b.use[3]).toBeCloseTo(12, 12);
    expect(b.finalUse[0] + b.finalUse[2]).toBeCloseTo((10 * 19) / 13, 12);
    expect(b.finalUse[3]).toBeCloseTo((3 * 19) / 13, 12);
    expect(b.finalUse[1]).toBe(-1);
    expect(b.maxRelError).toBeLessThanOrEqual(1e-13);
  });
  it('is biproportional: cross-product ratios of the scaled cells are kept', () => {
    const odds = (a: number, b_: number, c: number, d: number) => (a * d) / (b_ * c);
    expect(odds(b.use[0], b.use[1], b.use[2], b.use[3])).toBeCloseTo(odds(10, 5, 2, 8), 10);
    expect(odds(b.use[0], b.finalUse[0], b.use[2], b.finalUse[2])).toBeCloseTo(odds(10, 4, 2, 6), 10);
  });
  it('refuses targets no non-negative final use can meet, and a target on an empty row', () => {
    expect(() => balanceProvincialUse({ ...input, rowTargets: f64(10, 10) }, 'P')).toThrow(
      /P: cleaned total use 21 does not exceed intermediate inputs 27/,
    );
    expect(() =>
      balanceProvincialUse({ ...input, use: f64(10, 5, 0, 0), finalUse: f64(4, -1, 0, 0) }, 'P'),
    ).toThrow(/P: product 2 has target use 25 but no published use/);
  });
});

describe('importSplit (step 4)', () => {
  it('splits use into own, other-province and foreign shares that add to 1', () => {
    const s = importSplit(f64(6, 0, 0), f64(3, 0, 2), f64(1, 0, 2));
    expect(Array.from(s.own)).toEqual([0.6, 0, 0]);
    expect(Array.from(s.otherProvinces)).toEqual([0.3, 0, 0.5]);
    expect(Array.from(s.foreign)).toEqual([0.1, 0, 0.5]);
  });
});

/**
 * Brute force for 3 provinces: with a zero diagonal the flows have one degree of freedom t = T12;
 * the biproportional fit of a prior p is the t where T12·T23·T31 / (T13·T32·T21) equals the same
 * ratio of p (found here by bisection, independently of RAS).
 */
function bruteForce3(O: number[], I: number[], p: number[][]): number[][] {
  const flows = (t: number) => {
    const T12 = t;
    const T13 = O[0] - t;
    const T32 = I[1] - t;
    const T31 = O[2] - T32;
    const T21 = I[0] - T31;
    const T23 = O[1] - T21;
    return [
      [0, T12, T13],
      [T21, 0, T23],
      [T31, T32, 0],
    ];
  };
  const target = (p[0][1] * p[1][2] * p[2][0]) / (p[0][2] * p[2][1] * p[1][0]);
  const ratio = (T: number[][]) => (T[0][1] * T[1][2] * T[2][0]) / (T[0][2] * T[2][1] * T[1][0]);
  let lo = 0;
  let hi = Math.min(O[0], I[1]);
  const positive = (T: number[][]) => T.every((row, s) => row.every((v, r) => s === r || v > 0));
  while (!positive(flows(lo))) lo += (hi - lo) * 1e-9 + 1e-12;
  while (!positive(flows(hi))) hi -= (hi - lo) * 1e-9 + 1e-12;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (ratio(flows(mid)) < target) lo = mid;
    else hi = mid;
  }
  return flows((lo + hi) / 2);
}

describe('originDestinationFlows (step 5)', () => {
  const O = [10, 20, 30];
  const I = [25, 20, 15];
  // one product: outflow and inflow vectors region-major with N = 1
  const dist = f64(0, 500, 1200, 500, 0, 900, 1200, 900, 0);
  for (const beta of [0, 1.14]) {
    it(`equals the brute-force biproportional fit (β = ${beta}) and meets both margins`, () => {
      const od = originDestinationFlows(f64(...O), f64(...I), 3, 1, dist, [beta], () => 'p');
      const p = [0, 1, 2].map((s) =>
        [0, 1, 2].map((r) => (s === r ? 0 : beta === 0 ? 1 : dist[s * 3 + r] ** -beta)),
      );
      const bf = bruteForce3(O, I, p);
      for (let s = 0; s < 3; s++) {
        expect(od.flows[s * 3 + s]).toBe(0);
        let row = 0;
        let col = 0;
        for (let r = 0; r < 3; r++) {
          row += od.flows[s * 3 + r];
          col += od.flows[r * 3 + s];
          if (r !== s) expect(od.flows[s * 3 + r]).toBeCloseTo(bf[s][r], 9);
        }
        expect(row).toBeCloseTo(O[s], 11);
        expect(col).toBeCloseTo(I[s], 11);
      }
    });
  }
  it('refuses margins a zero diagonal cannot carry', () => {
    // province 1 sells 40 but the others buy only 20 in total
    expect(() =>
      originDestinationFlows(f64(40, 10, 10), f64(40, 10, 10), 3, 1, dist, [1], () => 'p'),
    ).toThrow(/p: province 1 trades more than all other provinces together/);
    expect(() => originDestinationFlows(f64(1, 1), f64(1, 2), 2, 1, f64(0, 1, 1, 0), [1], () => 'p')).toThrow(
      /differ; reconcile first/,
    );
  });
});

function tinySourcedTable(): SourcedUseTable {
  // 2 provinces × 2 products, 1 sourced final-use category, exports as own demand.
  return {
    regions: ['R1', 'R2'],
    sectors: ['a', 'b'],
    monetaryUnit: 'u',
    use: f64(10, 4, 6, 2, 8, 3, 5, 1), // (r·2 + i)·2 + j
    finalUseCategories: ['hh'],
    finalUse: f64(5, 7, 9, 2),
    // source[(i·2 + s)·2 + r]
    source: f64(0.7, 0.2, 0.1, 0.6, 0.5, 0.3, 0.4, 0.6),
    foreign: f64(0.2, 0.1, 0.2, 0.1),
    ownCategories: ['export'],
    ownDemand: f64(3, 0, 1, 2),
    valueAdded: [{ name: 'VA001 compensation of employees', values: f64(20, 30, 10, 5) }],
  };
}

describe('sourced-use table and store', () => {
  it('expands Z, Y and the imports row as documented (hand-computed)', () => {
    const t = tinySourcedTable();
    const { Z, Y, imports } = expandSourcedUseTable(t);
    // Z[(s=1,i=0),(r=0,j=1)] = source[0][1][0] · use[0][0][1] = 0.1 · 4
    expect(Z.data[2 * 4 + 1]).toBeCloseTo(0.4, 15);
    // Z[(s=0,i=1),(r=1,j=0)] = source[1][0][1] · use[1][1][0] = 0.3 · 5
    expect(Z.data[1 * 4 + 2]).toBeCloseTo(1.5, 15);
    // Y[(s=1,i=1),(r=0,hh)] = source[1][1][0] · finalUse[0][1] = 0.4 · 7; own export of (1,1) = 2
    expect(Y.data[3 * 4 + 0]).toBeCloseTo(2.8, 15);
    expect(Y.data[3 * 4 + 3]).toBe(2);
    expect(Y.data[3 * 4 + 1]).toBe(0);
    // imports[(r=0,j=0)] = 0.2 · 10 + 0.1 · 6
    expect(imports[0]).toBeCloseTo(2.6, 15);
    expect(sourcedCategories(t)).toEqual(['hh', 'export']);
  });
  it('round-trips through the stored form losslessly and rejects a corrupted file', () => {
    const t = tinySourcedTable();
    const files = encodeSourcedUseDataset({
      provenance: { id: 't', title: 't', isDemonstration: true, label: 'l', note: 'n', sources: [] },
      table: t,
      satellites: [{ name: 'employment', unit: 'persons', kind: 'employment', values: f64(1, 2, 3, 4) }],
      population: f64(7, 8),
      regionInfo: [{ name: 'R1' }, { name: 'R2' }],
      zones: ['Z', 'Z'],
      sectorRoleClass: ['resource_energy', 'other'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'vchain-su-'));
    for (const [k, v] of files) writeFileSync(join(dir, k), v);
    const ds = readDataset(dir);
    const { Z, Y, imports } = expandSourcedUseTable(t);
    expect(Array.from(ds.mrio.Z.data)).toEqual(Array.from(Z.data));
    expect(Array.from(ds.mrio.finalDemand.Y.data)).toEqual(Array.from(Y.data));
    expect(ds.mrio.finalDemand.categories).toEqual(['hh', 'export']);
    expect(ds.mrio.primaryInputs?.map((p) => p.name)).toEqual(['imports', 'VA001 compensation of employees']);
    expect(Array.from(ds.mrio.primaryInputs?.[0].values ?? [])).toEqual(Array.from(imports));
    expect(ds.provenance.label).toBe('l');
    for (let a = 0; a < 4; a++) {
      let s = 0;
      for (let b = 0; b < 4; b++) s += Z.data[a * 4 + b];
      for (let c = 0; c < 4; c++) s += Y.data[a * 4 + c];
      expect(ds.mrio.x[a]).toBe(s);
    }
    const gz = readFileSync(join(dir, 'arrays.f64.gz'));
    gz[gz.length - 5] ^= 0xff;
    writeFileSync(join(dir, 'arrays.f64.gz'), gz);
    expect(() => readDataset(dir)).toThrow(InputError);
  });
});
