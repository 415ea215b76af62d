import { type RegionalDistribution, sum } from './distribution.ts';

export interface TheilDecomposition {
  /** Population-weighted Theil T index: Σ s_i ln(s_i / p_i), s value shares, p population shares. */
  readonly total: number;
  /** Between groups: Σ_g s_g ln(s_g / p_g). */
  readonly between: number;
  /** Within groups: Σ_g s_g T_g; between + within = total exactly. */
  readonly within: number;
  readonly byGroup: { readonly zone: string; readonly theil: number; readonly contribution: number }[];
}

function theilOf(v: number[], p: number[]): number {
  const tv = sum(v);
  const tp = sum(p);
  let t = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0) return Number.NaN;
    if (v[i] === 0) continue; // s ln s → 0
    const s = v[i] / tv;
    t += s * Math.log(s / (p[i] / tp));
  }
  return t;
}

/**
 * Population-weighted Theil index of a regional distribution with its between/within-zone
 * decomposition (METHODS §7). NaN for negative totals (the index needs non-negative values).
 */
export function theilByZone(d: RegionalDistribution, zoneOfRegion: readonly string[]): TheilDecomposition {
  const v = d.totals.values;
  const p = d.population.values;
  if (zoneOfRegion.length !== v.length) throw new Error('theilByZone: one zone per region expected');
  const zones = [...new Set(zoneOfRegion)];
  const tv = sum(v);
  const tp = sum(p);
  const total = theilOf(Array.from(v), Array.from(p));
  let between = 0;
  let within = 0;
  const byGroup = zones.map((zone) => {
    const vs: number[] = [];
    const ps: number[] = [];
    for (let i = 0; i < v.length; i++)
      if (zoneOfRegion[i] === zone) {
        vs.push(v[i]);
        ps.push(p[i]);
      }
    const sg = sum(vs) / tv;
    const pg = sum(ps) / tp;
    const tg = sg > 0 ? theilOf(vs, ps) : 0;
    if (sg > 0) between += sg * Math.log(sg / pg);
    within += sg * tg;
    return { zone, theil: tg, contribution: sg * tg };
  });
  return { total, between, within, byGroup };
}
