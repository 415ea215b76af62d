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

/**
 * Rearranges a[from..to] so that a[k] holds the value it would have after sorting, smaller-or-equal
 * values before it and greater-or-equal after (Hoare quickselect, median-of-three pivot).
 */
function selectInPlace(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot
    let x = a[lo];
    let y = a[mid];
    const z = a[hi];
    if (x > y) [x, y] = [y, x];
    const pivot = Math.min(Math.max(z, x), y);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Type-7 quantile of the values in `work` (reordered in place), in O(n). */
function quantileSelect(work: Float64Array, p: number): number {
  const n = work.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  selectInPlace(work, lo, 0, n - 1);
  const a = work[lo];
  if (lo + 1 >= n || h === lo) return a;
  // the next order statistic is the smallest value to the right of position lo
  let b = work[lo + 1];
  for (let i = lo + 2; i < n; i++) if (work[i] < b) b = work[i];
  return a + (h - lo) * (b - a);
}

let scratch = new Float64Array(0);

/** Mean, median and 2.5 / 97.5 % quantiles of Monte Carlo draws (input not modified). */
export function summariseDraws(draws: Float64Array): DrawSummary {
  const n = draws.length;
  if (n === 0) return { mean: Number.NaN, median: Number.NaN, p025: Number.NaN, p975: Number.NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += draws[i];
  if (scratch.length !== n) scratch = new Float64Array(n);
  scratch.set(draws);
  return {
    mean: s / n,
    median: quantileSelect(scratch, 0.5),
    p025: quantileSelect(scratch, 0.025),
    p975: quantileSelect(scratch, 0.975),
  };
}
