import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { InputError } from './inputError.ts';
import {
  buildOutputManifest,
  checkFileTarget,
  checkFolderTarget,
  type FolderTargetState,
  OUTPUT_MANIFEST,
  type OutputManifest,
  type OutputTargetOptions,
} from './outputSafety.ts';

/**
 * An output folder that appears all at once and never costs the user a file (README "What --out
 * promises"). The target is checked before any work (`checkFolderTarget`): a new path, an empty
 * folder, or an unchanged earlier vchain output. Files are written into a hidden sibling temp
 * folder; `commit()` checks the target again, puts the temp folder in its place and deletes only
 * the files the earlier output's manifest lists. `abort()` (or a signal) removes the temp folder
 * and any parent folders this object created.
 */
export class AtomicOutputDir {
  readonly target: string;
  readonly temp: string;
  private done = false;
  private readonly createdParents: string[] = [];
  private readonly options: OutputTargetOptions;
  private readonly digests = new Map<string, { bytes: number; sha256: string }>();

  constructor(target: string, options: OutputTargetOptions = {}) {
    this.options = options;
    checkFolderTarget(target, options);
    this.target = resolve(target);
    const parent = dirname(this.target);
    this.createdParents = makeParents(parent);
    this.temp = join(parent, `.${basename(this.target)}.tmp-${randomBytes(4).toString('hex')}`);
    activeDirs.add(this);
    mkdirSync(this.temp);
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

  /** Records the digest of a file a writer streamed (`relative` as in `path`), for the manifest. */
  recordDigest(relative: string, bytes: number, sha256: string): void {
    this.digests.set(relative.split(sep).join('/'), { bytes, sha256 });
  }

  commit(): void {
    if (this.done) return;
    // Checked again: the folder may have changed while the command worked.
    let state: FolderTargetState;
    try {
      state = checkFolderTarget(this.target, this.options);
    } catch (e) {
      this.abort();
      throw e;
    }
    writeFileSync(
      join(this.temp, OUTPUT_MANIFEST),
      `${JSON.stringify(buildOutputManifest(this.temp, this.options.command ?? 'vchain', this.digests), null, 1)}\n`,
    );
    if (state.kind === 'absent') renameSync(this.temp, this.target);
    else if (state.kind === 'empty') {
      rmdirSync(this.target); // fails (and keeps it) if something appeared meanwhile
      renameSync(this.temp, this.target);
    } else {
      const old = `${this.temp}.old`;
      renameSync(this.target, old);
      renameSync(this.temp, this.target);
      removeListedFiles(old, state.manifest);
    }
    this.done = true;
    activeDirs.delete(this);
  }

  /** Writes every file, then commits; on any failure nothing is left behind. */
  commitFiles(files: Iterable<readonly [string, string | Uint8Array]>): void {
    try {
      for (const [name, content] of files) this.write(name, content);
      this.commit();
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  abort(): void {
    if (this.done) return;
    rmSync(this.temp, { recursive: true, force: true });
    removeEmptyCreated(this.createdParents);
    this.done = true;
    activeDirs.delete(this);
  }
}

/** Creates `dir` and missing ancestors; returns the ones created, deepest first. */
function makeParents(dir: string): string[] {
  const missing: string[] = [];
  let d = dir;
  while (!existsSync(d)) {
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  mkdirSync(dir, { recursive: true });
  return missing;
}

function removeEmptyCreated(dirs: readonly string[]): void {
  for (const d of dirs) {
    try {
      if (readdirSync(d).length === 0) rmdirSync(d);
      else return;
    } catch {
      return;
    }
  }
}

/**
 * Deletes the files an earlier output's manifest lists (and the manifest), then the folders left
 * empty. Anything else found there — which the checks exclude unless it appeared during the run —
 * is left in place and reported.
 */
function removeListedFiles(dir: string, m: OutputManifest): void {
  for (const f of [...m.files.map((x) => x.path), OUTPUT_MANIFEST]) {
    const p = join(dir, ...f.split('/'));
    try {
      if (lstatSync(p).isFile()) unlinkSync(p);
    } catch {
      // already gone
    }
  }
  const prune = (d: string): boolean => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) prune(p);
    }
    if (readdirSync(d).length > 0) return false;
    rmdirSync(d);
    return true;
  };
  if (!prune(dir))
    process.stderr.write(
      `vchain: warning: files that appeared in the earlier output while this command ran were kept in ${dir}\n`,
    );
}

const activeDirs = new Set<AtomicOutputDir>();

/** Removes every uncommitted temp folder: called on errors, signals and exit. */
export function abortAllOutputs(): void {
  for (const d of [...activeDirs]) d.abort();
}

/**
 * Writes one file atomically (temp file in the same folder, then rename) where `checkFileTarget`
 * allows it: a new path, or an existing file `isOwnUnchanged` recognises as vchain's own.
 */
export function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: OutputTargetOptions & { readonly isOwnUnchanged?: (bytes: Buffer) => boolean } = {},
): void {
  const { exists } = checkFileTarget(path, options);
  const target = resolve(path);
  const created = makeParents(dirname(target));
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(tmp, content);
    if (exists) renameSync(tmp, target);
    else {
      // link() never replaces: a file that appeared since the check is kept and reported.
      try {
        linkSync(tmp, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new InputError(
            options.option ?? '--out',
            `'${path}' appeared while vchain was writing`,
            undefined,
            undefined,
            'a new file name',
          );
        throw e;
      }
      unlinkSync(tmp);
    }
  } catch (e) {
    rmSync(tmp, { force: true });
    removeEmptyCreated(created);
    throw e;
  }
}

/** Checks a single-file output path before the work that produces it (same rules as writing). */
export function checkOutputFile(
  path: string,
  options: OutputTargetOptions & { readonly isOwnUnchanged?: (bytes: Buffer) => boolean } = {},
): void {
  checkFileTarget(path, options);
}

/** Checks a folder output path before the work that fills it (same rules as `AtomicOutputDir`). */
export function checkOutputFolder(path: string, options: OutputTargetOptions = {}): void {
  checkFolderTarget(path, options);
}
