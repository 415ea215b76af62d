import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readConcordance } from '../../src/io/concordanceReader.ts';
import { InputError } from '../../src/io/inputError.ts';
import { readMrioTable } from '../../src/io/mrioFormats.ts';
import { readPymrioFolder } from '../../src/io/pymrioReader.ts';
import { pymrioFolderFiles } from '../../src/io/pymrioWriter.ts';
import type { Mrio } from '../../src/mrio/model.ts';
import { FIXTURES } from '../mrio/systems.ts';
import { writeWideFolder } from './mrioConversions.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vchain-wide-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ref = readPymrioFolder(join(FIXTURES, 'pymrio-test-mrio'));
const G = ref.regions.length;
const N = ref.sectors.length;
const n = G * N;
const same = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((v, k) => Object.is(v, b[k]));

/** The wide layout in an .xlsx: region labels only in the first cell of each block (as merged cells leave them). */
async function writeWideWorkbook(m: Mrio, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const cats = m.finalDemand.categories;
  const K = cats.length;
  const matrix = (name: string, level1: string, cols: [string, string][], data: Float64Array) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(['region', '', ...cols.map((c, j) => (j === 0 || cols[j - 1][0] !== c[0] ? c[0] : null))]);
    ws.addRow([level1, '', ...cols.map((c) => c[1])]);
    for (let i = 0; i < n; i++)
      ws.addRow([
        i % N === 0 ? m.regions[Math.floor(i / N)] : null,
        m.sectors[i % N],
        ...Array.from(data.subarray(i * cols.length, (i + 1) * cols.length)),
      ]);
  };
  const rs: [string, string][] = [];
  for (const r of m.regions) for (const s of m.sectors) rs.push([r, s]);
  const rc: [string, string][] = [];
  for (const r of m.regions) for (const c of cats) rc.push([r, c]);
  matrix('Z', 'sector', rs, m.Z.data);
  matrix('Y', 'category', rc, m.finalDemand.Y.data);
  expect(m.finalDemand.Y.cols).toBe(G * K);
  const x = wb.addWorksheet('x');
  x.addRow(['region', 'sector', 'indout']);
  for (let i = 0; i < n; i++) x.addRow([m.regions[Math.floor(i / N)], m.sectors[i % N], m.x[i]]);
  const sat = wb.addWorksheet('satellites');
  sat.addRow(['region', '', '', ...rs.map((c) => c[0])]);
  sat.addRow(['sector', '', '', ...rs.map((c) => c[1])]);
  for (const s of m.satellites) sat.addRow([s.name, s.unit, s.kind, ...Array.from(s.values)]);
  const meta = wb.addWorksheet('meta');
  meta.addRow(['name', m.name]);
  meta.addRow(['monetary_unit', m.monetaryUnit]);
  wb.addWorksheet('notes').addRow(['a sheet the reader ignores']);
  // Written from a buffer: the file is complete when the promise resolves (the stream writer may still be closing it).
  writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
}

describe('wide labelled layout', () => {
  it('a CSV folder reads back the same doubles', async () => {
    const dir = join(tmp, 'wide-csv');
    writeWideFolder(ref, dir);
    const { mrio, format } = await readMrioTable(dir, undefined);
    expect(format).toBe('wide');
    expect(same(mrio.Z.data, ref.Z.data)).toBe(true);
    expect(same(mrio.finalDemand.Y.data, ref.finalDemand.Y.data)).toBe(true);
    expect(mrio.monetaryUnit).toBe('Mill USD');
    expect(mrio.satellites.map((s) => [s.name, s.unit, s.kind])).toEqual(
      ref.satellites.map((s) => [s.name, s.unit, 'other']),
    );
  });

  it('an .xlsx with merged-style region labels is detected as wide and reads the same doubles', async () => {
    const path = join(tmp, 'wide.xlsx');
    await writeWideWorkbook(ref, path);
    const { mrio, format } = await readMrioTable(path, undefined);
    expect(format).toBe('wide');
    expect(mrio.regions).toEqual(ref.regions);
    expect(same(mrio.Z.data, ref.Z.data)).toBe(true);
    expect(same(mrio.finalDemand.Y.data, ref.finalDemand.Y.data)).toBe(true);
    expect(same(mrio.x, ref.x)).toBe(true);
    expect(same(mrio.satellites[0].values, ref.satellites[0].values)).toBe(true);
  });

  it('A and x instead of Z (wide folder and pymrio folder): Z = A·diag(x), said in the notes', async () => {
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = ref.Z.data[i * n + j] / ref.x[j];
    const coefficients: Mrio = { ...ref, Z: { rows: n, cols: n, data: A } };
    const wide = join(tmp, 'wide-A');
    writeWideFolder(coefficients, wide);
    cpSync(join(wide, 'Z.csv'), join(wide, 'A.csv'));
    rmSync(join(wide, 'Z.csv'));
    const py = join(tmp, 'pymrio-A');
    mkdirSync(py);
    for (const [name, bytes] of pymrioFolderFiles(coefficients)) {
      mkdirSync(join(py, name, '..'), { recursive: true });
      writeFileSync(join(py, name === 'Z.txt' ? 'A.txt' : name), bytes);
    }
    const params = JSON.parse(readFileSync(join(py, 'file_parameters.json'), 'utf8'));
    params.files.A = { ...params.files.Z, name: 'A.txt' };
    delete params.files.Z;
    writeFileSync(join(py, 'file_parameters.json'), JSON.stringify(params));
    for (const dir of [wide, py]) {
      const { mrio } = await readMrioTable(dir, undefined);
      for (let k = 0; k < n * n; k++)
        expect(Math.abs(mrio.Z.data[k] - ref.Z.data[k])).toBeLessThanOrEqual(1e-12 * Math.abs(ref.Z.data[k]));
      expect(mrio.notes?.join(' ')).toMatch(/Z = A·diag\(x\)/);
    }
  });

  it('refuses a wide folder without Y, and an A without x, naming what is missing', async () => {
    const dir = join(tmp, 'wide-noY');
    writeWideFolder(ref, dir);
    rmSync(join(dir, 'Y.csv'));
    await expect(readMrioTable(dir, undefined)).rejects.toThrow(/no table Y/);
    rmSync(join(dir, 'x.csv'));
    cpSync(join(dir, 'Z.csv'), join(dir, 'A.csv'));
    rmSync(join(dir, 'Z.csv'));
    writeWideFolder(ref, join(tmp, 'tmpY'));
    cpSync(join(tmp, 'tmpY', 'Y.csv'), join(dir, 'Y.csv'));
    await expect(readMrioTable(dir, undefined)).rejects.toThrow(/A without x/);
  });
});

describe('readConcordance', () => {
  const write = (name: string, text: string) => {
    const p = join(tmp, name);
    writeFileSync(p, text);
    return p;
  };
  it('reads kinds, targets in order of first appearance and shares', () => {
    const c = readConcordance(
      write(
        'c.csv',
        'kind,from,to,share\nregion,reg1,North,\nregion,reg2,North,\nsector,food,primary,0.5\nsector,food,industry,0.5\n',
      ),
    );
    expect(c.regions?.targets).toEqual(['North']);
    expect(c.sectors?.targets).toEqual(['primary', 'industry']);
    expect(c.sectors?.entries[1]).toEqual({ from: 'food', to: 'industry', share: 0.5 });
  });
  it.each([
    ['kind,from,to\ncountry,a,b\n', /row 2, column kind\): kind 'country'; expected 'region' or 'sector'/],
    ['kind,from,to,share\nsector,a,b,0.4\nsector,a,c,0.4\n', /shares of sector 'a' sum to 0.8/],
    ['kind,from,to\nregion,a,b\nregion,a,b\n', /row 3\): region 'a' → 'b' given twice \(first in row 2\)/],
    ['kind,from,to,share\nregion,a,b,1,5\n', /row 2\): row has 5 fields/],
  ])('refuses %j', (text, re) => {
    expect(() => readConcordance(write('bad.csv', text))).toThrow(InputError);
    expect(() => readConcordance(write('bad.csv', text))).toThrow(re);
  });
});
