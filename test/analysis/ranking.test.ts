// Fast paths of the live what-if against the obvious computation they replace: top-k selection
// against a full sort (ties, negatives, zeros), lazily sorted draw quantiles against
// TypedArray#sort, the beneficiary-pays matrix against its defining triple sum (bit for bit).
import { describe, expect, it } from 'vitest';
import { beneficiaryPaysMatrix } from '../../src/analysis/compensation.ts';
import { regionIntervalOf } from '../../src/analysis/drawStatistics.ts';
import { topFlows } from '../../src/analysis/pairwiseFlows.ts';
import { quantileSorted } from '../../src/health/summary.ts';
import { PRECURSORS, type Precursor } from '../../src/mrio/model.ts';

/** Deterministic pseudo-random numbers (LCG) so failures reproduce. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('topFlows', () => {
  it('equals a full sort by value then index, with ties, zeros and negatives', () => {
    const rnd = lcg(7);
    for (const G of [1, 2, 5, 9]) {
      const regions = Array.from({ length: G }, (_, i) => `R${i}`);
      for (let trial = 0; trial < 20; trial++) {
        // Few distinct values: many ties.
        const values = Float64Array.from({ length: G * G }, () => Math.round(rnd() * 6) - 2);
        for (const k of [0, 1, 3, G * G]) {
          const idx: number[] = [];
          for (let q = 0; q < G * G; q++) if (Math.floor(q / G) !== q % G) idx.push(q);
          idx.sort((a, b) => values[b]! - values[a]! || a - b);
          const want = idx.slice(0, k).map((q) => `${regions[Math.floor(q / G)]}>${regions[q % G]}`);
          const got = topFlows(values, regions, k).map((f) => `${f.from}>${f.to}`);
          expect(got).toEqual(want);
        }
      }
    }
  });
});

describe('regionIntervalOf', () => {
  it('means now, quantiles on read, equal to sorting each region with TypedArray#sort', () => {
    const rnd = lcg(11);
    const G = 4;
    const N = 33;
    const draws = Float64Array.from({ length: N * G }, () => (rnd() < 0.2 ? 1 : rnd() * 100));
    const iv = regionIntervalOf(draws, N, ['a', 'b', 'c', 'd'], 'u');
    for (let r = 0; r < G; r++) {
      const col = Float64Array.from({ length: N }, (_, d) => draws[d * G + r]!);
      let s = 0;
      for (const x of col) s += x;
      const sorted = Float64Array.from(col).sort();
      expect(iv.mean[r]).toBe(s / N);
      expect(iv.median?.[r]).toBe(quantileSorted(sorted, 0.5));
      expect(iv.p025[r]).toBe(quantileSorted(sorted, 0.025));
      expect(iv.p975[r]).toBe(quantileSorted(sorted, 0.975));
    }
    // Getters are enumerable: a JSON copy carries the quantiles.
    expect(Object.keys(JSON.parse(JSON.stringify(iv)))).toEqual(Object.keys(iv));
  });
});

describe('beneficiaryPaysMatrix', () => {
  it('equals Σ_{p,s} share·D·drivers summed in (p, s) order, bit for bit', () => {
    const rnd = lcg(3);
    const G = 6;
    const share = {} as Record<Precursor, Float64Array>;
    const drivers = {} as Record<Precursor, Float64Array>;
    for (const p of PRECURSORS) {
      share[p] = Float64Array.from({ length: G * G }, () => (rnd() < 0.3 ? 0 : rnd() - 0.1));
      drivers[p] = Float64Array.from({ length: G * G }, () => (rnd() < 0.3 ? 0 : rnd()));
    }
    const D = Float64Array.from({ length: G }, () => rnd() * 1e6);
    const want = new Float64Array(G * G);
    for (const p of PRECURSORS)
      for (let s = 0; s < G; s++)
        for (let i = 0; i < G; i++)
          for (let r = 0; r < G; r++)
            want[r * G + i]! += share[p][s * G + i]! * D[i]! * drivers[p][s * G + r]!;
    expect(Array.from(beneficiaryPaysMatrix(share, drivers, D, G))).toEqual(Array.from(want));
  });
});
