import { beforeAll, describe, expect, it } from 'vitest';
import { assessDamage, assessDamageAndBurden } from '../../src/health/assess.ts';
import { buildHealthModel } from '../../src/health/model.ts';
import type { HealthAssessment, HealthInput, HealthParameters } from '../../src/health/types.ts';
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
  pmCounterfactual: vec('µg/m³', [48, 7, 36]),
  incomePerCapita: vec('CNY per person', [90000, 40000, 60000]),
};
const zeroCf: HealthInput = { ...input, pmCounterfactual: vec('µg/m³', [0, 0, 0]) };

function sameTotals(a: HealthAssessment, b: HealthAssessment): void {
  expect(a.drawTotals.length).toBe(b.drawTotals.length);
  for (let t = 0; t < a.drawTotals.length; t++) {
    // Bit for bit: the fused pass does the same arithmetic in the same order.
    expect(Array.from(a.drawTotals[t].deaths)).toEqual(Array.from(b.drawTotals[t].deaths));
    expect(Array.from(a.drawTotals[t].morbidityCases)).toEqual(Array.from(b.drawTotals[t].morbidityCases));
    expect(Array.from(a.drawTotals[t].money)).toEqual(Array.from(b.drawTotals[t].money));
  }
}

describe('assessDamageAndBurden', () => {
  const cases = [
    { erf: 'ier2015' as const },
    { erf: 'gemm' as const },
    { erf: 'ier2017' as const, thresholdReading: 'shift' as const, accounting: 'pif' as const },
    { erf: 'ier2015' as const, airModelRelativeSd: 0.2, mortalityRateRelativeSd: 0.1 },
  ];
  for (const extra of cases) {
    it(`equals two separate assessments (${JSON.stringify(extra)})`, () => {
      const model = buildHealthModel(params, { draws: 64, thresholds: [5, 10, 15], seed: 11, ...extra });
      const both = assessDamageAndBurden(model, input);
      const damage = assessDamage(model, input);
      const burden = assessDamage(model, zeroCf);
      sameTotals(both.damage, damage);
      sameTotals(both.burden, burden);
      expect(both.damage.rows).toEqual(damage.rows);
      expect(both.burden.rows).toEqual(burden.rows);
      // The burden is positive where the baseline exceeds the threshold (sanity, not a tautology).
      expect(
        burden.rows.find((r) => r.region === 'A' && r.endpoint === 'deaths_total')!.summary.mean,
      ).toBeGreaterThan(0);
    });
  }

  it("summaries 'means' gives the rows' per-endpoint means and no rows", () => {
    const model = buildHealthModel(params, { draws: 64, thresholds: [5, 10], seed: 3 });
    const full = assessDamage(model, input);
    const lean = assessDamage(model, input, { summaries: 'means' });
    expect(lean.rows).toHaveLength(0);
    sameTotals(lean, full);
    const E = full.endpoints.length;
    for (const row of full.rows) {
      if (row.quantity === 'money' || row.region === 'TOTAL' || !row.endpoint.match(/^[A-Za-z]/)) continue;
      const e = full.endpoints.findIndex((x) => x.id === row.endpoint);
      if (e < 0) continue;
      const t = full.thresholds.indexOf(row.threshold);
      const r = regions.indexOf(row.region);
      expect(lean.endpointMeans![(t * E + e) * regions.length + r]).toBe(row.summary.mean);
    }
  });
});
