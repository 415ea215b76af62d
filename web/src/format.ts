// Number formatting for labels and tables. CSV downloads always carry the raw numbers.

export type Num = number | null;

/** Compact display with thousands scale words (k, M, bn); 3 significant digits. */
export function formatValue(v: Num, unit = ''): string {
  if (v === null || !Number.isFinite(v)) return '–';
  if (unit === 'fraction') return `${(v * 100).toFixed(1)} %`;
  const a = Math.abs(v);
  if (a >= 1e12) return `${(v / 1e12).toPrecision(3)} tn`;
  if (a >= 1e9) return `${(v / 1e9).toPrecision(3)} bn`;
  if (a >= 1e6) return `${(v / 1e6).toPrecision(3)} M`;
  if (a >= 1e4) return `${(v / 1e3).toPrecision(3)} k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toPrecision(3);
  if (a === 0) return '0';
  return v.toPrecision(3);
}

/** Signed change and relative change, e.g. "−12.3 k (−4.1 %)". */
export function formatDelta(base: Num, now: Num, unit = ''): string {
  if (base === null || now === null || !Number.isFinite(base) || !Number.isFinite(now)) return '–';
  const d = now - base;
  if (unit === 'fraction') return `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(2)} pp`;
  const rel = base !== 0 ? ` (${d >= 0 ? '+' : '−'}${Math.abs((d / base) * 100).toFixed(1)} %)` : '';
  return `${d >= 0 ? '+' : '−'}${formatValue(Math.abs(d), unit)}${rel}`;
}

export function deltaClass(base: Num, now: Num, higherIsWorse: boolean): string {
  if (base === null || now === null) return 'neutral';
  const d = now - base;
  if (Math.abs(d) <= 1e-12 * Math.max(1, Math.abs(base))) return 'neutral';
  return d > 0 === higherIsWorse ? 'up' : 'down';
}

export function unitLabel(unit: string): string {
  return unit === 'fraction' ? '%' : unit;
}
