import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/inputError.ts';
import { readPymrioFolder, readPymrioFolderAsync } from '../../src/io/pymrioReader.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { FIXTURES } from '../mrio/systems.ts';

const SRC = join(FIXTURES, 'pymrio-test-mrio');
const tmp = mkdtempSync(join(tmpdir(), 'vchain-pymrio-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function copyWith(name: string, file: string, edit: (text: string) => string): string {
  const dir = join(tmp, name);
  cpSync(SRC, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('readPymrioFolder on pymrio test MRIO', () => {
  const m = readPymrioFolder(SRC);

  it('has the right labels, shapes, units and extensions', () => {
    expect(m.regions).toEqual(['reg1', 'reg2', 'reg3', 'reg4', 'reg5', 'reg6']);
    expect(m.sectors).toHaveLength(8);
    expect(m.sectors[2]).toBe('manufactoring');
    expect(m.finalDemand.categories).toHaveLength(7);
    expect(m.finalDemand.Y.rows).toBe(48);
    expect(m.finalDemand.Y.cols).toBe(42);
    expect(m.Z.rows).toBe(48);
    expect(m.monetaryUnit).toBe('Mill USD');
    expect(m.satellites.map((s) => [s.name, s.unit])).toEqual([
      ['emission_type1/air', 'kg'],
      ['emission_type2/water', 'kg'],
      ['Value Added', 'Mill USD'],
    ]);
    // First numbers of the files, and F_Y summed per region into `direct`.
    expect(m.Z.data[0]).toBe(23697.221000000001);
    expect(m.finalDemand.Y.data[0]).toBe(58180.650000000001);
    expect(m.satellites[0].values[0]).toBe(1848064.8);
    expect(Array.from(m.satellites[0].direct!)).toEqual([
      62335321, 38566929, 104873100, 276813420, 221881380, 571278300,
    ]);
    expect(m.satellites[2].direct).toBeUndefined();
  });

  it("reproduces pymrio's asserted factor_inputs D_imp_reg (rtol 1e-5)", () => {
    const expected = [
      2382767.5387909594, 2393134.584113787, 2972317.803194902, 4201655.226133792, 1428782.8385865367,
      6693276.934870526,
    ];
    const res = decomposeValueChain(m, { indicators: ['Value Added'] });
    const acc = res.indicators[0];
    const G = 6;
    for (let r = 0; r < G; r++) {
      let imp = 0;
      for (let s = 0; s < G; s++) if (s !== r) imp += acc.flows.data[s * G + r];
      expect(Math.abs(imp - expected[r]) / expected[r]).toBeLessThan(1e-5);
    }
    for (const c of res.identities) expect(c.maxRelativeResidual).toBeLessThan(1e-12);
  });

  it('export category option moves Export purchases into the producer’s own final demand', () => {
    const f = readPymrioFolder(SRC, { exportCategory: 'Export' });
    const K = 7;
    const G = 6;
    let before = 0;
    let after = 0;
    for (let i = 0; i < 48; i++)
      for (let r = 0; r < G; r++) {
        before += m.finalDemand.Y.data[i * G * K + r * K + 6];
        const v = f.finalDemand.Y.data[i * G * K + r * K + 6];
        after += v;
        if (r !== Math.floor(i / 8)) expect(v).toBe(0);
      }
    expect(after).toBeCloseTo(before, 6);
    expect(() => readPymrioFolder(SRC, { exportCategory: 'Exports' })).toThrow(
      /export category 'Exports' not found/,
    );
  });

  it('rejects broken files with located errors', () => {
    const nan = copyWith('nan', 'Z.txt', (t) => t.replace('23697.221000000001', 'nan'));
    expect(() => readPymrioFolder(nan)).toThrow(/Z\.txt \(row 4, column 3\).*'nan'.*finite number/);
    const short = copyWith('short', 'Y.txt', (t) => t.split('\n').slice(0, -3).join('\n'));
    expect(() => readPymrioFolder(short)).toThrow(InputError);
    const order = copyWith('order', 'Z.txt', (t) => t.replace('reg3\tmining', 'reg3\tminingX'));
    expect(() => readPymrioFolder(order)).toThrow(
      /Z\.txt \(row 21\).*'reg3 \/ miningX'; expected 'reg3 \/ mining'/,
    );
    const ext = copyWith('ext', 'emissions/F.txt', (t) => t.replace(/\t[^\t\n]+\n/, '\t\n'));
    expect(() => readPymrioFolder(ext)).toThrow(/emissions\/F\.txt/);
    expect(() => readPymrioFolder(join(tmp, 'nope'))).toThrow(/nope: not found/);
  });
});

describe('pymrio Parquet folder (save_all(table_format="parquet")), written by an independent Parquet library', () => {
  it('reads the same doubles, labels, units and extensions as the text folder', async () => {
    const text = readPymrioFolder(SRC);
    const pq = await readPymrioFolderAsync(join(FIXTURES, 'pymrio-test-mrio-parquet'));
    const same = (a: Float64Array, b: Float64Array) =>
      a.length === b.length && a.every((v, k) => Object.is(v, b[k]));
    expect(pq.regions).toEqual(text.regions);
    expect(pq.sectors).toEqual(text.sectors);
    expect(pq.finalDemand.categories).toEqual(text.finalDemand.categories);
    expect(pq.monetaryUnit).toBe('Mill USD');
    expect(same(pq.Z.data, text.Z.data)).toBe(true);
    expect(same(pq.finalDemand.Y.data, text.finalDemand.Y.data)).toBe(true);
    expect(pq.satellites.map((s) => [s.name, s.unit])).toEqual(text.satellites.map((s) => [s.name, s.unit]));
    pq.satellites.forEach((s, k) => {
      expect(same(s.values, text.satellites[k].values)).toBe(true);
      if (s.direct) expect(same(s.direct, text.satellites[k].direct!)).toBe(true);
    });
  });

  it('the synchronous reader says a Parquet folder needs the asynchronous one', () => {
    expect(() => readPymrioFolder(join(FIXTURES, 'pymrio-test-mrio-parquet'))).toThrow(/is a Parquet table/);
  });
});
