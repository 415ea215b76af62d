import { parseDecimalBytes } from './decimalNumber.ts';
import { type DelimitedRecord, scanDelimited } from './delimitedText.ts';
import { clipEcho, InputError } from './inputError.ts';

/**
 * A matrix with label rows above and label columns to its left, as pandas writes a DataFrame
 * with a (multi-)index and (multi-level) columns: `nrHeader` header rows whose first `nrIndex`
 * fields name the column levels, optionally pandas' row of index names (no numbers), then one
 * row per index entry — pymrio's text tables (tab-separated) and the wide CSV layout.
 */
export interface LabelledTable {
  readonly file: string;
  readonly rowLabels: readonly (readonly string[])[];
  readonly colLabels: readonly (readonly string[])[];
  /** rows × cols, row-major. */
  readonly data: Float64Array;
  /** 1-based line of each data row in the file, for messages. */
  readonly lines: readonly number[];
}

export interface LabelledTableOptions {
  readonly delimiter: ',' | '\t';
  readonly nrIndex: number;
  readonly nrHeader: number;
  /** What the file should be (messages about the path). */
  readonly expected: string;
  /**
   * Spreadsheet habit: an empty outer label is the one to its left (header rows) or above
   * (label columns), as merged cells leave them. The innermost level is never filled.
   */
  readonly fillLabels?: boolean;
  /**
   * Data rows expected once the column count is known (pymrio's Z and A are square): storage is
   * sized once, so the numbers are neither moved while growing nor copied at the end. Any other
   * row count is still read.
   */
  readonly expectedRows?: (cols: number) => number;
}

/** Growable row-major storage of numbers, for tables whose row count is not known in advance. */
class RowStore {
  data: Float64Array;
  rows = 0;
  constructor(
    readonly cols: number,
    expectedRows = 64,
  ) {
    this.data = new Float64Array(Math.max(cols, 1) * Math.max(expectedRows, 1));
  }
  row(): number {
    const need = (this.rows + 1) * this.cols;
    if (need > this.data.length) {
      const bigger = new Float64Array(Math.max(need, this.data.length * 2));
      bigger.set(this.data.subarray(0, this.rows * this.cols));
      this.data = bigger;
    }
    return this.rows++ * this.cols;
  }
  result(): Float64Array {
    const n = this.rows * this.cols;
    return n === this.data.length ? this.data : this.data.slice(0, n);
  }
}

/** Fields from, …, from + count − 1 of `r` as numbers into out[at…] (a small function: V8 optimises its loop on its own). */
function numberFields(r: DelimitedRecord, from: number, count: number, out: Float64Array, at: number): void {
  const bytes = r.bytes;
  const starts = r.starts;
  const ends = r.ends;
  for (let c = 0; c < count; c++) {
    const k = from + c;
    const v = parseDecimalBytes(bytes, starts[k], ends[k]);
    out[at + c] = !Number.isNaN(v) ? v : r.number(k, k + 1);
  }
}

/** Reads a labelled table (see LabelledTable); every data field must be a decimal number. */
export function readLabelledTable(file: string, o: LabelledTableOptions): LabelledTable {
  const { nrIndex, nrHeader } = o;
  const header: string[][] = [];
  const headerLines: number[] = [];
  let width = 0;
  let cols = 0;
  let namesRowChecked = false;
  let store: RowStore | undefined;
  const rowLabels: string[][] = [];
  const lines: number[] = [];
  const fill = o.fillLabels === true;
  const onRecord = (r: DelimitedRecord) => {
    if (header.length < nrHeader) {
      const h: string[] = [];
      for (let k = 0; k < r.count; k++) h.push(r.text(k).trim());
      if (header.length === 0) {
        width = r.count;
        cols = width - nrIndex;
        if (cols <= 0)
          throw new InputError(file, 'no data columns', r.line, undefined, `more than ${nrIndex} fields`);
      } else if (r.count !== width)
        throw new InputError(
          file,
          `header row has ${r.count} fields`,
          r.line,
          undefined,
          `${width} like row 1`,
        );
      header.push(h);
      headerLines.push(r.line);
      return;
    }
    let count = r.count;
    // pandas may leave a trailing separator; one empty extra field is tolerated.
    if (count === width + 1 && r.blank(width)) count--;
    if (!namesRowChecked) {
      namesRowChecked = true;
      // pandas writes a row of index names ('region  sector  <empty…>') after a multi-row header.
      let names = count === width;
      for (let k = nrIndex; names && k < width; k++) if (!r.blank(k)) names = false;
      if (names) return;
    }
    if (count !== width)
      throw new InputError(
        file,
        `row has ${count} fields`,
        r.line,
        undefined,
        `${width} (${nrIndex} labels + ${cols} numbers)`,
      );
    const labels: string[] = [];
    const prev = rowLabels[rowLabels.length - 1];
    for (let k = 0; k < nrIndex; k++) {
      let l = r.text(k).trim();
      if (fill && l === '' && k < nrIndex - 1 && prev) l = prev[k];
      labels.push(l);
    }
    rowLabels.push(labels);
    lines.push(r.line);
    store ??= new RowStore(cols, o.expectedRows?.(cols));
    const at = store.row();
    numberFields(r, nrIndex, cols, store.data, at);
  };
  scanDelimited(file, { delimiter: o.delimiter, expected: o.expected }, onRecord);
  if (header.length < nrHeader)
    throw new InputError(
      file,
      header.length === 0 ? 'empty file' : `only ${header.length} lines`,
      undefined,
      undefined,
      `${nrHeader} header rows and data`,
    );
  if (!store) throw new InputError(file, 'no data rows', undefined, undefined, 'at least one data row');
  const colLabels: string[][] = [];
  for (let c = 0; c < cols; c++) colLabels.push(header.map((h) => h[nrIndex + c]));
  if (fill)
    for (let level = 0; level < nrHeader - 1; level++)
      for (let c = 1; c < cols; c++)
        if (colLabels[c][level] === '') colLabels[c][level] = colLabels[c - 1][level];
  return { file, rowLabels, colLabels, data: store.result(), lines };
}

/** Region-major (region, sector) labels, checked against the order regions × sectors. */
export function labelOrder(
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

export function checkOrder(
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

/** The core of a labelled MRIO: Z (or A), Y and optional x tables checked against one another. */
export interface MrioTablesLayout {
  readonly regions: string[];
  readonly sectors: string[];
  readonly categories: string[];
  /** Intermediate flows (Z = A·diag(x) when the table held coefficients). */
  readonly Z: Float64Array;
  readonly x?: Float64Array;
}

/**
 * Regions and sectors from Z's (or A's) rows, checked against its columns and Y's rows; Y's
 * categories, the same for every region; x, one value per row. With `fromA` the first table
 * holds technical coefficients and Z = A·diag(x) (pymrio's calc_Z): x is then required, and
 * `missingX` names where it should have been.
 */
export function mrioTablesLayout(
  Zt: LabelledTable,
  Yt: LabelledTable,
  xt: LabelledTable | undefined,
  fromA: boolean,
  missingX: () => InputError,
): MrioTablesLayout {
  const order = labelOrder(Zt.file, Zt.rowLabels, 'row', Zt.lines);
  const { regions, sectors } = order;
  order.check(regions, sectors);
  checkOrder(Zt.file, Zt.colLabels, 'column', regions, sectors);
  const n = regions.length * sectors.length;
  checkOrder(Yt.file, Yt.rowLabels, 'row', regions, sectors, Yt.lines);
  const categories: string[] = [];
  for (const l of Yt.colLabels) if (!categories.includes(l[1] ?? '')) categories.push(l[1] ?? '');
  checkOrder(Yt.file, Yt.colLabels, 'column', regions, categories);
  let x: Float64Array | undefined;
  if (xt) {
    checkOrder(xt.file, xt.rowLabels, 'row', regions, sectors, xt.lines);
    if (xt.colLabels.length !== 1)
      throw new InputError(
        xt.file,
        `${xt.colLabels.length} value columns`,
        undefined,
        undefined,
        'one (total output)',
      );
    x = xt.data;
  }
  let Z = Zt.data;
  if (fromA) {
    if (!x) throw missingX();
    Z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Z[i * n + j] = Zt.data[i * n + j] * x[j];
  }
  return { regions, sectors, categories, Z, ...(x ? { x } : {}) };
}
