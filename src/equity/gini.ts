import { ascendingOrder, perCapita, type RegionalDistribution, sum } from './distribution.ts';

/**
 * Population-weighted Gini coefficient, paper eq. 11 (METHODS §7): regions sorted ascending by
 * per-capita value, P_i population shares, Y_i value shares, T_i cumulative value shares,
 * `Gini = Σ P_i Y_i + 2 Σ P_i (1 − T_i) − 1`. This is one minus twice the area under the
 * (piecewise-linear) Lorenz curve, i.e. the population-weighted mean-difference Gini of the
 * regional per-capita values. NaN when the total is 0. Meant for non-negative totals.
 */
export function populationWeightedGini(d: RegionalDistribution): number {
  const pc = perCapita(d);
  const order = ascendingOrder(pc);
  const v = d.totals.values;
  const p = d.population.values;
  const totalV = sum(v);
  const totalP = sum(p);
  if (totalV === 0 || totalP === 0) return Number.NaN;
  let sPY = 0;
  let sPT = 0;
  let cum = 0;
  for (const i of order) {
    const P = p[i] / totalP;
    const Y = v[i] / totalV;
    cum += Y;
    sPY += P * Y;
    sPT += P * (1 - cum);
  }
  return sPY + 2 * sPT - 1;
}
