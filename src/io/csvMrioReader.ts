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
import { readCsvRecords, scanCsvRows } from './csvFile.ts';
import { decimalAt } from './decimalNumber.ts';
import { type DelimitedRecord, LabelIndex } from './delimitedText.ts';
import { clipEcho, InputError } from './inputError.ts';
import { readInputJson, requireFolder } from './textFile.ts';

/**
 * The long-format CSV layout (docs/formats.md): a folder with
 *   mrio.json           {"name", "monetaryUnit", "regions": [...], "sectors": [...]} (required)
 *   Z.csv               from_region,from_sector,to_region,to_sector,value
 *   final_demand.csv    from_region,from_sector,to_region,category,value
 *   output.csv          region,sector,value                          (optional; else Z·1 + Y·1)
 *   satellites.csv      account,unit,kind,region,sector,value[,precursor] (optional; empty sector = direct)
 *   primary_inputs.csv  input,region,sector,value                    (optional)
 * Missing (row, column) pairs are zero; a pair given twice is an error.
 */

/** A CSV of the folder as records, with the file line of each row (for messages). */
type Parsed = ReturnType<typeof readCsvRecords>;

function value(f: Parsed, k: number, col = 'value'): number {
  return decimalAt(f.rows[k][col] ?? '', f.file, f.lines[k], col);
}

function lookup(f: Parsed, k: number, col: string, index: ReadonlyMap<string, number>, what: string): number {
  const s = (f.rows[k][col] ?? '').trim();
  const i = index.get(s);
  if (i === undefined)
    throw new InputError(
      f.file,
      `unknown ${what} ${clipEcho(s)}`,
      f.lines[k],
      col,
      `one of the ${what}s in mrio.json`,
    );
  return i;
}

/** `name`, or `name.gz` when only the compressed file is there. */
function tableFile(dir: string, name: string): string {
  const plain = join(dir, name);
  return !existsSync(plain) && existsSync(`${plain}.gz`) ? `${plain}.gz` : plain;
}

const Z_COLUMNS = ['from_region', 'from_sector', 'to_region', 'to_sector', 'value'] as const;
const Y_COLUMNS = ['from_region', 'from_sector', 'to_region', 'category', 'value'] as const;

/** The label in column `col` of `r`, or an InputError naming the file, row and column. */
function labelAt(
  file: string,
  r: DelimitedRecord,
  k: number,
  col: string,
  index: LabelIndex,
  what: string,
): number {
  const i = index.find(r, k);
  if (i >= 0) return i;
  throw new InputError(
    file,
    `unknown ${what} ${clipEcho(r.text(k).trim())}`,
    r.line,
    col,
    `one of the ${what}s in mrio.json`,
  );
}

/**
 * Finds the line of the first row whose `key` equals `want` (a duplicate was met): a second pass,
 * so that the first pass keeps no per-entry line numbers.
 */
function firstLineOf(
  file: string,
  columns: readonly string[],
  key: (r: DelimitedRecord, at: Readonly<Record<string, number>>) => number,
  want: number,
): number {
  let line = 0;
  try {
    scanCsvRows(file, { expected: `a CSV with columns ${columns.join(',')}`, required: columns }, (r, at) => {
      if (key(r, at) === want) {
        line = r.line;
        throw new FoundLine();
      }
    });
  } catch (e) {
    if (!(e instanceof FoundLine)) throw e;
  }
  return line;
}
class FoundLine extends Error {}

/** Z.csv: every (row, column) pair once; absent pairs are zero (docs/formats.md §3). */
function readZ(file: string, rIdx: LabelIndex, sIdx: LabelIndex, N: number): Float64Array {
  const n = rIdx.size * N;
  // NaN marks "not given" (a read value is never NaN): duplicates are found without a second array.
  const Z = new Float64Array(n * n).fill(Number.NaN);
  const fromR = new LabelIndex(labelsOf(rIdx));
  const toR = new LabelIndex(labelsOf(rIdx));
  const fromS = new LabelIndex(labelsOf(sIdx));
  const toS = new LabelIndex(labelsOf(sIdx));
  const key = (r: DelimitedRecord, at: Readonly<Record<string, number>>) =>
    (labelAt(file, r, at.from_region, 'from_region', fromR, 'region') * N +
      labelAt(file, r, at.from_sector, 'from_sector', fromS, 'sector')) *
      n +
    labelAt(file, r, at.to_region, 'to_region', toR, 'region') * N +
    labelAt(file, r, at.to_sector, 'to_sector', toS, 'sector');
  scanCsvRows(
    file,
    { expected: `a CSV with columns ${Z_COLUMNS.join(',')}`, required: Z_COLUMNS },
    (r, at) => {
      const k = key(r, at);
      if (!Number.isNaN(Z[k])) duplicate(file, r.line, firstLineOf(file, Z_COLUMNS, key, k));
      Z[k] = r.number(at.value, 'value');
    },
  );
  for (let k = 0; k < Z.length; k++) if (Number.isNaN(Z[k])) Z[k] = 0;
  return Z;
}

function duplicate(file: string, line: number, first: number): never {
  throw new InputError(
    file,
    `entry given twice (first in row ${first})`,
    line,
    undefined,
    'one row per entry',
  );
}

/** final_demand.csv: categories in order of first appearance, the same for every region. */
function readFinalDemand(
  file: string,
  rIdx: LabelIndex,
  sIdx: LabelIndex,
  N: number,
): { Y: Float64Array; categories: string[] } {
  const G = rIdx.size;
  const n = G * N;
  const fromR = new LabelIndex(labelsOf(rIdx));
  const toR = new LabelIndex(labelsOf(rIdx));
  const fromS = new LabelIndex(labelsOf(sIdx));
  const cats = new LabelIndex();
  const categories: string[] = [];
  // Entries as (row, destination region, category index, value) until the categories are known.
  let rows = new Int32Array(1024);
  let dest = new Int32Array(1024);
  let cat = new Int32Array(1024);
  let vals = new Float64Array(1024);
  let lines = new Int32Array(1024);
  let m = 0;
  scanCsvRows(
    file,
    { expected: `a CSV with columns ${Y_COLUMNS.join(',')}`, required: Y_COLUMNS },
    (r, at) => {
      let c = cats.find(r, at.category);
      if (c < 0) {
        const name = r.text(at.category).trim();
        if (name === '') throw new InputError(file, 'empty category', r.line, 'category', 'a category name');
        c = cats.add(name);
        categories.push(name);
      }
      if (m === rows.length) {
        const grow = <T extends Int32Array | Float64Array>(a: T): T => {
          const b = new (a.constructor as new (n: number) => T)(a.length * 2);
          b.set(a);
          return b;
        };
        rows = grow(rows);
        dest = grow(dest);
        cat = grow(cat);
        vals = grow(vals);
        lines = grow(lines);
      }
      rows[m] =
        labelAt(file, r, at.from_region, 'from_region', fromR, 'region') * N +
        labelAt(file, r, at.from_sector, 'from_sector', fromS, 'sector');
      dest[m] = labelAt(file, r, at.to_region, 'to_region', toR, 'region');
      cat[m] = c;
      vals[m] = r.number(at.value, 'value');
      lines[m] = r.line;
      m++;
    },
  );
  const K = categories.length;
  const Y = new Float64Array(n * G * K).fill(Number.NaN);
  for (let e = 0; e < m; e++) {
    const k = rows[e] * G * K + dest[e] * K + cat[e];
    if (!Number.isNaN(Y[k])) {
      let first = 0;
      for (let f = 0; f < e; f++)
        if (rows[f] * G * K + dest[f] * K + cat[f] === k) {
          first = lines[f];
          break;
        }
      duplicate(file, lines[e], first);
    }
    Y[k] = vals[e];
  }
  for (let k = 0; k < Y.length; k++) if (Number.isNaN(Y[k])) Y[k] = 0;
  return { Y, categories };
}

function labelsOf(index: LabelIndex): string[] {
  return index.labels();
}

const KINDS: readonly SatelliteKind[] = ['income', 'income_component', 'employment', 'emission', 'other'];

export function readCsvMrio(dir: string, options: AssembleOptions = {}): Mrio {
  requireFolder(dir, 'a folder with mrio.json, Z.csv, final_demand.csv');
  const metaFile = join(dir, 'mrio.json');
  const metaJson = readInputJson(metaFile, 'JSON with regions, sectors, monetaryUnit');
  if (metaJson === null || typeof metaJson !== 'object' || Array.isArray(metaJson))
    throw new InputError(
      metaFile,
      'not a JSON object',
      undefined,
      undefined,
      'JSON with regions, sectors, monetaryUnit',
    );
  const meta = metaJson as { name?: unknown; monetaryUnit?: unknown; regions?: unknown; sectors?: unknown };
  const strList = (v: unknown, key: string): string[] => {
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || x.trim() === ''))
      throw new InputError(
        metaFile,
        `'${key}' is not a list of non-empty strings`,
        undefined,
        key,
        'e.g. ["R1","R2"]',
      );
    return v.map((x) => x.trim());
  };
  const regions = strList(meta.regions, 'regions');
  const sectors = strList(meta.sectors, 'sectors');
  if (typeof meta.monetaryUnit !== 'string' || meta.monetaryUnit === '')
    throw new InputError(metaFile, "'monetaryUnit' missing", undefined, 'monetaryUnit', 'e.g. "10^4 CNY"');
  const rIdx = new Map(regions.map((r, k) => [r, k]));
  const sIdx = new Map(sectors.map((s, k) => [s, k]));
  if (rIdx.size !== regions.length) throw new InputError(metaFile, 'duplicate region', undefined, 'regions');
  if (sIdx.size !== sectors.length) throw new InputError(metaFile, 'duplicate sector', undefined, 'sectors');
  const regionIndex = new LabelIndex(regions);
  const sectorIndex = new LabelIndex(sectors);
  const G = regions.length;
  const N = sectors.length;
  const n = G * N;
  const cell = (f: Parsed, k: number, rc: string, sc: string) =>
    lookup(f, k, rc, rIdx, 'region') * N + lookup(f, k, sc, sIdx, 'sector');
  const once = (f: Parsed, seen: Map<number, number>, key: number, k: number, what: string) => {
    const prev = seen.get(key);
    if (prev !== undefined)
      throw new InputError(
        f.file,
        `${what} given twice (first in row ${prev})`,
        f.lines[k],
        undefined,
        'one row per entry',
      );
    seen.set(key, f.lines[k]);
  };

  const Z = readZ(tableFile(dir, 'Z.csv'), regionIndex, sectorIndex, N);
  const { Y, categories } = readFinalDemand(tableFile(dir, 'final_demand.csv'), regionIndex, sectorIndex, N);
  const K = categories.length;

  let x: Float64Array | undefined;
  const outFile = join(dir, 'output.csv');
  if (existsSync(outFile)) {
    const of = readCsvRecords(outFile, ['region', 'sector', 'value']);
    x = new Float64Array(n);
    const seen = new Map<number, number>();
    of.rows.forEach((_, k) => {
      const key = cell(of, k, 'region', 'sector');
      once(of, seen, key, k, 'output');
      x![key] = value(of, k);
    });
    if (seen.size !== n)
      throw new InputError(
        of.file,
        `${seen.size} outputs`,
        undefined,
        undefined,
        `one per (region, sector): ${n}`,
      );
  }

  const satellites: SatelliteAccount[] = [];
  const satFile = join(dir, 'satellites.csv');
  if (existsSync(satFile)) {
    const sf = readCsvRecords(satFile, ['account', 'unit', 'kind', 'region', 'sector', 'value']);
    const acc = new Map<
      string,
      {
        unit: string;
        kind: SatelliteKind;
        precursor?: Precursor;
        values: Float64Array;
        direct?: Float64Array;
        row: number;
      }
    >();
    const seen = new Map<string, number>();
    sf.rows.forEach((row, k) => {
      const name = (row.account ?? '').trim();
      if (name === '') throw new InputError(sf.file, 'empty account', sf.lines[k], 'account');
      const unit = (row.unit ?? '').trim();
      const kind = (row.kind ?? '').trim() as SatelliteKind;
      if (!KINDS.includes(kind))
        throw new InputError(sf.file, `kind ${clipEcho(kind)}`, sf.lines[k], 'kind', KINDS.join(' | '));
      const pc = (row.precursor ?? '').trim();
      if (pc !== '' && !(PRECURSORS as readonly string[]).includes(pc))
        throw new InputError(
          sf.file,
          `precursor ${clipEcho(pc)}`,
          sf.lines[k],
          'precursor',
          PRECURSORS.join(' | '),
        );
      let a = acc.get(name);
      if (!a) {
        const precursor = (pc ||
          (kind === 'emission' && (PRECURSORS as readonly string[]).includes(name) ? name : '')) as
          | Precursor
          | '';
        a = {
          unit,
          kind,
          values: new Float64Array(n),
          row: sf.lines[k],
          ...(precursor ? { precursor } : {}),
        };
        acc.set(name, a);
      } else if (a.unit !== unit || a.kind !== kind)
        throw new InputError(
          sf.file,
          `account ${clipEcho(name)} changes unit or kind`,
          sf.lines[k],
          'unit',
          `'${a.unit}', '${a.kind}' as in row ${a.row}`,
        );
      const r = lookup(sf, k, 'region', rIdx, 'region');
      const sec = (row.sector ?? '').trim();
      const key = `${name}\u0000${r}\u0000${sec}`;
      const prev = seen.get(key);
      if (prev !== undefined)
        throw new InputError(sf.file, `entry given twice (first in row ${prev})`, sf.lines[k]);
      seen.set(key, sf.lines[k]);
      if (sec === '') {
        a.direct ??= new Float64Array(G);
        a.direct[r] = value(sf, k);
      } else a.values[r * N + lookup(sf, k, 'sector', sIdx, 'sector')] = value(sf, k);
    });
    for (const [name, a] of acc)
      satellites.push({
        name,
        unit: a.unit,
        kind: a.kind,
        values: a.values,
        ...(a.precursor ? { precursor: a.precursor } : {}),
        ...(a.direct ? { direct: a.direct } : {}),
      });
  }

  const primaryInputs: { name: string; values: Float64Array }[] = [];
  const piFile = join(dir, 'primary_inputs.csv');
  if (existsSync(piFile)) {
    const pf = readCsvRecords(piFile, ['input', 'region', 'sector', 'value']);
    const seen = new Map<string, number>();
    pf.rows.forEach((row, k) => {
      const name = (row.input ?? '').trim();
      if (name === '') throw new InputError(pf.file, 'empty input', pf.lines[k], 'input');
      let p = primaryInputs.find((q) => q.name === name);
      if (!p) primaryInputs.push((p = { name, values: new Float64Array(n) }));
      const j = cell(pf, k, 'region', 'sector');
      const key = `${name}\u0000${j}`;
      if (seen.has(key))
        throw new InputError(pf.file, `entry given twice (first in row ${seen.get(key)})`, pf.lines[k]);
      seen.set(key, pf.lines[k]);
      p.values[j] = value(pf, k);
    });
  }
  try {
    return assembleMrio(
      {
        name: typeof meta.name === 'string' && meta.name !== '' ? meta.name : basename(dir),
        regions,
        sectors,
        monetaryUnit: meta.monetaryUnit,
        Z: { rows: n, cols: n, data: Z },
        categories,
        Y: { rows: n, cols: G * K, data: Y },
        ...(x ? { x } : {}),
        satellites,
        ...(primaryInputs.length > 0 ? { primaryInputs } : {}),
      },
      options,
    );
  } catch (e) {
    if (e instanceof MrioError) throw new InputError(dir, e.message);
    throw e;
  }
}
