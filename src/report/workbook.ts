import { columnHeader, type ReportTable } from './table.ts';
import { XLSX_STYLE, type XlsxSheet, type XlsxStyle, xlsxWorkbook } from './xlsxFile.ts';

/** Lines of the README sheet: [heading or key, text]. */
export type ReadmeLine = readonly [string, string];

/**
 * One workbook: a README sheet (provenance, conventions, caveats, list of sheets) then one sheet
 * per table with `key [unit]` headers, a frozen header row and full-precision numbers.
 */
export function buildWorkbook(tables: readonly ReportTable[], readme: readonly ReadmeLine[]): Uint8Array {
  const readmeRows: (readonly [string, string] | readonly [])[] = [['item', 'text']];
  const readmeStyles: XlsxStyle[] = [XLSX_STYLE.bold];
  for (const [k, v] of readme) {
    readmeRows.push([k, v]);
    readmeStyles.push(v === '' ? XLSX_STYLE.boldWrapTop : XLSX_STYLE.wrapTop);
  }
  readmeRows.push([], ['Sheets', '']);
  readmeStyles.push(XLSX_STYLE.plain, XLSX_STYLE.bold);
  for (const t of tables) {
    readmeRows.push([t.id, `${t.title}. ${t.description}`]);
    readmeStyles.push(XLSX_STYLE.wrapTop);
  }
  const sheets: XlsxSheet[] = [
    { name: 'README', rows: readmeRows, widths: [28, 120], rowStyles: readmeStyles, freezeHeader: false },
  ];
  for (const t of tables) {
    const headers = t.columns.map(columnHeader);
    const widths = headers.map((h, j) => {
      let w = h.length;
      for (let i = 0; i < Math.min(t.rows.length, 200); i++) {
        const v = t.rows[i][j];
        w = Math.max(w, typeof v === 'number' ? 12 : String(v ?? '').length);
      }
      return Math.min(60, w + 2);
    });
    sheets.push({
      name: t.id.slice(0, 31),
      rows: [headers, ...t.rows],
      widths,
      rowStyles: [XLSX_STYLE.bold],
      freezeHeader: true,
    });
  }
  return xlsxWorkbook(sheets, { creator: 'vchain' });
}
