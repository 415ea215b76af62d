import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  concentrationIndex,
  lorenzCurve,
  populationWeightedGini,
  type RegionalDistribution,
  theilByZone,
  topShareRatio,
} from '../../src/equity/index.ts';

function dist(values: number[], pops: number[]): RegionalDistribution {
  const regions = values.map((_, i) => `r${i}`);
  return {
    totals: { regions, unit: 'x', values: Float64Array.from(values) },
    population: { regions, unit: 'persons', values: Float64Array.from(pops) },
  };
}

/** Population-weighted mean-difference Gini, brute force: Σ_i Σ_j w_i w_j |y_i − y_j| / (2 μ). */
function meanDifferenceGini(values: number[], pops: number[]): number {
  const P = pops.reduce((a, b) => a + b, 0);
  const y = values.map((v, i) => (pops[i] > 0 ? v / pops[i] : 0));
  const w = pops.map((p) => p / P);
  let mu = 0;
  for (let i = 0; i < y.length; i++) mu += w[i] * y[i];
  let s = 0;
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < y.length; j++) s += w[i] * w[j] * Math.abs(y[i] - y[j]);
  return s / (2 * mu);
}

// Deterministic LCG so the random cases are reproducible without a dependency.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('population-weighted Gini (paper eq. 11)', () => {
  const csv = readFileSync(
    new URL('../../data/sources/health/gini_eq11_test_vectors.csv', import.meta.url),
    'utf8',
  );
  const rows = csv.trim().split('\n').slice(1);
  it('has the six published test vectors', () => expect(rows.length).toBe(6));
  for (const row of rows) {
    const [name, values, pops, expected] = row.split(',').map((c) => c.replace(/"/g, ''));
    it(`matches the test vector '${name}'`, () => {
      const g = populationWeightedGini(dist(values.split(';').map(Number), pops.split(';').map(Number)));
      expect(g).toBeCloseTo(Number(expected), 11);
    });
  }
  it('equals the mean-difference Gini on random 31-region data', () => {
    const rnd = lcg(42);
    for (let t = 0; t < 20; t++) {
      const pops = Array.from({ length: 31 }, () => 1 + 100 * rnd());
      const values = Array.from({ length: 31 }, () => 1000 * rnd() ** 3);
      expect(populationWeightedGini(dist(values, pops))).toBeCloseTo(meanDifferenceGini(values, pops), 12);
    }
  });
  it('is 1 − 2·(area under the Lorenz curve)', () => {
    const d = dist([3, 9, 1, 40, 7], [5, 2, 8, 3, 4]);
    const pts = lorenzCurve(d);
    let area = 0;
    for (let k = 1; k < pts.length; k++)
      area +=
        ((pts[k].populationShare - pts[k - 1].populationShare) *
          (pts[k].valueShare + pts[k - 1].valueShare)) /
        2;
    expect(populationWeightedGini(d)).toBeCloseTo(1 - 2 * area, 14);
    expect(pts[0]).toEqual({ populationShare: 0, valueShare: 0 });
    expect(pts.at(-1)!.populationShare).toBeCloseTo(1, 14);
    expect(pts.at(-1)!.valueShare).toBeCloseTo(1, 14);
  });
});

describe('coefficient of variation', () => {
  it('population-weighted: hand computed', () => {
    // per capita 1 (pop 3) and 3 (pop 1): μ = 1.5, σ² = 0.75·0.25 + 0.25·2.25 = 0.75
    expect(coefficientOfVariation(dist([3, 3], [3, 1]))).toBeCloseTo(Math.sqrt(0.75) / 1.5, 14);
    // unweighted: μ = 2, σ = 1
    expect(coefficientOfVariation(dist([3, 3], [3, 1]), { weighted: false })).toBeCloseTo(0.5, 14);
  });
});

describe('top-10 % ratio', () => {
  it('by count: round(0.1·G) richest regions', () => {
    // 10 regions, pop 1 each, per capita 1..10: top 1 region = 10, national mean 5.5
    const d = dist([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], Array(10).fill(1));
    const t = topShareRatio(d);
    expect(t.ratio).toBeCloseTo(10 / 5.5, 14);
    expect(t.regions).toEqual(['r9']);
    expect(t.populationShare).toBeCloseTo(0.1, 14);
  });
  it('by population: the richest 10 % of people, crossing region counted in part', () => {
    // pops 5 (pc 1) and 5 (pc 3): richest 10 % = 1 person of the second region → ratio 3/2
    const t = topShareRatio(dist([5, 15], [5, 5]), { by: 'population' });
    expect(t.ratio).toBeCloseTo(1.5, 14);
    expect(t.populationShare).toBeCloseTo(0.1, 14);
  });
});

describe('concentration index', () => {
  it('of a variable ranked by itself equals its Gini', () => {
    const rnd = lcg(7);
    const pops = Array.from({ length: 31 }, () => 1 + 50 * rnd());
    const values = Array.from({ length: 31 }, () => 100 * rnd());
    const d = dist(values, pops);
    const pc = {
      regions: d.totals.regions,
      unit: 'x',
      values: Float64Array.from(values, (v, i) => v / pops[i]),
    };
    expect(concentrationIndex(d, pc)).toBeCloseTo(populationWeightedGini(d), 12);
  });
  it('is negative when h falls with income and −Gini(h) when perfectly reversed', () => {
    const pops = [1, 1, 1, 1];
    const h = dist([4, 3, 2, 1], pops);
    const income = { regions: h.totals.regions, unit: 'y', values: Float64Array.from([1, 2, 3, 4]) };
    expect(concentrationIndex(h, income)).toBeCloseTo(-populationWeightedGini(h), 14);
  });
});

describe('Theil by zone', () => {
  it('total = between + within and matches a direct computation', () => {
    const values = [10, 20, 5, 40, 25];
    const pops = [4, 3, 5, 2, 6];
    const zones = ['A', 'A', 'B', 'B', 'C'];
    const t = theilByZone(dist(values, pops), zones);
    const V = 100;
    const P = 20;
    let direct = 0;
    for (let i = 0; i < 5; i++) direct += (values[i] / V) * Math.log(values[i] / V / (pops[i] / P));
    expect(t.total).toBeCloseTo(direct, 14);
    expect(t.between + t.within).toBeCloseTo(t.total, 14);
    // zone C has one region: its own Theil is 0
    expect(t.byGroup.find((z) => z.zone === 'C')!.theil).toBe(0);
  });
  it('is 0 for equal per-capita values', () => {
    const t = theilByZone(dist([2, 4, 6], [1, 2, 3]), ['a', 'b', 'b']);
    expect(Math.abs(t.total)).toBeLessThan(1e-15);
  });
});
