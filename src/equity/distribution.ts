import type { RegionVector } from '../mrio/model.ts';

/**
 * A regional distribution: a total per region (income, jobs, damage) and the population it is
 * shared by. Per-capita value = total / population (0 where both are 0).
 */
export interface RegionalDistribution {
  readonly totals: RegionVector;
  readonly population: RegionVector;
}

/** Per-capita values; a region with no population and no value counts as 0. */
export function perCapita(d: RegionalDistribution): Float64Array {
  checkAligned(d);
  const v = d.totals.values;
  const p = d.population.values;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    if (p[i] > 0) out[i] = v[i] / p[i];
    else out[i] = v[i] === 0 ? 0 : v[i] > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  return out;
}

/** Region indices sorted ascending by per-capita value (stable for ties). */
export function ascendingOrder(pc: Float64Array): number[] {
  const idx = Array.from(pc, (_, i) => i);
  idx.sort((a, b) => pc[a] - pc[b] || a - b);
  return idx;
}

export function checkAligned(d: RegionalDistribution): void {
  const g = d.totals.values.length;
  if (d.population.values.length !== g)
    throw new Error(`distribution: ${g} totals but ${d.population.values.length} populations`);
  for (let i = 0; i < g; i++) {
    if (!(d.population.values[i] >= 0)) throw new Error(`distribution: population ${i} is negative or NaN`);
    if (Number.isNaN(d.totals.values[i])) throw new Error(`distribution: total ${i} is NaN`);
  }
}

export function sum(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/**
 * Fractional rank of each region by `rankBy`, population-weighted: R_i = (population share of
 * the regions ranked below i) + w_i/2, tied values sharing the midpoint of their group.
 */
export function fractionalRanks(
  rankBy: ArrayLike<number>,
  populationShares: ArrayLike<number>,
): Float64Array {
  const g = rankBy.length;
  const order = Array.from({ length: g }, (_, i) => i).sort((a, b) => rankBy[a] - rankBy[b] || a - b);
  const R = new Float64Array(g);
  let below = 0;
  for (let j = 0; j < g; ) {
    let k = j;
    let wg = 0;
    while (k < g && rankBy[order[k]] === rankBy[order[j]]) wg += populationShares[order[k++]];
    for (let m = j; m < k; m++) R[order[m]] = below + wg / 2;
    below += wg;
    j = k;
  }
  return R;
}
