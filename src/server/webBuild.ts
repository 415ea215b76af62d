import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The explorer's front-end folder (web/ at the repository root). */
export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../web');
const STAMP = '.vchain-build.json';

/** Files whose content decides the build: index.html, the Vite config and everything in src/. */
function sourceFiles(webDir: string): string[] {
  const out = [join(webDir, 'index.html'), join(webDir, 'vite.config.ts')];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(join(webDir, 'src'));
  return out.filter((p) => existsSync(p)).sort();
}

/** Hash of the front-end sources, stored with a build so a stale web/dist/ is rebuilt. */
export function webSourceHash(webDir = WEB_DIR): string {
  const h = createHash('sha256');
  for (const f of sourceFiles(webDir)) {
    h.update(relative(webDir, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

function builtHash(distDir: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(distDir, STAMP), 'utf8')) as { sourceHash: string }).sourceHash;
  } catch {
    return null;
  }
}

/**
 * Returns web/dist/, building it with Vite's build API first if it is missing or older than the
 * sources (a clean clone after `npm ci` needs no extra step). The build goes to a temp folder
 * renamed into place, so a concurrent reader never sees half a build; a lock file keeps two
 * processes from building at once.
 */
export async function ensureWebBuild(
  opts: { webDir?: string; log?: (msg: string) => void } = {},
): Promise<string> {
  const webDir = opts.webDir ?? WEB_DIR;
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const distDir = join(webDir, 'dist');
  const want = webSourceHash(webDir);
  if (builtHash(distDir) === want && existsSync(join(distDir, 'index.html'))) return distDir;

  const lock = join(webDir, '.vchain-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      // Someone else is building: wait for their result, or take over a lock left by a crash.
      if (builtHash(distDir) === want) return distDir;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > 180_000 || Date.now() > deadline) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (builtHash(distDir) === want) return distDir;
    let vite: typeof import('vite');
    try {
      vite = await import('vite');
    } catch {
      throw new Error(
        'the explorer front end is not built and Vite (a dependency of vchain) is not installed; run `npm ci` first',
      );
    }
    log('vchain serve: building the explorer front end with Vite (first start or sources changed)…');
    const t0 = performance.now();
    const tmp = join(webDir, `.dist.tmp-${randomBytes(4).toString('hex')}`);
    try {
      await vite.build({
        configFile: join(webDir, 'vite.config.ts'),
        root: webDir,
        logLevel: 'warn',
        build: { outDir: tmp, emptyOutDir: true },
      });
      writeFileSync(
        join(tmp, STAMP),
        JSON.stringify({ sourceHash: want, builtAt: new Date().toISOString() }),
      );
      const old = join(webDir, `.dist-old.tmp-${randomBytes(4).toString('hex')}`);
      if (existsSync(distDir)) renameSync(distDir, old);
      mkdirSync(dirname(distDir), { recursive: true });
      renameSync(tmp, distDir);
      rmSync(old, { recursive: true, force: true });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    log(`vchain serve: front end built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return distDir;
  } finally {
    rmSync(lock, { force: true });
  }
}
