import type { DrawSummary } from './types.ts';

/** Quantile of sorted values by linear interpolation between order statistics (R type 7, numpy 'linear'). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Mean, median and 2.5 / 97.5 % quantiles of Monte Carlo draws (input not modified). */
export function summariseDraws(draws: Float64Array): DrawSummary {
  const n = draws.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += draws[i];
  const sorted = Float64Array.from(draws).sort();
  return {
    mean: s / n,
    median: quantileSorted(sorted, 0.5),
    p025: quantileSorted(sorted, 0.025),
    p975: quantileSorted(sorted, 0.975),
  };
}
