import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/dataset/build.ts';
import type { Dataset } from '../../src/dataset/model.ts';
import { provenanceMarkdown } from '../../src/dataset/provenanceDoc.ts';
import { readDataset } from '../../src/io/datasetStore.ts';
import {
  expectIndustrialCorrelation,
  expectMeicTotals,
  expectSatelliteSchema,
  mrioIdentities,
  readSourceCsv,
} from './sourceChecks.ts';

// Checks of a china2017-national build (the embedded default until the provincial recipe) against
// the published inputs it was built from, read here with a plain CSV parser (not the build's reader).
const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'data', 'sources');
let DIR = '';
const csv = readSourceCsv;

let ds: Dataset;
const G = 31;
const N = 42;
const io = csv('china-io-2017/china_2017_42.csv');
const domestic = io.filter((r) => r.Origin === 'Domestic');
const summary = csv('china-2017-provincial/province_summary_2017.csv');

beforeAll(() => {
  const { files, summary: s } = buildDataset({
    recipe: 'china2017-national',
    sourcesDir: SRC,
    mapsDir: join(ROOT, 'data', 'maps'),
    controlTotals: 'meic2017',
  });
  files.set('PROVENANCE.md', Buffer.from(provenanceMarkdown(s), 'utf8'));
  DIR = mkdtempSync(join(tmpdir(), 'vchain-national-'));
  for (const [k, v] of files) writeFileSync(join(DIR, k), v);
  ds = readDataset(DIR);
});

describe('national recipe: labelling and shape', () => {
  it('is labelled as a demonstration dataset, not the CEADs MRIO', () => {
    expect(ds.provenance.isDemonstration).toBe(true);
    expect(ds.provenance.note).toMatch(/NOT the CEADs/);
    expect(ds.provenance.note).toMatch(/--mrio/);
    expect(readFileSync(join(DIR, 'PROVENANCE.md'), 'utf8')).toMatch(/NOT the CEADs/);
  });
  it('has 31 provinces × 42 sectors with region info, zones and roles', () => {
    expect(ds.mrio.regions.length).toBe(G);
    expect(ds.mrio.sectors.length).toBe(N);
    expect(ds.regionInfo.map((r) => r.code)).toEqual(summary.map((r) => r.gb_code));
    expect(ds.zones.length).toBe(G);
    expect(new Set(ds.zones).size).toBe(8);
    expect(ds.sectorRoleClass.length).toBe(N);
    // ORIGINAL CSY-2018 population, persons
    summary.forEach((r, k) => {
      expect(ds.population.values[k]).toBeCloseTo(Number(r.pop_2017_csy2018_original_1e4) * 1e4, 3);
    });
    expect(ds.population.unit).toBe('persons');
  });
  it('has the named satellites with units and kinds', () => {
    expectSatelliteSchema(ds, G);
  });
});

describe('national recipe: MRIO identities', () => {
  it('x = Z1 + Y1 and x = column sums of Z + primary inputs (machine precision)', () => {
    const m = ds.mrio;
    const id = mrioIdentities(m);
    let rowErr = 0;
    m.x.forEach((x, i) => {
      rowErr = Math.max(rowErr, x === 0 ? Math.abs(id.rowSums[i]) : Math.abs(id.rowSums[i] - x) / x);
    });
    console.log(
      `identities: max rel. row residual ${rowErr.toExponential(2)}, column residual ${id.column.toExponential(2)}`,
    );
    expect(rowErr).toBeLessThan(1e-12);
    expect(id.column).toBeLessThan(1e-11);
    expect(id.minZ).toBe(0);
  });
  it('national output and value-added components equal the NBS table', () => {
    const m = ds.mrio;
    const va = (name: string) =>
      m.primaryInputs?.find((p) => p.name.startsWith(name))?.values as Float64Array;
    let maxErr = 0;
    for (let i = 0; i < N; i++) {
      const code = String(i + 1).padStart(2, '0');
      let x = 0;
      for (let r = 0; r < G; r++) x += m.x[r * N + i];
      maxErr = Math.max(maxErr, Math.abs(x / Number(domestic[i].GO) - 1));
      for (const c of ['VA001', 'VA002', 'VA003', 'VA004']) {
        const row = io.find((r) => r.Code === c) as Record<string, string>;
        let s = 0;
        for (let r = 0; r < G; r++) s += va(c)[r * N + i];
        maxErr = Math.max(maxErr, Math.abs(s - Number(row[code])) / Number(domestic[i].GO));
      }
    }
    expect(maxErr).toBeLessThan(1e-9);
    // social income = VA001 + VA002 + VA004, per cell
    const si = m.satellites.find((s) => s.name === 'social_income')?.values as Float64Array;
    for (let k = 0; k < G * N; k += 97)
      expect(si[k]).toBeCloseTo(va('VA001')[k] + va('VA002')[k] + va('VA004')[k], 6);
  });
  it('provincial GDP is within 1 % of CSY-2018 original GDP (scaled to the national total)', () => {
    const vaRows = (ds.mrio.primaryInputs ?? []).filter((p) => p.name.startsWith('VA'));
    const model = new Float64Array(G);
    for (const p of vaRows) for (let k = 0; k < G * N; k++) model[Math.floor(k / N)] += p.values[k];
    const gdp = summary.map((r) => Number(r.gdp_2017_original_1e8cny));
    const scale = model.reduce((s, v) => s + v, 0) / gdp.reduce((s, v) => s + v, 0);
    let maxScaled = 0;
    let maxRaw = 0;
    for (let r = 0; r < G; r++) {
      maxScaled = Math.max(maxScaled, Math.abs(model[r] / (gdp[r] * scale) - 1));
      maxRaw = Math.max(maxRaw, Math.abs(model[r] / (gdp[r] * 1e4) - 1));
    }
    console.log(
      `GDP: max rel. error vs scaled CSY ${maxScaled.toExponential(2)}; vs unscaled CSY ${(maxRaw * 100).toFixed(2)} % (national/provincial-sum ratio ${(scale / 1e4).toFixed(4)})`,
    );
    expect(maxScaled).toBeLessThan(0.01);
  });
});

describe('national recipe: against production and emission data', () => {
  const top = (v: ArrayLike<number>, k: number) =>
    Array.from(v, (x, r) => [x, r] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, k)
      .map(([, r]) => r);
  const col = (i: number) => Array.from({ length: G }, (_, r) => ds.mrio.x[r * N + i]);
  const data = (c: string) => summary.map((r) => Number(r[c] || 0));
  it('top provinces in cement, metal smelting and electricity match production data', () => {
    const names = (idx: number[]) => idx.map((r) => ds.mrio.regions[r]);
    console.log('top-3 cement', names(top(col(12), 3)), names(top(data('cement_1e4t'), 3)));
    console.log('top-3 metals', names(top(col(13), 3)), names(top(data('crude_steel_1e4t'), 3)));
    console.log('top-3 power', names(top(col(23), 3)), names(top(data('elec_gen_thermal_1e8kwh'), 4)));
    expect(new Set(top(col(12), 3))).toEqual(new Set(top(data('cement_1e4t'), 3)));
    expect(new Set(top(col(13), 3))).toEqual(new Set(top(data('crude_steel_1e4t'), 3)));
    // Electricity: the RAS province factor lifts Guangdong above Inner Mongolia (4th in thermal generation).
    for (const r of top(col(23), 3)) expect(top(data('elec_gen_thermal_1e8kwh'), 4)).toContain(r);
  });
  it('provincial power + industry SO2/NOx correlate with the city-yearbook industrial sums', () => {
    expectIndustrialCorrelation(ds, N);
  });
  it('national emission totals equal the MEIC 2017 totals (Zheng et al. 2018)', () => {
    expectMeicTotals(ds);
  });
  it('employment sums to the national 2017 employment by section (A–T)', () => {
    const e = ds.mrio.satellites.find((s) => s.name === 'employment')?.values as Float64Array;
    const rows = csv('china-io-2017/china_employment.csv').filter((r) => /^[A-T]$/.test(r.Code));
    expect(rows.length).toBe(20);
    const sections = rows.reduce((s, r) => s + Number(r['2017']), 0) * 1e4; // 77,639.68 × 10^4 vs TOT 77,640
    // Divisions (used where a section spans several of the 42 sectors) differ from their section
    // sums by rounding in the source, hence the 1e-4 tolerance.
    expect(Math.abs(e.reduce((s, v) => s + v, 0) / sections - 1)).toBeLessThan(1e-4);
    const sector = (i: number) =>
      Array.from({ length: G }, (_, r) => e[r * N + i]).reduce((s, v) => s + v, 0);
    const sec = (c: string) => Number(rows.find((r) => r.Code === c)?.['2017']) * 1e4;
    expect(sector(0) / sec('A')).toBeCloseTo(1, 12);
    expect(sector(26) / sec('E')).toBeCloseTo(1, 12);
    expect(sector(27) / sec('F')).toBeCloseTo(1, 12);
  });
});
