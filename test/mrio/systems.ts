// Small labelled systems for tests: fixtures read from test/fixtures and random strongly coupled tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRows } from '../../src/linalg/matrix.ts';
import { assembleMrio } from '../../src/mrio/construct.ts';
import type { Mrio } from '../../src/mrio/model.ts';
import { inv, mv } from './bruteForce.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'test-systems');

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
}

/** toy_3x2: Z, Y by destination, one stressor F. */
export function toyMrio(): Mrio {
  const dir = join(FIXTURES, 'toy_3x2');
  const z = csvRows(join(dir, 'Z.csv'));
  const y = csvRows(join(dir, 'Y_by_destination.csv'));
  const f = csvRows(join(dir, 'F.csv'));
  const keys = z.slice(1).map((r) => r[0]);
  const regions = [...new Set(keys.map((k) => k.split('|')[0]))];
  const sectors = [...new Set(keys.map((k) => k.split('|')[1]))];
  return assembleMrio({
    name: 'toy_3x2',
    regions,
    sectors,
    monetaryUnit: 'unit',
    Z: fromRows(z.slice(1).map((r) => r.slice(1).map(Number))),
    categories: ['final'],
    Y: fromRows(y.slice(1).map((r) => r.slice(1).map(Number))),
    satellites: [
      {
        name: 'F',
        unit: 't',
        kind: 'emission',
        values: Float64Array.from(f.slice(1).map((r) => Number(r[1]))),
      },
    ],
  });
}

/** A deterministic generator (mulberry32) so random systems are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomSystem {
  G: number;
  N: number;
  z: number[][];
  yReg: number[][];
  x: number[];
  f: number[][];
  mrio: Mrio;
}

/**
 * A strongly coupled system: columns of A sum to 0.5–0.8 with about `coupling` of each column
 * bought from other regions; two final-demand categories (the second may be negative, like
 * inventory change); x = B·y so the table balances exactly; `k` satellite rows.
 */
export function randomSystem(G: number, N: number, seed: number, k = 2, coupling = 0.6): RandomSystem {
  const u = rng(seed);
  const n = G * N;
  const A: number[][] = Array.from({ length: n }, () => Array(n).fill(0));
  for (let j = 0; j < n; j++) {
    const colTotal = 0.5 + 0.3 * u();
    const s = Math.floor(j / N);
    const w = Array.from({ length: n }, (_, i) => {
      const own = Math.floor(i / N) === s;
      return (0.2 + u()) * (own ? (1 - coupling) / N : coupling / ((G - 1) * N));
    });
    const sum = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) A[i][j] = (colTotal * w[i]) / sum;
  }
  const K = 2;
  const Y: number[][] = Array.from({ length: n }, () =>
    Array.from({ length: G * K }, (_, c) => (c % K === 0 ? 1 + 10 * u() : 0.5 * (u() - 0.4))),
  );
  const yReg = Y.map((row) => Array.from({ length: G }, (_, r) => row[r * K] + row[r * K + 1]));
  const IminusA = A.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - v));
  const x = mv(
    inv(IminusA),
    Y.map((row) => row.reduce((a, b) => a + b, 0)),
  );
  const z = A.map((row) => row.map((v, j) => v * x[j]));
  const f = Array.from({ length: k }, () => Array.from({ length: n }, () => u() * 3));
  const regions = Array.from({ length: G }, (_, r) => `R${r + 1}`);
  const sectors = Array.from({ length: N }, (_, i) => `S${i + 1}`);
  const mrio = assembleMrio({
    name: `random-${seed}`,
    regions,
    sectors,
    monetaryUnit: 'unit',
    Z: fromRows(z),
    categories: ['consumption', 'inventory'],
    Y: fromRows(Y),
    x: Float64Array.from(x),
    satellites: f.map((row, q) => ({
      name: `ind${q}`,
      unit: 't',
      kind: 'emission' as const,
      values: Float64Array.from(row.map((v, j) => v * x[j])),
    })),
  });
  return { G, N, z, yReg, x, f, mrio };
}
