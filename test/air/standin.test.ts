import { describe, expect, it } from 'vitest';
import { designRng, latinHypercube } from '../../src/air/design.ts';
import { PRECURSOR_COUNT } from '../../src/air/responseSurface.ts';
import {
  ageFraction,
  buildStandinCtm,
  STANDIN_PARAMETERS,
  standinComponents,
  standinConcentrations,
  standinKernels,
} from '../../src/air/standinCtm.ts';
import { loadDefaultDataset } from '../../src/io/defaultDataset.ts';
import {
  loadDefaultResponseSurface,
  readObservedPm25,
  readStandinBaselineEmissions,
  readStandinGeography,
  STANDIN_SOURCES,
} from '../../src/io/responseSurfaceFile.ts';
import { PRECURSORS } from '../../src/mrio/model.ts';

const { codes, observed } = readObservedPm25();
const geo = readStandinGeography(codes, observed.regions);
const emissions = readStandinBaselineEmissions();
const { ctm, calibration } = buildStandinCtm(geo, emissions, observed, STANDIN_SOURCES.observed);
const G = ctm.regions.length;
const NIN = G * PRECURSOR_COUNT;
const ones = () => new Float64Array(NIN).fill(1);

describe('stand-in CTM (not CMAQ)', () => {
  it("baseline emissions are the default dataset's provincial totals (Σ sectors + direct), CSV and model", () => {
    // brute force from the dataset's satellites, independent of provincialEmissionTotals
    const mrio = loadDefaultDataset().mrio;
    const N = mrio.sectors.length;
    const model = loadDefaultResponseSurface();
    expect(emissions.regions).toEqual(mrio.regions);
    for (const p of PRECURSORS) {
      const sat = mrio.satellites.find((s) => s.kind === 'emission' && s.precursor === p)!;
      for (let j = 0; j < G; j++) {
        let want = sat.direct?.[j] ?? 0;
        for (let k = 0; k < N; k++) want += sat.values[j * N + k];
        expect(Math.abs(emissions.byPrecursor[p][j] - want)).toBeLessThanOrEqual(1e-9 * want);
        expect(Math.abs(model.baselineEmissions.byPrecursor[p][j] - want)).toBeLessThanOrEqual(1e-9 * want);
      }
    }
    // national totals are MEIC 2017 (Zheng et al. 2018), as the dataset's control totals
    const tg = { SO2: 10.5034, NOx: 21.9818, NH3: 10.2691, VOC: 28.6171, PPM: 7.61972 };
    for (const p of PRECURSORS) {
      const sum = emissions.byPrecursor[p].reduce((a, b) => a + b, 0) / 1e6;
      expect(Math.abs(sum - tg[p]) / tg[p]).toBeLessThan(1e-5);
    }
  });
  it('secondary aerosol forms on the way: F(t) rises then falls; primary decays', () => {
    const q = STANDIN_PARAMETERS.process.SO2;
    const kp = q.conversionPerHour + q.precursorLossPerHour;
    const ks = q.productLossPerHour;
    const tPeak = Math.log(kp / ks) / (kp - ks); // dF/dt = 0 (Bateman chain)
    expect(ageFraction(q, 0)).toBe(0);
    expect(ageFraction(q, tPeak)).toBeGreaterThan(ageFraction(q, 0.5 * tPeak));
    expect(ageFraction(q, tPeak)).toBeGreaterThan(ageFraction(q, 2 * tPeak));
    // small t: F ≈ k_c t
    expect(ageFraction(q, 1e-4) / 1e-4).toBeCloseTo(q.conversionPerHour, 6);
    const ppm = STANDIN_PARAMETERS.process.PPM;
    expect(ageFraction(ppm, 10)).toBeCloseTo(Math.exp(-10 * ppm.precursorLossPerHour), 14);
  });
  it('local kernel equals the disc average of the plume kernel (no decay: 8/(3π)·R / (πR² H u))', () => {
    const none = { conversionPerHour: 0, precursorLossPerHour: 0, productLossPerHour: 0 };
    const params = {
      ...STANDIN_PARAMETERS,
      process: { SO2: none, NOx: none, NH3: none, VOC: none, PPM: none },
    };
    const K = standinKernels(geo, params).PPM;
    const conv = 1e12 / (365.25 * 86400);
    for (const i of [0, 10, 25]) {
      const R = Math.sqrt((geo.areaKm2[i] * 1e6) / Math.PI);
      // brute-force disc mean of ∫ dA/(2π|x−y|) on a polar grid (midpoint rule)
      const n = 60;
      let mean = 0;
      let wsum = 0;
      for (let a = 0; a < n; a++) {
        const r = ((a + 0.5) / n) * R;
        for (let b = 0; b < n; b++) {
          const x = [
            r * Math.cos((2 * Math.PI * (b + 0.5)) / n),
            r * Math.sin((2 * Math.PI * (b + 0.5)) / n),
          ];
          // potential at x of the unit-density disc: ∫_0^{2π} ρ(φ) dφ, ρ the distance to the rim
          let pot = 0;
          for (let c = 0; c < 400; c++) {
            const phi = (2 * Math.PI * (c + 0.5)) / 400;
            const dx = Math.cos(phi);
            const dy = Math.sin(phi);
            const xd = x[0] * dx + x[1] * dy;
            pot += (-xd + Math.sqrt(xd * xd + R * R - r * r)) * ((2 * Math.PI) / 400);
          }
          mean += r * pot;
          wsum += r;
        }
      }
      mean /= wsum;
      const want =
        (conv * mean) /
        (2 * Math.PI) /
        (Math.PI * R * R * STANDIN_PARAMETERS.nearSourceMixingHeightM * STANDIN_PARAMETERS.windSpeedMs);
      expect(K[i * G + i] / want).toBeCloseTo(1, 2);
    }
  });
  it('is calibrated to observed 2017 provincial PM2.5', () => {
    const c = standinConcentrations(ctm, ones());
    for (let i = 0; i < G; i++) expect(c[i]).toBeCloseTo(observed.values[i], 6);
    expect(calibration.r).toBeGreaterThan(0.999999);
    expect(Math.abs(calibration.nmb)).toBeLessThan(1e-9);
  });
  it('more emissions of any precursor never lower PM2.5 anywhere', () => {
    const rows = latinHypercube(6, NIN, 0, 1.5, designRng(3));
    for (let k = 0; k < 6; k++) {
      const e = rows.slice(k * NIN, (k + 1) * NIN);
      const c0 = standinConcentrations(ctm, e);
      for (let v = 0; v < NIN; v += 7) {
        const up = e.slice();
        up[v] += 0.2;
        const c1 = standinConcentrations(ctm, up);
        for (let i = 0; i < G; i++) expect(c1[i]).toBeGreaterThanOrEqual(c0[i] - 1e-12);
      }
      // all precursors up together: strictly more PM2.5 everywhere
      const all = e.map((x) => x + 0.2);
      const c2 = standinConcentrations(ctm, all);
      for (let i = 0; i < G; i++) expect(c2[i]).toBeGreaterThan(c0[i]);
    }
  });
  it('nitrate is ammonia-limited where free ammonia is short: NH3 cuts bite harder there', () => {
    // nationwide 30 % cuts; compare the 3 most ammonia-limited with the 3 most ammonia-rich
    // receptors (free NH3 / HNO3 at baseline), among those with at least 3 µg/m³ nitrate
    const base = standinComponents(ctm, ones());
    const cut = (p: number) => {
      const e = ones();
      for (let j = 0; j < G; j++) e[j * PRECURSOR_COUNT + p] = 0.7;
      const after = standinComponents(ctm, e);
      return Float64Array.from(base.nitrate, (n, i) => (n - after.nitrate[i]) / n);
    };
    const nh3 = cut(2);
    const nox = cut(1);
    const ranked = Array.from({ length: G }, (_, i) => i)
      .filter((i) => base.nitrate[i] >= 3)
      .sort((a, b) => base.freeAmmoniaRatio[a] - base.freeAmmoniaRatio[b]);
    const limited = ranked.slice(0, 3);
    const rich = ranked.slice(-3);
    for (const i of limited) expect(base.freeAmmoniaRatio[i]).toBeLessThan(0.5);
    for (const i of rich)
      expect(base.freeAmmoniaRatio[i]).toBeGreaterThan(2 * base.freeAmmoniaRatio[limited[2]]);
    const mean = (idx: number[], x: Float64Array) => idx.reduce((s, i) => s + x[i], 0) / idx.length;
    expect(mean(limited, nh3)).toBeGreaterThan(mean(rich, nh3));
    // the classic indicator: nitrate responds to NH3 about as much as to NOx when ammonia is
    // limiting, and clearly less when ammonia is in excess
    expect(mean(limited, nh3) / mean(limited, nox)).toBeGreaterThan(mean(rich, nh3) / mean(rich, nox));
    for (const i of limited) expect(nh3[i] / nox[i]).toBeGreaterThan(0.9);
  });
  it('zero anthropogenic emissions leave the background', () => {
    const c = standinComponents(ctm, new Float64Array(NIN));
    for (let i = 0; i < G; i++) expect(c.total[i]).toBeCloseTo(ctm.background[i], 6);
  });
});
