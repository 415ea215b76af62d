/**
 * Dense LU benchmark: ours (src/linalg) vs numpy/OpenBLAS on Leontief-like matrices I − A
 * (A ≥ 0 dense, column sums in [0.2, 0.8]) at n = 1302 (31 regions × 42 sectors) and n = 3000.
 *
 * Timed (best of several runs, wall clock):
 *   ours  "LU"              luFactor(M)
 *         "LU+100 solves"   luFactor(M) then luSolve(f, B) with B n×100
 *         "100 row solves"  luSolveTransposed(f, C) with C 100×n (k row vectors × M⁻¹)
 *   numpy "LU"              numpy.linalg.solve(M, b) with one right-hand side (LAPACK dgesv:
 *                           LU + one O(n²) solve; numpy has no bare LU without scipy)
 *         "LU+100 solves"   numpy.linalg.solve(M, B) with B n×100 (dgesv)
 * Matrices go to numpy through a temp binary file (float64, little-endian) read with numpy.fromfile;
 * file reading is outside the timed region. numpy runs under four environments, each labelled.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  gemmEngine,
  gemmUpdate,
  type KernelName,
  linalgChunkCounts,
  linalgKernelAvailable,
  linalgThreadsInUse,
  setLinalgKernel,
  setLinalgThreads,
  waitForLinalgHelper,
} from '../src/linalg/gemm.ts';
import { luFactor, luRelease, luSolve, luSolveTransposed } from '../src/linalg/lu.ts';
import type { Matrix } from '../src/linalg/matrix.ts';
import { GEMM_FMA, GEMM_SIMD } from '../src/linalg/wasm/gemmBytes.ts';

const K = 100;

function leontiefLike(n: number, seed: number): Matrix {
  let s = seed >>> 0;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const a = new Float64Array(n * n);
  const colSum = new Float64Array(n);
  for (let i = 0; i < n * n; i++) {
    a[i] = rnd();
    colSum[i % n] += a[i];
  }
  const target = new Float64Array(n).map(() => 0.2 + 0.6 * rnd());
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = (i === j ? 1 : 0) - (a[i * n + j] / colSum[j]) * target[j];
  return { rows: n, cols: n, data: a };
}

function rhs(rows: number, cols: number): Matrix {
  const d = new Float64Array(rows * cols);
  for (let i = 0; i < d.length; i++) d[i] = Math.sin(i + 1);
  return { rows, cols, data: d };
}

function best(reps: number, fn: () => void): number {
  let b = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    fn();
    b = Math.min(b, (performance.now() - t) / 1000);
  }
  return b;
}

interface OurTimes {
  lu: number;
  luSolve: number;
  solveT: number;
}

function timeOurs(m: Matrix, reps: number): OurTimes {
  const n = m.rows;
  const b = rhs(n, K);
  const c = rhs(K, n);
  // Factors a timing run does not keep are released (as decomposeValueChain does), so the next
  // factorisation need not first copy them out of the kernel heap.
  luRelease(luFactor(m)); // warm-up (JIT, wasm tier-up, heap growth)
  const lu = best(reps, () => luRelease(luFactor(m)));
  const luS = best(reps, () => {
    const f = luFactor(m);
    luSolve(f, b);
    luRelease(f);
  });
  const f = luFactor(m);
  const solveT = best(reps, () => luSolveTransposed(f, c));
  return { lu, luSolve: luS, solveT };
}

/**
 * Micro-kernel alone: the wasm macro kernel on packed panels (MC×KC A, KC×NC B as in GEMM_*),
 * C with row stride 1302 (as in the n = 1302 LU). "C in L2": the same C block every call;
 * "C streamed": cycles through 12 blocks (~16 MB, as the LU's trailing updates do).
 */
function kernelGflops(v: { mr: number; nr: number; plain: string }): { hot: number; streamed: number } {
  const MC = 128;
  const NC = 512;
  const KC = 256;
  const ldc = 1302;
  const blocks = 12;
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536 });
  const bytes = new Uint8Array(Buffer.from(v.plain, 'base64'));
  const gemm = (
    new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as {
      gemm: (...a: number[]) => void;
    }
  ).gemm;
  const pa = 64;
  const pb = pa + (MC + v.mr) * KC;
  const c = pb + (NC + v.nr) * KC;
  const need = (c + blocks * MC * ldc) * 8;
  memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const h = new Float64Array(memory.buffer);
  for (let i = 0; i < c + blocks * MC * ldc; i++) h[i] = Math.sin(i) * 1e-3;
  const flops = 2 * MC * NC * KC;
  const time = (stream: boolean) => {
    let b = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 40; r++) {
      const t = performance.now();
      for (let q = 0; q < 4; q++)
        gemm(MC, NC, KC, pa, pb, c + (stream ? ((r * 4 + q) % blocks) * MC * ldc : 0), ldc, 0);
      b = Math.min(b, (performance.now() - t) / 4 / 1000);
    }
    return flops / b / 1e9;
  };
  return { hot: time(false), streamed: time(true) };
}

/** GEMM through the public path (packing included): C(651×651) −= A(651×651)·B, as the LU's first Schur update. */
function trailingUpdateGflops(): number {
  const e = gemmEngine();
  const n = 1302;
  const s = 651;
  const h = e.reserve(n * n);
  const o = e.base;
  for (let i = 0; i < n * n; i++) h[o + i] = Math.sin(i) * 1e-3;
  const t = best(8, () => gemmUpdate(e, h, s, s, s, o + s * n, n, o + s, n, o + s * n + s, n));
  return (2 * s * s * s) / t / 1e9;
}

const PY = `
import sys, time, numpy as np
n, k, reps, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
M = np.fromfile(path + '.M', dtype='<f8').reshape(n, n)
B = np.fromfile(path + '.B', dtype='<f8').reshape(n, k)
b = np.ascontiguousarray(B[:, :1])
np.linalg.solve(M, B)
def best(f):
    t = float('inf')
    for _ in range(reps):
        s = time.perf_counter(); f(); t = min(t, time.perf_counter() - s)
    return t
lu = best(lambda: np.linalg.solve(M, b))
lus = best(lambda: np.linalg.solve(M, B))
X = np.linalg.solve(M, B)
X.astype('<f8').tofile(path + '.X')
print(lu, lus)
`;

interface NumpyEnv {
  label: string;
  env: NodeJS.ProcessEnv;
}

function numpyEnvs(): NumpyEnv[] {
  const asIs = { ...process.env };
  const unset = { ...process.env };
  delete unset.OPENBLAS_CORETYPE;
  delete unset.OPENBLAS_L2_SIZE;
  const shown = `OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}, OPENBLAS_L2_SIZE=${process.env.OPENBLAS_L2_SIZE ?? '(unset)'}`;
  return [
    { label: `env as is (${shown})`, env: asIs },
    { label: 'CORETYPE/L2_SIZE unset', env: unset },
    { label: `env as is, OPENBLAS_NUM_THREADS=1`, env: { ...asIs, OPENBLAS_NUM_THREADS: '1' } },
    { label: 'CORETYPE/L2_SIZE unset, OPENBLAS_NUM_THREADS=1', env: { ...unset, OPENBLAS_NUM_THREADS: '1' } },
  ];
}

function numpyAvailable(): boolean {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  return r.status === 0;
}

function timeNumpy(
  dir: string,
  n: number,
  reps: number,
  env: NodeJS.ProcessEnv,
): { lu: number; luSolve: number } | null {
  const r = spawnSync(
    '/usr/bin/python3',
    ['-c', PY, String(n), String(K), String(reps), join(dir, `n${n}`)],
    {
      encoding: 'utf8',
      env,
    },
  );
  if (r.status !== 0) return null;
  const [lu, luSolve] = r.stdout.trim().split(/\s+/).map(Number);
  return { lu, luSolve };
}

const fmt = (s: number) => s.toFixed(4).padStart(8);
const gf = (flops: number, s: number) => (flops / s / 1e9).toFixed(2).padStart(6);

export async function run(): Promise<void> {
  const kernels = (['wasm-fma', 'wasm', 'js'] as KernelName[]).filter(linalgKernelAvailable);
  setLinalgKernel('wasm-fma');
  console.log(`linalg bench — kernel in force: ${gemmEngine().name} (available: ${kernels.join(', ')})`);
  console.log(`ours: best-of-runs wall time; LU flops 2n³/3, solve flops 2n²k (k = ${K})`);
  for (const [label, v, ok] of [
    ['wasm-fma', GEMM_FMA, kernels.includes('wasm-fma')],
    ['wasm', GEMM_SIMD, kernels.includes('wasm')],
  ] as const) {
    if (!ok) continue;
    const k = kernelGflops(v);
    console.log(
      `kernel ${label} ${v.mr}×${v.nr} (MC=128, NC=512, KC=256, best of 40): C in L2 ${k.hot.toFixed(2)} GFLOP/s, C streamed ${k.streamed.toFixed(2)} GFLOP/s`,
    );
  }
  setLinalgThreads(1);
  console.log(
    `gemmUpdate 651×651×651 (ld 1302, packing included, 1 thread): ${trailingUpdateGflops().toFixed(2)} GFLOP/s`,
  );
  const haveNumpy = numpyAvailable();
  const dir = mkdtempSync(join(tmpdir(), 'vchain-linalg-bench-'));
  try {
    for (const [n, reps] of [
      [1302, 5],
      [3000, 2],
    ] as const) {
      const m = leontiefLike(n, n);
      const luFlops = (2 * n ** 3) / 3;
      const solveFlops = 2 * n * n * K;
      console.log(`\nn = ${n}`);
      const byThreads: OurTimes[] = [];
      for (const threads of [2, 1] as const) {
        setLinalgThreads(threads);
        if (threads === 2) waitForLinalgHelper();
        const c0 = linalgChunkCounts();
        const t = timeOurs(m, reps);
        const c1 = linalgChunkCounts();
        const caller = c1.caller - c0.caller;
        const helper = c1.helper - c0.helper;
        const share =
          threads === 2 && caller + helper > 0
            ? ` (helper ran ${Math.round((100 * helper) / (caller + helper))} % of the parallel chunks)`
            : '';
        byThreads.push(t);
        console.log(
          `  ours ${gemmEngine().name} ${linalgThreadsInUse()} thread(s): LU ${fmt(t.lu)} s ${gf(luFlops, t.lu)} GFLOP/s | ` +
            `LU+${K} solves ${fmt(t.luSolve)} s ${gf(luFlops + solveFlops, t.luSolve)} GFLOP/s | ` +
            `${K} row solves (transposed) ${fmt(t.solveT)} s ${gf(solveFlops, t.solveT)} GFLOP/s${share}`,
        );
      }
      setLinalgThreads(2);
      const [ours2, ours1] = byThreads;
      if (n <= 1302)
        for (const k of kernels.filter((x) => x !== 'wasm-fma')) {
          setLinalgKernel(k);
          const t = timeOurs(m, 2);
          console.log(
            `  ours ${k} ${linalgThreadsInUse()} thread(s): LU ${fmt(t.lu)} s ${gf(luFlops, t.lu)} GFLOP/s | LU+${K} solves ${fmt(t.luSolve)} s`,
          );
        }
      setLinalgKernel('wasm-fma');
      if (!haveNumpy) {
        console.log('  numpy: /usr/bin/python3 with numpy not available — skipped');
        continue;
      }
      const b = rhs(n, K);
      writeFileSync(join(dir, `n${n}.M`), new Uint8Array(m.data.buffer));
      writeFileSync(join(dir, `n${n}.B`), new Uint8Array(b.data.buffer));
      let checked = false;
      for (const { label, env } of numpyEnvs()) {
        const t = timeNumpy(dir, n, reps, env);
        if (!t) {
          console.log(`  numpy [${label}]: failed`);
          continue;
        }
        console.log(
          `  numpy LU ${fmt(t.lu)} s ${gf(luFlops, t.lu)} GFLOP/s | LU+${K} ${fmt(t.luSolve)} s | ` +
            `ours/numpy LU ${(ours2.lu / t.lu).toFixed(2)}× (1 thread ${(ours1.lu / t.lu).toFixed(2)}×), ` +
            `LU+${K} ${(ours2.luSolve / t.luSolve).toFixed(2)}× (1 thread ${(ours1.luSolve / t.luSolve).toFixed(2)}×)  [${label}]`,
        );
        if (!checked) {
          checked = true;
          const { readFileSync } = await import('node:fs');
          const xs = new Float64Array(readFileSync(join(dir, `n${n}.X`)).buffer.slice(0));
          const x = luSolve(luFactor(m), b).data;
          let d = 0;
          let s = 0;
          for (let i = 0; i < x.length; i++) {
            d = Math.max(d, Math.abs(x[i] - xs[i]));
            s = Math.max(s, Math.abs(xs[i]));
          }
          console.log(`  check: max |X_ours − X_numpy| / max |X_numpy| = ${(d / s).toExponential(2)}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('linalg.bench.ts')) await run();
