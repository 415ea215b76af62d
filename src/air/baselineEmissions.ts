import type { Mrio, Precursor, PrecursorEmissions } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';

/**
 * Provincial baseline emissions E⁰_{j,p} of an MRIO's emission satellites (t/yr):
 *   E⁰_{j,p} = Σ_i F_p[(j,i)] + direct_p[j]
 * production emissions summed over j's sectors (sector order) plus final users' direct
 * emissions; the same E⁰ the analysis takes emission ratios against (METHODS §7), so a response
 * surface trained on these totals and the analysis share one baseline. The satellite of
 * precursor p is the one with kind 'emission' and `precursor === p`.
 */
export function provincialEmissionTotals(mrio: Mrio): PrecursorEmissions {
  const G = mrio.regions.length;
  const N = mrio.sectors.length;
  const byPrecursor = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const sat = mrio.satellites.find((s) => s.kind === 'emission' && s.precursor === p);
    if (!sat) throw new Error(`the MRIO has no emission satellite for precursor ${p}`);
    if (sat.values.length !== G * N)
      throw new Error(`satellite ${sat.name}: ${sat.values.length} values, expected ${G * N}`);
    const out = new Float64Array(G);
    for (let j = 0; j < G; j++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += sat.values[j * N + i];
      out[j] = s + (sat.direct ? sat.direct[j] : 0);
    }
    byPrecursor[p] = out;
  }
  return { regions: mrio.regions, unit: 't', byPrecursor };
}
