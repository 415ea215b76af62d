import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ResponseSurface } from '../air/responseSurface.ts';
import { commonRatioRange } from '../air/validity.ts';
import { InfeasibleScenarioError } from '../analysis/demandTrade.ts';
import type { IntensityScaling } from '../analysis/emissionAccounts.ts';
import { healthEvaluatorFrom } from '../analysis/healthAdapter.ts';
import { PIPELINE_STAGES } from '../analysis/pipeline.ts';
import { type PreparedAnalysis, prepareAnalysis } from '../analysis/prepare.ts';
import type { RunResult } from '../analysis/runResult.ts';
import { runScenario, type Scenario } from '../analysis/scenario.ts';
import type { Dataset } from '../dataset/model.ts';
import { buildHealthModel } from '../health/index.ts';
import type { HealthOptions, HealthParameters } from '../health/types.ts';
import { InputError } from '../io/inputError.ts';
import { assertFiniteOutput } from '../io/outputGuard.ts';
import { PACKAGE_DATA_DIR } from '../io/packageData.ts';
import { PRECURSORS } from '../mrio/model.ts';
import type { ScenarioEngine } from './explorerApi.ts';
import { DEFAULT_EXPLORER_SETTINGS, type ExplorerSettings } from './explorerSettings.ts';
import {
  type ExplorerMeta,
  type ExplorerReply,
  type ExplorerResponse,
  slimAgainstBaseline,
  toExplorerResult,
} from './explorerView.ts';
import { HttpError } from './httpError.ts';
import { provinceMapFor } from './provinceMap.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from './requestBody.ts';
import { EXPLORER_THRESHOLDS, MAX_FACTOR, MAX_RULES, type ScenarioRequest } from './scenarioSchema.ts';
import { ultraLowEmissionPreset } from './ultraLowEmission.ts';
import { whatIfRefusal } from './whatIfRefusals.ts';

/** Everything an explorer session computes from (loaded once by `vchain serve`). */
export interface EngineInputs {
  readonly dataset: Dataset;
  readonly rsm: ResponseSurface;
  readonly healthParameters: HealthParameters;
  readonly healthOptions?: Partial<HealthOptions>;
}

export { DEFAULT_EXPLORER_SETTINGS, type ExplorerSettings } from './explorerSettings.ts';

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
  /**
   * Runs `count` intensity what-ifs (the preset retrofit, or a uniform SO2/NOx cut, on 1–5
   * provinces, every threshold) and discards them, so the JIT has compiled the live path
   * before the first user's what-if. Nothing is cached from them but what every what-if
   * builds on first use anyway (per-table terms). Returns seconds spent.
   */
  warmUp(count: number): number;
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
  // The live basis makes every intensity what-if solve-free (src/analysis/liveBasis.ts).
  const prepared = prepareAnalysis(inputs.dataset, inputs.rsm, healthEvaluatorFrom(baseModel), {
    live: true,
  });
  const ds = inputs.dataset;
  const vslParams = inputs.healthParameters.vsl;
  // Live mode unless the settings ask for what only the full path computes.
  const mode = settings.pairwise === 'removal' || settings.oneAtATime ? 'full' : 'live';

  const runOptions = (threshold: number): Scenario => ({
    thresholds: [threshold],
    headlineThreshold: threshold,
    draws: settings.draws,
    seed: settings.seed,
    pairwise: settings.pairwise,
    curveDraws: settings.draws,
    oneAtATime: settings.oneAtATime,
    mode,
  });

  const runFull = <V>(s: ScenarioRequest, toView: (r: RunResult) => V) => {
    const t = performance.now();
    let result: RunResult;
    try {
      result = runScenario(prepared, {
        ...runOptions(s.threshold),
        name: s.name,
        intensityScaling: intensityScalings(s.intensity),
        ...(s.vsl !== undefined ? { vsl: s.vsl } : {}),
        finalDemand: s.finalDemand,
        trade: s.trade,
      });
      assertFiniteOutput(result, 'the explorer reply'); // docs/explorer.md: no NaN or Infinity leaves
    } catch (e) {
      if (e instanceof InfeasibleScenarioError)
        throw new HttpError(
          422,
          `finalDemand/trade: ${e.message}`,
          s.trade.length > 0 ? 'trade' : 'finalDemand',
        );
      throw whatIfRefusal(e, s) ?? e;
    }
    const refactorised = s.finalDemand.length > 0 || s.trade.length > 0;
    const stages: Record<string, number> = {};
    // The pipeline's stages, with the what-if's re-balance in place of the baseline decomposition.
    for (const k of ['rebalanceAndDecompose', ...PIPELINE_STAGES.filter((st) => st !== 'decomposition')])
      if (result.provenance.timings[k] !== undefined) stages[k] = result.provenance.timings[k]!;
    const tv = performance.now();
    const view = toView(result);
    stages.view = (performance.now() - tv) / 1000;
    const response: Omit<ExplorerResponse, 'result'> & { readonly result: V } = {
      scenario: s,
      result: view,
      timing: {
        computeMs: performance.now() - t,
        path: refactorised
          ? 'refactorised'
          : s.intensity.length || s.vsl !== undefined || s.threshold !== 10
            ? 'intensity'
            : 'baseline',
        cached: false,
        stages,
        ...(result.provenance.evaluation ? { evaluation: result.provenance.evaluation } : {}),
      },
    };
    return { result, response };
  };
  // What equals the baseline is sent only with the baseline (explorerView.ts, SameAsBaseline).
  const run = (s: ScenarioRequest): ExplorerReply =>
    runFull(s, (r) => slimAgainstBaseline(toExplorerResult(r, s.threshold, first), baseline.result)).response;

  const baselineScenario: ScenarioRequest = { threshold: 10, intensity: [], finalDemand: [], trade: [] };
  const { result: first, response: baseline } = baselineRun(() =>
    runFull(baselineScenario, (r) => toExplorerResult(r, 10)),
  );
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
    limits: {
      maxFactor: MAX_FACTOR,
      maxRules: MAX_RULES,
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
      emissionRatio: commonRatioRange(inputs.rsm),
    },
    monteCarloDraws: settings.draws,
  };
  const warmUp = (count: number): number => {
    // Only the live path answers in milliseconds; full-mode what-ifs take seconds each.
    if (mode !== 'live') return 0;
    const t = performance.now();
    const G = labels.regions.length;
    const rules = preset?.rules ?? [{ sectors: 'all' as const, factors: { SO2: 0.5, NOx: 0.7 } }];
    for (let i = 0; i < count; i++) {
      const regions = [
        ...new Set(Array.from({ length: 1 + (i % 5) }, (_, k) => labels.regions[(i * 7 + k * 11) % G]!)),
      ];
      const scale = 0.8 + 0.4 * ((i * 0.618) % 1);
      run({
        threshold: EXPLORER_THRESHOLDS[i % EXPLORER_THRESHOLDS.length]!,
        intensity: rules.map((r) => ({
          regions,
          sectors: r.sectors === 'all' ? 'all' : [...r.sectors],
          factors: Object.fromEntries(
            Object.entries(r.factors).map(([p, f]) => [p, Math.min(MAX_FACTOR, (f ?? 1) * scale)]),
          ),
        })),
        finalDemand: [],
        trade: [],
      });
    }
    return (performance.now() - t) / 1000;
  };
  return {
    meta,
    mapJson: map.json,
    baseline: () => baseline,
    run,
    prepared,
    scenarioOptions: runOptions,
    warmUp,
  };
}

/** The explorer's baseline; a refusal here is the inputs' fault (exit 2 from `vchain serve`). */
function baselineRun<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof HttpError && e.status === 422)
      throw new InputError(
        'the explorer baseline (dataset and air-quality model)',
        e.message.replace(/^\(body\): /, ''),
      );
    throw e;
  }
}

/** sha256 of a file (first 16 hex), for the provenance line the server prints. */
export function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}

export const REPO_DATA_DIR = PACKAGE_DATA_DIR;
