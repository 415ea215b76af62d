import { MrioError } from './errors.ts';

/**
 * The WebAssembly memory of the linear-algebra kernels is 32-bit: at most 65,536 pages of
 * 64 KiB = 4 GiB, whatever the machine has (src/linalg/gemm.ts, PAGES_MAX).
 */
export const WASM_HEAP_LIMIT_BYTES = 65536 * 65536;

/** Packing scratch of the kernels and slack, bytes (measured: ≈ 4 MB at every size). */
const KERNEL_SCRATCH_BYTES = 8 * 2 ** 20;

/**
 * Kernel heap a value-chain decomposition needs at its peak (docs/uncertainty.md, "Scale"): the
 * LU factors of I − A parked between solves (n² doubles), the column solve's right-hand sides
 * (3 per region: n × 3G) and the transposed solve's rows (one per indicator and region: k·G × n),
 * plus scratch. Measured heaps: 22 MB at 31 × 42 and 58 MB at 49 × 50 with 10 indicators (11 with
 * gross output), within 10 % of this estimate.
 */
export function decompositionHeapBytes(n: number, regions: number, indicators: number): number {
  return 8 * (n * n + n * regions * (3 + indicators)) + KERNEL_SCRATCH_BYTES;
}

/**
 * Refuses (MrioError, before any work) a table whose decomposition cannot fit the kernel heap:
 * the 4 GiB WebAssembly ceiling is reached near n ≈ 22,800 for 49 regions and 10 indicators.
 */
export function assertDecompositionFits(n: number, regions: number, indicators: number): void {
  const need = decompositionHeapBytes(n, regions, indicators);
  if (need > WASM_HEAP_LIMIT_BYTES)
    throw new MrioError(
      `a table of ${n} region-sectors (${regions} regions, ${indicators} indicators) needs about ${(need / 2 ** 30).toFixed(1)} GiB of WebAssembly memory for the LU factors of I − A (n² = ${((8 * n * n) / 2 ** 30).toFixed(1)} GiB) and the solves; WebAssembly memory is limited to 4 GiB (65,536 pages of 64 KiB)`,
      undefined,
      undefined,
      'at most about 22,000 region-sectors, or fewer indicators per run (--indicators)',
    );
}
