/**
 * Biproportional (RAS) balancing: scale the rows and columns of a non-negative matrix so that its
 * row and column sums hit given targets. Deterministic; stops when every row and column sum is
 * within `tol` relative of its target (relative to the target, or to the grand total for zero
 * targets), always finishing on a column pass so column sums are exact to rounding.
 */
export interface RasResult {
  readonly values: Float64Array; // rows × cols, row-major
  readonly iterations: number;
  readonly maxRelError: number;
}

export function rasBalance(
  start: Float64Array,
  rows: number,
  cols: number,
  rowTargets: Float64Array,
  colTargets: Float64Array,
  tol = 1e-13,
  maxIterations = 20000,
): RasResult {
  const m = new Float64Array(start);
  let total = 0;
  for (let i = 0; i < rows; i++) total += rowTargets[i];
  const scale = Math.abs(total) || 1;
  let maxRel = Number.POSITIVE_INFINITY;
  let it = 0;
  for (; it < maxIterations; it++) {
    // Row pass.
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += m[i * cols + j];
      const f = s > 0 ? rowTargets[i] / s : 0;
      for (let j = 0; j < cols; j++) m[i * cols + j] *= f;
    }
    // Column pass.
    const cs = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) cs[j] += m[i * cols + j];
    for (let j = 0; j < cols; j++) {
      const f = cs[j] > 0 ? colTargets[j] / cs[j] : 0;
      for (let i = 0; i < rows; i++) m[i * cols + j] *= f;
    }
    maxRel = 0;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += m[i * cols + j];
      const ref = Math.max(Math.abs(rowTargets[i]), scale * 1e-12);
      maxRel = Math.max(maxRel, Math.abs(s - rowTargets[i]) / ref);
    }
    if (maxRel <= tol) return { values: m, iterations: it + 1, maxRelError: maxRel };
  }
  return { values: m, iterations: it, maxRelError: maxRel };
}
