import { perCapita, type RegionalDistribution, sum } from './distribution.ts';

export interface TopShareOptions {
  /** Fraction of the top group (default 0.1). */
  readonly fraction?: number;
  /**
   * 'count' (default): the round(fraction·G) regions (at least 1) with the highest per-capita
   * value. 'population': the richest `fraction` of the population, regions taken in descending
   * per-capita order and the region crossing the threshold counted in part.
   */
  readonly by?: 'count' | 'population';
}

export interface TopShare {
  /** Per-capita value of the top group / national per-capita value (paper: 2.9, 2.1). */
  readonly ratio: number;
  /** Regions in the top group (the last one possibly partly, for 'population'). */
  readonly regions: string[];
  readonly populationShare: number;
}

/** Ratio of the top regions' per-capita value to the national average (paper §3.2). */
export function topShareRatio(d: RegionalDistribution, options: TopShareOptions = {}): TopShare {
  const fraction = options.fraction ?? 0.1;
  const by = options.by ?? 'count';
  const pc = perCapita(d);
  const v = d.totals.values;
  const p = d.population.values;
  const g = pc.length;
  const order = Array.from(pc, (_, i) => i).sort((a, b) => pc[b] - pc[a] || a - b);
  const totalP = sum(p);
  const national = sum(v) / totalP;
  let topV = 0;
  let topP = 0;
  const regions: string[] = [];
  if (by === 'count') {
    const k = Math.max(1, Math.min(g, Math.round(fraction * g)));
    for (let j = 0; j < k; j++) {
      const i = order[j];
      topV += v[i];
      topP += p[i];
      regions.push(d.totals.regions[i]);
    }
  } else {
    const target = fraction * totalP;
    for (const i of order) {
      if (topP >= target) break;
      if (p[i] === 0) continue;
      const take = Math.min(p[i], target - topP);
      topP += take;
      topV += pc[i] * take;
      regions.push(d.totals.regions[i]);
    }
  }
  return { ratio: topV / topP / national, regions, populationShare: topP / totalP };
}
