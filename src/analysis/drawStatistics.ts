import { quantileSorted } from '../health/summary.ts';
import type { Interval, RegionInterval } from './runResult.ts';

/** Summary of one quantity's Monte Carlo draws (R type 7 quantiles, as src/health). */
export function intervalOf(draws: Float64Array, unit: string): Interval {
  let s = 0;
  for (let i = 0; i < draws.length; i++) s += draws[i];
  const sorted = Float64Array.from(draws).sort();
  return {
    unit,
    central: s / draws.length,
    mean: s / draws.length,
    median: quantileSorted(sorted, 0.5),
    p025: quantileSorted(sorted, 0.025),
    p975: quantileSorted(sorted, 0.975),
  };
}

/** Per-region summaries of draws laid out draws × G (index d·G + r). */
export function regionIntervalOf(
  draws: Float64Array,
  nDraws: number,
  regions: readonly string[],
  unit: string,
): RegionInterval {
  const G = regions.length;
  const mean = new Float64Array(G);
  const median = new Float64Array(G);
  const p025 = new Float64Array(G);
  const p975 = new Float64Array(G);
  const buf = new Float64Array(nDraws);
  for (let r = 0; r < G; r++) {
    let s = 0;
    for (let d = 0; d < nDraws; d++) {
      buf[d] = draws[d * G + r];
      s += buf[d];
    }
    buf.sort();
    mean[r] = s / nDraws;
    median[r] = quantileSorted(buf, 0.5);
    p025[r] = quantileSorted(buf, 0.025);
    p975[r] = quantileSorted(buf, 0.975);
  }
  return { regions, unit, central: mean, mean, median, p025, p975 };
}

/** Per-draw national totals from draws × G. */
export function drawTotals(draws: Float64Array, nDraws: number, G: number): Float64Array {
  const out = new Float64Array(nDraws);
  for (let d = 0; d < nDraws; d++) {
    let s = 0;
    for (let r = 0; r < G; r++) s += draws[d * G + r];
    out[d] = s;
  }
  return out;
}
