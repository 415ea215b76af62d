/** Number formatting and unit scaling for figures and HTML tables (never for CSV/XLSX data). */

export interface UnitScale {
  readonly factor: number; // display value = value / factor
  readonly unit: string; // e.g. 'billion CNY'
}

const SCALES: readonly [number, string][] = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
  [1e3, 'thousand'],
];

/**
 * Picks a power-of-thousand scale so the largest |value| displays between 1 and 1000, and
 * names it in front of the unit ('billion CNY', 'thousand persons'). A unit with a power-of-ten
 * prefix ('10^4 CNY per person') is first brought back to its base unit.
 */
export function chooseScale(values: Iterable<number>, unit: string): UnitScale {
  const prefixed = /^10\^(-?\d+)\s+(.+)$/.exec(unit);
  const base = prefixed ? 10 ** Number(prefixed[1]) : 1;
  const baseUnit = prefixed ? prefixed[2] : unit;
  let max = 0;
  for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  max *= base;
  for (const [factor, word] of SCALES)
    if (max >= factor) return { factor: factor / base, unit: `${word} ${baseUnit}` };
  return { factor: 1 / base, unit: baseUnit };
}

/** Significant-digit formatting with thousands separators; '–' for non-finite. */
export function formatNumber(v: number, significant = 3): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  const digits = Math.max(0, significant - 1 - Math.floor(Math.log10(abs)));
  const rounded = Number(v.toPrecision(significant));
  return numberFormat(Math.min(digits, 12)).format(rounded);
}

// Intl.NumberFormat is costly to construct (toLocaleString builds one per call): one per digit count.
const FORMATS = new Map<number, Intl.NumberFormat>();
function numberFormat(fractionDigits: number): Intl.NumberFormat {
  let f = FORMATS.get(fractionDigits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: fractionDigits, minimumFractionDigits: 0 });
    FORMATS.set(fractionDigits, f);
  }
  return f;
}

/** A value with its unit, scaled to thousand/million/billion/trillion: '23.9 trillion CNY'. */
export function formatScaled(v: number, unit: string, significant = 3): string {
  const s = chooseScale([v], unit);
  return `${formatNumber(v / s.factor, significant)} ${s.unit}`;
}

export function formatPercent(share: number, digits = 1): string {
  return Number.isFinite(share) ? `${(100 * share).toFixed(digits)} %` : '–';
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** '(billion CNY, 2017 prices)' for 'billion CNY (2017 prices)': no nested parentheses in titles. */
export function inParentheses(text: string): string {
  return `(${text.replace(/\s*\(([^()]*)\)/g, ', $1')})`;
}
