import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DECIMAL_EXPECTED, decimalAt, parseDecimalBytes } from './decimalNumber.ts';
import { clipEcho, InputError } from './inputError.ts';
import { firstInvalidUtf8, readInputBytes, requireFile } from './textFile.ts';

/**
 * Large delimited text tables (CSV, pymrio's tab-separated tables) read as bytes in chunks: a
 * record's fields are offsets into the chunk, numbers are parsed from the bytes
 * (parseDecimalBytes) and labels are decoded only when asked for — no string per cell, no array
 * per row. The reading rules are those of docs/formats.md §6 (strict UTF-8 with an optional BOM,
 * RFC 4180 quotes, a line break after the last line, blank lines skipped, rows numbered by their
 * line); messages match the whole-file readers (csvFile.ts, textFile.ts). A `.gz` file is
 * decompressed in memory first (gzip has no synchronous streaming API in Node).
 */

const CHUNK = 1 << 22;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** One record of a delimited file, valid only during the callback that receives it. */
export class DelimitedRecord {
  /** Bytes holding the record (fields are offsets into them). */
  bytes: Uint8Array = new Uint8Array(0);
  /** Number of fields. */
  count = 0;
  /** 1-based line of the record's first byte. */
  line = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 1 where a quoted field holds doubled quotes ("") to be undone when decoded. */
  escaped = new Uint8Array(64);
  private readonly decoder = new TextDecoder('utf-8');

  constructor(readonly file: string) {}

  grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    this.starts = s;
    const e = new Int32Array(n);
    e.set(this.ends);
    this.ends = e;
    const q = new Uint8Array(n);
    q.set(this.escaped);
    this.escaped = q;
  }

  /** Field k (0-based) as text (UTF-8 already checked; doubled quotes undone). */
  text(k: number): string {
    const t = this.decoder.decode(this.bytes.subarray(this.starts[k], this.ends[k]));
    return this.escaped[k] ? t.replaceAll('""', '"') : t;
  }

  /** True when field k is empty or only spaces and tabs. */
  blank(k: number): boolean {
    for (let i = this.starts[k]; i < this.ends[k]; i++) {
      const c = this.bytes[i];
      if (c !== 0x20 && c !== 0x09) return false;
    }
    return true;
  }

  /** Field k as a decimal number (docs/formats.md §6), or an InputError naming file, line and `column`. */
  number(k: number, column: string | number, expected = DECIMAL_EXPECTED): number {
    const v = parseDecimalBytes(this.bytes, this.starts[k], this.ends[k]);
    if (!Number.isNaN(v)) return v; // not NaN
    return decimalAt(this.text(k), this.file, this.line, column, expected);
  }
}

export interface DelimitedOptions {
  /** Field separator: ',' or '\t'. */
  readonly delimiter: ',' | '\t';
  /** What the file should be, for messages about the path. */
  readonly expected: string;
  /** Called with the header record once it is known (names used to locate encoding errors). */
  readonly headerNames?: () => readonly string[] | undefined;
  /** Bytes read at a time (default 4 MiB; tests use tiny chunks to cut records anywhere). */
  readonly chunkBytes?: number;
}

/** Reads all of a file (decompressed when its name ends in .gz). */
function wholeFile(path: string, expected: string): Uint8Array {
  const raw = readInputBytes(path, expected);
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new InputError(path, `cannot decompress (${(e as Error).message})`, undefined, undefined, expected);
  }
}

const hex = (x: number) => `0x${x.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Calls `onRecord` for every non-blank record of a delimited file, in order. Stops with an
 * InputError at the first problem of encoding, quoting or the end of the file.
 */
export function scanDelimited(
  path: string,
  opts: DelimitedOptions,
  onRecord: (r: DelimitedRecord) => void,
): void {
  const gz = /\.gz$/i.test(path);
  let whole: Uint8Array | undefined;
  let fd = -1;
  if (gz) whole = wholeFile(path, opts.expected);
  else {
    requireFile(path, opts.expected);
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new InputError(
        path,
        `cannot open (${(e as Error).message})`,
        undefined,
        undefined,
        opts.expected,
      );
    }
  }
  try {
    new Scanner(path, opts, onRecord).run(whole, fd);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

class Scanner {
  private readonly record: DelimitedRecord;
  private readonly delim: number;
  /** File offset of buf[0]. */
  private base = 0;
  /** Line number of the first byte of buf. */
  private line = 1;
  private first = true;

  constructor(
    private readonly file: string,
    private readonly opts: DelimitedOptions,
    private readonly onRecord: (r: DelimitedRecord) => void,
  ) {
    this.record = new DelimitedRecord(file);
    this.delim = opts.delimiter.charCodeAt(0);
  }

  run(whole: Uint8Array | undefined, fd: number): void {
    if (whole) {
      this.chunk(whole, 0, whole.length, true);
      return;
    }
    let buf = Buffer.allocUnsafe(this.opts.chunkBytes ?? CHUNK);
    let have = 0; // bytes of buf holding data (carry + new)
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // one record longer than a chunk
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const got = readSync(fd, buf, have, buf.length - have, null);
      const end = have + got;
      const eof = got === 0;
      const used = this.chunk(buf, 0, end, eof);
      if (eof) return;
      // Carry the incomplete record to the front.
      buf.copy(buf, 0, used, end);
      this.base += used;
      have = end - used;
    }
  }

  /**
   * Processes the complete records of buf[from, end); returns the offset where the first
   * incomplete record starts (all of it at the end of the file, where nothing may be left).
   */
  private chunk(buf: Uint8Array, from: number, end: number, eof: boolean): number {
    let p = from;
    if (this.first) {
      if (end - p < 3 && !eof) return p;
      if (buf[p] === 0xef && buf[p + 1] === 0xbb && buf[p + 2] === 0xbf) p += 3;
      this.first = false;
    }
    // Complete lines end at the last LF; bytes after it wait for the next chunk.
    let complete = end;
    if (!eof) {
      complete = buf.lastIndexOf(LF, end - 1) + 1;
      if (complete <= p) return p;
    }
    this.checkUtf8(buf, p, complete, eof);
    const r = this.record;
    r.bytes = buf;
    const d = this.delim;
    while (p < complete) {
      // Blank line (LF or CRLF alone).
      if (buf[p] === LF) {
        p++;
        this.line++;
        continue;
      }
      if (buf[p] === CR && p + 1 < complete && buf[p + 1] === LF) {
        p += 2;
        this.line++;
        continue;
      }
      const recStart = p;
      const recLine = this.line;
      let k = 0;
      let lines = 0;
      let done = false;
      for (;;) {
        if (k === r.starts.length) r.grow();
        if (p < end && buf[p] === QUOTE) {
          // Quoted field: up to the closing quote; "" is a quote inside.
          let q = p + 1;
          let escaped = 0;
          for (;;) {
            while (q < end && buf[q] !== QUOTE) {
              if (buf[q] === LF) lines++;
              q++;
            }
            if (q >= end) {
              if (!eof) return recStart; // wait for more bytes
              throw new InputError(
                this.file,
                'a quoted field is never closed (the file may have been cut short)',
                recLine,
                undefined,
                'RFC 4180 CSV (fields with commas or quotes in "…", quotes doubled)',
              );
            }
            if (q + 1 < end && buf[q + 1] === QUOTE) {
              escaped = 1;
              q += 2;
              continue;
            }
            if (q + 1 >= end && !eof) return recStart;
            break;
          }
          r.starts[k] = p + 1;
          r.ends[k] = q;
          r.escaped[k] = escaped;
          p = q + 1;
          const c = p < end ? buf[p] : -1;
          if (c !== d && c !== LF && c !== CR && c !== -1)
            throw new InputError(
              this.file,
              `characters after the closing quote of field ${k + 1}`,
              recLine + lines,
              k + 1,
              'a delimiter or the end of the line right after a closing quote (quotes inside a field doubled)',
            );
        } else {
          let q = p;
          while (q < end && buf[q] !== d && buf[q] !== LF) q++;
          r.starts[k] = p;
          r.escaped[k] = 0;
          let fieldEnd = q;
          if (q < end && buf[q] === LF && fieldEnd > p && buf[fieldEnd - 1] === CR) fieldEnd--;
          else if (q === end && fieldEnd > p && buf[fieldEnd - 1] === CR) fieldEnd--;
          r.ends[k] = fieldEnd;
          p = q;
        }
        k++;
        if (p < end && buf[p] === d) {
          p++;
          continue;
        }
        if (p < end && buf[p] === CR && p + 1 < end && buf[p + 1] === LF) p++;
        if (p < end && buf[p] === LF) {
          p++;
          lines++;
          done = true;
        } else if (p >= end && eof) {
          this.finalLineBreakMissing(buf, recStart, end, recLine + lines);
        } else if (p >= end) return recStart;
        break;
      }
      if (!done) return recStart;
      r.count = k;
      r.line = recLine;
      this.line += lines;
      // A line holding one blank field ('', '   ', '""') is a blank line, as csvFile.ts has it.
      if (k === 1 && r.text(0).trim() === '') continue;
      this.onRecord(r);
    }
    return p;
  }

  /** docs/formats.md §6: a last line without a line break may have been cut short. */
  private finalLineBreakMissing(buf: Uint8Array, start: number, end: number, line: number): never {
    const tail = new TextDecoder('utf-8').decode(buf.subarray(start, end));
    throw new InputError(
      this.file,
      `the file ends without a line break after ${clipEcho(tail, 40)}: it may have been cut short (a cut inside the last number changes its value)`,
      line,
      undefined,
      'every line, the last one too, to end with a line break; if the file is complete, add a newline at its end',
    );
  }

  /** Strict UTF-8 (docs/formats.md §6) of buf[from, to); an invalid byte is named with its offset, row and column. */
  private checkUtf8(buf: Uint8Array, from: number, to: number, eof: boolean): void {
    if (isUtf8(buf.subarray(from, to))) return;
    let at = firstInvalidUtf8(buf.subarray(from, to));
    if (at < 0) {
      // A sequence cut by `to` is complete in the next chunk unless the file ends here.
      if (!eof) return;
      at = to - from - 1;
    }
    const off = from + at;
    let row = this.line;
    let lineStart = from;
    for (let i = from; i < off; i++)
      if (buf[i] === LF) {
        row++;
        lineStart = i + 1;
      }
    let field = 1;
    let quoted = false;
    for (let i = lineStart; i < off; i++) {
      if (buf[i] === QUOTE) quoted = !quoted;
      else if (buf[i] === this.delim && !quoted) field++;
    }
    // The header's names (callers that name columns by header pass headerNames; in the first
    // chunk the header may not have been handed over yet, so it is read from the bytes).
    let names: readonly string[] | undefined;
    if (row > 1 && this.opts.headerNames) {
      names = this.opts.headerNames();
      if (!names && this.base === 0) {
        let end = buf.indexOf(LF, from);
        if (end < 0) end = to;
        names = new TextDecoder('utf-8')
          .decode(buf.subarray(from, end))
          .replace(/\r$/, '')
          .split(this.opts.delimiter)
          .map((h) => h.replace(/^"|"$/g, ''));
      }
    }
    const name = names?.[field - 1];
    const fileOffset = this.base + off;
    const utf16 =
      fileOffset === 0 &&
      to - from >= 2 &&
      ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
    throw new InputError(
      this.file,
      `byte ${hex(buf[off])} at byte offset ${fileOffset} is not valid UTF-8${utf16 ? ' (the file starts with a UTF-16 byte-order mark)' : ''}`,
      row,
      name ? name : field,
      'UTF-8 text: save the file as UTF-8 (e.g. `iconv -f GBK -t UTF-8` or `-f LATIN1`)',
    );
  }
}

/**
 * Labels of a table looked up from a field's bytes: the label after the previous match and the
 * previous match itself are tried first (files in the table's order hit one of them), then a
 * hash of the bytes; only a quoted field with doubled quotes, or one whose surrounding
 * whitespace is not ASCII, is decoded to text. Fields are compared with their surrounding spaces
 * and tabs removed, like the readers' trim().
 */
export class LabelIndex {
  private readonly bytes: Uint8Array[] = [];
  private readonly byHash = new Map<number, number[]>();
  private readonly byText = new Map<string, number>();
  private last = 0;
  private readonly encoder = new TextEncoder();

  constructor(labels: readonly string[] = []) {
    for (const l of labels) this.add(l);
  }

  get size(): number {
    return this.bytes.length;
  }

  /** The labels, in index order. */
  labels(): string[] {
    const out: string[] = new Array(this.byText.size);
    for (const [l, k] of this.byText) out[k] = l;
    return out;
  }

  /** Adds a label (trimmed text), returning its index. */
  add(label: string): number {
    const k = this.bytes.length;
    const b = this.encoder.encode(label);
    this.bytes.push(b);
    this.byText.set(label, k);
    const h = hashBytes(b, 0, b.length);
    const list = this.byHash.get(h);
    if (list) list.push(k);
    else this.byHash.set(h, [k]);
    return k;
  }

  /** Index of the label in field k of `r`, or -1. */
  find(r: DelimitedRecord, k: number): number {
    const buf = r.bytes;
    let s = r.starts[k];
    let e = r.ends[k];
    if (!r.escaped[k]) {
      while (s < e && isAsciiSpace(buf[s])) s++;
      while (e > s && isAsciiSpace(buf[e - 1])) e--;
      const n = this.bytes.length;
      if (n === 0) return -1;
      const last = this.last;
      const next = last + 1 < n ? last + 1 : 0;
      if (sameBytes(this.bytes[next], buf, s, e)) return (this.last = next);
      if (sameBytes(this.bytes[last], buf, s, e)) return last;
      const list = this.byHash.get(hashBytes(buf, s, e));
      if (list) for (const i of list) if (sameBytes(this.bytes[i], buf, s, e)) return (this.last = i);
      // Non-ASCII bytes at either end may be Unicode whitespace that trim() removes.
      if (s === e || (buf[s] < 0x80 && buf[e - 1] < 0x80)) return -1;
    }
    const i = this.byText.get(r.text(k).trim());
    if (i === undefined) return -1;
    this.last = i;
    return i;
  }
}

const isAsciiSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c;

function sameBytes(label: Uint8Array, buf: Uint8Array, s: number, e: number): boolean {
  if (label.length !== e - s) return false;
  for (let i = 0; i < label.length; i++) if (label[i] !== buf[s + i]) return false;
  return true;
}

/** FNV-1a over bytes[s, e). */
function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}
