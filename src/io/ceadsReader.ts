import { type AssembleOptions, assembleMrio } from '../mrio/construct.ts';
import { MrioError } from '../mrio/errors.ts';
import type { Mrio, SatelliteAccount } from '../mrio/model.ts';
import { clipEcho, InputError } from './inputError.ts';
import { requireFile } from './textFile.ts';
import {
  type Cell,
  cellNumber,
  cellText,
  columnLetter,
  readWorkbookSheets,
  type SheetRows,
} from './workbookSheets.ts';

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

const text = (c: Cell | undefined) => cellText(c ?? null);

/** A numeric cell; an empty cell is 0 (sparse tables, docs/formats.md §2). */
const num = (file: string, rows: SheetRows, r: number, c: number): number =>
  cellNumber(file, rows[r]?.[c], r, c, 'zero');

export interface CeadsOptions extends AssembleOptions {
  /** Monetary unit of the workbook (CEADs: 10⁴ CNY). */
  readonly monetaryUnit?: string;
  /** Worksheet holding the table (default: one named like 'English…', else the first). */
  readonly sheet?: string;
}

/** Columns after the exports that hold a balancing item rather than a use: folded, not refused. */
const OTHER_COLUMN = /\bother\b|\berror\b|discrepanc|residual|误差|其他|平衡项/i;
/** Columns of imports given as negative uses (competitive-import layouts). */
const IMPORT_COLUMN = /import|进口/i;
/** Category receiving the folded balancing columns (only when the workbook has some). */
export const CEADS_OTHER_CATEGORY = 'other_final_use';

/** The sheet to read: --sheet, else one named like the English version, else the first. */
function chooseSheet(file: string, names: readonly string[], wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (names.includes(wanted)) return wanted;
    throw new InputError(
      file,
      `no worksheet ${clipEcho(wanted)} (--sheet)`,
      undefined,
      undefined,
      `one of: ${names.map((n) => clipEcho(n)).join(', ')}`,
    );
  }
  return names.find((n) => /english/i.test(n)) ?? names[0];
}

interface Layout {
  readonly rows: SheetRows;
  readonly dataRows: number[];
  /** First row after the data (primary inputs and totals follow). */
  readonly afterData: number;
  readonly last: number;
  readonly regions: string[];
  readonly sectors: string[];
}

/** Data rows from row 5 until the first primary-input or total row; provinces and sectors from columns A–C. */
function findLayout(file: string, rows: SheetRows): Layout {
  const FIRST = 5;
  const dataRows: number[] = [];
  let last = 0;
  for (const k of rows.keys()) if (rows[k]) last = k;
  let r = FIRST;
  const isPrimary = (row: number) => {
    const code = text(rows[row]?.[3]);
    const name = text(rows[row]?.[2]);
    const a = text(rows[row]?.[1]);
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
  const regions: string[] = [];
  const rowRegion: string[] = [];
  let current = '';
  for (const dr of dataRows) {
    const a = text(rows[dr][1]);
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
  const sectorName = (dr: number) => text(rows[dr][2]);
  const sectorCode = (dr: number) => text(rows[dr][3]);
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
  return { rows, dataRows, afterData: r, last, regions, sectors };
}

interface Columns {
  readonly fdCol: number[][];
  readonly exportCol: number;
  readonly totalOutputCol: number;
  /** Balancing columns folded into other_final_use, with their headers. */
  readonly other: { col: number; label: string }[];
  /** Total columns not used (x comes from total output). */
  readonly skipped: { col: number; label: string }[];
}

const C0 = 4; // column D: the first intermediate-use column

/** Checks the G×N intermediate-use headers and classifies every column after them by its header. */
function classifyColumns(file: string, L: Layout): Columns {
  const { rows, dataRows, regions, sectors } = L;
  const G = regions.length;
  const N = sectors.length;
  const n = G * N;
  const hdr = (row: number, c: number) => text(rows[row]?.[c]);
  let width = 0;
  for (let k = 1; k <= Math.max(4, dataRows[dataRows.length - 1]); k++)
    width = Math.max(width, rows[k]?.length ?? 0);
  width -= 1;
  const provinceAt: string[] = [];
  let pv = '';
  for (let c = C0; c <= width; c++) {
    const h = hdr(2, c);
    if (h !== '') pv = h;
    provinceAt[c] = pv;
  }
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
    if (!(nm !== '' && nm === text(rows[ref][2])) && !(cd !== '' && cd === text(rows[ref][3])))
      throw new InputError(
        file,
        `header sector ${clipEcho(nm || cd)}`,
        3,
        columnLetter(c),
        `${clipEcho(sectors[i])} (G×N = ${n} intermediate-use columns from column D)`,
      );
  }
  const fdCol: number[][] = regions.map(() => Array(CEADS_CATEGORIES.length - 1).fill(-1));
  let exportCol = -1;
  let totalOutputCol = -1;
  let lastTotal = -1;
  const other: { col: number; label: string }[] = [];
  const skipped: { col: number; label: string }[] = [];
  for (let c = C0 + n; c <= width; c++) {
    const catLabel = [hdr(3, c), hdr(4, c)].filter((x) => x !== '').join(' ');
    const label = [catLabel, hdr(2, c)].filter((x) => x !== '').join(' ');
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
    if (OTHER_COLUMN.test(label) || IMPORT_COLUMN.test(label)) {
      other.push({ col: c, label });
      continue;
    }
    if (TOTAL.test(label)) {
      lastTotal = c;
      skipped.push({ col: c, label });
      continue;
    }
    const cat = CATEGORY_PATTERNS.find(([, re]) => re.test(catLabel));
    if (!cat)
      throw new InputError(
        file,
        `unrecognised column header ${clipEcho(label)}`,
        3,
        columnLetter(c),
        'rural/urban household consumption, government consumption, fixed capital formation, inventory change, export, other/error, import or a total',
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
  if (totalOutputCol < 0 && lastTotal >= 0) {
    totalOutputCol = lastTotal;
    skipped.splice(
      skipped.findIndex((x) => x.col === lastTotal),
      1,
    );
  }
  return { fdCol, exportCol, totalOutputCol, other, skipped };
}

/** Primary-input rows after the data, by code or name; others (totals, unknown rows) listed for the notes. */
function primaryRows(file: string, L: Layout, n: number) {
  const { rows } = L;
  const primary = new Map<string, Float64Array>();
  const unused: string[] = [];
  for (let pr = L.afterData; pr <= L.last; pr++) {
    if (!rows[pr]) continue;
    const code = text(rows[pr][3]);
    const name = text(rows[pr][2]) || text(rows[pr][1]);
    const def = PRIMARY_ROWS.find((p) => p.code.test(code)) ?? PRIMARY_ROWS.find((p) => p.label.test(name));
    if (!def) {
      if (code !== '' || name !== '')
        unused.push(`row ${pr} ${clipEcho([name, code].filter(Boolean).join(' '))}`);
      continue;
    }
    if (primary.has(def.name)) throw new InputError(file, `second '${def.name}' row`, pr, 'C');
    const v = new Float64Array(n);
    for (let j = 0; j < n; j++) v[j] = num(file, rows, pr, C0 + j);
    primary.set(def.name, v);
  }
  return { primary, unused };
}

/**
 * Reads a CEADs China provincial MRIO workbook as published: the table's worksheet (one named
 * like 'English_Version', else the first; `sheet` to choose), four header rows (title;
 * province; sector or category name; code), data from row 5 with province in column A (filled
 * down), sector name in B, code in C, then G×N intermediate-use columns, each province's five
 * final-demand columns, an international-export column, balancing columns (other, error,
 * imports: folded into each producing province's own final demand, category other_final_use)
 * and totals (total output = x); after the data rows: imports, VA001–VA004, totals. International
 * exports go to the producing region's own final demand (METHODS §1). Value-added rows become
 * satellites (10⁴ CNY): compensation, net_taxes, operating_surplus, social_income (their sum),
 * depreciation, value_added. What was folded or left out is listed in the table's notes.
 */
export async function readCeadsWorkbook(file: string, options: CeadsOptions = {}): Promise<Mrio> {
  requireFile(file, 'a CEADs provincial MRIO workbook (.xlsx)');
  let rows: SheetRows;
  let sheet: string;
  let names: string[];
  try {
    let chosen = '';
    const wb = await readWorkbookSheets(file, (all) => {
      chosen = chooseSheet(file, all, options.sheet);
      return new Set([chosen]);
    });
    names = wb.names;
    sheet = chosen;
    rows = wb.sheets.get(chosen) ?? [];
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `cannot read as xlsx (${(e as Error).message})`);
  }
  const notes: string[] = [];
  if (names.length > 1)
    notes.push(
      `${file}: read worksheet ${clipEcho(sheet)}${options.sheet ? ' (--sheet)' : ''}; not read: ${names
        .filter((x) => x !== sheet)
        .map((x) => clipEcho(x))
        .join(', ')}`,
    );
  const L = findLayout(file, rows);
  const { regions, sectors, dataRows } = L;
  const G = regions.length;
  const N = sectors.length;
  const n = G * N;
  const cols = classifyColumns(file, L);
  const categories: string[] = [...CEADS_CATEGORIES];
  if (cols.other.length > 0) categories.push(CEADS_OTHER_CATEGORY);
  const K = categories.length;
  const KX = CEADS_CATEGORIES.length - 1; // index of international_export
  const warnings: string[] = [];
  if (cols.exportCol < 0) warnings.push('no international-export column found: exports taken as zero');
  const Z = new Float64Array(n * n);
  const Y = new Float64Array(n * G * K);
  const xCol = cols.totalOutputCol >= 0 ? new Float64Array(n) : undefined;
  const otherSums = cols.other.map(() => 0);
  dataRows.forEach((dr, i) => {
    for (let j = 0; j < n; j++) Z[i * n + j] = num(file, rows, dr, C0 + j);
    for (let s = 0; s < G; s++)
      for (let k = 0; k < KX; k++) Y[i * G * K + s * K + k] = num(file, rows, dr, cols.fdCol[s][k]);
    const own = Math.floor(i / N);
    if (cols.exportCol >= 0) Y[i * G * K + own * K + KX] = num(file, rows, dr, cols.exportCol);
    cols.other.forEach((o, k) => {
      const v = num(file, rows, dr, o.col);
      Y[i * G * K + own * K + KX + 1] += v;
      otherSums[k] += v;
    });
    if (xCol) xCol[i] = num(file, rows, dr, cols.totalOutputCol);
  });
  cols.other.forEach((o, k) => {
    notes.push(
      `${file}: column ${columnLetter(o.col)} ${clipEcho(o.label)} (sum ${Number(otherSums[k].toPrecision(6))}) folded into each producing province's own final demand, category ${CEADS_OTHER_CATEGORY}`,
    );
  });
  for (const sk of cols.skipped)
    notes.push(`${file}: column ${columnLetter(sk.col)} ${clipEcho(sk.label)} not used (a total)`);
  if (cols.totalOutputCol >= 0)
    notes.push(
      `${file}: total output x from column ${columnLetter(cols.totalOutputCol)} ${clipEcho([text(rows[3]?.[cols.totalOutputCol]), text(rows[2]?.[cols.totalOutputCol])].filter(Boolean).join(' '))}`,
    );
  const { primary, unused } = primaryRows(file, L, n);
  if (unused.length > 0) notes.push(`${file}: rows not used (totals or unknown): ${unused.join('; ')}`);
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
  const satellites = valueAddedSatellites(primary, n, unit, warnings);
  const primaryInputs = [...primary.entries()]
    .filter(([k]) => k !== 'total_input')
    .map(([name, values]) => ({ name, values }));
  try {
    return assembleMrio(
      {
        name: text(rows[1]?.[1]) || 'CEADs MRIO',
        regions,
        sectors,
        monetaryUnit: unit,
        Z: { rows: n, cols: n, data: Z },
        categories,
        Y: { rows: n, cols: G * K, data: Y },
        ...(x ? { x } : {}),
        satellites,
        primaryInputs,
        warnings,
        notes,
      },
      options,
    );
  } catch (e) {
    if (e instanceof MrioError) throw new InputError(file, e.message);
    throw e;
  }
}

/** Income satellites from VA001–VA004 (METHODS §1: social income = compensation + net taxes + operating surplus). */
function valueAddedSatellites(
  primary: ReadonlyMap<string, Float64Array>,
  n: number,
  unit: string,
  warnings: string[],
): SatelliteAccount[] {
  const va = ['compensation', 'net_taxes', 'depreciation', 'operating_surplus'].map((k) => primary.get(k));
  if (!va.every((v) => v !== undefined)) {
    warnings.push('value-added rows VA001–VA004 not all found: no income satellites');
    return [];
  }
  const [comp, tax, dep, surp] = va as Float64Array[];
  const social = new Float64Array(n);
  const total = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    social[j] = comp[j] + tax[j] + surp[j];
    total[j] = social[j] + dep[j];
  }
  return [
    { name: 'social_income', unit, kind: 'income', values: social },
    { name: 'compensation', unit, kind: 'income_component', values: comp },
    { name: 'net_taxes', unit, kind: 'income_component', values: tax },
    { name: 'operating_surplus', unit, kind: 'income_component', values: surp },
    { name: 'depreciation', unit, kind: 'other', values: dep },
    { name: 'value_added', unit, kind: 'other', values: total },
  ];
}
