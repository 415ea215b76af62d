import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { clipEcho, InputError } from './inputError.ts';

/**
 * Input files as the readers see them: bytes read with the path named in every failure (not
 * found, a folder where a file is expected, no permission), then decoded as strict UTF-8 — an
 * invalid byte is an error naming its offset, row and column, never a silent U+FFFD in every
 * output (docs/formats.md, "Encoding").
 */

function pathProblem(e: unknown, kind: 'file' | 'folder'): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'not found';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return kind === 'folder' ? 'is a file, not a folder' : 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (cannot read the ${kind})`;
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'ENAMETOOLONG':
      return 'path too long';
    default:
      return `cannot read the ${kind} (${code ?? (e as Error).message})`;
  }
}

/** The bytes of an input file, or an InputError naming the path, what is wrong and what was expected. */
export function readInputBytes(path: string, expected: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InputError(path, pathProblem(e, 'file'), undefined, undefined, expected);
  }
}

/** Checks that `path` is a readable file (InputError naming the path otherwise), without reading it. */
export function requireFile(path: string, expected: string): void {
  try {
    if (statSync(path).isDirectory())
      throw new InputError(path, 'is a folder, not a file', undefined, undefined, expected);
    accessSync(path, constants.R_OK);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, pathProblem(e, 'file'), undefined, undefined, expected);
  }
}

/** Checks that `path` is a readable folder (InputError naming the path otherwise). */
export function requireFolder(path: string, expected: string): void {
  try {
    if (!statSync(path).isDirectory())
      throw new InputError(path, 'is a file, not a folder', undefined, undefined, expected);
    readdirSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, pathProblem(e, 'folder'), undefined, undefined, expected);
  }
}

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode 15, table
 * 3-7: no overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut by the end), or -1.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

export interface ByteLocation {
  /** 1-based line (row) of the byte. */
  readonly row: number;
  /** 1-based field of the byte on its line when a delimiter is given (quotes respected), else the 1-based byte column. */
  readonly column: number;
  /** The header's name of that field (first line), when the byte lies below it and the header names it. */
  readonly columnName?: string;
}

/** Row and column of byte `offset` (fields split at `delimiter` outside double quotes). */
export function locateByte(b: Uint8Array, offset: number, delimiter?: string): ByteLocation {
  let row = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (b[i] === 0x0a) {
      row++;
      lineStart = i + 1;
    }
  if (delimiter === undefined) return { row, column: offset - lineStart + 1 };
  const d = delimiter.charCodeAt(0);
  let field = 1;
  let quoted = false;
  for (let i = lineStart; i < offset; i++) {
    if (b[i] === 0x22) quoted = !quoted;
    else if (b[i] === d && !quoted) field++;
  }
  let columnName: string | undefined;
  if (row > 1) {
    let end = b.indexOf(0x0a);
    if (end < 0) end = b.length;
    const header = new TextDecoder('utf-8').decode(b.subarray(0, end)).replace(/^\uFEFF/, '');
    const name = header.replace(/\r$/, '').split(delimiter)[field - 1]?.replace(/^"|"$/g, '');
    if (name) columnName = name;
  }
  return { row, column: field, ...(columnName !== undefined ? { columnName } : {}) };
}

const hex = (x: number) => `0x${x.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Strict UTF-8 text of `bytes` (a leading byte-order mark dropped). An invalid byte is an
 * InputError naming the byte, its offset, row and column (field `delimiter`-separated when given).
 */
export function decodeUtf8(bytes: Uint8Array, file: string, delimiter?: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const off = Math.max(at, 0);
    const loc = locateByte(bytes, off, delimiter);
    const utf16 =
      off === 0 &&
      bytes.length >= 2 &&
      ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    throw new InputError(
      file,
      `byte ${hex(bytes[off] ?? 0)} at byte offset ${off} is not valid UTF-8${utf16 ? ' (the file starts with a UTF-16 byte-order mark)' : ''}`,
      loc.row,
      loc.columnName ?? loc.column,
      'UTF-8 text: save the file as UTF-8 (e.g. `iconv -f GBK -t UTF-8` or `-f LATIN1`)',
    );
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** An input file as strict UTF-8 text (see decodeUtf8); `expected` says what the path should be. */
export function readInputText(path: string, expected: string, delimiter?: string): string {
  return decodeUtf8(readInputBytes(path, expected), path, delimiter);
}

/** An input JSON file: path and encoding errors as readInputText, a syntax error named as such. */
export function readInputJson(path: string, expected: string): unknown {
  const text = readInputText(path, expected);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(path, `invalid JSON (${(e as Error).message})`, undefined, undefined, expected);
  }
}

/**
 * A text format whose every line ends with a line break: a file whose last line lacks it may
 * have been cut short, possibly inside its last number (40 read as 4), and is refused.
 */
export function requireFinalLineBreak(text: string, file: string): void {
  if (text === '' || /[\r\n]$/.test(text)) return;
  const start = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
  let row = 1;
  for (let i = 0; i < start; i++) if (text.charCodeAt(i) === 10) row++;
  throw new InputError(
    file,
    `the file ends without a line break after ${clipEcho(text.slice(start), 40)}: it may have been cut short (a cut inside the last number changes its value)`,
    row,
    undefined,
    'every line, the last one too, to end with a line break; if the file is complete, add a newline at its end',
  );
}
