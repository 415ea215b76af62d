import type { RegionVector } from '../mrio/model.ts';
import { healthInput } from './damage.ts';
import type { HealthEvaluator, HealthRunOptions } from './healthEvaluator.ts';
import type { PreparedAnalysis } from './prepare.ts';

/**
 * Damage of lowering each receptor's concentration from C_base to c, as a function of c alone
 * (the burden in region i depends only on C_i): mean money over common Monte Carlo draws at one
 * threshold, tabulated on a per-receptor grid and interpolated linearly. Lets the many
 * per-flow and one-at-a-time removals (METHODS §7) cost one surface prediction each instead of
 * one health Monte Carlo each. Nodes: C_cf exactly, C_base exactly, 24 intervals in between
 * clustered quadratically towards C_base, 4 below C_cf; linear extrapolation outside.
 */
export interface DamageCurves {
  readonly G: number;
  readonly K: number;
  /** grid[i·K + k], ascending in k, µg/m³. */
  readonly grid: Float64Array;
  /** money[i·K + k]: mean damage of C_base → grid value, in `unit`. */
  readonly money: Float64Array;
  readonly deaths: Float64Array;
  readonly unit: string;
  readonly threshold: number;
  readonly draws: number;
}

export function buildDamageCurves(
  prepared: PreparedAnalysis,
  cBase: RegionVector,
  cCf: RegionVector,
  options: HealthRunOptions & {
    readonly threshold: number;
    /** The run's health model (its conventions); default the prepared analysis's. */
    readonly evaluator?: HealthEvaluator;
    readonly below?: number;
    readonly between?: number;
  },
): DamageCurves {
  const G = cBase.values.length;
  const evaluator = options.evaluator ?? prepared.health;
  const below = options.below ?? 4; // nodes under C_cf
  const between = options.between ?? 24; // intervals from C_cf to C_base
  const K = below + between + 1;
  const grid = new Float64Array(G * K);
  for (let i = 0; i < G; i++) {
    const hi = cBase.values[i];
    const mid = Math.min(cCf.values[i], hi);
    const span = Math.max(hi - mid, 1e-6);
    const lo = Math.max(0, mid - 0.5 * span);
    for (let k = 0; k < below; k++) grid[i * K + k] = lo + ((mid - lo) * k) / below;
    // Nodes cluster quadratically towards C_base, where single-flow removals land.
    for (let k = 0; k <= between; k++) {
      const u = k / between;
      grid[i * K + below + k] = k === between ? hi : mid + (hi - mid) * (1 - (1 - u) * (1 - u));
    }
  }
  const money = new Float64Array(G * K);
  const deaths = new Float64Array(G * K);
  const opts: HealthRunOptions = {
    thresholds: [options.threshold],
    draws: options.draws,
    seed: options.seed,
  };
  let unit = '';
  for (let k = 0; k < K; k++) {
    const c = new Float64Array(G);
    for (let i = 0; i < G; i++) c[i] = grid[i * K + k];
    const m = evaluator.mean(
      healthInput(prepared, cBase, { regions: cBase.regions, unit: cBase.unit, values: c }),
      opts,
    );
    unit = m.moneyUnit;
    for (let i = 0; i < G; i++) {
      money[i * K + k] = m.money[0][i];
      deaths[i * K + k] = m.deaths[0][i];
    }
  }
  return {
    G,
    K,
    grid,
    money,
    deaths,
    unit,
    threshold: options.threshold,
    draws: options.draws ?? evaluator.draws,
  };
}

/** Interpolated damage per receptor at concentrations c (linear, extrapolated at the ends). */
export function curveDamage(
  curves: DamageCurves,
  c: Float64Array,
  which: 'money' | 'deaths' = 'money',
): Float64Array {
  const { G, K, grid } = curves;
  const y = curves[which];
  const out = new Float64Array(G);
  for (let i = 0; i < G; i++) {
    const o = i * K;
    const x = c[i];
    let k = 0;
    // Find the segment [k, k+1] containing x (clamped to the end segments for extrapolation).
    while (k < K - 2 && x > grid[o + k + 1]) k++;
    const x0 = grid[o + k];
    const x1 = grid[o + k + 1];
    const t = x1 > x0 ? (x - x0) / (x1 - x0) : 0;
    out[i] = y[o + k] + t * (y[o + k + 1] - y[o + k]);
  }
  return out;
}
