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
import { type CvWeighting, DEFAULT_CV_WEIGHTING } from './cvWeighting.ts';
import {
  type InequalityMeasures,
  type MismatchResult,
  notComputedFields,
  type ZoneSummary,
} from './runResult.ts';

export type { CvWeighting } from './cvWeighting.ts';

/** One regional total to be measured (per capita) for inequality. */
export interface MismatchVariable {
  readonly variable: string;
  readonly label: string;
  readonly totals: RegionVector;
}

export interface MismatchOptions {
  readonly topShare: { readonly fraction: number; readonly by: 'count' | 'population' };
  /** CV convention (default the paper's, unweighted). */
  readonly cv?: CvWeighting;
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
  const gini = populationWeightedGini(d);
  const cvWeighting = options.cv ?? DEFAULT_CV_WEIGHTING;
  const cv = coefficientOfVariation(d, { weighted: cvWeighting === 'population-weighted' });
  const ci = concentrationIndex(d, options.rankBy);
  const lorenz = lorenzCurve(d);
  const why = (measure: string, zone?: string) => () => whyUndefined(measure, v, options.zoneOfRegion, zone);
  return {
    variable: v.variable,
    label: v.label,
    unit: `${v.totals.unit} per person`,
    perCapita: { regions: v.totals.regions, unit: `${v.totals.unit} per person`, values: perCapita(d) },
    gini,
    cv,
    cvWeighting,
    lorenz,
    topRatio: {
      ratio: top.ratio,
      regions: top.regions,
      populationShare: top.populationShare,
      ...notComputedFields({ ratio: [top.ratio, why('the top-10 % ratio')] }),
    },
    concentrationIndex: ci,
    theil: {
      total: theil.total,
      between: theil.between,
      within: theil.within,
      byZone: theil.byGroup.map((g) => ({
        zone: g.zone,
        theil: g.theil,
        contribution: g.contribution,
        ...notComputedFields({
          theil: [g.theil, why('the Theil index', g.zone)],
          contribution: [g.contribution, why('the Theil index', g.zone)],
        }),
      })),
      ...notComputedFields({
        total: [theil.total, why('the Theil index')],
        between: [theil.between, why('the Theil index')],
        within: [theil.within, why('the Theil index')],
      }),
    },
    ...notComputedFields({
      gini: [gini, why('the Gini coefficient')],
      cv: [cv, why('the coefficient of variation')],
      concentrationIndex: [ci, why('the concentration index')],
      lorenz: [lorenz.map((p) => p.valueShare), why('the Lorenz curve')],
    }),
  };
}

/**
 * Why an inequality measure of `v` (in `zone`, or nationally) has no value: the regions with
 * negative totals (the measures need non-negative values), or a zero total.
 */
function whyUndefined(
  measure: string,
  v: MismatchVariable,
  zoneOfRegion: readonly string[],
  zone?: string,
): string {
  const t = v.totals;
  const inScope = (s: number) => zone === undefined || zoneOfRegion[s] === zone;
  const negative: string[] = [];
  let total = 0;
  for (let s = 0; s < t.values.length; s++) {
    if (!inScope(s)) continue;
    total += t.values[s];
    if (t.values[s] < 0) negative.push(`${t.regions[s]} ${t.values[s].toPrecision(3)} ${t.unit}`);
  }
  const where = zone === undefined ? '' : ` within ${zone}`;
  if (negative.length > 0)
    return `${measure}${where} is not defined: it needs non-negative values, and ${v.label.toLowerCase()} is negative in ${negative.join('; ')}`;
  if (total === 0) return `${measure}${where} is not defined: ${v.label.toLowerCase()} is 0 in total`;
  return `${measure}${where} is not defined for this distribution of ${v.label.toLowerCase()}`;
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
    const zeroTotal: string[] = [];
    for (const v of variables) {
      const tot = idx.reduce((a, s) => a + v.totals.values[s], 0);
      shares[v.variable] = tot / nat[v.variable];
      perCap[v.variable] = tot / pop;
      units[v.variable] = `${v.totals.unit} per person`;
      if (!Number.isFinite(shares[v.variable])) zeroTotal.push(v.label.toLowerCase());
    }
    return {
      zone,
      regions: idx.map((s) => population.regions[s]),
      population: pop,
      shares,
      perCapita: perCap,
      units,
      ...(zeroTotal.length > 0
        ? { notComputed: { shares: `no zone shares of a national total of 0: ${zeroTotal.join('; ')}` } }
        : {}),
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
    /** Why `factor` is NaN (no common money unit), if it is. */
    readonly unitNote?: string;
  }[],
  /** Measures already computed for some variables (same population and options): reused. */
  known?: ReadonlyMap<string, InequalityMeasures>,
): MismatchResult {
  const byName = new Map(variables.map((v) => [v.variable, v]));
  return {
    measures: variables.map((v) => known?.get(v.variable) ?? inequalityMeasures(v, population, options)),
    zones: zoneSummaries(variables, population, options.zoneOfRegion),
    damagePerWelfare: ratios.map((r) => {
      const numerator = byName.get(r.numerator)!;
      const denominator = byName.get(r.denominator)!;
      const num = numerator.totals;
      const den = denominator.totals;
      const values = Float64Array.from(num.values, (x, s) =>
        den.values[s] !== 0 ? x / (den.values[s] * r.factor) : Number.NaN,
      );
      const why = () => {
        if (!Number.isFinite(r.factor)) return r.unitNote ?? 'welfare and damage have no common money unit';
        const zero = den.regions.filter((_, s) => den.values[s] === 0);
        return `no ratio where ${denominator.label.toLowerCase()} is 0: ${zero.join(', ')}`;
      };
      return {
        variable: r.variable,
        unit: r.unit,
        values: {
          regions: num.regions,
          unit: r.unit,
          values,
          ...notComputedFields({ values: [values, why] }),
        },
      };
    }),
  };
}
