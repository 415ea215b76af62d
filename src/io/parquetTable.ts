import { readFileSync } from 'node:fs';
import { clipEcho, InputError } from './inputError.ts';
import type { LabelledTable } from './labelledTable.ts';
import { requireFile } from './textFile.ts';

/**
 * DataFrames that pandas saved as Parquet (`df.to_parquet`, which pymrio's
 * `save_all(table_format='parquet')` calls): the index levels are columns named after them and
 * listed in the `pandas` key-value metadata (`index_columns`); multi-level column labels are
 * flattened by pyarrow to the text of a Python tuple, `('AUS', 'c1')`, with the level names in
 * `column_indexes`. Read with hyparquet (pure JavaScript, no dependencies; snappy built in,
 * gzip, zstd, brotli and lz4 from hyparquet-compressors).
 */

export interface ParquetFrame {
  readonly file: string;
  /** Names of the index levels (pandas index names). */
  readonly indexNames: readonly string[];
  /** Per row, one label per index level. */
  readonly index: readonly (readonly string[])[];
  /** Data columns in file order: labels per column level, and the values. */
  readonly columns: readonly { readonly labels: readonly string[]; readonly values: ArrayLike<unknown> }[];
  readonly rows: number;
}

interface PandasMetadata {
  index_columns?: unknown[];
  column_indexes?: { name?: unknown }[];
}

/**
 * The labels of a column name written by pyarrow for multi-level columns: the text of a Python
 * tuple of strings (`('AUS', 'c1')`, `("a'b", 'c')`, `('x',)`), or undefined when it is not one.
 */
export function pythonTupleLabels(text: string): string[] | undefined {
  const s = text.trim();
  if (!s.startsWith('(') || !s.endsWith(')')) return undefined;
  const out: string[] = [];
  let i = 1;
  const end = s.length - 1;
  const skipSpaces = () => {
    while (i < end && s[i] === ' ') i++;
  };
  skipSpaces();
  while (i < end) {
    const q = s[i];
    if (q !== "'" && q !== '"') return undefined;
    i++;
    let v = '';
    for (;;) {
      if (i >= end) return undefined;
      const c = s[i];
      if (c === q) break;
      if (c === '\\') {
        const n = s[i + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
        if (n in simple) {
          v += simple[n];
          i += 2;
        } else if (n === 'x' || n === 'u' || n === 'U') {
          const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
          const hex = s.slice(i + 2, i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
          v += String.fromCodePoint(Number.parseInt(hex, 16));
          i += 2 + len;
        } else return undefined;
        continue;
      }
      v += c;
      i++;
    }
    i++; // closing quote
    out.push(v);
    skipSpaces();
    if (i < end && s[i] === ',') {
      i++;
      skipSpaces();
    } else if (i < end) return undefined;
  }
  return out.length > 0 ? out : undefined;
}

function pandasMetadata(file: string, kv: readonly { key: string; value?: string }[] | undefined) {
  const entry = kv?.find((e) => e.key === 'pandas');
  if (!entry?.value) return undefined;
  try {
    return JSON.parse(entry.value) as PandasMetadata;
  } catch (e) {
    throw new InputError(file, `its 'pandas' metadata is not JSON (${(e as Error).message})`);
  }
}

const isNumericColumn = (v: ArrayLike<unknown>) =>
  v instanceof Float64Array ||
  v instanceof Float32Array ||
  v instanceof Int32Array ||
  v instanceof BigInt64Array ||
  (v.length > 0 && (typeof v[0] === 'number' || typeof v[0] === 'bigint'));

/** Reads a Parquet file written from a pandas DataFrame (see ParquetFrame). */
export async function readParquetFrame(file: string, expected: string): Promise<ParquetFrame> {
  requireFile(file, expected);
  const { parquetMetadata, parquetRead, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const bytes = readFileSync(file);
  // A file read whole owns its ArrayBuffer: hand it over rather than copy it (only a small file
  // from Node's shared pool needs the slice).
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = whole
    ? (bytes.buffer as ArrayBuffer)
    : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    throw new InputError(
      file,
      `not a readable Parquet file (${(e as Error).message})`,
      undefined,
      undefined,
      expected,
    );
  }
  const fields = parquetSchema(metadata).children.map((c) => c.element.name);
  const chunks = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>();
  try {
    await parquetRead({
      file: buffer,
      metadata,
      compressors,
      onChunk: ({ columnName, columnData, rowStart }) => {
        let list = chunks.get(columnName);
        if (!list) chunks.set(columnName, (list = []));
        list.push({ rowStart, data: columnData });
      },
    });
  } catch (e) {
    throw new InputError(
      file,
      `cannot read the Parquet data (${(e as Error).message})`,
      undefined,
      undefined,
      expected,
    );
  }
  const rows = Number(metadata.num_rows);
  const column = (name: string): ArrayLike<unknown> => {
    const list = (chunks.get(name) ?? []).sort((a, b) => a.rowStart - b.rowStart);
    if (list.length === 1 && list[0].rowStart === 0 && list[0].data.length === rows) return list[0].data;
    const out: unknown[] = new Array(rows);
    for (const c of list) for (let k = 0; k < c.data.length; k++) out[c.rowStart + k] = c.data[k];
    return out;
  };
  const pandas = pandasMetadata(file, metadata.key_value_metadata);
  let indexNames: string[];
  if (pandas?.index_columns) {
    indexNames = pandas.index_columns.filter((c): c is string => typeof c === 'string');
  } else {
    // Not written by pandas: the text columns are the labels.
    indexNames = fields.filter((f) => !isNumericColumn(column(f)));
  }
  for (const name of indexNames)
    if (!fields.includes(name))
      throw new InputError(
        file,
        `index column ${clipEcho(name)} (pandas metadata) is missing`,
        undefined,
        name,
        expected,
      );
  const levels = pandas?.column_indexes?.length ?? 1;
  const indexValues = indexNames.map((name) => {
    const v = column(name);
    const out: string[] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const x = v[r];
      if (x === null || x === undefined)
        throw new InputError(file, 'empty label', r + 1, name, 'a label in every index column');
      out[r] = String(x).trim();
    }
    return out;
  });
  const index: string[][] = [];
  for (let r = 0; r < rows; r++) index.push(indexValues.map((v) => v[r]));
  const columns = fields
    .filter((f) => !indexNames.includes(f))
    .map((f) => {
      const labels = levels > 1 || f.startsWith('(') ? pythonTupleLabels(f) : [f];
      if (!labels)
        throw new InputError(
          file,
          `column name ${clipEcho(f)} is not a tuple of labels`,
          undefined,
          f,
          `pandas' flattened multi-level column names, e.g. "('AUS', 'c1')"`,
        );
      return { labels: labels.map((l) => l.trim()), values: column(f) };
    });
  return { file, indexNames, index, columns, rows };
}

/**
 * A numeric frame as a LabelledTable (row-major), with `nrIndex` index levels and `nrHeader`
 * column levels as file_parameters.json states. Every value must be a finite number: pandas'
 * NaN (stored as null by pyarrow) or ±inf is an error naming the row and column.
 */
export function frameToLabelledTable(f: ParquetFrame, nrIndex: number, nrHeader: number): LabelledTable {
  if (f.indexNames.length !== nrIndex)
    throw new InputError(
      f.file,
      `${f.indexNames.length} index column(s) (${f.indexNames.join(', ') || 'none'})`,
      undefined,
      undefined,
      `${nrIndex} as file_parameters.json states`,
    );
  const cols = f.columns.length;
  if (cols === 0) throw new InputError(f.file, 'no data columns', undefined, undefined, 'numeric columns');
  if (f.rows === 0)
    throw new InputError(f.file, 'no data rows', undefined, undefined, 'at least one data row');
  const data = new Float64Array(f.rows * cols);
  f.columns.forEach((c, j) => {
    if (c.labels.length !== nrHeader)
      throw new InputError(
        f.file,
        `column ${clipEcho(c.labels.join(' / '))} has ${c.labels.length} label level(s)`,
        undefined,
        j + 1,
        `${nrHeader} as file_parameters.json states`,
      );
    const v = c.values;
    for (let r = 0; r < f.rows; r++) {
      const x = v[r];
      let num: number;
      if (typeof x === 'number') num = x;
      else if (typeof x === 'bigint') {
        num = Number(x);
        if (!Number.isSafeInteger(num))
          throw new InputError(
            f.file,
            `integer ${x} is beyond 2^53`,
            r + 1,
            c.labels.join(' / '),
            'a value a double holds exactly',
          );
      } else
        throw new InputError(
          f.file,
          x === null || x === undefined
            ? 'empty value (NaN in pandas)'
            : `${clipEcho(String(x))} is not a number`,
          r + 1,
          c.labels.join(' / '),
          'a finite number in every data cell',
        );
      if (!Number.isFinite(num))
        throw new InputError(
          f.file,
          `value ${num} is not finite`,
          r + 1,
          c.labels.join(' / '),
          'a finite number',
        );
      data[r * cols + j] = num;
    }
  });
  return {
    file: f.file,
    rowLabels: f.index,
    colLabels: f.columns.map((c) => c.labels),
    data,
    lines: f.index.map((_, r) => r + 1),
  };
}
