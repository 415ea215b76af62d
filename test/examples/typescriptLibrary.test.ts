// The README's "vchain from TypeScript" example, run as a user runs it: a separate Node process
// whose `import 'vchain/mrio' | 'vchain/io' | 'vchain/equity'` resolve through the package
// "exports" to the compiled dist/ (the module trace shows no source file of vchain is loaded),
// type-checked against the emitted .d.ts, and its numbers checked against a brute-force
// Leontief solve and the Gini's pairwise definition on the same dataset.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDefaultDataset } from '../../src/io/defaultDataset.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = 'examples/typescript/embodiedEmissions.ts';

interface Summary {
  indicator: string;
  unit: string;
  provinces: { region: string; production: number; consumption: number }[];
  incomeGini: number;
}

function runExample(): { summary: Summary; modules: string[] } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './test/support/loadedModules.mjs', EXAMPLE, 'SO2', '--json'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  expect(r.status, r.stderr).toBe(0);
  const list = r.stderr.split('--- loaded modules ---\n')[1] ?? '';
  return {
    summary: JSON.parse(r.stdout.trim().split('\n').pop()!) as Summary,
    modules: list.split('\n').filter((l) => l.startsWith('file:')),
  };
}

/** x = (I − A)⁻¹ y for several right-hand sides by Gaussian elimination with partial pivoting. */
function bruteForceSolve(M: Float64Array, n: number, rhs: Float64Array[]): Float64Array[] {
  const a = Float64Array.from(M);
  const b = rhs.map((v) => Float64Array.from(v));
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]!) > Math.abs(a[p * n + k]!)) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) [a[k * n + j], a[p * n + j]] = [a[p * n + j]!, a[k * n + j]!];
      for (const v of b) [v[k], v[p]] = [v[p]!, v[k]!];
    }
    const d = a[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const m = a[i * n + k]! / d;
      if (m === 0) continue;
      for (let j = k; j < n; j++) a[i * n + j]! -= m * a[k * n + j]!;
      for (const v of b) v[i]! -= m * v[k]!;
    }
  }
  for (const v of b)
    for (let i = n - 1; i >= 0; i--) {
      let s = v[i]!;
      for (let j = i + 1; j < n; j++) s -= a[i * n + j]! * v[j]!;
      v[i] = s / a[i * n + i]!;
    }
  return b;
}

describe('vchain from TypeScript (README example)', () => {
  const { summary, modules } = runExample();
  const ds = loadDefaultDataset();
  const { mrio } = ds;
  const G = mrio.regions.length;
  const N = mrio.sectors.length;
  const n = G * N;

  it('imports the compiled modules through the package exports, no TypeScript source of vchain', () => {
    const own = modules.filter((m) => m.startsWith(`file://${ROOT}`) && !m.includes('/node_modules/'));
    for (const m of ['mrio', 'io', 'equity'])
      expect(own, `dist/${m}/index.js`).toContain(`file://${ROOT}dist/${m}/index.js`);
    expect(own.filter((m) => m.includes(`${ROOT}src/`))).toEqual([]);
  });

  it('type-checks against the emitted declarations (dist/**/*.d.ts), not the sources', () => {
    mkdirSync(join(ROOT, 'tmp'), { recursive: true });
    const config = join(ROOT, 'tmp', 'tsconfig.example.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: '../tsconfig.json',
        compilerOptions: { customConditions: [], noEmit: true, traceResolution: true },
        include: [],
        files: [`../${EXAMPLE}`],
      }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', config], { cwd: ROOT, encoding: 'utf8' });
    const errors = r.stdout.split('\n').filter((l) => l.includes('error TS'));
    expect(errors, errors.join('\n')).toEqual([]);
    expect(r.status).toBe(0);
    for (const m of ['mrio', 'io', 'equity'])
      expect(r.stdout).toMatch(
        new RegExp(`Module name 'vchain/${m}' was successfully resolved to '[^']*/dist/${m}/index\\.d\\.ts'`),
      );
  });

  /** Intensity f = F / x of a satellite (0 where x = 0), METHODS §1. */
  const intensityOf = (name: string) => {
    const F = mrio.satellites.find((s) => s.name === name)!.values;
    return F.map((v, j) => (mrio.x[j]! > 0 ? v / mrio.x[j]! : 0));
  };

  it('production accounts are Σ_i f_ri x_ri of the dataset', () => {
    const f = intensityOf('SO2');
    summary.provinces.forEach((p, r) => {
      let want = 0;
      for (let i = 0; i < N; i++) want += f[r * N + i]! * mrio.x[r * N + i]!;
      expect(p.region).toBe(mrio.regions[r]);
      expect(Math.abs(p.production - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want));
    });
  });

  it('consumption accounts equal f (I − A)⁻¹ y_r from an independent dense solve', () => {
    const f = intensityOf('SO2');
    const I_A = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const a = mrio.x[j]! > 0 ? mrio.Z.data[i * n + j]! / mrio.x[j]! : 0;
        I_A[i * n + j] = (i === j ? 1 : 0) - a;
      }
    const K = mrio.finalDemand.categories.length;
    const Y = mrio.finalDemand.Y;
    const ys = Array.from({ length: G }, (_, r) => {
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) y[i]! += Y.data[i * Y.cols + r * K + k]!;
      return y;
    });
    const xs = bruteForceSolve(I_A, n, ys);
    const total = summary.provinces.reduce((s, p) => s + p.consumption, 0);
    xs.forEach((x, r) => {
      let want = 0;
      for (let i = 0; i < n; i++) want += f[i]! * x[i]!;
      expect(Math.abs(summary.provinces[r]!.consumption - want)).toBeLessThanOrEqual(1e-8 * total);
    });
  });

  it('the income Gini equals Σ_ij p_i p_j |y_i − y_j| / (2 P² ȳ) over provinces', () => {
    const income = intensityOf('social_income');
    const pop = ds.population.values;
    const perHead = Array.from({ length: G }, (_, r) => {
      let t = 0;
      for (let i = 0; i < N; i++) t += income[r * N + i]! * mrio.x[r * N + i]!;
      return t / pop[r]!;
    });
    const P = pop.reduce((s, p) => s + p, 0);
    const mean = perHead.reduce((s, y, r) => s + y * pop[r]!, 0) / P;
    let pairs = 0;
    for (let i = 0; i < G; i++)
      for (let j = 0; j < G; j++) pairs += pop[i]! * pop[j]! * Math.abs(perHead[i]! - perHead[j]!);
    expect(summary.incomeGini).toBeCloseTo(pairs / (2 * P * P * mean), 12);
  });
});
