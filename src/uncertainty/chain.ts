import type { ReceptorMetrics, ResponseSurface } from '../air/responseSurface.ts';
import { healthEvaluatorFrom } from '../analysis/healthAdapter.ts';
import { type PreparedAnalysis, prepareAnalysis } from '../analysis/prepare.ts';
import type { HeadlineRow, RunResult } from '../analysis/runResult.ts';
import { runScenario, type Scenario } from '../analysis/scenario.ts';
import { buildProvincialFromInputs, type ProvincialInputs } from '../dataset/china2017ProvincialBuild.ts';
import type { Dataset } from '../dataset/model.ts';
import { datasetFromProvincialParts } from '../dataset/provincialDataset.ts';
import { buildHealthModel, type HealthModel } from '../health/model.ts';
import type { HealthParameters } from '../health/types.ts';
import type { SatelliteAccount } from '../mrio/model.ts';
import type { DrawInputs, EmissionUncertaintyRow, InventorySector } from './plan.ts';

/**
 * One evaluation of the whole chain for a set of drawn inputs (docs/uncertainty.md, "What a draw
 * re-runs"): the MRIO rebuilt from the provincial tables with the drawn trade model, the emission
 * accounts scaled by the drawn inventory factors, the pf-ERSM with the drawn prediction error, a
 * one-draw health model (the drawn ERF draw, morbidity coefficients, VSL and unit values), then
 * the analysis: LU, decomposition, trade counterfactual, PM2.5, health, attribution, mismatch,
 * roles, compensation, headline table. Pairwise damage flows use the additive per-tonne variant
 * (per-flow removal, G(G−1) more surface evaluations, is dropped per draw).
 */
export interface ChainSetup {
  readonly provincial: ProvincialInputs;
  readonly rsm: ResponseSurface;
  /** Relative SD of each receptor's predicted change (surfaceErrorSd). */
  readonly surfaceSd: Float64Array;
  readonly health: HealthParameters;
  readonly emissionRows: readonly EmissionUncertaintyRow[];
  readonly headlineThreshold: number;
}

/** The scenario of every draw: headline threshold only, additive flows, no one-at-a-time runs. */
export function drawScenario(threshold: number): Scenario {
  return {
    name: 'uncertainty draw',
    thresholds: [threshold],
    headlineThreshold: threshold,
    pairwise: 'linear',
    oneAtATime: false,
  };
}

/**
 * Relative SD of the surface's predicted change per receptor, from the model file's validation
 * metrics: σ_i = √(π/2) · NME_i of ΔC (the mean absolute error of a normal error is σ·√(2/π)),
 * from the runs nearest the trade counterfactual when the file has them, else the independent
 * validation runs, else the cross-validation. Zero (and the block named 'none') without metrics.
 */
export function surfaceErrorSd(rsm: ResponseSurface): { sd: Float64Array; block: string } {
  const v = rsm.validation;
  const pick: [string, readonly ReceptorMetrics[] | undefined][] = [
    ['tradeCounterfactual', v.tradeCounterfactual?.perRegion],
    ['independent', v.independent?.perRegion],
    ['crossValidation', v.crossValidation?.perRegion],
  ];
  const G = rsm.regions.length;
  for (const [block, rows] of pick) {
    if (!rows || rows.length === 0) continue;
    const byRegion = new Map(rows.map((r) => [r.region, r]));
    const sd = new Float64Array(G);
    rsm.regions.forEach((region, i) => {
      const m = byRegion.get(region);
      sd[i] = m && Number.isFinite(m.changeNme) ? Math.sqrt(Math.PI / 2) * m.changeNme : 0;
    });
    return { sd, block };
  }
  return { sd: new Float64Array(G), block: 'none' };
}

/** The surface with each receptor's response scaled by max(0, 1 + σ_i·z): C⁰ is kept exactly. */
export function perturbedSurface(rsm: ResponseSurface, sd: Float64Array, z: number): ResponseSurface {
  if (z === 0) return rsm;
  return {
    ...rsm,
    receptors: rsm.receptors.map((r, i) => {
      const f = Math.max(0, 1 + sd[i] * z);
      return { terms: r.terms, coefficients: Float64Array.from(r.coefficients, (c) => c * f) };
    }),
  };
}

/** Inventory sector of each NBS-42 sector (0-based): 01 agriculture, 24 power, 29 transport. */
export function inventorySectorOf(sector: number): Exclude<InventorySector, 'households'> {
  if (sector === 0) return 'agriculture';
  if (sector === 23) return 'power';
  if (sector === 28) return 'transport';
  return 'industry';
}

/** Emission satellites scaled by the drawn factors (a sector's own row, else its precursor's '*' row). */
export function scaledEmissions(
  satellites: readonly SatelliteAccount[],
  rows: readonly EmissionUncertaintyRow[],
  factors: readonly number[],
  N: number,
): SatelliteAccount[] {
  return satellites.map((s) => {
    if (s.kind !== 'emission' || !s.precursor) return s;
    const factorOf = (sector: InventorySector): number => {
      let k = rows.findIndex((r) => r.precursor === s.precursor && r.sector === sector);
      if (k < 0) k = rows.findIndex((r) => r.precursor === s.precursor && r.sector === '*');
      return k < 0 ? 1 : factors[k];
    };
    const bySector = Array.from({ length: N }, (_, j) => factorOf(inventorySectorOf(j)));
    const values = Float64Array.from(s.values, (v, cell) => v * bySector[cell % N]);
    const household = factorOf('households');
    return {
      ...s,
      values,
      ...(s.direct ? { direct: Float64Array.from(s.direct, (v) => v * household) } : {}),
    };
  });
}

/**
 * A one-draw health model whose exposure–response draw (IER joint draw or GEMM θ, morbidity
 * coefficients and incidences) comes from seed `er` and whose valuation (VSL, unit values per
 * case) from seed `val`: two one-draw models of src/health, combined.
 */
export function oneDrawHealthModel(
  params: HealthParameters,
  er: number,
  val: number,
  thresholds: readonly number[],
): HealthModel {
  const mE = buildHealthModel(params, { draws: 1, seed: er, thresholds });
  const mV = buildHealthModel(params, { draws: 1, seed: val, thresholds });
  return {
    ...mE,
    vsl: mV.vsl,
    morbidity: mE.morbidity.map((m, i) => ({ ...m, unitValue: mV.morbidity[i].unitValue })),
  };
}

/**
 * Evaluates draws of one chain; the rebuilt dataset and the prepared analysis are kept for the
 * evaluations of the same draw that share them (A and its hybrids share A's trade model).
 */
export class ChainEvaluator {
  private readonly datasets = new Map<string, Dataset>();
  private readonly prepared = new Map<string, PreparedAnalysis>();

  constructor(private readonly setup: ChainSetup) {}

  /** Forget the cached tables (call between draws; a draw needs at most two trade variants). */
  clear(): void {
    this.datasets.clear();
    this.prepared.clear();
  }

  /** The full result of one evaluation; `healthModel` overrides the one-draw model (reference run). */
  evaluate(inputs: DrawInputs, healthModel?: HealthModel): RunResult {
    const s = this.setup;
    const tradeKey = JSON.stringify(inputs.trade);
    let dataset = this.datasets.get(tradeKey);
    if (!dataset) {
      dataset = datasetFromProvincialParts(
        buildProvincialFromInputs(s.provincial, { scaleToNational: false, ...inputs.trade }).parts,
      );
      this.datasets.set(tradeKey, dataset);
    }
    const health = healthEvaluatorFrom(
      healthModel ??
        oneDrawHealthModel(s.health, inputs.exposureResponseSeed, inputs.valuationSeed, [
          s.headlineThreshold,
        ]),
    );
    // The decomposition depends on the table and the satellites only; the surface and the health
    // model enter at the scenario, so hybrids that differ only there share one prepared analysis.
    const key = `${tradeKey}|${inputs.emissionFactors.join(',')}`;
    let prepared = this.prepared.get(key);
    if (!prepared) {
      const N = dataset.mrio.sectors.length;
      const satellites = scaledEmissions(dataset.mrio.satellites, s.emissionRows, inputs.emissionFactors, N);
      prepared = prepareAnalysis({ ...dataset, mrio: { ...dataset.mrio, satellites } }, s.rsm, health);
      this.prepared.set(key, prepared);
    }
    const run: PreparedAnalysis = {
      ...prepared,
      rsm: perturbedSurface(s.rsm, s.surfaceSd, inputs.surfaceZ),
      health,
    };
    return runScenario(run, drawScenario(s.headlineThreshold));
  }
}

/** Headline values by row id (null where the run could not compute one). */
export function headlineValues(rows: readonly HeadlineRow[]): Map<string, number | null> {
  return new Map(rows.map((r) => [r.id, r.run]));
}
