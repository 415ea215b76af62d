import { describe, expect, it } from 'vitest';
import { median, metricsBlock, pearson, receptorMetrics } from '../../src/air/metrics.ts';

describe('validation metrics (hand-computed)', () => {
  // observed O = [10, 20, 40], predicted P = [11, 18, 40], baseline C⁰ = 20
  const m = receptorMetrics('X', [10, 20, 40], [11, 18, 40], 20);
  it('concentration statistics', () => {
    expect(m.nmb).toBeCloseTo(-1 / 70, 15); // Σ(P−O) = 1 − 2 + 0 = −1, ΣO = 70
    expect(m.nme).toBeCloseTo(3 / 70, 15); // Σ|P−O| = 3
    expect(m.meanNormalisedError).toBeCloseTo((0.1 + 0.1 + 0) / 3, 15);
    expect(m.maxNormalisedError).toBeCloseTo(0.1, 15);
    expect(m.rmse).toBeCloseTo(Math.sqrt(5 / 3), 15); // (1 + 4 + 0)/3
    // R: O mean 70/3, P mean 23; by hand R = Sxy/√(SxxSyy)
    const ox = [10 - 70 / 3, 20 - 70 / 3, 40 - 70 / 3];
    const py = [11 - 23, 18 - 23, 40 - 23];
    const sxy = ox[0] * py[0] + ox[1] * py[1] + ox[2] * py[2];
    const sxx = ox.reduce((a, b) => a + b * b, 0);
    const syy = py.reduce((a, b) => a + b * b, 0);
    expect(m.r).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 14);
  });
  it('change statistics: ΔO = [−10, 0, 20], ΔP = [−9, −2, 20]', () => {
    expect(m.changeNmb).toBeCloseTo(-1 / 30, 15); // Σ(ΔP−ΔO) = −1, Σ|ΔO| = 30
    expect(m.changeNme).toBeCloseTo(3 / 30, 15);
    // runs with ΔO ≠ 0: errors 1/10 and 0/20 → median 0.05
    expect(m.changeMedianNormalisedError).toBeCloseTo(0.05, 15);
    expect(m.changeRmse).toBe(m.rmse);
  });
  it('pearson and median basics', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('metricsBlock reads runs × regions row-major and summarises the worst region', () => {
    const obs = Float64Array.from([10, 100, 20, 100, 40, 100]); // region X then Y per run
    const pred = Float64Array.from([11, 100, 18, 150, 40, 100]);
    const b = metricsBlock('t', ['X', 'Y'], obs, pred, [20, 100]);
    expect(b.runs).toBe(3);
    expect(b.perRegion[0].nme).toBeCloseTo(3 / 70, 15);
    expect(b.summary.worstMaxNormalisedError).toEqual({ region: 'Y', value: 0.5 });
  });
});
