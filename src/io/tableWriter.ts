import { createHash, type Hash } from 'node:crypto';
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
  /** Unique per Label object in this process: Parquet columns map it to their dictionary id. */
  readonly key: number;
}

const encoder = new TextEncoder();
let nextLabelKey = 0;

/** Consecutive labels with their CSV bytes joined (`a,b,c`), written with one copy. */
export interface LabelRun {
  readonly parts: readonly Label[];
  readonly csv: Uint8Array;
}

export function labelRun(parts: readonly Label[]): LabelRun {
  const csv = new Uint8Array(parts.reduce((a, l) => a + l.csv.length + 1, -1));
  let p = 0;
  parts.forEach((l, k) => {
    if (k > 0) csv[p++] = 44;
    csv.set(l.csv, p);
    p += l.csv.length;
  });
  return { parts, csv };
}

export function csvLabel(text: string): Label {
  const quoted = /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
  return { text, csv: encoder.encode(quoted), key: nextLabelKey++ };
}

export interface TableWriter {
  /** The next field: a string (encoded once per distinct value). */
  text(s: string): void;
  /** The next field: a label encoded ahead of time. */
  label(l: Label): void;
  /** The next fields: several labels at once (a row prefix repeated over many rows). */
  prefix(p: LabelRun): void;
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

/** Where tables go: an (atomic) output folder, which may take the digests of streamed files. */
export interface TableDestination {
  /** Absolute path for a path relative to the folder. */
  path(relative: string): string;
  recordDigest?(relative: string, bytes: number, sha256: string): void;
}

/** A writer of `spec` into the destination as `spec.name` + extension. */
export function openTable(
  dest: TableDestination,
  spec: TableSpec,
  format: TableFormat,
  /** Rows expected (Parquet sizes its columns once). */
  expectedRows = 0,
): TableWriter {
  const rel = `${spec.name}${extension[format]}`;
  return format === 'csv'
    ? new CsvTableWriter(dest.path(rel), rel, spec, dest.recordDigest?.bind(dest))
    : new ParquetTableWriter(dest.path(rel), rel, spec, expectedRows);
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
      `row ${this.rows + 2} (${this.rowText
        .slice(0, this.col)
        .filter((s) => s !== '')
        .join(', ')}), column ${this.spec.fields[this.col]?.name}`,
      v,
    );
  }

  protected checkRowEnd(): void {
    if (this.col !== this.spec.fields.length)
      throw new Error(
        `${this.rel}: row ${this.rows + 2} has ${this.col} fields, the table ${this.spec.fields.length}`,
      );
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
  private readonly hash: Hash | undefined;
  private written = 0;

  constructor(
    file: string,
    rel: string,
    spec: TableSpec,
    private readonly recordDigest?: (relative: string, bytes: number, sha256: string) => void,
  ) {
    super(rel, spec);
    this.hash = recordDigest ? createHash('sha256') : undefined;
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
    this.hash?.update(this.mem.subarray(start, this.pos));
    this.written += this.pos - start;
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
        if (this.col > 0) this.mem[this.pos++] = 44;
        this.flush();
        this.hash?.update(b);
        this.written += b.length;
        writeSync(this.fd, b);
        this.rowText[this.col++] = l.text;
        return;
      }
    }
    this.put(b);
    this.rowText[this.col++] = l.text;
  }

  /** Copies a field's bytes (with the comma before it) into the buffer; the caller checked the room. */
  private put(b: Uint8Array): void {
    const m = this.mem;
    let p = this.pos;
    if (this.col > 0) m[p++] = 44;
    for (let i = 0; i < b.length; i++) m[p + i] = b[i];
    this.pos = p + b.length;
  }

  prefix(run: LabelRun): void {
    const b = run.csv;
    if (this.pos + b.length + 1 > this.flushAt) {
      for (const l of run.parts) this.label(l);
      return;
    }
    this.put(b);
    for (const l of run.parts) this.rowText[this.col++] = l.text;
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
    if (this.hash) this.recordDigest?.(this.rel, this.written, this.hash.digest('hex'));
    return { spec: this.spec, format: 'csv', path: this.rel, rows: this.rows, bytes: this.written };
  }

  discard(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
  }
}

/**
 * Parquet: whole columns in memory, strings as ids into per-column label lists (Int32Array),
 * numbers in Float64Array; the string arrays hyparquet-writer takes are built once at close.
 */
class ParquetTableWriter extends FieldCursor implements TableWriter {
  private readonly numeric: boolean[];
  private readonly values: Float64Array[];
  private readonly ids: Int32Array[];
  private readonly labelIds: Map<string, number>[];
  private readonly labels: string[][];
  /** Per column: Label.key → dictionary id + 1 (0: not seen). */
  private byKey: Int32Array[];
  private capacity: number;

  constructor(
    private readonly file: string,
    rel: string,
    spec: TableSpec,
    expectedRows: number,
  ) {
    super(rel, spec);
    this.capacity = Math.max(1 << 12, expectedRows);
    this.byKey = spec.fields.map(() => new Int32Array(Math.max(64, nextLabelKey * 2)));
    this.numeric = spec.fields.map((f) => f.type !== 'string');
    this.values = spec.fields.map((f) => new Float64Array(f.type === 'string' ? 0 : this.capacity));
    this.ids = spec.fields.map((f) => new Int32Array(f.type === 'string' ? this.capacity : 0));
    this.labelIds = spec.fields.map(() => new Map());
    this.labels = spec.fields.map(() => []);
  }

  text(s: string): void {
    const j = this.col;
    if (this.numeric[j])
      throw new Error(`${this.rel}: column ${this.spec.fields[j].name} is numeric, got text`);
    let id = this.labelIds[j].get(s);
    if (id === undefined) {
      id = this.labels[j].length;
      this.labels[j].push(s);
      this.labelIds[j].set(s, id);
    }
    if (this.rows >= this.capacity) this.grow();
    this.ids[j][this.rows] = id;
    this.rowText[this.col++] = s;
  }

  label(l: Label): void {
    const j = this.col;
    let map = this.byKey[j];
    if (l.key >= map.length) {
      const m = new Int32Array(Math.max(l.key + 1, map.length * 2));
      m.set(map);
      this.byKey[j] = map = m;
    }
    const id = map[l.key] - 1;
    if (id < 0 || this.numeric[j]) {
      this.text(l.text);
      if (!this.numeric[j]) map[l.key] = this.ids[j][this.rows] + 1;
      return;
    }
    if (this.rows >= this.capacity) this.grow();
    this.ids[j][this.rows] = id;
    this.rowText[this.col++] = l.text;
  }

  prefix(run: LabelRun): void {
    for (const l of run.parts) this.label(l);
  }

  num(v: number): void {
    const j = this.col;
    if (v - v !== 0) this.refuse(v);
    if (!this.numeric[j])
      throw new Error(`${this.rel}: column ${this.spec.fields[j].name} is text, got a number`);
    if (this.spec.fields[j].type === 'integer' && !Number.isInteger(v))
      throw new Error(`${this.rel}: column ${this.spec.fields[j].name} is integer, got ${v}`);
    if (this.rows >= this.capacity) this.grow();
    this.values[j][this.rows] = v;
    this.rowText[this.col++] = '';
  }

  private grow(): void {
    this.capacity *= 2;
    for (let j = 0; j < this.numeric.length; j++) {
      if (this.numeric[j]) {
        const d = new Float64Array(this.capacity);
        d.set(this.values[j]);
        this.values[j] = d;
      } else {
        const d = new Int32Array(this.capacity);
        d.set(this.ids[j]);
        this.ids[j] = d;
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
        if (f.type === 'string') {
          const ids = this.ids[j];
          const names = this.labels[j];
          const data = new Array<string>(n);
          for (let i = 0; i < n; i++) data[i] = names[ids[i]];
          // Labels repeat: always a dictionary; min/max statistics of labels help no reader.
          return {
            name: f.name,
            data,
            type: 'STRING' as const,
            nullable: false,
            encoding: 'RLE_DICTIONARY' as const,
            statistics: false,
          };
        }
        const d = this.values[j].subarray(0, n);
        // Integers as INT64 (pandas int64, DuckDB BIGINT); measures as DOUBLE.
        return f.type === 'integer'
          ? { name: f.name, data: Array.from(d, (x) => BigInt(x)), type: 'INT64' as const, nullable: false }
          : { name: f.name, data: d, type: 'DOUBLE' as const, nullable: false };
      }),
      rowGroupSize: 1 << 20,
      // Dictionary ids and doubles gain ~25 % from Snappy here at ~40 % of the write time
      // (hyparquet-writer compresses in JavaScript); every reader takes uncompressed pages.
      codec: 'UNCOMPRESSED',
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

/** A field of a TableSpec (unit only where one unit holds for the whole column). */
export function tableField(name: string, type: FieldType, description: string, unit?: string): TableField {
  return { name, type, description, ...(unit !== undefined ? { unit } : {}) };
}
