import { luSolve } from '../linalg/lu.ts';
import { identity, type Matrix } from '../linalg/matrix.ts';
import { type DemandSolves, demandSolves, finalDemandByRegion } from '../mrio/demand.ts';
import { leontiefFactor, leontiefInverse, localInverses, technicalCoefficients } from '../mrio/leontief.ts';
import type { Mrio } from '../mrio/model.ts';

/**
 * What an intensity what-if needs so that no solve is left per what-if (METHODS §2–4). Every
 * emission account is linear in the intensity row f, and the output-side vectors do not depend
 * on f, so the coefficients are formed once from one full B = (I − A)⁻¹ (then dropped):
 * - parts 1–4 and production per emitting (s, i): f_{s,i} × the output decomposition (the
 *   `OUTPUT_INDICATOR` accounts of PreparedAnalysis, nothing extra here);
 * - EX_sr final term (f_s B_ss)_i y_sr,i: the diagonal blocks B_ss;
 * - EX_sr intermediate term (f_s L_ss)_i (A_sr Σ_{t≠s} Σ_{u≠s} B_rt y_tu)_i: the blocks L_ss and
 *   `ds.exInner`;
 * - FE_sr by origin t ≠ s, Σ_i (f_t B_ts)_i (y_sr + A_sr L_rr y_rr)_i = Σ_{j∈t} f_j feCoef[j, sr]
 *   with feCoef[j, sr] = Σ_i B[j, (s,i)] (y_sr + A_sr L_rr y_rr)_i (n × G², 0 for j ∈ s);
 * - flows M[s,r] = Σ_{j∈s} f_j X[j, r] with X = B·y (`ds.X`).
 */
export interface LiveBasis {
  readonly G: number;
  readonly N: number;
  readonly ds: DemandSolves;
  /** B_ss per region: index (s·N + j)·N + i = B[(s,j), (s,i)]. */
  readonly Bss: Float64Array;
  /** L_ss per region, same layout. */
  readonly Lss: Float64Array;
  /** feCoef[j·G² + s·G + r] (see above). */
  readonly feCoef: Float64Array;
  /** Σ_{r≠s} y_sr,i and Σ_r exInner_sr,i per exported (s, i): EX tonnes by product role. */
  readonly exportFinalDemand: Float64Array;
  readonly exInnerSum: Float64Array;
  readonly seconds: number;
}

/** Builds the live basis of a table (one more LU of I − A and one full inverse, formed once). */
export function buildLiveBasis(mrio: Mrio): LiveBasis {
  const t0 = performance.now();
  const G = mrio.regions.length;
  const N = mrio.sectors.length;
  const n = G * N;
  const tc = technicalCoefficients(mrio);
  const lf = leontiefFactor(tc);
  const li = localInverses(tc);
  const ds = demandSolves(tc, lf, li, finalDemandByRegion(mrio));
  const B = leontiefInverse(lf).data;
  const Bss = new Float64Array(G * N * N);
  const Lss = new Float64Array(G * N * N);
  for (let s = 0; s < G; s++) {
    const L: Matrix = luSolve(li.lu[s], identity(N));
    Lss.set(L.data, s * N * N);
    for (let j = 0; j < N; j++)
      Bss.set(B.subarray((s * N + j) * n + s * N, (s * N + j) * n + s * N + N), (s * N + j) * N);
  }
  // demand_sr = y_sr + A_sr L_rr y_rr per exported sector i of s (METHODS §3, FE_sr).
  const G2 = G * G;
  const demand = new Float64Array(G2 * N);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      const o = (s * G + r) * N;
      for (let i = 0; i < N; i++) demand[o + i] = ds.y.data[(s * N + i) * G + r] + ds.feInner[o + i];
    }
  const feCoef = new Float64Array(n * G2);
  for (let j = 0; j < n; j++) {
    const t = (j / N) | 0;
    const row = j * n;
    for (let s = 0; s < G; s++) {
      if (s === t) continue;
      const b = row + s * N;
      for (let r = 0; r < G; r++) {
        if (r === s) continue;
        const o = (s * G + r) * N;
        let acc = 0;
        for (let i = 0; i < N; i++) acc += B[b + i] * demand[o + i];
        feCoef[j * G2 + s * G + r] = acc;
      }
    }
  }
  const exportFinalDemand = new Float64Array(n);
  const exInnerSum = new Float64Array(n);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      for (let i = 0; i < N; i++) {
        exportFinalDemand[s * N + i] += ds.y.data[(s * N + i) * G + r];
        exInnerSum[s * N + i] += ds.exInner[(s * G + r) * N + i];
      }
    }
  return {
    G,
    N,
    ds,
    Bss,
    Lss,
    feCoef,
    exportFinalDemand,
    exInnerSum,
    seconds: (performance.now() - t0) / 1000,
  };
}
