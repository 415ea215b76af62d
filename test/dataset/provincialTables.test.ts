import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/dataset/build.ts';
import { PROVINCIAL_IO_FILES, readProvincialTables } from '../../src/dataset/provincialTables.ts';
import { InputError } from '../../src/io/inputError.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'data', 'sources');

describe('readProvincialTables', () => {
  const t = readProvincialTables(SRC);
  const summary = Papa.parse<Record<string, string>>(
    readFileSync(join(SRC, PROVINCIAL_IO_FILES.summary), 'utf8'),
    { header: true, skipEmptyLines: true },
  ).data;
  it('agrees with the tables’ own sector summary file, cell by cell', () => {
    expect(summary.length).toBe(t.GO.length);
    const N = 42;
    summary.forEach((row, k) => {
      let iu = 0;
      for (let j = 0; j < N; j++) iu += t.use[k * N + j];
      expect(iu).toBeCloseTo(Number(row.intermediate_use), 4);
      for (const c of ['EX', 'OF', 'IM'] as const) expect(t[c][k]).toBe(Number(row[c]));
      expect(t.IF[k]).toBe(Math.max(0, Number(row.IF))); // two −5e-8 roundings read as 0
      expect(t.valueAdded.VA004[k]).toBe(Number(row.VA004));
      ['FU101', 'FU102', 'FU103', 'FU201', 'FU202'].forEach((c, f) => {
        expect(t.finalUse[k * 5 + f]).toBe(Number(row[c]));
      });
      if (Number(row.GO) > 1e-6) expect(t.GO[k]).toBe(Number(row.GO));
    });
    // published: row identity ≤ 3.8e-4 relative
    expect(t.rowIdentityMaxRel).toBeLessThan(3.8e-4);
  });
  it('names the file, row and column of a bad cell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vchain-pio-'));
    cpSync(join(SRC, 'china-provincial-io-2017'), join(dir, 'china-provincial-io-2017'), { recursive: true });
    const file = join(dir, PROVINCIAL_IO_FILES.cells);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[5] = lines[5].replace(/,[^,]*$/, ',abc');
    writeFileSync(file, lines.join('\n'));
    expect(() => readProvincialTables(dir)).toThrow(InputError);
    expect(() => readProvincialTables(dir)).toThrow(
      /row 6, column value_1e4_cny\): 'abc' is not a decimal number/,
    );
    lines[5] = lines[5].replace(/,abc$/, ',-5');
    writeFileSync(file, lines.join('\n'));
    expect(() => readProvincialTables(dir)).toThrow(/negative intermediate use -5/);
  });
});

describe('--scale-to-national', () => {
  const base = {
    recipe: 'china2017-provincial',
    sourcesDir: SRC,
    mapsDir: join(ROOT, 'data', 'maps'),
    controlTotals: 'meic2017' as const,
  };
  it('scales every money value by national ÷ provincial output and nothing else', () => {
    const a = buildDataset(base).summary;
    const b = buildDataset({ ...base, scaleToNational: true }).summary;
    if (a.recipe !== 'china2017-provincial' || b.recipe !== 'china2017-provincial') throw new Error('recipe');
    expect(a.moneyScale).toBe(1);
    // NBS 2017 national table 225.8 trillion CNY vs 246.3 in the 31 tables
    expect(b.moneyScale).toBeCloseTo(b.output.nationalTable / b.output.provincialTables, 14);
    expect(b.moneyScale).toBeCloseTo(225.8 / 246.3, 3);
    expect(b.identities.row).toBeLessThan(1e-9);
    expect(b.identities.column).toBeLessThan(1e-9);
    expect(b.identities.outputShare).toBeLessThan(1e-12);
    expect(b.nationalTotals_t).toEqual(a.nationalTotals_t);
    expect(b.employment.total).toBe(a.employment.total);
  });
});
