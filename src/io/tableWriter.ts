import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { parquetWriteFile } from 'hyparquet-writer';
import { ImpossibleNumberError } from './outputGuard.ts';
import { type DecimalKernel, decimalKernel, MAX_DECIMAL_BYTES } from './shortestDecimal.ts';

/**
 * Tables written field by field, straight into a file: CSV through a reused byte buffer (labels
 * encoded once, numbers by the shortest-decimal kernel, so no string per cell), or Parquet from
 * typed columns. Either way the same `TableSpec` describes the file in datapackage.json
 * (src/io/dataPackage.ts). docs/formats.md, "Output tables".
 */

export type FieldType = 'string' | 'number' | 'integer';

export interface TableField {
  /** snake_case ASCII column name. */
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  /** Unit of every value in the column, when one unit holds for the whole column. */
  readonly unit?: string;
}

export interface TableSpec {
  /** Resource name and file stem: lower-case ASCII, digits, '_' (and '/' for a sub-folder). */
  readonly name: string;
  readonly description: string;
  readonly fields: readonly TableField[];
}

export type TableFormat = 'csv' | 'parquet';

/** What a closed writer leaves: the datapackage resource is built from it. */
export interface WrittenTable {
  readonly spec: TableSpec;
  readonly format: TableFormat;
  /** Path relative to the output folder ('/'-separated). */
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

/** A label written many times: its text (Parquet) and its CSV field bytes, quoted if needed. */
export interface Label {
  readonly text: string;
  readonly csv: Uint8Array;
}

const encoder = new TextEncoder();

export function csvLabel(text: string): Label {
  const quoted = /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
  return { text, csv: encoder.encode(quoted) };
}

export interface TableWriter {
  /** The next field: a string (encoded once per distinct value). */
  text(s: string): void;
  /** The next field: a label encoded ahead of time. */
  label(l: Label): void;
  /** The next field: a number; NaN or ±Infinity is refused (ImpossibleNumberError). */
  num(v: number): void;
  /** Ends the row. */
  end(): void;
  /** Finishes the file. */
  close(): WrittenTable;
  /** Removes nothing; for an error path: releases the file handle. */
  discard(): void;
}

const extension: Record<TableFormat, string> = { csv: '.csv', parquet: '.parquet' };

/**
 * A writer of `spec` into `dir`/`spec.name` + extension. `dir` is an (atomic) output folder's
 * temporary path; `shown` names the file in error messages.
 */
export function openTable(absolutePath: (relative: string) => string, spec: TableSpec, format: TableFormat): TableWriter {
  const rel = `${spec.name}${extension[format]}`;
  return format === 'csv' ? new CsvTableWriter(absolutePath(rel), rel, spec) : new ParquetTableWriter(absolutePath(rel), rel, spec);
}

abstract class FieldCursor {
  protected col = 0;
  protected rows = 0;
  /** The string fields of the current row, for error messages. */
  protected readonly rowText: string[] = [];

  constructor(
    protected readonly rel: string,
    protected readonly spec: TableSpec,
  ) {}

  protected refuse(v: number): never {
    throw new ImpossibleNumberError(
      this.rel,
      `row ${this.rows + 2} (${this.rowText.slice(0, this.col).filter((s) => s !== '').join(', ')}), column ${this.spec.fields[this.col]?.name}`,
      v,
    );
  }

  protected checkRowEnd(): void {
    if (this.col !== this.spec.fields.length)
      throw new Error(`${this.rel}: row ${this.rows + 2} has ${this.col} fields, the table ${this.spec.fields.length}`);
  }
}

class CsvTableWriter extends FieldCursor implements TableWriter {
  private readonly fd: number;
  private readonly k: DecimalKernel;
  private readonly mem: Uint8Array;
  private pos: number;
  private readonly flushAt: number;
  private readonly labels = new Map<string, Label>();
  private closed = false;

  constructor(
    private readonly file: string,
    rel: string,
    spec: TableSpec,
  ) {
    super(rel, spec);
    this.k = decimalKernel(1 << 20);
    this.mem = this.k.bytes;
    this.pos = this.k.outputStart;
    this.flushAt = this.k.outputEnd - 1024;
    this.fd = openSync(file, 'wx');
    for (const f of spec.fields) this.text(f.name);
    this.mem[this.pos++] = 10;
    this.col = 0;
  }

  private flush(): void {
    const start = this.k.outputStart;
    let off = start;
    while (off < this.pos) off += writeSync(this.fd, this.mem, off, this.pos - off);
    this.pos = start;
  }

  text(s: string): void {
    let l = this.labels.get(s);
    if (l === undefined) {
      l = csvLabel(s);
      this.labels.set(s, l);
    }
    this.label(l);
  }

  label(l: Label): void {
    const b = l.csv;
    if (this.pos + b.length + 1 > this.flushAt) {
      this.flush();
      if (b.length + 1 > this.flushAt - this.pos) {
        // A label longer than the buffer: straight to the file.
        if (this.col > 0) writeSync(this.fd, ',');
        writeSync(this.fd, b);
        this.rowText[this.col++] = l.text;
        return;
      }
    }
    const m = this.mem;
    let p = this.pos;
    if (this.col > 0) m[p++] = 44;
    for (let i = 0; i < b.length; i++) m[p + i] = b[i];
    this.pos = p + b.length;
    this.rowText[this.col++] = l.text;
  }

  num(v: number): void {
    if (v - v !== 0) this.refuse(v); // NaN and ±Infinity only
    if (this.pos + MAX_DECIMAL_BYTES + 1 > this.flushAt) this.flush();
    if (this.col > 0) this.mem[this.pos++] = 44;
    this.pos = this.k.write(v, this.pos);
    this.rowText[this.col++] = '';
  }

  end(): void {
    this.checkRowEnd();
    this.mem[this.pos++] = 10;
    this.col = 0;
    this.rows++;
    if (this.pos > this.flushAt) this.flush();
  }

  close(): WrittenTable {
    this.flush();
    closeSync(this.fd);
    this.closed = true;
    return { spec: this.spec, format: 'csv', path: this.rel, rows: this.rows, bytes: statSync(this.file).size };
  }

  discard(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
  }
}

/** Parquet: whole columns in memory (strings as references to shared labels, numbers in a growing Float64Array). */
class ParquetTableWriter extends FieldCursor implements TableWriter {
  private readonly columns: (string[] | Float64Array)[];
  private capacity = 1 << 16;

  constructor(
    private readonly file: string,
    rel: string,
    spec: TableSpec,
  ) {
    super(rel, spec);
    this.columns = spec.fields.map((f) => (f.type === 'string' ? [] : new Float64Array(this.capacity)));
  }

  text(s: string): void {
    if (this.spec.fields[this.col].type !== 'string')
      throw new Error(`${this.rel}: column ${this.spec.fields[this.col].name} is numeric, got text`);
    (this.columns[this.col] as string[]).push(s);
    this.rowText[this.col++] = s;
  }

  label(l: Label): void {
    this.text(l.text);
  }

  num(v: number): void {
    if (v - v !== 0) this.refuse(v);
    const c = this.columns[this.col];
    if (!(c instanceof Float64Array))
      throw new Error(`${this.rel}: column ${this.spec.fields[this.col].name} is text, got a number`);
    if (this.spec.fields[this.col].type === 'integer' && !Number.isInteger(v))
      throw new Error(`${this.rel}: column ${this.spec.fields[this.col].name} is integer, got ${v}`);
    if (this.rows >= this.capacity) this.grow();
    (this.columns[this.col] as Float64Array)[this.rows] = v;
    this.rowText[this.col++] = '';
  }

  private grow(): void {
    this.capacity *= 2;
    for (let j = 0; j < this.columns.length; j++) {
      const c = this.columns[j];
      if (c instanceof Float64Array) {
        const d = new Float64Array(this.capacity);
        d.set(c);
        this.columns[j] = d;
      }
    }
  }

  end(): void {
    this.checkRowEnd();
    this.col = 0;
    this.rows++;
  }

  close(): WrittenTable {
    const n = this.rows;
    parquetWriteFile({
      filename: this.file,
      columnData: this.spec.fields.map((f, j) => {
        const c = this.columns[j];
        if (f.type === 'string') return { name: f.name, data: c as string[], type: 'STRING' as const, nullable: false };
        const d = (c as Float64Array).subarray(0, n);
        // Integers as INT64 (pandas int64, DuckDB BIGINT); measures as DOUBLE.
        return f.type === 'integer'
          ? { name: f.name, data: Array.from(d, (x) => BigInt(x)), type: 'INT64' as const, nullable: false }
          : { name: f.name, data: d, type: 'DOUBLE' as const, nullable: false };
      }),
      rowGroupSize: 1 << 20,
      kvMetadata: [{ key: 'vchain.description', value: this.spec.description }],
      createdBy: 'vchain',
    });
    return { spec: this.spec, format: 'parquet', path: this.rel, rows: n, bytes: statSync(this.file).size };
  }

  discard(): void {}
}

/**
 * Tables at or above this estimated CSV size are written as Parquet unless `--tables csv` is
 * given: 256 MiB, about where a CSV stops opening in Excel (1,048,576 rows) many times over and
 * where pandas' read_csv needs several GB of memory. bilateral.csv at 49 × 100 with 8 indicators
 * is ~400 MB.
 */
export const AUTO_PARQUET_BYTES = 256 * 2 ** 20;

export type TablesOption = TableFormat | 'auto';

export function chooseTableFormat(option: TablesOption, estimatedCsvBytes: number): TableFormat {
  if (option !== 'auto') return option;
  return estimatedCsvBytes >= AUTO_PARQUET_BYTES ? 'parquet' : 'csv';
}

export const TABLE_FORMAT_CHOICES: readonly TablesOption[] = ['auto', 'csv', 'parquet'];
