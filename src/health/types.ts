import type { RegionVector } from '../mrio/model.ts';

/**
 * Health-damage types: parameter sets (what the published sources say), options (every convention
 * named) and results (labelled per region × endpoint × threshold). docs/health.md explains each.
 */

/** The five GBD causes of death attributed to long-term PM2.5 exposure (METHODS §6). */
export const MORTALITY_CAUSES = ['IHD', 'STROKE', 'COPD', 'LC', 'LRI'] as const;
export type MortalityCause = (typeof MORTALITY_CAUSES)[number];

/** Exposure–response function families for mortality. */
export type ErfName = 'ier2015' | 'ier2017' | 'gemm';

/**
 * How damage of a scenario is counted (docs/health.md §Accounting).
 * - 'difference': AF(C_base) − AF(C_cf) = 1/RR_cf − 1/RR_base (burden(base) − burden(cf)).
 * - 'pif': potential impact fraction (RR_base − RR_cf)/RR_base = RR_cf · difference.
 */
export type CounterfactualAccounting = 'difference' | 'pif';

/**
 * How the "baseline concentration" threshold T (5/10/15 µg/m³) enters the mortality ERF
 * (docs/health.md §Threshold readings).
 * - 'floor': counterfactual concentration z_cf' = max(T, z_cf of the draw) (default).
 * - 'shift': z_cf' = T, i.e. RR(C − T + z_cf) on the draw's own curve.
 * - 'ratio': RR(C)/RR(T) for C > T, else 1 (draw's own curve and z_cf).
 * - 'gbd-tmrel': the draw's own z_cf; T is not used for mortality.
 * Log-linear morbidity always uses exp(β·max(0, C − T)) (all readings coincide for it).
 */
export type ThresholdReading = 'floor' | 'shift' | 'ratio' | 'gbd-tmrel';

/** One IER cause × age row with its joint draws (alpha, gamma, delta, zcf). */
export interface IerCurveDraws {
  readonly cause: MortalityCause;
  /** Lower bound of the 5-year band; the top band is open (80+ in GBD 2015, 95+ in GBD 2017); null = all ages. */
  readonly ageStart: number | null;
  readonly alpha: Float64Array;
  readonly gamma: Float64Array;
  readonly delta: Float64Array;
  /** Theoretical minimum-risk exposure level of the draw, µg/m³. */
  readonly zcf: Float64Array;
}

export interface IerParameterSet {
  readonly name: 'ier2015' | 'ier2017';
  readonly draws: number;
  /** Open top age band (80 or 95). */
  readonly topAgeBand: number;
  readonly curves: readonly IerCurveDraws[];
  readonly source: string;
}

/** One GEMM cause × age row (Burnett et al. 2018, with the Chinese cohort). */
export interface GemmCurve {
  readonly cause: MortalityCause;
  readonly ageStart: number | null;
  readonly theta: number;
  readonly seTheta: number;
  readonly alpha: number;
  readonly mu: number;
  readonly nu: number;
  /** Counterfactual concentration, µg/m³ (2.4). */
  readonly cf: number;
}

export interface GemmParameterSet {
  readonly name: 'gemm';
  readonly topAgeBand: number;
  readonly curves: readonly GemmCurve[];
  readonly source: string;
}

/** Age structure: share of the population in each 5-year band starting at `ageStarts[i]` (top band open). */
export interface AgeStructure {
  readonly ageStarts: readonly number[];
  readonly shares: Float64Array;
  readonly source: string;
}

/** Baseline cause-specific mortality, deaths per 100,000 persons per year, by cause and age band. */
export interface BaselineMortality {
  readonly unit: 'deaths per 100000 per year';
  /** rates.get(cause)?.get(ageStart) */
  readonly rates: ReadonlyMap<MortalityCause, ReadonlyMap<number, number>>;
  readonly source: string;
}

/** A value with an optional published range; the Monte Carlo draws triangular(low, central, high). */
export interface SourcedRange {
  readonly central: number;
  readonly low?: number;
  readonly high?: number;
}

/** A log-linear morbidity endpoint with sourced coefficient, baseline incidence and (optionally) unit value. */
export interface MorbidityEndpoint {
  readonly id: string;
  readonly label: string;
  /** β per µg/m³ (central and 95 % CI bounds); drawn normal with SD = (high − low)/(2·1.96). */
  readonly beta: { readonly central: number; readonly low: number; readonly high: number };
  /** Pollutant the coefficient was estimated for ('PM10' coefficients are applied to PM2.5 as printed). */
  readonly coefficientPollutant: 'PM2.5' | 'PM10';
  readonly coefficientRegion: string;
  readonly coefficientSource: string;
  /** Ages affected, inclusive years; ageTo null = no upper bound. */
  readonly ageFrom: number;
  readonly ageTo: number | null;
  /** Baseline incidence, cases per person (of the affected ages) per year. */
  readonly incidence: SourcedRange;
  readonly incidenceRegion: string;
  readonly incidenceSource: string;
  /** Money per case; absent = no sourced unit value: cases counted, money left out of the sum. */
  readonly unitValue?: SourcedRange & {
    readonly currency: string;
    readonly priceYear: number;
    readonly source: string;
  };
  readonly notes: string;
}

/** A morbidity endpoint the paper names but for which no sourced parameters were found. */
export interface ExcludedEndpoint {
  readonly id: string;
  readonly label: string;
  readonly reason: string;
}

/**
 * Value of a statistical life and its range. `central` is the published estimate; the Monte
 * Carlo draws a triangular distribution on [low, high] whose mean is `central` (model.ts vslMode).
 */
export interface VslParameters extends SourcedRange {
  readonly low: number;
  readonly high: number;
  readonly currency: string;
  readonly priceYear: number;
  readonly source: string;
}

/** Consumer price index by year (any base); money in year a is moved to year b by × index[b]/index[a]. */
export interface PriceIndex {
  readonly currency: string;
  readonly index: ReadonlyMap<number, number>;
  readonly source: string;
}

export interface HealthParameters {
  readonly ier2015?: IerParameterSet;
  readonly ier2017?: IerParameterSet;
  readonly gemm?: GemmParameterSet;
  readonly mortality: BaselineMortality;
  readonly ageStructure: AgeStructure;
  /** Provincial overrides (region name → values); regions absent use the national values. */
  readonly regionalMortality?: ReadonlyMap<string, BaselineMortality>;
  readonly regionalAgeStructure?: ReadonlyMap<string, AgeStructure>;
  readonly morbidity: readonly MorbidityEndpoint[];
  readonly excludedMorbidity: readonly ExcludedEndpoint[];
  readonly vsl: VslParameters;
  readonly cpi: PriceIndex;
  /** Income elasticity used when HealthOptions.vslIncomeElasticity is not given (data/health/vsl_default.csv). */
  readonly defaultVslIncomeElasticity?: number;
  /** File → sha256[0:16] of every file the parameters were read from (printed in run.json). */
  readonly fileHashes: Readonly<Record<string, string>>;
}

export interface HealthOptions {
  readonly erf: ErfName;
  readonly accounting: CounterfactualAccounting;
  readonly thresholdReading: ThresholdReading;
  /** "Baseline concentrations" T, µg/m³; all computed in one run. Default [5, 10, 15]. */
  readonly thresholds: readonly number[];
  /** Monte Carlo iterations. */
  readonly draws: number;
  readonly seed: number;
  /** Output price year of every money column (CNY of that year). */
  readonly priceYear: number;
  /** Income elasticity e of the VSL transfer VSL_i = VSL·(income_i/income_ref)^e. */
  readonly vslIncomeElasticity: number;
  /** Relative SD of the air-quality model's prediction error applied to C_base − C_cf (0 = off). */
  readonly airModelRelativeSd: number;
  /** Relative SD (lognormal, mean 1) of baseline mortality rates, one factor per cause per draw (0 = off). */
  readonly mortalityRateRelativeSd: number;
}

/** Options with the documented defaults filled in. */
export const DEFAULT_HEALTH_OPTIONS: HealthOptions = {
  erf: 'ier2015',
  accounting: 'difference',
  thresholdReading: 'floor',
  thresholds: [5, 10, 15],
  draws: 1000,
  seed: 20170101,
  priceYear: 2017,
  vslIncomeElasticity: 0.8,
  airModelRelativeSd: 0,
  mortalityRateRelativeSd: 0,
};

/** Input of one assessment: per-region population and the two concentration fields. */
export interface HealthInput {
  readonly regions: readonly string[];
  /** Persons; every vector's `regions` must equal `regions` (same order). */
  readonly population: RegionVector;
  /** Annual-mean PM2.5, µg/m³. */
  readonly pmBaseline: RegionVector;
  readonly pmCounterfactual: RegionVector;
  /** Income per capita (any currency, only ratios matter); absent = uniform VSL. */
  readonly incomePerCapita?: RegionVector;
}

export type EndpointKind = 'mortality' | 'morbidity';

export interface EndpointInfo {
  readonly id: string;
  readonly kind: EndpointKind;
  readonly label: string;
  /** 'deaths per year' or 'cases per year'. */
  readonly unit: string;
  /** false = no sourced unit value: not in the money sum. */
  readonly valued: boolean;
  readonly source: string;
  /**
   * Morbidity: the concentration–response coefficient β per µg/m³ and its published 95 %
   * interval (drawn normal). An interval reaching below 0 gives draws with fewer cases at more
   * PM2.5, hence intervals of cases below zero.
   */
  readonly coefficient?: { readonly central: number; readonly low: number; readonly high: number };
}

/** Mean, median and the 2.5 / 97.5 % quantiles (R type 7 / numpy 'linear') over the draws. */
export interface DrawSummary {
  readonly mean: number;
  readonly median: number;
  readonly p025: number;
  readonly p975: number;
}

export interface HealthSummaryRow {
  readonly region: string; // a region name or 'TOTAL'
  readonly endpoint: string; // endpoint id, 'deaths_total', 'morbidity_cases_total' or 'money_total'
  readonly threshold: number;
  readonly quantity: 'deaths' | 'cases' | 'money';
  readonly unit: string;
  readonly summary: DrawSummary;
}

/** Per-draw totals for one threshold; arrays are draws × G, index d·G + r. */
export interface DrawTotals {
  readonly threshold: number;
  readonly deaths: Float64Array;
  readonly morbidityCases: Float64Array;
  /** Mortality + valued morbidity, in `HealthAssessment.moneyUnit`. */
  readonly money: Float64Array;
}

export interface HealthConventions {
  readonly erf: ErfName;
  readonly accounting: CounterfactualAccounting;
  readonly thresholdReading: ThresholdReading;
  readonly thresholds: readonly number[];
  readonly draws: number;
  readonly seed: number;
  readonly currency: string;
  readonly priceYear: number;
  readonly vsl: {
    /** The published VSL: the mean of the Monte Carlo distribution (source price year). */
    readonly central: number;
    readonly low: number;
    readonly high: number;
    /** Mode of the triangular distribution, 3·central − low − high (source price year). */
    readonly mode: number;
    /** central × priceFactor: the VSL the money uses, in the output price year, before the income transfer. */
    readonly reference: number;
    readonly distribution: string;
    readonly sourcePriceYear: number;
    readonly priceFactor: number;
    readonly source: string;
  };
  readonly vslIncomeElasticity: number;
  readonly vslTransfer: 'income-elasticity' | 'uniform';
  readonly airModelRelativeSd: number;
  readonly mortalityRateRelativeSd: number;
  readonly quantileMethod: string;
}

export interface HealthAssessment {
  readonly regions: readonly string[];
  readonly thresholds: readonly number[];
  readonly draws: number;
  readonly endpoints: readonly EndpointInfo[];
  /** e.g. 'CNY (2017 prices)'. */
  readonly moneyUnit: string;
  readonly conventions: HealthConventions;
  readonly rows: readonly HealthSummaryRow[];
  readonly drawTotals: readonly DrawTotals[];
  /**
   * Mean over draws of deaths or cases per threshold × endpoint × region, index (t·E + e)·G + r
   * (E = endpoints.length). Present only when assessed with `summaries: 'means'`, which then
   * leaves `rows` empty (the explorer's live what-ifs need no per-endpoint quantiles).
   */
  readonly endpointMeans?: Float64Array;
  /** Human-readable caveats: endpoints left out, PM10 coefficients, European baselines, … */
  readonly notes: readonly string[];
}

/** How much of an assessment to summarise (default 'all': every summary row). */
export interface AssessOptions {
  /**
   * 'all': per region × endpoint × threshold summary rows (mean, median, 95 % interval).
   * 'means': no rows; `endpointMeans` instead (same means, same summation order). drawTotals
   * are the same either way.
   */
  readonly summaries?: 'all' | 'means';
}

/** Mean over draws only (fast path for many scenarios); per threshold, per region. */
export interface HealthMeanDamage {
  readonly regions: readonly string[];
  readonly thresholds: readonly number[];
  readonly moneyUnit: string;
  /** deaths[t][r], deaths per year. */
  readonly deaths: readonly Float64Array[];
  /** morbidityCases[t][r], cases per year (all included endpoints). */
  readonly morbidityCases: readonly Float64Array[];
  /** money[t][r] in moneyUnit. */
  readonly money: readonly Float64Array[];
}
