import { describe, expect, it } from 'vitest';
import { concentrationChange, predictConcentrations } from '../../src/air/prediction.ts';
import { PRECURSOR_COUNT } from '../../src/air/responseSurface.ts';
import { healthEvaluatorFrom } from '../../src/analysis/healthAdapter.ts';
import { prepareAnalysis } from '../../src/analysis/prepare.ts';
import { runScenario } from '../../src/analysis/scenario.ts';
import {
  buildProvincialFromInputs,
  readProvincialInputs,
} from '../../src/dataset/china2017ProvincialBuild.ts';
import { datasetFromProvincialParts } from '../../src/dataset/provincialDataset.ts';
import { buildHealthModel } from '../../src/health/model.ts';
import { DEFAULT_HEALTH_OPTIONS } from '../../src/health/types.ts';
import { loadDefaultDataset } from '../../src/io/defaultDataset.ts';
import { loadHealthParameters } from '../../src/io/healthParameters.ts';
import { PACKAGE_DATA_DIR } from '../../src/io/packageData.ts';
import { loadDefaultResponseSurface } from '../../src/io/responseSurfaceFile.ts';
import { PRECURSORS, type SatelliteAccount } from '../../src/mrio/model.ts';
import {
  ChainEvaluator,
  drawScenario,
  oneDrawHealthModel,
  perturbedSurface,
  scaledEmissions,
  surfaceErrorSd,
} from '../../src/uncertainty/chain.ts';
import { recipeInputs } from '../../src/uncertainty/plan.ts';

const D = PACKAGE_DATA_DIR;
const rsm = loadDefaultResponseSurface();

describe('one draw of the chain, piece by piece', () => {
  it('surface error: σ_i = √(π/2)·NME of ΔC of the trade-counterfactual validation runs', () => {
    const { sd, block } = surfaceErrorSd(rsm);
    expect(block).toBe('tradeCounterfactual');
    rsm.regions.forEach((region, i) => {
      const m = rsm.validation.tradeCounterfactual!.perRegion.find((r) => r.region === region)!;
      expect(sd[i]).toBeCloseTo(Math.sqrt(Math.PI / 2) * m.changeNme, 15);
    });
  });

  it('the perturbed surface keeps C⁰ and scales each receptor’s change by 1 + σ_i·z', () => {
    const G = rsm.regions.length;
    const sd = Float64Array.from({ length: G }, (_, i) => 0.01 * (1 + (i % 4)));
    const p = perturbedSurface(rsm, sd, 1.7);
    const ratios = Object.fromEntries(
      PRECURSORS.map((q, k) => [q, Float64Array.from({ length: G }, (_, j) => 0.4 + 0.02 * ((j + k) % 7))]),
    ) as Record<(typeof PRECURSORS)[number], Float64Array>;
    const e = { regions: rsm.regions, ratios };
    const base = {
      regions: rsm.regions,
      ratios: Object.fromEntries(PRECURSORS.map((q) => [q, new Float64Array(G).fill(1)])) as typeof ratios,
    };
    expect(Array.from(predictConcentrations(p, base).values)).toEqual(
      Array.from(rsm.baselineConcentration.values),
    );
    const d0 = concentrationChange(rsm, e).values;
    const d1 = concentrationChange(p, e).values;
    for (let i = 0; i < G; i++) expect(d1[i]).toBeCloseTo(d0[i] * (1 + sd[i] * 1.7), 10);
    expect(PRECURSOR_COUNT).toBe(5);
  });

  it('emission factors: a sector row beats the precursor’s * row; households scale direct emissions', () => {
    const N = 42;
    const sat = (precursor: 'SO2' | 'NOx'): SatelliteAccount => ({
      name: precursor,
      unit: 't',
      kind: 'emission',
      precursor,
      values: new Float64Array(2 * N).fill(1),
      direct: Float64Array.of(5, 7),
    });
    const other: SatelliteAccount = {
      name: 'jobs',
      unit: 'p',
      kind: 'employment',
      values: new Float64Array(2 * N).fill(3),
    };
    const rows = [
      { precursor: 'SO2' as const, sector: '*' as const, low: 0, high: 0, source: '' },
      { precursor: 'SO2' as const, sector: 'power' as const, low: 0, high: 0, source: '' },
      { precursor: 'SO2' as const, sector: 'households' as const, low: 0, high: 0, source: '' },
    ];
    const out = scaledEmissions([sat('SO2'), sat('NOx'), other], rows, [2, 3, 0.5], N);
    for (let cell = 0; cell < 2 * N; cell++) expect(out[0].values[cell]).toBe(cell % N === 23 ? 3 : 2);
    expect(Array.from(out[0].direct!)).toEqual([2.5, 3.5]);
    // NOx has no row: factor 1 everywhere
    expect(Array.from(out[1].values)).toEqual(Array.from(new Float64Array(2 * N).fill(1)));
    expect(Array.from(out[1].direct!)).toEqual([5, 7]);
    expect(out[2]).toBe(other);
  });

  it('the one-draw health model takes its ERF draw from one seed and its VSL and unit values from the other', () => {
    const params = loadHealthParameters({ dataDir: D });
    const m = oneDrawHealthModel(params, 11, 22, [10]);
    const e = buildHealthModel(params, { draws: 1, seed: 11, thresholds: [10] });
    const v = buildHealthModel(params, { draws: 1, seed: 22, thresholds: [10] });
    expect(m.vsl[0]).toBe(v.vsl[0]);
    expect(m.curves[0].p1[0]).toBe(e.curves[0].p1[0]);
    m.morbidity.forEach((x, i) => {
      expect(x.beta[0]).toBe(e.morbidity[i].beta[0]);
      expect(x.unitValue?.[0]).toBe(v.morbidity[i].unitValue?.[0]);
    });
  });
});

describe('the chain at the recipe’s own choices', () => {
  it('rebuilds the embedded default bit for bit and gives vchain run’s headline numbers', () => {
    const inputs = readProvincialInputs(`${D}sources`, `${D}maps`, 'meic2017');
    const rebuilt = datasetFromProvincialParts(
      buildProvincialFromInputs(inputs, { scaleToNational: false }).parts,
    );
    const stored = loadDefaultDataset();
    expect(Buffer.from(rebuilt.mrio.Z.data.buffer).equals(Buffer.from(stored.mrio.Z.data.buffer))).toBe(true);
    expect(Array.from(rebuilt.mrio.x)).toEqual(Array.from(stored.mrio.x));
    expect(Array.from(rebuilt.mrio.finalDemand.Y.data)).toEqual(Array.from(stored.mrio.finalDemand.Y.data));
    stored.mrio.satellites.forEach((s, k) => {
      expect(Array.from(rebuilt.mrio.satellites[k].values)).toEqual(Array.from(s.values));
    });

    const health = loadHealthParameters({ dataDir: D, regions: stored.mrio.regions });
    const model = buildHealthModel(health, {
      draws: 50,
      seed: DEFAULT_HEALTH_OPTIONS.seed,
      thresholds: [10],
    });
    const rows = [{ precursor: 'SO2' as const, sector: '*' as const, low: -0.1, high: 0.1, source: '' }];
    const ev = new ChainEvaluator({
      provincial: inputs,
      rsm,
      surfaceSd: surfaceErrorSd(rsm).sd,
      health,
      emissionRows: rows,
      headlineThreshold: 10,
    });
    const viaChain = ev.evaluate({ ...recipeInputs(rows), exposureResponseSeed: 0, valuationSeed: 0 }, model);
    const direct = runScenario(prepareAnalysis(stored, rsm, healthEvaluatorFrom(model)), drawScenario(10));
    expect(viaChain.headline).toEqual(direct.headline);
  });
});
