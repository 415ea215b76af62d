import { decimalAt } from './decimalNumber.ts';
import { clipText, InputError } from './inputError.ts';

/**
 * Worksheets of an .xlsx read with exceljs' streaming reader: cells as numbers, text, null
 * (empty) or a CellProblem naming what a cell holds instead of a value (a formula saved
 * without its result, an error value, a date). Shared by the CEADs and wide-layout readers.
 */

/** A cell with no usable value, named in messages instead of read ('[object Object]', a silent 0). */
export class CellProblem {
  constructor(readonly what: string) {}
}

export type Cell = number | string | null | CellProblem;

/** Rows of one sheet, 1-based (rows[r][c]), as exceljs numbers them. */
export type SheetRows = Cell[][];

/** The value of an exceljs cell: formulas by their cached result, rich text and hyperlinks by their text. */
export function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return new CellProblem(`the date ${v.toISOString().slice(0, 10)}`);
  if (typeof v === 'object') {
    const o = v as {
      formula?: string;
      sharedFormula?: string;
      result?: unknown;
      richText?: { text: string }[];
      text?: unknown;
      error?: string;
    };
    if ('formula' in o || 'sharedFormula' in o) {
      if (o.result !== undefined && o.result !== null) return cellValue(o.result);
      const f = o.formula || o.sharedFormula;
      return new CellProblem(
        `a formula${f ? ` (=${clipText(f, 60)})` : ''} without a cached value (the workbook was saved without its results: open it in Excel or LibreOffice and save it again)`,
      );
    }
    if ('result' in o) return cellValue(o.result);
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return new CellProblem(`the error value ${o.error}`);
  }
  return new CellProblem('a value of an unknown kind');
}

/** Spreadsheet column letters of a 1-based column index (1 → A, 27 → AA). */
export function columnLetter(c: number): string {
  let s = '';
  for (let k = c; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** A cell as trimmed text ('' when empty; a problem in parentheses). */
export const cellText = (c: Cell | undefined): string =>
  c === null || c === undefined ? '' : c instanceof CellProblem ? `(${c.what})` : String(c).trim();

/**
 * Reads the sheets `choose` picks from the workbook's sheet names (in workbook order) and
 * returns them by name with all the names. Sheets not chosen are skipped unread.
 */
export async function readWorkbookSheets(
  path: string,
  choose: (names: readonly string[]) => ReadonlySet<string>,
): Promise<{ names: string[]; sheets: Map<string, SheetRows> }> {
  // Loaded here, not at start-up: exceljs costs ~0.5 s of every vchain command otherwise.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  const sheets = new Map<string, SheetRows>();
  let names: string[] | undefined;
  let wanted: ReadonlySet<string> = new Set();
  for await (const ws of reader) {
    const name = (ws as unknown as { name: string }).name;
    if (!names) {
      // workbook.xml (all sheet names) is parsed before the first worksheet is emitted.
      const model = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model;
      names = model?.sheets?.map((s) => s.name) ?? [name];
      wanted = choose(names);
    }
    if (!wanted.has(name)) continue;
    const rows: SheetRows = [];
    for await (const row of ws) {
      const vals = row.values as unknown[];
      const out: Cell[] = [];
      for (let c = 1; c < vals.length; c++) out[c] = cellValue(vals[c]);
      rows[row.number] = out;
    }
    sheets.set(name, rows);
    if ([...wanted].every((w) => sheets.has(w))) break;
  }
  return { names: names ?? [], sheets };
}

/**
 * A numeric cell: a number, or text in decimal notation (docs/formats.md §6); a formula without
 * its cached value, an error value or a date is an error naming the cell. An empty cell is 0
 * where the format says so (CEADs workbooks are sparse), otherwise an error.
 */
export function cellNumber(
  where: string,
  cell: Cell | undefined,
  row: number,
  col: number,
  empty: 'zero' | 'error',
): number {
  if (cell === null || cell === undefined || cell === '') {
    if (empty === 'zero') return 0;
    throw new InputError(
      where,
      'empty cell',
      row,
      columnLetter(col),
      'a number in every data cell (write 0 for zero)',
    );
  }
  if (cell instanceof CellProblem)
    throw new InputError(where, `cell holds ${cell.what}`, row, columnLetter(col), 'a number');
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell))
      throw new InputError(where, `cell holds ${cell}`, row, columnLetter(col), 'a finite number');
    return cell;
  }
  return decimalAt(
    cell,
    where,
    row,
    columnLetter(col),
    'a number (text cells: decimal notation, no thousands separators)',
  );
}
