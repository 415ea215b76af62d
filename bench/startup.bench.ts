// `npm run bench startup`: how long the compiled CLI takes to answer before it does any work
// (issue 15: `vchain --version` within 5× of `node -e 0`). Wall-clock of whole processes,
// median of 15 after 2 warm-ups each, alternated so machine load hits both alike.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 15;
const WARM = 2;

function seconds(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

export async function run(): Promise<void> {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('scripts/build.mjs failed');
  const bin = join(ROOT, 'bin/vchain.js');
  const cases: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'vchain --version': [bin, '--version'],
    'vchain --help': [bin, '--help'],
    'vchain run --help': [bin, 'run', '--help'],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < WARM + RUNS; i++)
    for (const [name, args] of Object.entries(cases)) {
      const t = seconds(args);
      if (i >= WARM) times[name]!.push(t);
    }
  const base = median(times['node -e 0']!);
  for (const [name, ts] of Object.entries(times)) {
    const m = median(ts);
    process.stdout.write(
      `${name.padEnd(20)} median ${(m * 1000).toFixed(0).padStart(5)} ms (min ${(Math.min(...ts) * 1000).toFixed(0)}, max ${(Math.max(...ts) * 1000).toFixed(0)}) = ${(m / base).toFixed(2)}× node -e 0\n`,
    );
  }
  const ratio = median(times['vchain --version']!) / base;
  process.stdout.write(
    `vchain --version / node -e 0 = ${ratio.toFixed(2)} (target ≤ 5): ${ratio <= 5 ? 'met' : 'NOT met'}\n`,
  );
}
