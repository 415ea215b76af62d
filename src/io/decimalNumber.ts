import { clipEcho, InputError } from './inputError.ts';
import { longDecimalQuotient } from './longDecimal.ts';

/**
 * The one number syntax of every text input (docs/formats.md, "Numbers"): an optional sign,
 * digits with an optional fraction (or a fraction alone), an optional exponent — `12`, `-0.5`,
 * `.5`, `3.`, `1.2e-3`, `+4E6`. Nothing else: not `0x14` (JavaScript's Number() reads it as 20),
 * `Infinity`, `NaN`, `1_000`, `1,5`, `1 000`, or an empty cell (Number('') is 0).
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Surrounding spaces and tabs a cell may carry (`1, 2` in a hand-written CSV); nothing inside. */
const PADDING = /^[ \t]+|[ \t]+$/g;

/** The value of decimal text (surrounding spaces/tabs allowed), or undefined if it is not one or overflows a double. */
export function parseDecimal(text: string): number | undefined {
  const s = text.replace(PADDING, '');
  if (!DECIMAL.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** Why `text` is not a decimal number, to follow "is" in messages ('' when it is one). */
export function whyNotDecimal(text: string): string {
  const s = text.replace(PADDING, '');
  if (s === '') return 'empty';
  if (DECIMAL.test(s)) return Number.isFinite(Number(s)) ? '' : 'beyond the range of a double (±1.8e308)';
  if (/^[+-]?(?:nan|inf|infinity)$/i.test(s)) return 'not a finite number';
  if (/^[+-]?0[xXoObB]/.test(s)) return 'in hexadecimal, octal or binary notation';
  if (s.includes('_')) return "written with digit separators '_'";
  if (/^[+-]?[\d.]+,[\d.,]*$/.test(s))
    return "written with a comma (the decimal mark is '.', without thousands separators)";
  if (/\s/.test(s)) return 'written with spaces inside';
  return 'not a decimal number';
}

/** What a decimal cell must hold, for the `expected` part of messages. */
export const DECIMAL_EXPECTED = 'a decimal number (e.g. 12, -0.5, 1.2e-3)';

/**
 * The number in `text`, or an InputError naming file, row and column with the offending text
 * (clipped) and why it is not read.
 */
export function decimalAt(
  text: string,
  file: string,
  row: number | undefined,
  column: string | number | undefined,
  expected = DECIMAL_EXPECTED,
): number {
  const v = parseDecimal(text);
  if (v !== undefined) return v;
  const why = whyNotDecimal(text);
  const shown = text.replace(PADDING, '');
  throw new InputError(
    file,
    shown === ''
      ? 'empty value'
      : `${clipEcho(shown)} is not a decimal number${why === 'not a decimal number' ? '' : ` (${why})`}`,
    row,
    column,
    expected,
  );
}

// Exact powers of ten: every 10^k with k ≤ 22 is a double, so m·10^k and m/10^k for an integer
// m < 2^53 are correctly rounded in one operation (Clinger 1990, the "fast path").
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
// Below 2^53 every step of `mantissa * 10 + digit` was exact (rounding is monotone, so a computed
// mantissa under 2^53 means the true one is too): 16-digit values below 9.007e15 qualify as well
// as every 15-digit one — half the cells of a table written as shortest round-trip decimals.
const EXACT_MANTISSA = 2 ** 53;

/**
 * The value of the decimal text in `bytes[start, end)` under exactly the rules of parseDecimal
 * (surrounding spaces and tabs allowed), or NaN when it is not one (NaN is never a value: its
 * text is refused). Readers call this per cell instead of building a string: significant digits
 * forming an integer below 2^53 with a decimal exponent within ±22 are converted exactly without
 * allocation; 16–19 digits with such an exponent mostly by longDecimalQuotient (also exact); the
 * rest through Number() of the cell's text, which rounds correctly.
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let e = end;
  while (i < e && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  while (e > i && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0x09)) e--;
  if (i === e) return Number.NaN;
  const first = i;
  // c is the byte at i, or -1 past the end (never read beyond e: out-of-bounds reads deoptimise).
  let c = bytes[i];
  let negative = false;
  if (c === 0x2d || c === 0x2b) {
    negative = c === 0x2d;
    c = ++i < e ? bytes[i] : -1;
  }
  let mantissa = 0;
  let anyDigit = false;
  let scale = 0; // decimal exponent contributed by the fraction
  // Leading zeros add nothing; a mantissa of 0 means every digit was 0.
  while (c >= 0x30 && c <= 0x39) {
    anyDigit = true;
    mantissa = mantissa * 10 + (c - 0x30);
    c = ++i < e ? bytes[i] : -1;
  }
  if (c === 0x2e) {
    c = ++i < e ? bytes[i] : -1;
    while (c >= 0x30 && c <= 0x39) {
      anyDigit = true;
      mantissa = mantissa * 10 + (c - 0x30);
      scale--;
      c = ++i < e ? bytes[i] : -1;
    }
  }
  if (!anyDigit) return Number.NaN;
  let exponent = 0;
  if (c === 0x65 || c === 0x45) {
    c = ++i < e ? bytes[i] : -1;
    let expNegative = false;
    if (c === 0x2d || c === 0x2b) {
      expNegative = c === 0x2d;
      c = ++i < e ? bytes[i] : -1;
    }
    const expStart = i;
    while (c >= 0x30 && c <= 0x39) {
      if (exponent < 100000) exponent = exponent * 10 + (c - 0x30);
      c = ++i < e ? bytes[i] : -1;
    }
    if (i === expStart) return Number.NaN;
    if (expNegative) exponent = -exponent;
  }
  if (i !== e) return Number.NaN;
  const k = exponent + scale;
  if (mantissa < EXACT_MANTISSA && k >= -22 && k <= 22) {
    const v = k === 0 ? mantissa : k < 0 ? mantissa / POW10[-k] : mantissa * POW10[k];
    return negative ? -v : v;
  }
  if (mantissa === 0) return negative ? -0 : 0;
  if (k <= 0 && k >= -22) {
    const v = longDecimalQuotient(bytes, first, e, -k);
    if (!Number.isNaN(v)) return negative ? -v : v;
  }
  return slowDecimal(bytes, first, e);
}

// A Buffer view of the last chunk seen by slowDecimal: its latin1 toString builds the cell's text
// natively, twice as fast as appending char codes (the syntax is checked, so the bytes are ASCII).
let viewOf: Uint8Array | undefined;
let view: Buffer = Buffer.alloc(0);

/** Valid syntax with many digits or a large exponent: JavaScript's correctly rounded conversion. */
function slowDecimal(bytes: Uint8Array, first: number, e: number): number {
  if (bytes !== viewOf) {
    viewOf = bytes;
    view = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const v = Number(view.toString('latin1', first, e));
  return Number.isFinite(v) ? v : Number.NaN;
}
