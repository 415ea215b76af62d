// Test scripts that write an Mrio in the layouts vchain reads but has no writer for yet: the wide
// labelled CSV layout (as pandas' DataFrame.to_csv writes a multi-indexed frame) and pymrio's
// save_all(table_format='parquet') folder (as pandas' DataFrame.to_parquet with pyarrow writes it:
// index levels as trailing columns, multi-level column names as Python tuple text, the `pandas`
// key-value metadata), written with hyparquet-writer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { exactDecimal } from '../../src/io/exactText.ts';
import { csvLine } from '../../src/io/tidyCsv.ts';
import type { Mrio } from '../../src/mrio/model.ts';

const num = (v: number) => exactDecimal(v, () => 'value');

/** Writes `lines` (each ending with a line break) to dir/name. */
function put(dir: string, name: string, lines: string[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
}

/** Header rows and the row of index names of a two-level labelled CSV, as pandas writes them. */
function wideHeader(
  level0: string,
  level1: string,
  cols: readonly [string, string][],
  labels: number,
): string[] {
  const pad = Array<string>(labels - 1).fill('');
  return [
    csvLine([level0, ...pad, ...cols.map((c) => c[0])]),
    csvLine([level1, ...pad, ...cols.map((c) => c[1])]),
    csvLine([
      ...(labels === 3 ? ['account', 'unit', 'kind'] : labels === 2 ? ['region', 'sector'] : ['input']),
      ...cols.map(() => ''),
    ]),
  ];
}

/** The wide layout (docs/formats.md §7) of `m` as a folder of CSV files. */
export function writeWideFolder(m: Mrio, dir: string): void {
  const { regions, sectors } = m;
  const G = regions.length;
  const N = sectors.length;
  const n = G * N;
  const cats = m.finalDemand.categories;
  const K = cats.length;
  const rs: [string, string][] = [];
  for (const r of regions) for (const s of sectors) rs.push([r, s]);
  const rc: [string, string][] = [];
  for (const r of regions) for (const c of cats) rc.push([r, c]);
  const rows = (data: Float64Array, cols: number) =>
    rs.map((l, i) => `${csvLine(l)},${Array.from(data.subarray(i * cols, (i + 1) * cols), num).join(',')}`);
  put(dir, 'Z.csv', [...wideHeader('region', 'sector', rs, 2), ...rows(m.Z.data, n)]);
  put(dir, 'Y.csv', [...wideHeader('region', 'category', rc, 2), ...rows(m.finalDemand.Y.data, G * K)]);
  put(dir, 'x.csv', ['region,sector,x', ...rs.map((l, i) => `${csvLine(l)},${num(m.x[i])}`)]);
  if (m.satellites.length > 0)
    put(dir, 'satellites.csv', [
      ...wideHeader('region', 'sector', rs, 3),
      ...m.satellites.map(
        (s) => `${csvLine([s.name, s.unit, s.kind])},${Array.from(s.values, num).join(',')}`,
      ),
    ]);
  put(dir, 'meta.csv', ['key,value', csvLine(['name', m.name]), csvLine(['monetary_unit', m.monetaryUnit])]);
}

/** Python's repr() of a str (the text pyarrow stores for a multi-level column name). */
export function pythonRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
      out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}

const tupleName = (labels: readonly string[]) =>
  labels.length === 1 ? `(${pythonRepr(labels[0])},)` : `(${labels.map(pythonRepr).join(', ')})`;

interface Frame {
  indexNames: string[];
  index: string[][]; // per row
  columnNames: string[]; // column level names
  /** Numbers (a plain array may hold null: pandas' NaN as pyarrow stores it) or text. */
  columns: { labels: string[]; values: Float64Array | (number | null)[] | string[] }[];
}

/** A DataFrame as pandas.to_parquet (pyarrow) lays it out, returned as bytes. */
export function pandasParquet(f: Frame): Uint8Array {
  const multi = f.columnNames.length > 1;
  const numeric = (v: Frame['columns'][number]['values']) =>
    v instanceof Float64Array || typeof (v as unknown[]).find((x) => x !== null) === 'number';
  const fieldName = (labels: string[]) => (multi ? tupleName(labels) : labels[0]);
  const unicode = (name: string) => ({
    name,
    field_name: name,
    pandas_type: 'unicode',
    numpy_type: 'object',
    metadata: null,
  });
  const pandas = {
    index_columns: f.indexNames,
    column_indexes: f.columnNames.map((name) => ({ ...unicode(name), field_name: name })),
    columns: [
      ...f.columns.map((c) => {
        const name = fieldName(c.labels);
        return numeric(c.values)
          ? { name, field_name: name, pandas_type: 'float64', numpy_type: 'float64', metadata: null }
          : unicode(name);
      }),
      ...f.indexNames.map(unicode),
    ],
    creator: { library: 'pyarrow', version: '(written by vchain tests with hyparquet-writer)' },
    pandas_version: '2.2.3',
  };
  const columnData = [
    ...f.columns.map((c) =>
      numeric(c.values)
        ? { name: fieldName(c.labels), data: c.values, type: 'DOUBLE' as const, nullable: true }
        : { name: fieldName(c.labels), data: c.values, type: 'STRING' as const, nullable: true },
    ),
    ...f.indexNames.map((name, k) => ({
      name,
      data: f.index.map((l) => l[k]),
      type: 'STRING' as const,
      nullable: true,
    })),
  ];
  const buf = parquetWriteBuffer({
    columnData,
    kvMetadata: [{ key: 'pandas', value: JSON.stringify(pandas) }],
  });
  return new Uint8Array(buf);
}

/** Column j of a row-major rows × cols matrix. */
const column = (data: Float64Array, rows: number, cols: number, j: number) => {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = data[i * cols + j];
  return out;
};

/** `m` as the folder pymrio's IOSystem.save_all(path, table_format='parquet') writes. */
export function writePymrioParquetFolder(m: Mrio, dir: string): void {
  const { regions, sectors } = m;
  const G = regions.length;
  const N = sectors.length;
  const n = G * N;
  const cats = m.finalDemand.categories;
  const rs: string[][] = [];
  for (const r of regions) for (const s of sectors) rs.push([r, s]);
  const rc: string[][] = [];
  for (const r of regions) for (const c of cats) rc.push([r, c]);
  mkdirSync(dir, { recursive: true });
  const write = (path: string, f: Frame) => writeFileSync(join(dir, path), pandasParquet(f));
  const matrix = (data: Float64Array, cols: string[][]) =>
    cols.map((labels, j) => ({ labels, values: column(data, n, cols.length, j) }));
  write('Z.parquet', {
    indexNames: ['region', 'sector'],
    index: rs,
    columnNames: ['region', 'sector'],
    columns: matrix(m.Z.data, rs),
  });
  write('Y.parquet', {
    indexNames: ['region', 'sector'],
    index: rs,
    columnNames: ['region', 'category'],
    columns: matrix(m.finalDemand.Y.data, rc),
  });
  write('x.parquet', {
    indexNames: ['region', 'sector'],
    index: rs,
    columnNames: [''],
    columns: [{ labels: ['indout'], values: Float64Array.from(m.x) }],
  });
  write('unit.parquet', {
    indexNames: ['region', 'sector'],
    index: rs,
    columnNames: [''],
    columns: [{ labels: ['unit'], values: rs.map(() => m.monetaryUnit) }],
  });
  const entry = (name: string, nrIndex: number, nrHeader: number) => ({
    name,
    nr_index_col: String(nrIndex),
    nr_header: String(nrHeader),
  });
  writeFileSync(
    join(dir, 'file_parameters.json'),
    JSON.stringify({
      files: {
        Z: entry('Z.parquet', 2, 2),
        Y: entry('Y.parquet', 2, 2),
        x: entry('x.parquet', 2, 1),
        unit: entry('unit.parquet', 2, 1),
      },
      systemtype: 'IOSystem',
    }),
  );
  if (m.satellites.length === 0) return;
  const ext = join(dir, 'satellites');
  mkdirSync(ext, { recursive: true });
  const F = new Float64Array(m.satellites.length * n);
  m.satellites.forEach((s, k) => {
    F.set(s.values, k * n);
  });
  const stressors = m.satellites.map((s) => [s.name]);
  writeFileSync(
    join(ext, 'F.parquet'),
    pandasParquet({
      indexNames: ['stressor'],
      index: stressors,
      columnNames: ['region', 'sector'],
      columns: rs.map((labels, j) => ({ labels, values: column(F, m.satellites.length, n, j) })),
    }),
  );
  writeFileSync(
    join(ext, 'unit.parquet'),
    pandasParquet({
      indexNames: ['stressor'],
      index: stressors,
      columnNames: [''],
      columns: [{ labels: ['unit'], values: m.satellites.map((s) => s.unit) }],
    }),
  );
  writeFileSync(
    join(ext, 'file_parameters.json'),
    JSON.stringify({
      files: { F: entry('F.parquet', 1, 2), unit: entry('unit.parquet', 1, 1) },
      systemtype: 'Extension',
      name: 'satellites',
    }),
  );
}
