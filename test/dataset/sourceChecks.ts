import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { expect } from 'vitest';
import type { Dataset } from '../../src/dataset/model.ts';
import { PRECURSORS } from '../../src/mrio/model.ts';

/**
 * Checks of a built China 2017 dataset against its published inputs, shared by the tests of both
 * recipes. Sources are read with a plain CSV parser, not the build's reader.
 */
export const SOURCES_DIR = join(import.meta.dirname, '..', '..', 'data', 'sources');

export function readSourceCsv(rel: string): Record<string, string>[] {
  const text = readFileSync(join(SOURCES_DIR, rel), 'utf8');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let c = 0;
  let va = 0;
  let vb = 0;
  for (let k = 0; k < n; k++) {
    c += (a[k] - ma) * (b[k] - mb);
    va += (a[k] - ma) ** 2;
    vb += (b[k] - mb) ** 2;
  }
  return c / Math.sqrt(va * vb);
}

/** Ordinal ranks (these data have no ties). */
export function rank(v: number[]): number[] {
  const order = v.map((x, k) => [x, k] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(v.length);
  order.forEach(([, k], pos) => {
    r[k] = pos + 1;
  });
  return r;
}

/** The satellites every China 2017 dataset carries, with their kinds and units. */
export function expectSatelliteSchema(ds: Dataset, G: number): void {
  const by = new Map(ds.mrio.satellites.map((s) => [s.name, s]));
  expect(by.get('social_income')?.kind).toBe('income');
  for (const c of ['compensation', 'net_taxes', 'operating_surplus'])
    expect(by.get(c)?.kind).toBe('income_component');
  expect(by.get('employment')?.unit).toBe('persons');
  for (const p of PRECURSORS) {
    expect(by.get(p)?.kind).toBe('emission');
    expect(by.get(p)?.precursor).toBe(p);
    expect(by.get(p)?.unit).toBe('t');
    expect(by.get(p)?.direct?.length).toBe(G);
  }
}

/** National emission totals (sectors + households' direct) = MEIC 2017 by sector (Zheng et al. 2018). */
export function expectMeicTotals(ds: Dataset): void {
  const meic = readSourceCsv('emissions/meic_zheng2018/meic_china_2017_by_sector_Tg.csv');
  const species = { SO2: 'SO2', NOx: 'NOx', NH3: 'NH3', VOC: 'NMVOC', PPM: 'PM2.5' } as const;
  for (const p of PRECURSORS) {
    const sat = ds.mrio.satellites.find((s) => s.name === p);
    let t = 0;
    for (const v of sat?.values ?? []) t += v;
    for (const v of sat?.direct ?? []) t += v;
    const row = meic.find((r) => r.species === species[p]) as Record<string, string>;
    const sectors = ['power', 'industry', 'residential', 'transportation', 'solvent_use', 'agriculture'];
    const control = sectors.reduce((s, k) => s + Number(row[k]), 0) * 1e6;
    expect(Math.abs(t / control - 1)).toBeLessThan(1e-12);
    expect(Math.abs(t / (Number(row.total) * 1e6) - 1)).toBeLessThan(1e-4); // the file's rounded total
  }
}

/**
 * Power + industry (NBS sectors 02–27) SO2 and NOx per province against the city-yearbook
 * industrial sums: Pearson and Spearman above the floors. REAS 2015 itself agrees with these sums
 * at 0.75 (SO2) and 0.83 (NOx) (PROVENANCE), which bounds what the split can reach.
 */
export function expectIndustrialCorrelation(ds: Dataset, N: number): void {
  const provinces = readSourceCsv('china-2017-provincial/province_summary_2017.csv');
  for (const [p, c, floorP, floorS] of [
    ['SO2', 'ind_so2_citysum_t', 0.7, 0.6],
    ['NOx', 'ind_nox_citysum_t', 0.8, 0.75],
  ] as const) {
    const sat = ds.mrio.satellites.find((s) => s.name === p)?.values as Float64Array;
    const a: number[] = [];
    const b: number[] = [];
    provinces.forEach((row, r) => {
      if (row[c] === '') return; // Qinghai: no city data
      let s = 0;
      for (let i = 1; i <= 26; i++) s += sat[r * N + i];
      a.push(s);
      b.push(Number(row[c]));
    });
    const rp = pearson(a, b);
    const rs = pearson(rank(a), rank(b));
    console.log(`${p}: Pearson ${rp.toFixed(3)}, Spearman ${rs.toFixed(3)} (n = ${a.length})`);
    expect(rp).toBeGreaterThan(floorP);
    expect(rs).toBeGreaterThan(floorS);
  }
}

/**
 * Brute-force identities of an MRIO: row sums of [Z Y] and the largest relative column residual
 * |Σ_i Z_ij + Σ primary inputs_j − x_j| / x_j; also the smallest Z entry.
 */
export function mrioIdentities(m: Dataset['mrio']): { rowSums: Float64Array; column: number; minZ: number } {
  const n = m.x.length;
  const K = m.finalDemand.Y.cols;
  const rowSums = new Float64Array(n);
  const col = new Float64Array(n);
  let minZ = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const z = m.Z.data[i * n + j];
      s += z;
      col[j] += z;
      if (z < minZ) minZ = z;
    }
    for (let k = 0; k < K; k++) s += m.finalDemand.Y.data[i * K + k];
    rowSums[i] = s;
  }
  let column = 0;
  for (let j = 0; j < n; j++) {
    let s = col[j];
    for (const p of m.primaryInputs ?? []) s += p.values[j];
    if (m.x[j] > 0) column = Math.max(column, Math.abs(s - m.x[j]) / m.x[j]);
  }
  return { rowSums, column, minZ };
}
