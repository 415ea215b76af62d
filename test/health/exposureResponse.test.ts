import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  attributableFraction,
  avoidableFraction,
  gemmRelativeRisk,
  gemmRelativeRiskThresholded,
  ierRelativeRisk,
  ierRelativeRiskThresholded,
  logLinearRelativeRisk,
} from '../../src/health/exposureResponse.ts';

// Published/computed vectors (R double precision, 12 significant digits): data/sources/PROVENANCE.md
const vectors = Papa.parse<Record<string, string>>(
  readFileSync('data/sources/health/health_function_test_vectors.csv', 'utf8'),
  { header: true, skipEmptyLines: true },
).data;

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('exposure–response functions against health_function_test_vectors.csv', () => {
  it('has the 144 vectors (GEMM, IER single-curve fits, log-linear)', () => {
    expect(vectors.length).toBe(144);
  });
  for (const fn of ['GEMM', 'IER', 'LOGLINEAR_DELTA']) {
    it(`${fn}: RR and AF to 1e-9 relative`, () => {
      const rows = vectors.filter((v) => v.fn === fn);
      expect(rows.length).toBeGreaterThan(0);
      for (const v of rows) {
        const z = Number(v.pm25);
        const p = [v.p1, v.p2, v.p3, v.p4].map(Number);
        const cf = Number(v.cf);
        const rr =
          fn === 'GEMM'
            ? gemmRelativeRisk(z, p[0], p[1], p[2], p[3], cf)
            : fn === 'IER'
              ? ierRelativeRisk(z, p[0], p[1], p[2], cf)
              : logLinearRelativeRisk(z, p[0], cf);
        expect(rel(rr, Number(v.rr)), `${v.label} z=${z}`).toBeLessThan(1e-9);
        const af = attributableFraction(rr);
        // The vectors' AF carries the 12-digit rounding of RR: |ΔAF| ≈ 5e-12 absolute, so small AFs
        // (β = 0.00068 at 2.4 µg/m³: AF = 0.0016) are checked to 1e-11 absolute (exact AF there:
        // −expm1(−0.00068·2.4) = 0.00163066901215585, the vector prints 0.0016306690154).
        expect(Math.abs(af - Number(v.af)), `${v.label} z=${z} AF`).toBeLessThan(
          Math.max(1e-11, 1e-9 * Math.abs(af)),
        );
      }
    });
  }
});

describe('threshold readings on a hand-computed curve (α=1, γ=0.1, δ=1, z_cf=3)', () => {
  const p = { alpha: 1, gamma: 0.1, delta: 1, zcf: 3 };
  // RR(z) = 2 − exp(−0.1 (z − z0)) for z > z0
  it('C = 20, T = 10', () => {
    expect(ierRelativeRiskThresholded(20, p, 10, 'gbd-tmrel')).toBeCloseTo(1.8173164759472653, 14); // 2 − e^−1.7
    expect(ierRelativeRiskThresholded(20, p, 10, 'floor')).toBeCloseTo(1.632120558828558, 14); // 2 − e^−1.0
    expect(ierRelativeRiskThresholded(20, p, 10, 'shift')).toBeCloseTo(1.632120558828558, 14);
    // (2 − e^−1.7)/(2 − e^−0.7)
    expect(ierRelativeRiskThresholded(20, p, 10, 'ratio')).toBeCloseTo(
      1.8173164759472653 / 1.5034146962085906,
      14,
    );
  });
  it('T = 2 below z_cf: floor keeps z_cf, shift moves to T, ratio divides by RR(2) = 1', () => {
    expect(ierRelativeRiskThresholded(20, p, 2, 'floor')).toBeCloseTo(1.8173164759472653, 14);
    expect(ierRelativeRiskThresholded(20, p, 2, 'shift')).toBeCloseTo(1.8347011117784136, 14); // 2 − e^−1.8
    expect(ierRelativeRiskThresholded(20, p, 2, 'ratio')).toBeCloseTo(1.8173164759472653, 14);
  });
  it('C = 8 below T = 10: no effect except under gbd-tmrel', () => {
    for (const r of ['floor', 'shift', 'ratio'] as const)
      expect(ierRelativeRiskThresholded(8, p, 10, r)).toBe(1);
    expect(ierRelativeRiskThresholded(8, p, 10, 'gbd-tmrel')).toBeCloseTo(2 - Math.exp(-0.5), 14);
  });
  it('GEMM readings: floor = shift for T ≥ cf, ratio = RR(C)/RR(T)', () => {
    const g = { theta: 0.2969, alpha: 1.9, mu: 12, nu: 40.2, cf: 2.4 };
    const direct = (z: number, cf: number) => gemmRelativeRisk(z, g.theta, g.alpha, g.mu, g.nu, cf);
    expect(gemmRelativeRiskThresholded(35, g, 10, 'floor')).toBe(direct(35, 10));
    expect(gemmRelativeRiskThresholded(35, g, 10, 'shift')).toBe(direct(35, 10));
    expect(gemmRelativeRiskThresholded(35, g, 10, 'ratio')).toBeCloseTo(
      direct(35, 2.4) / direct(10, 2.4),
      14,
    );
    expect(gemmRelativeRiskThresholded(35, g, 10, 'gbd-tmrel')).toBe(direct(35, 2.4));
  });
});

describe('counterfactual accounting', () => {
  it('difference = 1/RR_cf − 1/RR_b and pif = RR_cf · difference', () => {
    for (const [rb, rc] of [
      [1.5, 1.2],
      [2.3, 1],
      [1.1, 1.4],
      [3.7, 3.69],
    ]) {
      const diff = avoidableFraction(rb, rc, 'difference');
      const pif = avoidableFraction(rb, rc, 'pif');
      expect(diff).toBeCloseTo(attributableFraction(rb) - attributableFraction(rc), 15);
      expect(pif).toBeCloseTo((rb - rc) / rb, 15);
      expect(pif).toBeCloseTo(rc * diff, 15);
    }
  });
});
