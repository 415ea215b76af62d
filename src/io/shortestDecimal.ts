import { SHORTEST_DECIMAL_WASM } from './wasm/shortestDecimalBytes.ts';

/**
 * Doubles as text without a string per number: the WebAssembly kernel (wasm/shortestDecimal.wat,
 * Schubfach digits) writes exactly what `String(x)` gives — the shortest decimal that reads back
 * as the same double, in JavaScript's layout (1e+21, 1.5e-7, 0.000001, -5e-324; -0 as 0) — into
 * its linear memory, where a writer assembles the file's bytes.
 */
export interface DecimalKernel {
  /** The kernel's memory from byte 0 (the output region is [outputStart, outputEnd)). */
  readonly bytes: Uint8Array;
  readonly outputStart: number;
  readonly outputEnd: number;
  /** Writes String(v) at byte `pos` of `bytes` (at most MAX_DECIMAL_BYTES) and returns the end. */
  readonly write: (v: number, pos: number) => number;
}

/** Longest text `write` produces: "-2.2250738585072014e-308" is 24 bytes. */
export const MAX_DECIMAL_BYTES = 25;

const K_MIN = -324;
const K_MAX = 292;
const OUTPUT_START = 16384;
const PAGE = 65536;

let table: BigUint64Array | undefined;
let module: WebAssembly.Module | undefined;

/**
 * g(k) = ⌊10^-k · 2^-r⌋ + 1 with r = ⌊-k·log2 10⌋ − 125, so 2^125 ≤ g < 2^126, split as
 * g1·2^63 + g0 (Giulietti 2020, §9.8.3). Exact integers (BigInt), computed once per process.
 */
function powerTable(): BigUint64Array {
  if (table) return table;
  const t = new BigUint64Array(2 * (K_MAX - K_MIN + 1));
  const low63 = (1n << 63n) - 1n;
  for (let k = K_MIN; k <= K_MAX; k++) {
    const e = -k;
    const r = Math.floor((e * 913124641741) / 2 ** 38) - 125;
    let num = e >= 0 ? 10n ** BigInt(e) : 1n;
    let den = e >= 0 ? 1n : 10n ** BigInt(-e);
    if (r <= 0) num <<= BigInt(-r);
    else den <<= BigInt(r);
    const g = num / den + 1n;
    if (g < 1n << 125n || g >= 1n << 126n) throw new Error(`shortestDecimal: g(${k}) out of range`);
    t[2 * (k - K_MIN)] = g >> 63n;
    t[2 * (k - K_MIN) + 1] = g & low63;
  }
  table = t;
  return t;
}

/** A kernel with its own memory and an output region of at least `outputBytes`. */
export function decimalKernel(outputBytes = 1 << 20): DecimalKernel {
  const pages = Math.ceil((OUTPUT_START + outputBytes) / PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  module ??= new WebAssembly.Module(Buffer.from(SHORTEST_DECIMAL_WASM, 'base64'));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  new BigUint64Array(memory.buffer, 0, powerTable().length).set(powerTable());
  return {
    bytes: new Uint8Array(memory.buffer),
    outputStart: OUTPUT_START,
    outputEnd: pages * PAGE,
    write: instance.exports.write as (v: number, pos: number) => number,
  };
}

let shared: DecimalKernel | undefined;
const latin1 = new TextDecoder('latin1');

/** String(v) by the kernel (for tests and single values; writers use `decimalKernel`). */
export function shortestDecimal(v: number): string {
  shared ??= decimalKernel(PAGE);
  const end = shared.write(v, shared.outputStart);
  return latin1.decode(shared.bytes.subarray(shared.outputStart, end));
}
