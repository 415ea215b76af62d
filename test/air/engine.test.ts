import { describe, expect, it } from 'vitest';
import { oneAtATime, shapleyBySource } from '../../src/air/attribution.ts';
import { designRng, latinHypercube } from '../../src/air/design.ts';
import { type CtmRunSet, fitResponseSurface } from '../../src/air/fitting.ts';
import { householderLeastSquares } from '../../src/air/leastSquares.ts';
import {
  concentrationChange,
  concentrationGradient,
  predictConcentrations,
} from '../../src/air/prediction.ts';
import {
  baselineRatios,
  DEFAULT_TERM_SET,
  type EmissionRatios,
  type MonomialTerm,
  type ResponseSurface,
} from '../../src/air/responseSurface.ts';
import { candidateTerms, evaluateTerm } from '../../src/air/termLibrary.ts';
import { ratiosOutsideTrainingRange } from '../../src/air/validity.ts';
import { PRECURSORS, type Precursor } from '../../src/mrio/model.ts';

const REGIONS = ['A', 'B', 'C'];
const G = REGIONS.length;
const NIN = G * 5;
const BASE = Float64Array.from([40, 30, 20]);

/** A known polynomial per receptor on the default library (nearby = the other two regions). */
function knownPolynomial(seed: number): { terms: MonomialTerm[][]; coef: Float64Array[] } {
  const rng = designRng(seed, 3);
  const terms: MonomialTerm[][] = [];
  const coef: Float64Array[] = [];
  for (let i = 0; i < G; i++) {
    const near = [0, 1, 2].filter((j) => j !== i);
    const t = candidateTerms(i, near, G, DEFAULT_TERM_SET);
    terms.push(t);
    coef.push(Float64Array.from(t, () => (rng.next() / 2 ** 31) * 3));
  }
  return { terms, coef };
}

function runsFor(
  poly: { terms: MonomialTerm[][]; coef: Float64Array[] },
  n: number,
  seed: number,
): CtmRunSet {
  const ratios = latinHypercube(n, NIN, 0, 1.5, designRng(seed));
  const deltas = ratios.map((e) => e - 1);
  const conc = new Float64Array(n * G);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < G; i++) {
      let s = BASE[i];
      poly.terms[i].forEach((t, c) => {
        s += poly.coef[i][c] * evaluateTerm(t, deltas, k * NIN);
      });
      conc[k * G + i] = s;
    }
  return {
    regions: REGIONS,
    scenarios: Array.from({ length: n }, (_, k) => `r${k}`),
    ratios,
    concentrations: conc,
  };
}

const emissions = {
  regions: REGIONS,
  unit: 't' as const,
  byPrecursor: Object.fromEntries(
    PRECURSORS.map((p, k) => [p, Float64Array.from([100 + k, 200, 300 - k])]),
  ) as Record<Precursor, Float64Array>,
};

async function fitted(
  poly: ReturnType<typeof knownPolynomial>,
  opts: Parameters<typeof fitResponseSurface>[2],
) {
  return fitResponseSurface(
    runsFor(poly, 260, 11),
    {
      baselineEmissions: emissions,
      baselineConcentration: { regions: REGIONS, unit: 'µg/m³', values: BASE },
      provenance: {
        ctmKind: 'ctm-runs',
        label: 'synthetic polynomial',
        description: 'test',
        baselineEmissionsSource: 'test',
        validationRuns: 0,
        design: 'LHS',
        builtWith: 'test',
      },
    },
    { folds: 0, ridge: 0, ...opts },
  );
}

function ratiosFrom(values: (j: number, p: number) => number): EmissionRatios {
  const ratios = {} as Record<Precursor, Float64Array>;
  PRECURSORS.forEach((p, pi) => {
    ratios[p] = Float64Array.from(REGIONS, (_, j) => values(j, pi));
  });
  return { regions: REGIONS, ratios };
}

describe('Householder least squares', () => {
  it('solves an overdetermined system exactly when consistent, and matches the projection otherwise', () => {
    // X = [[1,0],[1,1],[1,2]] (column-major), y = [1,2,4]: LS solution [5/6, 3/2]
    const X = Float64Array.from([1, 1, 1, 0, 1, 2]);
    const b = householderLeastSquares(X, 3, 2, Float64Array.from([1, 2, 4])).coefficients;
    expect(b[0]).toBeCloseTo(5 / 6, 14);
    expect(b[1]).toBeCloseTo(1.5, 14);
  });
  it('ridge by augmentation equals the closed form on one column', () => {
    // min |x b - y|² + λ|x|² b²  →  b = x·y / ((1+λ)|x|²)
    const x = Float64Array.from([1, 2, 3]);
    const y = Float64Array.from([2, 1, 5]);
    const lam = 0.3;
    const b = householderLeastSquares(x, 3, 1, y, lam).coefficients[0];
    expect(b).toBeCloseTo(19 / (1.3 * 14), 14);
  });
});

describe('pf-ERSM fitting', () => {
  const poly = knownPolynomial(5);
  it('recovers a known polynomial’s coefficients to 1e-8 (fixed terms, no ridge)', async () => {
    const m = await fitted(poly, { fixedTerms: poly.terms });
    for (let i = 0; i < G; i++)
      for (let c = 0; c < poly.terms[i].length; c++)
        expect(Math.abs(m.receptors[i].coefficients[c] - poly.coef[i][c])).toBeLessThan(1e-8);
  });
  it('stepwise selection on the full library finds the sparse truth', async () => {
    const sparse = {
      terms: poly.terms.map((t) => t.filter((_, c) => c % 4 === 0)),
      coef: poly.coef.map((c) => c.filter((_, k) => k % 4 === 0)),
    };
    const m = await fitted(sparse, {});
    for (let i = 0; i < G; i++) {
      const key = (t: MonomialTerm) => t.vars.map((v, f) => `${v}^${t.exps[f]}`).join('*');
      const got = new Map(m.receptors[i].terms.map((t, c) => [key(t), m.receptors[i].coefficients[c]]));
      sparse.terms[i].forEach((t, c) => {
        expect(Math.abs((got.get(key(t)) ?? Number.NaN) - sparse.coef[i][c])).toBeLessThan(1e-8);
      });
    }
  });
  it('reproduces the baseline exactly and flags extrapolation', async () => {
    const m = await fitted(poly, { fixedTerms: poly.terms });
    const c = predictConcentrations(m, baselineRatios(REGIONS));
    for (let i = 0; i < G; i++) expect(c.values[i]).toBe(BASE[i]);
    expect(ratiosOutsideTrainingRange(m, baselineRatios(REGIONS))).toEqual([]);
    const out = ratiosOutsideTrainingRange(
      m,
      ratiosFrom((j, p) => (j === 1 && p === 2 ? 1.8 : 1)),
    );
    expect(out.map((o) => [o.region, o.precursor, o.ratio])).toEqual([['B', 'NH3', 1.8]]);
  });
});

describe('attribution and gradient', async () => {
  const poly = knownPolynomial(9);
  const m: ResponseSurface = await fitted(poly, { fixedTerms: poly.terms });
  const scen = ratiosFrom((j, p) => 0.3 + 0.1 * j + 0.17 * p);

  it('Shapley contributions (inputs and provinces) add up exactly to ΔC', () => {
    const d = concentrationChange(m, scen).values;
    for (const players of ['input', 'province'] as const) {
      const s = shapleyBySource(m, scen, players);
      for (let i = 0; i < G; i++) {
        let sum = 0;
        for (let j = 0; j < G; j++) sum += s.bySource.values.data[j * G + i];
        expect(Math.abs(sum - d[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(d[i])));
      }
    }
    const s = shapleyBySource(m, scen, 'input');
    for (let j = 0; j < G; j++)
      for (let i = 0; i < G; i++) {
        const byP = PRECURSORS.reduce((a, p) => a + s.bySourcePrecursor![p].values.data[j * G + i], 0);
        expect(byP).toBeCloseTo(s.bySource.values.data[j * G + i], 12);
      }
  });

  it('province Shapley equals the brute-force Shapley value over all coalitions', () => {
    // players = provinces; v(S) = ΔC with only the provinces in S changed
    const s = shapleyBySource(m, scen, 'province');
    const fact = [1, 1, 2, 6];
    const value = (mask: number) =>
      concentrationChange(
        m,
        ratiosFrom((j, p) => ((mask >> j) & 1 ? scen.ratios[PRECURSORS[p]][j] : 1)),
      ).values;
    for (let j = 0; j < G; j++) {
      const phi = new Float64Array(G);
      for (let mask = 0; mask < 1 << G; mask++) {
        if ((mask >> j) & 1) continue;
        const size = [0, 1, 2].filter((k) => (mask >> k) & 1).length;
        const w = (fact[size] * fact[G - size - 1]) / fact[G];
        const a = value(mask | (1 << j));
        const b = value(mask);
        for (let i = 0; i < G; i++) phi[i] += w * (a[i] - b[i]);
      }
      for (let i = 0; i < G; i++) expect(s.bySource.values.data[j * G + i]).toBeCloseTo(phi[i], 10);
    }
  });

  it('one-at-a-time (alone and removal) equals Shapley for a purely linear surface', () => {
    const lin: ResponseSurface = {
      ...m,
      receptors: m.receptors.map((r) => {
        const keep = r.terms
          .map((t, c) => (t.exps.length === 1 && t.exps[0] === 1 ? c : -1))
          .filter((c) => c >= 0);
        return {
          terms: keep.map((c) => r.terms[c]),
          coefficients: Float64Array.from(keep, (c) => r.coefficients[c]),
        };
      }),
    };
    const s = shapleyBySource(lin, scen, 'province');
    const o = oneAtATime(lin, scen);
    for (let k = 0; k < G * G; k++) {
      expect(o.alone.values.data[k]).toBeCloseTo(s.bySource.values.data[k], 12);
      expect(o.removal.values.data[k]).toBeCloseTo(s.bySource.values.data[k], 12);
    }
  });

  it('analytic gradient matches central finite differences', () => {
    const g = concentrationGradient(m, scen);
    const h = 1e-6;
    for (let j = 0; j < G; j++)
      PRECURSORS.forEach((p, pi) => {
        const up = concentrationChange(
          m,
          ratiosFrom((jj, pp) => scen.ratios[PRECURSORS[pp]][jj] + (jj === j && pp === pi ? h : 0)),
        ).values;
        const dn = concentrationChange(
          m,
          ratiosFrom((jj, pp) => scen.ratios[PRECURSORS[pp]][jj] - (jj === j && pp === pi ? h : 0)),
        ).values;
        for (let i = 0; i < G; i++) {
          const fd = (up[i] - dn[i]) / (2 * h);
          expect(g.perRatio[p].values.data[j * G + i]).toBeCloseTo(fd, 5);
          expect(g.perEmission[p].values.data[j * G + i]).toBeCloseTo(fd / emissions.byPrecursor[p][j], 8);
        }
      });
  });
});
