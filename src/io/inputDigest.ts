import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface InputDigest {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** For a folder: every file inside with its own digest (the folder digest hashes this list). */
  readonly files?: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
}

const HASH_CHUNK = 1 << 22;

/** SHA-256 of a file, read in 4 MiB pieces (a 450 MiB table is not held twice in memory). */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(HASH_CHUNK);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buf, 0, HASH_CHUNK, null); n > 0; n = readSync(fd, buf, 0, HASH_CHUNK, null))
      hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
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

// The worker imports this module (compiled JavaScript under the `vchain` command, TypeScript
// through tsx's hooks under vitest and `npm run vchain`) and digests the paths it is given.
const DIGEST_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
  const { digestInput } = await import(workerData.entry);
  parentPort.postMessage({ digests: workerData.paths.map((p) => digestInput(p)) });
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

/** Digests being computed on a worker thread; `result()` waits for them. */
export interface PendingDigests {
  result(): Promise<InputDigest[]>;
}

/**
 * Digests of `paths` computed on a worker thread while the caller reads and computes: hashing a
 * 450 MiB pymrio folder takes 2–2.5 s, which on the calling thread came after everything else.
 * The worker does not keep the process alive until `result()` is awaited, so a command that fails
 * before then exits as it would have.
 */
export function digestInputsInBackground(paths: readonly string[]): PendingDigests {
  const fromSources = import.meta.url.endsWith('.ts');
  const worker = new Worker(DIGEST_WORKER, {
    eval: true,
    execArgv: [],
    workerData: {
      paths: [...paths],
      entry: import.meta.url,
      tsxApi: fromSources ? import.meta.resolve('tsx/esm/api') : null,
    },
  });
  worker.unref();
  const done = new Promise<InputDigest[]>((resolveDigests, reject) => {
    worker.once('message', (m: { digests?: InputDigest[]; error?: string }) => {
      if (m.digests) resolveDigests(m.digests);
      else reject(new Error(`input digests: ${m.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`input digests: worker exited with code ${code}`)));
  });
  done.catch(() => {}); // a failure surfaces through result(); a command that failed earlier never asks
  return {
    result: () => {
      worker.ref();
      return done;
    },
  };
}
