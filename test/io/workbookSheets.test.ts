import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { CellProblem, readWorkbookSheets } from '../../src/io/workbookSheets.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vchain-sheets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const rel = (id: string, kind: string, target: string) =>
  `<Relationship Id="${id}" Type="${R}/${kind}" Target="${target}"/>`;

/**
 * A workbook written by hand (ECMA-376), so the reader is checked against the format rather than
 * against what one library writes: the workbook part away from xl/, prefixed tags, an absolute
 * target, rows and cells without references, every cell type.
 */
function handWrittenParts(): Record<string, string> {
  const big = Array.from(
    { length: 40000 },
    (_, r) =>
      `<x:row><x:c t="inlineStr"><x:is><x:t>第${r}行 ü</x:t></x:is></x:c><x:c><x:v>${r}</x:v></x:c></x:row>`,
  ).join('');
  return {
    '[Content_Types].xml': '<Types/>',
    '_rels/.rels': `<Relationships>${rel('rId1', 'officeDocument', 'book/wb.xml')}</Relationships>`,
    'book/wb.xml': `<x:workbook xmlns:x="${NS}" xmlns:rel="${R}"><x:sheets><x:sheet name="中文版" sheetId="1" rel:id="rA"/><x:sheet name="English_Version" sheetId="2" rel:id="rB"/><x:sheet name="big" sheetId="3" rel:id="rC"/></x:sheets></x:workbook>`,
    'book/_rels/wb.xml.rels': `<Relationships>${rel('rA', 'worksheet', 'sheets/s1.xml')}${rel('rB', 'worksheet', '/book/sheets/s2.xml')}${rel('rC', 'worksheet', '../book/sheets/s3.xml')}${rel('rS', 'sharedStrings', 'strings.xml')}</Relationships>`,
    'book/sheets/s1.xml': `<x:worksheet xmlns:x="${NS}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
    'book/sheets/s2.xml': `<worksheet xmlns="${NS}"><sheetData>
      <row r="2"><c r="B2" t="s"><v>1</v></c><c t="s"><v>0</v></c><c r="E2"><v>-1.5E-3</v></c><c><v>7</v></c></row>
      <row><c r="A3"><f>SUM(B1:B2)</f><v>12.25</v></c><c r="B3" t="str"><f>A1&amp;"x"</f><v>a&lt;x</v></c><c r="C3"><f>1/0</f></c><c r="D3" t="e"><v>#DIV/0!</v></c></row>
      <row r="7"><c r="A7" t="b"><v>1</v></c><c r="B7" t="inlineStr"><is><r><t>rich </t></r><r><t>text</t></r><rPh><t>ふり</t></rPh></is></c><c r="C7"/><c r="AB7"><v>3</v></c><c r="D7" t="d"><v>2017-01-31T00:00:00</v></c></row>
    </sheetData></worksheet>`,
    'book/sheets/s3.xml': `<x:worksheet xmlns:x="${NS}"><x:sheetData>${big}</x:sheetData></x:worksheet>`,
    'book/strings.xml': `<sst xmlns="${NS}"><si><t>北京 Beijing</t></si><si><r><t xml:space="preserve">Agri </t></r><r><t>culture</t></r><rPh sb="0" eb="1"><t>のうぎょう</t></rPh></si></sst>`,
  };
}

function writeArchive(parts: Record<string, string>, order: readonly string[], name: string): string {
  const entries: Record<string, Uint8Array> = {};
  for (const k of order) entries[k] = strToU8(parts[k]);
  const path = join(tmp, name);
  writeFileSync(path, zipSync(entries));
  return path;
}

describe('readWorkbookSheets', () => {
  const parts = handWrittenParts();
  const keys = Object.keys(parts);
  const orders: [string, string[]][] = [
    ['as written', keys],
    ['reversed', [...keys].reverse()],
    [
      'worksheets first',
      [...keys.filter((k) => k.includes('sheets/')), ...keys.filter((k) => !k.includes('sheets/'))],
    ],
    [
      'workbook last',
      [...keys.filter((k) => !k.startsWith('book/wb')), ...keys.filter((k) => k.startsWith('book/wb'))],
    ],
  ];

  it.each(orders)(
    'reads every cell type by the format, whatever the part order (%s)',
    async (label, order) => {
      const path = writeArchive(parts, order, `${label.replace(/ /g, '-')}.xlsx`);
      const { names, sheets } = await readWorkbookSheets(
        path,
        () => new Set(['English_Version', 'big', 'absent']),
      );
      expect(names).toEqual(['中文版', 'English_Version', 'big']);
      expect([...sheets.keys()]).toEqual(['English_Version', 'big']);
      const rows = sheets.get('English_Version') ?? [];
      expect(Object.keys(rows)).toEqual(['2', '3', '7']);
      expect(rows[2].slice(1)).toEqual([undefined, 'Agri culture', '北京 Beijing', undefined, -0.0015, 7]);
      expect(rows[3][1]).toBe(12.25);
      expect(rows[3][2]).toBe('a<x');
      expect(rows[3][3]).toBeInstanceOf(CellProblem);
      expect((rows[3][3] as CellProblem).what).toMatch(/^a formula \(=1\/0\) without a cached value/);
      expect(rows[3][4]).toEqual(new CellProblem('the error value #DIV/0!'));
      expect(rows[7][1]).toBe('true');
      expect(rows[7][2]).toBe('rich text');
      expect(rows[7][3]).toBeNull();
      expect(rows[7][4]).toEqual(new CellProblem('the date 2017-01-31'));
      expect(rows[7][28]).toBe(3);
      // 40000 rows, > 1 MB of XML: multi-byte text across the decoder's piece boundaries.
      const big = sheets.get('big') ?? [];
      expect(big.length).toBe(40001);
      for (const r of [1, 17000, 40000]) expect(big[r].slice(1)).toEqual([`第${r - 1}行 ü`, r - 1]);
      expect(big.every((row, r) => row[1] === `第${r - 1}行 ü` && row[2] === r - 1)).toBe(true);
    },
  );

  it('lists the sheet names without reading a sheet, and names a missing workbook part', async () => {
    const path = writeArchive(parts, keys, 'names.xlsx');
    const { names, sheets } = await readWorkbookSheets(path, () => new Set());
    expect(names).toEqual(['中文版', 'English_Version', 'big']);
    expect(sheets.size).toBe(0);
    const broken = writeArchive(
      parts,
      keys.filter((k) => k !== 'book/wb.xml'),
      'no-book.xlsx',
    );
    await expect(readWorkbookSheets(broken, () => new Set())).rejects.toThrow(
      'no workbook part (book/wb.xml)',
    );
    const noSheet = writeArchive(
      parts,
      keys.filter((k) => k !== 'book/sheets/s1.xml'),
      'no-sheet.xlsx',
    );
    await expect(readWorkbookSheets(noSheet, () => new Set(['中文版']))).rejects.toThrow(
      "sheet '中文版' has no worksheet part",
    );
    writeFileSync(join(tmp, 'text.xlsx'), 'not a zip');
    await expect(readWorkbookSheets(join(tmp, 'text.xlsx'), () => new Set())).rejects.toThrow();
  });

  it('reads an exceljs workbook (worksheets stored before the shared strings and xl/workbook.xml) every time', async () => {
    // exceljs' own streaming reader loses xl/workbook.xml on such a file at random (exceljs
    // issue 3064): "Cannot read properties of undefined (reading 'sheets')".
    const wb = new ExcelJS.Workbook();
    for (const name of ['first', 'Z', 'middle', 'Y', 'last']) {
      const ws = wb.addWorksheet(name);
      for (let r = 0; r < 100; r++) ws.addRow([`${name} ${r}`, r, r / 3, { formula: 'B1*2', result: 2 * r }]);
    }
    const path = join(tmp, 'exceljs.xlsx');
    writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
    for (let k = 0; k < 10; k++) {
      const { names, sheets } = await readWorkbookSheets(path, () => new Set(['Y', 'Z']));
      expect(names).toEqual(['first', 'Z', 'middle', 'Y', 'last']);
      expect([...sheets.keys()]).toEqual(['Z', 'Y']);
      for (const name of ['Z', 'Y']) {
        const rows = sheets.get(name) ?? [];
        expect(rows.length).toBe(101);
        for (let r = 1; r <= 100; r++)
          expect(rows[r].slice(1)).toEqual([`${name} ${r - 1}`, r - 1, (r - 1) / 3, 2 * (r - 1)]);
      }
    }
  });
});
