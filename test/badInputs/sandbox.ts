// The bad-input corpus runs vchain as a user would (a child process) inside a throw-away folder
// under the system temp directory, so that a regression in output safety can only ever hit the
// sandbox. Every case asserts the exit code, the located message, that no output appeared and
// that nothing in the sandbox changed but what the case allows.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const BIN = fileURLToPath(new URL('../../bin/vchain.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Sandbox {
  /** Root of the sandbox (realpath, under the system temp directory). */
  readonly root: string;
  /** A path inside the sandbox. */
  path(...parts: string[]): string;
  /** Writes a file inside the sandbox (creating folders), returns its path. */
  file(rel: string, content: string | Uint8Array): string;
  /** Runs vchain with `cwd` inside the sandbox (default: the root); HOME points into the sandbox. */
  run(
    args: readonly string[],
    opts?: { cwd?: string; env?: Record<string, string>; timeout?: number },
  ): CliResult;
}

export interface CliResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function makeSandbox(label = 'bad'): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `vchain-${label}-`)));
  const inside = (p: string) => {
    const r = relative(root, resolve(p));
    return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && !/^[A-Za-z]:/.test(r));
  };
  mkdirSync(join(root, 'home'), { recursive: true });
  return {
    root,
    path: (...parts) => join(root, ...parts),
    file(rel, content) {
      const p = join(root, rel);
      if (!inside(p)) throw new Error(`sandbox: ${p} is outside ${root}`);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
    run(args, opts = {}) {
      const cwd = opts.cwd ?? root;
      // A case may never run vchain from outside its sandbox: a regression must not reach real files.
      if (!inside(cwd)) throw new Error(`sandbox: cwd ${cwd} is outside ${root}`);
      const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
        cwd,
        encoding: 'utf8',
        timeout: opts.timeout ?? 120_000,
        env: { ...process.env, HOME: join(root, 'home'), VCHAIN_THREADS: '1', ...opts.env },
      });
      return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
  };
}

/** Path → sha256 of content (files) or 'dir' (folders), every entry below `dir`, sorted. */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isDirectory()) {
        out.set(rel, 'dir');
        walk(p);
      } else if (st.isSymbolicLink()) out.set(rel, 'link');
      else out.set(rel, createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** Entries added, removed or changed between two snapshots. */
export function treeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [k, v] of before) {
    if (!after.has(k)) changes.push(`removed ${k}`);
    else if (after.get(k) !== v) changes.push(`changed ${k}`);
  }
  for (const k of after.keys()) if (!before.has(k)) changes.push(`added ${k}`);
  return changes;
}

/**
 * Runs a case that must be refused: exit 2, a one-line located message naming each of `mentions`,
 * no stack trace, and the sandbox exactly as it was before.
 */
export function expectRefused(
  sb: Sandbox,
  args: readonly string[],
  mentions: readonly (string | RegExp)[],
  opts?: { cwd?: string; env?: Record<string, string> },
): CliResult {
  const before = snapshotTree(sb.root);
  const r = sb.run(args, opts);
  const after = snapshotTree(sb.root);
  expect(r.status, `exit code; stderr: ${r.stderr}`).toBe(2);
  expect(r.stderr).toMatch(/^vchain: /m);
  expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  for (const m of mentions) {
    if (typeof m === 'string') expect(r.stderr).toContain(m);
    else expect(r.stderr).toMatch(m);
  }
  expect(treeChanges(before, after), 'nothing in the sandbox changed').toEqual([]);
  return r;
}
