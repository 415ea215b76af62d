import { populationWeightedGini } from '../equity/gini.ts';
import { giniTransferContributions } from '../equity/giniChange.ts';
import { PRECURSORS, type Precursor, type RegionVector } from '../mrio/model.ts';
import type { EmissionAccounts } from './emissionAccounts.ts';
import { type CompensationResult, notComputedFields } from './runResult.ts';

/**
 * Driver shares of each input's trade-related emissions (METHODS §4, §7): of the tonnes of p
 * that region s emits for trade (parts 2+3+4), M_p[s,r] (r ≠ s) are driven by r's final demand
 * (Σ_{r≠s} M[s,r] = parts 3+4) and part 2 by s's own. drivers[p][s·G + r], rows sum to 1.
 */
export function tradeDriverShares(
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  G: number,
): Record<Precursor, Float64Array> {
  const out = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const em = emissions[p];
    const d = new Float64Array(G * G);
    for (let s = 0; s < G; s++) {
      const trade = em.tradeRelated[s];
      if (!(trade > 0)) continue;
      for (let r = 0; r < G; r++)
        d[s * G + r] = (r === s ? em.importsEmbodied[s] : em.flows.data[s * G + r]) / trade;
    }
    out[p] = d;
  }
  return out;
}

/**
 * Beneficiary-pays matrix (METHODS §7): full[r·G + i] = Σ_{s,p} share_p[s,i] · D_i · drivers_p[s,r]:
 * the damage suffered in i (D_i) that input (s, p) caused (its Shapley share of i's ΔC),
 * passed on to the final demand r that drove those tonnes. Σ_r full[r,i] = D_i.
 */
export function beneficiaryPaysMatrix(
  share: Readonly<Record<Precursor, Float64Array>>,
  drivers: Readonly<Record<Precursor, Float64Array>>,
  damageByReceptor: Float64Array,
  G: number,
): Float64Array {
  // Accumulated transposed (fullT[i·G + r], r contiguous), then transposed back: every cell adds
  // its (p, s) terms in the same order as before, so the result is the same bit for bit.
  const fullT = new Float64Array(G * G);
  for (const p of PRECURSORS) {
    const sh = share[p];
    const dr = drivers[p];
    for (let s = 0; s < G; s++) {
      const row = s * G;
      for (let i = 0; i < G; i++) {
        const caused = sh[row + i] * damageByReceptor[i];
        if (caused === 0) continue;
        const o = i * G;
        for (let r = 0; r < G; r++) fullT[o + r] += caused * dr[row + r];
      }
    }
  }
  const full = new Float64Array(G * G);
  for (let i = 0; i < G; i++) for (let r = 0; r < G; r++) full[r * G + i] = fullT[i * G + r];
  return full;
}

/**
 * Transfers T[r→i] = full[r,i] for r ≠ i (damage a region causes itself is not transferred),
 * net positions, and the Gini of welfare net of damage (per capita) before and after.
 * `welfare` is social income per region in the damage's money unit.
 */
export function compensationResult(
  full: Float64Array,
  damageByReceptor: Float64Array,
  welfare: RegionVector,
  population: RegionVector,
  unit: string,
  /** Why `welfare` is NaN (no common money unit with the damage), if it is. */
  welfareNote?: string,
): Omit<CompensationResult, 'drivenBy'> {
  const regions = population.regions;
  const G = regions.length;
  const T = new Float64Array(G * G);
  const paid = new Float64Array(G);
  const received = new Float64Array(G);
  for (let r = 0; r < G; r++)
    for (let i = 0; i < G; i++) {
      if (r === i) continue;
      T[r * G + i] = full[r * G + i];
      paid[r] += full[r * G + i];
      received[i] += full[r * G + i];
    }
  const net = Float64Array.from(received, (x, s) => x - paid[s]);
  let netSum = 0;
  for (const v of net) netSum += v;
  const before = Float64Array.from(welfare.values, (w, s) => w - damageByReceptor[s]);
  const after = Float64Array.from(before, (w, s) => w + net[s]);
  const pc = (v: Float64Array) => Float64Array.from(v, (x, s) => x / population.values[s]);
  const rv = (values: Float64Array, u = unit) => ({ regions, unit: u, values });
  const perCapitaBefore = pc(before);
  const perCapitaAfter = pc(after);
  const giniBefore = populationWeightedGini({ totals: rv(before), population });
  const giniAfter = populationWeightedGini({ totals: rv(after), population });
  const giniContributions = giniTransferContributions({ totals: rv(before), population }, rv(net));
  const why = () => welfareNote ?? 'welfare net of damage is 0 in total: no Gini';
  return {
    unit,
    transfers: {
      regions,
      unit,
      rowsAre: 'paying province r (its final demand drove the emissions)',
      colsAre: 'receiving province i (where the damage is suffered)',
      values: { rows: G, cols: G, data: T },
    },
    paid: rv(paid),
    received: rv(received),
    net: rv(net),
    netSum,
    welfareNetOfDamage: {
      unit: `${unit} per person`,
      before: rv(perCapitaBefore, `${unit} per person`),
      after: rv(perCapitaAfter, `${unit} per person`),
      giniBefore,
      giniAfter,
      // Why it moves: each province's first-order share of the change (equity/giniChange.ts).
      giniContributions: rv(giniContributions, 'Gini (0–1)'),
      ...notComputedFields({
        before: [perCapitaBefore, why],
        after: [perCapitaAfter, why],
        giniBefore: [giniBefore, why],
        giniAfter: [giniAfter, why],
        giniContributions: [giniContributions, why],
      }),
    },
  };
}
