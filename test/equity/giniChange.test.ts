import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { populationWeightedGini } from '../../src/equity/gini.ts';
import { giniTransferContributions } from '../../src/equity/giniChange.ts';

const rv = (values: number[]) => ({
  regions: values.map((_, i) => `r${i}`),
  unit: 'x',
  values: Float64Array.from(values),
});
const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);

describe('giniTransferContributions', () => {
  it('adds up to the exact Gini change of a zero-sum transfer that keeps the ranking', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 1, max: 100, noNaN: true }),
            fc.double({ min: 0.5, max: 50, noNaN: true }),
          ),
          {
            minLength: 3,
            maxLength: 12,
          },
        ),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (rows, raw) => {
          const pop = rows.map((r) => r[1]);
          const pc = rows.map((r) => r[0]);
          // Distinct per-capita values far enough apart that a tiny transfer keeps the order.
          const sorted = [...pc].sort((a, b) => a - b);
          let gap = Number.POSITIVE_INFINITY;
          for (let k = 1; k < sorted.length; k++) gap = Math.min(gap, sorted[k] - sorted[k - 1]);
          fc.pre(gap > 1e-3);
          const g = pop.length;
          const t = raw.slice(0, g);
          const mean = sum(t) / g;
          const minPop = Math.min(...pop);
          const transfer = t.map((x) => (x - mean) * minPop * gap * 0.01); // Σ = 0, |Δw_i| < gap/2
          const before = { totals: rv(pc.map((w, i) => w * pop[i])), population: rv(pop) };
          const after = {
            totals: rv(pc.map((w, i) => w * pop[i] + transfer[i])),
            population: rv(pop),
          };
          const c = giniTransferContributions(before, rv(transfer));
          const exact = populationWeightedGini(after) - populationWeightedGini(before);
          expect(Math.abs(sum(c) - exact)).toBeLessThanOrEqual(1e-12 + 1e-9 * Math.abs(exact));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a transfer from the richest to the poorest lowers the Gini; the reverse raises it', () => {
    const pop = [10, 20, 30, 40];
    const pc = [1, 2, 3, 4];
    const before = { totals: rv(pc.map((w, i) => w * pop[i])), population: rv(pop) };
    const down = giniTransferContributions(before, rv([1, 0, 0, -1]));
    const up = giniTransferContributions(before, rv([-1, 0, 0, 1]));
    expect(sum(down)).toBeLessThan(0);
    expect(sum(up)).toBeGreaterThan(0);
    // Payer below the population median raises it, recipient above the median raises it.
    expect(up[0]).toBeGreaterThan(0);
    expect(up[3]).toBeGreaterThan(0);
  });

  it('re-ranking only adds to the change (first order is a lower bound)', () => {
    const pop = [1, 1, 1];
    const before = { totals: rv([1, 2, 3]), population: rv(pop) };
    const transfer = [2.5, 0, -2.5]; // after: 3.5, 2, 0.5 — order reversed
    const after = { totals: rv([3.5, 2, 0.5]), population: rv(pop) };
    const c = giniTransferContributions(before, rv(transfer));
    expect(populationWeightedGini(after) - populationWeightedGini(before)).toBeGreaterThanOrEqual(
      sum(c) - 1e-12,
    );
  });
});
