/**
 * Explicit inverse for small dense blocks (e.g. a region's N×N local Leontief block, N≈42).
 * For anything larger or used once, solve with luFactor/luSolve instead of inverting.
 */
import { luFactor, luSolve } from './lu.ts';
import { identity, type Matrix } from './matrix.ts';

/** M⁻¹ via LU with partial pivoting; throws SingularMatrixError(column) / NonFiniteError(row, col). */
export function inverse(m: Matrix, tol?: number): Matrix {
  if (m.rows !== m.cols) throw new Error(`inverse: matrix is ${m.rows}×${m.cols}, expected square`);
  return luSolve(luFactor(m, tol), identity(m.rows));
}
