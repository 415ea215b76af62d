import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceFactor } from '../../src/health/valuation.ts';
import {
  readGemmParameters,
  readIerDraws,
  readMorbidity,
  readNationalAgeStructure,
  readPriceIndex,
  readVsl,
} from '../../src/io/healthParameters.ts';
import { InputError } from '../../src/io/inputError.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vchain-healthparams-'));

describe('health parameter files', () => {
  it('GBD 2017 IER: 33 cause × age rows (IHD/STROKE 25..95+), 1000 draws, zcf in [2.4, 5.9]', () => {
    const s = readIerDraws('data/sources/health/ier2017_draws.csv', 'ier2017');
    expect(s.curves.length).toBe(33);
    expect(s.topAgeBand).toBe(95);
    expect(s.draws).toBe(1000);
    for (const c of s.curves) for (const z of c.zcf) expect(z >= 2.4 && z <= 5.9).toBe(true);
  });
  it('GEMM: five causes, IHD/STROKE by age, NCD+LRI rows skipped', () => {
    const g = readGemmParameters('data/sources/health/gemm_parameters.csv');
    expect(new Set(g.curves.map((c) => c.cause))).toEqual(new Set(['IHD', 'STROKE', 'COPD', 'LC', 'LRI']));
    expect(g.curves.filter((c) => c.cause === 'IHD').length).toBe(13); // ALL + 25..80
    expect(g.topAgeBand).toBe(80);
  });
  it('age structure sums to 1 over bands 0..95', () => {
    const a = readNationalAgeStructure('data/sources/health/china_age_structure_share_2015.csv');
    expect(a.ageStarts).toEqual(Array.from({ length: 20 }, (_, k) => 5 * k));
    expect(a.shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
  });
  it('CPI chain: 2017/2016 = 1.016, 2019 → 2017 = 1/(1.021·1.029)', () => {
    const cpi = readPriceIndex('data/health/china_cpi_annual.csv');
    expect(priceFactor(cpi, 2016, 2017)).toBeCloseTo(1.016, 14);
    expect(priceFactor(cpi, 2019, 2017)).toBeCloseTo(1 / (1.021 * 1.029), 14);
    expect(() => priceFactor(cpi, 2019, 2010)).toThrow(/price index/);
  });
  it('VSL default is checked against the literature table', () => {
    const { vsl, elasticity } = readVsl(
      'data/health/vsl_default.csv',
      'data/sources/health/china-literature/china_vsl_estimates.csv',
    );
    expect([vsl.central, vsl.low, vsl.high, vsl.priceYear, vsl.currency]).toEqual([
      4.76e6,
      3.79e6,
      6.36e6,
      2019,
      'CNY',
    ]);
    expect(elasticity).toBe(0.8);
    const bad = join(tmp, 'vsl.csv');
    writeFileSync(bad, readFileSync('data/health/vsl_default.csv', 'utf8').replace('4760000', '4770000'));
    expect(() => readVsl(bad, 'data/sources/health/china-literature/china_vsl_estimates.csv')).toThrow(
      InputError,
    );
  });
  it('morbidity table: three endpoints, HRAPIE betas = ln(RR)/10, asthma excluded with a reason', () => {
    const m = readMorbidity('data/health/morbidity_parameters.csv', 'data/health/excluded_morbidity.csv');
    expect(m.included.map((e) => e.id)).toEqual([
      'chronic_bronchitis',
      'cardiovascular_hospital_admission',
      'acute_bronchitis',
    ]);
    const cb = m.included[0];
    expect(cb.beta.central).toBeCloseTo(Math.log(1.117) / 10, 15);
    expect(cb.beta.low).toBeCloseTo(Math.log(1.04) / 10, 15);
    expect(cb.beta.high).toBeCloseTo(Math.log(1.189) / 10, 15);
    expect(cb.coefficientPollutant).toBe('PM10');
    expect(m.included[1].unitValue).toMatchObject({ central: 8604.7, currency: 'CNY', priceYear: 2016 });
    expect(m.included[2].unitValue).toBeUndefined();
    expect(m.excluded.map((e) => e.id)).toEqual(['asthma_attack']);
    const bad = join(tmp, 'morb.csv');
    const text = readFileSync('data/health/morbidity_parameters.csv', 'utf8').split('\n');
    text[2] = text[2].replace('0.00068,0.00043,0.00093', '0.00068,0.00093,0.00043');
    writeFileSync(bad, text.join('\n'));
    expect(() => readMorbidity(bad, 'data/health/excluded_morbidity.csv')).toThrow(
      /row 3, column beta_per_ugm3/,
    );
  });
});
