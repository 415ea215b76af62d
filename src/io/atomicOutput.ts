import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * An output folder that appears all at once: files are written into a hidden sibling temp folder,
 * which replaces the target on `commit()`. `abort()` (or a crash) leaves the target untouched.
 */
export class AtomicOutputDir {
  readonly target: string;
  readonly temp: string;
  private done = false;

  constructor(target: string) {
    this.target = resolve(target);
    const parent = dirname(this.target);
    mkdirSync(parent, { recursive: true });
    this.temp = join(parent, `.${basename(this.target)}.tmp-${randomBytes(4).toString('hex')}`);
    mkdirSync(this.temp, { recursive: true });
    activeDirs.add(this);
  }

  /** Absolute path of a file inside the (temporary) output folder; creates sub-folders. */
  path(relative: string): string {
    const p = join(this.temp, relative);
    mkdirSync(dirname(p), { recursive: true });
    return p;
  }

  write(relative: string, content: string | Uint8Array): void {
    writeFileSync(this.path(relative), content);
  }

  commit(): void {
    if (this.done) return;
    const old = `${this.temp}.old`;
    if (existsSync(this.target)) renameSync(this.target, old);
    renameSync(this.temp, this.target);
    if (existsSync(old)) rmSync(old, { recursive: true, force: true });
    this.done = true;
    activeDirs.delete(this);
  }

  abort(): void {
    if (this.done) return;
    rmSync(this.temp, { recursive: true, force: true });
    this.done = true;
    activeDirs.delete(this);
  }
}

const activeDirs = new Set<AtomicOutputDir>();

/** Removes every uncommitted temp folder: called on errors and on SIGINT/SIGTERM. */
export function abortAllOutputs(): void {
  for (const d of [...activeDirs]) d.abort();
}

/** Writes one file atomically (temp file in the same folder, then rename). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
