import { join } from 'node:path';
import { decimalAt } from '../io/decimalNumber.ts';
import { InputError } from '../io/inputError.ts';
import { CsvTable } from './csvTable.ts';

/**
 * The 31 official provincial input–output tables of China 2017 (competitive-import layout,
 * 42 sectors, 10^4 CNY), read from the long cells file in data/sources/china-provincial-io-2017/
 * (data/sources/PROVENANCE.md). Every province's table is kept as published; nothing is cleaned
 * here (outflowCleaning.ts does that).
 */
export const PROVINCIAL_IO_FILES = {
  cells: 'china-provincial-io-2017/provincial_io_2017_cells.csv',
  summary: 'china-provincial-io-2017/provincial_io_2017_sector_summary.csv',
} as const;

/** Final-use columns of the tables: rural and urban households, government, fixed capital, inventories. */
export const FINAL_USE_CODES = ['FU101', 'FU102', 'FU103', 'FU201', 'FU202'] as const;
/** Index of the inventory-change column in FINAL_USE_CODES (may be negative). */
export const INVENTORY_INDEX = 4;
export const VALUE_ADDED_CODES = ['VA001', 'VA002', 'VA003', 'VA004'] as const;
export type ValueAddedCode = (typeof VALUE_ADDED_CODES)[number];

const MARGIN_CODES = ['EX', 'OF', 'IM', 'IF', 'ERR', 'GO'] as const;
type MarginCode = (typeof MARGIN_CODES)[number];

/**
 * All provinces' tables, region-major: a vector of length G·N has index r·N + i. Money in 10^4 CNY.
 * `use` is the total (all-origin) intermediate use: (r·N + i)·N + j = province r's use of product i
 * in sector j; `finalUse` (r·N + i)·5 + k in FINAL_USE_CODES order.
 */
export interface ProvincialTables {
  readonly file: string;
  readonly provinces: readonly string[]; // English names, file order (GB/T 2260)
  readonly sectorCodes: readonly string[]; // '01'..'42'
  readonly use: Float64Array;
  readonly finalUse: Float64Array;
  readonly EX: Float64Array; // exports abroad
  readonly OF: Float64Array; // outflows to other provinces (国内省外流出)
  readonly IM: Float64Array; // imports from abroad
  readonly IF: Float64Array; // inflows from other provinces (国内省外流入)
  readonly ERR: Float64Array; // the tables' error column
  readonly GO: Float64Array; // output
  readonly valueAdded: Readonly<Record<ValueAddedCode, Float64Array>>;
  /** Largest |row identity residual| / GO (Σ use + Σ FU + EX + OF − IM − IF + ERR − GO), published ≤ 3.8e-4. */
  readonly rowIdentityMaxRel: number;
  /** Largest |Σ_i use + Σ VA − GO| / GO over columns. */
  readonly columnIdentityMaxRel: number;
}

/** Relative tolerance of the published identities (the tables are rounded by the bureaus). */
const ROW_IDENTITY_TOL = 1e-3;
const COLUMN_IDENTITY_TOL = 1e-6;
/** Negative trade margins smaller than this fraction of output are rounding noise and read as 0. */
const NEGATIVE_NOISE = 1e-9;

export function readProvincialTables(sourcesDir: string, N = 42): ProvincialTables {
  const t = CsvTable.read(join(sourcesDir, PROVINCIAL_IO_FILES.cells));
  const cP = t.col('province');
  const cR = t.col('row');
  const cC = t.col('col');
  const cV = t.col('value_1e4_cny');
  const provinces: string[] = [];
  const index = new Map<string, number>();
  for (const row of t.rows) {
    const p = row[cP];
    if (!index.has(p)) {
      index.set(p, provinces.length);
      provinces.push(p);
    }
  }
  const G = provinces.length;
  if (G !== 31) throw new InputError(t.file, `${G} provinces`, undefined, 'province', '31');
  const n = G * N;
  const use = new Float64Array(n * N);
  const finalUse = new Float64Array(n * FINAL_USE_CODES.length);
  const margin = Object.fromEntries(MARGIN_CODES.map((c) => [c, new Float64Array(n)])) as Record<
    MarginCode,
    Float64Array
  >;
  const valueAdded = Object.fromEntries(VALUE_ADDED_CODES.map((c) => [c, new Float64Array(n)])) as Record<
    ValueAddedCode,
    Float64Array
  >;
  const sector = (label: string, k: number, column: string): number => {
    const m = /^sec(\d\d)$/.exec(label);
    const s = m ? Number(m[1]) : 0;
    if (!(s >= 1 && s <= N))
      throw new InputError(t.file, `unknown label '${label}'`, t.line(k), column, `sec01..sec${N}`);
    return s - 1;
  };
  for (let k = 0; k < t.rows.length; k++) {
    const row = t.rows[k];
    const r = index.get(row[cP]) as number;
    const v = decimalAt(row[cV], t.file, t.line(k), 'value_1e4_cny');
    const rl = row[cR];
    const cl = row[cC];
    if (rl.startsWith('sec')) {
      const i = sector(rl, k, 'row');
      if (cl.startsWith('sec')) {
        if (v < 0)
          throw new InputError(t.file, `negative intermediate use ${v}`, t.line(k), 'value_1e4_cny', '≥ 0');
        use[(r * N + i) * N + sector(cl, k, 'col')] = v;
        continue;
      }
      const f = (FINAL_USE_CODES as readonly string[]).indexOf(cl);
      if (f >= 0) {
        if (v < 0 && f !== INVENTORY_INDEX)
          throw new InputError(t.file, `negative final use ${v}`, t.line(k), 'value_1e4_cny', '≥ 0');
        finalUse[(r * N + i) * FINAL_USE_CODES.length + f] = v;
        continue;
      }
      if ((MARGIN_CODES as readonly string[]).includes(cl)) {
        margin[cl as MarginCode][r * N + i] = v;
        continue;
      }
      throw new InputError(t.file, `unknown column label '${cl}'`, t.line(k), 'col');
    }
    if ((VALUE_ADDED_CODES as readonly string[]).includes(rl)) {
      valueAdded[rl as ValueAddedCode][r * N + sector(cl, k, 'col')] = v;
      continue;
    }
    if (rl === 'TVA' || rl === 'TI') continue; // totals: re-derived and checked below
    throw new InputError(t.file, `unknown row label '${rl}'`, t.line(k), 'row');
  }
  const where = (r: number, i: number) => `${provinces[r]}, sector ${String(i + 1).padStart(2, '0')}`;
  for (let k = 0; k < n; k++) {
    const r = Math.floor(k / N);
    const i = k % N;
    if (margin.GO[k] < 0) throw new InputError(t.file, `${where(r, i)}: negative output ${margin.GO[k]}`);
    for (const c of ['EX', 'OF', 'IM', 'IF'] as const) {
      const v = margin[c][k];
      if (v >= 0) continue;
      if (v > -NEGATIVE_NOISE * Math.max(1, margin.GO[k])) margin[c][k] = 0;
      else throw new InputError(t.file, `${where(r, i)}: negative ${c} ${v}`, undefined, c, '≥ 0');
    }
  }
  const K = FINAL_USE_CODES.length;
  let rowMax = 0;
  let colMax = 0;
  for (let r = 0; r < G; r++) {
    for (let i = 0; i < N; i++) {
      const k = r * N + i;
      let s = 0;
      for (let j = 0; j < N; j++) s += use[k * N + j];
      for (let f = 0; f < K; f++) s += finalUse[k * K + f];
      s += margin.EX[k] + margin.OF[k] - margin.IM[k] - margin.IF[k] + margin.ERR[k];
      const rel = Math.abs(s - margin.GO[k]) / Math.max(margin.GO[k], 1);
      if (rel > ROW_IDENTITY_TOL)
        throw new InputError(
          t.file,
          `${where(r, i)}: row identity off by ${rel.toExponential(2)} of output`,
          undefined,
          undefined,
          `Σ use + Σ FU + EX + OF − IM − IF + ERR = GO within ${ROW_IDENTITY_TOL}`,
        );
      rowMax = Math.max(rowMax, rel);
    }
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += use[(r * N + i) * N + j];
      for (const c of VALUE_ADDED_CODES) s += valueAdded[c][r * N + j];
      const go = margin.GO[r * N + j];
      const rel = Math.abs(s - go) / Math.max(go, 1);
      if (rel > COLUMN_IDENTITY_TOL)
        throw new InputError(
          t.file,
          `${where(r, j)}: column identity off by ${rel.toExponential(2)} of output`,
          undefined,
          undefined,
          `Σ intermediate inputs + VA001..VA004 = GO within ${COLUMN_IDENTITY_TOL}`,
        );
      colMax = Math.max(colMax, rel);
      // A sector with no inputs and no value added produces nothing: a published output within
      // the identity tolerance of 0 (Jiangxi 03: 5.1e-9, Tibet 16: 4.4e-10) is rounding.
      if (s === 0) margin.GO[r * N + j] = 0;
    }
  }
  return {
    file: t.file,
    provinces,
    sectorCodes: Array.from({ length: N }, (_, i) => String(i + 1).padStart(2, '0')),
    use,
    finalUse,
    EX: margin.EX,
    OF: margin.OF,
    IM: margin.IM,
    IF: margin.IF,
    ERR: margin.ERR,
    GO: margin.GO,
    valueAdded,
    rowIdentityMaxRel: rowMax,
    columnIdentityMaxRel: colMax,
  };
}

/** Σ intermediate use + Σ final use per province × product, as published (G·N). */
export function totalUseAsPublished(t: ProvincialTables): Float64Array {
  const N = t.sectorCodes.length;
  const K = FINAL_USE_CODES.length;
  return Float64Array.from(t.GO, (_, k) => {
    let s = 0;
    for (let j = 0; j < N; j++) s += t.use[k * N + j];
    for (let f = 0; f < K; f++) s += t.finalUse[k * K + f];
    return s;
  });
}
