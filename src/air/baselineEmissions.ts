import type { Precursor, PrecursorEmissions } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';

/**
 * Provincial baseline emissions = national control total × provincial share of an inventory
 * (for the stand-in default: MEIC 2017 totals split by REAS v3.2 2015 provincial shares).
 * `nationalTotals` in t/yr; `provincialInventory[p][j]` in any unit (only shares matter).
 */
export function splitNationalTotals(
  regions: readonly string[],
  nationalTotals: Readonly<Record<Precursor, number>>,
  provincialInventory: Readonly<Record<Precursor, ArrayLike<number>>>,
): PrecursorEmissions {
  const byPrecursor = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const inv = provincialInventory[p];
    if (inv.length !== regions.length)
      throw new Error(`inventory of ${p} has ${inv.length} regions, expected ${regions.length}`);
    let sum = 0;
    for (let j = 0; j < inv.length; j++) sum += inv[j];
    if (!(sum > 0)) throw new Error(`inventory of ${p} sums to ${sum}; shares are undefined`);
    byPrecursor[p] = Float64Array.from(inv, (x) => (nationalTotals[p] * x) / sum);
  }
  return { regions, unit: 't', byPrecursor };
}
