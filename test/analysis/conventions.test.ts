// Each convention of `vchain run` against an independent computation (docs/analysis.md
// "Conventions"): the counterfactual accounting (difference vs potential impact fraction) and the
// threshold reading by hand from the run's own concentrations, the two attributions of the burden
// to trade, the coefficient of variation by its formula, the VSL the money uses, the emission
// shares' numerator and denominator, and the negative-value notes with their causes.
import { describe, expect, it } from 'vitest';
import { healthEvaluatorFrom } from '../../src/analysis/healthAdapter.ts';
import { negativeValueNotes } from '../../src/analysis/negativeValues.ts';
import { prepareAnalysis } from '../../src/analysis/prepare.ts';
import type { RunResult } from '../../src/analysis/runResult.ts';
import { runScenario, type Scenario } from '../../src/analysis/scenario.ts';
import { buildHealthModel, vslMode } from '../../src/health/index.ts';
import { type HealthParameters, MORTALITY_CAUSES } from '../../src/health/types.ts';
import { syntheticRunResult } from '../report/syntheticRunResult.ts';
import { syntheticDataset, syntheticSurface } from './syntheticSystem.ts';

/**
 * One joint IER draw for every cause, deaths from IHD only (the other rates are 0), the whole
 * population in the 30–34 band, no morbidity, a fixed VSL: deaths_i = P_i · y0 · F(RR_b, RR_cf).
 */
const IER = { alpha: 1.2, gamma: 0.03, delta: 0.9, zcf: 12 };
const Y0 = 150 / 1e5; // IHD deaths per person per year
const VSL = 2.5e6;

function handParameters(vsl = { central: VSL, low: VSL, high: VSL }): HealthParameters {
  const ageStarts = Array.from({ length: 17 }, (_, k) => 5 * k);
  const shares = new Float64Array(17);
  shares[6] = 1; // everyone aged 30–34
  const rates = new Map(
    MORTALITY_CAUSES.map((c) => [c, new Map(ageStarts.map((a) => [a, c === 'IHD' ? Y0 * 1e5 : 0]))]),
  );
  const one = (x: number) => Float64Array.from([x]);
  return {
    ier2015: {
      name: 'ier2015',
      draws: 1,
      topAgeBand: 80,
      curves: MORTALITY_CAUSES.map((cause) => ({
        cause,
        ageStart: null,
        alpha: one(IER.alpha),
        gamma: one(IER.gamma),
        delta: one(IER.delta),
        zcf: one(IER.zcf),
      })),
      source: 'hand',
    },
    mortality: { unit: 'deaths per 100000 per year', rates, source: 'hand' },
    ageStructure: { ageStarts, shares, source: 'hand' },
    morbidity: [],
    excludedMorbidity: [],
    vsl: { ...vsl, currency: 'CNY', priceYear: 2017, source: 'hand' },
    cpi: { currency: 'CNY', index: new Map([[2017, 100]]), source: 'hand' },
    fileHashes: {},
  };
}

const dataset = syntheticDataset();
const rsm = syntheticSurface(dataset);
const health = healthEvaluatorFrom(
  buildHealthModel(handParameters(), { draws: 8, seed: 3, thresholds: [10], vslIncomeElasticity: 0.8 }),
);
const prepared = prepareAnalysis(dataset, rsm, health);
const OPTIONS: Scenario = { thresholds: [10], draws: 8, pairwise: 'linear', oneAtATime: false };
const run = (s: Scenario = {}) => runScenario(prepared, { ...OPTIONS, ...s });

/** RR of the hand curve with its lower end at z0 (no effect at or below z0). */
const rr = (z: number, z0: number) =>
  z > z0 ? 1 + IER.alpha * (1 - Math.exp(-IER.gamma * (z - z0) ** IER.delta)) : 1;
const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);
const close = (a: number, b: number, rel = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-300));
};

function byHand(r: RunResult, accounting: 'difference' | 'pif', z0: number) {
  const P = r.population.values;
  const cb = r.concentrations.baseline.values;
  const cf = r.concentrations.counterfactual.values;
  const f = (b: number, c: number) => (accounting === 'difference' ? 1 / c - 1 / b : (b - c) / b);
  const deaths = Array.from(P, (p, i) => p * Y0 * f(rr(cb[i]!, z0), rr(cf[i]!, z0)));
  // The burden is against 0 µg/m³, where RR = 1: both accountings give 1 − 1/RR_b.
  const burden = Array.from(P, (p, i) => p * Y0 * (1 - 1 / rr(cb[i]!, z0)));
  const proportional = burden.map((b, i) => (b * (cb[i]! - cf[i]!)) / cb[i]!);
  return { deaths, burden, proportional };
}

describe('counterfactual accounting and threshold reading, by hand from the run’s concentrations', () => {
  for (const accounting of ['difference', 'pif'] as const)
    for (const [reading, z0] of [
      ['floor', Math.max(10, IER.zcf)],
      ['shift', 10],
    ] as const)
      it(`${accounting}, ${reading}: deaths, burden and both attributions per province`, () => {
        const r = run({ accounting, thresholdReading: reading });
        expect(r.provenance.healthModel.conventions?.accounting).toBe(accounting);
        expect(r.provenance.healthModel.conventions?.thresholdReading).toBe(reading);
        const d = r.damage[0]!;
        const h = byHand(r, accounting, z0);
        for (let i = 0; i < h.deaths.length; i++) close(d.deaths.mean[i]!, h.deaths[i]!);
        close(d.national.deaths.mean, sum(h.deaths));
        close(d.baselineBurden.deaths.mean, sum(h.burden));
        // Counterfactual share = Σ (burden(C_b) − burden(C_cf)) / Σ burden(C_b).
        close(d.tradeShare.deaths, sum(h.deaths) / sum(h.burden));
        // Proportional: each province's burden split by its trade-related share of PM2.5.
        close(d.proportional.deaths.mean, sum(h.proportional));
        close(d.proportional.share.deaths, sum(h.proportional) / sum(h.burden));
        // One draw repeated: the interval collapses onto the mean.
        close(d.proportional.deaths.p025, sum(h.proportional));
      });

  it('pif = RR_cf × difference in every province (docs/health.md)', () => {
    const a = run({ accounting: 'difference' }).damage[0]!.deaths.mean;
    const r = run({ accounting: 'pif' });
    const b = r.damage[0]!.deaths.mean;
    // The counterfactual stays above the curve's start somewhere, so pif and difference differ there.
    expect(
      Array.from(r.concentrations.counterfactual.values).some((c) => c > Math.max(10, IER.zcf) + 5),
    ).toBe(true);
    expect(Array.from(b).some((v, i) => Math.abs(v - a[i]!) > 1e-6 * Math.abs(v))).toBe(true);
    const z0 = Math.max(10, IER.zcf);
    const cf = r.concentrations.counterfactual.values;
    for (let i = 0; i < b.length; i++) close(b[i]!, rr(cf[i]!, z0) * a[i]!);
  });

  it('the paper comparison carries both attributions, named', () => {
    const r = run();
    const row = (id: string) => r.headline.find((x) => x.id === id)!;
    expect(row('trade_share_deaths').label).toMatch(/counterfactual/);
    expect(row('trade_share_deaths_proportional').label).toMatch(/proportional/);
    close(row('trade_share_deaths').run!, 100 * r.damage[0]!.tradeShare.deaths);
    close(row('trade_share_deaths_proportional').run!, 100 * r.damage[0]!.proportional.share.deaths);
    close(row('trade_deaths_proportional').run!, r.damage[0]!.proportional.deaths.mean / 1e3);
    expect(row('trade_share_deaths').paper).toBe(35.2);
    expect(row('trade_share_deaths_proportional').paper).toBe(35.2);
  });
});

describe('VSL: the stated value is the one the money uses', () => {
  it('money = deaths × VSL × (income_i / population-weighted mean income)^0.8, at the model VSL and a scenario VSL', () => {
    for (const vsl of [undefined, 4.2e6]) {
      const r = run(vsl === undefined ? {} : { vsl });
      const inc = r.mismatch.measures.find((m) => m.variable === 'social_income_total')!.perCapita.values;
      const P = r.population.values;
      const ref = sum(Array.from(P, (p, i) => p * inc[i]!)) / sum(P);
      const d = r.damage[0]!;
      for (let i = 0; i < P.length; i++)
        close(d.money.mean[i]!, d.deaths.mean[i]! * (vsl ?? VSL) * (inc[i]! / ref) ** 0.8, 1e-11);
      close(r.provenance.healthModel.conventions!.vsl.reference, vsl ?? VSL);
    }
  });

  it('the triangular distribution has the published VSL as its mean (mode 3·central − low − high)', () => {
    const v = { central: 4.76e6, low: 3.79e6, high: 6.36e6 };
    const mode = vslMode(v);
    close(mode, 3 * 4.76e6 - 3.79e6 - 6.36e6, 1e-15);
    close((v.low + mode + v.high) / 3, v.central, 1e-15);
    const model = buildHealthModel(handParameters(v), { draws: 100_000, seed: 11, thresholds: [10] });
    const mean = sum(model.vsl) / model.vsl.length;
    // Standard error of the mean of Triangular(a, c, b): sqrt((a²+b²+c²−ab−ac−bc)/18 / n).
    const { low: a, high: b } = v;
    const c = mode;
    const se = Math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18 / 100_000);
    expect(Math.abs(mean - v.central)).toBeLessThan(4 * se);
    expect(() => vslMode({ central: 3.9e6, low: 3.79e6, high: 6.36e6 })).toThrow(/mean must lie in/);
  });
});

describe('coefficient of variation: the paper’s unweighted one by default, population-weighted on request', () => {
  const cvOf = (v: Float64Array, w: number[]) => {
    const mu = v.reduce((s, x, i) => s + w[i]! * x, 0);
    return Math.sqrt(v.reduce((s, x, i) => s + w[i]! * (x - mu) ** 2, 0)) / mu;
  };
  it('by formula on every per-capita distribution', () => {
    const plain = run();
    const weighted = run({ cv: 'population-weighted' });
    expect(plain.conventions.cv.weighting).toBe('unweighted');
    expect(weighted.conventions.cv.weighting).toBe('population-weighted');
    const P = Array.from(plain.population.values);
    const G = P.length;
    for (const m of plain.mismatch.measures) {
      expect(m.cvWeighting).toBe('unweighted');
      close(
        m.cv,
        cvOf(
          m.perCapita.values,
          P.map(() => 1 / G),
        ),
        1e-12,
      );
      const w = weighted.mismatch.measures.find((x) => x.variable === m.variable)!;
      expect(w.cvWeighting).toBe('population-weighted');
      close(
        w.cv,
        cvOf(
          w.perCapita.values,
          P.map((p) => p / sum(P)),
        ),
        1e-12,
      );
      // The Gini does not depend on the CV convention.
      expect(w.gini).toBe(m.gini);
    }
  });
});

describe('emission shares: numerator, denominator and columns agree', () => {
  it('trade_share = trade-related / (production + households’ direct), and the totals are printed', () => {
    const r = run();
    for (const v of r.valueChain) {
      close(v.national.direct, sum(v.direct));
      close(v.national.total, v.national.production + v.national.direct);
      close(v.national.tradeShare, v.national.tradeRelated / v.national.total);
    }
    for (const e of r.emissions) {
      const v = r.valueChain.find((x) => x.kind === 'emission' && x.label.startsWith(e.precursor))!;
      close(e.nationalTradeShare, v.national.tradeShare);
      close(sum(e.baseline.values), v.national.total);
    }
  });
});

describe('negative values are explained with their cause', () => {
  it('an interval below zero from a coefficient interval crossing zero, and negative triggered damage', () => {
    const base = syntheticRunResult({ demonstration: true });
    const d0 = base.damage[0]!;
    const cases = { ...d0.national.cases, p025: -5 };
    const triggered = Float64Array.from(base.attribution.triggered.mean);
    triggered[2] = -1e6;
    const r: RunResult = {
      ...base,
      damage: [{ ...d0, national: { ...d0.national, cases } }, ...base.damage.slice(1)],
      attribution: { ...base.attribution, triggered: { ...base.attribution.triggered, mean: triggered } },
    };
    const notes = negativeValueNotes(r, {
      endpoints: [
        {
          id: 'acute_bronchitis',
          kind: 'morbidity',
          label: 'Acute bronchitis',
          unit: 'cases per year',
          valued: false,
          source: 'test',
          coefficient: { central: 0.0077, low: -0.00513, high: 0.0174 },
        },
      ],
    });
    const interval = notes.find((n) => n.id === 'negative-interval-cases')!;
    expect(interval.fields).toContain(`damage[threshold=${d0.threshold}].national.cases`);
    expect(interval.cause).toMatch(/acute bronchitis coefficient .* includes zero/);
    const trig = notes.find((n) => n.id === 'negative-triggered-damage')!;
    expect(trig.what).toContain(r.labels.regions[2]!);
    expect(trig.cause).toMatch(/Shapley/);
    // Nothing negative, nothing to explain.
    expect(
      negativeValueNotes(base, { endpoints: [] }).filter((n) => n.id.startsWith('negative-interval')),
    ).toEqual([]);
  });
});
