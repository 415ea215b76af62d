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
