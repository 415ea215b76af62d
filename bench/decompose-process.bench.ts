// `npm run bench decompose-process`: the whole `vchain decompose` process (start-up, read, compute,
// write) against the numpy user's script doing the same job (bench/decompose_process_reference.py:
// pandas read of the same pymrio folder, explicit inverse, the same four tables written with
// pandas' to_csv), on random tables with 8 satellites at 31 × 42 and 49 × 100. Fresh processes,
// alternated, median of 3; wall time and peak resident memory from /usr/bin/time. Goal (issue 15):
// vchain ≤ 0.5 × numpy at both sizes.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pymrioFolderFiles } from '../src/io/pymrioWriter.ts';
import { randomMrio } from './decomposition.bench.ts';

const ROOT = join(import.meta.dirname, '..');
const SIZES: [number, number][] = (process.env.VCHAIN_BENCH_SIZES ?? '31x42,49x100')
  .split(',')
  .map((s) => s.split('x').map(Number) as [number, number]);
const SATELLITES = 8;
const REPEATS = 3;

interface Measured {
  seconds: number;
  peakMiB: number;
  stdout: string;
}

/** Runs `cmd` under /usr/bin/time (wall seconds, max RSS). */
function timed(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Measured {
  const tf = join(tmpdir(), `vchain-time-${process.pid}.txt`);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', tf, cmd, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const [e, m] = readFileSync(tf, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  rmSync(tf, { force: true });
  return { seconds: e, peakMiB: m / 1024, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function folderMiB(dir: string): number {
  let b = 0;
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (f.isFile()) b += Buffer.byteLength(readFileSync(join(f.parentPath, f.name)));
  return b / 2 ** 20;
}

export async function run(): Promise<void> {
  const py = ['/usr/bin/python3', 'python3'].find(
    (p) =>
      (p.startsWith('/') ? existsSync(p) : true) && spawnSync(p, ['-c', 'import numpy, pandas']).status === 0,
  );
  if (!existsSync('/usr/bin/time')) {
    console.log('decompose process: skipped (needs /usr/bin/time for peak memory)');
    return;
  }
  console.log(
    `OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}, OPENBLAS_NUM_THREADS=${process.env.OPENBLAS_NUM_THREADS ?? '(unset)'}; vchain via bin/vchain.js (${process.version})`,
  );
  for (const [G, N] of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'vchain-process-'));
    try {
      const src = join(dir, 'mrio');
      for (const [rel, bytes] of pymrioFolderFiles(randomMrio(G, N, SATELLITES))) {
        mkdirSync(dirname(join(src, rel)), { recursive: true });
        writeFileSync(join(src, rel), bytes);
      }
      const ext = readdirSync(src, { withFileTypes: true }).find((d) => d.isDirectory())!.name;
      console.log(
        `${G} × ${N}, ${SATELLITES} satellites: input ${folderMiB(src).toFixed(0)} MiB of pymrio text`,
      );
      const runs: Record<string, Measured[]> = { csv: [], auto: [], numpy: [] };
      // --tables auto is timed too where it picks Parquet for some table (else it is the csv run).
      let autoDiffers = true;
      for (let k = 0; k < REPEATS; k++) {
        for (const tables of ['csv', 'auto'] as const) {
          if (tables === 'auto' && !autoDiffers) continue;
          const out = join(dir, `out-${tables}-${k}`);
          const args = ['bin/vchain.js', 'decompose', '--mrio', src, '--tables', tables, '--out', out];
          runs[tables].push(timed(process.execPath, args));
          if (k === 0 && tables === 'auto') {
            const files = readdirSync(out);
            autoDiffers = files.some((f) => f.endsWith('.parquet'));
            console.log(
              `  vchain --tables auto wrote ${files.join(', ')} (${folderMiB(out).toFixed(0)} MiB)`,
            );
            if (!autoDiffers) runs.auto = [];
          }
          rmSync(out, { recursive: true, force: true });
        }
        if (py) {
          const out = join(dir, `out-numpy-${k}`);
          runs.numpy.push(
            timed(py, [join(import.meta.dirname, 'decompose_process_reference.py'), src, ext, out]),
          );
          if (k === 0) console.log(`  numpy script wrote ${folderMiB(out).toFixed(0)} MiB of CSV`);
          rmSync(out, { recursive: true, force: true });
        }
      }
      const show = (label: string, ms: Measured[]) =>
        `  ${label.padEnd(22)} ${ms.map((m) => m.seconds.toFixed(2)).join(' ')} s: median ${median(ms.map((m) => m.seconds)).toFixed(2)} s, peak ${median(ms.map((m) => m.peakMiB)).toFixed(0)} MiB`;
      console.log(show('vchain --tables csv', runs.csv));
      if (runs.auto.length > 0) console.log(show('vchain --tables auto', runs.auto));
      else console.log('  vchain --tables auto   = --tables csv at this size (every table under 256 MiB)');
      if (!py) {
        console.log('  numpy script: skipped (no python3 with numpy and pandas)');
        continue;
      }
      const np = runs.numpy.map((m) => JSON.parse(m.stdout) as { timings: Record<string, number> });
      console.log(
        `${show('numpy script', runs.numpy)} (in-script: ${['read', 'compute', 'write'].map((s) => `${s} ${median(np.map((o) => o.timings[s])).toFixed(2)}`).join(', ')} s)`,
      );
      const npMed = median(runs.numpy.map((m) => m.seconds));
      for (const t of ['csv', 'auto'].filter((x) => runs[x].length > 0))
        console.log(
          `  ratio vchain (--tables ${t}) / numpy = ${(median(runs[t].map((m) => m.seconds)) / npMed).toFixed(2)} (goal ≤ 0.5), peak memory ${(median(runs[t].map((m) => m.peakMiB)) / median(runs.numpy.map((m) => m.peakMiB))).toFixed(2)}×`,
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
