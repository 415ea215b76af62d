import Papa from 'papaparse';
import { ImpossibleNumberError } from '../io/outputGuard.ts';
import type { TableSpec } from '../io/tableWriter.ts';

export type Cell = string | number | null;

export interface ReportColumn {
  readonly key: string; // snake_case column name
  /** Unit of the column's values: datapackage.json field `unit`; the XLSX header shows `key [unit]`. */
  readonly unit?: string;
  readonly description?: string;
}

/** One tidy table: one observation per row, one variable per column, units in datapackage.json or a `unit` column. */
export interface ReportTable {
  readonly id: string; // file stem (tables/<id>.csv) and XLSX sheet name
  readonly title: string;
  readonly description: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Header of the workbook sheets, read by people: `key [unit]`. CSV headers are the bare keys. */
export function columnHeader(c: ReportColumn): string {
  return c.unit ? `${c.key} [${c.unit}]` : c.key;
}

/**
 * The table as datapackage.json describes it: the CSV header is the snake_case keys; a column's
 * unit, when one holds for the whole column (wide tables such as regions: population, PM2.5 and
 * deaths side by side per province), is the field's `unit`; long tables carry a `unit` column.
 */
export function reportTableSpec(t: ReportTable): TableSpec {
  return {
    name: `tables/${t.id}`,
    description: `${t.title}. ${t.description}`.trim(),
    fields: t.columns.map((c, j) => {
      const numeric =
        t.rows.every((r) => r[j] === null || typeof r[j] === 'number') &&
        (c.unit !== undefined || t.rows.some((r) => typeof r[j] === 'number'));
      const description =
        c.description ??
        (c.key === 'unit' || c.key.endsWith('_unit')
          ? "unit of this row's values"
          : `${c.key.replace(/_/g, ' ')} (${t.title})`);
      return {
        name: c.key,
        type: numeric ? 'number' : 'string',
        description,
        ...(c.unit ? { unit: c.unit } : {}),
      };
    }),
  };
}

/**
 * Throws ImpossibleNumberError at the first NaN or ±Infinity in a row that does not say why in
 * its `note` column: a blank cell always comes with its reason (docs/report.md).
 */
export function assertExplainedBlanks(t: ReportTable): void {
  const note = t.columns.findIndex((c) => c.key === 'note');
  for (const [k, row] of t.rows.entries()) {
    const explained = note >= 0 && typeof row[note] === 'string' && row[note] !== '';
    if (explained) continue;
    for (const [j, v] of row.entries())
      if (typeof v === 'number' && !Number.isFinite(v))
        throw new ImpossibleNumberError(
          `tables/${t.id}.csv`,
          `row ${k + 2} (${row[0]}), column ${columnHeader(t.columns[j])}`,
          v,
        );
  }
}

/**
 * CSV text (RFC 4180, comma, '\n', UTF-8): numbers in shortest round-trip form (String(v)), so
 * a reader gets back the exact double; null and declared blanks (see assertExplainedBlanks) as
 * empty fields.
 */
export function tableToCsv(t: ReportTable): string {
  for (const [k, row] of t.rows.entries())
    if (row.length !== t.columns.length)
      throw new Error(`table ${t.id}: row ${k} has ${row.length} cells, expected ${t.columns.length}`);
  assertExplainedBlanks(t);
  const data = t.rows.map((row) =>
    row.map((v) => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : (v ?? ''))),
  );
  return `${Papa.unparse({ fields: t.columns.map((c) => c.key), data }, { newline: '\n' })}\n`;
}
