import {
  coefficientOfVariation,
  concentrationIndex,
  lorenzCurve,
  perCapita,
  populationWeightedGini,
  type RegionalDistribution,
  theilByZone,
  topShareRatio,
} from '../equity/index.ts';
import type { RegionVector } from '../mrio/model.ts';
import type { InequalityMeasures, MismatchResult, ZoneSummary } from './runResult.ts';

/** One regional total to be measured (per capita) for inequality. */
export interface MismatchVariable {
  readonly variable: string;
  readonly label: string;
  readonly totals: RegionVector;
}

export interface MismatchOptions {
  readonly topShare: { readonly fraction: number; readonly by: 'count' | 'population' };
  /** Rank variable of the concentration index (per-capita living standard). */
  readonly rankBy: RegionVector;
  readonly zoneOfRegion: readonly string[];
}

export function inequalityMeasures(
  v: MismatchVariable,
  population: RegionVector,
  options: MismatchOptions,
): InequalityMeasures {
  const d: RegionalDistribution = { totals: v.totals, population };
  const theil = theilByZone(d, options.zoneOfRegion);
  const top = topShareRatio(d, options.topShare);
  return {
    variable: v.variable,
    label: v.label,
    unit: `${v.totals.unit} per person`,
    perCapita: { regions: v.totals.regions, unit: `${v.totals.unit} per person`, values: perCapita(d) },
    gini: populationWeightedGini(d),
    cv: coefficientOfVariation(d),
    lorenz: lorenzCurve(d),
    topRatio: { ratio: top.ratio, regions: top.regions, populationShare: top.populationShare },
    concentrationIndex: concentrationIndex(d, options.rankBy),
    theil: {
      total: theil.total,
      between: theil.between,
      within: theil.within,
      byZone: theil.byGroup.map((g) => ({ zone: g.zone, theil: g.theil, contribution: g.contribution })),
    },
  };
}

/** Zone aggregates: shares of national totals and per-capita values of each variable. */
export function zoneSummaries(
  variables: readonly MismatchVariable[],
  population: RegionVector,
  zoneOfRegion: readonly string[],
): ZoneSummary[] {
  const zones = [...new Set(zoneOfRegion)];
  const G = zoneOfRegion.length;
  const nat: Record<string, number> = {};
  let natPop = 0;
  for (let s = 0; s < G; s++) natPop += population.values[s];
  for (const v of variables) nat[v.variable] = v.totals.values.reduce((a, b) => a + b, 0);
  return zones.map((zone) => {
    const idx = [...Array(G).keys()].filter((s) => zoneOfRegion[s] === zone);
    const pop = idx.reduce((a, s) => a + population.values[s], 0);
    const shares: Record<string, number> = { population: pop / natPop };
    const perCap: Record<string, number> = {};
    const units: Record<string, string> = { population: 'share of national population' };
    for (const v of variables) {
      const tot = idx.reduce((a, s) => a + v.totals.values[s], 0);
      shares[v.variable] = tot / nat[v.variable];
      perCap[v.variable] = tot / pop;
      units[v.variable] = `${v.totals.unit} per person`;
    }
    return {
      zone,
      regions: idx.map((s) => population.regions[s]),
      population: pop,
      shares,
      perCapita: perCap,
      units,
    };
  });
}

/**
 * Mismatch of welfare and damage (METHODS §7): inequality of each variable per capita, zone
 * shares, and damage per unit of welfare by region.
 */
export function mismatchAnalysis(
  variables: readonly MismatchVariable[],
  population: RegionVector,
  options: MismatchOptions,
  ratios: readonly {
    readonly variable: string;
    readonly numerator: string;
    readonly denominator: string;
    readonly unit: string;
    readonly factor: number;
  }[],
  /** Measures already computed for some variables (same population and options): reused. */
  known?: ReadonlyMap<string, InequalityMeasures>,
): MismatchResult {
  const byName = new Map(variables.map((v) => [v.variable, v]));
  return {
    measures: variables.map((v) => known?.get(v.variable) ?? inequalityMeasures(v, population, options)),
    zones: zoneSummaries(variables, population, options.zoneOfRegion),
    damagePerWelfare: ratios.map((r) => {
      const num = byName.get(r.numerator)!.totals;
      const den = byName.get(r.denominator)!.totals;
      return {
        variable: r.variable,
        unit: r.unit,
        values: {
          regions: num.regions,
          unit: r.unit,
          values: Float64Array.from(num.values, (x, s) =>
            den.values[s] !== 0 ? x / (den.values[s] * r.factor) : Number.NaN,
          ),
        },
      };
    }),
  };
}
