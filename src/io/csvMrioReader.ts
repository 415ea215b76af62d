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
import { readCsvRecords } from './csvFile.ts';
import { decimalAt } from './decimalNumber.ts';
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

  const zf = readCsvRecords(join(dir, 'Z.csv'), [
    'from_region',
    'from_sector',
    'to_region',
    'to_sector',
    'value',
  ]);
  const Z = new Float64Array(n * n);
  const seenZ = new Map<number, number>();
  zf.rows.forEach((_, k) => {
    const key = cell(zf, k, 'from_region', 'from_sector') * n + cell(zf, k, 'to_region', 'to_sector');
    once(zf, seenZ, key, k, 'entry');
    Z[key] = value(zf, k);
  });

  const yf = readCsvRecords(join(dir, 'final_demand.csv'), [
    'from_region',
    'from_sector',
    'to_region',
    'category',
    'value',
  ]);
  const categories: string[] = [];
  for (const row of yf.rows) {
    const c = (row.category ?? '').trim();
    if (c !== '' && !categories.includes(c)) categories.push(c);
  }
  if (categories.length === 0)
    throw new InputError(yf.file, 'no final-demand rows', 2, 'category', 'at least one category');
  const K = categories.length;
  const Y = new Float64Array(n * G * K);
  const seenY = new Map<number, number>();
  yf.rows.forEach((row, k) => {
    const c = categories.indexOf((row.category ?? '').trim());
    if (c < 0) throw new InputError(yf.file, 'empty category', yf.lines[k], 'category', 'a category name');
    const key =
      cell(yf, k, 'from_region', 'from_sector') * G * K + lookup(yf, k, 'to_region', rIdx, 'region') * K + c;
    once(yf, seenY, key, k, 'entry');
    Y[key] = value(yf, k);
  });

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
