import { constants } from 'node:buffer';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './inputError.ts';

/**
 * The largest string V8 makes (Node 20: 2^29 − 24 ≈ 537 M UTF-16 code units). vchain's text
 * readers read a table file into one string, so a
 * text file beyond this fails inside Node ("Cannot create a string longer than …").
 * At EXIOBASE size (~8,000 sectors) this, not the 4 GiB WebAssembly heap, is the first limit
 * (docs/uncertainty.md, "Scale").
 */
export const MAX_TEXT_CHARS: number = constants.MAX_STRING_LENGTH;

const fmtMB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/**
 * Refuses, before reading, a text table (a file, or every file of a folder and its sub-folders)
 * larger than one JavaScript string can hold: an InputError naming the file, its size and the limit.
 */
export function checkTextTableSize(path: string): void {
  const st = statSync(path);
  const files = st.isDirectory() ? walk(path) : [path];
  for (const f of files) {
    const size = statSync(f).size;
    if (size > MAX_TEXT_CHARS)
      throw new InputError(
        f,
        `${fmtMB(size)} of text; vchain reads a table file as one string, and Node's largest string is ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters (${fmtMB(MAX_TEXT_CHARS)})`,
        undefined,
        undefined,
        'table files under that size (a table of ~8,000 sectors is ~1 GiB of text: its dense Z does not fit; docs/uncertainty.md, "Scale")',
      );
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
