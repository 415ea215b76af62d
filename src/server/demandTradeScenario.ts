import { luFactor, luSolve } from '../linalg/lu.ts';
import type { Matrix } from '../linalg/matrix.ts';
import { identityMinus, technicalCoefficients } from '../mrio/leontief.ts';
import type { Mrio } from '../mrio/model.ts';
import type { ScenarioRequest } from './scenarioSchema.ts';

type Names = 'all' | readonly string[];

function mask(all: readonly string[], pick: Names): Uint8Array {
  const m = new Uint8Array(all.length);
  if (pick === 'all') m.fill(1);
  else for (const n of pick) m[all.indexOf(n)] = 1;
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
export function scaleDemandAndTrade(
  m: Mrio,
  demand: ScenarioRequest['finalDemand'],
  trade: ScenarioRequest['trade'],
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
  for (const d of demand)
    scaleY(
      mask(m.regions, d.producers),
      mask(m.regions, d.consumers),
      mask(m.sectors, d.sectors),
      d.factor,
      false,
    );
  for (const t of trade) {
    const from = mask(m.regions, t.from);
    const to = mask(m.regions, t.to);
    const sec = mask(m.sectors, t.sectors);
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
      throw new Error(
        `the scaled inputs of ${m.regions[Math.floor(j / N)]} / ${m.sectors[j % N]} cost ${c.toFixed(3)} per unit of output (≥ 1); lower the trade factor`,
      );
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let c = 0; c < yCols; c++) y[i] += Y[i * yCols + c];
  const Am: Matrix = { rows: n, cols: n, data: A };
  const x = luSolve(luFactor(identityMinus(Am)), { rows: n, cols: 1, data: y }).data;
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(x[j]) || x[j] < -1e-9 * Math.max(1, m.x[j]))
      throw new Error(
        `re-balanced output of ${m.regions[Math.floor(j / N)]} / ${m.sectors[j % N]} is ${x[j]}; not a feasible table`,
      );
    if (x[j] < 0) x[j] = 0;
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
