import type { SectorRoleClass } from '../mrio/model.ts';
import type { IndicatorAccounts } from '../mrio/results.ts';
import { tonneAggregates } from './damageContent.ts';
import { type EmissionAccounts, feChangesOf, feCoefSumsOverImporters } from './emissionAccounts.ts';
import { type IndicatorRegionAccounts, notComputedFields } from './runResult.ts';

/**
 * Value-chain accounts (METHODS §2–3) summed from (region, sector) to regions, with their national
 * totals: what run.json, the tables and the mismatch analysis read per region.
 */

export const sumOf = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
};

export function regionSums(v: Float64Array, G: number, N: number): Float64Array {
  const out = new Float64Array(G);
  for (let j = 0; j < G * N; j++) out[Math.floor(j / N)] += v[j];
  return out;
}

export function indicatorRegionAccounts(
  acc: IndicatorAccounts,
  kind: IndicatorRegionAccounts['kind'],
  G: number,
  N: number,
  direct?: Float64Array,
): IndicatorRegionAccounts {
  const p1 = regionSums(acc.intraRegional, G, N);
  const p2 = regionSums(acc.importsEmbodied, G, N);
  const p3 = regionSums(acc.finalExports, G, N);
  const p4 = regionSums(acc.intermediateExports, G, N);
  const tradeRelated = Float64Array.from(p2, (x, s) => x + p3[s] + p4[s]);
  const exLocal = new Float64Array(G);
  const feUpstream = new Float64Array(G);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) {
      const sr = s * G + r;
      for (let i = 0; i < N; i++) exLocal[s] += acc.exFinal[sr * N + i] + acc.exIntermediate[sr * N + i];
      for (let t = 0; t < G; t++) feUpstream[s] += acc.feByOrigin[sr * G + t];
    }
  const production = regionSums(acc.production, G, N);
  const d = direct ?? new Float64Array(G);
  const prodTotal = sumOf(production);
  const tradeTotal = sumOf(tradeRelated);
  return {
    indicator: acc.indicator,
    label: acc.indicator.replace(/_/g, ' '),
    unit: acc.unit,
    kind,
    regions: [],
    production,
    intraRegional: p1,
    importsEmbodied: p2,
    finalExports: p3,
    intermediateExports: p4,
    tradeRelated,
    consumption: Float64Array.from(acc.consumption),
    exLocal,
    feUpstream,
    direct: d,
    national: nationalAccount(acc.indicator, prodTotal, tradeTotal, sumOf(d)),
  };
}

/**
 * National totals and the trade share (METHODS §2). The share's denominator is the whole national
 * amount, production-based account plus final users' direct amounts (households' own emissions):
 * the total the trade counterfactual removes its part from (METHODS §7, e = cf / E⁰). A zero
 * total leaves it undefined.
 */
function nationalAccount(
  indicator: string,
  production: number,
  tradeRelated: number,
  direct: number,
): IndicatorRegionAccounts['national'] {
  const total = production + direct;
  const tradeShare = tradeRelated / total;
  return {
    production,
    direct,
    total,
    tradeRelated,
    tradeShare,
    ...notComputedFields({ tradeShare: [tradeShare, () => `${indicator} is 0 in total: no trade share`] }),
  };
}

const emissionRegionCache = new WeakMap<EmissionAccounts, IndicatorRegionAccounts>();

/** emissionRegionAccounts kept per accounts object (live mode: unchanged precursors are free). */
export function cachedEmissionRegionAccounts(
  em: EmissionAccounts,
  roleClass: readonly SectorRoleClass[],
  G: number,
  N: number,
): IndicatorRegionAccounts {
  let a = emissionRegionCache.get(em);
  if (!a) {
    const fc = feChangesOf(em);
    // Live accounts: Σ FE upstream = the baseline's + Σ_j d_j Σ_r feCoef[j, s·G + r].
    const feUpstream = fc
      ? Float64Array.from(cachedEmissionRegionAccounts(fc.baseAccounts, roleClass, G, N).feUpstream)
      : undefined;
    if (fc && feUpstream) {
      const sums = feCoefSumsOverImporters(fc.basis);
      for (let m = 0; m < fc.j.length; m++) {
        const d = fc.d[m];
        const o = fc.j[m] * G;
        for (let s = 0; s < G; s++) feUpstream[s] += d * sums[o + s];
      }
    }
    a = emissionRegionAccounts(em, G, N, tonneAggregates(em, roleClass, G, N).local, feUpstream);
    emissionRegionCache.set(em, a);
  }
  return a;
}

export function emissionRegionAccounts(
  em: EmissionAccounts,
  G: number,
  N: number,
  /** Σ_i EX_sr per pair when already known (G²). */
  exByPair?: Float64Array,
  /** Σ_r Σ_t FE_sr by origin t per s when already known (G). */
  feUpstreamKnown?: Float64Array,
): IndicatorRegionAccounts {
  const exLocal = new Float64Array(G);
  const feUpstream = feUpstreamKnown ?? new Float64Array(G);
  // Fields read once: live accounts carry lazy getters (a slow object shape for inner loops).
  const fe = feUpstreamKnown ? undefined : em.feByOrigin;
  const exF = exByPair ? undefined : em.exFinal;
  const exI = exByPair ? undefined : em.exIntermediate;
  for (let s = 0; s < G; s++) {
    // Running sums in locals (same order of additions as accumulating into the arrays).
    let ex = 0;
    let up = 0;
    for (let r = 0; r < G; r++) {
      const sr = s * G + r;
      if (exByPair) ex += exByPair[sr];
      else for (let i = 0; i < N; i++) ex += exF![sr * N + i] + exI![sr * N + i];
      if (fe) for (let t = sr * G, e = t + G; t < e; t++) up += fe[t];
    }
    exLocal[s] = ex;
    if (fe) feUpstream[s] = up;
  }
  const prod = sumOf(em.production);
  const trade = sumOf(em.tradeRelated);
  return {
    indicator: em.indicator,
    label: `${em.precursor} emissions`,
    unit: em.unit,
    kind: 'emission',
    regions: [],
    production: em.production,
    intraRegional: em.intraRegional,
    importsEmbodied: em.importsEmbodied,
    finalExports: em.finalExports,
    intermediateExports: em.intermediateExports,
    tradeRelated: em.tradeRelated,
    consumption: em.consumption,
    exLocal,
    feUpstream,
    direct: em.direct,
    national: nationalAccount(em.indicator, prod, trade, sumOf(em.direct)),
  };
}

export function withRegions(a: IndicatorRegionAccounts, regions: readonly string[]): IndicatorRegionAccounts {
  return { ...a, regions };
}
