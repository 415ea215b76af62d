// Preparing bad inputs inside a sandbox: copy a fixture in, then damage the copy.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { FIXTURES, makeSandbox, type Sandbox } from './sandbox.ts';

/** A sandbox for one test file, removed after its tests. */
export function fileSandbox(label: string): Sandbox {
  const sb = makeSandbox(label);
  afterAll(() => rmSync(sb.root, { recursive: true, force: true }));
  return sb;
}

/** Copies `test/fixtures/<fixture>` to `<sandbox>/<as>` and returns the copy's path. */
export function copyFixture(sb: Sandbox, fixture: string, as: string): string {
  const to = sb.path(as);
  cpSync(join(FIXTURES, fixture), to, { recursive: true });
  return to;
}

/** Rewrites a text file in place through `edit` (the file must be inside the sandbox). */
export function editText(sb: Sandbox, path: string, edit: (text: string) => string): void {
  if (!path.startsWith(sb.root)) throw new Error(`${path} is outside the sandbox`);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

/** Rewrites a file's bytes in place through `edit`. */
export function editBytes(sb: Sandbox, path: string, edit: (bytes: Buffer) => Uint8Array): void {
  if (!path.startsWith(sb.root)) throw new Error(`${path} is outside the sandbox`);
  writeFileSync(path, edit(readFileSync(path)));
}

/** Bytes of `text` (UTF-8) with Latin-1 'é' (0xE9, invalid as UTF-8) in place of every '\u00e9'. */
export function latin1(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

/** An edit replacing field `col` (1-based) of line `row` (1-based) of a `delimiter`-separated text. */
export const fieldSetter =
  (delimiter: string) => (row: number, col: number, value: string) => (text: string) =>
    text
      .split('\n')
      .map((l, k) => {
        if (k !== row - 1) return l;
        const f = l.split(delimiter);
        f[col - 1] = value;
        return f.join(delimiter);
      })
      .join('\n');
