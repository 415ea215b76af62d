import { shapleyBySource } from '../src/air/attribution.ts';
import { trainingDesign } from '../src/air/design.ts';
import { fitResponseSurface } from '../src/air/fitting.ts';
import { predictScenarioBatch } from '../src/air/prediction.ts';
import type { EmissionRatios } from '../src/air/responseSurface.ts';
import { buildStandinCtm, runStandinDesign, standinConcentrations } from '../src/air/standinCtm.ts';
import {
  loadDefaultResponseSurface,
  readObservedPm25,
  readStandinBaselineEmissions,
  readStandinGeography,
  STANDIN_SOURCES,
} from '../src/io/responseSurfaceFile.ts';
import { PRECURSORS, type Precursor } from '../src/mrio/model.ts';

/** pf-ERSM: fitting 31 receptors on 805 runs, prediction throughput, Shapley attribution. */
export async function run(): Promise<void> {
  const { codes, observed } = readObservedPm25();
  const { ctm } = buildStandinCtm(
    readStandinGeography(codes, observed.regions),
    readStandinBaselineEmissions(),
    observed,
    STANDIN_SOURCES.observed,
  );
  const G = ctm.regions.length;
  const { training } = trainingDesign(G, PRECURSORS, 805, 0, 2017);
  let t0 = performance.now();
  const runs = runStandinDesign(ctm, training.names, training.ratios);
  const tCtm = performance.now() - t0;
  const base = standinConcentrations(ctm, new Float64Array(G * 5).fill(1));
  t0 = performance.now();
  let cpu0 = process.cpuUsage();
  const fitted = await fitResponseSurface(
    runs,
    {
      baselineEmissions: ctm.baselineEmissions,
      baselineConcentration: { regions: ctm.regions, unit: 'µg/m³', values: base },
      provenance: {
        ctmKind: 'standin',
        label: ctm.label,
        description: 'bench',
        baselineEmissionsSource: 'bench',
        validationRuns: 0,
        design: 'bench',
        builtWith: 'bench',
      },
    },
    { folds: 0 },
  );
  const tFit = performance.now() - t0;
  const cpuFit = process.cpuUsage(cpu0).user / 1e6;
  const nTerms = fitted.receptors.reduce((a, r) => a + r.terms.length, 0);
  console.log(
    `air: stand-in CTM 805 runs ${tCtm.toFixed(0)} ms; fit 31 receptors on 805 runs (stepwise + QR, no CV) ${(tFit / 1000).toFixed(2)} s wall, ${cpuFit.toFixed(2)} s CPU, ${nTerms} terms (${(nTerms / G).toFixed(0)} per receptor)`,
  );

  const model = loadDefaultResponseSurface();
  const nScen = 20_000;
  const deltas = new Float64Array(nScen * G * 5);
  for (let k = 0; k < deltas.length; k++) deltas[k] = ((k * 2654435761) % 1000) / 1000 - 0.6;
  predictScenarioBatch(model, deltas.subarray(0, 200 * G * 5)); // warm-up
  t0 = performance.now();
  cpu0 = process.cpuUsage();
  predictScenarioBatch(model, deltas);
  const tPred = (performance.now() - t0) / 1000;
  const cpuPred = process.cpuUsage(cpu0).user / 1e6;
  const terms = model.receptors.reduce((a, r) => a + r.terms.length, 0);
  console.log(
    `air: prediction ${((nScen * G) / tPred / 1e6).toFixed(2)} M receptor evaluations/s wall, ${((nScen * G) / cpuPred / 1e6).toFixed(2)} M per CPU-second (${nScen} scenarios × ${G} receptors, ${(terms / G).toFixed(0)} terms/receptor, 1 core)`,
  );

  const ratios = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) ratios[p] = Float64Array.from(model.regions, (_, j) => 0.4 + 0.01 * j);
  const scen: EmissionRatios = { regions: model.regions, ratios };
  shapleyBySource(model, scen, 'input');
  const reps = 50;
  for (const players of ['input', 'province'] as const) {
    t0 = performance.now();
    for (let k = 0; k < reps; k++) shapleyBySource(model, scen, players);
    console.log(
      `air: Shapley attribution (${players}) of one scenario ${((performance.now() - t0) / reps).toFixed(2)} ms`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
