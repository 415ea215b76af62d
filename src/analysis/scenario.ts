import type { Precursor } from '../mrio/model.ts';
import { attributeDamage } from './attribution.ts';
import { type CvWeighting, DEFAULT_CV_WEIGHTING } from './cvWeighting.ts';
import { damagePerTonne } from './damage.ts';
import { damageContent } from './damageContent.ts';
import { buildDamageCurves, type DamageCurves } from './damageCurve.ts';
import { type FinalDemandChange, preparedForTable, type TradeChange } from './demandTrade.ts';
import type { IntensityScaling } from './emissionAccounts.ts';
import type { HealthConventionChoice, HealthEvaluator } from './healthEvaluator.ts';
import type { PreparedAnalysis } from './prepare.ts';
import type { RunResult, ScenarioRecord } from './runResult.ts';
import { airQualityAndHealthStage } from './stages/airQualityAndHealth.ts';
import { assembleRunResult, type RunSettings } from './stages/assembly.ts';
import { compensationStage } from './stages/compensation.ts';
import { emissionsStage } from './stages/emissions.ts';
import { analysisIdentities, assertIdentitiesHold } from './stages/identities.ts';
import { mismatchStage } from './stages/mismatch.ts';
import { pairwiseStage } from './stages/pairwise.ts';
import { rolesStage } from './stages/roles.ts';
import { staticBlocks } from './staticBlocks.ts';

export { ANALYSIS_IDENTITY_TOLERANCE, assertIdentitiesHold } from './stages/identities.ts';
export { STATIC_BLOCKS } from './staticBlocks.ts';

/**
 * A what-if (or the baseline run): every option has the documented default. Policy levers
 * (`intensityScaling`, `finalDemand`, `trade`) change the economy or its emissions; conventions
 * (thresholds, health conventions, VSL, CV, top group) change how the same world is measured,
 * and each is passed only to the stage that uses it (docs/analysis.md "Stages").
 */
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
  /** Coefficient of variation: the paper's 'unweighted' (default) or 'population-weighted'. */
  readonly cv?: CvWeighting;
  readonly topFlows?: number;
  readonly topImporters?: number;
  /**
   * Reference VSL (money unit of the health model, before the income-elasticity transfer): the
   * mean of the Monte Carlo distribution, whose range is rescaled with it. Default the model's.
   */
  readonly vsl?: number;
  /** Health conventions (ERF, accounting, threshold reading, VSL elasticity); default the model's. */
  readonly erf?: HealthConventionChoice['erf'];
  readonly accounting?: HealthConventionChoice['accounting'];
  readonly thresholdReading?: HealthConventionChoice['thresholdReading'];
  readonly vslIncomeElasticity?: number;
  /** Final-demand and trade changes: the table is re-balanced and decomposed again (timed). */
  readonly finalDemand?: readonly FinalDemandChange[];
  readonly trade?: readonly TradeChange[];
  /**
   * 'full' (default) computes every block. 'live' is the explorer's fast path: emissions from
   * the live basis (prepareAnalysis option `live`; no solve for any intensity change), blocks
   * that intensities, threshold and health conventions cannot change (income and employment
   * accounts, flows, roles and their inequality measures) reused from a per-analysis cache,
   * additive pairwise damage flows only and no one-at-a-time removals; the health Monte Carlo
   * is the same estimator with the scenario's `draws` (pass a small fixed number, e.g.
   * LIVE_WHAT_IF). Equal to 'full' with the same options to rounding (test/analysis/live.test.ts).
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

/** Labels and hashes the caller knows (files read, tool version); I/O-free here. */
export interface RunContext {
  readonly toolVersion?: string;
  readonly inputs?: readonly { readonly role: string; readonly path: string; readonly sha256: string }[];
  readonly createdAt?: string;
  readonly extraTimings?: Readonly<Record<string, number>>;
  readonly warnings?: readonly string[];
  /** The scenario file (or request) this run computes, recorded in provenance.scenario. */
  readonly scenario?: ScenarioRecord;
}

export interface RunHooks {
  /** Called when a stage starts (names as in run.json timings). */
  readonly onStage?: (stage: string) => void;
  /** Progress inside a long stage (pairwise flows). */
  readonly onProgress?: (stage: string, done: number, total: number) => void;
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

/**
 * The health model of a scenario: the prepared analysis's, under the scenario's health
 * conventions (ERF, accounting, threshold reading, VSL and its elasticity) when it sets any.
 */
export function scenarioHealth(base: HealthEvaluator, s: Scenario): HealthEvaluator {
  const choice: HealthConventionChoice = {
    ...(s.erf !== undefined ? { erf: s.erf } : {}),
    ...(s.accounting !== undefined ? { accounting: s.accounting } : {}),
    ...(s.thresholdReading !== undefined ? { thresholdReading: s.thresholdReading } : {}),
    ...(s.vsl !== undefined ? { vsl: s.vsl } : {}),
    ...(s.vslIncomeElasticity !== undefined ? { vslIncomeElasticity: s.vslIncomeElasticity } : {}),
  };
  const keys = Object.keys(choice);
  if (keys.length === 0) return base;
  if (base.withConventions) return base.withConventions(choice);
  if (keys.length === 1 && choice.vsl !== undefined && base.withVsl) return base.withVsl(choice.vsl);
  throw new Error(`this health model cannot change its conventions (${keys.join(', ')})`);
}

/** The scenario's settings with their defaults (conventions of the measurement, not of the world). */
function settingsOf(s: Scenario, health: HealthEvaluator): RunSettings & { draws: number; topFlows: number } {
  const live = s.mode === 'live';
  if (live && (s.pairwise === 'removal' || s.oneAtATime === true))
    throw new RangeError(
      "live mode computes additive damage flows only and no one-at-a-time removals: use mode 'full'",
    );
  const thresholds = s.thresholds ?? health.thresholds;
  const draws = s.draws ?? health.draws;
  return {
    thresholds,
    headline: s.headlineThreshold ?? (thresholds.includes(10) ? 10 : thresholds[0]),
    draws,
    seed: s.seed ?? health.seed,
    curveDraws: s.curveDraws ?? Math.min(draws, 100),
    pairwise: s.pairwise ?? (live ? 'linear' : 'removal'),
    oneAtATime: s.oneAtATime ?? !live,
    topShare: s.topShare ?? { fraction: 0.1, by: 'count' },
    cv: s.cv ?? DEFAULT_CV_WEIGHTING,
    topFlows: s.topFlows ?? 20,
    live,
  };
}

/**
 * The scenario as a generator: yields at stage boundaries (see runScenario / runScenarioAsync).
 * Each stage (src/analysis/stages/) takes what it uses and returns what it computes; the stage
 * names are PIPELINE_STAGES (run.json timings).
 */
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
  const prepared = table?.prepared ?? preparedIn;
  const health = scenarioHealth(prepared.health, scenario);
  const s = settingsOf(scenario, health);
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
  const money = health.moneyUnit;
  const st = s.live
    ? staticBlocks(prepared, { topFlows: s.topFlows, topShare: s.topShare, cv: s.cv })
    : undefined;

  // 1–2. Emission accounts of the scenario, trade-related and counterfactual emissions.
  stage('emissions');
  yield;
  const emissions = emissionsStage(
    prepared,
    scenario.intensityScaling ?? [],
    st ? { baseline: st.baselineEmissions } : undefined,
  );
  const em = emissions.accounts;

  // 3. Concentrations and health damage (full Monte Carlo at every threshold).
  stage('airQualityAndHealth');
  yield;
  const { core, damage } = airQualityAndHealthStage(prepared, em, health, {
    thresholds: s.thresholds,
    headline: s.headline,
    draws: s.draws,
    seed: s.seed,
    ...(s.live ? { summaries: 'means' as const } : {}),
  });
  warnings.push(...core.warnings);

  // Damage as a function of each receptor's concentration, for the many removals below.
  let curves: DamageCurves | undefined;
  if (s.oneAtATime || s.pairwise === 'removal') {
    stage('damageCurves');
    yield;
    curves = buildDamageCurves(prepared, core.cBaseline, core.cCounterfactual, {
      threshold: s.headline,
      draws: s.curveDraws,
      seed: s.seed,
      evaluator: health,
    });
  }

  // 4. Triggered vs suffered.
  stage('attribution');
  yield;
  const attribution = attributeDamage(prepared, core, { oneAtATime: s.oneAtATime, curves });
  const perTonne: Record<Precursor, Float64Array> = damagePerTonne(core, em, prepared.G);
  // Live: the damage carried by export content in one pass (damageContent.ts).
  const content = s.live
    ? damageContent(em, perTonne, prepared.dataset.sectorRoleClass, prepared.G, prepared.N)
    : undefined;

  // 5. Pairwise flows.
  stage('pairwiseFlows');
  yield;
  const pairwise = yield* pairwiseStage(
    prepared,
    em,
    core,
    {
      mode: s.pairwise,
      topFlows: s.topFlows,
      curves,
      perTonne,
      content,
      onFlow: (d, t) => hooks.onProgress?.('pairwiseFlows', d, t),
    },
    st,
  );

  // 6. Mismatch.
  stage('mismatch');
  yield;
  const mm = mismatchStage(prepared, attribution, money, { topShare: s.topShare, cv: s.cv }, st);
  if (mm.unitNote) warnings.push(mm.unitNote);

  // 7. Value-chain roles.
  stage('roles');
  yield;
  const roles = rolesStage(
    prepared,
    em,
    perTonne,
    money,
    { topImporters: scenario.topImporters ?? 10, content, lazy: s.live },
    st,
  );

  // 8. Compensation.
  stage('compensation');
  yield;
  const comp = compensationStage(prepared, em, core, mm.incomeRegion, {
    unit: money,
    incomeToMoney: mm.incomeToMoney,
    unitNote: mm.unitNote,
  });

  // Identities of the analysis (METHODS §7) and the labelled result.
  stage('assembly');
  yield;
  const identities = () =>
    analysisIdentities(prepared, {
      em,
      factors: emissions.factors,
      core,
      attribution,
      compensation: comp.compensation,
      fullTransfers: comp.full,
    });
  const result = assembleRunResult(
    prepared,
    health,
    s,
    {
      emissions,
      core,
      damage,
      attribution,
      pairwise,
      mismatch: mm.mismatch,
      incomeRegion: mm.incomeRegion,
      jobsRegion: mm.jobsRegion,
      roles,
      compensation: comp.compensation,
      identities,
    },
    {
      toolVersion: context.toolVersion,
      inputs: context.inputs,
      createdAt: context.createdAt,
      scenario: context.scenario,
      vslOverride: scenario.vsl,
      refactorised,
      timings,
      warnings,
      st,
    },
  );
  assertIdentitiesHold(result.provenance.identities);
  stage('');
  timings.scenarioTotal = (performance.now() - tStart) / 1000;
  return result;
}
