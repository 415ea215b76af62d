import type { EarningsModel, EmploymentEstimateInput, ProvinceSectorTable } from './employmentEstimate.ts';
import { type EmploymentSources, pressReleaseWage, URBAN_UNIT_SECTIONS } from './employmentSources.ts';

/**
 * The China 2017 earnings model of the employment estimate (docs/employment.md §2): what the
 * published wage and income data say about earnings per worker by province and sector. Pure.
 */

/** Non-industrial sections of the urban-unit table → NBS-42 sectors (1-based). B, C, D are industry. */
export const SECTION_TO_42: Readonly<Record<string, readonly number[]>> = {
  A: [1],
  E: [27],
  F: [28],
  G: [29],
  H: [30],
  I: [31],
  J: [32],
  K: [33],
  L: [34],
  M: [35, 36],
  N: [37],
  O: [38],
  P: [39],
  Q: [40],
  R: [41],
  S: [42],
};

const INDUSTRY_FIRST = 1; // sector 02 (0-based index)
const INDUSTRY_LAST = 25; // sector 26
const FARM = 0; // sector 01

export type LivingStandardIndex = 'household_income' | 'gdp_per_capita';

export interface EarningsOptions {
  readonly label: string;
  /** Provincial level of self-employed and farm earnings. */
  readonly livingStandard: LivingStandardIndex;
  /**
   * Share of non-farm workers outside formal units whose earnings follow the living standard
   * (the self-employed); the rest (private-unit employees) follow the provincial formal wage level.
   */
  readonly selfEmployedWeight: number;
  /** κ; default: national private ÷ non-private urban-unit wage 2017 (NBS press release). */
  readonly informalToFormalEarnings?: number;
}

export const CHINA2017_EARNINGS: EarningsOptions = {
  label: 'main',
  livingStandard: 'household_income',
  selfEmployedWeight: 0.5,
};

/** The specifications whose spread is reported as the likely error (docs/employment.md §4). */
export const CHINA2017_EARNINGS_SENSITIVITY: readonly EarningsOptions[] = [
  {
    label: 'non-farm informal at formal wage level',
    livingStandard: 'household_income',
    selfEmployedWeight: 0,
  },
  { label: 'non-farm informal at income level', livingStandard: 'household_income', selfEmployedWeight: 1 },
  { label: 'GDP per capita as living standard', livingStandard: 'gdp_per_capita', selfEmployedWeight: 0.5 },
  {
    label: 'kappa 0.5',
    livingStandard: 'household_income',
    selfEmployedWeight: 0.5,
    informalToFormalEarnings: 0.5,
  },
  {
    label: 'kappa 0.75',
    livingStandard: 'household_income',
    selfEmployedWeight: 0.5,
    informalToFormalEarnings: 0.75,
  },
];

/** National 2016 urban-unit wage per industrial sector (employment-weighted), NaN without data. */
export function nationalIndustrialWages(src: EmploymentSources): Float64Array {
  const P = src.provinces.length;
  const N = src.sectors.length;
  const { employment, wage } = src.industrialUrbanUnit2016;
  return Float64Array.from({ length: N }, (_, s) => {
    let bill = 0;
    let persons = 0;
    for (let p = 0; p < P; p++) {
      const k = p * N + s;
      if (employment[k] > 0) {
        bill += employment[k] * wage[k];
        persons += employment[k];
      }
    }
    return persons > 0 ? bill / persons : Number.NaN;
  });
}

/**
 * ωF(p): the province's formal wage level, a Laspeyres-type index over industrial sectors:
 * Σ_s F[p,s]·w[p,s] / Σ_s F[p,s]·w̄[s] (2016 urban-unit employment and wages).
 */
export function provincialFormalWageLevel(src: EmploymentSources): Float64Array {
  const P = src.provinces.length;
  const N = src.sectors.length;
  const wbar = nationalIndustrialWages(src);
  const { employment, wage } = src.industrialUrbanUnit2016;
  return Float64Array.from({ length: P }, (_, p) => {
    let actual = 0;
    let atNational = 0;
    for (let s = INDUSTRY_FIRST; s <= INDUSTRY_LAST; s++) {
      const k = p * N + s;
      if (employment[k] > 0) {
        actual += employment[k] * wage[k];
        atNational += employment[k] * wbar[s];
      }
    }
    return actual / atNational;
  });
}

/** Living-standard index per province, relative to the national figure. */
export function livingStandardIndex(src: EmploymentSources, kind: LivingStandardIndex): Float64Array {
  if (kind === 'household_income') return src.householdIncome.map((v) => v / src.nationalHouseholdIncome);
  let gdp = 0;
  let pop = 0;
  for (let p = 0; p < src.provinces.length; p++) {
    gdp += src.gdp[p];
    pop += src.population[p];
  }
  return Float64Array.from(src.gdp, (g, p) => g / src.population[p] / (gdp / pop));
}

/**
 * Urban-unit employment per province × sector 2017, persons: industrial cells from 2016
 * (scaled by the province's 2016→2017 urban-unit change); the rest of the province's 2017
 * total split by its 2024 shares over the non-industrial sections, a section's share split
 * over its sectors by national employment.
 */
export function formalEmployment(src: EmploymentSources): Float64Array {
  const P = src.provinces.length;
  const N = src.sectors.length;
  const F = new Float64Array(P * N);
  const { employment } = src.industrialUrbanUnit2016;
  const sections = URBAN_UNIT_SECTIONS.filter((s) => s in SECTION_TO_42);
  for (let p = 0; p < P; p++) {
    const growth = src.urbanUnit2017[p] / src.urbanUnit2016[p];
    let industrial = 0;
    for (let s = INDUSTRY_FIRST; s <= INDUSTRY_LAST; s++) {
      F[p * N + s] = employment[p * N + s] * growth;
      industrial += F[p * N + s];
    }
    const rest = Math.max(0, src.urbanUnit2017[p] - industrial);
    let sectionTotal = 0;
    for (const sec of sections) sectionTotal += src.urbanUnitBySection2024.get(sec)![p];
    if (!(sectionTotal > 0)) continue;
    for (const sec of sections) {
      const share = src.urbanUnitBySection2024.get(sec)![p] / sectionTotal;
      const targets = SECTION_TO_42[sec];
      let nat = 0;
      for (const t of targets) nat += src.nationalEmployment[t - 1];
      for (const t of targets) F[p * N + t - 1] = (rest * share * src.nationalEmployment[t - 1]) / nat;
    }
  }
  return F;
}

function table(src: EmploymentSources, unit: string, values: Float64Array): ProvinceSectorTable {
  return { provinces: src.provinces.map((p) => p.name), sectors: src.sectors, unit, values };
}

export function chinaEarningsModel(src: EmploymentSources, o: EarningsOptions): EarningsModel {
  const P = src.provinces.length;
  const N = src.sectors.length;
  const wbar = nationalIndustrialWages(src);
  const level = provincialFormalWageLevel(src);
  const living = livingStandardIndex(src, o.livingStandard);
  const { employment, wage } = src.industrialUrbanUnit2016;
  const wF = new Float64Array(P * N);
  const wO = new Float64Array(P * N);
  for (let p = 0; p < P; p++)
    for (let s = 0; s < N; s++) {
      const k = p * N + s;
      // A cell's own 2016 wage where it has urban-unit workers, else the province's level.
      wF[k] = employment[k] > 0 && wbar[s] > 0 ? wage[k] / wbar[s] : level[p];
      wO[k] =
        s === FARM ? living[p] : o.selfEmployedWeight * living[p] + (1 - o.selfEmployedWeight) * level[p];
    }
  const kappa =
    o.informalToFormalEarnings ??
    pressReleaseWage(src, 'urban_private_average_wage', 'National', '2017') /
      pressReleaseWage(src, 'urban_non_private_average_wage', 'National', '2017');
  return {
    label: o.label,
    formalEmployment: table(src, 'persons', formalEmployment(src)),
    formalWageIndex: table(src, '1', wF),
    informalEarningsIndex: table(src, '1', wO),
    informalToFormalEarnings: kappa,
  };
}

/** The estimator's input for China 2017: VA001, national employment, urban-unit floors. */
export function chinaEmploymentInput(
  src: EmploymentSources,
  main: EarningsOptions = CHINA2017_EARNINGS,
  sensitivity: readonly EarningsOptions[] = CHINA2017_EARNINGS_SENSITIVITY,
): EmploymentEstimateInput {
  const provinces = src.provinces.map((p) => p.name);
  return {
    compensation: table(src, '10^4 CNY', src.compensation),
    nationalEmployment: { sectors: src.sectors, unit: 'persons', values: src.nationalEmployment },
    floor: { provinces, unit: 'persons', values: src.urbanUnit2017 },
    population: { provinces, unit: 'persons', values: src.population },
    earnings: chinaEarningsModel(src, main),
    sensitivity: sensitivity.map((o) => chinaEarningsModel(src, o)),
  };
}
