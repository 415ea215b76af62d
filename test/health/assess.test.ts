import { beforeAll, describe, expect, it } from 'vitest';
import { ageShare, assessDamage, meanDamage } from '../../src/health/assess.ts';
import {
  avoidableFraction,
  gemmRelativeRiskThresholded,
  ierRelativeRiskThresholded,
} from '../../src/health/exposureResponse.ts';
import { buildHealthModel } from '../../src/health/model.ts';
import type {
  HealthInput,
  HealthParameters,
  MortalityCause,
  ThresholdReading,
} from '../../src/health/types.ts';
import { MORTALITY_CAUSES } from '../../src/health/types.ts';
import { loadHealthParameters } from '../../src/io/healthParameters.ts';

let params: HealthParameters;
beforeAll(() => {
  params = loadHealthParameters();
});

const regions = ['A', 'B', 'C'];
const vec = (unit: string, v: number[]) => ({ regions, unit, values: Float64Array.from(v) });
const input: HealthInput = {
  regions,
  population: vec('persons', [1e6, 2.5e6, 4e5]),
  pmBaseline: vec('µg/m³', [62, 12, 35]),
  pmCounterfactual: vec('µg/m³', [48, 7, 36]), // C: counterfactual above baseline → negative damage
};

/** Brute-force mean deaths per region and cause over all 1000 IER draws, straight from the definitions. */
function bruteForceIer(
  reading: ThresholdReading,
  accounting: 'difference' | 'pif',
  threshold: number,
  which: 'ier2015' | 'ier2017' = 'ier2015',
) {
  const set = params[which]!;
  const out = new Map<MortalityCause, number[]>();
  for (const c of MORTALITY_CAUSES) out.set(c, [0, 0, 0]);
  const age = params.ageStructure;
  for (const cv of set.curves) {
    for (let r = 0; r < 3; r++) {
      // P_r Σ_a share_a y0_{c,a}/1e5 over the ages the curve covers
      let w = 0;
      for (let i = 0; i < age.ageStarts.length; i++) {
        const a = age.ageStarts[i];
        const inCurve =
          cv.ageStart === null
            ? a >= (cv.cause === 'LRI' ? 0 : 25)
            : cv.ageStart === set.topAgeBand
              ? a >= set.topAgeBand
              : a === cv.ageStart;
        if (inCurve) w += age.shares[i] * params.mortality.rates.get(cv.cause)!.get(a)! * 1e-5;
      }
      let s = 0;
      for (let d = 0; d < set.draws; d++) {
        const p = { alpha: cv.alpha[d], gamma: cv.gamma[d], delta: cv.delta[d], zcf: cv.zcf[d] };
        const rb = ierRelativeRiskThresholded(input.pmBaseline.values[r], p, threshold, reading);
        const rc = ierRelativeRiskThresholded(input.pmCounterfactual.values[r], p, threshold, reading);
        s += avoidableFraction(rb, rc, accounting);
      }
      out.get(cv.cause)![r] += (input.population.values[r] * w * s) / set.draws;
    }
  }
  return out;
}

describe('assessDamage against a brute-force evaluation (IER 2015, all 1000 draws)', () => {
  // T = 5 matters where draws have z_cf > 5 (floor keeps z_cf, shift does not); T = 10 elsewhere.
  const combos = [
    ['floor', 'difference', [5, 10]],
    ['floor', 'pif', [10]],
    ['shift', 'difference', [5]],
    ['ratio', 'difference', [5, 10]],
    ['ratio', 'pif', [10]],
    ['gbd-tmrel', 'difference', [10]],
  ] as const;
  for (const [reading, accounting, thresholds] of combos) {
    it(`${reading} / ${accounting}`, () => {
      const model = buildHealthModel(params, {
        erf: 'ier2015',
        thresholdReading: reading,
        accounting,
        draws: 1000,
        thresholds: [...thresholds],
      });
      const a = assessDamage(model, input);
      for (const th of thresholds) {
        const ref = bruteForceIer(reading, accounting, th);
        for (const c of MORTALITY_CAUSES) {
          for (let r = 0; r < 3; r++) {
            const row = a.rows.find(
              (x) =>
                x.region === regions[r] && x.endpoint === c && x.threshold === th && x.quantity === 'deaths',
            )!;
            const want = ref.get(c)![r];
            expect(Math.abs(row.summary.mean - want), `${c} ${regions[r]} T=${th}`).toBeLessThanOrEqual(
              1e-10 * Math.abs(want) + 1e-12,
            );
          }
        }
      }
    });
  }

  it('GBD 2017 draws (IHD/STROKE to 95+), floor / difference', () => {
    const model = buildHealthModel(params, { erf: 'ier2017', draws: 1000, thresholds: [10] });
    expect(model.curves.length).toBe(33);
    const a = assessDamage(model, input);
    const ref = bruteForceIer('floor', 'difference', 10, 'ier2017');
    for (const c of MORTALITY_CAUSES) {
      for (let r = 0; r < 3; r++) {
        const row = a.rows.find(
          (x) => x.region === regions[r] && x.endpoint === c && x.quantity === 'deaths',
        )!;
        const want = ref.get(c)![r];
        expect(Math.abs(row.summary.mean - want)).toBeLessThanOrEqual(1e-10 * Math.abs(want) + 1e-12);
      }
    }
  });

  it('difference and pif differ by the factor RR_cf per draw (one curve, one region)', () => {
    const one: HealthInput = {
      regions: ['A'],
      population: { regions: ['A'], unit: 'persons', values: Float64Array.of(1e6) },
      pmBaseline: { regions: ['A'], unit: 'µg/m³', values: Float64Array.of(60) },
      pmCounterfactual: { regions: ['A'], unit: 'µg/m³', values: Float64Array.of(30) },
    };
    // LRI is a single all-age curve: its deaths per draw are P·W·fraction, so the ratio of the means
    // is Σ_d RR_cf,d·diff_d / Σ_d diff_d.
    const opts = { erf: 'ier2015' as const, draws: 1000, thresholds: [10] };
    const d = assessDamage(buildHealthModel(params, { ...opts, accounting: 'difference' }), one);
    const p = assessDamage(buildHealthModel(params, { ...opts, accounting: 'pif' }), one);
    const lri = params.ier2015!.curves.find((c) => c.cause === 'LRI')!;
    const dm = d.rows.find((x) => x.endpoint === 'LRI' && x.region === 'A' && x.quantity === 'deaths')!
      .summary.mean;
    const pm = p.rows.find((x) => x.endpoint === 'LRI' && x.region === 'A' && x.quantity === 'deaths')!
      .summary.mean;
    let sumRatio = 0;
    let sumDiff = 0;
    for (let k = 0; k < 1000; k++) {
      const q = { alpha: lri.alpha[k], gamma: lri.gamma[k], delta: lri.delta[k], zcf: lri.zcf[k] };
      const rc = ierRelativeRiskThresholded(30, q, 10, 'floor');
      const rb = ierRelativeRiskThresholded(60, q, 10, 'floor');
      sumDiff += 1 / rc - 1 / rb;
      sumRatio += rc * (1 / rc - 1 / rb);
    }
    expect(pm / dm).toBeCloseTo(sumRatio / sumDiff, 12);
    expect(pm).toBeGreaterThan(dm);
  });
});

describe('GEMM path', () => {
  it('θ draws ~ N(θ, SE) and the kernel equals the reference function with those θ', () => {
    const model = buildHealthModel(params, { erf: 'gemm', draws: 2000, thresholds: [10], seed: 7 });
    const ihd25 = model.curves.find((c) => c.cause === 'IHD' && c.ageStart === 25)!;
    const g = params.gemm!.curves.find((c) => c.cause === 'IHD' && c.ageStart === 25)!;
    const n = ihd25.p1.length;
    const mean = ihd25.p1.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(ihd25.p1.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - g.theta)).toBeLessThan((4 * g.seTheta) / Math.sqrt(n));
    expect(Math.abs(sd / g.seTheta - 1)).toBeLessThan(0.1);

    const a = assessDamage(model, input);
    const age = params.ageStructure;
    for (const c of MORTALITY_CAUSES) {
      for (let r = 0; r < 3; r++) {
        let want = 0;
        for (const cv of model.curves.filter((k) => k.cause === c)) {
          const gp = params.gemm!.curves.find((x) => x.cause === c && x.ageStart === cv.ageStart)!;
          let w = 0;
          for (let i = 0; i < age.ageStarts.length; i++) {
            const aa = age.ageStarts[i];
            const inCurve =
              cv.ageStart === null ? aa >= 25 : cv.ageStart === 80 ? aa >= 80 : aa === cv.ageStart;
            if (inCurve) w += age.shares[i] * params.mortality.rates.get(c)!.get(aa)! * 1e-5;
          }
          let s = 0;
          for (let d = 0; d < n; d++) {
            const q = { ...gp, theta: cv.p1[d] };
            s += avoidableFraction(
              gemmRelativeRiskThresholded(input.pmBaseline.values[r], q, 10, 'floor'),
              gemmRelativeRiskThresholded(input.pmCounterfactual.values[r], q, 10, 'floor'),
              'difference',
            );
          }
          want += (input.population.values[r] * w * s) / n;
        }
        const got = a.rows.find(
          (x) => x.region === regions[r] && x.endpoint === c && x.quantity === 'deaths',
        )!;
        expect(Math.abs(got.summary.mean - want)).toBeLessThanOrEqual(1e-10 * Math.abs(want) + 1e-12);
      }
    }
  });
});

describe('morbidity and valuation on hand-computed cases', () => {
  it('log-linear cases, unit value with CPI, VSL transfer', () => {
    const fixed: HealthParameters = {
      ...params,
      morbidity: [
        {
          id: 'test_endpoint',
          label: 'test endpoint',
          beta: { central: 0.01, low: 0.01, high: 0.01 },
          coefficientPollutant: 'PM2.5',
          coefficientRegion: 'China',
          coefficientSource: 'hand',
          ageFrom: 27,
          ageTo: null,
          incidence: { central: 0.004 },
          incidenceRegion: 'China',
          incidenceSource: 'hand',
          unitValue: { central: 1000, currency: 'CNY', priceYear: 2016, source: 'hand' },
          notes: '',
        },
      ],
      vsl: { ...params.vsl, low: params.vsl.central, high: params.vsl.central },
    };
    const one: HealthInput = {
      regions: ['A', 'B'],
      population: { regions: ['A', 'B'], unit: 'persons', values: Float64Array.of(1e6, 3e6) },
      pmBaseline: { regions: ['A', 'B'], unit: 'µg/m³', values: Float64Array.of(50, 50) },
      pmCounterfactual: { regions: ['A', 'B'], unit: 'µg/m³', values: Float64Array.of(40, 40) },
      incomePerCapita: { regions: ['A', 'B'], unit: 'CNY', values: Float64Array.of(100000, 50000) },
    };
    const model = buildHealthModel(fixed, { draws: 50, thresholds: [10], priceYear: 2017 });
    const a = assessDamage(model, one);
    // share of ages 27+: 3/5 of band 25–29 plus all bands ≥ 30
    const s = params.ageStructure;
    let share27 = (3 / 5) * s.shares[5];
    for (let i = 6; i < s.ageStarts.length; i++) share27 += s.shares[i];
    expect(ageShare(s, 27, null)).toBeCloseTo(share27, 15);
    const cases = 1e6 * share27 * 0.004 * (Math.exp(-0.01 * 30) - Math.exp(-0.01 * 40));
    const row = a.rows.find(
      (x) => x.endpoint === 'test_endpoint' && x.region === 'A' && x.quantity === 'cases',
    )!;
    expect(row.summary.mean).toBeCloseTo(cases, 9);
    expect(row.summary.p025).toBeCloseTo(cases, 9); // no spread
    const money = a.rows.find(
      (x) => x.endpoint === 'test_endpoint' && x.region === 'A' && x.quantity === 'money',
    )!;
    expect(money.summary.mean / cases).toBeCloseTo(1000 * 1.016, 9); // CPI 2017 / 2016 = 1.016
    expect(money.unit).toBe('CNY (2017 prices)');
    // VSL: 4.76 M CNY 2019 → 2017 prices: / (1.021 · 1.029); transfer (inc/ref)^0.8, ref = pop-weighted mean
    const vsl2017 = 4.76e6 / (1.021 * 1.029);
    expect(model.vsl[0]).toBeCloseTo(vsl2017, 6);
    const ref = (1e6 * 100000 + 3e6 * 50000) / 4e6;
    const deaths = a.rows.find((x) => x.endpoint === 'IHD' && x.region === 'A' && x.quantity === 'deaths')!
      .summary.mean;
    const ihdMoney = a.rows.find((x) => x.endpoint === 'IHD' && x.region === 'A' && x.quantity === 'money')!
      .summary.mean;
    expect(ihdMoney / deaths).toBeCloseTo(vsl2017 * (100000 / ref) ** 0.8, 4);
    expect(a.conventions.vslTransfer).toBe('income-elasticity');
  });

  it('endpoints without a unit value are counted but not valued, and the notes say so', () => {
    const a = assessDamage(buildHealthModel(params, { draws: 20 }), input);
    expect(a.rows.some((r) => r.endpoint === 'acute_bronchitis' && r.quantity === 'cases')).toBe(true);
    expect(a.rows.some((r) => r.endpoint === 'acute_bronchitis' && r.quantity === 'money')).toBe(false);
    expect(
      a.notes.some((n) => n.startsWith('acute bronchitis') && n.includes('left out of the money sum')),
    ).toBe(true);
    expect(a.notes.some((n) => n.startsWith('asthma attacks: left out'))).toBe(true);
    // money_total = Σ valued endpoints' money per draw
    const t = a.drawTotals[0];
    const G = regions.length;
    expect(t.money.length).toBe(20 * G);
  });
});

describe('Monte Carlo reproducibility and the mean-only path', () => {
  const opts = { draws: 200, airModelRelativeSd: 0.2, mortalityRateRelativeSd: 0.1 };
  it('same seed → identical output; different seed → different', () => {
    const a = JSON.stringify(assessDamage(buildHealthModel(params, { ...opts, seed: 42 }), input).rows);
    const b = JSON.stringify(assessDamage(buildHealthModel(params, { ...opts, seed: 42 }), input).rows);
    const c = JSON.stringify(assessDamage(buildHealthModel(params, { ...opts, seed: 43 }), input).rows);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
  it('meanDamage equals the means of assessDamage and of its per-draw totals', () => {
    const model = buildHealthModel(params, { ...opts, seed: 5 });
    const a = assessDamage(model, input);
    const m = meanDamage(model, input);
    for (let t = 0; t < 3; t++) {
      for (let r = 0; r < 3; r++) {
        const row = (e: string) =>
          a.rows.find((x) => x.region === regions[r] && x.endpoint === e && x.threshold === a.thresholds[t])!
            .summary.mean;
        expect(m.deaths[t][r]).toBeCloseTo(row('deaths_total'), 9);
        expect(Math.abs(m.money[t][r] - row('money_total'))).toBeLessThanOrEqual(
          1e-12 * Math.abs(row('money_total')),
        );
        expect(Math.abs(m.morbidityCases[t][r] - row('morbidity_cases_total'))).toBeLessThanOrEqual(
          1e-12 * Math.abs(row('morbidity_cases_total')),
        );
        let s = 0;
        for (let d = 0; d < 200; d++) s += a.drawTotals[t].deaths[d * 3 + r];
        expect(s / 200).toBeCloseTo(m.deaths[t][r], 9);
      }
    }
  });
  it('common random numbers: identical concentrations give exactly zero damage in every draw', () => {
    const same: HealthInput = { ...input, pmCounterfactual: input.pmBaseline };
    const a = assessDamage(buildHealthModel(params, { draws: 100, mortalityRateRelativeSd: 0.1 }), same);
    for (const t of a.drawTotals) {
      expect(t.deaths.every((x) => x === 0)).toBe(true);
      expect(t.money.every((x) => x === 0)).toBe(true);
    }
  });
  it('gbd-tmrel: mortality does not depend on the threshold', () => {
    const a = assessDamage(buildHealthModel(params, { draws: 100, thresholdReading: 'gbd-tmrel' }), input);
    const ihd = a.rows.filter((x) => x.endpoint === 'IHD' && x.region === 'A' && x.quantity === 'deaths');
    expect(ihd.length).toBe(3);
    expect(new Set(ihd.map((x) => x.summary.mean)).size).toBe(1);
  });
});

describe('input checks', () => {
  const model = () => buildHealthModel(params, { draws: 10 });
  it('rejects negative population, out-of-range PM2.5 and mismatched regions', () => {
    for (const bad of [-1, 0, 2e10])
      expect(() => assessDamage(model(), { ...input, population: vec('persons', [1, bad, 1]) })).toThrow(
        /population: .* for B; expected more than 0 and at most 10000000000 persons/,
      );
    expect(() => assessDamage(model(), { ...input, pmBaseline: vec('µg/m³', [1, 600, 1]) })).toThrow(
      /outside/,
    );
    expect(() =>
      assessDamage(model(), {
        ...input,
        pmBaseline: { regions: ['A', 'C', 'B'], unit: 'µg/m³', values: Float64Array.of(1, 2, 3) },
      }),
    ).toThrow(/regions differ/);
  });
});
