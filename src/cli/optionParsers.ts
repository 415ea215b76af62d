import { InvalidArgumentError } from 'commander';
import { InputError } from '../io/inputError.ts';

/** Commander argument parsers shared by the commands: each rejects bad values with a message naming the option. */
export const integerAtLeast = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};

export const nonNegativeNumber = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number ≥ 0`);
  return n;
};

export const finiteNumber = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number`);
  return n;
};

/** Comma-separated counterfactual concentrations (µg/m³), e.g. `5,10,15`. */
export const thresholdList = (v: string) => {
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x < 0))
    throw new InvalidArgumentError('thresholds must be comma-separated numbers ≥ 0 (µg/m³)');
  return xs;
};

/**
 * A number in [lo, hi] (a documented physical or published range): a value outside is an input
 * error naming the option, the range and why (exit 2).
 */
export const numberInRange =
  (name: string, [lo, hi]: readonly [number, number], why: string) =>
  (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !(n >= lo && n <= hi))
      throw new InputError(
        name,
        `'${v}' is outside ${lo}–${hi}`,
        undefined,
        undefined,
        `a number in [${lo}, ${hi}]: ${why}`,
      );
    return n;
  };
