/**
 * Number and unit display shared by the report (figures, HTML) and the explorer (web/): one
 * module, so both say "1.38 trillion CNY" and never "1.38e12" or "10^4 CNY". Display only: CSV,
 * XLSX and JSON keep unrounded numbers in their stated units. No imports (bundled by Vite too).
 */

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

/** A unit with a power-of-ten prefix ('10^4 CNY per person') as its multiplier and base unit. */
export function unitPrefix(unit: string): { readonly multiplier: number; readonly base: string } {
  const prefixed = /^10\^(-?\d+)\s+(.+)$/.exec(unit);
  return prefixed
    ? { multiplier: 10 ** Number(prefixed[1]), base: prefixed[2] }
    : { multiplier: 1, base: unit };
}

/**
 * Picks a power-of-thousand scale so the largest |value| displays between 1 and 1000, and
 * names it in front of the unit ('billion CNY', 'thousand persons'). A unit with a power-of-ten
 * prefix ('10^4 CNY per person') is first brought back to its base unit.
 */
export function chooseScale(values: Iterable<number | null>, unit: string): UnitScale {
  const { multiplier, base } = unitPrefix(unit);
  let max = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  max *= multiplier;
  for (const [factor, word] of SCALES)
    if (max >= factor) return { factor: factor / multiplier, unit: `${word} ${base}` };
  return { factor: 1 / multiplier, unit: base };
}

/** A fixed scale (e.g. money in billions in every HTML table), honouring a 10^n prefix. */
export function fixedScale(unit: string, factor: number, word: string): UnitScale {
  const { multiplier, base } = unitPrefix(unit);
  return { factor: factor / multiplier, unit: `${word} ${base}` };
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

/** Significant-digit formatting with thousands separators and a true minus sign; '–' for non-finite. */
export function formatNumber(v: number | null, significant = 3): string {
  if (v === null || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  const digits = Math.max(0, significant - 1 - Math.floor(Math.log10(abs)));
  const rounded = Number(v.toPrecision(significant));
  return numberFormat(Math.min(digits, 12)).format(rounded).replace(/^-/, '−');
}

/** Fixed decimals with a true minus sign (Gini and other indices: '0.209'). */
export function formatFixed(v: number | null, decimals: number): string {
  if (v === null || !Number.isFinite(v)) return '–';
  const s = v.toFixed(decimals);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s.replace(/^-/, '−');
}

/** A value with its unit, scaled to thousand/million/billion/trillion: '23.9 trillion CNY'. */
export function formatScaled(v: number | null, unit: string, significant = 3): string {
  if (v === null || !Number.isFinite(v)) return '–';
  const s = chooseScale([v], unit);
  return joinUnit(formatNumber(v / s.factor, significant), s.unit);
}

/** 95 % interval in one scale, chosen for its larger end: '1.08–1.77 trillion CNY'. */
export function formatInterval(lo: number | null, hi: number | null, unit: string, significant = 3): string {
  if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) return '–';
  const s = chooseScale([lo, hi], unit);
  const a = formatNumber(lo / s.factor, significant);
  const b = formatNumber(hi / s.factor, significant);
  // An en dash between two numbers reads as a minus when the upper end is negative.
  return joinUnit(hi < 0 || lo < 0 ? `${a} to ${b}` : `${a}–${b}`, s.unit);
}

/** A value with its 95 % interval, all in one scale: '1.38 trillion CNY (95 %: 1.08–1.77)'. */
export function formatWithInterval(
  v: number | null,
  lo: number | null,
  hi: number | null,
  unit: string,
  significant = 3,
): string {
  if (v === null || !Number.isFinite(v)) return '–';
  const s = chooseScale([v, lo ?? 0, hi ?? 0], unit);
  const f = (x: number | null) => formatNumber(x === null ? null : x / s.factor, significant);
  const sep = (lo ?? 0) < 0 || (hi ?? 0) < 0 ? ' to ' : '–';
  const ci = lo !== null && hi !== null && Number.isFinite(lo) && Number.isFinite(hi);
  return `${joinUnit(f(v), s.unit)}${ci ? ` (95 %: ${f(lo)}${sep}${f(hi)})` : ''}`;
}

/** Share (fraction) as percent: '41.2 %'. */
export function formatPercent(share: number | null, digits = 1): string {
  return share !== null && Number.isFinite(share)
    ? `${(100 * share).toFixed(digits).replace(/^-/, '−')} %`
    : '–';
}

/** Signed change with its relative change: '−12.3 billion CNY (−4.1 %)'; shares in points. */
export function formatChange(before: number | null, after: number | null, unit: string): string {
  if (before === null || after === null || !Number.isFinite(before) || !Number.isFinite(after)) return '–';
  const d = after - before;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  if (unit === 'fraction' || unit === '1') return `${sign}${Math.abs(100 * d).toFixed(2)} points`;
  const rel = before !== 0 ? ` (${sign}${Math.abs((100 * d) / before).toFixed(1)} %)` : '';
  return `${sign}${formatScaled(Math.abs(d), unit)}${rel}`;
}

function joinUnit(number: string, unit: string): string {
  return unit ? `${number} ${unit}` : number;
}

/** '(billion CNY, 2017 prices)' for 'billion CNY (2017 prices)': no nested parentheses in titles. */
export function inParentheses(text: string): string {
  return `(${text.replace(/\s*\(([^()]*)\)/g, ', $1')})`;
}

/**
 * Rounds the long numbers inside free text (warnings, notes) for display: '6.484391369464172 t'
 * → '6.48 t', '1379000000000' → '1.38 × 10¹²'. Integers up to 12 digits (counts, years, codes)
 * and numbers with at most 3 decimals are left alone.
 */
export function roundNumbersInText(text: string, significant = 3): string {
  return text.replace(/(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])/gi, (m) => {
    const v = Number(m);
    if (!Number.isFinite(v)) return m;
    const decimals = /\.(\d+)/.exec(m)?.[1].length ?? 0;
    const exp = /e/i.test(m);
    if (!exp && decimals <= 3 && Math.abs(v) < 1e12) return m;
    if (Math.abs(v) >= 1e12 || (v !== 0 && Math.abs(v) < 1e-3)) {
      const e = Math.floor(Math.log10(Math.abs(v)));
      return `${formatNumber(v / 10 ** e, significant)} × 10${superscript(e)}`;
    }
    return formatNumber(v, significant);
  });
}

function superscript(n: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return `${n < 0 ? '⁻' : ''}${String(Math.abs(n))
    .split('')
    .map((d) => digits[Number(d)])
    .join('')}`;
}

/**
 * Tick values inside [lo, hi] on a 'nice' step (1, 2, 2.5 or 5 × 10^k): at least four ticks,
 * as close to `count` as such a step allows (ties: the wider step).
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const ticksOf = (step: number) => {
    const out: number[] = [];
    const first = Math.ceil(lo / step - 1e-9);
    for (let k = first; k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
    return out;
  };
  const mag = 10 ** Math.floor(Math.log10((hi - lo) / Math.max(1, count - 1)));
  let best: number[] = [];
  for (const m of [mag / 10, mag, mag * 10])
    for (const f of [1, 2, 2.5, 5]) {
      const t = ticksOf(m * f);
      if (t.length < 4) continue;
      if (!best.length || Math.abs(t.length - count) <= Math.abs(best.length - count)) best = t;
    }
  return best.length ? best : ticksOf((hi - lo) / 4);
}
