import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ierRelativeRisk } from '../../src/health/exposureResponse.ts';
import { quantileSorted } from '../../src/health/summary.ts';
import { readIerDraws } from '../../src/io/healthParameters.ts';

// ier2015_rr_summary.csv: RR per draw, then summarised (PROVENANCE.md), printed to 6 decimals.
const summary = Papa.parse<Record<string, string>>(
  readFileSync('data/sources/health/ier2015_rr_summary.csv', 'utf8'),
  {
    header: true,
    skipEmptyLines: true,
  },
).data;
const set = readIerDraws('data/sources/health/ier2015_draws.csv', 'ier2015');

describe('GBD 2015 IER summaries reproduced from the 1000 joint draws', () => {
  it('27 cause × age rows of 1000 draws, top band 80+', () => {
    expect(set.curves.length).toBe(27);
    expect(set.draws).toBe(1000);
    expect(set.topAgeBand).toBe(80);
  });
  it('mean, median, 2.5 % and 97.5 % at 10/35/50/75/100 µg/m³ to the printed 6 decimals', () => {
    let checked = 0;
    for (const cv of set.curves) {
      const age = cv.ageStart === null ? 'ALL' : String(cv.ageStart);
      for (const z of [10, 35, 50, 75, 100]) {
        const row = summary.find((r) => r.cause === cv.cause && r.age_start === age && Number(r.pm25) === z);
        expect(row, `${cv.cause} ${age} ${z}`).toBeDefined();
        const rr = new Float64Array(set.draws);
        for (let d = 0; d < set.draws; d++)
          rr[d] = ierRelativeRisk(z, cv.alpha[d], cv.gamma[d], cv.delta[d], cv.zcf[d]);
        const mean = rr.reduce((s, x) => s + x, 0) / rr.length;
        const sorted = Float64Array.from(rr).sort();
        expect(Math.abs(mean - Number(row!.rr_mean)), `${cv.cause} ${age} ${z} mean`).toBeLessThan(5.1e-7);
        expect(Math.abs(quantileSorted(sorted, 0.5) - Number(row!.rr_median))).toBeLessThan(5.1e-7);
        expect(Math.abs(quantileSorted(sorted, 0.025) - Number(row!.rr_p025))).toBeLessThan(5.1e-7);
        expect(Math.abs(quantileSorted(sorted, 0.975) - Number(row!.rr_p975))).toBeLessThan(5.1e-7);
        checked++;
      }
    }
    expect(checked).toBe(135);
  });
  it('a curve from median parameters is not the median curve (why draws are evaluated jointly)', () => {
    const cv = set.curves.find((c) => c.cause === 'COPD')!;
    const med = (a: Float64Array) => quantileSorted(Float64Array.from(a).sort(), 0.5);
    const fromMedians = ierRelativeRisk(35, med(cv.alpha), med(cv.gamma), med(cv.delta), med(cv.zcf));
    const row = summary.find((r) => r.cause === 'COPD' && Number(r.pm25) === 35)!;
    expect(Math.abs(fromMedians - Number(row.rr_median))).toBeGreaterThan(1e-3);
  });
});
