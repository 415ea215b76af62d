import type { Dataset } from '../dataset/model.ts';
import { fourPartDecomposition } from '../mrio/decomposition.ts';
import { demandSolves, finalDemandByRegion, intensity } from '../mrio/demand.ts';
import { leontiefFactor, localInverses, technicalCoefficients } from '../mrio/leontief.ts';
import type { Precursor, SatelliteAccount } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';

/** Pearson correlation of paired finite values. */
export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let k = 0; k < n; k++) {
    ma += a[k] / n;
    mb += b[k] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < n; k++) {
    sab += (a[k] - ma) * (b[k] - mb);
    saa += (a[k] - ma) ** 2;
    sbb += (b[k] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Average ranks (ties share the mean rank). */
export function ranks(v: readonly number[]): number[] {
  const idx = v.map((_, k) => k).sort((p, q) => v[p] - v[q] || p - q);
  const out = new Array<number>(v.length);
  for (let k = 0; k < idx.length; ) {
    let e = k;
    while (e + 1 < idx.length && v[idx[e + 1]] === v[idx[k]]) e++;
    for (let m = k; m <= e; m++) out[idx[m]] = (k + e) / 2 + 1;
    k = e + 1;
  }
  return out;
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  return pearson(ranks(a), ranks(b));
}

/** Region indices of the k largest values (ties by index). */
export function topK(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, r) => r)
    .sort((p, q) => values[q] - values[p] || p - q)
    .slice(0, k);
}

/** Per region, Σ over the given 0-based sectors of a satellite / output vector. */
export function regionSums(
  values: Float64Array,
  G: number,
  N: number,
  sectors?: readonly number[],
): Float64Array {
  const out = new Float64Array(G);
  for (let r = 0; r < G; r++)
    if (sectors) for (const i of sectors) out[r] += values[r * N + i];
    else for (let i = 0; i < N; i++) out[r] += values[r * N + i];
  return out;
}

/**
 * Trade-related share of national emissions (METHODS §2 parts 2+3+4 summed over regions,
 * divided by all emissions including households' direct ones), per precursor.
 */
export function tradeRelatedShares(ds: Dataset): Record<Precursor, number> {
  const m = ds.mrio;
  const tc = technicalCoefficients(m);
  const lf = leontiefFactor(tc, false);
  const li = localInverses(tc);
  const solves = demandSolves(tc, lf, li, finalDemandByRegion(m));
  const out = {} as Record<Precursor, number>;
  for (const p of PRECURSORS) {
    const sat = m.satellites.find((s) => s.name === p);
    if (!sat) continue;
    const parts = fourPartDecomposition(solves, intensity(sat.values, m.x));
    let trade = 0;
    let total = 0;
    for (let k = 0; k < m.x.length; k++) {
      trade += parts.importsEmbodied[k] + parts.finalExports[k] + parts.intermediateExports[k];
      total += sat.values[k];
    }
    if (sat.direct) for (const d of sat.direct) total += d;
    out[p] = trade / total;
  }
  return out;
}

/**
 * Power + industry (NBS sectors 02–27) SO2 and NOx by province against the city-yearbook
 * industrial sums (provinces with a blank yearbook value are left out).
 */
export function industrialCorrelation(
  satellites: readonly SatelliteAccount[],
  provinces: readonly { readonly indSo2CitySum: number; readonly indNoxCitySum: number }[],
  N: number,
): Record<'SO2' | 'NOx', { readonly pearson: number; readonly spearman: number; readonly n: number }> {
  const G = provinces.length;
  const industrial = Array.from({ length: 26 }, (_, k) => k + 1);
  const out = {} as Record<'SO2' | 'NOx', { pearson: number; spearman: number; n: number }>;
  for (const p of ['SO2', 'NOx'] as const) {
    const sat = satellites.find((s) => s.name === p);
    if (!sat) throw new Error(`missing satellite ${p}`);
    const model = regionSums(sat.values, G, N, industrial);
    const a: number[] = [];
    const b: number[] = [];
    provinces.forEach((pr, r) => {
      const obs = p === 'SO2' ? pr.indSo2CitySum : pr.indNoxCitySum;
      if (Number.isFinite(obs)) {
        a.push(model[r]);
        b.push(obs);
      }
    });
    out[p] = { pearson: pearson(a, b), spearman: spearman(a, b), n: a.length };
  }
  return out;
}

/** National emission totals (sectors + direct) against the control totals, t. */
export function emissionTotals(
  satellites: readonly SatelliteAccount[],
  control: Record<Precursor, Record<string, number>>,
): Record<Precursor, { readonly model: number; readonly control: number }> {
  const out = {} as Record<Precursor, { model: number; control: number }>;
  for (const p of PRECURSORS) {
    const sat = satellites.find((s) => s.name === p);
    let m = 0;
    for (const v of sat?.values ?? []) m += v;
    for (const v of sat?.direct ?? []) m += v;
    let c = 0;
    for (const v of Object.values(control[p])) c += v;
    out[p] = { model: m, control: c };
  }
  return out;
}

/** Top-3 provinces by output of sectors 13, 14, 24 against cement, crude steel, thermal generation. */
export function productionTop3(
  output: Float64Array,
  regions: readonly string[],
  provinces: readonly { readonly cement: number; readonly crudeSteel: number; readonly genThermal: number }[],
  N: number,
): Record<string, { readonly model: string[]; readonly data: string[] }> {
  const G = regions.length;
  const names = (idx: number[]) => idx.map((r) => regions[r]);
  const col = (i: number) => Float64Array.from({ length: G }, (_, r) => output[r * N + i]);
  const data = (f: (p: (typeof provinces)[number]) => number) => names(topK(provinces.map(f), 3));
  return {
    '13 non-metallic minerals vs cement': { model: names(topK(col(12), 3)), data: data((p) => p.cement) },
    '14 metal smelting vs crude steel': { model: names(topK(col(13), 3)), data: data((p) => p.crudeSteel) },
    '24 electricity vs thermal generation': {
      model: names(topK(col(23), 3)),
      data: data((p) => p.genThermal),
    },
  };
}

/** Check figures every China 2017 build reports (production, emissions, source hashes). */
export interface CommonBuildChecks {
  readonly top3: Record<string, { readonly model: string[]; readonly data: string[] }>;
  readonly industrialCorrelation: Record<
    'SO2' | 'NOx',
    { readonly pearson: number; readonly spearman: number; readonly n: number }
  >;
  readonly nationalTotals_t: Record<Precursor, { readonly model: number; readonly control: number }>;
  readonly householdTransportShare: Record<Precursor, number>;
  /** sha256[0:16] of every source file read (as in data/sources/PROVENANCE.md). */
  readonly sourceFiles: Record<string, string>;
}
