import { describe, expect, it } from 'vitest';
import { designRng, latinHypercube } from '../../src/air/design.ts';
import { PRECURSOR_COUNT } from '../../src/air/responseSurface.ts';
import { buildStandinCtm, standinComponents, standinConcentrations } from '../../src/air/standinCtm.ts';
import {
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
  it('baseline emissions are the MEIC 2017 national totals', () => {
    const tg = { SO2: 10.5034, NOx: 21.9818, NH3: 10.2691, VOC: 28.6171, PPM: 7.61972 };
    for (const p of PRECURSORS) {
      const sum = emissions.byPrecursor[p].reduce((a, b) => a + b, 0) / 1e6;
      expect(Math.abs(sum - tg[p]) / tg[p]).toBeLessThan(1e-5); // CSV rounded to 0.1 t
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
    for (const i of limited) expect(base.freeAmmoniaRatio[i]).toBeLessThan(1);
    for (const i of rich) expect(base.freeAmmoniaRatio[i]).toBeGreaterThan(2);
    const mean = (idx: number[], x: Float64Array) => idx.reduce((s, i) => s + x[i], 0) / idx.length;
    expect(mean(limited, nh3)).toBeGreaterThan(mean(rich, nh3));
    // the classic indicator: nitrate responds to NH3 about as much as to NOx when ammonia is
    // limiting, and clearly less when ammonia is in excess
    for (const i of limited) expect(nh3[i] / nox[i]).toBeGreaterThan(0.9);
    for (const i of rich) expect(nh3[i] / nox[i]).toBeLessThan(0.85);
  });
  it('zero anthropogenic emissions leave the background', () => {
    const c = standinComponents(ctm, new Float64Array(NIN));
    for (let i = 0; i < G; i++) expect(c.total[i]).toBeCloseTo(ctm.background[i], 6);
  });
});
