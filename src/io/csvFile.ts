import Papa from 'papaparse';
import { type DelimitedRecord, scanDelimited } from './delimitedText.ts';
import { clipEcho, InputError } from './inputError.ts';
import { decodeUtf8, readInputBytes, requireFinalLineBreak } from './textFile.ts';

/**
 * The CSV rules every reader shares (docs/formats.md, "CSV files"): strict UTF-8 (optional BOM),
 * comma-separated with RFC 4180 quotes, a header row whose names carry no surrounding spaces and
 * appear once, every row with the header's number of fields, at least one data row, and a line
 * break at the end of the last line. Blank lines are skipped; rows keep their line numbers.
 */
export interface CsvFile {
  readonly file: string;
  readonly header: readonly string[];
  /** Data rows (blank lines dropped), fields as written (not trimmed). */
  readonly rows: readonly (readonly string[])[];
  /** 1-based line of each data row in the file (the header is line 1 unless comments precede it). */
  readonly lines: readonly number[];
  /** 1-based line of the header. */
  readonly headerLine: number;
}

export interface CsvReadOptions {
  /** What the file should be, for messages about the path (e.g. 'a CSV region,population'). */
  readonly expected: string;
  /** Columns that must be in the header (exact names, after `lowercaseHeader`). */
  readonly required?: readonly string[];
  /** Header names compared in lower case (the header is returned lowercased). */
  readonly lowercaseHeader?: boolean;
  /** Lines starting with this before the header are comments (skipped). */
  readonly commentPrefix?: string;
  /**
   * Accept a last line without a line break. Only for published third-party tables whose copies
   * are pinned by checksum (dataset sources): some are distributed that way.
   */
  readonly lastLineBreakOptional?: boolean;
}

const isBlank = (r: readonly string[]) => r.length === 1 && r[0].trim() === '';

/** Parses CSV text under the shared rules (see CsvFile); `file` names it in errors. */
export function parseCsvText(text: string, file: string, opts: CsvReadOptions): CsvFile {
  if (text.trim() === '')
    throw new InputError(file, 'empty file', 1, undefined, `a header row (${opts.expected})`);
  if (!opts.lastLineBreakOptional) requireFinalLineBreak(text, file);
  let skipped = 0;
  let body = text;
  if (opts.commentPrefix !== undefined) {
    const prefix = opts.commentPrefix;
    while (body.startsWith(prefix)) {
      const nl = body.indexOf('\n');
      body = nl < 0 ? '' : body.slice(nl + 1);
      skipped++;
    }
  }
  const parsed = Papa.parse<string[]>(body, { delimiter: ',', skipEmptyLines: false });
  // Line of each record: one more than the previous record's, plus line breaks inside its quoted fields.
  const starts: number[] = [];
  let line = skipped + 1;
  for (const r of parsed.data) {
    starts.push(line);
    line += 1;
    for (const f of r) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) line++;
  }
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    const at = e.row !== undefined ? starts[e.row] : undefined;
    const what =
      e.code === 'MissingQuotes'
        ? 'a quoted field is never closed (the file may have been cut short)'
        : `CSV syntax: ${e.message}`;
    throw new InputError(
      file,
      what,
      at,
      undefined,
      'RFC 4180 CSV (fields with commas or quotes in "…", quotes doubled)',
    );
  }
  let h = 0;
  while (h < parsed.data.length && isBlank(parsed.data[h])) h++;
  if (h === parsed.data.length)
    throw new InputError(file, 'empty file', 1, undefined, `a header row (${opts.expected})`);
  const rawHeader = parsed.data[h];
  const headerLine = starts[h];
  checkHeader(file, rawHeader, headerLine, opts);
  const header = opts.lowercaseHeader ? rawHeader.map((x) => x.toLowerCase()) : [...rawHeader];
  for (const c of opts.required ?? [])
    if (!header.includes(c))
      throw new InputError(
        file,
        `missing column '${c}' (the header reads ${clipEcho(rawHeader.join(','), 160)})`,
        headerLine,
        c,
        `columns ${opts.required!.join(',')}`,
      );
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let k = h + 1; k < parsed.data.length; k++) {
    const r = parsed.data[k];
    if (isBlank(r)) continue;
    if (r.length !== header.length)
      throw new InputError(
        file,
        `row has ${r.length} field${r.length === 1 ? '' : 's'}, the header ${header.length}`,
        starts[k],
        undefined,
        `${header.length} comma-separated fields as in the header (${clipEcho(rawHeader.join(','), 120)})`,
      );
    rows.push(r);
    lines.push(starts[k]);
  }
  if (rows.length === 0)
    throw new InputError(
      file,
      'no data rows (the file holds only its header)',
      headerLine + 1,
      undefined,
      'at least one data row',
    );
  return { file, header, rows, lines, headerLine };
}

export function checkHeader(
  file: string,
  header: readonly string[],
  line: number,
  opts: Pick<CsvReadOptions, 'lowercaseHeader' | 'expected'>,
): void {
  const seen = new Map<string, number>();
  header.forEach((name, k) => {
    if (name !== name.trim())
      throw new InputError(
        file,
        `header name ${clipEcho(name)} has spaces around it (spaces after the commas of the header?)`,
        line,
        k + 1,
        `${clipEcho(name.trim())} without spaces: the header reads ${clipEcho(header.join(','), 160)}`,
      );
    const key = opts.lowercaseHeader ? name.toLowerCase() : name;
    const first = seen.get(key);
    if (key !== '' && first !== undefined)
      throw new InputError(
        file,
        `header names ${clipEcho(name)} twice (columns ${first} and ${k + 1})`,
        line,
        k + 1,
        'each column once',
      );
    seen.set(key, k + 1);
  });
  if (header.length === 1 && /[;\t]/.test(header[0]))
    throw new InputError(
      file,
      `the header ${clipEcho(header[0])} has no commas: the file looks ${header[0].includes(';') ? 'semicolon' : 'tab'}-separated`,
      line,
      undefined,
      `comma-separated values (${opts.expected})`,
    );
}

/** Reads a CSV input file under the shared rules (path, encoding, header, rows, end of file). */
export function readCsvFile(path: string, opts: CsvReadOptions): CsvFile {
  return parseCsvText(decodeUtf8(readInputBytes(path, opts.expected), path, ','), path, opts);
}

/** The rows of `t` as records keyed by header name. */
export function csvRecords(t: CsvFile): Record<string, string>[] {
  return t.rows.map((r) => {
    const o: Record<string, string> = {};
    t.header.forEach((name, j) => {
      o[name] = r[j];
    });
    return o;
  });
}

/** A CSV with `required` columns read under the shared rules, as records with their file lines. */
export function readCsvRecords(
  path: string,
  required: readonly string[],
): { file: string; rows: Record<string, string>[]; lines: readonly number[] } {
  const t = readCsvFile(path, { expected: `a CSV with columns ${required.join(',')}`, required });
  return { file: path, rows: csvRecords(t), lines: t.lines };
}

/**
 * Streams the data rows of a large CSV under the shared rules (see CsvFile) without building
 * strings: `onRow` gets each record (fields as byte offsets, valid during the call) and the
 * 0-based position of every `required` column. Returns the number of data rows.
 */
export function scanCsvRows(
  path: string,
  opts: { readonly expected: string; readonly required: readonly string[] },
  onRow: (r: DelimitedRecord, at: Readonly<Record<string, number>>) => void,
): number {
  let header: string[] | undefined;
  let headerLine = 0;
  let at: Record<string, number> = {};
  let rows = 0;
  scanDelimited(path, { delimiter: ',', expected: opts.expected, headerNames: () => header }, (r) => {
    if (!header) {
      const h: string[] = [];
      for (let k = 0; k < r.count; k++) h.push(r.text(k));
      checkHeader(path, h, r.line, { expected: opts.expected });
      at = {};
      for (const c of opts.required) {
        const k = h.indexOf(c);
        if (k < 0)
          throw new InputError(
            path,
            `missing column '${c}' (the header reads ${clipEcho(h.join(','), 160)})`,
            r.line,
            c,
            `columns ${opts.required.join(',')}`,
          );
        at[c] = k;
      }
      header = h;
      headerLine = r.line;
      return;
    }
    if (r.count !== header.length)
      throw new InputError(
        path,
        `row has ${r.count} field${r.count === 1 ? '' : 's'}, the header ${header.length}`,
        r.line,
        undefined,
        `${header.length} comma-separated fields as in the header (${clipEcho(header.join(','), 120)})`,
      );
    rows++;
    onRow(r, at);
  });
  if (!header) throw new InputError(path, 'empty file', 1, undefined, `a header row (${opts.expected})`);
  if (rows === 0)
    throw new InputError(
      path,
      'no data rows (the file holds only its header)',
      headerLine + 1,
      undefined,
      'at least one data row',
    );
  return rows;
}
