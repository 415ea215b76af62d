import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { InputError } from '../io/inputError.ts';

/** A CSV file read as strings, with typed accessors that fail with an InputError naming the cell. */
export class CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Line number (1-based, in the file) of each data row, for error messages. */
  private readonly lines: readonly number[];

  constructor(
    readonly file: string,
    header: readonly string[],
    rows: readonly (readonly string[])[],
    lines: readonly number[],
  ) {
    this.header = header;
    this.rows = rows;
    this.lines = lines;
  }

  static read(file: string): CsvTable {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(file, `cannot read file (${(e as Error).message})`);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // Skip leading '#' comment lines (historical_*.csv, original population file).
    const allLines = text.split(/\r?\n/);
    let skip = 0;
    while (skip < allLines.length && allLines[skip].startsWith('#')) skip++;
    const parsed = Papa.parse<string[]>(allLines.slice(skip).join('\n'), { skipEmptyLines: true });
    if (parsed.errors.length > 0) {
      const e = parsed.errors[0];
      throw new InputError(file, `CSV parse error: ${e.message}`, (e.row ?? 0) + skip + 1);
    }
    const data = parsed.data;
    if (data.length === 0) throw new InputError(file, 'empty file', 1, undefined, 'a header row');
    const lines = data.slice(1).map((_, k) => k + skip + 2);
    return new CsvTable(file, data[0], data.slice(1), lines);
  }

  col(name: string): number {
    const j = this.header.indexOf(name);
    if (j < 0)
      throw new InputError(this.file, `missing column '${name}'`, 1, name, `a column named '${name}'`);
    return j;
  }

  hasCol(name: string): boolean {
    return this.header.includes(name);
  }

  str(row: number, col: string): string {
    return this.rows[row][this.col(col)] ?? '';
  }

  /** Numeric cell; blank and 'NA' give `blank` when given, else an InputError. */
  num(row: number, col: string, blank?: number): number {
    const raw = this.str(row, col).trim();
    if ((raw === '' || raw === 'NA') && blank !== undefined) return blank;
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v))
      throw new InputError(this.file, `not a number: '${raw}'`, this.lines[row], col, 'a finite number');
    return v;
  }

  line(row: number): number {
    return this.lines[row];
  }

  /** Index of the first row whose `col` equals `value`, or an InputError. */
  findRow(col: string, value: string, from = 0): number {
    const j = this.col(col);
    for (let i = from; i < this.rows.length; i++) if (this.rows[i][j] === value) return i;
    throw new InputError(this.file, `no row with ${col} = '${value}'`, undefined, col, `a row '${value}'`);
  }
}
