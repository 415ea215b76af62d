import { PRECURSORS, type Precursor, type RegionVector, type SectorRoleClass } from '../mrio/model.ts';
import type { IdentityCheck, IndicatorAccounts } from '../mrio/results.ts';
import { IdentityError } from '../mrio/valueChain.ts';
import { attributeDamage } from './attribution.ts';
import { beneficiaryPaysMatrix, compensationResult, tradeDriverShares } from './compensation.ts';
import { computeDamage, damagePerTonne, incomePerCapita } from './damage.ts';
import { damageContent, tonneAggregates } from './damageContent.ts';
import { buildDamageCurves, type DamageCurves } from './damageCurve.ts';
import { type FinalDemandChange, preparedForTable, type TradeChange } from './demandTrade.ts';
import { intervalOf, regionIntervalOf, drawTotals as totalsOfDraws } from './drawStatistics.ts';
import {
  baselineEmissionAccounts,
  type EmissionAccounts,
  feChangesOf,
  feCoefSumsOverImporters,
  type IntensityScaling,
  liveEmissionAccounts,
  scalingFactors,
  scenarioEmissionAccounts,
  tradeRelatedFromBasis,
} from './emissionAccounts.ts';
import { headlineTable } from './headline.ts';
import { inequalityMeasures, type MismatchVariable, mismatchAnalysis } from './mismatch.ts';
import { moneyConversion } from './moneyUnit.ts';
import {
  bilateralContent,
  damageFlowsByRemovalSteps,
  damageFlowsLinear,
  flowsResult,
  linearFlowIntervals,
  linearFlowReceptorWeights,
  removalByReceptor,
  removalFlowIntervals,
  withTopIntervals,
} from './pairwiseFlows.ts';
import type { PreparedAnalysis } from './prepare.ts';
import {
  damageRoleAmounts,
  type LocalUpstream,
  localUpstream,
  roleAmounts,
  roleShares,
  topImporterSplits,
} from './roles.ts';
import {
  type ImporterSplit,
  type IndicatorRegionAccounts,
  type InequalityMeasures,
  notComputedFields,
  type PairwiseFlows,
  type PrecursorCounterfactual,
  type RoleShares,
  RUN_RESULT_SCHEMA_VERSION,
  type RunConventions,
  type RunResult,
  type ThresholdDamage,
} from './runResult.ts';

/**
 * Largest relative residual an identity of the analysis may have (docs/analysis.md): the same
 * bound as the decomposition's. A run whose identities do not hold is refused, not reported.
 */
export const ANALYSIS_IDENTITY_TOLERANCE = 1e-9;

/** Throws IdentityError for the first check above the tolerance (or NaN): the run is not reported. */
export function assertIdentitiesHold(
  checks: readonly IdentityCheck[],
  tolerance = ANALYSIS_IDENTITY_TOLERANCE,
): void {
  for (const check of checks)
    if (!(check.maxRelativeResidual <= tolerance)) throw new IdentityError(check, tolerance);
}

/** A what-if (or the baseline run): every option has the documented default. */
export interface Scenario {
  readonly name?: string;
  /** Emission-intensity scalings, applied multiplicatively (default none: the paper's run). */
  readonly intensityScaling?: readonly IntensityScaling[];
  /** Thresholds z_cf = C_0 (µg/m³), default the health model's (5, 10, 15). */
  readonly thresholds?: readonly number[];
  /** Headline threshold (default 10 µg/m³, the paper's). */
  readonly headlineThreshold?: number;
  /** Monte Carlo draws and seed (default the health model's). */
  readonly draws?: number;
  readonly seed?: number;
  /** Pairwise damage flows: per-flow removal (default), additive per-tonne shares, or none. */
  readonly pairwise?: 'removal' | 'linear' | 'none';
  /**
   * Draws of the damage curves behind per-flow and one-at-a-time removals (common random
   * numbers, headline threshold). Default min(draws, 100).
   */
  readonly curveDraws?: number;
  /** One-at-a-time removals per emitting region (default true). */
  readonly oneAtATime?: boolean;
  /** Top-10 % definition (default round(0.1·G) regions by count). */
  readonly topShare?: { readonly fraction: number; readonly by: 'count' | 'population' };
  readonly topFlows?: number;
  readonly topImporters?: number;
  /**
   * Reference VSL (money unit of the health model, before the income-elasticity transfer);
   * the Monte Carlo range is rescaled with it. Default the health model's.
   */
  readonly vsl?: number;
  /** Final-demand and trade changes: the table is re-balanced and decomposed again (timed). */
  readonly finalDemand?: readonly FinalDemandChange[];
  readonly trade?: readonly TradeChange[];
  /**
   * 'full' (default) computes every block. 'live' is the explorer's fast path: emissions from
   * the live basis (prepareAnalysis option `live`; no solve for any intensity change), blocks
   * that intensities, threshold and VSL cannot change (income and employment accounts, flows,
   * roles and their inequality measures) reused from a per-analysis cache, additive pairwise
   * damage flows only and no one-at-a-time removals; the health Monte Carlo is the same
   * estimator with the scenario's `draws` (pass a small fixed number, e.g. LIVE_WHAT_IF).
   * Equal to 'full' with the same options to rounding (test/analysis/live.test.ts).
   */
  readonly mode?: 'full' | 'live';
}

/**
 * A fast what-if for the explorer (~1 s on the default): 100 draws, additive pairwise damage
 * flows, no one-at-a-time removals. Add `intensityScaling` etc. on top.
 */
export const QUICK_WHAT_IF: Scenario = { draws: 100, pairwise: 'linear', oneAtATime: false };

/** The explorer's live what-if: 32 common Monte Carlo draws, additive flows, live mode. */
export const LIVE_WHAT_IF: Scenario = {
  draws: 32,
  curveDraws: 32,
  pairwise: 'linear',
  oneAtATime: false,
  mode: 'live',
};

/**
 * Blocks no intensity, threshold or VSL change can move (they depend on the table and the
 * social-income and employment rows only): computed once per prepared analysis and options.
 */
interface StaticBlocks {
  readonly incomeRegion: IndicatorRegionAccounts;
  readonly jobsRegion: IndicatorRegionAccounts;
  readonly componentRegions: readonly IndicatorRegionAccounts[];
  readonly flowsEmployment: PairwiseFlows;
  readonly flowsIncome: PairwiseFlows;
  readonly measures: ReadonlyMap<string, InequalityMeasures>;
  readonly roleIncome: RoleShares;
  readonly roleJobs: RoleShares;
  readonly luIncome: LocalUpstream;
  readonly luJobs: LocalUpstream;
  readonly baselineEmissions: Readonly<Record<Precursor, EmissionAccounts>>;
}

export const STATIC_BLOCKS = [
  'valueChain (income, components, employment)',
  'pairwise (employment, social_income)',
  'mismatch measures (social_income_trade, employment_trade, social_income_total)',
  'roles (social_income, employment; their local/upstream content)',
] as const;

const staticCache = new WeakMap<PreparedAnalysis, Map<string, StaticBlocks>>();

function staticBlocks(
  prepared: PreparedAnalysis,
  topK: number,
  topShare: { readonly fraction: number; readonly by: 'count' | 'population' },
): StaticBlocks {
  const key = `${topK}|${topShare.fraction}|${topShare.by}`;
  let m = staticCache.get(prepared);
  if (!m) {
    m = new Map();
    staticCache.set(prepared, m);
  }
  const hit = m.get(key);
  if (hit) return hit;
  const { G, N, regions, dataset } = prepared;
  const inc = prepared.accounts.income;
  const jobs = prepared.accounts.employment;
  const incomeRegion = indicatorRegionAccounts(inc, 'income', G, N);
  const jobsRegion = indicatorRegionAccounts(jobs, 'employment', G, N);
  const rv = (values: Float64Array, unit: string): RegionVector => ({ regions, unit, values });
  const opts = { topShare, rankBy: incomePerCapita(prepared), zoneOfRegion: dataset.zones };
  const vars: MismatchVariable[] = [
    incomeTradeVariable(rv(incomeRegion.tradeRelated, inc.unit)),
    jobsTradeVariable(rv(jobsRegion.tradeRelated, jobs.unit)),
    incomeTotalVariable(rv(incomeRegion.production, inc.unit)),
  ];
  const cls = dataset.sectorRoleClass;
  const b: StaticBlocks = {
    incomeRegion,
    jobsRegion,
    componentRegions: prepared.accounts.components.map((a) =>
      withRegions(indicatorRegionAccounts(a, 'income_component', G, N), regions),
    ),
    flowsEmployment: employmentFlows(jobs, regions, G, N, topK),
    flowsIncome: incomeFlows(inc, regions, G, N, topK),
    measures: new Map(vars.map((v) => [v.variable, inequalityMeasures(v, dataset.population, opts)])),
    roleIncome: roleShares('social_income', inc.unit, roleAmounts(inc, cls, G, N)),
    roleJobs: roleShares('employment', jobs.unit, roleAmounts(jobs, cls, G, N)),
    luIncome: localUpstream('social_income', inc.unit, inc, G, N),
    luJobs: localUpstream('employment', jobs.unit, jobs, G, N),
    baselineEmissions: baselineEmissionAccounts(prepared),
  };
  m.set(key, b);
  return b;
}

const incomeTradeVariable = (totals: RegionVector): MismatchVariable => ({
  variable: 'social_income_trade',
  label: 'Trade-related social income (parts 2+3+4)',
  totals,
});
const jobsTradeVariable = (totals: RegionVector): MismatchVariable => ({
  variable: 'employment_trade',
  label: 'Trade-related employment (parts 2+3+4)',
  totals,
});
const incomeTotalVariable = (totals: RegionVector): MismatchVariable => ({
  variable: 'social_income_total',
  label: 'Social income, all (production-based)',
  totals,
});

function employmentFlows(
  acc: IndicatorAccounts,
  regions: readonly string[],
  G: number,
  N: number,
  topK: number,
): PairwiseFlows {
  return flowsResult(
    'employment',
    'Employment by export flow (EX_sr + FE_sr)',
    acc.unit,
    bilateralContent(acc, G, N),
    regions,
    topK,
  );
}

function incomeFlows(
  acc: IndicatorAccounts,
  regions: readonly string[],
  G: number,
  N: number,
  topK: number,
): PairwiseFlows {
  return flowsResult(
    'social_income',
    'Social income by export flow (EX_sr + FE_sr)',
    acc.unit,
    bilateralContent(acc, G, N),
    regions,
    topK,
  );
}

/** Labels and hashes the caller knows (files read, tool version); I/O-free here. */
export interface RunContext {
  readonly toolVersion?: string;
  readonly inputs?: readonly { readonly role: string; readonly path: string; readonly sha256: string }[];
  readonly createdAt?: string;
  readonly extraTimings?: Readonly<Record<string, number>>;
  readonly warnings?: readonly string[];
}

export interface RunHooks {
  /** Called when a stage starts (names as in run.json timings). */
  readonly onStage?: (stage: string) => void;
  /** Progress inside a long stage (pairwise flows). */
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

const sumOf = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
};

function regionSums(v: Float64Array, G: number, N: number): Float64Array {
  const out = new Float64Array(G);
  for (let j = 0; j < G * N; j++) out[Math.floor(j / N)] += v[j];
  return out;
}

function indicatorRegionAccounts(
  acc: IndicatorAccounts,
  kind: IndicatorRegionAccounts['kind'],
  G: number,
  N: number,
  direct?: Float64Array,
): IndicatorRegionAccounts {
  const p1 = regionSums(acc.intraRegional, G, N);
  const p2 = regionSums(acc.importsEmbodied, G, N);
  const p3 = regionSums(acc.finalExports, G, N);
  const p4 = regionSums(acc.intermediateExports, G, N);
  const tradeRelated = Float64Array.from(p2, (x, s) => x + p3[s] + p4[s]);
  const exLocal = new Float64Array(G);
  const feUpstream = new Float64Array(G);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) {
      const sr = s * G + r;
      for (let i = 0; i < N; i++) exLocal[s] += acc.exFinal[sr * N + i] + acc.exIntermediate[sr * N + i];
      for (let t = 0; t < G; t++) feUpstream[s] += acc.feByOrigin[sr * G + t];
    }
  const production = regionSums(acc.production, G, N);
  const d = direct ?? new Float64Array(G);
  const prodTotal = sumOf(production);
  const tradeTotal = sumOf(tradeRelated);
  return {
    indicator: acc.indicator,
    label: acc.indicator.replace(/_/g, ' '),
    unit: acc.unit,
    kind,
    regions: [],
    production,
    intraRegional: p1,
    importsEmbodied: p2,
    finalExports: p3,
    intermediateExports: p4,
    tradeRelated,
    consumption: Float64Array.from(acc.consumption),
    exLocal,
    feUpstream,
    direct: d,
    national: nationalAccount(acc.indicator, prodTotal, tradeTotal, prodTotal + sumOf(d)),
  };
}

/** National totals and the trade share (METHODS §2), which a zero total leaves undefined. */
function nationalAccount(
  indicator: string,
  production: number,
  tradeRelated: number,
  total: number,
): IndicatorRegionAccounts['national'] {
  const tradeShare = tradeRelated / total;
  return {
    production,
    tradeRelated,
    tradeShare,
    ...notComputedFields({ tradeShare: [tradeShare, () => `${indicator} is 0 in total: no trade share`] }),
  };
}

const emissionRegionCache = new WeakMap<EmissionAccounts, IndicatorRegionAccounts>();

/** emissionRegionAccounts kept per accounts object (live mode: unchanged precursors are free). */
function cachedEmissionRegionAccounts(
  em: EmissionAccounts,
  roleClass: readonly SectorRoleClass[],
  G: number,
  N: number,
): IndicatorRegionAccounts {
  let a = emissionRegionCache.get(em);
  if (!a) {
    const fc = feChangesOf(em);
    // Live accounts: Σ FE upstream = the baseline's + Σ_j d_j Σ_r feCoef[j, s·G + r].
    const feUpstream = fc
      ? Float64Array.from(cachedEmissionRegionAccounts(fc.baseAccounts, roleClass, G, N).feUpstream)
      : undefined;
    if (fc && feUpstream) {
      const sums = feCoefSumsOverImporters(fc.basis);
      for (let m = 0; m < fc.j.length; m++) {
        const d = fc.d[m];
        const o = fc.j[m] * G;
        for (let s = 0; s < G; s++) feUpstream[s] += d * sums[o + s];
      }
    }
    a = emissionRegionAccounts(em, G, N, tonneAggregates(em, roleClass, G, N).local, feUpstream);
    emissionRegionCache.set(em, a);
  }
  return a;
}

function emissionRegionAccounts(
  em: EmissionAccounts,
  G: number,
  N: number,
  /** Σ_i EX_sr per pair when already known (G²). */
  exByPair?: Float64Array,
  /** Σ_r Σ_t FE_sr by origin t per s when already known (G). */
  feUpstreamKnown?: Float64Array,
): IndicatorRegionAccounts {
  const exLocal = new Float64Array(G);
  const feUpstream = feUpstreamKnown ?? new Float64Array(G);
  // Fields read once: live accounts carry lazy getters (a slow object shape for inner loops).
  const fe = feUpstreamKnown ? undefined : em.feByOrigin;
  const exF = exByPair ? undefined : em.exFinal;
  const exI = exByPair ? undefined : em.exIntermediate;
  for (let s = 0; s < G; s++) {
    // Running sums in locals (same order of additions as accumulating into the arrays).
    let ex = 0;
    let up = 0;
    for (let r = 0; r < G; r++) {
      const sr = s * G + r;
      if (exByPair) ex += exByPair[sr];
      else for (let i = 0; i < N; i++) ex += exF![sr * N + i] + exI![sr * N + i];
      if (fe) for (let t = sr * G, e = t + G; t < e; t++) up += fe[t];
    }
    exLocal[s] = ex;
    if (fe) feUpstream[s] = up;
  }
  const prod = sumOf(em.production);
  const trade = sumOf(em.tradeRelated);
  return {
    indicator: em.indicator,
    label: `${em.precursor} emissions`,
    unit: em.unit,
    kind: 'emission',
    regions: [],
    production: em.production,
    intraRegional: em.intraRegional,
    importsEmbodied: em.importsEmbodied,
    finalExports: em.finalExports,
    intermediateExports: em.intermediateExports,
    tradeRelated: em.tradeRelated,
    consumption: em.consumption,
    exLocal,
    feUpstream,
    direct: em.direct,
    national: nationalAccount(em.indicator, prod, trade, prod + sumOf(em.direct)),
  };
}

/** Runs one scenario on a prepared analysis and assembles the labelled RunResult (synchronous). */
export function runScenario(
  prepared: PreparedAnalysis,
  scenario: Scenario = {},
  hooks: RunHooks = {},
  context: RunContext = {},
): RunResult {
  const it = runScenarioSteps(prepared, scenario, hooks, context);
  let step = it.next();
  while (!step.done) step = it.next();
  return step.value;
}

/**
 * The same, yielding to the event loop between stages and every few pairwise flows, so a CLI
 * stays responsive to Ctrl-C (the interrupt handler runs at the next yield).
 */
export async function runScenarioAsync(
  prepared: PreparedAnalysis,
  scenario: Scenario = {},
  hooks: RunHooks = {},
  context: RunContext = {},
): Promise<RunResult> {
  const it = runScenarioSteps(prepared, scenario, hooks, context);
  let step = it.next();
  while (!step.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    step = it.next();
  }
  return step.value;
}

/** The scenario as a generator: yields at stage boundaries (see runScenario / runScenarioAsync). */
export function* runScenarioSteps(
  preparedIn: PreparedAnalysis,
  scenario: Scenario = {},
  hooks: RunHooks = {},
  context: RunContext = {},
): Generator<void, RunResult> {
  const tStart = performance.now();
  const fd = scenario.finalDemand ?? [];
  const tr = scenario.trade ?? [];
  const refactorised = fd.length > 0 || tr.length > 0;
  // Demand/trade: a re-balanced table, decomposed again (METHODS §1; demandTrade.ts).
  const table = refactorised ? preparedForTable(preparedIn, fd, tr) : undefined;
  const tablePrepared = table?.prepared ?? preparedIn;
  let prepared = tablePrepared;
  if (scenario.vsl !== undefined) {
    const h = prepared.health;
    if (!h.withVsl) throw new Error('this health model cannot change its VSL');
    prepared = { ...prepared, health: h.withVsl(scenario.vsl) };
  }
  const live = scenario.mode === 'live';
  if (live && (scenario.pairwise === 'removal' || scenario.oneAtATime === true))
    throw new RangeError(
      "live mode computes additive damage flows only and no one-at-a-time removals: use mode 'full'",
    );
  const { G, N, regions, dataset } = prepared;
  const timings: Record<string, number> = { ...prepared.timings, ...(context.extraTimings ?? {}) };
  if (table) {
    timings.rebalanceAndDecompose = table.seconds;
    timings.rebalanceAndDecomposeBuild = table.buildSeconds;
  }
  const warnings: string[] = [...(context.warnings ?? []), ...prepared.warnings];
  let tStage = performance.now();
  let current = '';
  const stage = (name: string) => {
    if (current) timings[current] = (performance.now() - tStage) / 1000;
    current = name;
    tStage = performance.now();
    if (name) hooks.onStage?.(name);
  };
  const health = prepared.health;
  const thresholds = scenario.thresholds ?? health.thresholds;
  const headline = scenario.headlineThreshold ?? (thresholds.includes(10) ? 10 : thresholds[0]);
  const draws = scenario.draws ?? health.draws;
  const seed = scenario.seed ?? health.seed;
  const topShare = scenario.topShare ?? { fraction: 0.1, by: 'count' as const };
  const pairwiseMode = scenario.pairwise ?? (live ? 'linear' : 'removal');
  const curveDraws = scenario.curveDraws ?? Math.min(draws, 100);
  const money = health.moneyUnit;
  const population = dataset.population;

  const topK = scenario.topFlows ?? 20;
  const st = live ? staticBlocks(tablePrepared, topK, topShare) : undefined;

  // 1–2. Emission accounts of the scenario, trade-related and counterfactual emissions.
  stage('emissions');
  yield;
  const scalings = scenario.intensityScaling ?? [];
  const scaled = scalingFactors(prepared, scalings);
  let emissionsHow: NonNullable<RunResult['provenance']['evaluation']>['emissions'];
  let em: Record<Precursor, EmissionAccounts>;
  if (st && prepared.live) {
    em = liveEmissionAccounts(prepared, prepared.live, scaled.factors, st.baselineEmissions);
    emissionsHow = scalings.length ? 'live basis (no solve)' : 'baseline';
  } else {
    em = scenarioEmissionAccounts(prepared, scalings);
    emissionsHow =
      scalings.length === 0 ? 'baseline' : scaled.sectorSpecific ? 're-decomposition' : 'linear rescaling';
  }
  const emissions: PrecursorCounterfactual[] = PRECURSORS.map((p) => {
    const e = em[p];
    const nationalTradeShare = sumOf(e.tradeRelated) / sumOf(e.baseline);
    const rv = (values: Float64Array, unit = e.unit): RegionVector => ({ regions, unit, values });
    return {
      precursor: p,
      indicator: e.indicator,
      unit: e.unit,
      baseline: rv(e.baseline),
      tradeRelated: rv(e.tradeRelated),
      counterfactual: rv(e.counterfactual),
      ratio: rv(
        Float64Array.from(e.counterfactual, (c, s) => (e.baseline[s] > 0 ? c / e.baseline[s] : 1)),
        'ratio',
      ),
      nationalTradeShare,
      ...notComputedFields({
        nationalTradeShare: [nationalTradeShare, () => `${p} emissions are 0 in total: no trade share`],
      }),
    };
  });

  // 3. Concentrations and health damage (full Monte Carlo at every threshold).
  stage('airQualityAndHealth');
  yield;
  // Live: per-endpoint means only (no quantile rows; byEndpoint below needs the means).
  const core = computeDamage(prepared, em, {
    thresholds,
    draws,
    seed,
    headline,
    ...(live ? { summaries: 'means' as const } : {}),
  });
  const endpointMeans = core.assessment.endpointMeans;
  const nE = core.assessment.endpoints.length;
  warnings.push(...core.warnings);
  const damage: ThresholdDamage[] = thresholds.map((threshold, t) => {
    const dt = core.assessment.drawTotals[t];
    const bt = core.baselineBurden.drawTotals[t];
    const nd = core.assessment.draws;
    const nat = (v: Float64Array, unit: string) => intervalOf(totalsOfDraws(v, nd, G), unit);
    const national = {
      deaths: nat(dt.deaths, 'deaths per year'),
      cases: nat(dt.morbidityCases, 'cases per year'),
      money: nat(dt.money, money),
    };
    const baselineBurden = {
      deaths: nat(bt.deaths, 'deaths per year'),
      cases: nat(bt.morbidityCases, 'cases per year'),
      money: nat(bt.money, money),
    };
    const byEndpoint = health.endpoints.map((ep, e) => {
      if (endpointMeans) {
        const o = (t * nE + e) * G;
        const values = endpointMeans.slice(o, o + G);
        return { endpoint: ep.id, unit: ep.unit, values: { regions, unit: ep.unit, values } };
      }
      const values = new Float64Array(G);
      for (const row of core.assessment.rows)
        if (row.threshold === threshold && row.endpoint === ep.id && row.quantity !== 'money') {
          const r = regions.indexOf(row.region);
          if (r >= 0) values[r] = row.summary.mean;
        }
      return { endpoint: ep.id, unit: ep.unit, values: { regions, unit: ep.unit, values } };
    });
    return {
      threshold,
      deaths: regionIntervalOf(dt.deaths, nd, regions, 'deaths per year'),
      cases: regionIntervalOf(dt.morbidityCases, nd, regions, 'cases per year'),
      money: regionIntervalOf(dt.money, nd, regions, money),
      byEndpoint,
      national,
      baselineBurden,
      baselineBurdenByRegion: {
        deaths: regionIntervalOf(bt.deaths, nd, regions, 'deaths per year'),
        cases: regionIntervalOf(bt.morbidityCases, nd, regions, 'cases per year'),
        money: regionIntervalOf(bt.money, nd, regions, money),
      },
      tradeShare: tradeShareOfBurden(national, baselineBurden, threshold),
    };
  });

  // Damage as a function of each receptor's concentration, for the many removals below.
  const doOat = scenario.oneAtATime ?? !live;
  let curves: DamageCurves | undefined;
  if (doOat || pairwiseMode === 'removal') {
    stage('damageCurves');
    yield;
    curves = buildDamageCurves(prepared, core.cBaseline, core.cCounterfactual, {
      threshold: headline,
      draws: curveDraws,
      seed,
    });
  }

  // 4. Triggered vs suffered.
  stage('attribution');
  yield;
  const attribution = attributeDamage(prepared, core, { oneAtATime: doOat, curves });
  const perTonne = damagePerTonne(core, em, G);
  // Live: the damage carried by export content in one pass (damageContent.ts).
  const dc = live ? damageContent(em, perTonne, dataset.sectorRoleClass, G, N) : undefined;

  // 5. Pairwise flows.
  stage('pairwiseFlows');
  yield;
  const incomeAcc = prepared.accounts.income;
  const jobsAcc = prepared.accounts.employment;
  const pairwise: PairwiseFlows[] = [];
  if (pairwiseMode === 'removal') {
    const flows = yield* damageFlowsByRemovalSteps(prepared, em, core, {
      curves: curves!,
      onFlow: (d, t) => hooks.onProgress?.('pairwiseFlows', d, t),
    });
    const removal = flowsResult(
      'damage',
      'Health damage by export flow (per-flow removal, scaled to the all-source damage)',
      money,
      flows.scaled,
      regions,
      topK,
      flows.rawSum,
    );
    const byReceptor = removal.top.map((t) =>
      removalByReceptor(prepared, em, curves!, regions.indexOf(t.from), regions.indexOf(t.to)),
    );
    pairwise.push(
      withTopIntervals(
        removal,
        removalFlowIntervals(
          byReceptor,
          flows.rawByReceptor,
          core.moneyDraws,
          core.moneyMean,
          core.draws,
          money,
        ),
        `${core.draws} Monte Carlo draws; each receptor's removal damage moves with its all-source damage draw by draw, then scaled to that draw's all-source damage`,
      ),
    );
  }
  if (pairwiseMode !== 'none') {
    const linear = flowsResult(
      'damage_linear',
      'Health damage by export flow (tonnes × average Shapley damage per tonne; additive)',
      money,
      dc?.linear ?? damageFlowsLinear(em, perTonne, G, N),
      regions,
      topK,
    );
    const weights = linear.top.map((t) =>
      linearFlowReceptorWeights(em, core.share, G, N, regions.indexOf(t.from), regions.indexOf(t.to)),
    );
    pairwise.push(
      withTopIntervals(
        linear,
        linearFlowIntervals(weights, core.moneyDraws, core.draws, money),
        `${core.draws} Monte Carlo draws (exact: the flow is linear in each receptor's damage)`,
      ),
    );
  }
  pairwise.push(
    st?.flowsEmployment ?? employmentFlows(jobsAcc, regions, G, N, topK),
    st?.flowsIncome ?? incomeFlows(incomeAcc, regions, G, N, topK),
  );

  // 6. Mismatch.
  stage('mismatch');
  yield;
  const incomeRegion = st?.incomeRegion ?? indicatorRegionAccounts(incomeAcc, 'income', G, N);
  const jobsRegion = st?.jobsRegion ?? indicatorRegionAccounts(jobsAcc, 'employment', G, N);
  const rv = (values: Float64Array, unit: string): RegionVector => ({ regions, unit, values });
  const variables: MismatchVariable[] = [
    incomeTradeVariable(rv(incomeRegion.tradeRelated, incomeAcc.unit)),
    jobsTradeVariable(rv(jobsRegion.tradeRelated, jobsAcc.unit)),
    {
      variable: 'damage_triggered',
      label: 'Health damage triggered (by emitting province)',
      totals: rv(attribution.triggered.mean, money),
    },
    {
      variable: 'damage_suffered',
      label: 'Health damage suffered (by receptor province)',
      totals: rv(attribution.suffered.mean, money),
    },
    incomeTotalVariable(rv(incomeRegion.production, incomeAcc.unit)),
  ];
  let incomeToMoney = Number.NaN;
  let unitNote: string | undefined;
  try {
    incomeToMoney = moneyConversion(incomeAcc.unit, money);
  } catch (e) {
    unitNote = `welfare and damage cannot be put on one money scale: ${(e as Error).message}`;
    warnings.push(unitNote);
  }
  const mismatch = mismatchAnalysis(
    variables,
    population,
    { topShare, rankBy: incomePerCapita(prepared), zoneOfRegion: dataset.zones },
    [
      {
        variable: 'triggered_per_income',
        numerator: 'damage_triggered',
        denominator: 'social_income_trade',
        unit: `${money} per ${money} of trade-related social income`,
        factor: incomeToMoney,
        unitNote,
      },
      {
        variable: 'suffered_per_income',
        numerator: 'damage_suffered',
        denominator: 'social_income_trade',
        unit: `${money} per ${money} of trade-related social income`,
        factor: incomeToMoney,
        unitNote,
      },
      {
        variable: 'triggered_per_job',
        numerator: 'damage_triggered',
        denominator: 'employment_trade',
        unit: `${money} per trade-related job (${jobsAcc.unit})`,
        factor: 1,
      },
    ],
    st?.measures,
  );

  // 7. Value-chain roles.
  stage('roles');
  yield;
  const cls = dataset.sectorRoleClass;
  const roles = {
    shares: [
      st?.roleIncome ?? roleShares('social_income', incomeAcc.unit, roleAmounts(incomeAcc, cls, G, N)),
      st?.roleJobs ?? roleShares('employment', jobsAcc.unit, roleAmounts(jobsAcc, cls, G, N)),
      roleShares('damage', money, dc?.roles ?? damageRoleAmounts(em, perTonne, cls, G, N)),
    ],
    topImporters: [] as ImporterSplit[],
  };
  const importerSplits = () =>
    topImporterSplits(
      regions,
      prepared.grossExports,
      [
        st?.luIncome ?? localUpstream('social_income', incomeAcc.unit, incomeAcc, G, N),
        st?.luJobs ?? localUpstream('employment', jobsAcc.unit, jobsAcc, G, N),
        dc
          ? { indicator: 'damage', unit: money, local: dc.local, upstream: dc.upstream }
          : damageLocalUpstream(em, perTonne, G, N, money),
      ],
      scenario.topImporters ?? 10,
    );
  if (live) onFirstRead(roles, 'topImporters', importerSplits);
  else roles.topImporters = importerSplits();

  // 8. Compensation.
  stage('compensation');
  yield;
  const drivers = tradeDriverShares(em, G);
  const full = beneficiaryPaysMatrix(core.share, drivers, core.moneyMean, G);
  const welfare = rv(
    Float64Array.from(incomeRegion.production, (x) => x * incomeToMoney),
    money,
  );
  const compensation = compensationResult(full, core.moneyMean, welfare, population, money, unitNote);
  const drivenBy = new Float64Array(G);
  for (let r = 0; r < G; r++) for (let i = 0; i < G; i++) drivenBy[r] += full[r * G + i];

  // Identities of the analysis (METHODS §7).
  stage('assembly');
  yield;
  const totalSuffered = sumOf(core.moneyMean);
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  const shapleyResidual = (() => {
    let worst = 0;
    let ref = 0;
    for (let i = 0; i < G; i++) ref = Math.max(ref, Math.abs(core.deltaC[i]));
    for (let i = 0; i < G; i++) {
      let s = 0;
      for (const p of PRECURSORS) for (let j = 0; j < G; j++) s += core.kappa[p][j * G + i];
      worst = Math.max(worst, Math.abs(s - core.deltaC[i]) / Math.max(ref, 1e-300));
    }
    return worst;
  })();
  // Identities of the run: checked on first read in live mode (nothing in the explorer reads them).
  const identitiesOf = (): RunResult['provenance']['identities'] => [
    ...prepared.valueChain.identities,
    {
      name: 'Σ_j,p Shapley ΔC contributions = C_base − C_cf (per receptor)',
      indicator: 'PM2.5',
      maxRelativeResidual: shapleyResidual,
    },
    {
      name: 'Σ triggered = Σ suffered (damage)',
      indicator: 'damage',
      maxRelativeResidual: rel(sumOf(attribution.triggered.mean), totalSuffered),
    },
    {
      name: 'triggered = local + transported',
      indicator: 'damage',
      maxRelativeResidual: maxRel(
        attribution.triggered.mean,
        attribution.local.values,
        attribution.exported.values,
      ),
    },
    {
      name: 'Σ beneficiary-pays matrix (incl. self) = Σ suffered',
      indicator: 'damage',
      maxRelativeResidual: rel(sumOf(full), totalSuffered),
    },
    {
      name: 'Σ net transfers = 0 (relative to Σ transfers)',
      indicator: 'damage',
      maxRelativeResidual: Math.abs(compensation.netSum) / Math.max(sumOf(compensation.paid.values), 1e-300),
    },
    ...PRECURSORS.map((p) => ({
      name: 'trade-related emissions: decomposition = unit-intensity basis (Σ_i f·tradeOutput)',
      indicator: p,
      maxRelativeResidual: basisResidual(prepared, em, p, scaled.factors[p]),
    })),
  ];
  const identities = live ? [] : identitiesOf();
  assertIdentitiesHold(identities);
  stage('');
  timings.scenarioTotal = (performance.now() - tStart) / 1000;

  const conventions: RunConventions = {
    thresholds,
    headlineThreshold: headline,
    counterfactual:
      "Trade counterfactual (METHODS §7): each province's trade-related emissions (parts 2+3+4 of the four-part decomposition, per precursor) removed; production for local final use and international export, and households' direct emissions, kept. Emission ratios e = counterfactual / baseline per province and precursor.",
    attribution:
      "Damage by emitting province: exact Shapley split of each receptor's ΔC among (province, precursor) inputs (each pf-ERSM monomial shared equally among the inputs it involves; φ(e_base) − φ(e_cf)); each receptor's damage shared in proportion to the inputs' shares of its ΔC (convention). One-at-a-time removals reported for comparison.",
    pairwiseFlows: `Per-flow removal of EX_sr (emitted in s) and FE_sr (emitted in upstream t) emissions, damage summed over receptors at ${headline} µg/m³ from damage curves (${curveDraws} common Monte Carlo draws, each receptor's damage tabulated against its own concentration and interpolated linearly), normalised to shares and scaled to the all-source damage. Also an additive variant: removed tonnes × average Shapley damage per tonne of the emitting input.`,
    compensation:
      "Beneficiary pays: damage suffered in i caused by input (s, p) (its Shapley share) is passed on to the final demand r driving those tonnes: M_p[s,r]/trade_p[s] for r ≠ s, part 2/trade_p[s] for r = s. T[r→i] for r ≠ i; self-caused damage is not transferred. Welfare = production-based social income converted to the damage's money unit, net of damage suffered.",
    topShare,
    concentrationIndexRank:
      'social income per capita (production-based), population-weighted fractional rank',
    notes: [
      'Roles (final / resource-energy intermediate / other intermediate) use the local export content EX_s (= parts 3+4) by exported product; damage carried by roles uses the average Shapley damage per tonne of each (province, precursor).',
      `One-at-a-time removals use the same damage curves (${curveDraws} common draws, headline threshold); their all-source reference is evaluated on the same curves.`,
      "Per-capita inequality measures use trade-related (parts 2+3+4) social income and employment, as the paper's Fig. 2.",
      ...core.assessment.notes,
    ],
  };

  const valueChainOf = (): IndicatorRegionAccounts[] => [
    withRegions(incomeRegion, regions),
    ...(st?.componentRegions ??
      prepared.accounts.components.map((a) =>
        withRegions(indicatorRegionAccounts(a, 'income_component', G, N), regions),
      )),
    withRegions(jobsRegion, regions),
    ...PRECURSORS.map((p) =>
      withRegions(
        live
          ? cachedEmissionRegionAccounts(em[p], dataset.sectorRoleClass, G, N)
          : emissionRegionAccounts(em[p], G, N),
        regions,
      ),
    ),
  ];

  const result: RunResult = {
    provenance: {
      schemaVersion: RUN_RESULT_SCHEMA_VERSION,
      toolVersion: context.toolVersion ?? 'unknown',
      createdAt: context.createdAt ?? new Date().toISOString(),
      dataset: { ...dataset.provenance, sources: [...dataset.provenance.sources] },
      airModel: {
        id: prepared.rsm.provenance.label,
        description: prepared.rsm.provenance.description,
        isStandIn: prepared.rsm.provenance.ctmKind === 'standin',
      },
      healthModel: {
        id: health.id,
        description: health.description,
        conventions: core.assessment.conventions,
      },
      inputs: context.inputs ?? [],
      monteCarlo: { draws: core.assessment.draws, seed },
      evaluation: {
        mode: live ? 'live' : 'full',
        emissions: emissionsHow,
        health: `Monte Carlo, ${core.assessment.draws} draws, seed ${seed} (common random numbers)`,
        reused: st ? [...STATIC_BLOCKS] : [],
        refactorised,
        ...(scenario.vsl !== undefined ? { vsl: scenario.vsl } : {}),
      },
      timings,
      warnings,
      identities,
    },
    labels: {
      regions,
      regionCodes: dataset.regionInfo.map((r) => r.code),
      regionNamesLocal: dataset.regionInfo.map((r) => r.nameLocal),
      zoneOfRegion: dataset.zones,
      zones: [...new Set(dataset.zones)],
      sectors: prepared.sectors,
      sectorRoleClass: dataset.sectorRoleClass,
      precursors: [...PRECURSORS],
      currency: { code: health.currency, priceYear: health.priceYear, label: money },
      endpoints: health.endpoints.map((e) => ({ id: e.id, label: e.label, kind: e.kind })),
    },
    conventions,
    population,
    ...(dataset.gdp
      ? {
          gdpPerCapita: rv(
            Float64Array.from(dataset.gdp.values, (g, s) => g / population.values[s]),
            `${dataset.gdp.unit} per person`,
          ),
        }
      : {}),
    valueChain: live ? [] : valueChainOf(),
    emissions,
    concentrations: {
      unit: 'µg/m³',
      baseline: core.cBaseline,
      counterfactual: core.cCounterfactual,
      tradeRelated: { regions, unit: 'µg/m³', values: core.deltaC },
      ...(dataset.pm25Observed ? { observed: dataset.pm25Observed } : {}),
    },
    damage,
    attribution,
    pairwise,
    mismatch,
    roles,
    compensation: { ...compensation, drivenBy: rv(drivenBy, money) },
    headline: [],
  };
  if (!live) return { ...result, headline: headlineTable(result) };
  // Live: blocks the explorer does not draw are formed on first read, each equal to the eager
  // value (the live = full tests read every field).
  onFirstRead(result.provenance, 'identities', identitiesOf);
  onFirstRead(result, 'valueChain', valueChainOf);
  onFirstRead(result, 'headline', () => headlineTable(result));
  return result;
}

/** Defines `key` as computed on its first read (enumerable, so spreads and JSON see it). */
function onFirstRead<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): void {
  let value: T[K] | undefined;
  let done = false;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!done) {
        value = compute();
        done = true;
      }
      return value as T[K];
    },
  });
}

/** Trade share of the baseline burden (METHODS §6); undefined when the burden is 0 (all PM2.5 at or below C₀). */
function tradeShareOfBurden(
  trade: ThresholdDamage['national'],
  burden: ThresholdDamage['baselineBurden'],
  threshold: number,
): ThresholdDamage['tradeShare'] {
  const deaths = trade.deaths.mean / burden.deaths.mean;
  const cases = trade.cases.mean / burden.cases.mean;
  const money = trade.money.mean / burden.money.mean;
  const why = (what: string) => () =>
    `the baseline burden (${what}) is 0 at ${threshold} µg/m³: no trade share of it`;
  return {
    deaths,
    cases,
    money,
    ...notComputedFields({
      deaths: [deaths, why('deaths')],
      cases: [cases, why('cases')],
      money: [money, why('money')],
    }),
  };
}

function withRegions(a: IndicatorRegionAccounts, regions: readonly string[]): IndicatorRegionAccounts {
  return { ...a, regions };
}

function maxRel(total: Float64Array, a: Float64Array, b: Float64Array): number {
  let scale = 0;
  for (const v of total) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let s = 0; s < total.length; s++)
    worst = Math.max(worst, Math.abs(a[s] + b[s] - total[s]) / Math.max(scale, 1e-300));
  return worst;
}

function basisResidual(
  prepared: PreparedAnalysis,
  em: Record<Precursor, EmissionAccounts>,
  p: Precursor,
  factors: Float64Array,
): number {
  const trade = tradeRelatedFromBasis(prepared, p, factors);
  let scale = 0;
  for (const v of em[p].tradeRelated) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let s = 0; s < trade.length; s++)
    worst = Math.max(worst, Math.abs(trade[s] - em[p].tradeRelated[s]) / Math.max(scale, 1e-300));
  return worst;
}

function damageLocalUpstream(
  em: Readonly<Record<Precursor, EmissionAccounts>>,
  perTonne: Readonly<Record<Precursor, Float64Array>>,
  G: number,
  N: number,
  unit: string,
) {
  const local = new Float64Array(G * G);
  const upstream = new Float64Array(G * G);
  for (const p of PRECURSORS) {
    const lu = localUpstream('damage', unit, em[p], G, N, perTonne[p]);
    for (let q = 0; q < G * G; q++) {
      local[q] += lu.local[q];
      upstream[q] += lu.upstream[q];
    }
  }
  return { indicator: 'damage', unit, local, upstream };
}
