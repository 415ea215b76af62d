import type { Matrix } from '../linalg/matrix.ts';
import { PRECURSORS, type Precursor } from '../mrio/model.ts';
import type { IndicatorAccounts } from '../mrio/results.ts';
import { concentrationsAt, type DamageCore, emissionRatios } from './damage.ts';
import { curveDamage, type DamageCurves } from './damageCurve.ts';
import { intervalOf } from './drawStatistics.ts';
import type { EmissionAccounts } from './emissionAccounts.ts';
import type { PreparedAnalysis } from './prepare.ts';
import { type FlowRank, notComputedFields, type PairwiseFlows } from './runResult.ts';

const ROWS = 'exporting province s (flow s → r)';
const COLS = 'importing province r';

/** EX_sr + FE_sr summed over sectors (METHODS §3–4), G×G. */
export function bilateralContent(acc: IndicatorAccounts, G: number, N: number): Float64Array {
  const out = new Float64Array(G * G);
  for (let sr = 0; sr < G * G; sr++) {
    let v = 0;
    for (let i = 0; i < N; i++) v += acc.exFinal[sr * N + i] + acc.exIntermediate[sr * N + i];
    for (let t = 0; t < G; t++) v += acc.feByOrigin[sr * G + t];
    out[sr] = v;
  }
  return out;
}

export function topFlows(values: Float64Array, regions: readonly string[], k: number): FlowRank[] {
  const G = regions.length;
  let total = 0;
  for (const v of values) total += v;
  return largestOffDiagonal(values, G, k).map((q) => ({
    from: regions[Math.floor(q / G)],
    to: regions[q % G],
    value: values[q],
    share: values[q] / total,
    ...notComputedFields({
      share: [values[q] / total, () => 'the flows add up to 0: no shares of their total'],
    }),
  }));
}

/**
 * Indices of the k largest off-diagonal cells, descending, ties by index (the order of a full
 * sort by value then index), kept in a k-long sorted list instead of sorting all G² cells.
 */
function largestOffDiagonal(values: Float64Array, G: number, k: number): number[] {
  const byValue = (a: number, b: number) => values[b] - values[a] || a - b;
  const all = () => {
    const idx: number[] = [];
    for (let q = 0; q < G * G; q++) if (Math.floor(q / G) !== q % G) idx.push(q);
    return idx.sort(byValue).slice(0, k);
  };
  if (k <= 0) return [];
  const top: number[] = [];
  for (let q = 0; q < G * G; q++) {
    const v = values[q];
    if (Number.isNaN(v)) return all(); // the comparator's own order
    if (Math.floor(q / G) === q % G) continue;
    if (top.length === k && !(v > values[top[k - 1]])) continue;
    // After every kept index with a value ≥ v (earlier indices first on ties).
    let at = top.length;
    while (at > 0 && values[top[at - 1]] < v) at--;
    top.splice(at, 0, q);
    if (top.length > k) top.pop();
  }
  return top;
}

export function flowsResult(
  indicator: string,
  label: string,
  unit: string,
  values: Float64Array,
  regions: readonly string[],
  top: number,
  rawSum?: number,
): PairwiseFlows {
  const G = regions.length;
  let total = 0;
  for (const v of values) total += v;
  const norm = Float64Array.from(values, (v) => (total !== 0 ? v / total : 0));
  const m = (data: Float64Array): Matrix => ({ rows: G, cols: G, data });
  return {
    indicator,
    label,
    matrix: { regions, unit, rowsAre: ROWS, colsAre: COLS, values: m(values) },
    normalised: { regions, unit: 'share of total', rowsAre: ROWS, colsAre: COLS, values: m(norm) },
    top: topFlows(values, regions, top),
    total,
    ...(rawSum !== undefined ? { rawSum } : {}),
  };
}

/** Emissions removed by cutting one export flow s → r: EX_sr in s and FE_sr in each upstream t. */
export function flowRemoval(
  em: EmissionAccounts,
  s: number,
  r: number,
  G: number,
  N: number,
  out: Float64Array,
): void {
  out.fill(0);
  const sr = s * G + r;
  let ex = 0;
  for (let i = 0; i < N; i++) ex += em.exFinal[sr * N + i] + em.exIntermediate[sr * N + i];
  out[s] += ex;
  for (let t = 0; t < G; t++) out[t] += em.feByOrigin[sr * G + t];
}

export interface DamageFlowOptions {
  /** Damage curves at the headline threshold (damageCurve.ts). */
  readonly curves: DamageCurves;
  /** Called every few flows (progress, and a chance to yield in async callers). */
  readonly onFlow?: (done: number, total: number) => void;
}

/**
 * Damage of each export flow s → r by per-flow removal (METHODS §7): only that flow's EX_sr
 * (emitted in s) and FE_sr (emitted upstream, by origin t) emissions removed from the scenario
 * baseline; damage summed over receptors at the headline threshold from the damage curves.
 * The sum over flows differs from the all-source damage (nonlinearity, and FE counts upstream
 * emissions once per flow they pass through), so the matrix is normalised to shares and scaled
 * to the all-source damage; the raw sum is reported.
 */
export function damageFlowsByRemoval(
  prepared: PreparedAnalysis,
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  core: DamageCore,
  options: DamageFlowOptions,
): DamageFlows {
  const it = damageFlowsByRemovalSteps(prepared, emissions, core, options);
  let step = it.next();
  while (!step.done) step = it.next();
  return step.value;
}

export interface DamageFlows {
  /** Damage of removing each flow alone (money, headline threshold), G×G. */
  readonly raw: Float64Array;
  readonly rawSum: number;
  /** Σ over flows of each receptor's damage of the removal (G): rawSum by receptor. */
  readonly rawByReceptor: Float64Array;
  /** raw normalised to shares and scaled to the all-source damage. */
  readonly scaled: Float64Array;
}

/** Generator form of damageFlowsByRemoval: yields after each exporting region. */
export function* damageFlowsByRemovalSteps(
  prepared: PreparedAnalysis,
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  core: DamageCore,
  options: DamageFlowOptions,
): Generator<void, DamageFlows> {
  const { G, N } = prepared;
  const baseDamageTotal = (() => {
    let s = 0;
    for (let i = 0; i < G; i++) s += core.moneyMean[i];
    return s;
  })();
  const raw = new Float64Array(G * G);
  const rawByReceptor = new Float64Array(G);
  const removed = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) removed[p] = new Float64Array(G);
  const cur = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) cur[p] = new Float64Array(G);
  let done = 0;
  const total = G * (G - 1);
  for (let s = 0; s < G; s++) {
    if (s > 0) yield;
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      for (const p of PRECURSORS) {
        flowRemoval(emissions[p], s, r, G, N, removed[p]);
        for (let t = 0; t < G; t++) cur[p][t] = emissions[p].baseline[t] - removed[p][t];
      }
      const c = concentrationsAt(
        prepared,
        emissionRatios(prepared, (p) => cur[p]),
        `the removal of the ${prepared.regions[s]} → ${prepared.regions[r]} export flow`,
      );
      const m = curveDamage(options.curves, c.values);
      let v = 0;
      for (let i = 0; i < G; i++) {
        v += m[i];
        rawByReceptor[i] += m[i];
      }
      raw[s * G + r] = v;
      options.onFlow?.(++done, total);
    }
  }
  let rawSum = 0;
  for (const v of raw) rawSum += v;
  const scaled = Float64Array.from(raw, (v) => (rawSum !== 0 ? (v / rawSum) * baseDamageTotal : 0));
  return { raw, rawSum, rawByReceptor, scaled };
}

/** The receptor damages (G) of removing the one flow s → r (per-flow removal, mean draws). */
export function removalByReceptor(
  prepared: PreparedAnalysis,
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  curves: DamageCurves,
  s: number,
  r: number,
): Float64Array {
  const { G, N } = prepared;
  const removed = new Float64Array(G);
  const cur = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    flowRemoval(emissions[p], s, r, G, N, removed);
    cur[p] = Float64Array.from(emissions[p].baseline, (e, t) => e - removed[t]);
  }
  return curveDamage(
    curves,
    concentrationsAt(
      prepared,
      emissionRatios(prepared, (p) => cur[p]),
      `the removal of the ${prepared.regions[s]} → ${prepared.regions[r]} export flow`,
    ).values,
  );
}

/**
 * 95 % intervals of top per-flow-removal damage flows over the Monte Carlo draws. The removal
 * damage of a flow in receptor i is taken to move with receptor i's all-source damage draw by
 * draw (ρ_i,d = D_i,d / mean D_i; the damage curves are tabulated for the mean only), then
 * scaled as the central value is: flow_d = (Σ_i raw_i ρ_i,d) / (Σ_i R_i ρ_i,d) × Σ_i D_i,d,
 * with R the receptor sums over all flows.
 */
export function removalFlowIntervals(
  byReceptor: readonly Float64Array[],
  rawByReceptor: Float64Array,
  moneyDraws: Float64Array,
  moneyMean: Float64Array,
  draws: number,
  unit: string,
): { p025: number; p975: number }[] {
  const G = moneyMean.length;
  const rho = new Float64Array(draws * G);
  const total = new Float64Array(draws);
  const norm = new Float64Array(draws);
  for (let d = 0; d < draws; d++)
    for (let i = 0; i < G; i++) {
      const x = moneyDraws[d * G + i];
      rho[d * G + i] = moneyMean[i] !== 0 ? x / moneyMean[i] : 1;
      total[d] += x;
      norm[d] += rawByReceptor[i] * rho[d * G + i];
    }
  return byReceptor.map((w) => {
    const v = new Float64Array(draws);
    for (let d = 0; d < draws; d++) {
      let a = 0;
      for (let i = 0; i < G; i++) a += w[i] * rho[d * G + i];
      v[d] = norm[d] !== 0 ? (a / norm[d]) * total[d] : 0;
    }
    const q = intervalOf(v, unit);
    return { p025: q.p025, p975: q.p975 };
  });
}

/**
 * Receptor weights of one additive (per-tonne) damage flow s → r: the flow is
 * Σ_p Σ_t removed_p[t] · d_{t,p} with d_{t,p} = Σ_i share_p[t,i]·D_i / tonnes_p[t], so it is
 * Σ_i w_i·D_i, exactly, in every draw.
 */
export function linearFlowReceptorWeights(
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  share: Readonly<Record<Precursor, Float64Array>>,
  G: number,
  N: number,
  s: number,
  r: number,
): Float64Array {
  const w = new Float64Array(G);
  const removed = new Float64Array(G);
  for (const p of PRECURSORS) {
    const em = emissions[p];
    flowRemoval(em, s, r, G, N, removed);
    for (let t = 0; t < G; t++) {
      const tonnes = em.baseline[t] - em.counterfactual[t];
      if (!(tonnes > 0) || removed[t] === 0) continue;
      const f = removed[t] / tonnes;
      for (let i = 0; i < G; i++) w[i] += f * share[p][t * G + i];
    }
  }
  return w;
}

/** 95 % interval of Σ_i w_i·D_i,d over the draws, per weight vector. */
export function linearFlowIntervals(
  weights: readonly Float64Array[],
  moneyDraws: Float64Array,
  draws: number,
  unit: string,
): { p025: number; p975: number }[] {
  return weights.map((w) => {
    const G = w.length;
    const v = new Float64Array(draws);
    for (let d = 0; d < draws; d++) {
      let a = 0;
      for (let i = 0; i < G; i++) a += w[i] * moneyDraws[d * G + i];
      v[d] = a;
    }
    const q = intervalOf(v, unit);
    return { p025: q.p025, p975: q.p975 };
  });
}

/** The flows with a 95 % interval on each top entry (same order as `intervals`). */
export function withTopIntervals(
  flows: PairwiseFlows,
  intervals: readonly { p025: number; p975: number }[],
  how: string,
): PairwiseFlows {
  return {
    ...flows,
    top: flows.top.map((t, k) => ({ ...t, ...intervals[k] })),
    intervalMethod: how,
  };
}

/**
 * Additive alternative: each flow's removed tonnes × the average Shapley damage per tonne of the
 * emitting input (damagePerTonne). Sums over flows to Σ_p Σ_s d_{s,p}·(EX_s + FE content).
 */
export function damageFlowsLinear(
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  perTonne: Readonly<Record<Precursor, Float64Array>>,
  G: number,
  N: number,
): Float64Array {
  const out = new Float64Array(G * G);
  const removed = new Float64Array(G);
  for (const p of PRECURSORS)
    for (let s = 0; s < G; s++)
      for (let r = 0; r < G; r++) {
        if (r === s) continue;
        flowRemoval(emissions[p], s, r, G, N, removed);
        let v = 0;
        for (let t = 0; t < G; t++) v += removed[t] * perTonne[p][t];
        out[s * G + r] += v;
      }
  return out;
}
