import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ResponseSurface } from '../air/responseSurface.ts';
import { commonRatioRange } from '../air/validity.ts';
import { InfeasibleScenarioError } from '../analysis/demandTrade.ts';
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
import { hasNoLevers, scenarioLevers } from '../io/scenarioFile.ts';
import type { ScenarioEngine } from './explorerApi.ts';
import { DEFAULT_EXPLORER_SETTINGS, type ExplorerSettings } from './explorerSettings.ts';
import {
  type ExplorerConventions,
  type ExplorerMeta,
  type ExplorerReply,
  type ExplorerReplyResult,
  type ExplorerResponse,
  type ExplorerResult,
  slimAgainstBaseline,
  toExplorerResult,
} from './explorerView.ts';
import { HttpError } from './httpError.ts';
import { provinceMapFor } from './provinceMap.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from './requestBody.ts';
import {
  EXPLORER_THRESHOLDS,
  MAX_FACTOR,
  MAX_RULES,
  type ScenarioConventions,
  type ScenarioRequest,
} from './scenarioSchema.ts';
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

/** The engine with what it was built from, for checks against the analysis's own paths. */
export interface AnalysisEngine extends ScenarioEngine {
  readonly prepared: PreparedAnalysis;
  /** The runScenario options every explorer run uses under some conventions (default: the baseline's). */
  scenarioOptions(conventions?: ScenarioConventions | number): Scenario;
  /**
   * Runs `count` intensity what-ifs (the preset retrofit, or a uniform SO2/NOx cut, on 1–5
   * provinces, every threshold) and discards them, so the JIT has compiled the live path
   * before the first user's what-if. Nothing is cached from them but what every what-if
   * builds on first use anyway (per-table terms). Returns seconds spent.
   */
  warmUp(count: number): number;
}

const ERF_CHOICES = [
  { id: 'ier2015', label: 'GBD 2015 IER (the paper’s)' },
  { id: 'ier2017', label: 'GBD 2017 IER' },
  { id: 'gemm', label: 'GEMM (Burnett et al. 2018)' },
] as const;
const ACCOUNTING_CHOICES = [
  { id: 'difference', label: 'difference of burdens' },
  { id: 'pif', label: 'impact fraction (PIF)' },
] as const;
const READING_CHOICES = [
  { id: 'floor', label: 'floor' },
  { id: 'shift', label: 'shift' },
  { id: 'ratio', label: 'ratio RR(C)/RR(C₀)' },
  { id: 'gbd-tmrel', label: 'GBD TMREL' },
] as const;

/** Baselines kept per convention set (the default's is kept too). */
const BASELINES = 8;

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
  const baseHealth = healthEvaluatorFrom(baseModel);
  const prepared = prepareAnalysis(inputs.dataset, inputs.rsm, baseHealth, { live: true });
  const ds = inputs.dataset;
  // Live mode unless the settings ask for what only the full path computes.
  const mode = settings.pairwise === 'removal' || settings.oneAtATime ? 'full' : 'live';
  const seed = baseHealth.seed;
  const money = baseHealth.moneyUnit;
  const defaults = baseHealth.conventions!;

  /** The conventions of a request with every default filled in. */
  const resolve = (c: ScenarioConventions = {}): ExplorerConventions => {
    const threshold = c.threshold ?? 10;
    const vsl = c.vsl ?? defaults.vsl;
    const erf = c.erf ?? defaults.erf;
    const accounting = c.accounting ?? defaults.accounting;
    const thresholdReading = c.thresholdReading ?? defaults.thresholdReading;
    return {
      threshold,
      vsl,
      erf,
      accounting,
      thresholdReading,
      draws: settings.draws,
      seed,
      label: `${threshold} µg/m³ (${thresholdReading}), VSL ${Number((vsl / 1e6).toPrecision(3))} million ${money}, ${erf}, ${accounting}`,
    };
  };
  const runOptions = (c: ExplorerConventions): Scenario => ({
    thresholds: [c.threshold],
    headlineThreshold: c.threshold,
    draws: settings.draws,
    seed: settings.seed,
    pairwise: settings.pairwise,
    curveDraws: settings.draws,
    oneAtATime: settings.oneAtATime,
    mode,
    erf: c.erf,
    accounting: c.accounting,
    thresholdReading: c.thresholdReading,
    ...(c.vsl !== defaults.vsl ? { vsl: c.vsl } : {}),
  });
  const keyOf = (c: ExplorerConventions) =>
    JSON.stringify([c.threshold, c.vsl, c.erf, c.accounting, c.thresholdReading]);

  const compute = (s: ScenarioRequest, c: ExplorerConventions): RunResult => {
    try {
      const result = runScenario(prepared, { ...runOptions(c), ...scenarioLevers(s) });
      assertFiniteOutput(result, 'the explorer reply'); // docs/explorer.md: no NaN or Infinity leaves
      return result;
    } catch (e) {
      if (e instanceof InfeasibleScenarioError)
        throw new HttpError(
          422,
          `finalDemand/trade: ${e.message}`,
          s.trade.length > 0 ? 'trade' : 'finalDemand',
        );
      throw whatIfRefusal(e, s) ?? e;
    }
  };
  const stagesOf = (result: RunResult): Record<string, number> => {
    const stages: Record<string, number> = {};
    // The pipeline's stages, with the what-if's re-balance in place of the baseline decomposition.
    for (const k of ['rebalanceAndDecompose', ...PIPELINE_STAGES.filter((st) => st !== 'decomposition')])
      if (result.provenance.timings[k] !== undefined) stages[k] = result.provenance.timings[k]!;
    return stages;
  };

  /** The baseline (no policy lever) under conventions `c`: computed once per convention set. */
  const baselines = new Map<string, { result: RunResult; response: ExplorerResponse }>();
  const baselineFor = (c: ExplorerConventions) => {
    const key = keyOf(c);
    const hit = baselines.get(key);
    if (hit) {
      baselines.delete(key);
      baselines.set(key, hit);
      return hit;
    }
    const t = performance.now();
    const request: ScenarioRequest = {
      conventions: conventionsOf(c),
      intensity: [],
      finalDemand: [],
      trade: [],
    };
    const result = baselineRun(() => compute(request, c));
    const tv = performance.now();
    const view: ExplorerResult = { ...toExplorerResult(result, c.threshold), conventions: c };
    const entry = {
      result,
      response: {
        scenario: request,
        result: view,
        timing: {
          computeMs: performance.now() - t,
          path: 'baseline' as const,
          cached: false,
          stages: { ...stagesOf(result), view: (performance.now() - tv) / 1000 },
          ...(result.provenance.evaluation ? { evaluation: result.provenance.evaluation } : {}),
        },
      },
    };
    baselines.set(key, entry);
    if (baselines.size > BASELINES) {
      // Never drop the default conventions' baseline (GET /api/baseline).
      const oldest = [...baselines.keys()].find((k) => k !== defaultKey);
      if (oldest !== undefined) baselines.delete(oldest);
    }
    return entry;
  };

  // What equals the baseline is sent only with the baseline (explorerView.ts, SameAsBaseline).
  const run = (s: ScenarioRequest): ExplorerReply => {
    const c = resolve(s.conventions);
    const base = baselineFor(c);
    // Conventions only: the baseline of those conventions, never a "change".
    if (hasNoLevers(s)) return { ...base.response, scenario: s };
    const t = performance.now();
    const result = compute(s, c);
    const tv = performance.now();
    const view: ExplorerReplyResult = {
      ...slimAgainstBaseline(toExplorerResult(result, c.threshold, base.result), base.response.result),
      conventions: c,
    };
    const stages = { ...stagesOf(result), view: (performance.now() - tv) / 1000 };
    return {
      scenario: s,
      result: view,
      timing: {
        computeMs: performance.now() - t,
        path: s.finalDemand.length > 0 || s.trade.length > 0 ? 'refactorised' : 'intensity',
        cached: false,
        stages,
        ...(result.provenance.evaluation ? { evaluation: result.provenance.evaluation } : {}),
      },
    };
  };

  const defaultConventions = resolve({});
  const defaultKey = keyOf(defaultConventions);
  const first = baselineFor(defaultConventions);
  const baseline = first.response;
  const labels = first.result.labels;
  const map = provinceMapFor(labels.regions, labels.regionCodes, labels.regionNamesLocal);
  const warnings = [...baseline.result.warnings];
  if (map.unmatched.length) warnings.push(`no map shape for: ${map.unmatched.join(', ')}`);
  const preset = ultraLowEmissionPreset(labels.sectors);
  const vslParams = inputs.healthParameters.vsl;
  const meta: ExplorerMeta = {
    dataset: {
      id: ds.provenance.id,
      title: ds.provenance.title,
      isDemonstration: ds.provenance.isDemonstration,
      note: ds.provenance.note,
    },
    airModel: first.result.provenance.airModel,
    healthModel: first.result.provenance.healthModel,
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
      default: defaults.vsl,
      unit: labels.currency.label,
      note: `Reference VSL in ${labels.currency.label}, before the income-elasticity transfer across provinces: the mean of its Monte Carlo distribution (model default ${(defaults.vsl / 1e6).toFixed(2)} million; ${vslParams.source.split(':')[0]}). Blank = default.`,
    },
    conventions: {
      defaults: defaultConventions,
      erf: ERF_CHOICES.filter((e) => hasErf(inputs, e.id)),
      accounting: ACCOUNTING_CHOICES,
      thresholdReading: READING_CHOICES,
    },
    reproduce: {
      draws: settings.draws,
      seed,
      inputArgs: settings.inputArgs ?? [],
      note: `The explorer computes every run with ${settings.draws} Monte Carlo draws (seed ${seed}, common random numbers) and ${settings.pairwise === 'removal' ? 'per-flow removal' : settings.pairwise === 'linear' ? 'additive per-tonne' : 'no'} damage flows, so a what-if answers in milliseconds; \`vchain run\` uses 1000 draws and per-flow removal. Means therefore differ by the Monte Carlo error of ${settings.draws} draws (a few per cent), and the damage flows by method. Save a scenario and run the command shown to reproduce these numbers exactly (--draws ${settings.draws}) or at full precision.`,
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
        conventions: { threshold: EXPLORER_THRESHOLDS[i % EXPLORER_THRESHOLDS.length]! },
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
    scenarioOptions: (c?: ScenarioConventions | number) =>
      runOptions(resolve(typeof c === 'number' ? { threshold: c as 5 | 10 | 15 } : c)),
    warmUp,
  };
}

/** The request conventions that give `c` (every one stated). */
function conventionsOf(c: ExplorerConventions): ScenarioConventions {
  return {
    threshold: c.threshold as 5 | 10 | 15,
    vsl: c.vsl,
    erf: c.erf,
    accounting: c.accounting,
    thresholdReading: c.thresholdReading,
  };
}

function hasErf(inputs: EngineInputs, erf: string): boolean {
  const p = inputs.healthParameters;
  return erf === 'gemm'
    ? p.gemm !== undefined
    : erf === 'ier2017'
      ? p.ier2017 !== undefined
      : p.ier2015 !== undefined;
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
