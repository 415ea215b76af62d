import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, relative, resolve, sep } from 'node:path';
import { sha256File } from './inputDigest.ts';
import { InputError } from './inputError.ts';

/**
 * What vchain may write over (README "What --out promises"): a path that does not exist, an
 * empty folder, or a folder vchain wrote itself — recognised by its manifest `vchain-output.json`,
 * every file of which is still as vchain wrote it and nothing else is there. Everything else is
 * refused before any work starts: a folder of other files, a file, the current directory or an
 * ancestor of it, the home folder, a filesystem root, an input, a symbolic link.
 */
export const OUTPUT_MANIFEST = 'vchain-output.json';
const MANIFEST_FORMAT = 'vchain-output/1';

export interface OutputManifestFile {
  readonly path: string; // relative, '/'-separated
  readonly bytes: number;
  readonly sha256: string;
}

export interface OutputManifest {
  readonly tool: 'vchain';
  readonly format: typeof MANIFEST_FORMAT;
  readonly command: string;
  readonly files: readonly OutputManifestFile[];
}

export interface OutputTargetOptions {
  /** The option that named the target, for messages (default '--out'). */
  readonly option?: string;
  /** The command writing (recorded in the manifest). */
  readonly command?: string;
  /** Paths the command reads: the target may neither be one nor contain one. */
  readonly inputs?: readonly (string | undefined)[];
}

/** Absolute path with every existing prefix resolved through symbolic links. */
export function realResolve(p: string): string {
  let abs = resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(abs);
      return rest.length ? join(real, ...rest.reverse()) : real;
    } catch {
      const parent = dirname(abs);
      if (parent === abs) return resolve(p);
      rest.push(basename(abs));
      abs = parent;
    }
  }
}

/** True when `p` is `dir` or inside it (both absolute, resolved). */
export function isWithin(p: string, dir: string): boolean {
  const r = relative(dir, p);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !parse(r).root);
}

function refuse(option: string, target: string, what: string, how: string): never {
  throw new InputError(option, `'${target}' ${what}`, undefined, undefined, how);
}

/** Up to `max` entry names of a folder, for messages. */
function someEntries(dir: string, max = 4): string {
  const names = readdirSync(dir).sort();
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** Every regular file below `dir` as '/'-separated relative paths, sorted; links and others reported. */
export function listFiles(dir: string): { files: string[]; others: string[] } {
  const files: string[] = [];
  const others: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p, rel);
      else if (st.isFile()) files.push(rel);
      else others.push(rel);
    }
  };
  walk(dir, '');
  return { files, others };
}

/**
 * The manifest of every file now in `dir` (written last, so it does not list itself). `known`:
 * digests taken while a writer streamed a file (used when the size still matches), so large
 * tables are not read back.
 */
export function buildOutputManifest(
  dir: string,
  command: string,
  known: ReadonlyMap<string, { readonly bytes: number; readonly sha256: string }> = new Map(),
): OutputManifest {
  const { files } = listFiles(dir);
  return {
    tool: 'vchain',
    format: MANIFEST_FORMAT,
    command,
    files: files
      .filter((f) => f !== OUTPUT_MANIFEST)
      .map((f) => {
        const p = join(dir, ...f.split('/'));
        const bytes = lstatSync(p).size;
        const k = known.get(f);
        return { path: f, bytes, sha256: k !== undefined && k.bytes === bytes ? k.sha256 : sha256File(p) };
      }),
  };
}

function readManifest(dir: string): OutputManifest | undefined {
  const p = join(dir, OUTPUT_MANIFEST);
  if (!existsSync(p) || !lstatSync(p).isFile()) return undefined;
  try {
    const m = JSON.parse(readFileSync(p, 'utf8')) as OutputManifest;
    if (m.tool !== 'vchain' || m.format !== MANIFEST_FORMAT || !Array.isArray(m.files)) return undefined;
    return m;
  } catch {
    return undefined;
  }
}

/**
 * Why a folder with a manifest may not be replaced: files not in the manifest, files changed or
 * missing since vchain wrote them. Empty when it is exactly vchain's output.
 */
export function manifestProblems(dir: string, m: OutputManifest): string[] {
  const problems: string[] = [];
  const listed = new Map(m.files.map((f) => [f.path, f]));
  const { files, others } = listFiles(dir);
  const foreign = [...files.filter((f) => f !== OUTPUT_MANIFEST && !listed.has(f)), ...others];
  if (foreign.length)
    problems.push(
      `holds ${foreign.length} file(s) vchain did not write (${foreign.slice(0, 4).join(', ')}${foreign.length > 4 ? ', …' : ''})`,
    );
  const changed: string[] = [];
  for (const f of m.files) {
    const p = join(dir, ...f.path.split('/'));
    if (!existsSync(p)) continue; // a file the user deleted is not theirs to lose
    const st = lstatSync(p);
    if (!st.isFile() || st.size !== f.bytes || sha256File(p) !== f.sha256) changed.push(f.path);
  }
  if (changed.length)
    problems.push(
      `has ${changed.length} file(s) changed since vchain wrote them (${changed.slice(0, 4).join(', ')}${changed.length > 4 ? ', …' : ''})`,
    );
  return problems;
}

export type FolderTargetState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'vchain'; readonly manifest: OutputManifest };

/** Refusals common to folder and file targets: cwd and its ancestors, home, roots, inputs. */
function refuseProtectedPaths(shown: string, target: string, o: OutputTargetOptions): void {
  const option = o.option ?? '--out';
  const cwd = realResolve(process.cwd());
  if (isWithin(cwd, target))
    refuse(
      option,
      shown,
      target === cwd ? 'is the current directory' : 'is an ancestor of the current directory',
      `a new folder, e.g. ${option} ./vchain-out`,
    );
  if (parse(target).root === target) refuse(option, shown, 'is a filesystem root', 'a new folder');
  const home = realResolve(homedir());
  if (target === home || isWithin(home, target))
    refuse(
      option,
      shown,
      'is your home folder or contains it',
      `a new folder inside it, e.g. ${join(shown, 'vchain-out')}`,
    );
  for (const input of o.inputs ?? []) {
    if (!input) continue;
    const inp = realResolve(input);
    if (isWithin(inp, target))
      refuse(
        option,
        shown,
        inp === target
          ? `is an input of this command (${input})`
          : `contains an input of this command (${input})`,
        'an output path apart from the inputs',
      );
  }
}

/**
 * Decides whether a folder target may be written (see OUTPUT_MANIFEST); throws an InputError
 * naming what is there and how to proceed otherwise. Pure inspection: changes nothing.
 */
export function checkFolderTarget(targetPath: string, o: OutputTargetOptions = {}): FolderTargetState {
  const option = o.option ?? '--out';
  const abs = resolve(targetPath);
  let st: ReturnType<typeof lstatSync> | undefined;
  try {
    st = lstatSync(abs);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink())
    refuse(
      option,
      targetPath,
      'is a symbolic link',
      'a real folder path (vchain does not write through links)',
    );
  const target = realResolve(abs);
  refuseProtectedPaths(targetPath, target, o);
  if (!st) return { kind: 'absent' };
  if (!st.isDirectory())
    refuse(
      option,
      targetPath,
      'is an existing file, not a folder',
      'a new folder name (vchain never replaces a file with a folder)',
    );
  if (readdirSync(target).length === 0) return { kind: 'empty' };
  const manifest = readManifest(target);
  if (!manifest)
    refuse(
      option,
      targetPath,
      `is a folder of files vchain did not write (${someEntries(target)})`,
      `a new or empty folder, e.g. ${option} ${join(targetPath, 'vchain-out')}`,
    );
  const problems = manifestProblems(target, manifest);
  if (problems.length)
    refuse(
      option,
      targetPath,
      `is an earlier vchain output, but it ${problems.join(' and ')}`,
      'a new folder, or move those files out first (vchain replaces only what it wrote)',
    );
  return { kind: 'vchain', manifest };
}

/**
 * Decides whether a single output file may be written: a new path, or an existing file that
 * `isOwnUnchanged` recognises as vchain's own, unchanged output (e.g. a model file whose
 * self-checksum still holds). Throws an InputError otherwise. Changes nothing.
 */
export function checkFileTarget(
  targetPath: string,
  o: OutputTargetOptions & { readonly isOwnUnchanged?: (bytes: Buffer) => boolean } = {},
): { readonly exists: boolean } {
  const option = o.option ?? '--out';
  const abs = resolve(targetPath);
  let st: ReturnType<typeof lstatSync> | undefined;
  try {
    st = lstatSync(abs);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink()) refuse(option, targetPath, 'is a symbolic link', 'a real file path');
  const target = realResolve(abs);
  refuseProtectedPaths(targetPath, target, o);
  if (!st) return { exists: false };
  if (st.isDirectory()) refuse(option, targetPath, 'is a folder', 'a file name');
  if (!st.isFile()) refuse(option, targetPath, 'is not a regular file', 'a file name');
  if (o.isOwnUnchanged?.(readFileSync(target))) return { exists: true };
  refuse(
    option,
    targetPath,
    'exists and vchain cannot tell that it wrote it unchanged',
    'a new file name, or remove the file yourself first',
  );
}

const SEAL = /,"vchainSha256":"([0-9a-f]{64})"\}\n?$/;

/**
 * Seals a JSON object text that vchain writes as a single file: appends a member with the SHA-256
 * of the text without it, so that a later `--out` to the same path can tell vchain's unchanged
 * file (replaceable) from one edited or written by someone else (refused).
 */
export function sealJson(objectText: string): string {
  const t = objectText.trimEnd();
  if (!t.endsWith('}')) throw new Error('sealJson: not a JSON object text');
  const hash = createHash('sha256').update(t).digest('hex');
  return `${t.slice(0, -1)},"vchainSha256":"${hash}"}\n`;
}

/** True when `bytes` is a sealed JSON text whose seal still matches its content. */
export function isSealedUnchanged(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  const m = SEAL.exec(text);
  if (!m) return false;
  const body = `${text.slice(0, m.index)}}`;
  return createHash('sha256').update(body).digest('hex') === m[1];
}
