// Vitest global setup: the tests that run `bin/vchain.js` as a user would run the compiled
// dist/, so it is rebuilt first when src/ changed since the last build (scripts/build.mjs
// --if-stale; a no-op on a fresh `npm ci`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('scripts/build.mjs failed: the compiled CLI cannot be tested');
}
