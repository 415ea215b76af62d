import { existsSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { type AssembleOptions, assembleMrio } from '../mrio/construct.ts';
import { MrioError } from '../mrio/errors.ts';
import type { Mrio, SatelliteAccount } from '../mrio/model.ts';
import { parseDecimal } from './decimalNumber.ts';
import { scanDelimited } from './delimitedText.ts';
import { clipEcho, InputError } from './inputError.ts';
import { checkOrder, type LabelledTable, mrioTablesLayout, readLabelledTable } from './labelledTable.ts';
import { frameToLabelledTable, type ParquetFrame, readParquetFrame } from './parquetTable.ts';
import { readInputJson, requireFolder } from './textFile.ts';

/** A pymrio table: `nrIndex` label columns, `nrHeader` label rows, numbers elsewhere. */
export type PymrioTable = LabelledTable;

const PARQUET = /\.(parquet|parq|par)$/i;

/**
 * Reads a tab-separated pymrio table as written by pandas: `nrHeader` header rows (the first
 * `nrIndex` fields name the column levels), optionally a row of index names with no numbers,
 * then one row per index entry. Every data field must be a finite number. `.gz` files are read
 * decompressed (pandas writes and reads them by that name). `square`: Z or A, storage sized for
 * as many rows as columns.
 */
export function readPymrioTable(
  file: string,
  nrIndex: number,
  nrHeader: number,
  square = false,
): PymrioTable {
  return readLabelledTable(file, {
    delimiter: '\t',
    nrIndex,
    nrHeader,
    expected: 'a tab-separated pymrio table',
    ...(square ? { expectedRows: (cols: number) => cols } : {}),
  });
}

/** Rows of a unit table (labels…, unit) as text fields, header rows skipped. */
function readUnitRows(file: string, nrHeader: number): string[][] {
  const rows: string[][] = [];
  let seen = 0;
  scanDelimited(file, { delimiter: '\t', expected: 'a tab-separated unit table' }, (r) => {
    if (seen++ < nrHeader) return;
    const f: string[] = [];
    for (let k = 0; k < r.count; k++) f.push(r.text(k));
    rows.push(f);
  });
  return rows;
}

interface FileEntry {
  readonly name: string;
  readonly nrIndex: number;
  readonly nrHeader: number;
}
interface FileParameters {
  readonly file: string;
  readonly files: Readonly<Record<string, FileEntry>>;
  readonly systemtype?: string;
  readonly name?: string;
}

const PARAMETERS_EXPECTED =
  'pymrio file_parameters.json: {"files": {"Z": {"name": "Z.txt", "nr_index_col": "2", "nr_header": "2"}, …}}';

/** file_parameters.json, every field checked (a missing or mistyped one is named, never a TypeError). */
function readParameters(dir: string): FileParameters {
  const file = join(dir, 'file_parameters.json');
  const p = readInputJson(file, PARAMETERS_EXPECTED);
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(p))
    throw new InputError(file, 'not a JSON object', undefined, undefined, PARAMETERS_EXPECTED);
  if (!isObject(p.files))
    throw new InputError(
      file,
      `'files' is ${p.files === null ? 'null' : typeof p.files}`,
      undefined,
      'files',
      'an object of table entries',
    );
  const files: Record<string, FileEntry> = {};
  for (const [key, e] of Object.entries(p.files)) {
    const at = `files.${key}`;
    if (!isObject(e))
      throw new InputError(
        file,
        `'${at}' is not an object`,
        undefined,
        at,
        '{"name", "nr_index_col", "nr_header"}',
      );
    const name = e.name;
    if (typeof name !== 'string' || name === '' || isAbsolute(name) || name.split(/[\\/]/).includes('..'))
      throw new InputError(
        file,
        `'${at}.name' is ${clipEcho(JSON.stringify(name) ?? 'missing')}`,
        undefined,
        `${at}.name`,
        'the name of a file inside the folder',
      );
    const count = (field: string): number => {
      const v = e[field];
      const x = typeof v === 'number' ? v : typeof v === 'string' ? parseDecimal(v) : undefined;
      if (x === undefined || !Number.isInteger(x) || x < 0 || x > 64)
        throw new InputError(
          file,
          `'${at}.${field}' is ${clipEcho(JSON.stringify(v) ?? 'missing')}`,
          undefined,
          `${at}.${field}`,
          'a whole number 0–64 (a number or a string of digits)',
        );
      return x;
    };
    files[key] = { name, nrIndex: count('nr_index_col'), nrHeader: count('nr_header') };
  }
  const str = (v: unknown, key: string): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string')
      throw new InputError(file, `'${key}' is not a string`, undefined, key, 'a string');
    return v;
  };
  return { file, files, systemtype: str(p.systemtype, 'systemtype'), name: str(p.name, 'name') };
}

/**
 * Where the folder's tables come from: text tables are read when asked for; Parquet frames were
 * read beforehand (hyparquet is asynchronous) and are looked up by path.
 */
interface TableSource {
  readonly frames: ReadonlyMap<string, ParquetFrame>;
}

function entryOf(p: FileParameters, key: string): FileEntry | undefined {
  const e = p.files[key];
  if (!e) return undefined;
  if (e.nrIndex < 1 || e.nrHeader < 1)
    throw new InputError(
      p.file,
      `'files.${key}' has ${e.nrIndex} index columns and ${e.nrHeader} header rows`,
      undefined,
      `files.${key}`,
      'at least one of each',
    );
  return e;
}

function table(dir: string, p: FileParameters, key: string, src: TableSource): PymrioTable | undefined {
  const e = entryOf(p, key);
  if (!e) return undefined;
  const file = join(dir, e.name);
  if (PARQUET.test(e.name)) {
    const frame = src.frames.get(file);
    if (!frame)
      throw new InputError(
        file,
        'is a Parquet table',
        undefined,
        undefined,
        'the asynchronous reader (readPymrioFolderAsync)',
      );
    return frameToLabelledTable(frame, e.nrIndex, e.nrHeader);
  }
  return readPymrioTable(file, e.nrIndex, e.nrHeader, key === 'Z' || key === 'A');
}

/** The unit table of a folder as rows of (labels…, unit). */
function unitRows(dir: string, e: FileEntry, src: TableSource): string[][] {
  const file = join(dir, e.name);
  if (PARQUET.test(e.name)) {
    const f = src.frames.get(file);
    if (!f) return [];
    const unit = f.columns.find((c) => c.labels[c.labels.length - 1] === 'unit') ?? f.columns[0];
    return f.index.map((labels, r) => [...labels, String(unit?.values[r] ?? '')]);
  }
  return readUnitRows(file, e.nrHeader);
}

function asInputError(dir: string, e: unknown): never {
  if (e instanceof MrioError) throw new InputError(dir, e.message);
  throw e;
}

/** Parquet tables named by the folder's (and its extensions') file_parameters.json, read up front. */
async function readParquetFrames(dir: string): Promise<Map<string, ParquetFrame>> {
  const frames = new Map<string, ParquetFrame>();
  const folders = [dir, ...extensionFolders(dir)];
  for (const d of folders) {
    const p = readParameters(d);
    for (const e of Object.values(p.files)) {
      if (!PARQUET.test(e.name)) continue;
      const file = join(d, e.name);
      frames.set(file, await readParquetFrame(file, 'a Parquet table written by pandas (pymrio save_all)'));
    }
  }
  return frames;
}

function extensionFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'file_parameters.json')))
    .sort()
    .map((d) => join(dir, d));
}

/**
 * Reads a pymrio folder (IOSystem.save_all) whose tables are text (`table_format='txt'`, also
 * gzip-compressed `.txt.gz`): see readPymrioFolderAsync, which also reads Parquet tables.
 */
export function readPymrioFolder(dir: string, options: AssembleOptions = {}): Mrio {
  requireFolder(dir, 'a pymrio folder with file_parameters.json');
  return assemblePymrio(dir, { frames: new Map() }, options);
}

/**
 * Reads a pymrio folder written by IOSystem.save_all with `table_format` 'txt' (tab-separated,
 * `.gz` too) or 'parquet': Z (or A with x), Y, optional x and unit, and every extension
 * sub-folder (file_parameters.json with F, optional F_Y, unit). Each extension row becomes one
 * satellite account named by its row labels ('stressor/compartment'); F_Y is summed over
 * categories into `direct`.
 */
export async function readPymrioFolderAsync(dir: string, options: AssembleOptions = {}): Promise<Mrio> {
  requireFolder(dir, 'a pymrio folder with file_parameters.json');
  return assemblePymrio(dir, { frames: await readParquetFrames(dir) }, options);
}

/** Z from Z, or from A and x (Z = A·diag(x), pymrio's calc_Z) when the folder holds coefficients. */
function intermediateFlows(dir: string, p: FileParameters, src: TableSource, notes: string[]) {
  const Zt = table(dir, p, 'Z', src);
  if (Zt) return { Zt, fromA: false };
  const At = table(dir, p, 'A', src);
  if (!At) return undefined;
  notes.push(`${At.file}: Z = A·diag(x) from the technical coefficients and total output x`);
  return { Zt: At, fromA: true };
}

function assemblePymrio(dir: string, src: TableSource, options: AssembleOptions): Mrio {
  const p = readParameters(dir);
  const notes: string[] = [];
  const flows = intermediateFlows(dir, p, src, notes);
  const Yt = table(dir, p, 'Y', src);
  if (!flows || !Yt)
    throw new InputError(
      join(dir, 'file_parameters.json'),
      !Yt ? 'no Y entry' : 'no Z entry (and no A with x)',
      undefined,
      'files',
      'entries Z (or A and x) and Y',
    );
  const { Zt, fromA } = flows;
  const { regions, sectors, categories, Z, x } = mrioTablesLayout(
    Zt,
    Yt,
    table(dir, p, 'x', src),
    fromA,
    () =>
      new InputError(
        join(dir, 'file_parameters.json'),
        'A without x: Z = A·diag(x) needs total output',
        undefined,
        'files',
        'an x entry beside A',
      ),
  );
  const G = regions.length;
  const n = G * sectors.length;
  const warnings: string[] = [];
  let monetaryUnit = 'unknown';
  const ut = p.files.unit;
  if (ut) {
    const units = unitRows(dir, ut, src)
      .filter((f) => f.length > 1)
      .map((f) => f[f.length - 1].trim());
    const uniq = [...new Set(units)];
    if (uniq.length > 0) monetaryUnit = uniq[0];
    if (uniq.length > 1) warnings.push(`${ut.name}: several units (${uniq.join(', ')}); using '${uniq[0]}'`);
  } else warnings.push('no unit table: monetary unit unknown');

  const satellites = readExtensions(dir, src, { regions, sectors, categories, warnings });
  try {
    return assembleMrio(
      {
        name: basename(dir),
        regions,
        sectors,
        monetaryUnit,
        Z: { rows: n, cols: n, data: Z },
        categories,
        Y: { rows: n, cols: G * categories.length, data: Yt.data },
        ...(x ? { x } : {}),
        satellites,
        warnings,
        ...(notes.length > 0 ? { notes } : {}),
      },
      options,
    );
  } catch (e) {
    asInputError(dir, e);
  }
}

/** Every extension sub-folder (systemtype Extension) as satellite accounts. */
function readExtensions(
  dir: string,
  src: TableSource,
  t: { regions: string[]; sectors: string[]; categories: string[]; warnings: string[] },
): SatelliteAccount[] {
  const { regions, sectors, categories, warnings } = t;
  const G = regions.length;
  const n = G * sectors.length;
  const satellites: SatelliteAccount[] = [];
  for (const ed of extensionFolders(dir)) {
    const d = basename(ed);
    const ep = readParameters(ed);
    if (ep.systemtype && ep.systemtype !== 'Extension') continue;
    const Ft = table(ed, ep, 'F', src);
    if (!Ft) {
      warnings.push(`extension '${d}': no F table, skipped`);
      continue;
    }
    checkOrder(Ft.file, Ft.colLabels, 'column', regions, sectors);
    const FYt = table(ed, ep, 'F_Y', src);
    if (FYt) {
      checkOrder(FYt.file, FYt.colLabels, 'column', regions, categories);
      if (
        FYt.rowLabels.length !== Ft.rowLabels.length ||
        FYt.rowLabels.some((l, k) => l.join('/') !== Ft.rowLabels[k].join('/'))
      )
        throw new InputError(
          FYt.file,
          'rows differ from F.txt',
          undefined,
          undefined,
          'the same stressor rows as F.txt',
        );
    }
    const units = new Map<string, string>();
    const ue = ep.files.unit;
    if (ue) {
      const nIdx = ue.nrIndex;
      for (const f of unitRows(ed, ue, src))
        if (f.length > nIdx)
          units.set(
            f
              .slice(0, nIdx)
              .map((s) => s.trim())
              .join('/'),
            f[nIdx].trim(),
          );
    }
    const extName = ep.name ?? d;
    Ft.rowLabels.forEach((l, k) => {
      const label = l.filter((s) => s !== '').join('/');
      const name = satellites.some((s) => s.name === label) ? `${extName}:${label}` : label;
      let direct: Float64Array | undefined;
      if (FYt) {
        const K = categories.length;
        direct = new Float64Array(G);
        for (let r = 0; r < G; r++) for (let c = 0; c < K; c++) direct[r] += FYt.data[k * G * K + r * K + c];
      }
      satellites.push({
        name,
        unit: units.get(l.join('/')) ?? 'unknown',
        kind: 'other',
        values: Ft.data.slice(k * n, (k + 1) * n),
        ...(direct ? { direct } : {}),
      });
    });
  }
  return satellites;
}
