import { ascendingOrder, perCapita, type RegionalDistribution, sum } from './distribution.ts';

export interface LorenzPoint {
  readonly populationShare: number; // cumulative
  readonly valueShare: number; // cumulative
  readonly region?: string; // region whose segment ends here
}

/**
 * Lorenz curve of a regional distribution: (cumulative population share, cumulative value share)
 * with regions in ascending per-capita order, starting at (0, 0) and ending at (1, 1).
 */
export function lorenzCurve(d: RegionalDistribution): LorenzPoint[] {
  const pc = perCapita(d);
  const order = ascendingOrder(pc);
  const v = d.totals.values;
  const p = d.population.values;
  const totalV = sum(v);
  const totalP = sum(p);
  const pts: LorenzPoint[] = [{ populationShare: 0, valueShare: 0 }];
  let cp = 0;
  let cv = 0;
  for (const i of order) {
    cp += p[i];
    cv += v[i];
    pts.push({ populationShare: cp / totalP, valueShare: cv / totalV, region: d.totals.regions[i] });
  }
  return pts;
}
