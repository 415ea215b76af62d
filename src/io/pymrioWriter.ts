import type { Mrio, RegionVector, SatelliteAccount } from '../mrio/model.ts';
import { checkLabel, checkTableLabels, ExportError, exactDecimal, LineBuffer } from './exactText.ts';

/**
 * Writes an Mrio in the text layout of pymrio's `IOSystem.save_all(path, table_format='txt')`
 * (docs/formats.md §5): Z.txt, Y.txt, x.txt, unit.txt, optional population.txt,
 * file_parameters.json, metadata.json, and one extension folder per satellite kind
 * (F.txt, F_Y.txt for final users' direct amounts, unit.txt, file_parameters.json) plus
 * `primary_inputs/` for the primary-input rows. Tab-separated, pandas' multi-row headers,
 * numbers as shortest round-trip decimals (pymrio itself writes %.12g). Pure: returns the
 * files (relative path → bytes).
 */

const TAB = /[\t\r\n]/;

export interface PymrioExportOptions {
  readonly population?: RegionVector;
  /** Written to metadata.json (e.g. the dataset's title and provenance note). */
  readonly description?: string;
  readonly version?: string;
}

interface Table {
  /** Names of the row-index levels (pandas index names). */
  readonly indexNames: readonly string[];
  readonly rowLabels: readonly (readonly string[])[];
  /** Names of the column levels; two or more give pandas' multi-row header. */
  readonly columnNames: readonly string[];
  readonly columnLabels: readonly (readonly string[])[]; // per column, one label per level
  readonly cell: (row: number, col: number) => string;
}

function writeTable(t: Table): Uint8Array {
  const out = new LineBuffer();
  const nIdx = t.indexNames.length;
  const pad = new Array(nIdx - 1).fill('');
  if (t.columnNames.length === 1) {
    out.line([...t.indexNames, ...t.columnLabels.map((c) => c[0])].join('\t'));
  } else {
    t.columnNames.forEach((name, level) => {
      out.line([name, ...pad, ...t.columnLabels.map((c) => c[level])].join('\t'));
    });
    // pandas' row of index names, no numbers.
    out.line([...t.indexNames, ...new Array(t.columnLabels.length).fill('')].join('\t'));
  }
  const cols = t.columnLabels.length;
  t.rowLabels.forEach((labels, r) => {
    const f = new Array<string>(cols);
    for (let c = 0; c < cols; c++) f[c] = t.cell(r, c);
    out.line([...labels, ...f].join('\t'));
  });
  return out.bytes();
}

interface FileEntry {
  readonly name: string;
  readonly nr_index_col: string;
  readonly nr_header: string;
}

function parametersJson(files: Record<string, FileEntry>, systemtype: string, name?: string): Uint8Array {
  const p = { files, systemtype, ...(name !== undefined ? { name } : {}) };
  return Buffer.from(`${JSON.stringify(p, null, 4)}\n`, 'utf8');
}

function entry(name: string, t: Pick<Table, 'indexNames' | 'columnNames'>): FileEntry {
  return { name, nr_index_col: String(t.indexNames.length), nr_header: String(t.columnNames.length) };
}

/** Extension folders: one per satellite kind, split when only some accounts have direct amounts. */
function extensionGroups(satellites: readonly SatelliteAccount[]): [string, SatelliteAccount[]][] {
  const groups = new Map<string, SatelliteAccount[]>();
  for (const s of satellites) {
    const mixed =
      satellites.some((t) => t.kind === s.kind && t.direct) &&
      satellites.some((t) => t.kind === s.kind && !t.direct);
    const key = mixed && s.direct ? `${s.kind}_direct` : s.kind;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(s);
  }
  return [...groups];
}

export function pymrioFolderFiles(m: Mrio, o: PymrioExportOptions = {}): Map<string, Uint8Array> {
  const { regions, sectors } = m;
  const cats = m.finalDemand.categories;
  const { G, N, K, n } = checkTableLabels(m, TAB);
  checkLabel(m.monetaryUnit, 'monetary unit', TAB);
  const rs: string[][] = [];
  for (let r = 0; r < G; r++) for (let i = 0; i < N; i++) rs.push([regions[r], sectors[i]]);
  const rc: string[][] = [];
  for (let r = 0; r < G; r++) for (let k = 0; k < K; k++) rc.push([regions[r], cats[k]]);
  const label = (k: number) => `${rs[k][0]} / ${rs[k][1]}`;
  const num = (v: number, where: () => string) => exactDecimal(v, where);
  const files = new Map<string, Uint8Array>();
  const params: Record<string, FileEntry> = {};

  const zT: Table = {
    indexNames: ['region', 'sector'],
    rowLabels: rs,
    columnNames: ['region', 'sector'],
    columnLabels: rs,
    cell: (i, j) => num(m.Z.data[i * n + j], () => `Z[${label(i)}, ${label(j)}]`),
  };
  files.set('Z.txt', writeTable(zT));
  params.Z = entry('Z.txt', zT);
  const yT: Table = {
    indexNames: ['region', 'sector'],
    rowLabels: rs,
    columnNames: ['region', 'category'],
    columnLabels: rc,
    cell: (i, j) => num(m.finalDemand.Y.data[i * G * K + j], () => `Y[${label(i)}, ${rc[j].join(' / ')}]`),
  };
  files.set('Y.txt', writeTable(yT));
  params.Y = entry('Y.txt', yT);
  const xT: Table = {
    indexNames: ['region', 'sector'],
    rowLabels: rs,
    columnNames: ['indout'],
    columnLabels: [['indout']],
    cell: (i) => num(m.x[i], () => `x[${label(i)}]`),
  };
  files.set('x.txt', writeTable(xT));
  params.x = entry('x.txt', xT);
  const uT: Table = {
    indexNames: ['region', 'sector'],
    rowLabels: rs,
    columnNames: ['unit'],
    columnLabels: [['unit']],
    cell: () => m.monetaryUnit,
  };
  files.set('unit.txt', writeTable(uT));
  params.unit = entry('unit.txt', uT);
  if (o.population) {
    const pop = o.population;
    if (pop.regions.length !== G || pop.regions.some((r, k) => r !== regions[k]))
      throw new ExportError('population: regions differ from the table’s');
    // pandas writes an unnamed index and unnamed columns: an empty first header field.
    const pT: Table = {
      indexNames: [''],
      rowLabels: [['Population']],
      columnNames: [''],
      columnLabels: regions.map((r) => [r]),
      cell: (_, j) => num(pop.values[j], () => `population[${regions[j]}]`),
    };
    files.set('population.txt', writeTable(pT));
    params.population = entry('population.txt', pT);
  }
  files.set('file_parameters.json', parametersJson(params, 'IOSystem'));
  // pymrio's MRIOMetaData keys ('mrio_name' in pymrio < 0.5, 'name' after); no timestamp, so two
  // exports of one dataset are byte-identical.
  const meta = {
    description: o.description ?? '',
    name: m.name,
    mrio_name: m.name,
    system: null,
    version: o.version ?? '',
    history: [`vchain - FILEIO -  exported by vchain from '${m.name}'`],
  };
  files.set('metadata.json', Buffer.from(`${JSON.stringify(meta, null, 4)}\n`, 'utf8'));

  for (const [folder, accounts] of extensionGroups(m.satellites))
    writeExtension(files, folder, accounts, { rs, rc, G, K, n, num });
  if (m.primaryInputs && m.primaryInputs.length > 0)
    writeExtension(
      files,
      'primary_inputs',
      m.primaryInputs.map((p) => ({ name: p.name, unit: m.monetaryUnit, kind: 'other', values: p.values })),
      { rs, rc, G, K, n, num },
      'inputtype',
    );
  return files;
}

function writeExtension(
  files: Map<string, Uint8Array>,
  folder: string,
  accounts: readonly SatelliteAccount[],
  c: {
    rs: string[][];
    rc: string[][];
    G: number;
    K: number;
    n: number;
    num: (v: number, where: () => string) => string;
  },
  indexName = 'stressor',
): void {
  for (const a of accounts) {
    checkLabel(a.name, 'satellite account', TAB);
    checkLabel(a.unit, `unit of '${a.name}'`, TAB);
  }
  const params: Record<string, FileEntry> = {};
  const fT: Table = {
    indexNames: [indexName],
    rowLabels: accounts.map((a) => [a.name]),
    columnNames: ['region', 'sector'],
    columnLabels: c.rs,
    cell: (k, j) =>
      c.num(accounts[k].values[j], () => `satellite '${accounts[k].name}' [${c.rs[j][0]} / ${c.rs[j][1]}]`),
  };
  files.set(`${folder}/F.txt`, writeTable(fT));
  params.F = entry('F.txt', fT);
  if (accounts.some((a) => a.direct)) {
    // vchain keeps final users' direct amounts per region only: written under the first category.
    const fyT: Table = {
      indexNames: [indexName],
      rowLabels: accounts.map((a) => [a.name]),
      columnNames: ['region', 'category'],
      columnLabels: c.rc,
      cell: (k, j) =>
        j % c.K === 0
          ? c.num(accounts[k].direct![j / c.K], () => `direct '${accounts[k].name}' [${c.rc[j][0]}]`)
          : '0',
    };
    files.set(`${folder}/F_Y.txt`, writeTable(fyT));
    params.F_Y = entry('F_Y.txt', fyT);
  }
  const uT: Table = {
    indexNames: [indexName],
    rowLabels: accounts.map((a) => [a.name]),
    columnNames: ['unit'],
    columnLabels: [['unit']],
    cell: (k) => accounts[k].unit,
  };
  files.set(`${folder}/unit.txt`, writeTable(uT));
  params.unit = entry('unit.txt', uT);
  files.set(`${folder}/file_parameters.json`, parametersJson(params, 'Extension', folder));
}
