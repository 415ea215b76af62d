import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileSorted, summariseDraws } from '../../src/health/summary.ts';

describe('Monte Carlo summaries', () => {
  it('quantiles by selection equal sort-then-interpolate (R type 7), ties and duplicates included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 300 }), (xs) => {
        const a = Float64Array.from(xs, (x) => x / 4);
        const sorted = Float64Array.from(a).sort();
        const s = summariseDraws(a);
        expect(s.median).toBe(quantileSorted(sorted, 0.5));
        expect(s.p025).toBe(quantileSorted(sorted, 0.025));
        expect(s.p975).toBe(quantileSorted(sorted, 0.975));
        expect(a).toEqual(Float64Array.from(xs, (x) => x / 4)); // input untouched
      }),
      { numRuns: 300 },
    );
  });
  it('type 7 on 1..10: median 5.5, 2.5 % = 1.225, 97.5 % = 9.775 (R quantile(1:10, c(.5,.025,.975)))', () => {
    const s = summariseDraws(Float64Array.from({ length: 10 }, (_, i) => 10 - i));
    expect(s.median).toBe(5.5);
    expect(s.p025).toBeCloseTo(1.225, 14);
    expect(s.p975).toBeCloseTo(9.775, 14);
    expect(s.mean).toBe(5.5);
  });
});
