import { readFileSync } from 'node:fs';
import { linalgUsed } from '../linalg/gemm.ts';
import { digestInput, type InputDigest } from './inputDigest.ts';

export { digestInput, type InputDigest, sha256File } from './inputDigest.ts';

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

/**
 * The common part of every run.json: inputs with SHA-256 (paths are digested here; digests
 * computed beforehand are taken as they are), options, versions; extra fields merged.
 */
export function runManifest(
  command: string,
  inputs: readonly (string | InputDigest)[],
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
    inputs: inputs.map((i) => (typeof i === 'string' ? digestInput(i) : i)),
    options,
    ...extra,
  };
}
