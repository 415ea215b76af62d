import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/linalg/matrix.ts';
import { assembleMrio, foldExportCategory, type MrioParts } from '../../src/mrio/construct.ts';
import { MrioError } from '../../src/mrio/errors.ts';
import { leontiefFactor, technicalCoefficients } from '../../src/mrio/leontief.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { randomSystem } from './systems.ts';

function parts(over: Partial<MrioParts> = {}): MrioParts {
  // 2 regions × 2 sectors, balanced by construction (x = Z·1 + Y·1).
  return {
    name: 't',
    regions: ['North', 'South'],
    sectors: ['coal', 'steel'],
    monetaryUnit: 'u',
    Z: fromRows([
      [10, 5, 2, 1],
      [3, 20, 1, 4],
      [2, 1, 15, 6],
      [1, 3, 5, 25],
    ]),
    categories: ['hh', 'inventory'],
    Y: fromRows([
      [50, 1, 5, 0],
      [40, -2, 10, 1],
      [8, 0, 60, 2],
      [6, 0, 70, -1],
    ]),
    satellites: [
      { name: 'SO2', unit: 't', kind: 'emission', precursor: 'SO2', values: Float64Array.from([5, 4, 3, 2]) },
    ],
    ...over,
  };
}

describe('validation before computation', () => {
  it('accepts a good table and reports negative final demand as a warning', () => {
    const m = assembleMrio(parts());
    expect(m.warnings!.some((w) => /final demand 'inventory': 2 negative entries/.test(w))).toBe(true);
    expect(m.warnings!.some((w) => /not balanced/.test(w))).toBe(false);
  });

  it('rejects NaN and Inf naming region and sector', () => {
    const p = parts();
    const Z = fromRows([
      [10, 5, 2, 1],
      [3, 20, 1, 4],
      [2, 1, Number.NaN, 6],
      [1, 3, 5, 25],
    ]);
    expect(() => assembleMrio({ ...p, Z, x: Float64Array.from([1, 1, 1, 1]) })).toThrow(
      /Z holds NaN.*\[South \/ coal\]/,
    );
    const sat = [
      { name: 'NOx', unit: 't', kind: 'emission' as const, values: Float64Array.from([1, Infinity, 0, 0]) },
    ];
    expect(() => assembleMrio({ ...p, satellites: sat })).toThrow(/'NOx' holds Infinity \[North \/ steel\]/);
  });

  it('rejects wrong shapes and duplicate labels', () => {
    expect(() => assembleMrio(parts({ sectors: ['coal', 'steel', 'cement'] }))).toThrow(MrioError);
    expect(() => assembleMrio(parts({ regions: ['North', 'North'] }))).toThrow(
      /duplicate region label 'North'/,
    );
    const bad = [{ name: 'SO2', unit: 't', kind: 'emission' as const, values: new Float64Array(3) }];
    expect(() => assembleMrio(parts({ satellites: bad }))).toThrow(/has 3 values; expected 4/);
  });

  it('warns on an unbalanced table, with the worst sector named', () => {
    const m = assembleMrio(parts({ x: Float64Array.from([74, 77, 94, 120]) }));
    expect(m.warnings!.find((w) => /not balanced/.test(w))).toMatch(/South \/ steel/);
    const res = decomposeValueChain(m);
    expect(res.warnings!.some((w) => /B·Y·1/.test(w))).toBe(true);
  });

  it('a column of A summing to ≥ 1 is an error naming region and sector', () => {
    const Z = fromRows([
      [10, 5, 2, 1],
      [3, 20, 1, 4],
      [2, 1, 15, 6],
      [1, 80, 5, 25],
    ]);
    expect(() => assembleMrio(parts({ Z }))).toThrow(/column of A sums to .*\[North \/ steel\]/);
  });

  it('a singular I − A is an error naming region and sector', () => {
    const tc = technicalCoefficients(
      assembleMrio(
        {
          name: 's',
          regions: ['one'],
          sectors: ['s1', 's2'],
          monetaryUnit: 'u',
          Z: fromRows([
            [5, 5],
            [5, 5],
          ]),
          categories: ['f'],
          Y: fromRows([[0], [0]]),
          x: Float64Array.from([10, 10]),
        },
        { strictColumnSums: false },
      ),
    );
    expect(() => leontiefFactor(tc, false)).toThrow(/I − A is singular.*\[one \/ s2\]/);
    expect(() => leontiefFactor(tc)).toThrow(/column of A sums to 1 .*\[one \/ s1\]/);
  });

  it('zero-output sectors get zero intensities and a warning naming them', () => {
    const p = parts();
    const Z = fromRows([
      [10, 0, 2, 1],
      [0, 0, 0, 0],
      [2, 0, 15, 6],
      [1, 0, 5, 25],
    ]);
    const Y = fromRows([
      [50, 1, 5, 0],
      [0, 0, 0, 0],
      [8, 0, 60, 2],
      [6, 0, 70, -1],
    ]);
    const m = assembleMrio({ ...p, Z, Y });
    expect(m.x[1]).toBe(0);
    expect(m.warnings!.some((w) => /zero-output.*North \/ steel/.test(w))).toBe(true);
    expect(m.warnings!.some((w) => /'SO2' is 4 at zero-output North \/ steel: dropped/.test(w))).toBe(true);
    const res = decomposeValueChain(m);
    expect(res.indicators[0].production[1]).toBe(0);
    for (const c of res.identities) expect(c.maxRelativeResidual).toBeLessThan(1e-12);
  });

  it('rejects an unknown indicator by name', () => {
    expect(() => decomposeValueChain(assembleMrio(parts()), { indicators: ['PM10'] })).toThrow(
      /indicator 'PM10' not found; expected one of 'SO2'/,
    );
  });
});

describe('export category (METHODS §1)', () => {
  it('moves every region’s purchases of the category to the producer’s own column, keeping row totals', () => {
    const sys = randomSystem(3, 2, 11);
    const m = foldExportCategory(sys.mrio, 'inventory');
    const G = 3;
    const K = 2;
    for (let i = 0; i < 6; i++) {
      const s = Math.floor(i / 2);
      let a = 0;
      let b = 0;
      for (let r = 0; r < G; r++) {
        a += sys.mrio.finalDemand.Y.data[i * G * K + r * K + 1];
        b += m.finalDemand.Y.data[i * G * K + r * K + 1];
        if (r !== s) expect(m.finalDemand.Y.data[i * G * K + r * K + 1]).toBe(0);
        expect(m.finalDemand.Y.data[i * G * K + r * K]).toBe(sys.mrio.finalDemand.Y.data[i * G * K + r * K]);
      }
      expect(b).toBeCloseTo(a, 12);
    }
    // Output is unchanged, exports shrink, intra-regional grows.
    const before = decomposeValueChain(sys.mrio).indicators[0];
    const after = decomposeValueChain(m).indicators[0];
    const sum = (v: Float64Array) => v.reduce((x, y) => x + y, 0);
    expect(sum(after.production)).toBeCloseTo(sum(before.production), 9);
    expect(sum(after.intraRegional)).toBeGreaterThan(sum(before.intraRegional));
  });
});
