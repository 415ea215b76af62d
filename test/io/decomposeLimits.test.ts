import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomMrio } from '../../bench/decomposition.bench.ts';
import { AtomicOutputDir } from '../../src/io/atomicOutput.ts';
import { InputError } from '../../src/io/inputError.ts';
import { AUTO_PARQUET_BYTES } from '../../src/io/tableWriter.ts';
import { checkTextTableSize, MAX_TEXT_CHARS } from '../../src/io/textLimits.ts';
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
 * (docs/uncertainty.md, "Scale"): the text limit of the readers (the writers stream) and the 4 GiB
 * WebAssembly heap, each refused up front with a message that names the limit (exit 2).
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
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

describe('text tables larger than one JavaScript string; outputs streamed', () => {
  it('a table file beyond the limit is refused before reading, naming the file and the limit', () => {
    const big = join(dir, 'Z.txt');
    writeFileSync(big, '');
    truncateSync(big, MAX_TEXT_CHARS + 1); // sparse: no disk space, no read
    expect(statSync(big).size).toBe(MAX_TEXT_CHARS + 1);
    expect(() => checkTextTableSize(dir)).toThrow(InputError);
    expect(() => checkTextTableSize(dir)).toThrow(
      /Z\.txt: \d+ MiB of text; .*Node's largest string is [\d,]+ characters/,
    );
    rmSync(big);
  });

  it('vchain decompose refuses such a pymrio folder with exit 2 and writes nothing', () => {
    const table = join(dir, 'table');
    cpSync(join(ROOT, 'test', 'fixtures', 'test-systems', 'pymrio-test-mrio'), table, { recursive: true });
    truncateSync(join(table, 'Z.txt'), MAX_TEXT_CHARS + 1);
    const out = join(dir, 'out');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'decompose', '--mrio', table, '--out', out],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/Z\.txt: .*largest string/);
    expect(existsSync(out)).toBe(false);
  });

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
      expect(est[t.spec.name].rows - t.rows, t.path).toBeLessThanOrEqual(t.spec.name === 'accounts' ? 3 * 31 : 0);
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
