import { describe, expect, it } from 'vitest';
import { randomMrio } from '../../bench/decomposition.bench.ts';
import { bilateralCsvChars, checkCsvOutputSize, MAX_TEXT_CHARS } from '../../src/io/textLimits.ts';
import { gemmEngine } from '../../src/linalg/gemm.ts';
import {
  assertDecompositionFits,
  decompositionHeapBytes,
  WASM_HEAP_LIMIT_BYTES,
} from '../../src/mrio/capacity.ts';
import { MrioError } from '../../src/mrio/errors.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';

/**
 * Where a decomposition stops at EXIOBASE size (~8,000 sectors), checked without such a table
 * (docs/uncertainty.md, "Scale"): the text limit of the writers and the 4 GiB
 * WebAssembly heap, each refused up front with a message that names the limit (exit 2).
 */

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

describe('CSV outputs larger than one JavaScript string', () => {
  it('bilateral.csv of 49 × 163 with 10 indicators would exceed one string; 31 × 42 would not', () => {
    const names = (k: number, p: string) => Array.from({ length: k }, (_, i) => `${p}${i}`);
    const inds = names(10, 'indicator').map((name) => ({ name, unit: 't' }));
    const exio = bilateralCsvChars(names(49, 'R'), names(163, 'sector '), inds);
    expect(exio).toBeGreaterThan(MAX_TEXT_CHARS);
    expect(() => checkCsvOutputSize('bilateral.csv', exio, 'exio')).toThrow(
      /bilateral\.csv would be about \d+ MiB/,
    );
    expect(bilateralCsvChars(names(31, 'Province '), names(42, 'Manufacture of things '), inds)).toBeLessThan(
      MAX_TEXT_CHARS / 2,
    );
  });
});
