/**
 * Money units appear as labels ('10^4 CNY', 'CNY (2017 prices)', 'billion CNY'). Welfare from the
 * MRIO and damage from the health model must be brought to one scale before they are added or
 * compared; this reads the multiplier and the currency code from such a label.
 */
export interface MoneyScale {
  readonly currency: string; // e.g. 'CNY'
  readonly multiplier: number; // value × multiplier = amount in 1 currency unit
}

const WORDS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** Parses '10^4 CNY', '1e4 CNY', '10000 CNY', 'million CNY', 'CNY (2017 prices)'; null if no currency code. */
export function parseMoneyUnit(unit: string): MoneyScale | null {
  const code = unit.match(/\b([A-Z]{3})\b/);
  if (!code) return null;
  let multiplier = 1;
  const pow = unit.match(/10\s*\^\s*(\d+)/);
  const exp = unit.match(/\b1e(\d+)\b/i);
  const plain = unit.match(/^\s*([\d\s,]+)\s+[A-Z]{3}\b/);
  const word = unit.toLowerCase().match(/\b(thousand|million|billion|trillion)\b/);
  if (pow) multiplier = 10 ** Number(pow[1]);
  else if (exp) multiplier = 10 ** Number(exp[1]);
  else if (plain) multiplier = Number(plain[1].replace(/[\s,]/g, ''));
  else if (word) multiplier = WORDS[word[1]];
  return { currency: code[1], multiplier };
}

/** Factor converting amounts in `from` to amounts in `to`; throws if the currencies differ or cannot be read. */
export function moneyConversion(from: string, to: string): number {
  const a = parseMoneyUnit(from);
  const b = parseMoneyUnit(to);
  if (!a || !b) throw new Error(`cannot convert money unit '${from}' to '${to}': no currency code found`);
  if (a.currency !== b.currency)
    throw new Error(`cannot convert money unit '${from}' to '${to}': different currencies`);
  return a.multiplier / b.multiplier;
}
