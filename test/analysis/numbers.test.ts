// No impossible number in a RunResult (docs/analysis.md "Numbers that cannot be true"): values
// that cannot be computed carry their reason, the analysis identities are enforced, and a
// what-if outside the air model's training range is refused rather than extrapolated.
import { describe, expect, it } from 'vitest';
import { ExtrapolationError } from '../../src/air/validity.ts';
import { inequalityMeasures, mismatchAnalysis } from '../../src/analysis/mismatch.ts';
import { prepareAnalysis } from '../../src/analysis/prepare.ts';
import {
  ANALYSIS_IDENTITY_TOLERANCE,
  assertIdentitiesHold,
  LIVE_WHAT_IF,
  runScenario,
} from '../../src/analysis/scenario.ts';
import { firstNonFinite } from '../../src/io/outputGuard.ts';
import type { RegionVector } from '../../src/mrio/model.ts';
import { IdentityError } from '../../src/mrio/valueChain.ts';
import { REGIONS, syntheticDataset, syntheticHealth, syntheticSurface } from './syntheticSystem.ts';

const rv = (values: number[], unit = 'CNY'): RegionVector => ({
  regions: REGIONS,
  unit,
  values: Float64Array.from(values),
});
const population = rv([10, 20, 30, 40], 'persons');
const options = {
  topShare: { fraction: 0.25, by: 'count' as const },
  rankBy: rv([4, 3, 2, 1], 'CNY per person'),
  zoneOfRegion: ['N', 'N', 'S', 'S'],
};

describe('inequality measures that cannot be computed say why', () => {
  it('a negative entry: no Theil index (total, within, its zone), the reason names the region', () => {
    const m = inequalityMeasures(
      { variable: 'damage_triggered', label: 'Damage triggered', totals: rv([5, 7, -2, 9]) },
      population,
      options,
    );
    expect(Number.isNaN(m.theil.total)).toBe(true);
    expect(m.theil.notComputed?.total).toMatch(
      /^the Theil index is not defined: it needs non-negative values, and damage triggered is negative in Inland -2\.00 CNY$/,
    );
    expect(Object.keys(m.theil.notComputed ?? {}).sort()).toEqual(['total', 'within']);
    const south = m.theil.byZone.find((z) => z.zone === 'S')!;
    expect(south.notComputed?.theil).toMatch(/^the Theil index within S is not defined/);
    expect(m.theil.byZone.find((z) => z.zone === 'N')!.notComputed).toBeUndefined();
    expect(Number.isFinite(m.gini)).toBe(true);
    expect(m.notComputed).toBeUndefined();
    expect(firstNonFinite(m)).toBeUndefined();
  });

  it('a zero total: no Gini, CV, concentration index, top ratio, Theil or Lorenz shares, each with its reason', () => {
    const m = inequalityMeasures(
      { variable: 'x', label: 'X', totals: rv([0, 0, 0, 0]) },
      population,
      options,
    );
    expect(m.notComputed).toEqual({
      gini: 'the Gini coefficient is not defined: x is 0 in total',
      cv: 'the coefficient of variation is not defined: x is 0 in total',
      concentrationIndex: 'the concentration index is not defined: x is 0 in total',
      lorenz: 'the Lorenz curve is not defined: x is 0 in total',
    });
    expect(m.topRatio.notComputed?.ratio).toMatch(/top-10 % ratio is not defined/);
    expect(firstNonFinite(m)).toBeUndefined();
  });

  it('damage per welfare: a zero denominator is declared with the regions', () => {
    const r = mismatchAnalysis(
      [
        { variable: 'damage', label: 'Damage', totals: rv([1, 2, 3, 4]) },
        { variable: 'income', label: 'Trade-related income', totals: rv([5, 0, 5, 0]) },
      ],
      population,
      options,
      [{ variable: 'ratio', numerator: 'damage', denominator: 'income', unit: 'CNY per CNY', factor: 1 }],
    );
    const v = r.damagePerWelfare[0].values;
    expect(Array.from(v.values).map(Number.isFinite)).toEqual([true, false, true, false]);
    expect(v.notComputed?.values).toBe('no ratio where trade-related income is 0: Coast, West');
  });
});

describe('analysis identities are enforced', () => {
  const check = (r: number) => ({
    name: 'Σ triggered = Σ suffered (damage)',
    indicator: 'damage',
    maxRelativeResidual: r,
  });
  it('passes at the tolerance, refuses above it and NaN, naming the identity', () => {
    expect(ANALYSIS_IDENTITY_TOLERANCE).toBe(1e-9);
    expect(() => assertIdentitiesHold([check(0), check(1e-9)])).not.toThrow();
    expect(() => assertIdentitiesHold([check(0), check(2e-9)])).toThrow(IdentityError);
    expect(() => assertIdentitiesHold([check(2e-9)])).toThrow(
      "identity 'Σ triggered = Σ suffered (damage)' fails for 'damage': relative residual 2.000e-9 above the tolerance 1e-9",
    );
    expect(() => assertIdentitiesHold([check(Number.NaN)])).toThrow(IdentityError);
  });
});

describe('a run on the synthetic system', () => {
  const dataset = syntheticDataset();
  const rsm = syntheticSurface(dataset);
  const health = syntheticHealth(20, 7);

  it('full and live results hold no undeclared NaN or Infinity; the live one-at-a-time figures say why they are blank', () => {
    const full = runScenario(prepareAnalysis(dataset, rsm, health), { draws: 20, thresholds: [10] });
    expect(firstNonFinite(full)).toBeUndefined();
    const live = runScenario(prepareAnalysis(dataset, rsm, health, { live: true }), {
      ...LIVE_WHAT_IF,
      thresholds: [10],
    });
    expect(firstNonFinite(live)).toBeUndefined();
    expect(live.attribution.notComputed?.oneAtATimeSum).toMatch(/one-at-a-time removals were not run/);
  });

  it('an intensity what-if beyond the training range (0–1.5) is refused, not extrapolated', () => {
    const prepared = prepareAnalysis(dataset, rsm, health, { live: true });
    const scenario = {
      ...LIVE_WHAT_IF,
      thresholds: [10],
      intensityScaling: [{ region: 'North', precursor: 'SO2' as const, factor: 5 }],
    };
    expect(() => runScenario(prepared, scenario)).toThrow(ExtrapolationError);
    expect(() => runScenario(prepared, scenario)).toThrow(
      /^North SO2 at emission ratio 4\.33\d* \(the run's emissions\) is outside the range the pf-ERSM was trained on \[0, 1\.5\]/,
    );
    const inside = runScenario(prepared, {
      ...scenario,
      intensityScaling: [{ region: 'North', factor: 1.5 }],
    });
    expect(firstNonFinite(inside)).toBeUndefined();
  });
});
