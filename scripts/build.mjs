#!/usr/bin/env node
// Builds what the `vchain` command and `import 'vchain/…'` run: src/ → dist/ (JavaScript,
// declarations, source maps) with tsc, then the explorer's front end web/ → web/dist/ with Vite.
// npm runs it on install (`prepare`: `npm ci`, also with --omit=dev, which is why typescript and
// vite are dependencies). Plain JavaScript, so it runs before anything is compiled.
//
//   node scripts/build.mjs              build (dist/ is replaced as a whole)
//   node scripts/build.mjs --if-stale   only when src/ or the tsconfig changed since the last build
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = '.vchain-build.json';
const LOCK = join(ROOT, '.vchain-build.lock');
const INPUTS = ['tsconfig.json', 'tsconfig.build.json'];

/** Hash of everything tsc reads: src/ and both tsconfig files. */
function sourceHash() {
  const h = createHash('sha256');
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(join(ROOT, 'src'));
  for (const f of INPUTS) files.push(join(ROOT, f));
  for (const f of files.sort()) {
    h.update(relative(ROOT, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

function builtHash() {
  try {
    return JSON.parse(readFileSync(join(DIST, STAMP), 'utf8')).sourceHash;
  } catch {
    return null;
  }
}

/** One build at a time (npm start and a test run may both want one); a lock older than 5 min is stale. */
async function withLock(fn) {
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        continue;
      }
      if (age > 300_000) rmSync(LOCK, { force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function compile(want) {
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  const tmp = join(ROOT, `.dist.tmp-${randomBytes(4).toString('hex')}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', tmp], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`tsc failed (exit ${r.status ?? r.signal}); dist/ left as it was`);
  }
  writeFileSync(join(tmp, STAMP), JSON.stringify({ sourceHash: want, builtAt: new Date().toISOString() }));
  const old = join(ROOT, `.dist-old.tmp-${randomBytes(4).toString('hex')}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(tmp, DIST);
  rmSync(old, { recursive: true, force: true });
  return (performance.now() - t0) / 1000;
}

const ifStale = process.argv.includes('--if-stale');
const quiet = process.argv.includes('--quiet');
const log = (m) => {
  if (!quiet) process.stderr.write(`${m}\n`);
};

await withLock(async () => {
  const want = sourceHash();
  if (ifStale && builtHash() === want && existsSync(join(DIST, 'cli', 'main.js'))) return;
  const s = compile(want);
  log(`vchain build: src/ → dist/ in ${s.toFixed(1)} s`);
});
// The front end checks its own sources' hash (web/dist/.vchain-build.json) and rebuilds only when stale.
const { ensureWebBuild } = await import(pathToFileURL(join(DIST, 'server', 'webBuild.js')).href);
await ensureWebBuild({ log: (m) => log(m.replace(/^vchain serve: /, 'vchain build: ')) });
