import { PRECURSORS, type Precursor, type RegionVector } from '../../mrio/model.ts';
import type { IdentityCheck } from '../../mrio/results.ts';
import { type DamageCore, triggeredByInput } from '../damage.ts';
import type { EmissionAccounts } from '../emissionAccounts.ts';
import { headlineTable } from '../headline.ts';
import type { HealthEvaluator } from '../healthEvaluator.ts';
import { onFirstRead } from '../lazyField.ts';
import type { CvWeighting } from '../mismatch.ts';
import { negativeValueNotes } from '../negativeValues.ts';
import type { PreparedAnalysis } from '../prepare.ts';
import { cachedEmissionRegionAccounts, emissionRegionAccounts, withRegions } from '../regionAccounts.ts';
import {
  type CompensationResult,
  type DamageAttribution,
  type IndicatorRegionAccounts,
  type MismatchResult,
  type PairwiseFlows,
  type PrecursorCounterfactual,
  type RolesResult,
  RUN_RESULT_SCHEMA_VERSION,
  type RunConventions,
  type RunProvenance,
  type RunResult,
  type ScenarioRecord,
  type ThresholdDamage,
} from '../runResult.ts';
import { componentRegionAccounts, STATIC_BLOCKS, type StaticBlocks } from '../staticBlocks.ts';
import type { EmissionsHow } from './emissions.ts';

/** The settings a run was computed with, as the orchestrator resolved them. */
export interface RunSettings {
  readonly thresholds: readonly number[];
  readonly headline: number;
  readonly seed: number;
  readonly curveDraws: number;
  readonly pairwise: 'removal' | 'linear' | 'none';
  readonly oneAtATime: boolean;
  readonly topShare: { readonly fraction: number; readonly by: 'count' | 'population' };
  readonly cv: CvWeighting;
  readonly live: boolean;
}

/** Every stage's output. */
export interface StageOutputs {
  readonly emissions: {
    readonly accounts: Readonly<Record<Precursor, EmissionAccounts>>;
    readonly counterfactual: readonly PrecursorCounterfactual[];
    readonly how: EmissionsHow;
  };
  readonly core: DamageCore;
  readonly damage: readonly ThresholdDamage[];
  readonly attribution: DamageAttribution;
  readonly pairwise: readonly PairwiseFlows[];
  readonly mismatch: MismatchResult;
  readonly incomeRegion: IndicatorRegionAccounts;
  readonly jobsRegion: IndicatorRegionAccounts;
  readonly roles: RolesResult;
  readonly compensation: CompensationResult;
  /** The analysis identities, computed when read (live mode) or already. */
  readonly identities: () => IdentityCheck[];
}

/** What the caller knows about the run beyond the analysis (RunContext, scenario.ts). */
export interface AssemblyContext {
  readonly toolVersion?: string;
  readonly inputs?: RunProvenance['inputs'];
  readonly createdAt?: string;
  readonly scenario?: ScenarioRecord;
  readonly vslOverride?: number;
  readonly refactorised: boolean;
  readonly timings: Record<string, number>;
  readonly warnings: readonly string[];
  readonly st?: StaticBlocks;
}

/** Every convention of the run in words (RunConventions; printed in run.json and the report). */
export function runConventions(
  s: RunSettings,
  health: HealthEvaluator,
  notes: readonly string[],
): RunConventions {
  const h = health.conventions;
  const accounting = h?.accounting ?? 'difference';
  return {
    thresholds: s.thresholds,
    headlineThreshold: s.headline,
    counterfactual:
      "Trade counterfactual (METHODS §7): each province's trade-related emissions (parts 2+3+4 of the four-part decomposition, per precursor) removed; production for local final use and international export, and households' direct emissions, kept. Emission ratios e = counterfactual / baseline per province and precursor.",
    attribution:
      "Damage by emitting province: exact Shapley split of each receptor's ΔC among (province, precursor) inputs (each pf-ERSM monomial shared equally among the inputs it involves; φ(e_base) − φ(e_cf)); each receptor's damage shared in proportion to the inputs' shares of its ΔC (convention). One-at-a-time removals reported for comparison.",
    pairwiseFlows: `Per-flow removal of EX_sr (emitted in s) and FE_sr (emitted in upstream t) emissions, damage summed over receptors at ${s.headline} µg/m³ from damage curves (${s.curveDraws} common Monte Carlo draws, each receptor's damage tabulated against its own concentration and interpolated linearly), normalised to shares and scaled to the all-source damage. Also an additive variant: removed tonnes × average Shapley damage per tonne of the emitting input.`,
    compensation:
      "Beneficiary pays: damage suffered in i caused by input (s, p) (its Shapley share) is passed on to the final demand r driving those tonnes: M_p[s,r]/trade_p[s] for r ≠ s, part 2/trade_p[s] for r = s. T[r→i] for r ≠ i; self-caused damage is not transferred. Welfare = production-based social income converted to the damage's money unit, net of damage suffered.",
    topShare: s.topShare,
    concentrationIndexRank:
      'social income per capita (production-based), population-weighted fractional rank',
    tradeAttribution: `Two attributions of the PM2.5 burden to trade, both reported: counterfactual = burden(C_base) − burden(C_cf) per receptor (accounting '${accounting}'${accounting === 'pif' ? ': potential impact fraction (RR_b − RR_cf)/RR_b' : ': difference of attributable fractions 1/RR_cf − 1/RR_b'}), the headline "deaths due to trade"; proportional = each receptor's baseline burden × ΔC_i / C_base,i (its trade-related share of PM2.5), summed. The counterfactual one is smaller where the exposure–response curve flattens at high PM2.5.`,
    cv: {
      weighting: s.cv,
      definition:
        s.cv === 'unweighted'
          ? "σ/μ over provinces, each province once (the paper's CV, §2.4: it ignores population, unlike the Gini); μ = mean of the per-capita values, σ their standard deviation with divisor G (all provinces, not a sample)"
          : 'σ/μ with population weights: μ = the national per-capita value, σ² = Σ_i w_i (v_i − μ)², w_i = population share',
    },
    emissionShares:
      "National trade share = trade-related (parts 2+3+4) / (production-based account + final users' direct amounts), the total the trade counterfactual takes its part from; for emissions the direct amounts are households' own emissions (kept in the counterfactual), for income and jobs they are 0. value_chain_national.csv prints production, direct, total and trade_related.",
    intervals:
      'Every uncertain quantity has a mean (over the Monte Carlo draws; the point value of every table, figure and share), median, p025 and p975 (2.5 and 97.5 percentiles, R type 7): there is no separate mean-parameter run.',
    vsl: h
      ? `VSL ${Number((h.vsl / 1e6).toPrecision(4))} million ${health.moneyUnit} at the reference income (the mean of its Monte Carlo distribution, triangular on the published range with that mean), transferred across provinces with income elasticity ${h.vslIncomeElasticity}; the money's mean is deaths × this VSL × each province's transfer factor (+ valued morbidity).`
      : `as the health model states: ${health.description}`,
    notes: [
      'Roles (final / resource-energy intermediate / other intermediate) use the local export content EX_s (= parts 3+4) by exported product; damage carried by roles uses the average Shapley damage per tonne of each (province, precursor).',
      `One-at-a-time removals use the same damage curves (${s.curveDraws} common draws, headline threshold); their all-source reference is evaluated on the same curves.`,
      "Per-capita inequality measures use trade-related (parts 2+3+4) social income and employment, as the paper's Fig. 2.",
      ...notes,
    ],
  };
}

/** Stage 9: the labelled RunResult (the headline table and, in live mode, some blocks formed when read). */
export function assembleRunResult(
  prepared: PreparedAnalysis,
  health: HealthEvaluator,
  s: RunSettings,
  x: StageOutputs,
  c: AssemblyContext,
): RunResult {
  const { G, N, regions, dataset } = prepared;
  const population = dataset.population;
  const rv = (values: Float64Array, unit: string): RegionVector => ({ regions, unit, values });
  const live = s.live;
  const em = x.emissions.accounts;
  const valueChainOf = (): IndicatorRegionAccounts[] => [
    withRegions(x.incomeRegion, regions),
    ...(c.st?.componentRegions ?? componentRegionAccounts(prepared)),
    withRegions(x.jobsRegion, regions),
    ...PRECURSORS.map((p) =>
      withRegions(
        live
          ? cachedEmissionRegionAccounts(em[p], dataset.sectorRoleClass, G, N)
          : emissionRegionAccounts(em[p], G, N),
        regions,
      ),
    ),
  ];
  const identities = live ? [] : x.identities();
  const provenance: RunProvenance = {
    schemaVersion: RUN_RESULT_SCHEMA_VERSION,
    toolVersion: c.toolVersion ?? 'unknown',
    createdAt: c.createdAt ?? new Date().toISOString(),
    dataset: { ...dataset.provenance, sources: [...dataset.provenance.sources] },
    airModel: {
      id: prepared.rsm.provenance.label,
      description: prepared.rsm.provenance.description,
      isStandIn: prepared.rsm.provenance.ctmKind === 'standin',
    },
    healthModel: {
      id: health.id,
      description: health.description,
      conventions: x.core.assessment.conventions,
    },
    inputs: c.inputs ?? [],
    monteCarlo: { draws: x.core.assessment.draws, seed: s.seed },
    evaluation: {
      mode: live ? 'live' : 'full',
      emissions: x.emissions.how,
      health: `Monte Carlo, ${x.core.assessment.draws} draws, seed ${s.seed} (common random numbers)`,
      reused: c.st ? [...STATIC_BLOCKS] : [],
      refactorised: c.refactorised,
      ...(c.vslOverride !== undefined ? { vsl: c.vslOverride } : {}),
    },
    ...(c.scenario ? { scenario: c.scenario } : {}),
    negativeValues: [],
    timings: c.timings,
    warnings: [...c.warnings],
    identities,
  };
  const result: RunResult = {
    provenance,
    labels: {
      regions,
      regionCodes: dataset.regionInfo.map((r) => r.code),
      regionNamesLocal: dataset.regionInfo.map((r) => r.nameLocal),
      zoneOfRegion: dataset.zones,
      zones: [...new Set(dataset.zones)],
      sectors: prepared.sectors,
      sectorRoleClass: dataset.sectorRoleClass,
      precursors: [...PRECURSORS],
      currency: { code: health.currency, priceYear: health.priceYear, label: health.moneyUnit },
      endpoints: health.endpoints.map((e) => ({ id: e.id, label: e.label, kind: e.kind })),
    },
    conventions: runConventions(s, health, x.core.assessment.notes),
    population,
    ...(dataset.gdp
      ? {
          gdpPerCapita: rv(
            Float64Array.from(dataset.gdp.values, (g, i) => g / population.values[i]),
            `${dataset.gdp.unit} per person`,
          ),
        }
      : {}),
    valueChain: live ? [] : valueChainOf(),
    emissions: x.emissions.counterfactual,
    concentrations: {
      unit: 'µg/m³',
      baseline: x.core.cBaseline,
      counterfactual: x.core.cCounterfactual,
      tradeRelated: rv(x.core.deltaC, 'µg/m³'),
      ...(dataset.pm25Observed ? { observed: dataset.pm25Observed } : {}),
    },
    damage: x.damage,
    attribution: x.attribution,
    pairwise: x.pairwise,
    mismatch: x.mismatch,
    roles: x.roles,
    compensation: x.compensation,
    headline: [],
  };
  const negatives = () =>
    negativeValueNotes(result, {
      endpoints: health.endpoints,
      triggeredByInput: triggeredByInput(x.core, G),
    });
  if (!live) {
    const full: RunResult = {
      ...result,
      provenance: { ...provenance, negativeValues: negatives() },
      headline: headlineTable(result),
    };
    return full;
  }
  // Live: blocks the explorer does not draw are formed on first read, each equal to the eager
  // value (the live = full tests read every field).
  onFirstRead(result.provenance, 'identities', x.identities);
  onFirstRead(result.provenance, 'negativeValues', negatives);
  onFirstRead(result, 'valueChain', valueChainOf);
  onFirstRead(result, 'headline', () => headlineTable(result));
  return result;
}
