import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CEADS_CATEGORIES, CEADS_OTHER_CATEGORY, readCeadsWorkbook } from '../../src/io/ceadsReader.ts';
import { InputError } from '../../src/io/inputError.ts';
import { columnLetter } from '../../src/io/workbookSheets.ts';
import {
  ceadsTable,
  publishedError,
  publishedLayout,
  publishedOther,
  writeCeadsWorkbook,
  writePublishedCeadsWorkbook,
} from './ceadsFixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'vchain-ceads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readCeadsWorkbook', () => {
  const t = ceadsTable(3);
  const G = 3;
  const N = 4;
  const n = G * N;
  const K = CEADS_CATEGORIES.length;

  for (const variant of [
    { lang: 'en' as const },
    { lang: 'zh' as const, merged: true, trailingTotals: true },
  ]) {
    it(`round-trips a 3 × 4 workbook (${JSON.stringify(variant)})`, async () => {
      const path = join(dir, `rt-${variant.lang}.xlsx`);
      await writeCeadsWorkbook(t, path, variant);
      const m = await readCeadsWorkbook(path);
      expect(m.regions).toEqual(t.provinces);
      expect(m.sectors).toEqual(t.sectors.map((s) => s.name));
      expect(m.monetaryUnit).toBe('10^4 CNY');
      expect(m.finalDemand.categories).toEqual([...CEADS_CATEGORIES]);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) expect(m.Z.data[i * n + j]).toBe(t.Z[i][j]);
        const own = Math.floor(i / N);
        for (let r = 0; r < G; r++) {
          for (let k = 0; k < 5; k++) expect(m.finalDemand.Y.data[i * G * K + r * K + k]).toBe(t.fd[i][r][k]);
          // International exports sit in the producing region's own final demand (METHODS §1).
          expect(m.finalDemand.Y.data[i * G * K + r * K + 5]).toBe(r === own ? t.exports[i] : 0);
        }
        expect(m.x[i]).toBe(t.x[i]);
      }
      const sat = (name: string) => m.satellites.find((s) => s.name === name)!;
      for (let j = 0; j < n; j++) {
        expect(sat('compensation').values[j]).toBe(t.va[0][j]);
        expect(sat('social_income').values[j]).toBeCloseTo(t.va[0][j] + t.va[1][j] + t.va[3][j], 9);
        expect(sat('value_added').values[j]).toBeCloseTo(
          t.va.reduce((a, c) => a + c[j], 0),
          9,
        );
      }
      expect(m.primaryInputs!.find((p) => p.name === 'imports')!.values[5]).toBe(t.imports[5]);
      // The table balances, so no balance warning; the negative inventory entries are reported.
      expect(m.warnings!.some((w) => /not balanced/.test(w))).toBe(false);
      expect(m.warnings!.some((w) => /inventory_change/.test(w))).toBe(true);
    });
  }

  const bad: [string, Parameters<typeof writeCeadsWorkbook>[2], RegExp][] = [
    ['a text cell in the data', { poke: [[6, 5, 'n/a']] }, /row 6, column E.*'n\/a' is not a decimal number/],
    ['a missing data row', { dropLastRow: true }, /data rows for 3 provinces|sector/],
    ['a missing final-demand category', { dropCategory: true }, /fixed_capital_formation.*Sichuan|Guangdong/],
    [
      'an unknown column header',
      {
        poke: [
          [3, 16, 'Mystery'],
          [4, 16, 'Z9'],
        ],
      },
      /column P.*unrecognised column header 'Mystery Z9/,
    ],
    [
      'a wrong sector header',
      {
        poke: [
          [3, 5, 'Fishing'],
          [4, 5, 'XX'],
        ],
      },
      /column E.*header sector 'Fishing'/,
    ],
  ];
  for (const [what, variant, re] of bad)
    it(`rejects ${what} with a located InputError`, async () => {
      const path = join(dir, `bad-${what.replace(/\W+/g, '_')}.xlsx`);
      await writeCeadsWorkbook(t, path, variant);
      const err = await readCeadsWorkbook(path).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toMatch(re);
    });

  it('rejects a file that is not a workbook', async () => {
    const err = await readCeadsWorkbook(join(import.meta.dirname, 'ceadsFixture.ts')).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
  });
});

describe('readCeadsWorkbook on the layout of the published 2017 workbook', () => {
  it('places rows and columns where the real 31 × 42 file has them', () => {
    const L = publishedLayout(31, 42);
    expect(L.dataRows).toEqual([5, 1306]);
    expect(L.intermediateColumns).toEqual([4, 1305]);
    expect(L.finalUseColumns[1] - L.finalUseColumns[0] + 1).toBe(155);
    expect(L.exportCol).toBe(1461);
    expect(L.totalOutputCol).toBe(1464);
    expect(L.importRow).toBe(1307);
    expect(L.totalValueAddedRow).toBe(1313);
  });

  const G = 4;
  const N = 3;
  const n = G * N;
  const t = ceadsTable(7, G, N);
  const path = join(dir, 'published.xlsx');

  it('finds English_Version beside the Chinese sheet, folds Other and Error, says so', async () => {
    await writePublishedCeadsWorkbook(t, path);
    const L = publishedLayout(G, N);
    const m = await readCeadsWorkbook(path);
    expect(m.regions).toEqual(t.provinces);
    expect(m.sectors).toEqual(t.sectors.map((s) => s.name));
    expect(m.finalDemand.categories).toEqual([...CEADS_CATEGORIES, CEADS_OTHER_CATEGORY]);
    const K = 7;
    for (let i = 0; i < n; i++) {
      const own = Math.floor(i / N);
      for (let r = 0; r < G; r++) {
        for (let k = 0; k < 5; k++) expect(m.finalDemand.Y.data[i * G * K + r * K + k]).toBe(t.fd[i][r][k]);
        expect(m.finalDemand.Y.data[i * G * K + r * K + 6]).toBe(
          r === own ? publishedOther(i) + publishedError(i) : 0,
        );
      }
      expect(m.x[i]).toBe(t.x[i] + publishedOther(i) + publishedError(i));
    }
    // Rows balance with the folded column: no balance warning.
    expect(m.warnings!.some((w) => /not balanced/.test(w))).toBe(false);
    const notes = m.notes!.join('\n');
    expect(notes).toContain("read worksheet 'English_Version'; not read: '中文版'");
    expect(notes).toMatch(new RegExp(`column ${columnLetter(L.otherCol)} 'Other OT Other'.*folded`));
    expect(notes).toMatch(new RegExp(`column ${columnLetter(L.errorCol)} 'Error ER Error'.*other_final_use`));
    expect(notes).toMatch(new RegExp(`total output x from column ${columnLetter(L.totalOutputCol)}`));
    expect(notes).toMatch(/rows not used.*Total intermediate input TII.*Total value added TVA/);
    expect(m.primaryInputs!.map((p) => p.name)).toEqual([
      'imports',
      'compensation',
      'net_taxes',
      'depreciation',
      'operating_surplus',
    ]);
  });

  it('reads the Chinese sheet with --sheet, and names the sheets when --sheet is wrong', async () => {
    const zh = await readCeadsWorkbook(path, { sheet: '中文版' });
    expect(zh.regions).toEqual(t.provinces);
    expect(zh.finalDemand.categories).toHaveLength(7);
    const err = await readCeadsWorkbook(path, { sheet: 'Sheet1' }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(
      /no worksheet 'Sheet1' \(--sheet\); expected one of: '中文版', 'English_Version'/,
    );
  });
});
