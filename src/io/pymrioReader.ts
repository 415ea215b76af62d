import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type AssembleOptions, assembleMrio } from '../mrio/construct.ts';
import { MrioError } from '../mrio/errors.ts';
import type { Mrio, SatelliteAccount } from '../mrio/model.ts';
import { InputError } from './inputError.ts';

/** A pymrio text table: `nrIndex` label columns, `nrHeader` label rows, numbers elsewhere. */
export interface PymrioTable {
  readonly file: string;
  readonly rowLabels: readonly (readonly string[])[];
  readonly colLabels: readonly (readonly string[])[];
  readonly data: Float64Array; // rows × cols, row-major
  /** 1-based line number of each data row in the file, for error messages. */
  readonly lines: readonly number[];
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new InputError(file, `cannot read file (${(e as Error).message})`);
  }
}

/**
 * Reads a tab-separated pymrio table as written by pandas: `nrHeader` header rows (the first
 * `nrIndex` fields name the column levels), optionally a row of index names with no numbers,
 * then one row per index entry. Every data field must be a finite number.
 */
export function readPymrioTable(file: string, nrIndex: number, nrHeader: number): PymrioTable {
  const lines = readText(file)
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
      const s = f[nrIndex + c].trim();
      const v = s === '' ? Number.NaN : Number(s);
      if (!Number.isFinite(v))
        throw new InputError(
          file,
          `value '${s}' is not a finite number`,
          k + 1,
          nrIndex + c + 1,
          'a finite number',
        );
      values.push(v);
    }
  }
  if (rowLabels.length === 0)
    throw new InputError(file, 'no data rows', undefined, undefined, 'at least one data row');
  return { file, rowLabels, colLabels, data: Float64Array.from(values), lines: lineNo };
}

interface FileEntry {
  name: string;
  nr_index_col: string | number;
  nr_header: string | number;
}
interface FileParameters {
  files: Record<string, FileEntry>;
  systemtype?: string;
  name?: string;
}

function readParameters(dir: string): FileParameters {
  const file = join(dir, 'file_parameters.json');
  let p: FileParameters;
  try {
    p = JSON.parse(readText(file));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `invalid JSON (${(e as Error).message})`);
  }
  if (!p || typeof p.files !== 'object')
    throw new InputError(file, "no 'files' object", undefined, 'files', 'pymrio file_parameters.json');
  return p;
}

function table(dir: string, p: FileParameters, key: string): PymrioTable | undefined {
  const e = p.files[key];
  if (!e) return undefined;
  return readPymrioTable(join(dir, e.name), Number(e.nr_index_col), Number(e.nr_header));
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
      const msg = `${what} ${k + 1} is '${l[0]} / ${l[1]}'`;
      const exp = `'${r} / ${s}' (region-major order)`;
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
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(
      dir,
      'not a folder',
      undefined,
      undefined,
      'a pymrio text folder with file_parameters.json',
    );
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
    const units = readText(join(dir, ut.name))
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
    .filter((d) => statSync(join(dir, d)).isDirectory() && existsSync(join(dir, d, 'file_parameters.json')))
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
      const nIdx = Number(ep.files.unit.nr_index_col);
      readText(join(ed, ep.files.unit.name))
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
