import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { luSolve } from '../../src/linalg/lu.ts';
import { fromRows, identity } from '../../src/linalg/matrix.ts';
import { assembleMrio } from '../../src/mrio/construct.ts';
import {
  leontiefFactor,
  leontiefInverse,
  localInverses,
  technicalCoefficients,
} from '../../src/mrio/leontief.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { FIXTURES, toyMrio } from './systems.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('toy_3x2 expected.json (constructed from the definitions)', () => {
  const exp = JSON.parse(readFileSync(join(FIXTURES, 'toy_3x2', 'expected.json'), 'utf8'));
  const m = toyMrio();
  const res = decomposeValueChain(m, { fullInverse: true });
  const acc = res.indicators[0];
  const G = 3;
  const N = 2;

  it('x, B, L_ss and intensities', () => {
    expect(Array.from(m.x)).toEqual(exp.x);
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++)
        expect(rel(res.leontiefInverse!.data[i * 6 + j], exp.B_global_leontief[i][j])).toBeLessThan(1e-12);
    const li = localInverses(technicalCoefficients(m));
    for (let s = 0; s < G; s++) {
      const L = luSolve(li.lu[s], identity(N));
      for (let i = 0; i < N; i++)
        for (let j = 0; j < N; j++) expect(rel(L.data[i * N + j], exp.L_local[s][i][j])).toBeLessThan(1e-12);
    }
    for (let j = 0; j < 6; j++) expect(rel(acc.production[j] / m.x[j], exp.intensity[j])).toBeLessThan(1e-14);
  });

  it('four parts = eq3_printed (METHODS reading: part 3 with B_ss), and differ from the all-L_ss form', () => {
    const parts = [acc.intraRegional, acc.importsEmbodied, acc.finalExports, acc.intermediateExports];
    m.regions.forEach((r, s) => {
      for (let p = 0; p < 4; p++) {
        const v = parts[p][s * N] + parts[p][s * N + 1];
        expect(rel(v, exp.eq3_printed[r][p])).toBeLessThan(1e-12);
      }
      expect(Math.abs(parts[2][s * N] + parts[2][s * N + 1] - exp.eq3_L_form[r][2])).toBeGreaterThan(0.1);
      // Each region's parts sum to its total F (170, 280, 120).
      const tot = exp.eq3_printed[r].reduce((a: number, b: number) => a + b, 0);
      expect(rel(tot, [170, 280, 120][s])).toBeLessThan(1e-12);
    });
  });

  it('flow matrix, EX_sr, FE_sr and their WWZ components', () => {
    for (let s = 0; s < G; s++)
      for (let r = 0; r < G; r++)
        expect(rel(acc.flows.data[s * G + r], exp.flow_matrix[s][r])).toBeLessThan(1e-12);
    for (let s = 0; s < G; s++)
      for (let r = 0; r < G; r++) {
        if (r === s) continue;
        const key = `${m.regions[s]}->${m.regions[r]}`;
        const w = exp.wwz16[key];
        for (let i = 0; i < N; i++) {
          const k = (s * G + r) * N + i;
          expect(rel(acc.exFinal[k] + acc.exIntermediate[k], exp.EX_sr[key][i])).toBeLessThan(1e-12);
          expect(rel(acc.feFinal[k] + acc.feIntermediate[k], exp.FE_sr[key][i])).toBeLessThan(1e-12);
          // EX = DVA (final + the four intermediate DVA terms); FE = MVA + OVA (WWZ 2013).
          expect(rel(acc.exFinal[k], w.DVA_FIN[i])).toBeLessThan(1e-12);
          const dvaInt = w.DVA_INT[i] + w.DVA_INTrexI1[i] + w.DVA_INTrexF[i] + w.DVA_INTrexI2[i];
          expect(rel(acc.exIntermediate[k], dvaInt)).toBeLessThan(1e-12);
          expect(rel(acc.feFinal[k], w.MVA_FIN[i] + w.OVA_FIN[i])).toBeLessThan(1e-12);
          expect(rel(acc.feIntermediate[k], w.MVA_INT[i] + w.OVA_INT[i])).toBeLessThan(1e-12);
        }
      }
  });
});

describe('io_small_examples.json', () => {
  const ex = JSON.parse(readFileSync(join(FIXTURES, 'io_small_examples.json'), 'utf8'));

  it('Miller & Blair ch. 2: A, L, x_new and labour', () => {
    const mb = ex.miller_blair_2009_ch2;
    const m = assembleMrio({
      name: 'mb',
      regions: ['one'],
      sectors: mb.sectors,
      monetaryUnit: '$',
      Z: fromRows(mb.Z),
      categories: ['f'],
      Y: fromRows(mb.f),
    });
    expect(Array.from(m.x)).toEqual(mb.x.flat());
    const tc = technicalCoefficients(m);
    expect(Array.from(tc.A.data).map((v) => +v.toFixed(12))).toEqual(mb.A.flat());
    const lf = leontiefFactor(tc);
    const L = leontiefInverse(lf);
    for (let k = 0; k < 4; k++) expect(Math.abs(L.data[k] - mb.L.flat()[k])).toBeLessThan(1e-8);
    const xNew = luSolve(lf.lu, fromRows([[600], [1500]])).data;
    expect(Math.abs(xNew[0] - 1247.5)).toBeLessThan(0.05);
    expect(Math.abs(xNew[1] - 1841.6)).toBeLessThan(0.05);
    expect(Math.abs(xNew[0] * 0.3 - 374.25)).toBeLessThan(0.02);
  });

  it('pymrio 2×3: A, L, x and D_cba/D_pba/D_imp/D_exp (rtol 1e-5)', () => {
    const p = ex.pymrio_small_mrio_2reg_3sec;
    const m = assembleMrio(
      {
        name: 'pymrio-small',
        regions: p.regions,
        sectors: p.sectors,
        monetaryUnit: 'unit',
        Z: fromRows(p.Z),
        categories: ['fd'],
        Y: fromRows(p.Y),
        satellites: p.extension_rows.map((name: string, q: number) => ({
          name,
          unit: 'u',
          kind: 'other',
          values: Float64Array.from(p.F[q]),
          direct: Float64Array.from(p.F_Y[q]),
        })),
      },
      { strictColumnSums: false },
    );
    expect(() =>
      assembleMrio({
        name: 'p',
        regions: p.regions,
        sectors: p.sectors,
        monetaryUnit: 'u',
        Z: fromRows(p.Z),
        categories: ['fd'],
        Y: fromRows(p.Y),
      }),
    ).toThrow(/reg1 \/ sector2/);
    expect(Array.from(m.x)).toEqual(p.x.flat());
    const tc = technicalCoefficients(m);
    for (let k = 0; k < 36; k++) expect(Math.abs(tc.A.data[k] - p.A.flat()[k])).toBeLessThan(1e-15);
    const res = decomposeValueChain(m, { fullInverse: true, strictColumnSums: false });
    for (let k = 0; k < 36; k++) expect(rel(res.leontiefInverse!.data[k], p.L.flat()[k])).toBeLessThan(1e-12);
    const G = 2;
    const N = 3;
    res.indicators.forEach((acc, q) => {
      for (let j = 0; j < 6; j++) expect(rel(acc.production[j], p.D_pba[q][j])).toBeLessThan(1e-5);
      // D_cba is by (consuming region, product); its region sums are the consumption account.
      for (let r = 0; r < G; r++) {
        const dcba = p.D_cba[q].slice(r * N, r * N + N).reduce((a: number, b: number) => a + b, 0);
        expect(rel(acc.consumption[r], dcba)).toBeLessThan(1e-5);
        // D_imp region sums: what r's final demand causes in other regions, Σ_{s≠r} M[s,r].
        const dimp = p.D_imp[q].slice(r * N, r * N + N).reduce((a: number, b: number) => a + b, 0);
        let imp = 0;
        for (let s = 0; s < G; s++) if (s !== r) imp += acc.flows.data[s * G + r];
        expect(rel(imp, dimp)).toBeLessThan(1e-5);
      }
      // D_exp per emitting sector = parts 3 + 4 (production for other regions' final demand).
      for (let j = 0; j < 6; j++)
        expect(rel(acc.finalExports[j] + acc.intermediateExports[j], p.D_exp[q][j])).toBeLessThan(1e-5);
      expect(Array.from(acc.direct!)).toEqual(p.F_Y[q]);
    });
  });
});

describe('WWZ relations', () => {
  it('toy: the 16 WWZ terms sum to (Σ_t f_t B_ts) ⊙ E_sr with E_sr = y_sr + Z_sr·1 (F/x weights)', () => {
    const exp = JSON.parse(readFileSync(join(FIXTURES, 'toy_3x2', 'expected.json'), 'utf8'));
    const m = toyMrio();
    const res = decomposeValueChain(m, { fullInverse: true });
    const B = res.leontiefInverse!;
    const f = Array.from(m.x, (x, j) => m.satellites[0].values[j] / x);
    const fB = Array.from({ length: 6 }, (_, j) => f.reduce((a, v, i) => a + v * B.data[i * 6 + j], 0));
    for (let s = 0; s < 3; s++)
      for (let r = 0; r < 3; r++) {
        if (r === s) continue;
        const w = exp.wwz16[`${m.regions[s]}->${m.regions[r]}`];
        for (let i = 0; i < 2; i++) {
          const row = s * 2 + i;
          const E =
            m.finalDemand.Y.data[row * 3 + r] + m.Z.data[row * 6 + r * 2] + m.Z.data[row * 6 + r * 2 + 1];
          expect(E).toBe(w.gross_exports_E_sr[i]);
          const sum16 = Object.entries(w)
            .filter(([k]) => k !== 'gross_exports_E_sr')
            .reduce((a, [, v]) => a + (v as number[])[i], 0);
          expect(rel(sum16, fB[row] * E)).toBeLessThan(1e-12);
          expect(Math.abs(sum16 - E)).toBeGreaterThan(1e-3); // not gross exports: F/x is not value added
        }
      }
  });

  it('decompr leather with value added: Σ_t v_t B_ts = 1, so final-goods EX + FE = y_sr exactly', () => {
    const dir = join(FIXTURES, 'decompr-leather');
    const rows = (f: string) =>
      readFileSync(join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
    const inter = rows('inter.csv').map((r) => r.slice(1).map(Number));
    const fin = rows('final.csv').map((r) => r.slice(1).map(Number));
    const out = rows('out.csv').map((r) => Number(r[1]));
    const countries = readFileSync(join(dir, 'countries.txt'), 'utf8').trim().split('\n');
    const industries = readFileSync(join(dir, 'industries.txt'), 'utf8').trim().split('\n');
    // decompr's rule: value added = out − colSums(inter).
    const va = out.map((x, j) => x - inter.reduce((a, row) => a + row[j], 0));
    const m = assembleMrio({
      name: 'leather',
      regions: countries,
      sectors: industries,
      monetaryUnit: 'unit',
      Z: fromRows(inter),
      categories: ['final'],
      Y: fromRows(fin),
      x: Float64Array.from(out),
      satellites: [{ name: 'value_added', unit: 'unit', kind: 'other', values: Float64Array.from(va) }],
    });
    const acc = decomposeValueChain(m).indicators[0];
    let exportsFinal = 0;
    for (let s = 0; s < 3; s++)
      for (let r = 0; r < 3; r++) {
        if (r === s) continue;
        for (let i = 0; i < 3; i++) {
          const k = (s * 3 + r) * 3 + i;
          const y = fin[s * 3 + i][r];
          expect(Math.abs(acc.exFinal[k] + acc.feFinal[k] - y)).toBeLessThan(1e-12 * Math.max(1, y));
          exportsFinal += y;
        }
      }
    // Value added: total production = total consumption = world GDP = Σ final demand.
    const gdp = fin.flat().reduce((a, b) => a + b, 0);
    expect(
      rel(
        acc.consumption.reduce((a, b) => a + b, 0),
        gdp,
      ),
    ).toBeLessThan(1e-12);
    expect(exportsFinal).toBeGreaterThan(0);
  });
});
