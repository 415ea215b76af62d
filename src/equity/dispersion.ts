import { perCapita, type RegionalDistribution, sum } from './distribution.ts';

/**
 * Coefficient of variation of regional per-capita values: σ/μ. Population-weighted by default
 * (μ = national per-capita value, σ² = Σ w_i (v_i − μ)² with population shares w_i);
 * `weighted: false` gives the plain CV over regions (population standard deviation).
 */
export function coefficientOfVariation(
  d: RegionalDistribution,
  options: { weighted?: boolean } = {},
): number {
  const weighted = options.weighted ?? true;
  const pc = perCapita(d);
  const p = d.population.values;
  const g = pc.length;
  const w = new Float64Array(g);
  const totalP = sum(p);
  for (let i = 0; i < g; i++) w[i] = weighted ? p[i] / totalP : 1 / g;
  let mu = 0;
  for (let i = 0; i < g; i++) if (w[i] > 0) mu += w[i] * pc[i];
  let v2 = 0;
  for (let i = 0; i < g; i++) if (w[i] > 0) v2 += w[i] * (pc[i] - mu) ** 2;
  return Math.sqrt(v2) / mu;
}
