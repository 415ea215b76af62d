import type { Dataset } from '../dataset/model.ts';
import { fourPartDecomposition } from '../mrio/decomposition.ts';
import { demandSolves, finalDemandByRegion, intensity } from '../mrio/demand.ts';
import { leontiefFactor, localInverses, technicalCoefficients } from '../mrio/leontief.ts';
import type { Precursor } from '../mrio/model.ts';
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
