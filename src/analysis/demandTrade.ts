import { luFactor, luSolve } from '../linalg/lu.ts';
import type { Matrix } from '../linalg/matrix.ts';
import { identityMinus, technicalCoefficients } from '../mrio/leontief.ts';
import type { Mrio } from '../mrio/model.ts';
import { type PreparedAnalysis, prepareAnalysis } from './prepare.ts';

/** Provinces or sectors a rule applies to: every one, or a list of the dataset's names. */
export type NamePick = 'all' | readonly string[];
type Names = NamePick;

/** Scale final demand y_sr of producers s (products `sectors` of s) bought by consumers r. */
export interface FinalDemandChange {
  readonly producers: NamePick;
  readonly consumers: NamePick;
  readonly sectors: NamePick;
  readonly factor: number;
}

/** Scale what provinces `from` sell to provinces `to` ≠ from: A_sr rows of `sectors` and y_sr. */
export interface TradeChange {
  readonly from: NamePick;
  readonly to: NamePick;
  readonly sectors: NamePick;
  readonly factor: number;
}

/** A demand/trade change with no feasible re-balanced table (inputs costing ≥ 1 per unit, x < 0). */
export class InfeasibleScenarioError extends Error {
  override readonly name = 'InfeasibleScenarioError';
}

function mask(all: readonly string[], pick: Names, what: string): Uint8Array {
  const m = new Uint8Array(all.length);
  if (pick === 'all') m.fill(1);
  else
    for (const n of pick) {
      const k = all.indexOf(n);
      if (k < 0) throw new RangeError(`${what}: unknown name '${n}'`);
      m[k] = 1;
    }
  return m;
}

/**
 * A what-if table (METHODS §1): final demand y_sr scaled for chosen producers s, consumers r and
 * products i of s; inter-provincial trade s → r (r ≠ s) scaled in both its intermediate part
 * (technical coefficients A_sr, rows of s's chosen products) and its final part y_sr. Output is
 * re-balanced, x' = (I − A')⁻¹ y' (one LU solve), Z' = A' diag(x'); satellites keep their
 * intensities (F' = f ⊙ x'), final users' direct amounts are unchanged. Rules of one kind
 * overlapping multiply.
 */
export function rebalancedTable(
  m: Mrio,
  demand: readonly FinalDemandChange[],
  trade: readonly TradeChange[],
): Mrio {
  const G = m.regions.length;
  const N = m.sectors.length;
  const n = G * N;
  const K = m.finalDemand.categories.length;
  const tc = technicalCoefficients(m);
  const A = new Float64Array(tc.A.data);
  const Y = new Float64Array(m.finalDemand.Y.data);
  const yCols = m.finalDemand.Y.cols;
  if (yCols !== G * K) throw new Error(`final demand has ${yCols} columns, expected G·K = ${G * K}`);

  const scaleY = (
    prod: Uint8Array,
    cons: Uint8Array,
    sec: Uint8Array,
    f: number,
    offDiagonalOnly: boolean,
  ) => {
    for (let s = 0; s < G; s++) {
      if (!prod[s]) continue;
      for (let i = 0; i < N; i++) {
        if (!sec[i]) continue;
        const row = (s * N + i) * yCols;
        for (let r = 0; r < G; r++) {
          if (!cons[r] || (offDiagonalOnly && r === s)) continue;
          for (let k = 0; k < K; k++) Y[row + r * K + k] *= f;
        }
      }
    }
  };
  for (const d of demand) {
    if (!(d.factor >= 0) || !Number.isFinite(d.factor))
      throw new RangeError(`final demand factor must be ≥ 0, got ${d.factor}`);
    scaleY(
      mask(m.regions, d.producers, 'finalDemand producers'),
      mask(m.regions, d.consumers, 'finalDemand consumers'),
      mask(m.sectors, d.sectors, 'finalDemand sectors'),
      d.factor,
      false,
    );
  }
  for (const t of trade) {
    if (!(t.factor >= 0) || !Number.isFinite(t.factor))
      throw new RangeError(`trade factor must be ≥ 0, got ${t.factor}`);
    const from = mask(m.regions, t.from, 'trade from');
    const to = mask(m.regions, t.to, 'trade to');
    const sec = mask(m.sectors, t.sectors, 'trade sectors');
    scaleY(from, to, sec, t.factor, true);
    for (let s = 0; s < G; s++) {
      if (!from[s]) continue;
      for (let i = 0; i < N; i++) {
        if (!sec[i]) continue;
        const row = (s * N + i) * n;
        for (let r = 0; r < G; r++) {
          if (!to[r] || r === s) continue;
          for (let j = 0; j < N; j++) A[row + r * N + j] *= t.factor;
        }
      }
    }
  }
  // Column sums of A' must stay below 1, else output is not determined by final demand.
  for (let j = 0; j < n; j++) {
    let c = 0;
    for (let i = 0; i < n; i++) c += A[i * n + j];
    if (c >= 1)
      throw new InfeasibleScenarioError(
        `the scaled inputs of ${m.regions[Math.floor(j / N)]} / ${m.sectors[j % N]} cost ${c.toFixed(3)} per unit of output (≥ 1); lower the trade factor`,
      );
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let c = 0; c < yCols; c++) y[i] += Y[i * yCols + c];
  const Am: Matrix = { rows: n, cols: n, data: A };
  const x = luSolve(luFactor(identityMinus(Am)), { rows: n, cols: 1, data: y }).data;
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(x[j]) || x[j] < -1e-9 * Math.max(1, m.x[j]))
      throw new InfeasibleScenarioError(
        `re-balanced output of ${m.regions[Math.floor(j / N)]} / ${m.sectors[j % N]} is ${x[j]}; not a feasible table`,
      );
    if (x[j] < 0) x[j] = 0;
  }
  // A region left producing nothing has no income: its income per capita (VSL transfer, income
  // ranking of the inequality indices) is undefined, so the analysis cannot value the what-if.
  for (let r = 0; r < G; r++) {
    let out = 0;
    for (let i = 0; i < N; i++) out += x[r * N + i];
    if (!(out > 0))
      throw new InfeasibleScenarioError(
        `the change leaves ${m.regions[r]} producing nothing (no income to value health damage by); keep some final demand for its products`,
      );
  }
  const Z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Z[i * n + j] = A[i * n + j] * x[j];
  const rescale = (v: Float64Array) =>
    Float64Array.from(v, (val, j) => (m.x[j] > 0 ? (val / m.x[j]) * x[j] : 0));
  return {
    ...m,
    name: `${m.name} (what-if: demand/trade)`,
    Z: { rows: n, cols: n, data: Z },
    finalDemand: { categories: m.finalDemand.categories, Y: { rows: n, cols: yCols, data: Y } },
    x,
    satellites: m.satellites.map((s) => ({ ...s, values: rescale(s.values) })),
    primaryInputs: m.primaryInputs?.map((p) => ({ name: p.name, values: rescale(p.values) })),
  };
}

/** Re-balanced, re-decomposed variants per prepared analysis (small: each holds a decomposition). */
const VARIANTS = 4;
const variantCache = new WeakMap<
  PreparedAnalysis,
  Map<string, { prepared: PreparedAnalysis; seconds: number }>
>();

/**
 * The prepared analysis of a demand/trade what-if: the table re-balanced (rebalancedTable) and
 * decomposed again (a new LU of I − A'). Emission ratios for the air model stay relative to the
 * original baseline emissions (prepared.baselineEmissions is kept), so concentrations respond
 * to the change. The last few variants per prepared analysis are kept; `seconds` is the time
 * this call spent (0 when it came from that cache), `buildSeconds` the time it took to build.
 */
export function preparedForTable(
  prepared: PreparedAnalysis,
  demand: readonly FinalDemandChange[],
  trade: readonly TradeChange[],
): { prepared: PreparedAnalysis; seconds: number; buildSeconds: number; cached: boolean } {
  const key = JSON.stringify([demand, trade]);
  let cache = variantCache.get(prepared);
  if (!cache) {
    cache = new Map();
    variantCache.set(prepared, cache);
  }
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return { prepared: hit.prepared, seconds: 0, buildSeconds: hit.seconds, cached: true };
  }
  const t = performance.now();
  const ds = prepared.dataset;
  const mrio = rebalancedTable(ds.mrio, demand, trade);
  const p = prepareAnalysis({ ...ds, mrio }, prepared.rsm, prepared.health);
  const v = {
    prepared: { ...p, baselineEmissions: prepared.baselineEmissions },
    seconds: (performance.now() - t) / 1000,
  };
  cache.set(key, v);
  if (cache.size > VARIANTS) cache.delete(cache.keys().next().value!);
  return { prepared: v.prepared, seconds: v.seconds, buildSeconds: v.seconds, cached: false };
}
