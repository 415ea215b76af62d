import { PRECURSORS, type Precursor } from '../mrio/model.ts';
import {
  type EmissionRatios,
  PRECURSOR_COUNT,
  type ResponseSurface,
  ratioChanges,
  termDegree,
} from './responseSurface.ts';

/**
 * Where a pf-ERSM may be used (docs/air.md, "Where the surface is valid"). A polynomial fitted to
 * CTM runs says nothing outside the emission ratios those runs covered: beyond them it can
 * predict negative PM2.5 and negative deaths. vchain therefore evaluates a surface only inside
 * its training range and refuses everything else (no opt-in), and refuses a surface too thinly
 * fitted to be trusted anywhere.
 */

/** Relative slack on the range bounds: ratios E/E⁰ computed from tonnes carry rounding. */
export const TRAINING_RANGE_TOLERANCE = 1e-9;

/**
 * Fewest training runs (besides the baseline) a surface may be fitted to: the stepwise selection
 * holds out every 5th run and the cross-validation uses 5 folds, so fewer than 10 runs leave
 * fewer than two runs for each of those error estimates.
 */
export const MIN_TRAINING_RUNS = 10;

/**
 * Largest change one monomial may make to a receptor's PM2.5 anywhere in the valid range,
 * µg/m³: 20 × the 500 µg/m³ upper bound vchain accepts for an annual-mean concentration
 * (src/health, PM25_RANGE_UGM3). A larger coefficient is a damaged file or a degenerate fit.
 */
export const MAX_TERM_EFFECT_UGM3 = 1e4;

/**
 * The ratios at which input v (index j·5 + p) may be evaluated: the range of the training runs,
 * widened to include the baseline e = 1 (where the surface equals C⁰ by construction).
 */
export function validRatioRange(model: ResponseSurface, v: number): { min: number; max: number } {
  return {
    min: Math.min(model.trainingRange.min[v], 1),
    max: Math.max(model.trainingRange.max[v], 1),
  };
}

/** True when ratio e of input v lies in its valid range (with TRAINING_RANGE_TOLERANCE). */
export function insideValidRange(model: ResponseSurface, v: number, e: number): boolean {
  const { min, max } = validRatioRange(model, v);
  const slack = TRAINING_RANGE_TOLERANCE * Math.max(1, Math.abs(min), Math.abs(max));
  return e >= min - slack && e <= max + slack;
}

/** The narrowest valid range over all inputs: a ratio inside it is valid for every input. */
export function commonRatioRange(model: ResponseSurface): { min: number; max: number } {
  let min = Number.NEGATIVE_INFINITY;
  let max = Number.POSITIVE_INFINITY;
  for (let v = 0; v < model.trainingRange.min.length; v++) {
    const r = validRatioRange(model, v);
    min = Math.max(min, r.min);
    max = Math.min(max, r.max);
  }
  return { min, max };
}

export interface RatioOutsideRange {
  readonly input: number;
  readonly region: string;
  readonly regionIndex: number;
  readonly precursor: Precursor;
  readonly ratio: number;
  readonly min: number;
  readonly max: number;
}

const fmt = (x: number) => String(Number(x.toPrecision(6)));

/** Every input whose ratio lies outside its valid range (empty when all are inside). */
export function ratiosOutsideTrainingRange(
  model: ResponseSurface,
  ratios: EmissionRatios,
): RatioOutsideRange[] {
  const delta = ratioChanges(model, ratios);
  const out: RatioOutsideRange[] = [];
  for (let v = 0; v < delta.length; v++) {
    const e = delta[v] + 1;
    if (!insideValidRange(model, v, e)) {
      const { min, max } = validRatioRange(model, v);
      const j = Math.floor(v / PRECURSOR_COUNT);
      out.push({
        input: v,
        region: model.regions[j],
        regionIndex: j,
        precursor: PRECURSORS[v % PRECURSOR_COUNT],
        ratio: e,
        min,
        max,
      });
    }
  }
  return out;
}

/** A prediction asked for outside the surface's training range (it is never extrapolated). */
export class ExtrapolationError extends Error {
  constructor(
    readonly outside: readonly RatioOutsideRange[],
    /** Which emissions: 'the trade counterfactual', 'the scenario', ... */
    readonly scenario: string,
  ) {
    const o = outside[0];
    const more = outside.length > 1 ? ` (and ${outside.length - 1} more input(s))` : '';
    super(
      `${o.region} ${o.precursor} at emission ratio ${fmt(o.ratio)} (${scenario}) is outside the range the pf-ERSM was trained on [${fmt(o.min)}, ${fmt(o.max)}]${more}; vchain does not extrapolate the surface (docs/air.md)`,
    );
    this.name = 'ExtrapolationError';
  }
}

/** Throws ExtrapolationError unless every ratio lies in its valid range. */
export function assertWithinTrainingRange(
  model: ResponseSurface,
  ratios: EmissionRatios,
  scenario: string,
): void {
  const outside = ratiosOutsideTrainingRange(model, ratios);
  if (outside.length > 0) throw new ExtrapolationError(outside, scenario);
}

/** A prediction inside the training range that is still below 0 µg/m³: the surface is wrong there. */
export class NegativeConcentrationError extends Error {
  constructor(
    readonly region: string,
    readonly value: number,
    readonly scenario: string,
  ) {
    super(
      `the pf-ERSM predicts ${fmt(value)} µg/m³ of PM2.5 in ${region} for ${scenario}; a concentration cannot be negative, so the surface is not valid there (docs/air.md)`,
    );
    this.name = 'NegativeConcentrationError';
  }
}

/** A fitted surface that is not fit to predict: where in the model, and why. */
export interface SurfaceProblem {
  /** Field path in the model file, e.g. 'receptors.3.coefficients.17'. */
  readonly path: string;
  readonly message: string;
}

/**
 * The first reason a fitted surface must not be used, or undefined: too few training runs, a
 * receptor with no fewer terms than runs (an interpolant, not a fit), a training range that is
 * not finite or not ordered, a coefficient that is not finite or moves PM2.5 by more than
 * MAX_TERM_EFFECT_UGM3 inside the valid range.
 */
export function surfaceProblem(model: ResponseSurface): SurfaceProblem | undefined {
  const runs = model.provenance.trainingRuns;
  if (!(runs >= MIN_TRAINING_RUNS))
    return {
      path: 'provenance.trainingRuns',
      message: `fitted to ${runs} training run(s); a pf-ERSM needs at least ${MIN_TRAINING_RUNS} besides the baseline`,
    };
  const { min, max } = model.trainingRange;
  for (let v = 0; v < min.length; v++)
    if (!(Number.isFinite(min[v]) && Number.isFinite(max[v]) && min[v] >= 0 && min[v] <= max[v]))
      return {
        path: `trainingRange.min.${v}`,
        message: `training range [${min[v]}, ${max[v]}] of input ${v} is not an interval of ratios ≥ 0`,
      };
  const reach = new Float64Array(min.length);
  for (let v = 0; v < min.length; v++) {
    const r = validRatioRange(model, v);
    reach[v] = Math.max(Math.abs(r.min - 1), Math.abs(r.max - 1));
  }
  for (let i = 0; i < model.receptors.length; i++) {
    const rs = model.receptors[i];
    if (rs.terms.length >= runs)
      return {
        path: `receptors.${i}.terms`,
        message: `${model.regions[i]}: ${rs.terms.length} terms for ${runs} training runs; a fit needs fewer terms than runs`,
      };
    for (let k = 0; k < rs.terms.length; k++) {
      const c = rs.coefficients[k];
      const t = rs.terms[k];
      let effect = Math.abs(c);
      for (let f = 0; f < t.vars.length; f++) effect *= reach[t.vars[f]] ** t.exps[f];
      if (!Number.isFinite(c) || !(effect <= MAX_TERM_EFFECT_UGM3))
        return {
          path: `receptors.${i}.coefficients.${k}`,
          message: `${model.regions[i]}: coefficient ${c} of a degree-${termDegree(t)} term ${Number.isFinite(c) ? `moves PM2.5 by up to ${fmt(effect)} µg/m³ inside the training range, more than ${MAX_TERM_EFFECT_UGM3}` : 'is not a finite number'}`,
        };
    }
  }
  return undefined;
}
