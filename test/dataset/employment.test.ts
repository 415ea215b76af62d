import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHINA2017_EARNINGS_SENSITIVITY,
  chinaEmploymentInput,
  provincialFormalWageLevel,
} from '../../src/dataset/employmentEarnings.ts';
import {
  type EarningsModel,
  EmploymentEstimateError,
  type EmploymentEstimateInput,
  estimateEmployment,
  type ProvinceSectorTable,
} from '../../src/dataset/employmentEstimate.ts';
import {
  EMPLOYMENT_SOURCE_FILES,
  pressReleaseWage,
  readEmploymentSources,
} from '../../src/dataset/employmentSources.ts';
import { InputError } from '../../src/io/inputError.ts';

const SOURCES = join(import.meta.dirname, '..', '..', 'data', 'sources');

function tbl(provinces: string[], sectors: string[], values: number[], unit = '1'): ProvinceSectorTable {
  return { provinces, sectors, unit, values: Float64Array.from(values) };
}

interface Case {
  P: string[];
  S: string[];
  va: number[];
  target: number[];
  floor: number[];
  F: number[];
  wF: number[];
  wO: number[];
  kappa: number;
}

function input(c: Case, extra: Partial<EmploymentEstimateInput> = {}): EmploymentEstimateInput {
  const earnings: EarningsModel = {
    label: 'test',
    formalEmployment: tbl(c.P, c.S, c.F, 'persons'),
    formalWageIndex: tbl(c.P, c.S, c.wF),
    informalEarningsIndex: tbl(c.P, c.S, c.wO),
    informalToFormalEarnings: c.kappa,
  };
  return {
    compensation: tbl(c.P, c.S, c.va, '10^4 CNY'),
    nationalEmployment: { sectors: c.S, unit: 'persons', values: Float64Array.from(c.target) },
    floor: { provinces: c.P, unit: 'persons', values: Float64Array.from(c.floor) },
    population: { provinces: c.P, unit: 'persons', values: Float64Array.from(c.P.map(() => 1000)) },
    earnings,
    ...extra,
  };
}

/** Two provinces × two sectors, no formal workers (worked by hand in the first test). */
const TWO_BY_TWO: Case = {
  P: ['A', 'B'],
  S: ['x', 'y'],
  va: [100, 60, 300, 20],
  target: [50, 70],
  floor: [0, 0],
  F: [0, 0, 0, 0],
  wF: [1, 1, 1, 1],
  wO: [1, 1, 2, 2],
  kappa: 0.6,
};

const rowSum = (v: Float64Array, p: number, N: number) => {
  let t = 0;
  for (let s = 0; s < N; s++) t += v[p * N + s];
  return t;
};
const colSum = (v: Float64Array, s: number, P: number, N: number) => {
  let t = 0;
  for (let p = 0; p < P; p++) t += v[p * N + s];
  return t;
};

describe('estimateEmployment on hand-made cases', () => {
  it('without formal workers: E = VA/(κ·ωO) scaled to the national total (hand computation)', () => {
    // Sector x: raw VA/ωO = 100/1 = 100 and 300/2 = 150 → shares 0.4, 0.6 of 50 → 20, 30.
    // Sector y: 60/1 = 60 and 20/2 = 10 → shares 6/7, 1/7 of 70 → 60, 10.
    const r = estimateEmployment(input(TWO_BY_TWO));
    const want = [20, 60, 30, 10];
    r.employment.values.forEach((v, k) => {
      expect(v).toBeCloseTo(want[k], 12);
    });
    expect(r.provinces.map((d) => d.total)).toEqual([expect.closeTo(80, 12), expect.closeTo(40, 12)]);
    expect(r.provinces[0].compensationPerWorker).toBeCloseTo((160 * 1e4) / 80, 6);
    expect(r.provinces[0].perResident).toBeCloseTo(0.08, 14);
  });

  it('with formal workers: equals the closed-form fixed point E_p = F_p + (VA_p/λ − F_p·ωF_p)/(κ·ωO_p)', () => {
    // One sector, three provinces. Σ_p E_p = T fixes 1/λ in closed form:
    // 1/λ = (T − Σ F_p (1 − ωF_p/(κ ωO_p))) / Σ VA_p/(κ ωO_p), valid while every E_p > F_p.
    const va = [500, 200, 900];
    const F = [4, 1, 2];
    const wF = [1.3, 0.8, 1.0];
    const wO = [1.5, 0.6, 0.9];
    const kappa = 0.6;
    const T = 40;
    let a = T;
    let b = 0;
    for (let p = 0; p < 3; p++) {
      a -= F[p] * (1 - wF[p] / (kappa * wO[p]));
      b += va[p] / (kappa * wO[p]);
    }
    const invLambda = a / b;
    const want = va.map((v, p) => F[p] + (v * invLambda - F[p] * wF[p]) / (kappa * wO[p]));
    want.forEach((w, p) => {
      expect(w).toBeGreaterThan(F[p]);
    });
    const r = estimateEmployment(
      input({ P: ['A', 'B', 'C'], S: ['x'], va, target: [T], floor: [0, 0, 0], F, wF, wO, kappa }),
    );
    r.employment.values.forEach((v, p) => {
      expect(v).toBeCloseTo(want[p], 10);
    });
    expect(r.cellsFormalAboveEstimate).toBe(0);
  });

  it('a binding floor: province raised to its floor, national totals kept, biproportional form kept', () => {
    const c: Case = {
      P: ['A', 'B', 'C'],
      S: ['x', 'y'],
      va: [10, 5, 200, 100, 150, 300],
      target: [100, 200],
      floor: [60, 0, 0],
      F: [0, 0, 0, 0, 0, 0],
      wF: [1, 1, 1, 1, 1, 1],
      wO: [1, 1, 1, 1, 1, 1],
      kappa: 1,
    };
    const free = estimateEmployment(input({ ...c, floor: [0, 0, 0] }));
    expect(free.provinces[0].total).toBeLessThan(60);
    const r = estimateEmployment(input(c));
    expect(r.provinces[0].floorBinding).toBe(true);
    expect(r.provinces[1].floorBinding).toBe(false);
    expect(r.provinces[0].total).toBeGreaterThanOrEqual(60 * (1 - 1e-12));
    expect(r.provinces[0].total).toBeLessThan(60 * (1 + 1e-9));
    expect(colSum(r.employment.values, 0, 3, 2)).toBeCloseTo(100, 10);
    expect(colSum(r.employment.values, 1, 3, 2)).toBeCloseTo(200, 10);
    // Row and column scaling keep every cross-product ratio of the start matrix.
    const odds = (v: Float64Array, p: number, q: number) =>
      (v[p * 2] * v[q * 2 + 1]) / (v[p * 2 + 1] * v[q * 2]);
    expect(odds(r.employment.values, 0, 1)).toBeCloseTo(odds(free.employment.values, 0, 1), 10);
    expect(odds(r.employment.values, 1, 2)).toBeCloseTo(odds(free.employment.values, 1, 2), 10);
    // The rows not raised keep their ratio to each other within a column.
    const v = r.employment.values;
    const f = free.employment.values;
    expect(v[2] / v[4]).toBeCloseTo(f[2] / f[4], 12);
  });

  it('reports the spread of the sensitivity models as likely error', () => {
    const c = TWO_BY_TWO;
    const base = input(c);
    const flat: EarningsModel = {
      ...base.earnings,
      label: 'flat',
      informalEarningsIndex: tbl(c.P, c.S, [1, 1, 1, 1]),
    };
    const r = estimateEmployment({ ...base, sensitivity: [base.earnings, flat] });
    // Flat earnings: x 100:300 → 12.5, 37.5; y 60:20 → 52.5, 17.5; A = 65 vs 80.
    expect(r.provinces[0].byVariant.flat).toBeCloseTo(65, 12);
    expect(r.provinces[0].likelyError).toBeCloseTo(15 / 80, 12);
    expect(r.provinces[0].likelyErrorFrom).toBe('flat');
    expect(r.provinces[1].likelyError).toBeCloseTo(15 / 40, 12);
  });

  it('rejects inputs it cannot use, naming province or sector', () => {
    const c: Case = { ...TWO_BY_TWO, va: [1, 0, 1, 0], target: [5, 5], wO: [1, 1, 1, 1] };
    expect(() => estimateEmployment(input(c))).toThrow(/no province pays compensation \[y\]/);
    expect(() => estimateEmployment(input({ ...c, va: [1, -1, 1, 1] }))).toThrow(/\[A \/ y\]/);
    expect(() => estimateEmployment(input({ ...c, va: [1, 1, 1, 1], floor: [8, 3] }))).toThrow(
      EmploymentEstimateError,
    );
    expect(() => estimateEmployment(input({ ...c, va: [1, 1, 1, 1], wO: [1, 0, 1, 1] }))).toThrow(
      /informal earnings index 0 \[A \/ y\]/,
    );
    const bad = input({ ...c, va: [1, 1, 1, 1] });
    expect(() =>
      estimateEmployment({
        ...bad,
        floor: { provinces: ['B', 'A'], unit: 'persons', values: bad.floor.values },
      }),
    ).toThrow(/floor: province labels differ/);
  });
});

/** Random positive cases: P provinces × N sectors with formal workers and floors. */
const caseArb = fc
  .record({
    P: fc.integer({ min: 2, max: 5 }),
    N: fc.integer({ min: 1, max: 4 }),
    seed: fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), {
      minLength: 6 * 5 * 4,
      maxLength: 6 * 5 * 4,
    }),
    kappa: fc.double({ min: 0.3, max: 1, noNaN: true }),
    floorShare: fc.double({ min: 0, max: 0.9, noNaN: true }),
  })
  .map(({ P, N, seed, kappa, floorShare }): Case => {
    const n = P * N;
    const at = (k: number) => seed[k % seed.length];
    const va = Array.from({ length: n }, (_, k) => 1000 * at(k));
    const target = Array.from({ length: N }, (_, s) => 100 * at(n + s) + 10);
    let total = 0;
    for (const t of target) total += t;
    // Floors: a share of an even split, one province possibly above its unconstrained total.
    const floor = Array.from({ length: P }, (_, p) => (p === 0 ? (floorShare * total) / P : 0));
    return {
      P: Array.from({ length: P }, (_, p) => `p${p}`),
      S: Array.from({ length: N }, (_, s) => `s${s}`),
      va,
      target,
      floor,
      F: Array.from({ length: n }, (_, k) => 5 * at(2 * n + k)),
      wF: Array.from({ length: n }, (_, k) => 0.5 + at(3 * n + k)),
      wO: Array.from({ length: n }, (_, k) => 0.5 + at(4 * n + k)),
      kappa,
    };
  });

describe('estimateEmployment properties', () => {
  it('meets national sector totals and floors on random cases', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = estimateEmployment(input(c));
        const N = c.S.length;
        const P = c.P.length;
        for (let s = 0; s < N; s++)
          expect(Math.abs(colSum(r.employment.values, s, P, N) / c.target[s] - 1)).toBeLessThan(1e-12);
        for (let p = 0; p < P; p++)
          expect(rowSum(r.employment.values, p, N)).toBeGreaterThanOrEqual(c.floor[p] * (1 - 1e-11));
        expect(r.maxSectorRelResidual).toBeLessThan(1e-12);
        for (const v of r.employment.values) expect(v).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it('satisfies its defining identity: VA / (E·ω(φ = min(1, F/E))) is one number per sector', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = estimateEmployment(input({ ...c, floor: c.floor.map(() => 0) }));
        const N = c.S.length;
        const P = c.P.length;
        const E = r.employment.values;
        for (let s = 0; s < N; s++) {
          const mu = Array.from({ length: P }, (_, p) => {
            const k = p * N + s;
            const phi = Math.min(1, c.F[k] / E[k]);
            return c.va[k] / (E[k] * (phi * c.wF[k] + (1 - phi) * c.kappa * c.wO[k]));
          });
          for (const m of mu) expect(Math.abs(m / mu[0] - 1)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is unchanged when all earnings indices, or all compensation, are scaled by a constant', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (c, k) => {
        const base = estimateEmployment(input(c)).employment.values;
        const wages = estimateEmployment(
          input({ ...c, wF: c.wF.map((v) => v * k), wO: c.wO.map((v) => v * k) }),
        ).employment.values;
        const money = estimateEmployment(input({ ...c, va: c.va.map((v) => v * k) })).employment.values;
        base.forEach((v, i) => {
          expect(Math.abs(wages[i] / v - 1)).toBeLessThan(1e-9);
          expect(Math.abs(money[i] / v - 1)).toBeLessThan(1e-9);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('is unchanged when one sector’s earnings are scaled in every province (absorbed by W_s)', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0.1, max: 10, noNaN: true }), (c, k) => {
        const N = c.S.length;
        const scaled = (a: number[]) => a.map((v, i) => (i % N === 0 ? v * k : v));
        const base = estimateEmployment(input(c)).employment.values;
        const r = estimateEmployment(input({ ...c, wF: scaled(c.wF), wO: scaled(c.wO) })).employment.values;
        base.forEach((v, i) => {
          expect(Math.abs(r[i] / v - 1)).toBeLessThan(1e-9);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('permuting the provinces permutes the result', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const P = c.P.length;
        const N = c.S.length;
        const perm = Array.from({ length: P }, (_, p) => (p + 1) % P);
        const rows = (a: number[]) => perm.flatMap((q) => a.slice(q * N, (q + 1) * N));
        const base = estimateEmployment(input(c)).employment.values;
        const r = estimateEmployment(
          input({
            ...c,
            P: perm.map((q) => c.P[q]),
            va: rows(c.va),
            F: rows(c.F),
            wF: rows(c.wF),
            wO: rows(c.wO),
            floor: perm.map((q) => c.floor[q]),
          }),
        ).employment.values;
        perm.forEach((q, p) => {
          for (let s = 0; s < N; s++) expect(Math.abs(r[p * N + s] / base[q * N + s] - 1)).toBeLessThan(1e-9);
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('China 2017 sources', () => {
  const src = readEmploymentSources(SOURCES);

  it('reads 31 provinces × 42 sectors with consistent totals', () => {
    expect(src.provinces).toHaveLength(31);
    expect(src.sectors).toHaveLength(42);
    let sectors = 0;
    for (const v of src.nationalEmployment) sectors += v;
    // docs/dataset.md §5: the divisions add up to the total within 1e-5.
    expect(Math.abs(sectors / src.nationalTotal - 1)).toBeLessThan(1e-5);
    // Transcription check: the population-weighted provincial incomes reproduce the national figure.
    let inc = 0;
    let pop = 0;
    src.householdIncome.forEach((v, p) => {
      inc += v * src.population[p];
      pop += src.population[p];
    });
    expect(Math.abs(inc / pop / src.nationalHouseholdIncome - 1)).toBeLessThan(0.005);
  });

  it('the industrial formal wage level orders Beijing above Henan, as the press-release extremes do', () => {
    const level = provincialFormalWageLevel(src);
    const bj = src.provinces.findIndex((p) => p.name === 'Beijing');
    const hn = src.provinces.findIndex((p) => p.name === 'Henan');
    const nat = pressReleaseWage(src, 'urban_non_private_average_wage', 'National', '2017');
    const bjPress = pressReleaseWage(src, 'urban_non_private_average_wage', 'Beijing', '2017') / nat;
    const hnPress = pressReleaseWage(src, 'urban_non_private_average_wage', 'Henan', '2017') / nat;
    expect(level[bj]).toBeGreaterThan(level[hn]);
    // The industrial level understates Beijing's all-sector level (services pay more there) and
    // is within 5 % of Henan's (docs/employment.md §3).
    expect(level[bj]).toBeLessThan(bjPress);
    expect(Math.abs(level[hn] / hnPress - 1)).toBeLessThan(0.05);
  });

  it('meets the Done figures: national total ± 1 %, floors, 0.35–0.85 employed per resident', () => {
    const r = estimateEmployment(chinaEmploymentInput(src));
    expect(Math.abs(r.total / src.nationalTotal - 1)).toBeLessThan(0.01);
    expect(r.maxSectorRelResidual).toBeLessThan(1e-12);
    r.provinces.forEach((d, p) => {
      expect(d.total, d.province).toBeGreaterThanOrEqual(src.urbanUnit2017[p]);
      expect(d.perResident, d.province).toBeGreaterThanOrEqual(0.35);
      expect(d.perResident, d.province).toBeLessThanOrEqual(0.85);
      expect(Number.isFinite(d.likelyError)).toBe(true);
      expect(Object.keys(d.byVariant)).toEqual(CHINA2017_EARNINGS_SENSITIVITY.map((o) => o.label));
    });
    for (const v of r.employment.values) expect(v).toBeGreaterThanOrEqual(0);
  });
});

describe('employment source reader errors', () => {
  function copyWith(file: string, edit: (text: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), 'vchain-emp-'));
    cpSync(SOURCES, dir, { recursive: true });
    const path = join(dir, file);
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    return dir;
  }

  it('names file, row and column of a bad number', () => {
    const dir = copyWith(EMPLOYMENT_SOURCE_FILES.urbanUnit, (t) =>
      t.replace('Beijing,110000,2017,812.9', 'Beijing,110000,2017,x'),
    );
    try {
      readEmploymentSources(dir);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const err = e as InputError;
      expect(err.file).toContain('urban_unit_employment_by_province_2016_2024.csv');
      expect(err.row).toBe(3);
      expect(err.column).toBe('employed_urban_units_1e4');
    }
  });

  it('rejects a cell given twice and a negative compensation', () => {
    const twice = copyWith(EMPLOYMENT_SOURCE_FILES.industrialWages, (t) => {
      const lines = t.split('\n');
      return [...lines.slice(0, 3), lines[1], ...lines.slice(3)].join('\n');
    });
    expect(() => readEmploymentSources(twice)).toThrow(/given twice \(first in row 2\)/);
    const negative = copyWith(EMPLOYMENT_SOURCE_FILES.provincialIo, (t) => {
      const lines = t.split('\n');
      const f = lines[1].split(',');
      f[5] = '-1';
      lines[1] = f.join(',');
      return lines.join('\n');
    });
    expect(() => readEmploymentSources(negative)).toThrow(/row 2, column VA001\): -1/);
  });
});
