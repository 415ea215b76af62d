import type { RegionVector } from '../mrio/model.ts';
import { fractionalRanks, perCapita, type RegionalDistribution, sum } from './distribution.ts';

/**
 * Contributions of each region to the change of the population-weighted Gini when a zero-sum
 * transfer `transfer` (totals, Σ = 0) is added to `before`. With population shares p, mean
 * per-capita value μ and fractional ranks R of the before distribution (midpoints, ties
 * averaged), G = (2/μ)·Σ p_i w_i R_i − 1 (the concentration index of w ranked by itself), so with
 * μ and the ranking unchanged ΔG = Σ_i c_i, c_i = (2/μ)·p_i·Δw_i·(R_i − ½): a net recipient
 * above the population median, or a net payer below it, raises the Gini (μ > 0). Exact while
 * the transfer leaves the ranking unchanged; with μ > 0 a re-ranking only adds to ΔG (the
 * sorted order maximises Σ p_i w_i R_i; the bound flips for a negative mean).
 */
export function giniTransferContributions(
  before: RegionalDistribution,
  transfer: RegionVector,
): Float64Array {
  const w = perCapita(before);
  const p = before.population.values;
  const g = w.length;
  if (transfer.values.length !== g) throw new Error('giniTransferContributions: transfer has wrong length');
  const P = sum(p);
  let mu = 0;
  for (let i = 0; i < g; i++) if (p[i] > 0) mu += (p[i] / P) * w[i];
  const R = fractionalRanks(
    w,
    Float64Array.from(p, (x) => x / P),
  );
  // p_i·Δw_i = transfer_i / P.
  return Float64Array.from(transfer.values, (t, i) => (p[i] > 0 ? (2 / mu) * (t / P) * (R[i] - 0.5) : 0));
}
