import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomMrio } from '../../bench/decomposition.bench.ts';
import { AtomicOutputDir } from '../../src/io/atomicOutput.ts';
import { AUTO_PARQUET_BYTES } from '../../src/io/tableWriter.ts';
import { gemmEngine } from '../../src/linalg/gemm.ts';
import {
  assertDecompositionFits,
  decompositionHeapBytes,
  WASM_HEAP_LIMIT_BYTES,
} from '../../src/mrio/capacity.ts';
import { MrioError } from '../../src/mrio/errors.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { decompositionTableSizes, writeDecompositionTables } from '../../src/report/decompositionTables.ts';

/**
 * Where a decomposition stops at EXIOBASE size (~8,000 sectors), checked without such a table
 * (docs/uncertainty.md, "Scale"): the 4 GiB WebAssembly heap, refused up front with a message
 * that names the limit (exit 2); readers and writers stream, so no file is bound by the largest string.
 */
const dir = mkdtempSync(join(tmpdir(), 'vchain-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the kernel heap of a decomposition', () => {
  it('matches the estimate on a real 31 × 42 decomposition with 10 indicators', () => {
    decomposeValueChain(randomMrio(31, 42, 10));
    const used = gemmEngine().heap().length * 8;
    const est = decompositionHeapBytes(31 * 42, 31, 10);
    expect(used).toBeLessThanOrEqual(est * 1.1);
    expect(used).toBeGreaterThanOrEqual(est * 0.6);
  });
  it('fits EXIOBASE size (49 regions × 163 sectors) and refuses ~23,000 sectors naming the 4 GiB ceiling', () => {
    expect(WASM_HEAP_LIMIT_BYTES).toBe(4 * 2 ** 30);
    expect(() => assertDecompositionFits(49 * 163, 49, 11)).not.toThrow();
    expect(decompositionHeapBytes(49 * 163, 49, 11) / 2 ** 30).toBeLessThan(0.7);
    expect(() => assertDecompositionFits(23_000, 49, 11)).toThrow(MrioError);
    expect(() => assertDecompositionFits(23_000, 49, 11)).toThrow(/WebAssembly memory is limited to 4 GiB/);
  });
});

describe('decompose outputs are streamed', () => {
  it('decompose streams its tables (no string limit); the size estimate behind --tables auto matches a real 31 × 42 output', () => {
    const m = randomMrio(31, 42, 3);
    const res = decomposeValueChain(m);
    const out = new AtomicOutputDir(join(dir, 'tables'));
    const written = writeDecompositionTables(out, res, 'csv');
    out.commit();
    const est = decompositionTableSizes(
      m.regions,
      m.sectors,
      m.satellites.map((s) => ({ name: s.name, unit: s.unit })),
      false,
    );
    for (const t of written) {
      // Exact, but for accounts' `direct` rows (counted per region whether or not an account has them).
      expect(est[t.spec.name].rows - t.rows, t.path).toBeGreaterThanOrEqual(0);
      expect(est[t.spec.name].rows - t.rows, t.path).toBeLessThanOrEqual(
        t.spec.name === 'accounts' ? 3 * 31 : 0,
      );
      expect(t.bytes, t.path).toBe(statSync(join(dir, 'tables', t.path)).size);
      expect(est[t.spec.name].bytes / t.bytes, t.path).toBeGreaterThan(0.75);
      expect(est[t.spec.name].bytes / t.bytes, t.path).toBeLessThan(1.33);
    }
    // At 49 × 100 with 8 indicators bilateral passes AUTO_PARQUET_BYTES; accounts does not.
    const names = (k: number, p: string) => Array.from({ length: k }, (_, i) => `${p}${i}`);
    const big = decompositionTableSizes(
      names(49, 'R'),
      names(100, 'S'),
      names(8, 'ind').map((name) => ({ name, unit: 't' })),
      false,
    );
    expect(big.bilateral.bytes).toBeGreaterThan(AUTO_PARQUET_BYTES);
    expect(big.accounts.bytes).toBeLessThan(AUTO_PARQUET_BYTES);
  });
});
