// `npm run bench`: runs every bench/<area>.bench.ts (or only those named on the command line)
// and prints their figures. Speed targets live here, never in tests.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') continue;
  process.stdout.write(`\n=== ${f} ===\n`);
  const t0 = performance.now();
  await mod.run();
  process.stdout.write(`(${f}: ${((performance.now() - t0) / 1000).toFixed(1)} s in all)\n`);
}
