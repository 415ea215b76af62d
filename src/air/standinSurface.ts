import { PRECURSORS } from '../mrio/model.ts';
import { designRng, latinHypercube, trainingDesign } from './design.ts';
import { evaluateOnRuns, type FitOptions, fitResponseSurface } from './fitting.ts';
import { PRECURSOR_COUNT, type ResponseSurface } from './responseSurface.ts';
import {
  runStandinDesign,
  STANDIN_LABEL,
  type StandinCalibration,
  type StandinCtm,
  standinConcentrations,
} from './standinCtm.ts';

export interface StandinBuildOptions {
  readonly seed: number;
  readonly train: number;
  readonly validate: number;
  readonly baselineEmissionsSource: string;
  readonly calibration: StandinCalibration;
  readonly fit?: FitOptions;
  readonly builtWith?: string;
}

/**
 * Trade-counterfactual check runs: every emission cut uniformly by 30, 45 and 60 %, plus
 * `random` runs with each ratio drawn uniformly in [0.4, 0.7] (separate random stream).
 */
export function tradeCounterfactualDesign(regionCount: number, seed: number, random = 12) {
  const nInputs = regionCount * PRECURSOR_COUNT;
  const uniform = [0.7, 0.55, 0.4];
  const ratios = new Float64Array((uniform.length + random) * nInputs);
  for (let k = 0; k < uniform.length; k++) ratios.fill(uniform[k], k * nInputs, (k + 1) * nInputs);
  ratios.set(latinHypercube(random, nInputs, 0.4, 0.7, designRng(seed, 2)), uniform.length * nInputs);
  const names = [
    ...uniform.map((e) => `uniform_cut_${Math.round((1 - e) * 100)}pct`),
    ...Array.from({ length: random }, (_, k) => `cut_30_60_${k + 1}`),
  ];
  return { names, ratios };
}

/**
 * The default pf-ERSM as the paper built it, with the STAND-IN CTM in place of CMAQ: `train`
 * runs (boundary runs + Latin hypercube over [0, 1.5] for all G·5 inputs), `validate`
 * independent runs, and trade-counterfactual checks. Deterministic for a given seed.
 */
export async function buildStandinResponseSurface(
  ctm: StandinCtm,
  o: StandinBuildOptions,
): Promise<ResponseSurface> {
  const G = ctm.regions.length;
  const { training, validation } = trainingDesign(G, PRECURSORS, o.train, o.validate, o.seed);
  const trainRuns = runStandinDesign(ctm, training.names, training.ratios);
  const valRuns = runStandinDesign(ctm, validation.names, validation.ratios);
  const tc = tradeCounterfactualDesign(G, o.seed);
  const tcRuns = runStandinDesign(ctm, tc.names, tc.ratios);
  const baseline = standinConcentrations(ctm, new Float64Array(G * PRECURSOR_COUNT).fill(1));
  const model = await fitResponseSurface(
    trainRuns,
    {
      baselineEmissions: ctm.baselineEmissions,
      baselineConcentration: { regions: ctm.regions, unit: 'µg/m³', values: baseline },
      provenance: {
        ctmKind: 'standin',
        label: STANDIN_LABEL,
        description:
          'pf-ERSM fitted to a reduced-form STAND-IN chemical transport model (one box per province, distance/wind ' +
          'transport, sulfate–nitrate–ammonium with ammonia limitation, SOA, primary PM, background), calibrated to ' +
          'observed 2017 provincial PM2.5. It is NOT CMAQ and NOT the paper’s ABaCAS pf-ERSM; use it for ' +
          'demonstration and method checks only. See docs/air.md and data/air/PROVENANCE.md.',
        baselineEmissionsSource: o.baselineEmissionsSource,
        seed: o.seed,
        validationRuns: o.validate,
        design: `${training.names.length} training runs (${training.names.filter((n) => !n.startsWith('lhs_')).length} boundary runs + Latin hypercube over [0, 1.5] for ${G * PRECURSOR_COUNT} inputs), ${o.validate} independent Latin-hypercube validation runs, ${tc.names.length} trade-counterfactual runs (cuts 30–60 %); seed ${o.seed}`,
        builtWith: o.builtWith ?? 'vchain rsm build --ctm standin',
      },
    },
    o.fit,
  );
  const independent =
    o.validate > 0 ? evaluateOnRuns(model, valRuns, `${o.validate} independent validation runs`) : undefined;
  const tradeCounterfactual = evaluateOnRuns(
    model,
    tcRuns,
    'trade counterfactual (all emissions cut 30–60 %)',
  );
  const c = o.calibration;
  return {
    ...model,
    validation: {
      ...model.validation,
      independent,
      tradeCounterfactual,
      calibration: {
        observedSource: c.observedSource,
        rBeforeCalibration: c.rBeforeCalibration,
        nmbBeforeCalibration: c.nmbBeforeCalibration,
        r: c.r,
        nmb: c.nmb,
      },
    },
  };
}
