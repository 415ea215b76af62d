import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { linalgUsed } from '../linalg/gemm.ts';

export interface InputDigest {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** For a folder: every file inside with its own digest (the folder digest hashes this list). */
  readonly files?: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** SHA-256 of an input file, or of a folder (sorted list of `sha256  relative/path` lines). */
export function digestInput(path: string): InputDigest {
  const abs = resolve(path);
  const st = statSync(abs);
  if (!st.isDirectory()) return { path: abs, sha256: sha256File(abs), bytes: st.size };
  const files = walk(abs).map((f) => ({
    path: relative(abs, f),
    sha256: sha256File(f),
    bytes: statSync(f).size,
  }));
  const list = files.map((f) => `${f.sha256}  ${f.path}`).join('\n');
  return {
    path: abs,
    sha256: createHash('sha256').update(list).digest('hex'),
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    files,
  };
}

let cachedVersion: string | undefined;
/** vchain's version from package.json. */
export function vchainVersion(): string {
  if (cachedVersion) return cachedVersion;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    cachedVersion = String(pkg.version);
  } catch {
    cachedVersion = 'unknown';
  }
  return cachedVersion;
}

export interface RunManifest {
  readonly tool: 'vchain';
  readonly version: string;
  readonly command: string;
  readonly startedAt: string;
  readonly node: string;
  readonly platform: string;
  /** Kernel and threads of the dense linear algebra (null when the command used none). */
  readonly linearAlgebra: { readonly kernel: string; readonly threads: number } | null;
  readonly inputs: readonly InputDigest[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly [extra: string]: unknown;
}

/** The common part of every run.json: inputs with SHA-256, options, versions; extra fields merged. */
export function runManifest(
  command: string,
  inputs: readonly string[],
  options: Readonly<Record<string, unknown>>,
  extra: Readonly<Record<string, unknown>> = {},
  startedAt: Date = new Date(),
): RunManifest {
  return {
    tool: 'vchain',
    version: vchainVersion(),
    command,
    startedAt: startedAt.toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    linearAlgebra: linalgUsed(),
    inputs: inputs.map(digestInput),
    options,
    ...extra,
  };
}
