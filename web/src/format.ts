// Number formatting of the explorer: the report's own module (src/report/numberFormat.ts), so
// both say "1.38 trillion CNY" the same way. CSV downloads always carry the raw numbers.
export {
  chooseScale,
  formatChange,
  formatFixed,
  formatInterval,
  formatNumber,
  formatPercent,
  formatScaled,
  formatWithInterval,
  inParentheses,
  type UnitScale,
} from '../../src/report/numberFormat.ts';

export type Num = number | null;

/** 'up' (worse), 'down' (better) or 'neutral' for a change, given which direction is worse. */
export function deltaClass(base: Num, now: Num, higherIsWorse: boolean): string {
  if (base === null || now === null) return 'neutral';
  const d = now - base;
  if (Math.abs(d) <= 1e-12 * Math.max(1, Math.abs(base))) return 'neutral';
  return d > 0 === higherIsWorse ? 'up' : 'down';
}

/** The unit as a reader sees it: fractions in %, 10^n prefixes written out. */
export function unitLabel(unit: string): string {
  if (unit === 'fraction') return '%';
  return unit.replace(
    /10\^(-?\d+)/g,
    (_, e: string) => `10${[...e].map((c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)]).join('')}`,
  );
}
