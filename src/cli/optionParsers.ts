import { InvalidArgumentError } from 'commander';
import { parseDecimal, whyNotDecimal } from '../io/decimalNumber.ts';
import { clipEcho, InputError } from '../io/inputError.ts';

/**
 * Commander argument parsers shared by the commands. Numbers follow the decimal syntax of the
 * input files (src/io/decimalNumber.ts): `--seed ''`, `--draws 0x10` or `--ridge Infinity` are
 * refused instead of read as 0, 16 or ∞. Each message says what the option takes.
 */

/** Largest Monte Carlo draw count: see MAX_DRAW_THRESHOLDS for the memory it implies. */
export const MAX_DRAWS = 100_000;
/**
 * Largest draws × thresholds of one run: the health Monte Carlo keeps per-draw, per-threshold
 * totals and curves, measured at 5.5 kB (`vchain health`) to 7 kB (`vchain run`) per draw and
 * threshold, so this bounds a run near 2 GB (`--draws 100000` with the three default thresholds).
 */
export const MAX_DRAW_THRESHOLDS = 300_000;
/** Most thresholds in one --thresholds list. */
export const MAX_THRESHOLDS = 50;
/** Seeds are 32-bit in the generators (xoroshiro128+ seeded with `seed | 0`): larger ones would alias. */
export const MAX_SEED = 2 ** 31 - 1;

function number(v: string, what: string): number {
  const n = parseDecimal(v);
  if (n === undefined) throw new InvalidArgumentError(`${what}; ${clipEcho(v)} is ${whyNotDecimal(v)}`);
  return n;
}

export const integerInRange = (name: string, min: number, max: number) => (v: string) => {
  const what = `${name} takes a whole number ${min.toLocaleString('en-US')}–${max.toLocaleString('en-US')}`;
  const n = number(v, what);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(what);
  return n;
};

export const integerAtLeast = (name: string, min: number) => (v: string) => {
  const what = `${name} takes a whole number ≥ ${min}`;
  const n = number(v, what);
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(what);
  return n;
};

/** Monte Carlo draws: 1 … MAX_DRAWS. */
export const drawCount = (name: string) => integerInRange(name, 1, MAX_DRAWS);

/** Random seed: 0 … 2³¹ − 1. */
export const seedOption = (name: string) => integerInRange(name, 0, MAX_SEED);

export const nonNegativeNumber = (name: string) => (v: string) => {
  const what = `${name} takes a decimal number ≥ 0`;
  const n = number(v, what);
  if (n < 0) throw new InvalidArgumentError(what);
  return n;
};

export const finiteNumber = (name: string) => (v: string) => number(v, `${name} takes a decimal number`);

/** Comma-separated counterfactual concentrations (µg/m³), e.g. `5,10,15`: at least one, each once. */
export const thresholdList = (v: string) => {
  const what = `thresholds take 1–${MAX_THRESHOLDS} comma-separated decimal numbers ≥ 0 (µg/m³), e.g. 5,10,15`;
  if (v.trim() === '') throw new InvalidArgumentError(`${what}; the list is empty`);
  const parts = v.split(',');
  if (parts.length > MAX_THRESHOLDS) throw new InvalidArgumentError(`${what}; got ${parts.length}`);
  const xs = parts.map((s, k) => {
    const x = parseDecimal(s);
    if (x === undefined)
      throw new InvalidArgumentError(`${what}; entry ${k + 1} ${clipEcho(s)} is ${whyNotDecimal(s)}`);
    if (x < 0) throw new InvalidArgumentError(`${what}; entry ${k + 1} is ${x}`);
    return x;
  });
  const dup = xs.find((x, k) => xs.indexOf(x) !== k);
  if (dup !== undefined) throw new InvalidArgumentError(`${what}; ${dup} is given twice`);
  return xs;
};

/** A comma-separated list of names (e.g. --indicators a,b): no empty list, no empty entry. */
export const nameList = (name: string) => (v: string) => {
  const parts = v.split(',').map((s) => s.trim());
  const k = parts.indexOf('');
  if (k >= 0)
    throw new InvalidArgumentError(
      `${name} takes comma-separated names; ${v.trim() === '' ? 'the list is empty' : `entry ${k + 1} is empty`}`,
    );
  return v;
};

/** Draws × thresholds within the documented memory budget (MAX_DRAW_THRESHOLDS), else an InputError naming --draws. */
export function checkDrawBudget(draws: number, thresholds: readonly number[]): void {
  const product = draws * thresholds.length;
  if (product > MAX_DRAW_THRESHOLDS)
    throw new InputError(
      '--draws',
      `${draws} draws × ${thresholds.length} thresholds = ${product.toLocaleString('en-US')} would need about ${((product * 7e3) / 1e9).toFixed(1)} GB`,
      undefined,
      undefined,
      `draws × thresholds ≤ ${MAX_DRAW_THRESHOLDS.toLocaleString('en-US')} (fewer --draws or fewer --thresholds)`,
    );
}

/**
 * A number in [lo, hi] (a documented physical or published range): a value outside is an input
 * error naming the option, the range and why (exit 2).
 */
export const numberInRange =
  (name: string, [lo, hi]: readonly [number, number], why: string) =>
  (v: string): number => {
    const n = parseDecimal(v);
    if (n === undefined || !(n >= lo && n <= hi))
      throw new InputError(
        name,
        `${clipEcho(v)} is ${n === undefined ? whyNotDecimal(v) : `outside ${lo}–${hi}`}`,
        undefined,
        undefined,
        `a number in [${lo}, ${hi}]: ${why}`,
      );
    return n;
  };
