import { readCsvFile } from '../io/csvFile.ts';
import { decimalAt } from '../io/decimalNumber.ts';
import { clipEcho, InputError } from '../io/inputError.ts';

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
    private readonly headerLine = 1,
  ) {
    this.header = header;
    this.rows = rows;
    this.lines = lines;
  }

  /**
   * A published source table: the shared CSV rules (src/io/csvFile.ts) with '#' comment lines
   * allowed before the header and the last line break optional (some distributed files lack it;
   * every source's sha256 is recorded in the dataset's provenance, so a cut copy shows there).
   */
  static read(file: string): CsvTable {
    const t = readCsvFile(file, {
      expected: 'a published source table (data/sources/PROVENANCE.md)',
      commentPrefix: '#',
      lastLineBreakOptional: true,
    });
    return new CsvTable(file, t.header, t.rows, t.lines, t.headerLine);
  }

  col(name: string): number {
    const j = this.header.indexOf(name);
    if (j < 0)
      throw new InputError(
        this.file,
        `missing column '${name}' (the header reads ${clipEcho(this.header.join(','), 160)})`,
        this.headerLine,
        name,
        `a column named '${name}'`,
      );
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
    return decimalAt(raw, this.file, this.lines[row], col);
  }

  line(row: number): number {
    return this.lines[row];
  }

  /** Index of the first row whose `col` equals `value`, or an InputError. */
  findRow(col: string, value: string, from = 0): number {
    const j = this.col(col);
    for (let i = from; i < this.rows.length; i++) if (this.rows[i][j] === value) return i;
    throw new InputError(
      this.file,
      `no row with ${col} = ${clipEcho(value)}`,
      undefined,
      col,
      `a row ${clipEcho(value)}`,
    );
  }
}
