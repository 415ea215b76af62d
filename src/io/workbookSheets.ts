import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { SaxesTagPlain } from 'saxes';
import { decimalAt } from './decimalNumber.ts';
import { clipText, InputError } from './inputError.ts';

/**
 * Worksheets of an .xlsx: cells as numbers, text, null (empty) or a CellProblem naming what a
 * cell holds instead of a value (a formula saved without its result, an error value, a date).
 * Shared by the CEADs and wide-layout readers.
 *
 * The archive is read through its central directory (fflate) and the parts are parsed with a
 * streaming XML parser (saxes), not with exceljs' streaming WorkbookReader: that reader pauses
 * the unzip stream between entries, and unzipper ends the stream as soon as its input is used
 * up, so entries still queued are dropped at random (exceljs issue 3064). A workbook written
 * with its worksheets before xl/workbook.xml (exceljs, many generators) then fails with
 * "Cannot read properties of undefined (reading 'sheets')"; one with the worksheets after the
 * shared strings can lose those or whole sheets. exceljs' full reader is reliable but holds
 * every sheet: one sheet of a CEADs-size workbook (two sheets of 1313 × 1464, 26 MB) takes
 * 17 s and 1.46 GB that way, 8 s and 0.21 GB with the streaming reader when it does not fail,
 * and 5 s and 0.32 GB here (whole process, 2 shared cores).
 */

/** A cell with no usable value, named in messages instead of read ('[object Object]', a silent 0). */
export class CellProblem {
  constructor(readonly what: string) {}
}

export type Cell = number | string | null | CellProblem;

/** Rows of one sheet, 1-based (rows[r][c]), as spreadsheets number them. */
export type SheetRows = Cell[][];

/** Spreadsheet column letters of a 1-based column index (1 → A, 27 → AA). */
export function columnLetter(c: number): string {
  let s = '';
  for (let k = c; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** A cell as trimmed text ('' when empty; a problem in parentheses). */
export const cellText = (c: Cell | undefined): string =>
  c === null || c === undefined ? '' : c instanceof CellProblem ? `(${c.what})` : String(c).trim();

type Sax = typeof import('saxes');

/** Local name of an XML name ('x:sheet' → 'sheet'): some writers prefix SpreadsheetML tags. */
const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

interface XmlHandlers {
  open(name: string, attributes: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/** Parses an XML part in 1 MB pieces, so a 100 MB sheet never becomes one string. */
function parseXml(sax: Sax, bytes: Uint8Array, h: XmlHandlers): void {
  const parser = new sax.SaxesParser();
  parser.on('opentag', (t: SaxesTagPlain) => h.open(localName(t.name), t.attributes));
  const { text, close } = h;
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  if (close) parser.on('closetag', (t: SaxesTagPlain) => close(localName(t.name)));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const step = 1 << 20;
  for (let o = 0; o < bytes.length; o += step)
    parser.write(decoder.decode(bytes.subarray(o, o + step), { stream: true }));
  parser.write(decoder.decode());
  parser.close();
}

interface Relationship {
  id: string;
  type: string;
  /** Part name inside the archive, resolved against the part that owns the relationships. */
  target: string;
}

/** The relationships part of `part` ('xl/workbook.xml' → 'xl/_rels/workbook.xml.rels'). */
const relationshipsPart = (part: string): string =>
  posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);

function relationships(sax: Sax, bytes: Uint8Array, owner: string): Relationship[] {
  const out: Relationship[] = [];
  parseXml(sax, bytes, {
    open(name, a) {
      if (name !== 'Relationship' || a.TargetMode === 'External' || !a.Target) return;
      const target = a.Target.startsWith('/')
        ? a.Target.slice(1)
        : posix.normalize(posix.join(posix.dirname(owner), a.Target));
      out.push({ id: a.Id ?? '', type: a.Type ?? '', target });
    },
  });
  return out;
}

/** Sheet names in workbook order with their relationship ids (the r:id attribute, any prefix). */
function workbookSheets(sax: Sax, bytes: Uint8Array): { name: string; rid: string }[] {
  const out: { name: string; rid: string }[] = [];
  parseXml(sax, bytes, {
    open(name, a) {
      if (name !== 'sheet') return;
      const rid = Object.entries(a).find(([k]) => k.includes(':') && localName(k) === 'id')?.[1];
      out.push({ name: a.name ?? '', rid: rid ?? '' });
    },
  });
  return out;
}

/** The shared-string table: each <si> as its text runs joined, phonetic guides (<rPh>) left out. */
function sharedStrings(sax: Sax, bytes: Uint8Array): string[] {
  const out: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  parseXml(sax, bytes, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't') inText = phonetic === 0;
    },
    text(t) {
      if (inText) current += t;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') out.push(current);
    },
  });
  return out;
}

/** 1-based column of a cell reference ('D5' → 4), or 0 when it has no letters. */
function referenceColumn(ref: string): number {
  let c = 0;
  for (let k = 0; k < ref.length; k++) {
    const code = ref.charCodeAt(k) & ~32; // upper case
    if (code < 65 || code > 90) break;
    c = c * 26 + (code - 64);
  }
  return c;
}

/** What a <c> element holds (ECMA-376 §18.3.1.4: t is the type, <f> the formula, <v> the value). */
function cellOf(
  type: string,
  value: string | null,
  formula: string | null,
  inline: string | null,
  shared: readonly string[],
): Cell {
  if (formula !== null && (value === null || (value === '' && type !== 'str')))
    return new CellProblem(
      `a formula${formula ? ` (=${clipText(formula, 60)})` : ''} without a cached value (the workbook was saved without its results: open it in Excel or LibreOffice and save it again)`,
    );
  switch (type) {
    case 's': {
      if (value === null) return null;
      const s = shared[Number(value)];
      return s ?? new CellProblem(`shared string ${clipText(value, 20)}, which the workbook does not have`);
    }
    case 'str':
      return value ?? '';
    case 'inlineStr':
      return inline ?? value ?? '';
    case 'b':
      return value === null ? null : value.trim() === '1' || value.trim() === 'true' ? 'true' : 'false';
    case 'e':
      return new CellProblem(`the error value ${value ?? ''}`);
    case 'd':
      return new CellProblem(`the date ${(value ?? '').slice(0, 10)}`);
    default: {
      if (value === null || value.trim() === '') return null;
      const n = Number(value);
      return Number.isFinite(n) ? n : new CellProblem(`the number text '${clipText(value, 40)}'`);
    }
  }
}

/** The cells of one worksheet part (only <sheetData>; styles, so date formats, are not read). */
function worksheetRows(sax: Sax, bytes: Uint8Array, shared: readonly string[]): SheetRows {
  const rows: SheetRows = [];
  let row: Cell[] | null = null;
  let rowNumber = 0;
  let nextColumn = 1;
  let column = 0;
  let type = 'n';
  let inCell = false;
  let value: string | null = null;
  let formula: string | null = null;
  let inline: string | null = null;
  let capture: 'v' | 'f' | 't' | null = null;
  let inInline = false;
  let phonetic = 0;
  parseXml(sax, bytes, {
    open(name, a) {
      switch (name) {
        case 'row':
          // r is optional: a row without it follows the previous one.
          rowNumber = a.r ? Number.parseInt(a.r, 10) : rowNumber + 1;
          row = rows[rowNumber] = [];
          nextColumn = 1;
          break;
        case 'c':
          if (!row) break;
          inCell = true;
          column = (a.r && referenceColumn(a.r)) || nextColumn;
          type = a.t ?? 'n';
          value = formula = inline = null;
          break;
        case 'f':
          if (inCell) [formula, capture] = ['', 'f'];
          break;
        case 'v':
          if (inCell) [value, capture] = ['', 'v'];
          break;
        case 'is':
          if (inCell) [inInline, inline] = [true, ''];
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (inInline && phonetic === 0) capture = 't';
          break;
      }
    },
    text(t) {
      if (capture === 'v') value += t;
      else if (capture === 'f') formula += t;
      else if (capture === 't') inline += t;
    },
    close(name) {
      switch (name) {
        case 'v':
        case 'f':
        case 't':
          capture = null;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'is':
          inInline = false;
          break;
        case 'c':
          if (row && inCell) {
            row[column] = cellOf(type, value, formula, inline, shared);
            nextColumn = column + 1;
          }
          inCell = false;
          break;
        case 'row':
          row = null;
          break;
      }
    },
  });
  return rows;
}

/**
 * Reads the sheets `choose` picks from the workbook's sheet names (in workbook order) and
 * returns them by name, in workbook order, with all the names. Sheets not chosen are not
 * decompressed. Whatever the order of the parts in the archive.
 */
export async function readWorkbookSheets(
  path: string,
  choose: (names: readonly string[]) => ReadonlySet<string>,
): Promise<{ names: string[]; sheets: Map<string, SheetRows> }> {
  // Loaded here, not at start-up: only workbook readers need them.
  const [{ unzipSync }, sax] = await Promise.all([import('fflate'), import('saxes')]);
  const archive = readFileSync(path);
  const parts = (names: readonly string[]) => unzipSync(archive, { filter: (f) => names.includes(f.name) });
  // ECMA-376 part 2: the package relationships name the workbook part (xl/workbook.xml as a rule).
  const root = parts(['_rels/.rels'])['_rels/.rels'];
  const office = root && relationships(sax, root, '').find((r) => r.type.endsWith('/officeDocument'));
  const book = office?.target ?? 'xl/workbook.xml';
  const bookRels = relationshipsPart(book);
  const bookParts = parts([book, bookRels]);
  const bookBytes = bookParts[book];
  if (!bookBytes) throw new Error(`no workbook part (${book}) in the archive`);
  const list = workbookSheets(sax, bookBytes);
  const rels = bookParts[bookRels] ? relationships(sax, bookParts[bookRels], book) : [];
  const names = list.map((s) => s.name);
  const wanted = choose(names);
  const sheets = new Map<string, SheetRows>();
  const chosen = list.filter((s) => wanted.has(s.name));
  if (chosen.length === 0) return { names, sheets };
  const sharedPart = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target;
  const sharedBytes = sharedPart ? parts([sharedPart])[sharedPart] : undefined;
  const shared = sharedBytes ? sharedStrings(sax, sharedBytes) : [];
  for (const { name, rid } of chosen) {
    const target = rels.find((r) => r.id === rid)?.target;
    const bytes = target ? parts([target])[target] : undefined;
    if (!target || !bytes) throw new Error(`sheet '${clipText(name)}' has no worksheet part in the archive`);
    sheets.set(name, worksheetRows(sax, bytes, shared));
  }
  return { names, sheets };
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
