import { writeFileSync } from 'node:fs';
// Builds small CEADs-style provincial MRIO workbooks with exceljs for reader tests.
import ExcelJS from 'exceljs';
import { rng } from '../mrio/systems.ts';

export interface CeadsTable {
  provinces: string[];
  sectors: { name: string; code: string }[];
  Z: number[][]; // n × n
  fd: number[][][]; // [row][province][5 categories]
  exports: number[]; // n
  imports: number[]; // n
  va: number[][]; // [4][n]
  x: number[]; // n
}

export function ceadsTable(seed = 1, G = 3, N = 4): CeadsTable {
  const u = rng(seed);
  const names = ['Beijing', 'Inner Mongolia', 'Guangdong', 'Sichuan'];
  const provinces = Array.from({ length: G }, (_, k) => names[k] ?? `Province ${k + 1}`);
  const sectorNames = ['Agriculture', 'Coal mining', 'Machinery', 'Services'];
  const sectors = Array.from({ length: N }, (_, i) => sectorNames[i] ?? `Sector ${i + 1}`).map((name, i) => ({
    name,
    code: String(i + 1).padStart(2, '0'),
  }));
  const n = G * N;
  const Z = Array.from({ length: n }, () =>
    Array.from({ length: n }, () => Math.round(100 * u() * 100) / 100),
  );
  const fd = Array.from({ length: n }, () =>
    Array.from({ length: G }, () => [50 * u(), 200 * u(), 80 * u(), 150 * u(), 10 * (u() - 0.3)]),
  );
  const exports = Array.from({ length: n }, () => 60 * u());
  const x = Z.map(
    (row, i) => row.reduce((a, b) => a + b, 0) + fd[i].flat().reduce((a, b) => a + b, 0) + exports[i],
  );
  const colZ = x.map((_, j) => Z.reduce((a, row) => a + row[j], 0));
  const imports = x.map((xj, j) => 0.1 * (xj - colZ[j]));
  const va = [0.5, 0.15, 0.1, 0.25].map((share) => x.map((xj, j) => share * (xj - colZ[j] - imports[j])));
  return { provinces, sectors, Z, fd, exports, imports, va, x };
}

export interface WorkbookVariant {
  lang?: 'en' | 'zh';
  /** Extra total columns after the export column. */
  trailingTotals?: boolean;
  /** Merge the province header cells of row 2 (real downloads do). */
  merged?: boolean;
  /** Override a data cell: [row, col] (1-based) → value. */
  poke?: [number, number, unknown][];
  /** Drop the last data row (bad shape). */
  dropLastRow?: boolean;
  /** Leave out one final-demand column of the last province. */
  dropCategory?: boolean;
}

export async function writeCeadsWorkbook(
  t: CeadsTable,
  path: string,
  v: WorkbookVariant = {},
): Promise<void> {
  const zh = v.lang === 'zh';
  const G = t.provinces.length;
  const N = t.sectors.length;
  const n = G * N;
  const cats = zh
    ? ['农村居民消费', '城镇居民消费', '政府消费', '固定资本形成总额', '存货增加']
    : [
        'Rural household consumption',
        'Urban household consumption',
        'Government consumption',
        'Gross fixed capital formation',
        'Inventory change',
      ];
  const catCodes = ['F010', 'F020', 'F030', 'F040', 'F050'];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(zh ? '2017年中国省区间投入产出表' : 'MRIO 2017');
  const row1: unknown[] = [
    zh ? '2017年中国31省区市投入产出表（万元）' : 'China provincial MRIO 2017 (10^4 CNY)',
  ];
  const row2: unknown[] = ['', '', ''];
  const row3: unknown[] = ['', zh ? '部门' : 'Sector', zh ? '代码' : 'Code'];
  const row4: unknown[] = ['', '', ''];
  const merges: [number, number][] = [];
  for (let s = 0; s < G; s++) {
    const start = row2.length + 1;
    for (let i = 0; i < N; i++) {
      row2.push(!v.merged || i === 0 ? t.provinces[s] : null);
      row3.push(t.sectors[i].name);
      row4.push(t.sectors[i].code);
    }
    merges.push([start, row2.length]);
  }
  const fdCols: [number, number][] = [];
  for (let s = 0; s < G; s++) {
    const start = row2.length + 1;
    for (let k = 0; k < 5; k++) {
      if (v.dropCategory && s === G - 1 && k === 3) continue;
      row2.push(!v.merged || k === 0 ? t.provinces[s] : null);
      row3.push(cats[k]);
      row4.push(catCodes[k]);
      fdCols.push([s, k]);
    }
    merges.push([start, row2.length]);
  }
  row2.push(zh ? '出口' : 'Export');
  row3.push(zh ? '出口' : 'Export');
  row4.push('EX');
  if (v.trailingTotals) {
    row2.push(zh ? '最终使用合计' : 'Total final use');
    row3.push('');
    row4.push('TFU');
  }
  row2.push(zh ? '总产出' : 'Total output');
  row3.push('');
  row4.push('TO');
  ws.addRow(row1);
  ws.addRow(row2);
  ws.addRow(row3);
  ws.addRow(row4);
  if (v.merged) for (const [a, b] of merges) ws.mergeCells(2, a, 2, b);
  const rows = v.dropLastRow ? n - 1 : n;
  for (let i = 0; i < rows; i++) {
    const s = Math.floor(i / N);
    const r: unknown[] = [
      i % N === 0 ? t.provinces[s] : null,
      t.sectors[i % N].name,
      t.sectors[i % N].code,
      ...t.Z[i],
    ];
    for (const [p, k] of fdCols) r.push(t.fd[i][p][k]);
    r.push(t.exports[i]);
    if (v.trailingTotals) r.push(t.fd[i].flat().reduce((a, b) => a + b, 0) + t.exports[i]);
    r.push(t.x[i]);
    ws.addRow(r);
  }
  const prim: [string, string, number[]][] = [
    [zh ? '进口' : 'Import', 'IM', t.imports],
    [zh ? '劳动者报酬' : 'Compensation of employees', 'VA001', t.va[0]],
    [zh ? '生产税净额' : 'Net taxes on production', 'VA002', t.va[1]],
    [zh ? '固定资产折旧' : 'Depreciation of fixed capital', 'VA003', t.va[2]],
    [zh ? '营业盈余' : 'Operating surplus', 'VA004', t.va[3]],
    [
      zh ? '增加值合计' : 'Total value added',
      'TVA',
      t.va[0].map((_, j) => t.va.reduce((a, c) => a + c[j], 0)),
    ],
    [zh ? '总投入' : 'Total input', 'TI', t.x],
  ];
  for (const [name, code, vals] of prim) ws.addRow(['', name, code, ...vals]);
  for (const [r, c, val] of v.poke ?? []) ws.getCell(r, c).value = val as ExcelJS.CellValue;
  // Written from a buffer: the file is complete when the promise resolves (the stream writer may still be closing it).
  writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
}

/**
 * Where things are in a CEADs provincial MRIO workbook as published (the 2017 table: G = 31, N =
 * 42): data rows 5 … 4 + n, intermediate-use columns from D, 5 final-use columns per province,
 * exports, two balancing columns (other, error), total output; after the data the import row,
 * total intermediate input, VA001–VA004, total value added, total input.
 */
export function publishedLayout(G: number, N: number) {
  const n = G * N;
  const firstFd = 4 + n;
  const exportCol = firstFd + 5 * G;
  return {
    dataRows: [5, 4 + n] as const,
    intermediateColumns: [4, 3 + n] as const,
    finalUseColumns: [firstFd, exportCol - 1] as const,
    exportCol,
    otherCol: exportCol + 1,
    errorCol: exportCol + 2,
    totalOutputCol: exportCol + 3,
    importRow: 5 + n,
    totalIntermediateInputRow: 6 + n,
    vaRows: [7 + n, 10 + n] as const,
    totalValueAddedRow: 11 + n,
    totalInputRow: 12 + n,
  };
}

/** Balancing amounts of the published layout's 'Other' and 'Error' columns (small, deterministic). */
export const publishedOther = (i: number) => ((i % 5) - 2) * 0.5;
export const publishedError = (i: number) => ((i % 3) - 1) * 0.25;

/**
 * Writes `t` in the published layout (publishedLayout): a Chinese worksheet first ('中文版', the
 * same numbers with Chinese labels) and the table on 'English_Version', as the real 2017 file
 * has them. Total output includes the Other and Error columns, so rows balance.
 */
export async function writePublishedCeadsWorkbook(t: CeadsTable, path: string): Promise<void> {
  const G = t.provinces.length;
  const N = t.sectors.length;
  const n = G * N;
  const wb = new ExcelJS.Workbook();
  for (const zh of [true, false]) {
    const ws = wb.addWorksheet(zh ? '中文版' : 'English_Version');
    const cats = zh
      ? ['农村居民消费', '城镇居民消费', '政府消费', '固定资本形成总额', '存货增加']
      : [
          'Rural household consumption',
          'Urban household consumption',
          'Government consumption',
          'Gross fixed capital formation',
          'Changes in inventories',
        ];
    const row2: unknown[] = ['', '', ''];
    const row3: unknown[] = ['', zh ? '部门' : 'Sector', zh ? '代码' : 'Code'];
    const row4: unknown[] = ['', '', ''];
    for (let s = 0; s < G; s++)
      for (let i = 0; i < N; i++) {
        row2.push(i === 0 ? t.provinces[s] : null);
        row3.push(t.sectors[i].name);
        row4.push(t.sectors[i].code);
      }
    for (let s = 0; s < G; s++)
      for (let k = 0; k < 5; k++) {
        row2.push(k === 0 ? t.provinces[s] : null);
        row3.push(cats[k]);
        row4.push(`F0${k + 1}0`);
      }
    const tail: [string, string, string][] = zh
      ? [
          ['出口', '出口', 'EX'],
          ['其他', '其他', 'OT'],
          ['误差', '误差', 'ER'],
          ['总产出', '总产出', 'GO'],
        ]
      : [
          ['Export', 'Export', 'EX'],
          ['Other', 'Other', 'OT'],
          ['Error', 'Error', 'ER'],
          ['Total output', 'Total output', 'GO'],
        ];
    for (const [a, b, c] of tail) {
      row2.push(a);
      row3.push(b);
      row4.push(c);
    }
    ws.addRow([
      zh
        ? '2017年中国31省区市多区域投入产出表（万元）'
        : 'China multi-regional input-output table 2017 (10^4 CNY)',
    ]);
    ws.addRow(row2);
    ws.addRow(row3);
    ws.addRow(row4);
    for (let i = 0; i < n; i++) {
      const s = Math.floor(i / N);
      const r: unknown[] = [
        i % N === 0 ? t.provinces[s] : null,
        t.sectors[i % N].name,
        t.sectors[i % N].code,
        ...t.Z[i],
      ];
      for (let p = 0; p < G; p++) for (let k = 0; k < 5; k++) r.push(t.fd[i][p][k]);
      r.push(
        t.exports[i],
        publishedOther(i),
        publishedError(i),
        t.x[i] + publishedOther(i) + publishedError(i),
      );
      ws.addRow(r);
    }
    const colZ = Array.from({ length: n }, (_, j) => t.Z.reduce((a, row) => a + row[j], 0));
    const tva = t.va[0].map((_, j) => t.va.reduce((a, c) => a + c[j], 0));
    const prim: [string, string, number[]][] = [
      [zh ? '进口' : 'Import', 'IM', t.imports],
      [zh ? '中间投入合计' : 'Total intermediate input', 'TII', colZ.map((z, j) => z + t.imports[j])],
      [zh ? '劳动者报酬' : 'Compensation of employees', 'VA001', t.va[0]],
      [zh ? '生产税净额' : 'Net taxes on production', 'VA002', t.va[1]],
      [zh ? '固定资产折旧' : 'Depreciation of fixed capital', 'VA003', t.va[2]],
      [zh ? '营业盈余' : 'Operating surplus', 'VA004', t.va[3]],
      [zh ? '增加值合计' : 'Total value added', 'TVA', tva],
      [zh ? '总投入' : 'Total input', 'TI', t.x],
    ];
    for (const [name, code, vals] of prim) ws.addRow(['', name, code, ...vals]);
  }
  // Written from a buffer: the file is complete when the promise resolves (the stream writer may still be closing it).
  writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
}
