import { describe, expect, it } from 'vitest';
import { luFactor, luSolve, luSolveTransposed, SingularMatrixError } from '../src/linalg/lu.ts';
import { fromRows, zeros } from '../src/linalg/matrix.ts';

describe('LU reference kernel', () => {
  it('solves a 3×3 system with pivoting (hand-checked)', () => {
    // 2x + y = 3, 4x + 3y + z = 10... solution (1, 1, 2)
    const a = fromRows([
      [0, 1, 1],
      [2, 1, 0],
      [4, 3, 2],
    ]);
    const f = luFactor(a);
    const x = luSolve(f, fromRows([[3], [3], [11]]));
    expect(Array.from(x.data)).toEqual([1, 1, 2].map((v) => expect.closeTo(v, 14)));
    const xt = luSolveTransposed(f, fromRows([[6, 4, 3]])); // row vector: x·A = b
    // check x·A = b
    const r = [0, 0, 0];
    for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) r[j] += xt.data[i] * a.data[i * 3 + j];
    expect(r.map((v) => Math.round(v * 1e12) / 1e12)).toEqual([6, 4, 3]);
  });
  it('reports a singular matrix', () => {
    expect(() => luFactor(zeros(2, 2))).toThrow(SingularMatrixError);
  });
});
