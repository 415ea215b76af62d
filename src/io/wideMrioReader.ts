import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type AssembleOptions, assembleMrio } from '../mrio/construct.ts';
import { MrioError } from '../mrio/errors.ts';
import {
  type Mrio,
  PRECURSORS,
  type Precursor,
  type SatelliteAccount,
  type SatelliteKind,
} from '../mrio/model.ts';
import { scanDelimited } from './delimitedText.ts';
import { clipEcho, InputError } from './inputError.ts';
import { checkOrder, type LabelledTable, mrioTablesLayout, readLabelledTable } from './labelledTable.ts';
import { requireFile, requireFolder } from './textFile.ts';
import { cellNumber, cellText, columnLetter, readWorkbookSheets, type SheetRows } from './workbookSheets.ts';

/**
 * The wide labelled layout (docs/formats.md §7): the matrices as a spreadsheet user keeps them,
 * one table per CSV file of a folder or per worksheet of one .xlsx workbook —
 *   Z (or A with x)    2 label rows (region, sector), 2 label columns (region, sector)
 *   Y                  2 label rows (region, category), 2 label columns (region, sector)
 *   x                  optional: a header row, then region, sector, total output
 *   satellites         optional: 2 label rows (region, sector), label columns account, unit, kind
 *   primary_inputs     optional: 2 label rows (region, sector), label column input
 *   meta               optional: rows key,value — name, monetary_unit
 * Empty outer labels repeat the one to their left or above (merged cells). Numbers follow §6:
 * an empty numeric cell is an error, never 0.
 */

export const WIDE_TABLES = ['Z', 'A', 'Y', 'x', 'satellites', 'primary_inputs', 'meta'] as const;
type TableName = (typeof WIDE_TABLES)[number];

const SHAPES: Record<Exclude<TableName, 'meta'>, { nrIndex: number; nrHeader: number; what: string }> = {
  Z: {
    nrIndex: 2,
    nrHeader: 2,
    what: 'intermediate flows: label rows region, sector; label columns region, sector',
  },
  A: {
    nrIndex: 2,
    nrHeader: 2,
    what: 'technical coefficients: label rows region, sector; label columns region, sector',
  },
  Y: {
    nrIndex: 2,
    nrHeader: 2,
    what: 'final demand: label rows region, category; label columns region, sector',
  },
  x: { nrIndex: 2, nrHeader: 1, what: 'total output: a header row, then region, sector, value' },
  satellites: {
    nrIndex: 3,
    nrHeader: 2,
    what: 'satellite accounts: label rows region, sector; label columns account, unit, kind',
  },
  primary_inputs: {
    nrIndex: 1,
    nrHeader: 2,
    what: 'primary inputs: label rows region, sector; label column input',
  },
};

const KINDS: readonly SatelliteKind[] = ['income', 'income_component', 'employment', 'emission', 'other'];

/** Where the tables of a wide layout come from: a folder of CSV files or the sheets of a workbook. */
interface WideSource {
  readonly path: string;
  has(name: TableName): boolean;
  table(name: Exclude<TableName, 'meta'>): LabelledTable;
  meta(): Map<string, string>;
}

/** `name.csv` (or `name.csv.gz`) in `dir`, if present. */
function csvOf(dir: string, name: string): string | undefined {
  for (const f of [`${name}.csv`, `${name}.csv.gz`]) if (existsSync(join(dir, f))) return join(dir, f);
  return undefined;
}

function folderSource(dir: string): WideSource {
  return {
    path: dir,
    has: (name) => csvOf(dir, name) !== undefined,
    table(name) {
      const s = SHAPES[name];
      const file = csvOf(dir, name) ?? join(dir, `${name}.csv`);
      return readLabelledTable(file, {
        delimiter: ',',
        nrIndex: s.nrIndex,
        nrHeader: s.nrHeader,
        expected: `a CSV table of ${s.what}`,
        fillLabels: true,
      });
    },
    meta() {
      const out = new Map<string, string>();
      const file = csvOf(dir, 'meta');
      if (file)
        scanDelimited(file, { delimiter: ',', expected: 'a CSV of key,value rows' }, (r) => {
          if (r.count >= 2) out.set(r.text(0).trim().toLowerCase(), r.text(1).trim());
        });
      return out;
    },
  };
}

/** A sheet laid out as a labelled table (the same rules as the CSV tables of readLabelledTable). */
export function sheetToLabelledTable(
  where: string,
  rows: SheetRows,
  nrIndex: number,
  nrHeader: number,
): LabelledTable {
  const used: number[] = [];
  for (const k of rows.keys()) if (rows[k]?.some((c) => cellText(c) !== '')) used.push(k);
  if (used.length < nrHeader)
    throw new InputError(
      where,
      used.length === 0 ? 'empty sheet' : `only ${used.length} rows`,
      undefined,
      undefined,
      `${nrHeader} label rows and data`,
    );
  const headerRows = used.slice(0, nrHeader);
  let width = 0;
  for (const r of headerRows)
    rows[r].forEach((c, k) => {
      if (cellText(c) !== '') width = Math.max(width, k);
    });
  const cols = width - nrIndex;
  if (cols <= 0)
    throw new InputError(where, 'no data columns', headerRows[0], undefined, `more than ${nrIndex} columns`);
  const colLabels: string[][] = [];
  for (let c = 0; c < cols; c++) colLabels.push(headerRows.map((r) => cellText(rows[r][nrIndex + 1 + c])));
  for (let level = 0; level < nrHeader - 1; level++)
    for (let c = 1; c < cols; c++)
      if (colLabels[c][level] === '') colLabels[c][level] = colLabels[c - 1][level];
  let body = used.slice(nrHeader);
  // pandas' row of index names: labels only.
  if (body.length > 0) {
    const first = rows[body[0]];
    let names = true;
    for (let c = nrIndex + 1; c <= width && names; c++) if (cellText(first[c]) !== '') names = false;
    if (names) body = body.slice(1);
  }
  if (body.length === 0)
    throw new InputError(where, 'no data rows', undefined, undefined, 'at least one data row');
  const data = new Float64Array(body.length * cols);
  const rowLabels: string[][] = [];
  body.forEach((r, k) => {
    const row = rows[r];
    for (let c = width + 1; c < row.length; c++)
      if (cellText(row[c]) !== '')
        throw new InputError(
          where,
          'a cell beyond the labelled columns',
          r,
          columnLetter(c),
          `${width} columns as in the label rows`,
        );
    const labels: string[] = [];
    for (let c = 1; c <= nrIndex; c++) {
      let l = cellText(row[c]);
      if (l === '' && c < nrIndex && k > 0) l = rowLabels[k - 1][c - 1];
      labels.push(l);
    }
    rowLabels.push(labels);
    for (let c = 0; c < cols; c++)
      data[k * cols + c] = cellNumber(where, row[nrIndex + 1 + c], r, nrIndex + 1 + c, 'error');
  });
  return { file: where, rowLabels, colLabels, data, lines: body };
}

async function workbookSource(path: string): Promise<WideSource> {
  let sheets: Map<string, SheetRows>;
  try {
    ({ sheets } = await readWorkbookSheets(
      path,
      (names) => new Set(names.filter((n) => (WIDE_TABLES as readonly string[]).includes(n))),
    ));
  } catch (e) {
    throw new InputError(path, `cannot read as xlsx (${(e as Error).message})`);
  }
  const where = (name: string) => `${path}, sheet '${name}'`;
  return {
    path,
    has: (name) => sheets.has(name),
    table(name) {
      const s = SHAPES[name];
      return sheetToLabelledTable(where(name), sheets.get(name) ?? [], s.nrIndex, s.nrHeader);
    },
    meta() {
      const out = new Map<string, string>();
      for (const row of sheets.get('meta') ?? [])
        if (row) out.set(cellText(row[1]).toLowerCase(), cellText(row[2]));
      return out;
    },
  };
}

/** Reads the wide layout from a folder of CSV files. */
export function readWideFolder(dir: string, options: AssembleOptions = {}): Mrio {
  requireFolder(dir, 'a folder with Z.csv (or A.csv and x.csv) and Y.csv');
  return assembleWide(folderSource(dir), basename(dir), options);
}

/** Reads the wide layout from the sheets Z (or A and x), Y, … of an .xlsx workbook. */
export async function readWideWorkbook(path: string, options: AssembleOptions = {}): Promise<Mrio> {
  requireFile(path, 'an .xlsx workbook with sheets Z (or A and x) and Y');
  return assembleWide(await workbookSource(path), basename(path).replace(/\.xlsx$/i, ''), options);
}

/** Reads the wide layout from a CSV folder or an .xlsx workbook. */
export async function readWide(path: string, options: AssembleOptions = {}): Promise<Mrio> {
  return /\.xlsx$/i.test(path) ? readWideWorkbook(path, options) : readWideFolder(path, options);
}

function assembleWide(src: WideSource, fallbackName: string, options: AssembleOptions): Mrio {
  const fromA = !src.has('Z') && src.has('A');
  if (!src.has('Z') && !fromA)
    throw new InputError(
      src.path,
      'no table Z (or A)',
      undefined,
      undefined,
      'Z.csv or a sheet Z (or A with x), and Y',
    );
  if (!src.has('Y'))
    throw new InputError(src.path, 'no table Y', undefined, undefined, 'Y.csv or a sheet Y (final demand)');
  const notes: string[] = [];
  const Zt = src.table(fromA ? 'A' : 'Z');
  const Yt = src.table('Y');
  const { regions, sectors, categories, Z, x } = mrioTablesLayout(
    Zt,
    Yt,
    src.has('x') ? src.table('x') : undefined,
    fromA,
    () =>
      new InputError(
        src.path,
        'A without x: Z = A·diag(x) needs total output',
        undefined,
        undefined,
        'a table x beside A',
      ),
  );
  if (fromA) notes.push(`${Zt.file}: Z = A·diag(x) from the technical coefficients and total output x`);
  const G = regions.length;
  const n = G * sectors.length;
  const meta = src.meta();
  const warnings: string[] = [];
  const monetaryUnit = meta.get('monetary_unit') ?? meta.get('monetaryunit') ?? meta.get('unit');
  if (!monetaryUnit) warnings.push('no monetary_unit in meta: monetary unit unknown');
  const satellites = src.has('satellites') ? wideSatellites(src.table('satellites'), regions, sectors) : [];
  const primaryInputs: { name: string; values: Float64Array }[] = [];
  if (src.has('primary_inputs')) {
    const pt = src.table('primary_inputs');
    checkOrder(pt.file, pt.colLabels, 'column', regions, sectors);
    pt.rowLabels.forEach((l, k) => {
      primaryInputs.push({ name: l[0], values: pt.data.slice(k * n, (k + 1) * n) });
    });
  }
  try {
    return assembleMrio(
      {
        name: meta.get('name') || fallbackName,
        regions,
        sectors,
        monetaryUnit: monetaryUnit || 'unknown',
        Z: { rows: n, cols: n, data: Z },
        categories,
        Y: { rows: n, cols: G * categories.length, data: Yt.data },
        ...(x ? { x } : {}),
        satellites,
        ...(primaryInputs.length > 0 ? { primaryInputs } : {}),
        warnings,
        ...(notes.length > 0 ? { notes } : {}),
      },
      options,
    );
  } catch (e) {
    if (e instanceof MrioError) throw new InputError(src.path, e.message);
    throw e;
  }
}

/** Satellite rows (account, unit, kind): kind empty = other; an emission account named like a precursor feeds it. */
function wideSatellites(t: LabelledTable, regions: string[], sectors: string[]): SatelliteAccount[] {
  checkOrder(t.file, t.colLabels, 'column', regions, sectors);
  const n = regions.length * sectors.length;
  const seen = new Set<string>();
  return t.rowLabels.map(([name, unit, kindText], k) => {
    if (name === '') throw new InputError(t.file, 'empty account name', t.lines[k], 1, 'an account name');
    if (seen.has(name))
      throw new InputError(
        t.file,
        `account ${clipEcho(name)} given twice`,
        t.lines[k],
        1,
        'one row per account',
      );
    seen.add(name);
    const kind = (kindText === '' ? 'other' : kindText) as SatelliteKind;
    if (!KINDS.includes(kind))
      throw new InputError(t.file, `kind ${clipEcho(kindText)}`, t.lines[k], 3, KINDS.join(' | '));
    const precursor =
      kind === 'emission' && (PRECURSORS as readonly string[]).includes(name)
        ? (name as Precursor)
        : undefined;
    return {
      name,
      unit: unit === '' ? 'unknown' : unit,
      kind,
      values: t.data.slice(k * n, (k + 1) * n),
      ...(precursor ? { precursor } : {}),
    };
  });
}
