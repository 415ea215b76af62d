import { type AssembleOptions, assembleMrio } from '../mrio/construct.ts';
import { MrioError } from '../mrio/errors.ts';
import type { Mrio, SatelliteAccount } from '../mrio/model.ts';
import { decimalAt } from './decimalNumber.ts';
import { clipEcho, clipText, InputError } from './inputError.ts';
import { requireFile } from './textFile.ts';

/** Final-demand categories of the CEADs provincial MRIO, in the order used for Y (K = 6). */
export const CEADS_CATEGORIES = [
  'rural_household_consumption',
  'urban_household_consumption',
  'government_consumption',
  'fixed_capital_formation',
  'inventory_change',
  'international_export',
] as const;

// Header text variants (English and Chinese) of the CEADs workbooks.
const CATEGORY_PATTERNS: [number, RegExp][] = [
  [0, /rural|农村/i],
  [1, /urban|城镇/i],
  [2, /government|政府/i],
  [3, /fixed\s*capital|capital\s*formation|固定资本/i],
  [4, /inventor|stock\s*change|存货/i],
];
const EXPORT = /export|出口/i;
const TOTAL_OUTPUT = /total\s*output|gross\s*output|总产出|^\s*TO\s*$/i;
const TOTAL = /\btotal\b|合计|总计|\bsum\b/i;

/** Primary-input rows after the G×N data rows: code (column C) or name (column B) patterns. */
const PRIMARY_ROWS: { name: string; code: RegExp; label: RegExp }[] = [
  { name: 'imports', code: /^IM/i, label: /import|进口/i },
  { name: 'compensation', code: /^VA0*1$/i, label: /compensation|劳动者报酬/i },
  { name: 'net_taxes', code: /^VA0*2$/i, label: /net\s*tax|生产税净额/i },
  { name: 'depreciation', code: /^VA0*3$/i, label: /depreciation|折旧/i },
  { name: 'operating_surplus', code: /^VA0*4$/i, label: /operating\s*surplus|营业盈余/i },
  { name: 'total_input', code: /^TI$/i, label: /total\s*input|总投入/i },
];
const OTHER_TOTAL_ROW = /^(TII|TVA|VA)$|total|合计|value\s*added|增加值/i;

/** A cell with no usable value, named in messages instead of read ('[object Object]', a silent 0). */
class CellProblem {
  constructor(readonly what: string) {}
}

type Cell = number | string | null | CellProblem;

/** The value of an exceljs cell: formulas by their cached result, rich text and hyperlinks by their text. */
function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return new CellProblem(`the date ${v.toISOString().slice(0, 10)}`);
  if (typeof v === 'object') {
    const o = v as {
      formula?: string;
      sharedFormula?: string;
      result?: unknown;
      richText?: { text: string }[];
      text?: unknown;
      error?: string;
    };
    if ('formula' in o || 'sharedFormula' in o) {
      if (o.result !== undefined && o.result !== null) return cellValue(o.result);
      const f = o.formula || o.sharedFormula;
      return new CellProblem(
        `a formula${f ? ` (=${clipText(f, 60)})` : ''} without a cached value (the workbook was saved without its results: open it in Excel or LibreOffice and save it again)`,
      );
    }
    if ('result' in o) return cellValue(o.result);
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return new CellProblem(`the error value ${o.error}`);
  }
  return new CellProblem('a value of an unknown kind');
}

/** Spreadsheet column letters of a 1-based column index (1 → A, 27 → AA). */
export function columnLetter(c: number): string {
  let s = '';
  for (let k = c; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

const text = (c: Cell) => (c === null ? '' : c instanceof CellProblem ? `(${c.what})` : String(c).trim());

/** Reads the first worksheet of an xlsx with exceljs' streaming reader: rows of cells (1-based). */
async function readSheet(path: string): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  // Loaded here, not at start-up: exceljs costs ~0.5 s of every vchain command otherwise.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  for await (const ws of reader) {
    for await (const row of ws) {
      const vals = row.values as unknown[];
      const out: Cell[] = [];
      for (let c = 1; c < vals.length; c++) out[c] = cellValue(vals[c]);
      rows[row.number] = out;
    }
    break; // one sheet
  }
  return rows;
}

/** A numeric cell: a number, or decimal text; an empty cell is 0 (sparse tables, docs/formats.md §2). */
function num(file: string, rows: Cell[][], r: number, c: number): number {
  const v = rows[r]?.[c] ?? null;
  if (v === null || v === '') return 0;
  if (v instanceof CellProblem)
    throw new InputError(file, `cell holds ${v.what}`, r, columnLetter(c), 'a number');
  if (typeof v === 'number') {
    if (!Number.isFinite(v))
      throw new InputError(file, `cell holds ${v}`, r, columnLetter(c), 'a finite number');
    return v;
  }
  return decimalAt(
    v,
    file,
    r,
    columnLetter(c),
    'a number (text cells: decimal notation, no thousands separators)',
  );
}

export interface CeadsOptions extends AssembleOptions {
  /** Monetary unit of the workbook (CEADs: 10⁴ CNY). */
  readonly monetaryUnit?: string;
}

/**
 * Reads a CEADs China provincial MRIO workbook (one sheet): four header rows (title; province;
 * sector or category name; code), data from row 5 with province in column A (filled down),
 * sector name in B, code in C, then G×N intermediate-use columns, each province's five
 * final-demand columns, an international-export column and trailing totals; after the G×N
 * data rows: imports and VA001–VA004, TI. International exports go to the producing region's
 * own final demand (METHODS §1). Value-added rows become satellites (10⁴ CNY): compensation,
 * net_taxes, operating_surplus, social_income (their sum), depreciation, value_added.
 */
export async function readCeadsWorkbook(file: string, options: CeadsOptions = {}): Promise<Mrio> {
  requireFile(file, 'a CEADs provincial MRIO workbook (.xlsx)');
  let rows: Cell[][];
  try {
    rows = await readSheet(file);
  } catch (e) {
    throw new InputError(file, `cannot read as xlsx (${(e as Error).message})`);
  }
  const FIRST = 5;
  // Data rows: from row 5 until the first primary-input / total row.
  const dataRows: number[] = [];
  let last = 0;
  for (const k of rows.keys()) if (rows[k]) last = k;
  let r = FIRST;
  const isPrimary = (row: number) => {
    const code = text(rows[row]?.[3] ?? null);
    const name = text(rows[row]?.[2] ?? null);
    const a = text(rows[row]?.[1] ?? null);
    return (
      PRIMARY_ROWS.some((p) => p.code.test(code) || p.label.test(name) || p.label.test(a)) ||
      OTHER_TOTAL_ROW.test(code) ||
      OTHER_TOTAL_ROW.test(name) ||
      OTHER_TOTAL_ROW.test(a)
    );
  };
  for (; r <= last; r++) {
    const row = rows[r];
    if (!row || row.every((c) => c === null || c === '')) continue;
    if (isPrimary(r)) break;
    dataRows.push(r);
  }
  if (dataRows.length === 0)
    throw new InputError(
      file,
      'no data rows',
      FIRST,
      'A',
      'province, sector name, code in columns A–C from row 5',
    );
  // Provinces (column A filled down) and sectors (first province's rows).
  const regions: string[] = [];
  const rowRegion: string[] = [];
  let current = '';
  for (const dr of dataRows) {
    const a = text(rows[dr][1] ?? null);
    if (a !== '') current = a;
    if (current === '') throw new InputError(file, 'no province', dr, 'A', 'a province name');
    if (!regions.includes(current)) regions.push(current);
    rowRegion.push(current);
  }
  const G = regions.length;
  if (dataRows.length % G !== 0)
    throw new InputError(
      file,
      `${dataRows.length} data rows for ${G} provinces`,
      dataRows[dataRows.length - 1],
      undefined,
      'the same number of sector rows for every province',
    );
  const N = dataRows.length / G;
  const sectorName = (dr: number) => text(rows[dr][2] ?? null);
  const sectorCode = (dr: number) => text(rows[dr][3] ?? null);
  const sectors = dataRows.slice(0, N).map((dr) => sectorName(dr) || sectorCode(dr));
  if (new Set(sectors).size !== N)
    throw new InputError(file, 'duplicate sector names in the first province', FIRST, 'B');
  dataRows.forEach((dr, k) => {
    const s = Math.floor(k / N);
    const i = k % N;
    if (rowRegion[k] !== regions[s])
      throw new InputError(
        file,
        `province ${clipEcho(rowRegion[k])}`,
        dr,
        'A',
        `${clipEcho(regions[s])} (provinces in blocks of ${N} rows)`,
      );
    const ref = dataRows[i];
    const okName = sectorName(dr) === sectorName(ref);
    const okCode = sectorCode(dr) !== '' && sectorCode(dr) === sectorCode(ref);
    if (!okName && !okCode)
      throw new InputError(
        file,
        `sector ${clipEcho(sectorName(dr))}`,
        dr,
        'B',
        `${clipEcho(sectors[i])} (same sector order in every province)`,
      );
  });
  const n = G * N;
  // Header rows 2 (province, filled right), 3 (name), 4 (code).
  const hdr = (row: number, c: number) => text(rows[row]?.[c] ?? null);
  let width = 0;
  for (let k = 1; k <= Math.max(4, dataRows[dataRows.length - 1]); k++)
    width = Math.max(width, rows[k]?.length ?? 0);
  width -= 1;
  const provinceAt: string[] = [];
  let pv = '';
  for (let c = 4; c <= width; c++) {
    const h = hdr(2, c);
    if (h !== '') pv = h;
    provinceAt[c] = pv;
  }
  const C0 = 4; // column D
  for (let k = 0; k < n; k++) {
    const c = C0 + k;
    const s = Math.floor(k / N);
    const i = k % N;
    const p = provinceAt[c] ?? '';
    if (p !== '' && p !== regions[s])
      throw new InputError(
        file,
        `header province ${clipEcho(p)}`,
        2,
        columnLetter(c),
        `${clipEcho(regions[s])} (intermediate-use columns in row order)`,
      );
    const nm = hdr(3, c);
    const cd = hdr(4, c);
    const ref = dataRows[i];
    if (!(nm !== '' && nm === sectorName(ref)) && !(cd !== '' && cd === sectorCode(ref)))
      throw new InputError(
        file,
        `header sector ${clipEcho(nm || cd)}`,
        3,
        columnLetter(c),
        `${clipEcho(sectors[i])} (G×N = ${n} intermediate-use columns from column D)`,
      );
  }
  // Final-demand and trailing columns.
  const K = CEADS_CATEGORIES.length;
  const fdCol: number[][] = regions.map(() => Array(K - 1).fill(-1));
  let exportCol = -1;
  let totalOutputCol = -1;
  let lastTotal = -1;
  for (let c = C0 + n; c <= width; c++) {
    const catLabel = [hdr(3, c), hdr(4, c)].filter((s) => s !== '').join(' ');
    const label = [catLabel, hdr(2, c)].filter((s) => s !== '').join(' ');
    if (label === '') {
      if (dataRows.some((dr) => num(file, rows, dr, c) !== 0))
        throw new InputError(
          file,
          'column without a header holds data',
          3,
          columnLetter(c),
          'a header in rows 2–4',
        );
      continue;
    }
    if (TOTAL_OUTPUT.test(label)) {
      totalOutputCol = c;
      continue;
    }
    if (EXPORT.test(label)) {
      if (exportCol >= 0)
        throw new InputError(
          file,
          'second export column',
          3,
          columnLetter(c),
          'one international-export column',
        );
      exportCol = c;
      continue;
    }
    if (TOTAL.test(label)) {
      lastTotal = c;
      continue;
    }
    const cat = CATEGORY_PATTERNS.find(([, re]) => re.test(catLabel));
    if (!cat)
      throw new InputError(
        file,
        `unrecognised column header ${clipEcho(label)}`,
        3,
        columnLetter(c),
        'rural/urban household consumption, government consumption, fixed capital formation, inventory change, export or a total',
      );
    const s = regions.indexOf(provinceAt[c] ?? '');
    if (s < 0)
      throw new InputError(
        file,
        `final-demand column of unknown province ${clipEcho(provinceAt[c])}`,
        2,
        columnLetter(c),
        `one of the ${G} provinces of column A`,
      );
    if (fdCol[s][cat[0]] >= 0)
      throw new InputError(
        file,
        `second '${CEADS_CATEGORIES[cat[0]]}' column for ${regions[s]}`,
        3,
        columnLetter(c),
      );
    fdCol[s][cat[0]] = c;
  }
  regions.forEach((reg, s) => {
    fdCol[s].forEach((c, k) => {
      if (c < 0)
        throw new InputError(
          file,
          `no '${CEADS_CATEGORIES[k]}' column for ${reg}`,
          3,
          undefined,
          'five final-demand columns per province',
        );
    });
  });
  const warnings: string[] = [];
  if (exportCol < 0) warnings.push('no international-export column found: exports taken as zero');
  if (totalOutputCol < 0 && lastTotal >= 0) totalOutputCol = lastTotal;
  // Fill Z, Y, x.
  const Z = new Float64Array(n * n);
  const Y = new Float64Array(n * G * K);
  const xCol = totalOutputCol >= 0 ? new Float64Array(n) : undefined;
  dataRows.forEach((dr, i) => {
    for (let j = 0; j < n; j++) Z[i * n + j] = num(file, rows, dr, C0 + j);
    for (let s = 0; s < G; s++)
      for (let k = 0; k < K - 1; k++) Y[i * G * K + s * K + k] = num(file, rows, dr, fdCol[s][k]);
    const own = Math.floor(i / N);
    if (exportCol >= 0) Y[i * G * K + own * K + (K - 1)] = num(file, rows, dr, exportCol);
    if (xCol) xCol[i] = num(file, rows, dr, totalOutputCol);
  });
  // Primary-input rows.
  const primary = new Map<string, Float64Array>();
  for (let pr = r; pr <= last; pr++) {
    if (!rows[pr]) continue;
    const code = text(rows[pr][3] ?? null);
    const name = text(rows[pr][2] ?? null) || text(rows[pr][1] ?? null);
    const def = PRIMARY_ROWS.find((p) => p.code.test(code)) ?? PRIMARY_ROWS.find((p) => p.label.test(name));
    if (!def) continue; // other totals (total intermediate input, total value added)
    if (primary.has(def.name)) throw new InputError(file, `second '${def.name}' row`, pr, 'C');
    const v = new Float64Array(n);
    for (let j = 0; j < n; j++) v[j] = num(file, rows, pr, C0 + j);
    primary.set(def.name, v);
  }
  const unit = options.monetaryUnit ?? '10^4 CNY';
  let x: Float64Array | undefined = xCol;
  const ti = primary.get('total_input');
  if (!x && ti) x = ti;
  if (x && ti && x !== ti) {
    let worst = 0;
    for (let j = 0; j < n; j++)
      worst = Math.max(worst, Math.abs(x[j] - ti[j]) / Math.max(Math.abs(x[j]), 1e-300));
    if (worst > 1e-6)
      warnings.push(`total input (TI) differs from total output by up to ${(worst * 100).toPrecision(3)}%`);
  }
  const satellites: SatelliteAccount[] = [];
  const va = ['compensation', 'net_taxes', 'depreciation', 'operating_surplus'].map((k) => primary.get(k));
  if (va.every((v) => v !== undefined)) {
    const [comp, tax, dep, surp] = va as Float64Array[];
    const social = new Float64Array(n);
    const total = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      social[j] = comp[j] + tax[j] + surp[j];
      total[j] = social[j] + dep[j];
    }
    satellites.push(
      { name: 'social_income', unit, kind: 'income', values: social },
      { name: 'compensation', unit, kind: 'income_component', values: comp },
      { name: 'net_taxes', unit, kind: 'income_component', values: tax },
      { name: 'operating_surplus', unit, kind: 'income_component', values: surp },
      { name: 'depreciation', unit, kind: 'other', values: dep },
      { name: 'value_added', unit, kind: 'other', values: total },
    );
  } else warnings.push('value-added rows VA001–VA004 not all found: no income satellites');
  const primaryInputs = [...primary.entries()]
    .filter(([k]) => k !== 'total_input')
    .map(([name, values]) => ({ name, values }));
  try {
    return assembleMrio(
      {
        name: text(rows[1]?.[1] ?? null) || 'CEADs MRIO',
        regions,
        sectors,
        monetaryUnit: unit,
        Z: { rows: n, cols: n, data: Z },
        categories: [...CEADS_CATEGORIES],
        Y: { rows: n, cols: G * K, data: Y },
        ...(x ? { x } : {}),
        satellites,
        primaryInputs,
        warnings,
      },
      options,
    );
  } catch (e) {
    if (e instanceof MrioError) throw new InputError(file, e.message);
    throw e;
  }
}
