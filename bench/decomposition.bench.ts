// Full value-chain decomposition of a random strongly coupled 31 × 42 system with 10 indicators:
// seconds per step (ours: one LU, solves), and an inverse-based numpy reference with the ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linalgThreadsInUse, prepareLinalg } from '../src/linalg/gemm.ts';
import { assembleMrio } from '../src/mrio/construct.ts';
import { finalDemandByRegion } from '../src/mrio/demand.ts';
import type { Mrio } from '../src/mrio/model.ts';
import { decomposeValueChain } from '../src/mrio/valueChain.ts';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random table: A with column sums 0.5–0.8, 40 % bought from other regions; Z = A·diag(x), x = Z·1 + Y·1 by construction. */
export function randomMrio(G: number, N: number, k: number, seed = 2017): Mrio {
  const u = mulberry32(seed);
  const n = G * N;
  const K = 6;
  const x = Float64Array.from({ length: n }, () => 1e3 + 1e5 * u());
  const Z = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const s = Math.floor(j / N);
    const col = 0.5 + 0.3 * u();
    let sum = 0;
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      w[i] = u() * (Math.floor(i / N) === s ? 0.6 / N : 0.4 / ((G - 1) * N));
      sum += w[i];
    }
    for (let i = 0; i < n; i++) Z[i * n + j] = ((col * w[i]) / sum) * x[j];
  }
  // Final demand fills each row up to x (balanced), spread over regions and categories.
  const Y = new Float64Array(n * G * K);
  for (let i = 0; i < n; i++) {
    let zrow = 0;
    for (let j = 0; j < n; j++) zrow += Z[i * n + j];
    let rest = x[i] - zrow;
    if (rest < 0) {
      x[i] = zrow * 1.2;
      rest = x[i] - zrow;
    }
    const s = Math.floor(i / N);
    const w = Float64Array.from({ length: G * K }, (_, c) => (Math.floor(c / K) === s ? 10 : 1) * u());
    const tot = w.reduce((a, b) => a + b, 0);
    for (let c = 0; c < G * K; c++) Y[i * G * K + c] = (rest * w[c]) / tot;
  }
  const satellites = Array.from({ length: k }, (_, q) => ({
    name: `ind${q}`,
    unit: 't',
    kind: 'emission' as const,
    values: Float64Array.from({ length: n }, (_, j) => x[j] * u() * 0.01),
  }));
  return assembleMrio(
    {
      name: 'bench',
      regions: Array.from({ length: G }, (_, r) => `R${r}`),
      sectors: Array.from({ length: N }, (_, i) => `S${i}`),
      monetaryUnit: 'u',
      Z: { rows: n, cols: n, data: Z },
      categories: Array.from({ length: K }, (_, c) => `c${c}`),
      Y: { rows: n, cols: G * K, data: Y },
      satellites,
    },
    { balanceTolerance: 1e-6 },
  );
}

export async function run(): Promise<void> {
  const G = 31;
  const N = 42;
  const k = 10;
  // As `vchain decompose` does: the helper thread boots while the table is read (here: built).
  prepareLinalg();
  const m = randomMrio(G, N, k);
  const t0 = performance.now();
  const res = decomposeValueChain(m);
  const total = (performance.now() - t0) / 1000;
  console.log(
    `decomposition ${G}×${N} (n = ${G * N}), ${k} indicators, ${linalgThreadsInUse()} thread(s) (${process.env.VCHAIN_THREADS ? `VCHAIN_THREADS=${process.env.VCHAIN_THREADS}` : 'default'}): first run in this process ${total.toFixed(2)} s`,
  );
  for (const [step, s] of Object.entries(res.timings)) console.log(`  ${step.padEnd(24)} ${s.toFixed(3)} s`);
  const worst = Math.max(...res.identities.map((c) => c.maxRelativeResidual));
  console.log(`  largest identity residual ${worst.toExponential(2)}`);
  // Warm runs in the same process (wasm tiered up, JS optimised): best of three.
  // Warm: V8 keeps optimising the JS loops over the first few runs, so steady state is the best
  // of runs 2–9; every run is listed.
  let warmTotal = Number.POSITIVE_INFINITY;
  let warm = res;
  const warmRuns: number[] = [];
  for (let r = 0; r < 8; r++) {
    const tw = performance.now();
    const w = decomposeValueChain(m);
    const t = (performance.now() - tw) / 1000;
    warmRuns.push(t);
    if (t < warmTotal) {
      warmTotal = t;
      warm = w;
    }
  }
  const warmSteps = Object.entries(warm.timings).map(([step, s]) => `${step} ${s.toFixed(3)}`);
  console.log(`  runs 2–9: ${warmRuns.map((t) => t.toFixed(2)).join(' ')} s`);
  console.log(`  warm (best of runs 2–9): ${warmTotal.toFixed(2)} s (${warmSteps.join(', ')})`);

  // The first Python with numpy: the system one, then whatever `python3` is on PATH.
  const py = ['/usr/bin/python3', 'python3'].find(
    (p) => (p.startsWith('/') ? existsSync(p) : true) && spawnSync(p, ['-c', 'import numpy']).status === 0,
  );
  if (!py) {
    console.log('  numpy reference: skipped (no python3 with numpy found)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vchain-bench-'));
  try {
    const n = G * N;
    const F = new Float64Array(k * n);
    m.satellites.forEach((s, q) => {
      F.set(s.values, q * n);
    });
    const buf = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    writeFileSync(join(dir, 'Z.f64'), buf(m.Z.data));
    writeFileSync(join(dir, 'y.f64'), buf(finalDemandByRegion(m).data));
    writeFileSync(join(dir, 'x.f64'), buf(m.x));
    writeFileSync(join(dir, 'F.f64'), buf(F));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ G, N, k }));
    const script = join(import.meta.dirname, 'decomposition_reference.py');
    // numpy as it runs by default (OpenBLAS on every core), best of two processes; then one thread.
    const numpyRun = (env: NodeJS.ProcessEnv) => {
      const r = spawnSync(py, [script, dir], { encoding: 'utf8', maxBuffer: 1 << 26, env });
      if (r.status !== 0) throw new Error(`numpy reference failed: ${r.stderr.trim().split('\n').at(-1)}`);
      return JSON.parse(r.stdout) as {
        numpy: string;
        timings: { inverse: number; decomposition: number };
        parts: number[][];
        ex: number[][];
        fe: number[][];
      };
    };
    const npTime = (o: ReturnType<typeof numpyRun>) => o.timings.inverse + o.timings.decomposition;
    const runs = [numpyRun(process.env), numpyRun(process.env), numpyRun(process.env)];
    const out = runs[0]!;
    const npTotal = Math.min(...runs.map(npTime));
    const np1 = npTime(numpyRun({ ...process.env, OPENBLAS_NUM_THREADS: '1' }));
    console.log(
      `  numpy ${out.numpy} inverse-based (OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}): inverse ${out.timings.inverse.toFixed(3)} s, decomposition ${out.timings.decomposition.toFixed(3)} s; best of 3 processes: ${npTotal.toFixed(2)} s (OPENBLAS_NUM_THREADS=1: ${np1.toFixed(2)} s)`,
    );
    console.log(
      `  ratio ours / numpy = ${(total / npTotal).toFixed(2)} (first run), ${(warmTotal / npTotal).toFixed(2)} (warm); target < 1: ${warmTotal < npTotal ? 'met' : 'NOT met'} warm, ${total < npTotal ? 'met' : 'NOT met'} first run (against single-threaded numpy: ${(total / np1).toFixed(2)} first run, ${(warmTotal / np1).toFixed(2)} warm)`,
    );
    // Cross-check totals: the two independent implementations must agree.
    let worstRel = 0;
    res.indicators.forEach((acc, q) => {
      const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
      const ours = [
        sum(acc.intraRegional),
        sum(acc.importsEmbodied),
        sum(acc.finalExports),
        sum(acc.intermediateExports),
      ];
      const theirs = out.parts[q];
      for (let p = 0; p < 4; p++)
        worstRel = Math.max(worstRel, Math.abs(ours[p] - theirs[p]) / Math.abs(theirs[p]));
      const pairs: [Float64Array, number][] = [
        [acc.exFinal, out.ex[q][0]],
        [acc.exIntermediate, out.ex[q][1]],
        [acc.feFinal, out.fe[q][0]],
        [acc.feIntermediate, out.fe[q][1]],
      ];
      for (const [v, t] of pairs) worstRel = Math.max(worstRel, Math.abs(sum(v) - t) / Math.abs(t));
    });
    console.log(
      `  agreement with numpy (parts, EX, FE totals): max relative difference ${worstRel.toExponential(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
