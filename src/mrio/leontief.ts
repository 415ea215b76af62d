import {
  type LuFactors,
  luFactor,
  luFactorIdentityMinusScaled,
  luSolve,
  SingularMatrixError,
} from '../linalg/lu.ts';
import { identity, type Matrix } from '../linalg/matrix.ts';
import { MrioError } from './errors.ts';
import type { Mrio } from './model.ts';

/**
 * A = Z·diag(x)⁻¹ (METHODS §1) with the columns of zero-output sectors set to zero. Held as Z and
 * 1/x: the decomposition works from those (I − A is formed in the kernel heap; the demand terms
 * scale vectors by 1/x instead), and `A` itself (13.5 MB for 31 × 42) is formed only when first
 * read.
 */
export interface TechnicalCoefficients {
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  readonly A: Matrix;
  /** Z of the table, n × n. */
  readonly Z: Matrix;
  /** 1/x_j, 0 where x_j = 0. */
  readonly inverseOutput: Float64Array;
  /** Indices r·N + i of sectors with x = 0 (their column of A and intensities are zero). */
  readonly zeroOutput: readonly number[];
}

export function technicalCoefficients(m: Mrio): TechnicalCoefficients {
  const n = m.x.length;
  const inv = new Float64Array(n);
  const zeroOutput: number[] = [];
  for (let j = 0; j < n; j++) {
    if (m.x[j] === 0) zeroOutput.push(j);
    else inv[j] = 1 / m.x[j];
  }
  let A: Matrix | undefined;
  return {
    regions: m.regions,
    sectors: m.sectors,
    Z: m.Z,
    inverseOutput: inv,
    zeroOutput,
    get A(): Matrix {
      if (!A) {
        const z = m.Z.data;
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          const ri = i * n;
          for (let j = 0; j < n; j++) a[ri + j] = z[ri + j] * inv[j];
        }
        A = { rows: n, cols: n, data: a };
      }
      return A;
    },
  };
}

/** One LU factorisation of I − A: every `B·v` and `w·B` below is a solve with it. */
export interface LeontiefFactors {
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  readonly lu: LuFactors;
}

/** I − A for a square A (or a diagonal block of it). */
export function identityMinus(a: Matrix): Matrix {
  const n = a.rows;
  const m = new Float64Array(n * n);
  for (let k = 0; k < m.length; k++) m[k] = -a.data[k];
  for (let i = 0; i < n; i++) m[i * n + i] += 1;
  return { rows: n, cols: n, data: m };
}

function label(regions: readonly string[], sectors: readonly string[], j: number): [string, string] {
  const N = sectors.length;
  return [regions[Math.floor(j / N)], sectors[j % N]];
}

/**
 * Factors I − A once. A column of A summing to ≥ 1 (a sector whose inputs cost at least its
 * output) or a singular I − A is an error naming the region and sector.
 */
export function leontiefFactor(tc: TechnicalCoefficients, strictColumnSums = true): LeontiefFactors {
  const { regions, sectors } = tc;
  const n = tc.Z.rows;
  const checkColumnSums = (colSum: Float64Array) => {
    for (let j = 0; j < n; j++) {
      if (colSum[j] >= 1) {
        const [r, s] = label(regions, sectors, j);
        throw new MrioError(
          `column of A sums to ${colSum[j]} (intermediate inputs ≥ output), so I − A has no meaningful inverse`,
          r,
          s,
          'column sums of A below 1',
        );
      }
    }
  };
  // I − A formed in the kernel heap straight from Z and 1/x (no n² intermediate array), the
  // column sums of A checked before elimination.
  return factorOrName(
    () => luFactorIdentityMinusScaled(tc.Z, tc.inverseOutput, strictColumnSums ? checkColumnSums : undefined),
    regions,
    sectors,
  );
}

/** Factors `iMinusA` = I − A, naming the region and sector where elimination breaks down. */
function factorOrName(
  factor: () => LuFactors,
  regions: readonly string[],
  sectors: readonly string[],
): LeontiefFactors {
  try {
    return { regions, sectors, lu: factor() };
  } catch (e) {
    if (e instanceof SingularMatrixError) {
      const [r, s] = label(regions, sectors, e.index);
      throw new MrioError(`I − A is singular (elimination broke down at this column)`, r, s);
    }
    throw e;
  }
}

/** Per-region factors of I − A_ss, giving the local inverse L_ss = (I − A_ss)⁻¹ by solves (METHODS §1). */
export interface LocalInverses {
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  readonly lu: readonly LuFactors[];
}

/** A_ss, the diagonal block of region s (N × N), from Z and 1/x. */
export function diagonalBlock(tc: TechnicalCoefficients, s: number): Matrix {
  const N = tc.sectors.length;
  const n = tc.Z.cols;
  const z = tc.Z.data;
  const inv = tc.inverseOutput;
  const out = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    const row = (s * N + i) * n + s * N;
    for (let j = 0; j < N; j++) out[i * N + j] = z[row + j] * inv[s * N + j];
  }
  return { rows: N, cols: N, data: out };
}

export function localInverses(tc: TechnicalCoefficients): LocalInverses {
  const lu = tc.regions.map((region, s) => {
    try {
      return luFactor(identityMinus(diagonalBlock(tc, s)));
    } catch (e) {
      if (e instanceof SingularMatrixError)
        throw new MrioError('I − A_ss is singular (local inverse)', region, tc.sectors[e.index]);
      throw e;
    }
  });
  return { regions: tc.regions, sectors: tc.sectors, lu };
}

/** The full Leontief inverse B = (I − A)⁻¹: only on request (n solves). */
export function leontiefInverse(f: LeontiefFactors): Matrix {
  return luSolve(f.lu, identity(f.lu.n));
}
