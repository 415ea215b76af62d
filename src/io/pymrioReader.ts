import { existsSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { type AssembleOptions, assembleMrio } from '../mrio/construct.ts';
import { MrioError } from '../mrio/errors.ts';
import type { Mrio, SatelliteAccount } from '../mrio/model.ts';
import { decimalAt, parseDecimal } from './decimalNumber.ts';
import { clipEcho, InputError } from './inputError.ts';
import { readInputJson, readInputText, requireFinalLineBreak, requireFolder } from './textFile.ts';

/** A pymrio text table: `nrIndex` label columns, `nrHeader` label rows, numbers elsewhere. */
export interface PymrioTable {
  readonly file: string;
  readonly rowLabels: readonly (readonly string[])[];
  readonly colLabels: readonly (readonly string[])[];
  readonly data: Float64Array; // rows × cols, row-major
  /** 1-based line number of each data row in the file, for error messages. */
  readonly lines: readonly number[];
}

/** A tab-separated text file of the folder: strict UTF-8, ending with a line break (pandas always writes one). */
function readText(file: string, expected: string): string {
  const text = readInputText(file, expected, '\t');
  requireFinalLineBreak(text, file);
  return text;
}

/**
 * Reads a tab-separated pymrio table as written by pandas: `nrHeader` header rows (the first
 * `nrIndex` fields name the column levels), optionally a row of index names with no numbers,
 * then one row per index entry. Every data field must be a finite number.
 */
export function readPymrioTable(file: string, nrIndex: number, nrHeader: number): PymrioTable {
  const lines = readText(file, 'a tab-separated pymrio table')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < nrHeader + 1)
    throw new InputError(
      file,
      `only ${lines.length} lines`,
      undefined,
      undefined,
      `${nrHeader} header rows and data`,
    );
  const header = lines.slice(0, nrHeader).map((l) => l.split('\t'));
  const width = header[0].length;
  const cols = width - nrIndex;
  if (cols <= 0) throw new InputError(file, 'no data columns', 1, undefined, `more than ${nrIndex} fields`);
  header.forEach((h, k) => {
    if (h.length !== width)
      throw new InputError(
        file,
        `header row has ${h.length} fields`,
        k + 1,
        undefined,
        `${width} like row 1`,
      );
  });
  const colLabels: string[][] = [];
  for (let c = 0; c < cols; c++) colLabels.push(header.map((h) => h[nrIndex + c].trim()));
  let start = nrHeader;
  // pandas writes a row of index names (e.g. 'region  sector  <empty…>') after the header.
  const maybeNames = lines[start]?.split('\t');
  if (maybeNames?.slice(nrIndex).every((f) => f.trim() === '')) start++;
  const rowLabels: string[][] = [];
  const lineNo: number[] = [];
  const values: number[] = [];
  for (let k = start; k < lines.length; k++) {
    if (lines[k].trim() === '') continue;
    const f = lines[k].split('\t');
    // pandas may leave a trailing tab; tolerate one empty extra field.
    if (f.length === width + 1 && f[width] === '') f.pop();
    if (f.length !== width)
      throw new InputError(
        file,
        `row has ${f.length} fields`,
        k + 1,
        undefined,
        `${width} (${nrIndex} labels + ${cols} numbers)`,
      );
    rowLabels.push(f.slice(0, nrIndex).map((s) => s.trim()));
    lineNo.push(k + 1);
    for (let c = 0; c < cols; c++) {
      values.push(decimalAt(f[nrIndex + c], file, k + 1, nrIndex + c + 1));
    }
  }
  if (rowLabels.length === 0)
    throw new InputError(file, 'no data rows', undefined, undefined, 'at least one data row');
  return { file, rowLabels, colLabels, data: Float64Array.from(values), lines: lineNo };
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

function table(dir: string, p: FileParameters, key: string): PymrioTable | undefined {
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
  return readPymrioTable(join(dir, e.name), e.nrIndex, e.nrHeader);
}

/** Region-major (region, sector) labels, checked against the order regions × sectors. */
function labelOrder(
  file: string,
  labels: readonly (readonly string[])[],
  what: 'row' | 'column',
  lines?: readonly number[],
) {
  const regions: string[] = [];
  const sectors: string[] = [];
  for (const l of labels) {
    if (l.length < 2)
      throw new InputError(
        file,
        `${what} labels have ${l.length} levels`,
        undefined,
        undefined,
        '(region, sector)',
      );
    if (!regions.includes(l[0])) regions.push(l[0]);
    // Sectors: those of the first region, in order; the rest is checked against them.
    if (l[0] === regions[0] && regions.length === 1 && !sectors.includes(l[1])) sectors.push(l[1]);
  }
  return {
    regions,
    sectors,
    check: (G: string[], N: string[]) => checkOrder(file, labels, what, G, N, lines),
  };
}

function checkOrder(
  file: string,
  labels: readonly (readonly string[])[],
  what: 'row' | 'column',
  regions: readonly string[],
  second: readonly string[],
  lines?: readonly number[],
): void {
  const n = regions.length * second.length;
  if (labels.length !== n)
    throw new InputError(
      file,
      `${labels.length} ${what}s`,
      undefined,
      undefined,
      `${n} (${regions.length} regions × ${second.length})`,
    );
  labels.forEach((l, k) => {
    const r = regions[Math.floor(k / second.length)];
    const s = second[k % second.length];
    if (l[0] !== r || l[1] !== s) {
      const msg = `${what} ${k + 1} is ${clipEcho(`${l[0]} / ${l[1]}`)}`;
      const exp = `${clipEcho(`${r} / ${s}`)} (region-major order)`;
      throw what === 'row'
        ? new InputError(file, msg, lines?.[k], undefined, exp)
        : new InputError(file, msg, undefined, k + 1, exp);
    }
  });
}

function asInputError(dir: string, e: unknown): never {
  if (e instanceof MrioError) throw new InputError(dir, e.message);
  throw e;
}

/**
 * Reads a pymrio text folder (IOSystem.save_all(format='txt')): Z.txt, Y.txt, optional x.txt and
 * unit.txt, and every extension sub-folder (file_parameters.json with F.txt, optional F_Y.txt,
 * unit.txt). Each extension row becomes one satellite account named by its row labels
 * ('stressor/compartment'); F_Y is summed over categories into `direct`.
 */
export function readPymrioFolder(dir: string, options: AssembleOptions = {}): Mrio {
  requireFolder(dir, 'a pymrio text folder with file_parameters.json');
  const p = readParameters(dir);
  const Zt = table(dir, p, 'Z');
  const Yt = table(dir, p, 'Y');
  if (!Zt || !Yt)
    throw new InputError(
      join(dir, 'file_parameters.json'),
      'no Z or no Y entry',
      undefined,
      'files',
      'entries Z and Y',
    );
  const rows = labelOrder(Zt.file, Zt.rowLabels, 'row', Zt.lines);
  const { regions, sectors } = rows;
  rows.check(regions, sectors);
  checkOrder(Zt.file, Zt.colLabels, 'column', regions, sectors);
  const G = regions.length;
  const N = sectors.length;
  const n = G * N;
  checkOrder(Yt.file, Yt.rowLabels, 'row', regions, sectors, Yt.lines);
  const categories: string[] = [];
  for (const l of Yt.colLabels) if (!categories.includes(l[1] ?? '')) categories.push(l[1] ?? '');
  checkOrder(Yt.file, Yt.colLabels, 'column', regions, categories);
  const warnings: string[] = [];
  let x: Float64Array | undefined;
  const xt = table(dir, p, 'x');
  if (xt) {
    checkOrder(xt.file, xt.rowLabels, 'row', regions, sectors, xt.lines);
    if (xt.colLabels.length !== 1)
      throw new InputError(xt.file, `${xt.colLabels.length} columns`, undefined, undefined, '1');
    x = xt.data;
  }
  let monetaryUnit = 'unknown';
  const ut = p.files.unit;
  if (ut) {
    const units = readText(join(dir, ut.name), 'a tab-separated unit table')
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/\r$/, '').split('\t'))
      .filter((f) => f.length > 1)
      .map((f) => f[f.length - 1].trim());
    const uniq = [...new Set(units)];
    if (uniq.length > 0) monetaryUnit = uniq[0];
    if (uniq.length > 1) warnings.push(`${ut.name}: several units (${uniq.join(', ')}); using '${uniq[0]}'`);
  } else warnings.push('no unit.txt: monetary unit unknown');

  const satellites: SatelliteAccount[] = [];
  const subdirs = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'file_parameters.json')))
    .sort();
  for (const d of subdirs) {
    const ed = join(dir, d);
    const ep = readParameters(ed);
    if (ep.systemtype && ep.systemtype !== 'Extension') continue;
    const Ft = table(ed, ep, 'F');
    if (!Ft) {
      warnings.push(`extension '${d}': no F table, skipped`);
      continue;
    }
    checkOrder(Ft.file, Ft.colLabels, 'column', regions, sectors);
    const FYt = table(ed, ep, 'F_Y');
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
    if (ep.files.unit) {
      const nIdx = ep.files.unit.nrIndex;
      readText(join(ed, ep.files.unit.name), 'a tab-separated unit table')
        .split('\n')
        .slice(1)
        .map((l) => l.replace(/\r$/, '').split('\t'))
        .filter((f) => f.length > nIdx)
        .forEach((f) => {
          units.set(
            f
              .slice(0, nIdx)
              .map((s) => s.trim())
              .join('/'),
            f[nIdx].trim(),
          );
        });
    }
    const extName = ep.name ?? basename(ed);
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
  try {
    return assembleMrio(
      {
        name: basename(dir),
        regions,
        sectors,
        monetaryUnit,
        Z: { rows: n, cols: n, data: Zt.data },
        categories,
        Y: { rows: n, cols: G * categories.length, data: Yt.data },
        ...(x ? { x } : {}),
        satellites,
        warnings,
      },
      options,
    );
  } catch (e) {
    asInputError(dir, e);
  }
}
