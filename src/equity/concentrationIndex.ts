import type { RegionVector } from '../mrio/model.ts';
import { fractionalRanks, perCapita, type RegionalDistribution, sum } from './distribution.ts';

/**
 * Concentration index of a per-capita quantity h (e.g. health damage) across regions ranked by
 * a per-capita living standard (e.g. income): `CI = 2·cov_w(h, R)/μ_h` (METHODS §7), population
 * weights w, fractional rank R_i = Σ_{j ranked below i} w_j + w_i/2 (tied ranks averaged).
 * Negative: h concentrated among the poorer regions. Ranking h by itself gives its Gini.
 */
export function concentrationIndex(h: RegionalDistribution, rankBy: RegionVector): number {
  const hp = perCapita(h);
  const p = h.population.values;
  const g = hp.length;
  if (rankBy.values.length !== g) throw new Error('concentrationIndex: rank variable has wrong length');
  const totalP = sum(p);
  const w = Float64Array.from(p, (x) => x / totalP);
  const R = fractionalRanks(rankBy.values, w);
  let mu = 0;
  let muR = 0;
  for (let i = 0; i < g; i++)
    if (w[i] > 0) {
      mu += w[i] * hp[i];
      muR += w[i] * R[i];
    }
  let cov = 0;
  for (let i = 0; i < g; i++) if (w[i] > 0) cov += w[i] * (hp[i] - mu) * (R[i] - muR);
  return (2 * cov) / mu;
}
