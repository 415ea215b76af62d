import type { Matrix } from '../linalg/matrix.ts';
import { MrioError } from './errors.ts';
import type { Mrio } from './model.ts';

export interface ValidationOptions {
  /** Relative tolerance for |x − (Z·1 + Y·1)| / max(|x|, ε): above it a warning (METHODS §1). */
  readonly balanceTolerance?: number;
  /**
   * A column of A summing to ≥ 1 (inputs cost at least the output: value added ≤ 0) is an error
   * by default; `false` downgrades it to a warning (I − A may still be invertible, e.g. pymrio's
   * 2×3 test system).
   */
  readonly strictColumnSums?: boolean;
}

function where(m: Pick<Mrio, 'regions' | 'sectors'>, j: number): [string, string] {
  const N = m.sectors.length;
  return [m.regions[Math.floor(j / N)], m.sectors[j % N]];
}

function checkFinite(
  what: string,
  data: Float64Array,
  cols: number,
  rowLabel: (i: number) => string[],
): void {
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (!Number.isFinite(v)) {
      const [r, s] = rowLabel(Math.floor(k / cols));
      throw new MrioError(`${what} holds ${v} at column ${(k % cols) + 1}`, r, s, 'finite numbers');
    }
  }
}

function checkShape(what: string, m: Matrix, rows: number, cols: number): void {
  if (m.rows !== rows || m.cols !== cols || m.data.length !== rows * cols)
    throw new MrioError(`${what} is ${m.rows}×${m.cols}`, undefined, undefined, `${rows}×${cols}`);
}

function uniqueLabels(what: string, labels: readonly string[]): void {
  const seen = new Set<string>();
  for (const l of labels) {
    if (l === '') throw new MrioError(`empty ${what} label`);
    if (seen.has(l)) throw new MrioError(`duplicate ${what} label '${l}'`);
    seen.add(l);
  }
}

/**
 * Row and column sums of Z, its count of negative entries and whether it holds NaN/±Inf, in one
 * pass of four rows at a time (one read-modify-write of the column sums per four entries).
 */
function scanZ(
  z: Float64Array,
  n: number,
): { rowZ: Float64Array; colSum: Float64Array; negZ: number; badZ: boolean } {
  const rowZ = new Float64Array(n);
  const colSum = new Float64Array(n);
  let negZ = 0;
  let finite = 0; // stays 0 unless some entry is NaN/±Inf (then NaN)
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < n; j++) {
      const v0 = z[r0 + j];
      const v1 = z[r1 + j];
      const v2 = z[r2 + j];
      const v3 = z[r3 + j];
      s0 += v0;
      s1 += v1;
      s2 += v2;
      s3 += v3;
      const t = v0 + v1 + v2 + v3;
      colSum[j] += t;
      finite += t - t;
      negZ += (v0 < 0 ? 1 : 0) + (v1 < 0 ? 1 : 0) + (v2 < 0 ? 1 : 0) + (v3 < 0 ? 1 : 0);
    }
    rowZ[i] = s0;
    rowZ[i + 1] = s1;
    rowZ[i + 2] = s2;
    rowZ[i + 3] = s3;
  }
  for (; i < n; i++) {
    const ri = i * n;
    let s0 = 0;
    for (let j = 0; j < n; j++) {
      const v = z[ri + j];
      s0 += v;
      colSum[j] += v;
      finite += v - v;
      if (v < 0) negZ++;
    }
    rowZ[i] = s0;
  }
  return { rowZ, colSum, negZ, badZ: !(finite === 0) };
}

/** Row sums of Y (n × cols, category fastest of K), negatives per category, any NaN/±Inf. */
function scanY(
  y: Float64Array,
  n: number,
  cols: number,
  K: number,
): { rowY: Float64Array; negByCategory: Int32Array; badY: boolean } {
  const rowY = new Float64Array(n);
  const negByCategory = new Int32Array(K);
  let finite = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * cols;
    let s = 0;
    for (let c = 0; c < cols; c++) {
      const v = y[ri + c];
      s += v;
      finite += v - v;
      if (v < 0) negByCategory[c % K]++;
    }
    rowY[i] = s;
  }
  return { rowY, negByCategory, badY: !(finite === 0) };
}

/**
 * Checks a table before any computation: labels and shapes agree, no NaN/Inf, negative entries
 * reported (warnings: allowed where meaningful, e.g. inventory change), balance of x against
 * Z·1 + Y·1, zero-output sectors named, columns of A summing to ≥ 1 rejected. Throws MrioError;
 * returns the warnings.
 */
export function validateMrio(m: Mrio, options: ValidationOptions = {}): string[] {
  const tol = options.balanceTolerance ?? 1e-6;
  const warnings: string[] = [];
  const G = m.regions.length;
  const N = m.sectors.length;
  const n = G * N;
  if (G === 0 || N === 0) throw new MrioError('table has no regions or no sectors');
  uniqueLabels('region', m.regions);
  uniqueLabels('sector', m.sectors);
  const K = m.finalDemand.categories.length;
  if (K === 0) throw new MrioError('final demand has no categories');
  uniqueLabels('final-demand category', m.finalDemand.categories);
  checkShape('Z', m.Z, n, n);
  checkShape('Y', m.finalDemand.Y, n, G * K);
  if (m.x.length !== n) throw new MrioError(`x has length ${m.x.length}`, undefined, undefined, `${n}`);
  const lab = (i: number) => where(m, i);
  // One pass over Z (the large input): finiteness, negatives, row and column sums.
  const z = m.Z.data;
  const { rowZ, colSum, negZ, badZ } = scanZ(z, n);
  let firstZ = -1;
  if (negZ > 0) for (firstZ = 0; !(z[firstZ] < 0); firstZ++);
  if (badZ) checkFinite('Z', z, n, lab);
  // Y in one pass: row sums (for the balance), negatives per category, finiteness.
  const { rowY, negByCategory, badY } = scanY(m.finalDemand.Y.data, n, G * K, K);
  if (badY) checkFinite('Y', m.finalDemand.Y.data, G * K, lab);
  checkFinite('x', m.x, 1, lab);
  const names = new Set<string>();
  for (const sat of m.satellites) {
    if (names.has(sat.name)) throw new MrioError(`duplicate satellite account '${sat.name}'`);
    names.add(sat.name);
    if (sat.values.length !== n)
      throw new MrioError(
        `satellite '${sat.name}' has ${sat.values.length} values`,
        undefined,
        undefined,
        `${n}`,
      );
    for (let j = 0; j < n; j++)
      if (!Number.isFinite(sat.values[j])) {
        const [r, s] = lab(j);
        throw new MrioError(`satellite '${sat.name}' holds ${sat.values[j]}`, r, s, 'finite numbers');
      }
    if (sat.direct) {
      if (sat.direct.length !== G)
        throw new MrioError(
          `satellite '${sat.name}' has ${sat.direct.length} direct values`,
          undefined,
          undefined,
          `${G}`,
        );
      for (let r = 0; r < G; r++)
        if (!Number.isFinite(sat.direct[r]))
          throw new MrioError(`satellite '${sat.name}' direct amount is ${sat.direct[r]}`, m.regions[r]);
    }
    let neg = 0;
    let first = -1;
    for (let j = 0; j < n; j++)
      if (sat.values[j] < 0) {
        neg++;
        if (first < 0) first = j;
      }
    if (neg > 0) {
      const [r, s] = lab(first);
      warnings.push(`satellite '${sat.name}': ${neg} negative entries (first: ${r} / ${s})`);
    }
  }
  for (const p of m.primaryInputs ?? []) {
    if (p.values.length !== n)
      throw new MrioError(
        `primary input '${p.name}' has ${p.values.length} values`,
        undefined,
        undefined,
        `${n}`,
      );
    checkFinite(`primary input '${p.name}'`, p.values, 1, lab);
  }
  // Negative entries: x < 0 is an error; Z and Y are reported.
  for (let j = 0; j < n; j++)
    if (m.x[j] < 0) {
      const [r, s] = lab(j);
      throw new MrioError(`negative total output ${m.x[j]}`, r, s, 'x ≥ 0');
    }
  if (negZ > 0) {
    const [r, s] = lab(Math.floor(firstZ / n));
    const [r2, s2] = lab(firstZ % n);
    warnings.push(`Z: ${negZ} negative entries (first: ${r} / ${s} → ${r2} / ${s2})`);
  }
  for (let k = 0; k < K; k++) {
    const neg = negByCategory[k];
    if (neg > 0)
      warnings.push(
        `final demand '${m.finalDemand.categories[k]}': ${neg} negative entries (kept; meaningful e.g. for inventory change)`,
      );
  }
  // Balance: given x against Z·1 + Y·1 (METHODS §1).
  let worst = 0;
  let worstJ = -1;
  for (let i = 0; i < n; i++) {
    const s = rowZ[i] + rowY[i];
    const scale = Math.max(Math.abs(m.x[i]), Math.abs(s), Number.MIN_VALUE);
    const rel = Math.abs(m.x[i] - s) / scale;
    if (rel > worst) {
      worst = rel;
      worstJ = i;
    }
  }
  if (worst > tol) {
    const [r, s] = lab(worstJ);
    warnings.push(
      `table not balanced: x differs from Z·1 + Y·1 by up to ${(worst * 100).toPrecision(3)}% (${r} / ${s}); decomposition parts add up to f·(B·Y·1), not exactly to f·x`,
    );
  }
  // Zero output: zero intensities (METHODS §1), named.
  const zero: string[] = [];
  for (let j = 0; j < n; j++)
    if (m.x[j] === 0) {
      const [r, s] = lab(j);
      zero.push(`${r} / ${s}`);
      for (const sat of m.satellites)
        if (sat.values[j] !== 0)
          warnings.push(
            `satellite '${sat.name}' is ${sat.values[j]} at zero-output ${r} / ${s}: dropped (intensity 0)`,
          );
    }
  if (zero.length > 0)
    warnings.push(
      `${zero.length} zero-output sector(s) get zero coefficients and intensities: ${zero.slice(0, 20).join(', ')}${zero.length > 20 ? ', …' : ''}`,
    );
  // A column of A summing to ≥ 1 cannot be inverted meaningfully.
  for (let j = 0; j < n; j++)
    if (m.x[j] > 0 && colSum[j] / m.x[j] >= 1) {
      const [r, s] = lab(j);
      if (options.strictColumnSums === false) {
        warnings.push(`column of A sums to ${colSum[j] / m.x[j]} (value added ≤ 0) at ${r} / ${s}`);
        continue;
      }
      throw new MrioError(
        `column of A sums to ${colSum[j] / m.x[j]} (intermediate inputs ${colSum[j]} ≥ output ${m.x[j]})`,
        r,
        s,
        'column sums of A below 1',
      );
    }
  return warnings;
}
