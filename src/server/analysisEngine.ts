import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResponseSurface } from '../air/responseSurface.ts';
import { type IntensityScaling, scalingFactors } from '../analysis/emissionAccounts.ts';
import { healthEvaluatorFrom } from '../analysis/healthAdapter.ts';
import { type PreparedAnalysis, prepareAnalysis } from '../analysis/prepare.ts';
import { runScenario, type Scenario } from '../analysis/scenario.ts';
import type { Dataset } from '../dataset/model.ts';
import { buildHealthModel, type HealthModel } from '../health/index.ts';
import type { HealthOptions, HealthParameters } from '../health/types.ts';
import { PRECURSORS } from '../mrio/model.ts';
import { scaleDemandAndTrade } from './demandTradeScenario.ts';
import type { ScenarioEngine } from './explorerApi.ts';
import { type ExplorerMeta, type ExplorerResponse, toExplorerResult } from './explorerView.ts';
import { HttpError } from './httpError.ts';
import { buildIntensityBasis, preparedWithScaledIntensities } from './intensityBasis.ts';
import { provinceMapFor } from './provinceMap.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from './requestBody.ts';
import { EXPLORER_THRESHOLDS, MAX_FACTOR, MAX_RULES, type ScenarioRequest } from './scenarioSchema.ts';
import { ultraLowEmissionPreset } from './ultraLowEmission.ts';

/** Everything an explorer session computes from (loaded once by `vchain serve`). */
export interface EngineInputs {
  readonly dataset: Dataset;
  readonly rsm: ResponseSurface;
  readonly healthParameters: HealthParameters;
  readonly healthOptions?: Partial<HealthOptions>;
}

/**
 * Monte Carlo and attribution settings of every explorer run (baseline and what-ifs alike, so
 * they compare like with like). Lighter than `vchain run` so a what-if answers in well under a
 * second; the numbers are the same estimators with fewer draws.
 */
export interface ExplorerSettings {
  readonly draws: number;
  readonly seed?: number;
  /** Pairwise damage flows: 'linear' (additive, cheap), 'removal' (G² re-evaluations), 'none'. */
  readonly pairwise: 'linear' | 'removal' | 'none';
  /** One-at-a-time removals per emitting region (G extra evaluations). */
  readonly oneAtATime: boolean;
}

export const DEFAULT_EXPLORER_SETTINGS: ExplorerSettings = {
  draws: 100,
  pairwise: 'linear',
  oneAtATime: false,
};

/** An LRU map for prepared variants (VSL, demand/trade); small because each holds a decomposition. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(k: string, make: () => V): V {
    let v = this.map.get(k);
    if (v === undefined) v = make();
    else this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    return v;
  }
}

/** Expands province × sector × precursor rules into the analysis's single scalings. */
export function intensityScalings(rules: ScenarioRequest['intensity']): IntensityScaling[] {
  const out: IntensityScaling[] = [];
  for (const rule of rules) {
    const regions = rule.regions === 'all' ? [undefined] : rule.regions;
    const sectors = rule.sectors === 'all' ? [undefined] : rule.sectors;
    for (const p of PRECURSORS) {
      const factor = rule.factors[p];
      if (factor === undefined || factor === 1) continue;
      for (const region of regions)
        for (const sector of sectors) out.push({ region, sector, precursor: p, factor });
    }
  }
  return out;
}

/** The engine with what it was built from, for checks against the analysis's own paths. */
export interface AnalysisEngine extends ScenarioEngine {
  readonly prepared: PreparedAnalysis;
  /** The runScenario options every explorer run uses at a threshold. */
  scenarioOptions(threshold: number): Scenario;
}

export function createAnalysisEngine(
  inputs: EngineInputs,
  settings: ExplorerSettings = DEFAULT_EXPLORER_SETTINGS,
): AnalysisEngine {
  const healthOptions = {
    ...inputs.healthOptions,
    draws: settings.draws,
    thresholds: [...EXPLORER_THRESHOLDS],
  };
  const baseModel = buildHealthModel(inputs.healthParameters, healthOptions);
  const prepared = prepareAnalysis(inputs.dataset, inputs.rsm, healthEvaluatorFrom(baseModel));
  // Rows of B and L_ss for sector-specific intensity what-ifs (the analysis re-decomposes those).
  const basis = buildIntensityBasis(
    inputs.dataset.mrio,
    PRECURSORS.map((q) => ({ name: prepared.accounts.emissions[q].indicator, f: prepared.intensity[q] })),
  );
  const ds = inputs.dataset;
  const vslParams = inputs.healthParameters.vsl;

  // VSL variants: same parameters with the VSL distribution rescaled (triangular low/central/high
  // keep their ratios), so only the valuation changes. Its currency/year is the model's output.
  const healthByVsl = new Lru<HealthModel>(8);
  const modelFor = (vsl: number | undefined): HealthModel => {
    if (vsl === undefined) return baseModel;
    return healthByVsl.get(String(vsl), () => {
      // Given in output-year money; convert to the parameters' price year so the model's own
      // price adjustment maps it back exactly.
      const k = vsl / (vslParams.central * baseModel.vslPriceFactor);
      return buildHealthModel(
        {
          ...inputs.healthParameters,
          vsl: {
            ...vslParams,
            central: vslParams.central * k,
            low: vslParams.low * k,
            high: vslParams.high * k,
          },
        },
        healthOptions,
      );
    });
  };
  // Demand / trade variants: a re-balanced table, decomposed again (refactorisation), with the
  // emission ratios still taken against the original baseline so concentrations respond.
  const preparedByTable = new Lru<{ prepared: PreparedAnalysis; seconds: number }>(4);
  const preparedFor = (
    s: ScenarioRequest,
  ): { prepared: PreparedAnalysis; seconds: number; refactorised: boolean } => {
    if (s.finalDemand.length === 0 && s.trade.length === 0)
      return { prepared, seconds: 0, refactorised: false };
    const key = JSON.stringify([s.finalDemand, s.trade]);
    const v = preparedByTable.get(key, () => {
      const t = performance.now();
      let mrio: Dataset['mrio'];
      try {
        mrio = scaleDemandAndTrade(ds.mrio, s.finalDemand, s.trade);
      } catch (e) {
        throw new HttpError(422, `finalDemand/trade: ${(e as Error).message}`, 'trade');
      }
      const p = prepareAnalysis({ ...ds, mrio }, inputs.rsm, prepared.health);
      return {
        prepared: { ...p, baselineEmissions: prepared.baselineEmissions },
        seconds: (performance.now() - t) / 1000,
      };
    });
    return { ...v, refactorised: true };
  };

  const runOptions = (threshold: number): Scenario => ({
    thresholds: [threshold],
    headlineThreshold: threshold,
    draws: settings.draws,
    seed: settings.seed,
    pairwise: settings.pairwise,
    curveDraws: settings.draws,
    oneAtATime: settings.oneAtATime,
  });

  const runFull = (s: ScenarioRequest) => {
    const t = performance.now();
    const stagesExtra: Record<string, number> = {};
    const table = preparedFor(s);
    const base = table.prepared;
    let p = s.vsl === undefined ? base : { ...base, health: healthEvaluatorFrom(modelFor(s.vsl)) };
    let scalings = intensityScalings(s.intensity);
    if (!table.refactorised && scalings.length > 0 && scalingFactors(p, scalings).sectorSpecific) {
      const tb = performance.now();
      p = preparedWithScaledIntensities(p, basis, scalings);
      scalings = [];
      stagesExtra.intensityBasis = (performance.now() - tb) / 1000;
    }
    const result = runScenario(p, { ...runOptions(s.threshold), name: s.name, intensityScaling: scalings });
    const stages: Record<string, number> = { ...stagesExtra };
    for (const k of [
      'emissions',
      'airQualityAndHealth',
      'attribution',
      'pairwiseFlows',
      'mismatch',
      'roles',
      'compensation',
      'assembly',
    ])
      if (result.provenance.timings[k] !== undefined) stages[k] = result.provenance.timings[k]!;
    if (table.refactorised) stages.rebalanceAndDecompose = table.seconds;
    const view = toExplorerResult(result, s.threshold);
    const response: ExplorerResponse = {
      scenario: s,
      result: view,
      timing: {
        computeMs: performance.now() - t,
        path: table.refactorised
          ? 'refactorised'
          : s.intensity.length || s.vsl !== undefined || s.threshold !== 10
            ? 'intensity'
            : 'baseline',
        cached: false,
        stages,
      },
    };
    return { result, response };
  };
  const run = (s: ScenarioRequest): ExplorerResponse => runFull(s).response;

  const baselineScenario: ScenarioRequest = { threshold: 10, intensity: [], finalDemand: [], trade: [] };
  const { result: first, response: baseline } = runFull(baselineScenario);
  const labels = first.labels;
  const map = provinceMapFor(labels.regions, labels.regionCodes, labels.regionNamesLocal);
  const warnings = [...baseline.result.warnings];
  if (map.unmatched.length) warnings.push(`no map shape for: ${map.unmatched.join(', ')}`);
  const preset = ultraLowEmissionPreset(labels.sectors);
  const meta: ExplorerMeta = {
    dataset: {
      id: ds.provenance.id,
      title: ds.provenance.title,
      isDemonstration: ds.provenance.isDemonstration,
      note: ds.provenance.note,
    },
    airModel: first.provenance.airModel,
    healthModel: first.provenance.healthModel,
    regions: labels.regions,
    regionCodes: labels.regionCodes.map((c) => c ?? null),
    regionNamesLocal: labels.regionNamesLocal.map((c) => c ?? null),
    zoneOfRegion: labels.zoneOfRegion,
    sectors: labels.sectors,
    precursors: labels.precursors,
    currency: labels.currency,
    thresholds: [...EXPLORER_THRESHOLDS],
    defaultThreshold: 10,
    vsl: {
      default: vslParams.central * baseModel.vslPriceFactor,
      unit: labels.currency.label,
      note: `Reference VSL in ${labels.currency.label}, before the income-elasticity transfer across provinces (model default ${((vslParams.central * baseModel.vslPriceFactor) / 1e6).toFixed(2)} million; ${vslParams.source.split(':')[0]}). Blank = default.`,
    },
    presets: preset ? [preset] : [],
    limits: { maxFactor: MAX_FACTOR, maxRules: MAX_RULES, bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES },
    monteCarloDraws: settings.draws,
  };
  return {
    meta,
    mapJson: map.json,
    baseline: () => baseline,
    run,
    prepared,
    scenarioOptions: runOptions,
  };
}

/** sha256 of a file (first 16 hex), for the provenance line the server prints. */
export function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}

export const REPO_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
