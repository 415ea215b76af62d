import { rasBalance } from './balance.ts';

/**
 * Rebalances one province's use table (intermediate use N×N and final use N×K, all origins) to the
 * cleaned total use per product (outflowCleaning.ts, T' = L + IM + IF), keeping every sector's
 * intermediate inputs (GO − VA, so value added and output stay as published) and scaling the
 * final-use category totals by one factor λ so rows and columns add up to the same total
 * (docs/dataset.md, step 3). Biproportional (RAS) on the non-negative cells; negative cells
 * (inventory decreases) are held as published and taken off their row and column targets.
 * Zero cells stay zero.
 */
export interface UseBalanceInput {
  readonly N: number;
  readonly K: number;
  /** Intermediate use, N×N row-major (product i, using sector j). */
  readonly use: Float64Array;
  /** Final use, N×K row-major. */
  readonly finalUse: Float64Array;
  /** Target total use per product (length N). */
  readonly rowTargets: Float64Array;
  /** Target intermediate inputs per sector (length N). */
  readonly intermediateTargets: Float64Array;
}

export interface UseBalance {
  readonly use: Float64Array;
  readonly finalUse: Float64Array;
  /** Factor on the published non-negative final-use totals. */
  readonly finalUseScale: number;
  readonly iterations: number;
  /** Largest |row sum − target| / target after the last (column) pass. */
  readonly maxRelError: number;
  /** Σ |Δ intermediate use| / Σ intermediate use: how much the balance moved the province's technology. */
  readonly intermediateChange: number;
  /** Σ |Δ final use| / Σ |final use|. */
  readonly finalUseChange: number;
}

export function balanceProvincialUse(p: UseBalanceInput, where: string, tol = 1e-13): UseBalance {
  const { N, K } = p;
  const C = N + K;
  const m = new Float64Array(N * C);
  const rows = new Float64Array(p.rowTargets);
  const cols = new Float64Array(C);
  const finalPositive = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) m[i * C + j] = p.use[i * N + j];
    for (let k = 0; k < K; k++) {
      const v = p.finalUse[i * K + k];
      if (v >= 0) {
        m[i * C + N + k] = v;
        finalPositive[k] += v;
      } else rows[i] -= v; // held fixed: the rest of the row must carry |v| more
    }
  }
  let rowTotal = 0;
  let intermediate = 0;
  for (let i = 0; i < N; i++) rowTotal += rows[i];
  for (let j = 0; j < N; j++) {
    cols[j] = p.intermediateTargets[j];
    intermediate += cols[j];
  }
  let finalTotal = 0;
  for (let k = 0; k < K; k++) finalTotal += finalPositive[k];
  const finalUseScale = (rowTotal - intermediate) / finalTotal;
  if (!(finalUseScale > 0))
    throw new Error(
      `${where}: cleaned total use ${rowTotal} does not exceed intermediate inputs ${intermediate}; no non-negative final use can balance it`,
    );
  for (let k = 0; k < K; k++) cols[N + k] = finalPositive[k] * finalUseScale;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += m[i * C + c];
    if (rows[i] > 0 && !(s > 0))
      throw new Error(`${where}: product ${i + 1} has target use ${rows[i]} but no published use to scale`);
    if (rows[i] < 0) throw new Error(`${where}: product ${i + 1} has negative target use ${rows[i]}`);
  }
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += m[i * C + c];
    if (cols[c] > 0 && !(s > 0))
      throw new Error(`${where}: column ${c + 1} has target ${cols[c]} but no published entries`);
  }
  const res = rasBalance(m, N, C, rows, cols, tol);
  if (!(res.maxRelError <= tol))
    throw new Error(`${where}: use balance did not converge (max rel. error ${res.maxRelError})`);
  const use = new Float64Array(N * N);
  const finalUse = new Float64Array(N * K);
  let dz = 0;
  let z = 0;
  let df = 0;
  let f = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      use[i * N + j] = res.values[i * C + j];
      dz += Math.abs(use[i * N + j] - p.use[i * N + j]);
      z += p.use[i * N + j];
    }
    for (let k = 0; k < K; k++) {
      const v = p.finalUse[i * K + k];
      finalUse[i * K + k] = v >= 0 ? res.values[i * C + N + k] : v;
      df += Math.abs(finalUse[i * K + k] - v);
      f += Math.abs(v);
    }
  }
  return {
    use,
    finalUse,
    finalUseScale,
    iterations: res.iterations,
    maxRelError: res.maxRelError,
    intermediateChange: z > 0 ? dz / z : 0,
    finalUseChange: f > 0 ? df / f : 0,
  };
}
