// Where the pf-ERSM may be used (docs/air.md "Where the surface is valid"): the training-range
// rule, the refusal of negative concentrations, and the checks that refuse an unusable surface.
import { describe, expect, it } from 'vitest';
import { fitResponseSurface } from '../../src/air/fitting.ts';
import { predictConcentrations, predictValidConcentrations } from '../../src/air/prediction.ts';
import { baselineRatios, type EmissionRatios, type ResponseSurface } from '../../src/air/responseSurface.ts';
import {
  commonRatioRange,
  ExtrapolationError,
  MAX_TERM_EFFECT_UGM3,
  MIN_TRAINING_RUNS,
  NegativeConcentrationError,
  ratiosOutsideTrainingRange,
  surfaceProblem,
  validRatioRange,
} from '../../src/air/validity.ts';
import { InputError } from '../../src/io/inputError.ts';
import {
  loadDefaultResponseSurface,
  responseSurfaceFromJson,
  responseSurfaceToJson,
} from '../../src/io/responseSurfaceFile.ts';
import { PRECURSORS, type Precursor } from '../../src/mrio/model.ts';

const model = loadDefaultResponseSurface();
const G = model.regions.length;

function ratios(set: (region: number, p: Precursor) => number): EmissionRatios {
  const r = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) r[p] = Float64Array.from({ length: G }, (_, j) => set(j, p));
  return { regions: model.regions, ratios: r };
}
const hebei = model.regions.indexOf('Hebei');
const one = (ratio: number, region = hebei, precursor: Precursor = 'SO2') =>
  ratios((j, p) => (j === region && p === precursor ? ratio : 1));

function withCoefficient(receptor: number, term: number, c: number): ResponseSurface {
  return {
    ...model,
    receptors: model.receptors.map((r, i) =>
      i === receptor
        ? { ...r, coefficients: Float64Array.from(r.coefficients, (x, k) => (k === term ? c : x)) }
        : r,
    ),
  };
}

describe('training range', () => {
  it('is the range of the training runs widened to the baseline ratio 1', () => {
    expect(validRatioRange(model, 0)).toEqual({ min: 0, max: 1.5 });
    expect(commonRatioRange(model)).toEqual({ min: 0, max: 1.5 });
    const narrow: ResponseSurface = {
      ...model,
      trainingRange: { min: new Float64Array(G * 5).fill(0.5), max: new Float64Array(G * 5).fill(0.8) },
    };
    expect(validRatioRange(narrow, 7)).toEqual({ min: 0.5, max: 1 });
  });

  it('accepts the baseline and the bounds (with 1e-9 slack), names every input outside', () => {
    expect(ratiosOutsideTrainingRange(model, baselineRatios(model.regions))).toEqual([]);
    expect(ratiosOutsideTrainingRange(model, one(1.5 * (1 + 1e-12)))).toEqual([]);
    expect(ratiosOutsideTrainingRange(model, one(0))).toEqual([]);
    const out = ratiosOutsideTrainingRange(model, one(1.6));
    expect(out).toEqual([
      {
        input: hebei * 5,
        region: 'Hebei',
        regionIndex: hebei,
        precursor: 'SO2',
        ratio: 1.6,
        min: 0,
        max: 1.5,
      },
    ]);
    expect(
      ratiosOutsideTrainingRange(
        model,
        ratios(() => 5),
      ),
    ).toHaveLength(G * 5);
  });

  it('refuses extrapolation that the unchecked polynomial would turn into negative PM2.5', () => {
    // The reason for the rule: every ratio at 5 drives the stand-in surface below 0 µg/m³.
    const five = ratios(() => 5);
    expect(Math.min(...predictConcentrations(model, five).values)).toBeLessThan(0);
    expect(() => predictValidConcentrations(model, five, 'the scenario')).toThrow(ExtrapolationError);
    expect(() => predictValidConcentrations(model, one(1.6), 'the scenario')).toThrow(
      /^Hebei SO2 at emission ratio 1\.6 \(the scenario\) is outside the range the pf-ERSM was trained on \[0, 1\.5\]; vchain does not extrapolate/,
    );
    const ok = predictValidConcentrations(model, one(1.4), 'the scenario');
    expect(ok.values).toEqual(predictConcentrations(model, one(1.4)).values);
  });

  it('refuses a negative concentration inside the range instead of clamping it', () => {
    // Beijing's surface has the linear term c·Δe of input 4 (Beijing PPM); at e = 0 (inside the
    // range, Δe = −1) raising c by C⁰ + 50 lowers the prediction by as much: below 0 µg/m³.
    const k = model.receptors[0].terms.findIndex(
      (t) => t.vars.length === 1 && t.vars[0] === 4 && t.exps[0] === 1,
    );
    expect(k).toBeGreaterThanOrEqual(0);
    const lift = model.baselineConcentration.values[0] + 50;
    const bad = withCoefficient(0, k, model.receptors[0].coefficients[k] + lift);
    const e = one(0, 0, 'PPM');
    const before = predictConcentrations(model, e).values[0];
    expect(before).toBeGreaterThan(0);
    expect(predictConcentrations(bad, e).values[0]).toBeCloseTo(before - lift, 9);
    expect(before - lift).toBeLessThan(0);
    expect(() => predictValidConcentrations(bad, e, 'the scenario')).toThrow(NegativeConcentrationError);
    expect(() => predictValidConcentrations(bad, e, 'the scenario')).toThrow(
      /^the pf-ERSM predicts -\d+(\.\d+)? µg\/m³ of PM2\.5 in Beijing for the scenario; a concentration cannot be negative/,
    );
  });
});

describe('a surface worth using', () => {
  it('accepts the default model', () => {
    expect(surfaceProblem(model)).toBeUndefined();
  });

  it('refuses too few training runs, and no fewer runs than terms', () => {
    const prov = (trainingRuns: number): ResponseSurface => ({
      ...model,
      provenance: { ...model.provenance, trainingRuns },
    });
    expect(surfaceProblem(prov(1))?.path).toBe('provenance.trainingRuns');
    expect(surfaceProblem(prov(MIN_TRAINING_RUNS - 1))?.message).toMatch(/needs at least 10/);
    const most = Math.max(...model.receptors.map((r) => r.terms.length));
    const p = surfaceProblem(prov(most));
    expect(p?.path).toMatch(/^receptors\.\d+\.terms$/);
    expect(p?.message).toMatch(/terms for \d+ training runs; a fit needs fewer terms than runs/);
  });

  it('refuses a coefficient that is not finite or moves PM2.5 by more than 10⁴ µg/m³', () => {
    expect(surfaceProblem(withCoefficient(3, 2, 1e308))).toEqual({
      path: 'receptors.3.coefficients.2',
      message: expect.stringMatching(/moves PM2\.5 by up to 1e\+308 µg\/m³ inside the training range/),
    });
    expect(surfaceProblem(withCoefficient(3, 2, Number.NaN))?.message).toMatch(/is not a finite number/);
    // Reach of a term inside [0, 1.5]: |Δe| ≤ 1, so the bound is the coefficient itself.
    expect(surfaceProblem(withCoefficient(0, 0, MAX_TERM_EFFECT_UGM3))).toBeUndefined();
    expect(surfaceProblem(withCoefficient(0, 0, 1.001 * MAX_TERM_EFFECT_UGM3))?.path).toBe(
      'receptors.0.coefficients.0',
    );
  });

  it('refuses a training range that is not an interval of ratios ≥ 0', () => {
    const min = Float64Array.from(model.trainingRange.min);
    min[12] = 2;
    expect(surfaceProblem({ ...model, trainingRange: { min, max: model.trainingRange.max } })?.path).toBe(
      'trainingRange.min.12',
    );
  });

  it('a model file with a 1e308 coefficient is refused on load, naming the field', () => {
    const json = responseSurfaceToJson(model);
    json.receptors[5].coefficients[0] = 1e308;
    try {
      responseSurfaceFromJson(json, 'my-model.json');
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).file).toBe('my-model.json');
      expect((e as InputError).column).toBe('receptors.5.coefficients.0');
    }
  });

  it('fitting no fewer terms than runs is a RangeError; a fit to too few runs is flagged', async () => {
    const regions = ['A', 'B'];
    const n = regions.length * 5;
    const emissions = {
      regions,
      unit: 't' as const,
      byPrecursor: Object.fromEntries(PRECURSORS.map((p) => [p, Float64Array.of(100, 200)])) as Record<
        Precursor,
        Float64Array
      >,
    };
    const ctx = {
      baselineEmissions: emissions,
      baselineConcentration: { regions, unit: 'µg/m³', values: Float64Array.of(30, 20) },
      provenance: {
        ctmKind: 'ctm-runs' as const,
        label: 'one run',
        description: 'test',
        baselineEmissionsSource: 'test',
        validationRuns: 0,
        design: 'one run',
        builtWith: 'test',
      },
    };
    const run = (k: number) => Float64Array.from({ length: n }, (_, v) => 0.2 + 0.1 * ((v + k) % 7));
    const runs = (count: number) => ({
      regions,
      scenarios: Array.from({ length: count }, (_, k) => `r${k}`),
      ratios: Float64Array.from(Array.from({ length: count }, (_, k) => [...run(k)]).flat()),
      concentrations: Float64Array.from({ length: 2 * count }, (_, q) => 10 + q),
    });
    await expect(fitResponseSurface(runs(5), ctx, { selection: 'none', folds: 0 })).rejects.toThrow(
      /terms for 5 training runs; a least-squares fit needs fewer terms than runs/,
    );
    // One run: the fit would interpolate it with one term (and predicted −255 µg/m³ before).
    await expect(fitResponseSurface(runs(1), ctx, { folds: 0 })).rejects.toThrow(
      /1 terms for 1 training runs/,
    );
    const few = await fitResponseSurface(runs(3), ctx, { folds: 0 });
    expect(surfaceProblem(few)?.path).toBe('provenance.trainingRuns');
  });
});
