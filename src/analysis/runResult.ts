/**
 * The typed, labelled result of one `vchain run` (or one explorer what-if): everything the report
 * renders and run.json records. Contract between analysis (producer), report and explorer
 * (consumers). Extend additively only; bump RUN_RESULT_SCHEMA_VERSION on any breaking change.
 *
 * Conventions used throughout:
 * - Region-indexed arrays follow `labels.regions` order (the MRIO's order), length G.
 * - Region × region matrices are row-major Matrix (rows = from, columns = to); each carries its
 *   own axis meaning in `rowsAre` / `colsAre`.
 * - Money is in `labels.currency` (code, price year, scale); every numeric block says its unit.
 * - Uncertain quantities carry mean, median and 2.5 / 97.5 percentiles over the Monte Carlo
 *   draws (`Interval`, `RegionInterval`; quantiles R type 7). Point values elsewhere (shares,
 *   Gini, flows) use the mean over draws.
 */
import type { LorenzPoint } from '../equity/lorenz.ts';
import type { HealthConventions } from '../health/types.ts';
import type { Matrix } from '../linalg/matrix.ts';
import type { Precursor, ProductRole, RegionVector, SectorRoleClass } from '../mrio/model.ts';
import type { IdentityCheck } from '../mrio/results.ts';

export type { LorenzPoint };

/**
 * 2: intervals lost `central` (it always equalled `mean`); national accounts carry `direct` and
 * `total`; ThresholdDamage.proportional; InequalityMeasures.cvWeighting; RunConventions
 * tradeAttribution, cv, emissionShares, intervals, vsl; provenance scenario and negativeValues.
 */
export const RUN_RESULT_SCHEMA_VERSION = 2;

/**
 * Why a field holds no number: field name → reason. A value that cannot be computed (a Theil
 * index of a distribution with negative entries, a share of a zero total) stays NaN in memory,
 * is written as null / an empty cell, and its holder declares it here; any other non-finite
 * number stops the output (src/io/outputGuard.ts). Additive field of any block.
 */
export type NotComputed = Readonly<Record<string, string>>;

/**
 * `{ notComputed }` naming each listed field whose value is not finite (for a vector: has a
 * non-finite entry), with its reason; `{}` when all are finite. Spread into the holder.
 */
export function notComputedFields(
  fields: Readonly<Record<string, readonly [value: number | ArrayLike<number>, reason: () => string]>>,
): { notComputed?: NotComputed } {
  const out: Record<string, string> = {};
  for (const [key, [value, reason]] of Object.entries(fields)) {
    let finite = true;
    if (typeof value === 'number') finite = Number.isFinite(value);
    else for (let i = 0; finite && i < value.length; i++) finite = Number.isFinite(value[i]);
    if (!finite) out[key] = reason();
  }
  return Object.keys(out).length > 0 ? { notComputed: out } : {};
}

/**
 * Mean, median and 95 % interval (2.5 / 97.5 percentiles) over Monte Carlo draws, with unit. The
 * mean is the point value everywhere (there is no separate mean-parameter run).
 */
export interface Interval {
  readonly unit: string;
  readonly mean: number;
  readonly median?: number;
  readonly p025: number;
  readonly p975: number;
}

/** Per-region interval (arrays of length G), with unit. */
export interface RegionInterval {
  readonly regions: readonly string[];
  readonly unit: string;
  /** Mean over the draws: the point value. */
  readonly mean: Float64Array;
  readonly median?: Float64Array;
  readonly p025: Float64Array;
  readonly p975: Float64Array;
}

/** A labelled G×G matrix with the meaning of its axes spelt out. */
export interface FlowMatrix {
  readonly regions: readonly string[];
  readonly unit: string;
  readonly rowsAre: string; // e.g. 'emitting (source) province'
  readonly colsAre: string; // e.g. 'receptor province'
  readonly values: Matrix;
}

export interface CurrencyLabel {
  readonly code: string; // 'CNY'
  readonly priceYear: number; // e.g. 2017
  /** Human label used in tables, e.g. 'CNY (2017 prices)'. Money values are in plain units (1 CNY). */
  readonly label: string;
}

export interface RunLabels {
  readonly regions: readonly string[];
  readonly regionCodes: readonly (string | undefined)[];
  readonly regionNamesLocal: readonly (string | undefined)[];
  /** Zone per region (same order as regions). */
  readonly zoneOfRegion: readonly string[];
  /** Distinct zones in first-appearance order. */
  readonly zones: readonly string[];
  readonly sectors: readonly string[];
  readonly sectorRoleClass: readonly SectorRoleClass[];
  readonly precursors: readonly Precursor[];
  readonly currency: CurrencyLabel;
  /** Health endpoints: mortality causes and morbidity endpoints, with units. */
  readonly endpoints: readonly {
    readonly id: string;
    readonly label: string;
    readonly kind: 'mortality' | 'morbidity';
  }[];
}

/** Every convention a user may want to know; printed in run.json and the report header. */
export interface RunConventions {
  /** Counterfactual concentration thresholds z_cf = C_0 (µg/m³) evaluated; the headline one. */
  readonly thresholds: readonly number[];
  readonly headlineThreshold: number;
  /** How the trade counterfactual is defined (METHODS §7). */
  readonly counterfactual: string;
  /** How damage is attributed to emitting provinces (Shapley share of ΔC, etc.). */
  readonly attribution: string;
  /** How pairwise export-flow damage is computed and normalised. */
  readonly pairwiseFlows: string;
  /** Beneficiary-pays transfer convention. */
  readonly compensation: string;
  /** Top-10 % definition ('count' of regions or 'population'). */
  readonly topShare: { readonly fraction: number; readonly by: 'count' | 'population' };
  /** Rank variable of the concentration index. */
  readonly concentrationIndexRank: string;
  /**
   * How trade's part of the health burden is attributed: `counterfactual` (burden(C_base) −
   * burden(C_cf) with the run's accounting: ThresholdDamage.national / tradeShare) and
   * `proportional` (each receptor's burden × ΔC/C_base: ThresholdDamage.proportional). Both are
   * computed and both are in the paper comparison.
   */
  readonly tradeAttribution: string;
  /** The coefficient-of-variation convention of every inequality measure. */
  readonly cv: { readonly weighting: 'unweighted' | 'population-weighted'; readonly definition: string };
  /** Numerator and denominator of the national trade shares of emissions (and of income, jobs). */
  readonly emissionShares: string;
  /** What the columns of an uncertain quantity mean (mean, median, p025, p975). */
  readonly intervals: string;
  /** The VSL the money uses, its distribution and transfer. */
  readonly vsl: string;
  /** Free-text notes (e.g. 'international exports kept as local final demand'). */
  readonly notes: readonly string[];
}

export interface RunProvenance {
  readonly schemaVersion: number;
  readonly toolVersion: string;
  readonly createdAt: string; // ISO 8601
  readonly dataset: {
    readonly id: string;
    readonly title: string;
    readonly isDemonstration: boolean;
    /** One-line banner label of the dataset (DatasetProvenance.label). */
    readonly label?: string;
    readonly note: string;
    readonly sources: readonly string[];
  };
  /** Air-quality model label; `isStandIn` true for the embedded stand-in CTM surface. */
  readonly airModel: { readonly id: string; readonly description: string; readonly isStandIn: boolean };
  readonly healthModel: {
    readonly id: string;
    readonly description: string;
    /** Conventions reported by src/health (ERF, accounting, threshold reading, VSL and its transfer, ...). */
    readonly conventions?: HealthConventions;
  };
  /** Input files (or 'embedded:...') with sha256 of their bytes. */
  readonly inputs: readonly { readonly role: string; readonly path: string; readonly sha256: string }[];
  readonly monteCarlo: { readonly draws: number; readonly seed: number };
  /**
   * How this result was computed (additive field): 'full' = every block from scratch; 'live' =
   * the explorer's fast path (scenario.ts, Scenario.mode): emissions from the live basis,
   * blocks that no intensity/threshold/VSL change can move reused from a cache.
   */
  readonly evaluation?: {
    readonly mode: 'full' | 'live';
    /** How the emission accounts were obtained. */
    readonly emissions: 'baseline' | 'linear rescaling' | 're-decomposition' | 'live basis (no solve)';
    /** Health evaluation, e.g. 'Monte Carlo, 32 draws, seed 1 (common random numbers)'. */
    readonly health: string;
    /** Blocks taken unchanged from the cache (live mode). */
    readonly reused: readonly string[];
    /** Demand/trade change: the table was re-balanced and decomposed again. */
    readonly refactorised: boolean;
    /** VSL of this run (reference, before the income transfer), when overridden. */
    readonly vsl?: number;
  };
  /** The scenario this run computed (a what-if file or the explorer's request), when it is not the plain baseline. */
  readonly scenario?: ScenarioRecord;
  /** Every negative value with its cause (intervals reaching below zero, negative triggered damage). */
  readonly negativeValues?: readonly NegativeValueNote[];
  /** Seconds per stage (decomposition, emissions, air, health, attribution, flows, ...). */
  readonly timings: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
  /** Identity checks from the decomposition and from the analysis (sums, Shapley, transfers). */
  readonly identities: readonly IdentityCheck[];
}

/** Which scenario a run computed (docs/analysis.md "Scenario files"). */
export interface ScenarioRecord {
  readonly name: string;
  /** The file it was read from (vchain run --scenario), as given. */
  readonly file?: string;
  /** SHA-256 (hex) of the file's bytes, or of the canonical scenario JSON when there is no file. */
  readonly sha256?: string;
  /** Policy levers: how many rules of each kind. */
  readonly rules: { readonly intensity: number; readonly finalDemand: number; readonly trade: number };
  /** Conventions the scenario set (threshold, VSL, ERF, …) and which of them a command-line option replaced. */
  readonly conventions: Readonly<Record<string, string | number>>;
  readonly overriddenByOptions?: readonly string[];
}

/**
 * A negative value the run reports, with its cause: an interval reaching below zero (e.g.
 * morbidity whose published coefficient interval crosses zero) or a negative point value
 * (e.g. damage triggered by a province whose emissions lower PM2.5 elsewhere when removed).
 */
export interface NegativeValueNote {
  /** Stable id, e.g. 'morbidity-coefficient', 'triggered-damage'. */
  readonly id: string;
  /** Where in the result (paths), e.g. 'damage[threshold=10].national.cases'. */
  readonly fields: readonly string[];
  /** What is negative, with its numbers. */
  readonly what: string;
  readonly cause: string;
}

/** One indicator's value-chain accounts aggregated to regions (METHODS §2–3). */
export interface IndicatorRegionAccounts {
  readonly indicator: string; // 'social_income', 'compensation', 'employment', 'SO2', ...
  readonly label: string;
  readonly unit: string;
  readonly kind: 'income' | 'income_component' | 'employment' | 'emission' | 'other';
  readonly regions: readonly string[];
  readonly production: Float64Array; // f_s x_s
  readonly intraRegional: Float64Array; // part 1
  readonly importsEmbodied: Float64Array; // part 2
  readonly finalExports: Float64Array; // part 3
  readonly intermediateExports: Float64Array; // part 4
  readonly tradeRelated: Float64Array; // parts 2+3+4
  readonly consumption: Float64Array; // column sums of M
  /** EX_s (local content of s's exports) and FE_s (upstream content), METHODS §3. */
  readonly exLocal: Float64Array;
  readonly feUpstream: Float64Array;
  /** Final users' direct amounts (households' own emissions), zeros if none. */
  readonly direct: Float64Array;
  readonly national: {
    readonly production: number;
    /** Final users' direct amounts (households' own emissions; 0 for income and jobs). */
    readonly direct: number;
    /** production + direct: the whole national amount, the denominator of `tradeShare`. */
    readonly total: number;
    readonly tradeRelated: number;
    /** tradeRelated / total = tradeRelated / (production + direct). */
    readonly tradeShare: number;
    readonly notComputed?: NotComputed;
  };
}

/** Emissions and the trade counterfactual per precursor (METHODS §7). */
export interface PrecursorCounterfactual {
  readonly precursor: Precursor;
  readonly indicator: string; // satellite name
  readonly unit: string; // 't'
  readonly baseline: RegionVector; // production + direct
  readonly tradeRelated: RegionVector; // parts 2+3+4
  readonly counterfactual: RegionVector; // baseline − tradeRelated
  /** e = counterfactual / baseline (1 where baseline is 0). */
  readonly ratio: RegionVector;
  readonly nationalTradeShare: number;
  readonly notComputed?: NotComputed;
}

export interface ConcentrationResult {
  readonly unit: 'µg/m³';
  readonly baseline: RegionVector;
  readonly counterfactual: RegionVector;
  /** baseline − counterfactual (the trade-related concentration). */
  readonly tradeRelated: RegionVector;
  readonly observed?: RegionVector;
}

/** Health damage of the trade counterfactual at one threshold, per receptor (suffered). */
export interface ThresholdDamage {
  readonly threshold: number; // µg/m³
  readonly deaths: RegionInterval; // persons
  readonly cases: RegionInterval; // morbidity cases, all endpoints
  readonly money: RegionInterval; // currency units
  /** Per endpoint (mean over draws), for the report's detail tables. */
  readonly byEndpoint: readonly {
    readonly endpoint: string;
    readonly unit: string;
    readonly values: RegionVector;
  }[];
  readonly national: { readonly deaths: Interval; readonly cases: Interval; readonly money: Interval };
  /** Total burden of the baseline (all emissions) and the trade share of it. */
  readonly baselineBurden: { readonly deaths: Interval; readonly cases: Interval; readonly money: Interval };
  readonly tradeShare: {
    readonly deaths: number;
    readonly cases: number;
    readonly money: number;
    readonly notComputed?: NotComputed;
  };
  /**
   * The proportional attribution of the baseline burden to trade (RunConventions.tradeAttribution):
   * each receptor's burden split in proportion to its PM2.5 change, Σ_i burden_i · ΔC_i / C_base,i,
   * per draw; `share` = that / the baseline burden. The counterfactual attribution is `national`
   * and `tradeShare` above (burden(C_base) − burden(C_cf), with the run's accounting).
   */
  readonly proportional: {
    readonly deaths: Interval;
    readonly cases: Interval;
    readonly money: Interval;
    readonly share: {
      readonly deaths: number;
      readonly cases: number;
      readonly money: number;
      readonly notComputed?: NotComputed;
    };
  };
  /** Baseline burden per province (against 0 µg/m³), for per-province trade shares of damage. */
  readonly baselineBurdenByRegion?: {
    readonly deaths: RegionInterval;
    readonly cases: RegionInterval;
    readonly money: RegionInterval;
  };
}

/** Triggered vs suffered at the headline threshold (METHODS §7). */
export interface DamageAttribution {
  readonly threshold: number;
  readonly unit: string; // money
  /** Source→receptor damage (Shapley share of ΔC, convention in RunConventions.attribution). */
  readonly sourceReceptor: FlowMatrix;
  readonly triggered: RegionInterval; // row sums: by emitting province
  readonly suffered: RegionInterval; // column sums: by receptor
  readonly triggeredDeaths: RegionVector;
  readonly sufferedDeaths: RegionVector;
  /** Damage from removing only s's trade-related emissions (one at a time), summed over receptors. */
  readonly triggeredOneAtATime: RegionVector;
  /** Σ one-at-a-time vs all-source: the non-additivity the Shapley split resolves. */
  readonly oneAtATimeSum: number;
  readonly allSource: number;
  /** Diagonal of sourceReceptor (triggered and suffered in the same province). */
  readonly local: RegionVector;
  /** triggered − local (carried elsewhere by the atmosphere). */
  readonly exported: RegionVector;
  /** suffered − local (received from elsewhere). */
  readonly imported: RegionVector;
  /** Σ exported / Σ triggered (paper: 53.0 %). */
  readonly redistributedShare: number;
  /** Regions with suffered > triggered, and their population share. */
  readonly sufferMore: {
    readonly regions: readonly string[];
    readonly regionShare: number;
    readonly populationShare: number;
  };
  /** oneAtATimeSum and allSource when one-at-a-time removals were not run; redistributedShare of zero damage. */
  readonly notComputed?: NotComputed;
}

export interface FlowRank {
  readonly from: string;
  readonly to: string;
  readonly value: number;
  readonly share: number; // of the matrix total
  readonly notComputed?: NotComputed;
  /** 95 % interval over the Monte Carlo draws (damage flows; method in PairwiseFlows.intervalMethod). */
  readonly p025?: number;
  readonly p975?: number;
}

/** Pairwise export flows s → r (METHODS §3, §7). */
export interface PairwiseFlows {
  readonly indicator: string; // 'damage', 'employment', 'social_income'
  readonly label: string;
  /** EX_sr + FE_sr summed over sectors (for damage: damage of per-flow removal). */
  readonly matrix: FlowMatrix;
  /** matrix / its total. */
  readonly normalised: FlowMatrix;
  readonly top: readonly FlowRank[];
  readonly total: number;
  /** For damage only: Σ of per-flow removals before normalisation (non-additivity check). */
  readonly rawSum?: number;
  /** How the top flows' p025/p975 were obtained (damage flows only). */
  readonly intervalMethod?: string;
}

/** Inequality of one per-capita distribution over regions. */
export interface InequalityMeasures {
  readonly variable: string; // e.g. 'social_income_trade_per_capita'
  readonly label: string;
  readonly unit: string; // per-capita unit
  readonly perCapita: RegionVector;
  readonly gini: number; // population-weighted, paper eq. 11
  /** Coefficient of variation σ/μ of the per-capita values, weighted as `cvWeighting` says. */
  readonly cv: number;
  /** 'unweighted' (the paper's: each region once) or 'population-weighted' (RunConventions.cv). */
  readonly cvWeighting: 'unweighted' | 'population-weighted';
  readonly lorenz: readonly LorenzPoint[];
  /** Mean per-capita of the top regions / national per-capita (paper 2.9, 2.1). */
  readonly topRatio: {
    readonly ratio: number;
    readonly regions: readonly string[];
    readonly populationShare: number;
    readonly notComputed?: NotComputed;
  };
  /** Concentration index ranked by per-capita income (CI = 2 cov_w(h, R)/μ_h); NaN if undefined. */
  readonly concentrationIndex: number;
  readonly theil: {
    readonly total: number;
    readonly between: number;
    readonly within: number;
    readonly byZone: readonly {
      readonly zone: string;
      readonly theil: number;
      readonly contribution: number;
      readonly notComputed?: NotComputed;
    }[];
    readonly notComputed?: NotComputed;
  };
  /** gini, cv, concentrationIndex when undefined for this distribution, with the reason. */
  readonly notComputed?: NotComputed;
}

export interface ZoneSummary {
  readonly zone: string;
  readonly regions: readonly string[];
  readonly population: number;
  /** Shares of national totals (0–1) of trade-related welfare and damage. */
  readonly shares: Readonly<Record<string, number>>;
  /** Per-capita values, same keys, with unit in `units`. */
  readonly perCapita: Readonly<Record<string, number>>;
  readonly units: Readonly<Record<string, string>>;
  /** `shares` of a variable whose national total is 0 (NaN). */
  readonly notComputed?: NotComputed;
}

export interface MismatchResult {
  /** Per-capita distributions: income, employment, damage triggered, damage suffered, etc. */
  readonly measures: readonly InequalityMeasures[];
  readonly zones: readonly ZoneSummary[];
  /** damage / welfare per province (e.g. CNY damage per CNY income), with unit. */
  readonly damagePerWelfare: readonly {
    readonly variable: string;
    readonly unit: string;
    readonly values: RegionVector & { readonly notComputed?: NotComputed };
  }[];
}

/** Value-chain roles (paper §3.4): shares carried by final goods and two kinds of intermediates. */
export interface RoleShares {
  readonly indicator: string; // 'social_income', 'employment', 'damage'
  readonly unit: string;
  readonly roles: readonly ProductRole[];
  /** values[role][region]: amount of the trade-related indicator carried by that role. */
  readonly byRegion: Readonly<Record<ProductRole, Float64Array>>;
  readonly national: Readonly<Record<ProductRole, number>>;
  readonly nationalShare: Readonly<Record<ProductRole, number>>;
  /** `nationalShare` when the total is 0. */
  readonly notComputed?: NotComputed;
}

export interface ImporterSplit {
  readonly exporter: string;
  readonly importers: readonly {
    readonly importer: string;
    readonly indicator: string;
    readonly unit: string;
    readonly local: number; // EX_sr (in the exporter)
    readonly upstream: number; // FE_sr (in provinces upstream)
    readonly localShare: number;
    readonly notComputed?: NotComputed;
  }[];
}

export interface RolesResult {
  readonly shares: readonly RoleShares[];
  /** Local vs upstream parts of each province's top importers (paper Fig. 5). */
  readonly topImporters: readonly ImporterSplit[];
}

export interface CompensationResult {
  readonly unit: string; // money
  /** T[r→i]: damage suffered in i caused by production driven by r's final demand, r ≠ i. */
  readonly transfers: FlowMatrix;
  readonly paid: RegionVector; // row sums
  readonly received: RegionVector; // column sums
  readonly net: RegionVector; // received − paid
  /** Σ net (must be 0 up to rounding). */
  readonly netSum: number;
  /** Damage (anywhere, incl. self-caused) driven by each province's final demand: row sums of the full matrix. */
  readonly drivenBy?: RegionVector;
  readonly welfareNetOfDamage: {
    readonly unit: string; // per capita
    readonly before: RegionVector;
    readonly after: RegionVector;
    readonly giniBefore: number;
    readonly giniAfter: number;
    readonly notComputed?: NotComputed;
    /**
     * First-order contribution of each province's net transfer to giniAfter − giniBefore, ranks
     * held fixed: (2/μ)·p_i·Δw_i·(R_i − ½) (src/equity/giniChange.ts). Positive = raises the Gini.
     */
    readonly giniContributions?: RegionVector;
  };
}

export interface HeadlineRow {
  readonly id: string;
  readonly label: string;
  /** What the figure refers to, with the paper's section. */
  readonly definition: string;
  readonly paper: number | null;
  readonly run: number | null;
  readonly unit: string; // '%', 'ratio', 'persons', 'billion CNY', ...
}

export interface RunResult {
  readonly provenance: RunProvenance;
  readonly labels: RunLabels;
  readonly conventions: RunConventions;
  readonly population: RegionVector;
  /** GDP per capita if the dataset carries GDP (unit of Dataset.gdp per person). */
  readonly gdpPerCapita?: RegionVector;
  readonly valueChain: readonly IndicatorRegionAccounts[];
  readonly emissions: readonly PrecursorCounterfactual[];
  readonly concentrations: ConcentrationResult;
  readonly damage: readonly ThresholdDamage[];
  readonly attribution: DamageAttribution;
  readonly pairwise: readonly PairwiseFlows[];
  readonly mismatch: MismatchResult;
  readonly roles: RolesResult;
  readonly compensation: CompensationResult;
  readonly headline: readonly HeadlineRow[];
}

/** JSON.stringify replacer: typed arrays as plain arrays, non-finite numbers as null. */
export function runResultReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Float64Array || value instanceof Float32Array) return Array.from(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
