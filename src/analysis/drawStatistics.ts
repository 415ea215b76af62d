import { quantileSorted } from '../health/summary.ts';
import type { Interval, RegionInterval } from './runResult.ts';

/**
 * Sorts a few dozen draws ascending in place: insertion sort (no per-call set-up, which
 * dominates TypedArray#sort at explorer draw counts); NaN or −0 (where `<` differs from
 * TypedArray#sort's order) fall back to the built-in. Same order, so the same quantiles.
 */
function sortDraws(a: Float64Array): void {
  const n = a.length;
  if (n > 64) {
    a.sort();
    return;
  }
  for (let i = 0; i < n; i++) {
    const x = a[i];
    if (Number.isNaN(x) || Object.is(x, -0)) {
      a.sort();
      return;
    }
  }
  for (let i = 1; i < n; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/** Summary of one quantity's Monte Carlo draws (R type 7 quantiles, as src/health). */
export function intervalOf(draws: Float64Array, unit: string): Interval {
  let s = 0;
  for (let i = 0; i < draws.length; i++) s += draws[i];
  const sorted = Float64Array.from(draws);
  sortDraws(sorted);
  return {
    unit,
    mean: s / draws.length,
    median: quantileSorted(sorted, 0.5),
    p025: quantileSorted(sorted, 0.025),
    p975: quantileSorted(sorted, 0.975),
  };
}

/**
 * Per-region summaries of draws laid out draws × G (index d·G + r). The means are formed now;
 * the quantiles (a sort per region) on first read of median, p025 or p975 (the live explorer
 * draws only means), from `draws`, which the caller must not change afterwards.
 */
export function regionIntervalOf(
  draws: Float64Array,
  nDraws: number,
  regions: readonly string[],
  unit: string,
): RegionInterval {
  const G = regions.length;
  const mean = new Float64Array(G);
  for (let r = 0; r < G; r++) {
    let s = 0;
    for (let d = 0; d < nDraws; d++) s += draws[d * G + r];
    mean[r] = s / nDraws;
  }
  let q: { median: Float64Array; p025: Float64Array; p975: Float64Array } | undefined;
  const quantiles = () => {
    if (q) return q;
    const median = new Float64Array(G);
    const p025 = new Float64Array(G);
    const p975 = new Float64Array(G);
    const buf = new Float64Array(nDraws);
    for (let r = 0; r < G; r++) {
      for (let d = 0; d < nDraws; d++) buf[d] = draws[d * G + r];
      sortDraws(buf);
      median[r] = quantileSorted(buf, 0.5);
      p025[r] = quantileSorted(buf, 0.025);
      p975[r] = quantileSorted(buf, 0.975);
    }
    q = { median, p025, p975 };
    return q;
  };
  const interval: RegionInterval = {
    regions,
    unit,
    mean,
    get median() {
      return quantiles().median;
    },
    get p025() {
      return quantiles().p025;
    },
    get p975() {
      return quantiles().p975;
    },
  };
  drawsOfInterval.set(interval, { draws, nDraws });
  return interval;
}

const drawsOfInterval = new WeakMap<RegionInterval, { draws: Float64Array; nDraws: number }>();

/**
 * The draws (d·G + r) a region interval was summarised from, when it was built by
 * regionIntervalOf in this process (not kept in result.json). Read-only. Two runs with the same
 * seed share their random numbers draw by draw, so their per-draw difference gives the
 * interval of a change (`changeInterval`).
 */
export function regionDrawsOf(x: RegionInterval): { draws: Float64Array; nDraws: number } | undefined {
  return drawsOfInterval.get(x);
}

/**
 * 2.5 / 97.5 percentiles per region of (after_d − before_d) over common draws, or undefined
 * when either interval's draws are unknown or their draw counts differ.
 */
export function changeInterval(
  before: RegionInterval,
  after: RegionInterval,
): { readonly p025: Float64Array; readonly p975: Float64Array } | undefined {
  const a = regionDrawsOf(before);
  const b = regionDrawsOf(after);
  if (!a || !b || a.nDraws !== b.nDraws || a.draws.length !== b.draws.length) return undefined;
  const G = before.regions.length;
  const p025 = new Float64Array(G);
  const p975 = new Float64Array(G);
  const buf = new Float64Array(a.nDraws);
  for (let r = 0; r < G; r++) {
    for (let d = 0; d < a.nDraws; d++) buf[d] = b.draws[d * G + r] - a.draws[d * G + r];
    sortDraws(buf);
    p025[r] = quantileSorted(buf, 0.025);
    p975[r] = quantileSorted(buf, 0.975);
  }
  return { p025, p975 };
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
