import ExcelJS from 'exceljs';
import { assertExplainedBlanks, columnHeader, type ReportTable } from './table.ts';

/** Lines of the README sheet: [heading or key, text]. */
export type ReadmeLine = readonly [string, string];

/**
 * One workbook: a README sheet (provenance, conventions, caveats, list of sheets) then one sheet
 * per table with `key [unit]` headers, a frozen header row and full-precision numbers.
 */
export async function buildWorkbook(
  tables: readonly ReportTable[],
  readme: readonly ReadmeLine[],
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vchain';
  // Fixed dates, so identical runs give identical workbook metadata.
  wb.created = new Date(0);
  wb.modified = new Date(0);

  const rs = wb.addWorksheet('README');
  rs.columns = [
    { header: 'item', key: 'k', width: 28 },
    { header: 'text', key: 'v', width: 120 },
  ];
  rs.getRow(1).font = { bold: true };
  for (const [k, v] of readme) {
    const row = rs.addRow([k, v]);
    row.alignment = { wrapText: true, vertical: 'top' };
    if (v === '') row.font = { bold: true };
  }
  rs.addRow([]);
  rs.addRow(['Sheets', '']).font = { bold: true };
  for (const t of tables)
    rs.addRow([t.id, `${t.title}. ${t.description}`]).alignment = { wrapText: true, vertical: 'top' };

  const used = new Set<string>(['README']);
  for (const t of tables) {
    const name = t.id.slice(0, 31);
    if (used.has(name)) throw new Error(`workbook: duplicate sheet name ${name}`);
    used.add(name);
    assertExplainedBlanks(t);
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const headers = t.columns.map(columnHeader);
    ws.addRow(headers).font = { bold: true };
    for (const row of t.rows)
      ws.addRow(row.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
    headers.forEach((h, j) => {
      let w = h.length;
      for (let i = 0; i < Math.min(t.rows.length, 200); i++) {
        const v = t.rows[i][j];
        w = Math.max(w, typeof v === 'number' ? 12 : String(v ?? '').length);
      }
      ws.getColumn(j + 1).width = Math.min(60, w + 2);
    });
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
