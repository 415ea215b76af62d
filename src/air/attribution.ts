import { zeros } from '../linalg/matrix.ts';
import type { Precursor, RegionMatrix, RegionVector } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';
import { concentrationChange } from './prediction.ts';
import {
  CONCENTRATION_UNIT,
  type EmissionRatios,
  PRECURSOR_COUNT,
  type ResponseSurface,
  ratioChanges,
} from './responseSurface.ts';

/**
 * Exact Shapley attribution of ΔC (METHODS §7). With the baseline as the reference, each monomial
 * c·Π Δe_v^a is a unanimity game over the players it involves, so its Shapley value is shared
 * equally among them; summing over monomials gives contributions that add up to ΔC_i exactly.
 * players 'input': a player is one (source region, precursor); 'province': one source region
 * (all its precursors together). The two differ for monomials mixing regions, e.g.
 * Δe_{i,NH3}Δe_{i,NOx}Δe_{j,NOx} gives i 2/3 as inputs but 1/2 as provinces.
 */
export interface ShapleyAttribution {
  readonly players: 'input' | 'province';
  /** Rows = source region j, columns = receptor region i; column sums = ΔC_i. µg/m³. */
  readonly bySource: RegionMatrix;
  /** players 'input' only: the same split further by precursor (sums over precursors = bySource). */
  readonly bySourcePrecursor?: Readonly<Record<Precursor, RegionMatrix>>;
  readonly total: RegionVector;
}

export function shapleyBySource(
  model: ResponseSurface,
  ratios: EmissionRatios,
  players: 'input' | 'province' = 'input',
): ShapleyAttribution {
  const G = model.regions.length;
  const delta = ratioChanges(model, ratios);
  const bySource = zeros(G, G);
  const byP: Record<Precursor, RegionMatrix> | undefined =
    players === 'input' ? ({} as Record<Precursor, RegionMatrix>) : undefined;
  if (byP)
    for (const p of PRECURSORS)
      byP[p] = { regions: model.regions, unit: CONCENTRATION_UNIT, values: zeros(G, G) };
  const seen = new Int32Array(G).fill(-1);
  const provinces: number[] = [];
  let stamp = 0; // marks the provinces already counted in the current term
  for (let i = 0; i < G; i++) {
    const rs = model.receptors[i];
    for (let t = 0; t < rs.terms.length; t++) {
      const term = rs.terms[t];
      let value = rs.coefficients[t];
      for (let f = 0; f < term.vars.length; f++) value *= delta[term.vars[f]] ** term.exps[f];
      if (value === 0) continue;
      if (players === 'input') {
        const share = value / term.vars.length; // vars are distinct within a term
        for (const v of term.vars) {
          const j = Math.floor(v / PRECURSOR_COUNT);
          bySource.data[j * G + i] += share;
          byP![PRECURSORS[v % PRECURSOR_COUNT]].values.data[j * G + i] += share;
        }
      } else {
        provinces.length = 0;
        stamp++;
        for (const v of term.vars) {
          const j = Math.floor(v / PRECURSOR_COUNT);
          if (seen[j] !== stamp) {
            seen[j] = stamp;
            provinces.push(j);
          }
        }
        const share = value / provinces.length;
        for (const j of provinces) bySource.data[j * G + i] += share;
      }
    }
  }
  return {
    players,
    bySource: { regions: model.regions, unit: CONCENTRATION_UNIT, values: bySource },
    bySourcePrecursor: byP,
    total: concentrationChange(model, ratios),
  };
}

/**
 * One-at-a-time comparison (not additive under nonlinearity). Rows = source j, columns = receptor i:
 * `alone[j,i]` = ΔC_i when only region j's ratios are applied (all others at baseline);
 * `removal[j,i]` = C_i(e) − C_i(e with region j reset to baseline).
 */
export interface OneAtATimeAttribution {
  readonly alone: RegionMatrix;
  readonly removal: RegionMatrix;
  readonly total: RegionVector;
}

export function oneAtATime(model: ResponseSurface, ratios: EmissionRatios): OneAtATimeAttribution {
  const G = model.regions.length;
  const total = concentrationChange(model, ratios);
  const alone = zeros(G, G);
  const removal = zeros(G, G);
  const make = (pick: (j: number) => boolean): EmissionRatios => {
    const r = {} as Record<Precursor, Float64Array>;
    for (const p of PRECURSORS) {
      const a = new Float64Array(G);
      for (let k = 0; k < G; k++) a[k] = pick(k) ? ratios.ratios[p][k] : 1;
      r[p] = a;
    }
    return { regions: model.regions, ratios: r };
  };
  for (let j = 0; j < G; j++) {
    const a = concentrationChange(
      model,
      make((k) => k === j),
    ).values;
    const rest = concentrationChange(
      model,
      make((k) => k !== j),
    ).values;
    for (let i = 0; i < G; i++) {
      alone.data[j * G + i] = a[i];
      removal.data[j * G + i] = total.values[i] - rest[i];
    }
  }
  return {
    alone: { regions: model.regions, unit: CONCENTRATION_UNIT, values: alone },
    removal: { regions: model.regions, unit: CONCENTRATION_UNIT, values: removal },
    total,
  };
}
