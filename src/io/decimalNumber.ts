import { clipEcho, InputError } from './inputError.ts';

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
const MAX_FAST_DIGITS = 15;

/**
 * The value of the decimal text in `bytes[start, end)` under exactly the rules of parseDecimal
 * (surrounding spaces and tabs allowed), or NaN when it is not one (NaN is never a value: its
 * text is refused). Readers call this per cell instead of building a string: up to 15 significant
 * digits and a decimal exponent within ±22 are converted exactly without allocation; longer
 * digit strings go through Number() of the cell's text, which rounds correctly.
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
  let digits = 0; // significant digits taken into the mantissa (leading zeros skipped)
  let anyDigit = false;
  let scale = 0; // decimal exponent contributed by the fraction
  while (c >= 0x30 && c <= 0x39) {
    anyDigit = true;
    if (digits > 0 || c !== 0x30) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
    }
    c = ++i < e ? bytes[i] : -1;
  }
  if (c === 0x2e) {
    c = ++i < e ? bytes[i] : -1;
    while (c >= 0x30 && c <= 0x39) {
      anyDigit = true;
      if (digits > 0 || c !== 0x30) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
      }
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
  if (digits <= MAX_FAST_DIGITS && k >= -22 && k <= 22) {
    const v = k === 0 ? mantissa : k < 0 ? mantissa / POW10[-k] : mantissa * POW10[k];
    return negative ? -v : v;
  }
  if (digits === 0) return negative ? -0 : 0;
  return slowDecimal(bytes, first, e);
}

/** Valid syntax with many digits or a large exponent: JavaScript's correctly rounded conversion. */
function slowDecimal(bytes: Uint8Array, first: number, e: number): number {
  let s = '';
  for (let j = first; j < e; j++) s += String.fromCharCode(bytes[j]);
  const v = Number(s);
  return Number.isFinite(v) ? v : Number.NaN;
}
