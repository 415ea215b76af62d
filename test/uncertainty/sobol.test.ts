import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/health/sampling.ts';
import { bootstrapIntervals, type PickFreezeSample, sobolIndices } from '../../src/uncertainty/sobol.ts';

/**
 * The estimators against functions whose Sobol indices are known in closed form: the Ishigami
 * function (a = 7, b = 0.1; Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer",
 * ch. 4 exercise 5, with the corrected V13 of Sobol' & Levitan) and a linear model with grouped
 * inputs. The sample is plain Monte Carlo from a seeded stream, so the tolerances are a few
 * standard errors of the estimators at the chosen N, fixed by the seed.
 */

/** Builds f(A), f(B), f(A_B^(g)) for a model of d inputs split into groups of input indices. */
function pickFreeze(
  f: (x: Float64Array) => number,
  draw: (s: RandomStream) => number,
  d: number,
  groups: readonly (readonly number[])[],
  N: number,
  seed: number,
): PickFreezeSample {
  const s = new RandomStream(seed, 0);
  const fA = new Float64Array(N);
  const fB = new Float64Array(N);
  const fAB = groups.map(() => new Float64Array(N));
  const a = new Float64Array(d);
  const b = new Float64Array(d);
  const h = new Float64Array(d);
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < d; i++) a[i] = draw(s);
    for (let i = 0; i < d; i++) b[i] = draw(s);
    fA[j] = f(a);
    fB[j] = f(b);
    groups.forEach((g, k) => {
      h.set(a);
      for (const i of g) h[i] = b[i];
      fAB[k][j] = f(h);
    });
  }
  return { fA, fB, fAB };
}

const A = 7;
const B = 0.1;
const ishigami = (x: Float64Array) =>
  Math.sin(x[0]) + A * Math.sin(x[1]) ** 2 + B * x[2] ** 4 * Math.sin(x[0]);
const uniformPi = (s: RandomStream) => -Math.PI + 2 * Math.PI * s.uniform();

/** Closed-form partial variances of the Ishigami function (inputs uniform on [−π, π]). */
function ishigamiReference() {
  const pi4 = Math.PI ** 4;
  const pi8 = Math.PI ** 8;
  const V = 0.5 + A ** 2 / 8 + (B * pi4) / 5 + (B ** 2 * pi8) / 18;
  const V1 = 0.5 + (B * pi4) / 5 + (B ** 2 * pi8) / 50;
  const V2 = A ** 2 / 8;
  const V13 = (8 * B ** 2 * pi8) / 225;
  return { first: [V1 / V, V2 / V, 0], total: [(V1 + V13) / V, V2 / V, V13 / V] };
}

describe('Sobol estimators (Saltelli 2010 first order, Jansen 1999 total)', () => {
  it('the closed form gives the published Ishigami indices', () => {
    // Published (e.g. scipy.stats tests, from Saltelli et al. 2008): S = 0.31390519, 0.44241114, 0;
    // ST = 0.55758886, 0.44241114, 0.24368366.
    const ref = ishigamiReference();
    const published = { first: [0.31390519, 0.44241114, 0], total: [0.55758886, 0.44241114, 0.24368366] };
    for (let i = 0; i < 3; i++) {
      expect(ref.first[i]).toBeCloseTo(published.first[i], 8);
      expect(ref.total[i]).toBeCloseTo(published.total[i], 8);
    }
  });

  it('recovers the Ishigami indices (N = 2^15)', () => {
    const ref = ishigamiReference();
    const s = pickFreeze(ishigami, uniformPi, 3, [[0], [1], [2]], 2 ** 15, 11);
    const r = sobolIndices(s);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(r.first[i] - ref.first[i]), `S${i + 1}`).toBeLessThan(0.03);
      expect(Math.abs(r.total[i] - ref.total[i]), `ST${i + 1}`).toBeLessThan(0.02);
    }
    const ci = bootstrapIntervals(s, 200, new RandomStream(5, 0));
    for (let i = 0; i < 3; i++) {
      // the bootstrap interval brackets the truth and is a few hundredths wide
      expect(ci.total[i].low).toBeLessThan(ref.total[i] + 0.005);
      expect(ci.total[i].high).toBeGreaterThan(ref.total[i] - 0.005);
      expect(ci.first[i].high - ci.first[i].low).toBeLessThan(0.1);
    }
  });

  it('does not depend on the output’s level (Ishigami + 1000, N = 2^13)', () => {
    const ref = ishigamiReference();
    const s = pickFreeze((x) => ishigami(x) + 1000, uniformPi, 3, [[0], [1], [2]], 2 ** 13, 17);
    const r = sobolIndices(s);
    for (let i = 0; i < 3; i++) expect(Math.abs(r.first[i] - ref.first[i]), `S${i + 1}`).toBeLessThan(0.05);
  });

  it('recovers grouped indices of a linear model (S = ST = Σ a_i²σ_i² of the group / V)', () => {
    // Y = Σ a_i X_i, X_i ~ N(0, 1): no interactions, so first-order = total = a_i² / Σ a².
    const a = [1, 2, 0.5, 3, 0];
    const groups = [[0, 1], [2], [3, 4]];
    const V = a.reduce((t, x) => t + x * x, 0);
    const truth = groups.map((g) => g.reduce((t, i) => t + a[i] * a[i], 0) / V);
    const s = pickFreeze(
      (x) => a.reduce((t, ai, i) => t + ai * x[i], 0),
      (st) => st.normal(),
      a.length,
      groups,
      2 ** 14,
      3,
    );
    const r = sobolIndices(s);
    expect(r.variance).toBeCloseTo(V, 0);
    groups.forEach((_, g) => {
      expect(Math.abs(r.first[g] - truth[g]), `S of group ${g}`).toBeLessThan(0.03);
      expect(Math.abs(r.total[g] - truth[g]), `ST of group ${g}`).toBeLessThan(0.02);
    });
  });

  it('gives NaN indices (not a division by zero) for an output that does not vary', () => {
    const s = pickFreeze(() => 4, uniformPi, 2, [[0], [1]], 16, 1);
    const r = sobolIndices(s);
    expect(r.variance).toBe(0);
    expect(Number.isNaN(r.first[0])).toBe(true);
  });
});
