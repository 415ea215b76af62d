import { zeros } from '../linalg/matrix.ts';
import type { Precursor, RegionMatrix, RegionVector } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';
import {
  CONCENTRATION_UNIT,
  compileSurface,
  type EmissionRatios,
  evaluateCompiled,
  fillPowerTable,
  PRECURSOR_COUNT,
  type ResponseSurface,
  ratioChanges,
} from './responseSurface.ts';
import { assertWithinTrainingRange, NegativeConcentrationError } from './validity.ts';

/** Annual-mean PM2.5 per receptor region (µg/m³) at the given emission ratios (METHODS §5). */
export function predictConcentrations(model: ResponseSurface, ratios: EmissionRatios): RegionVector {
  const c = compileSurface(model);
  const P = new Float64Array(3 * c.nInputs);
  fillPowerTable(ratioChanges(model, ratios), c.nInputs, P);
  const out = new Float64Array(c.nReceptors);
  evaluateCompiled(c, P, out);
  return { regions: model.regions, unit: CONCENTRATION_UNIT, values: out };
}

/**
 * Concentrations where the surface is valid (docs/air.md): every ratio inside the training range
 * (else ExtrapolationError) and no receptor below 0 µg/m³ (else NegativeConcentrationError).
 * `scenario` names the emissions in the error, e.g. 'the trade counterfactual'.
 */
export function predictValidConcentrations(
  model: ResponseSurface,
  ratios: EmissionRatios,
  scenario: string,
): RegionVector {
  assertWithinTrainingRange(model, ratios, scenario);
  const c = predictConcentrations(model, ratios);
  for (let i = 0; i < c.values.length; i++)
    if (!(c.values[i] >= 0)) throw new NegativeConcentrationError(model.regions[i], c.values[i], scenario);
  return c;
}

/** ΔC_i = C_i(e) − C⁰_i (µg/m³); exactly 0 at the baseline (no constant term). */
export function concentrationChange(model: ResponseSurface, ratios: EmissionRatios): RegionVector {
  const c = predictConcentrations(model, ratios);
  const base = model.baselineConcentration.values;
  const d = new Float64Array(c.values.length);
  for (let i = 0; i < d.length; i++) d[i] = c.values[i] - base[i];
  return { regions: model.regions, unit: CONCENTRATION_UNIT, values: d };
}

/**
 * Many scenarios at once. `deltas` holds nRuns rows of Δe (length G·5 each, index v = j·5 + p);
 * returns nRuns rows of concentrations (length G, µg/m³). Used for fitting checks and benches.
 */
export function predictScenarioBatch(
  model: ResponseSurface,
  deltas: Float64Array,
): {
  readonly runs: number;
  readonly regions: readonly string[];
  readonly unit: string;
  readonly values: Float64Array;
} {
  const c = compileSurface(model);
  const nRuns = deltas.length / c.nInputs;
  if (!Number.isInteger(nRuns))
    throw new Error(`deltas length ${deltas.length} is not a multiple of ${c.nInputs}`);
  const P = new Float64Array(3 * c.nInputs);
  const out = new Float64Array(nRuns * c.nReceptors);
  for (let r = 0; r < nRuns; r++) {
    fillPowerTable(deltas.subarray(r * c.nInputs, (r + 1) * c.nInputs), c.nInputs, P);
    evaluateCompiled(c, P, out.subarray(r * c.nReceptors, (r + 1) * c.nReceptors));
  }
  return { runs: nRuns, regions: model.regions, unit: CONCENTRATION_UNIT, values: out };
}

/**
 * Analytic gradient at the given ratios. `perRatio[p]`: dC_i/de_{j,p} (µg/m³ per unit ratio);
 * `perEmission[p]`: dC_i/dE_{j,p} = (dC_i/de_{j,p}) / E⁰_{j,p} (µg/m³ per t/yr; 0 where E⁰ = 0).
 * Matrices: rows = source region j, columns = receptor region i.
 */
export interface ConcentrationGradient {
  readonly regions: readonly string[];
  readonly perRatio: Readonly<Record<Precursor, RegionMatrix>>;
  readonly perEmission: Readonly<Record<Precursor, RegionMatrix>>;
}

export function concentrationGradient(
  model: ResponseSurface,
  atRatios: EmissionRatios,
): ConcentrationGradient {
  const G = model.regions.length;
  const delta = ratioChanges(model, atRatios);
  const perRatio = {} as Record<Precursor, RegionMatrix>;
  const perEmission = {} as Record<Precursor, RegionMatrix>;
  for (const p of PRECURSORS) {
    perRatio[p] = {
      regions: model.regions,
      unit: `${CONCENTRATION_UNIT} per unit emission ratio`,
      values: zeros(G, G),
    };
    perEmission[p] = { regions: model.regions, unit: `${CONCENTRATION_UNIT} per t/yr`, values: zeros(G, G) };
  }
  for (let i = 0; i < G; i++) {
    const rs = model.receptors[i];
    for (let t = 0; t < rs.terms.length; t++) {
      const term = rs.terms[t];
      const c = rs.coefficients[t];
      for (let f = 0; f < term.vars.length; f++) {
        // ∂/∂Δe_v of Π Δe^a: a·Δe_v^(a−1)·Π_{others}
        let d = c * term.exps[f] * delta[term.vars[f]] ** (term.exps[f] - 1);
        for (let g = 0; g < term.vars.length; g++) if (g !== f) d *= delta[term.vars[g]] ** term.exps[g];
        const v = term.vars[f];
        const j = Math.floor(v / PRECURSOR_COUNT);
        perRatio[PRECURSORS[v % PRECURSOR_COUNT]].values.data[j * G + i] += d;
      }
    }
  }
  for (const p of PRECURSORS) {
    const base = model.baselineEmissions.byPrecursor[p];
    const src = perRatio[p].values.data;
    const dst = perEmission[p].values.data;
    for (let j = 0; j < G; j++) {
      const inv = base[j] > 0 ? 1 / base[j] : 0;
      for (let i = 0; i < G; i++) dst[j * G + i] = src[j * G + i] * inv;
    }
  }
  return { regions: model.regions, perRatio, perEmission };
}
