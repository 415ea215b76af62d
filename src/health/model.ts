import { gemmRelativeRisk, ierRelativeRisk, thresholdCurve } from './exposureResponse.ts';
import { erfDrawIndices, RandomStream, STREAMS } from './sampling.ts';
import {
  DEFAULT_HEALTH_OPTIONS,
  type HealthOptions,
  type HealthParameters,
  MORTALITY_CAUSES,
  type MorbidityEndpoint,
  type MortalityCause,
} from './types.ts';
import { priceFactor, VSL_ELASTICITY_RANGE } from './valuation.ts';

/** One cause × age curve with its per-iteration parameters and thresholded forms. */
export interface ModelCurve {
  readonly kind: 'ier' | 'gemm';
  readonly cause: MortalityCause;
  readonly causeIndex: number;
  /** Band start, or null for an all-age curve. */
  readonly ageStart: number | null;
  /** Lowest and highest (inclusive) band starts of the baseline data this curve applies to. */
  readonly bandFrom: number;
  readonly bandTo: number;
  /** Per iteration (length draws): IER α, γ, δ, — ; GEMM θ, α, μ, ν. */
  readonly p1: Float64Array;
  readonly p2: Float64Array;
  readonly p3: Float64Array;
  readonly p4: Float64Array;
  /** Per threshold × iteration (index t·draws + d): counterfactual level, cut, divisor. */
  readonly zEff: Float64Array;
  readonly cut: Float64Array;
  readonly divisor: Float64Array;
}

export interface ModelMorbidity {
  readonly endpoint: MorbidityEndpoint;
  readonly beta: Float64Array;
  readonly incidence: Float64Array;
  /** Money per case in the model's price year, or null when no unit value is sourced. */
  readonly unitValue: Float64Array | null;
  readonly unitValueFactor: number;
}

/** A health model with every per-draw quantity precomputed (buildHealthModel). */
export interface HealthModel {
  readonly options: HealthOptions;
  readonly parameters: HealthParameters;
  readonly draws: number;
  readonly thresholds: readonly number[];
  readonly curves: readonly ModelCurve[];
  /** mortalityMultiplier[c][d]: factor on the baseline rate of cause c (1 when the spread is off). */
  readonly mortalityMultiplier: readonly Float64Array[];
  readonly morbidity: readonly ModelMorbidity[];
  /** VSL per iteration in CNY of options.priceYear (before the income transfer). */
  readonly vsl: Float64Array;
  readonly vslPriceFactor: number;
  readonly currency: string;
  readonly moneyUnit: string;
  readonly notes: readonly string[];
}

/** Lowest adult age band for COPD, LC (and every GEMM cause): 25+ (GBD 2015; Burnett et al. 2018). */
export const ADULT_AGE_FROM = 25;

/**
 * Precomputes everything that does not depend on the regions: per-iteration ERF parameters
 * (joint IER draws, or GEMM θ ~ N(θ, SE)), thresholded curves, morbidity coefficients, incidences,
 * unit values and VSL, all from seeded streams (sampling.ts).
 */
export function buildHealthModel(
  parameters: HealthParameters,
  options: Partial<HealthOptions> = {},
): HealthModel {
  const opt: HealthOptions = {
    ...DEFAULT_HEALTH_OPTIONS,
    vslIncomeElasticity: parameters.defaultVslIncomeElasticity ?? DEFAULT_HEALTH_OPTIONS.vslIncomeElasticity,
    ...options,
  };
  validateOptions(opt);
  const N = opt.draws;
  const notes: string[] = [];
  const curves: ModelCurve[] = [];

  if (opt.erf === 'gemm') {
    const set = parameters.gemm;
    if (!set) throw new RangeError('GEMM parameters were not loaded');
    const stream = new RandomStream(opt.seed, STREAMS.gemmTheta);
    // One standard normal per cause per iteration, shared by its age bands (their θ move together).
    const z = new Map<MortalityCause, Float64Array>();
    for (const c of MORTALITY_CAUSES) {
      const a = new Float64Array(N);
      for (let d = 0; d < N; d++) a[d] = stream.normal();
      z.set(c, a);
    }
    for (const c of MORTALITY_CAUSES) {
      const rows = set.curves.filter((g) => g.cause === c);
      const ageSpecific = rows.filter((g) => g.ageStart !== null);
      const use = ageSpecific.length > 0 ? ageSpecific : rows.filter((g) => g.ageStart === null);
      if (use.length === 0) throw new RangeError(`GEMM parameters lack cause ${c}`);
      for (const g of use) {
        const p1 = new Float64Array(N);
        const zc = z.get(c)!;
        for (let d = 0; d < N; d++) p1[d] = g.theta + g.seTheta * zc[d];
        const [from, to] = bandRange(g.ageStart, set.topAgeBand, c, 'gemm');
        curves.push(
          finishCurve(
            'gemm',
            c,
            g.ageStart,
            from,
            to,
            p1,
            new Float64Array(N).fill(g.alpha),
            new Float64Array(N).fill(g.mu),
            new Float64Array(N).fill(g.nu),
            new Float64Array(N).fill(g.cf),
            opt,
          ),
        );
      }
    }
    notes.push(
      'GEMM (Burnett et al. 2018, with the Chinese cohort): theta ~ Normal(theta, SE) per iteration, one draw per cause shared by its age bands; all five causes applied to adults 25+ (the GEMM cohorts are adults), so child LRI deaths are not counted.',
    );
  } else {
    const set = opt.erf === 'ier2015' ? parameters.ier2015 : parameters.ier2017;
    if (!set) throw new RangeError(`${opt.erf} draws were not loaded`);
    const idx = erfDrawIndices(N, set.draws, new RandomStream(opt.seed, STREAMS.erfDrawIndex));
    for (const cv of set.curves) {
      const pick = (src: Float64Array) => {
        const a = new Float64Array(N);
        for (let d = 0; d < N; d++) a[d] = src[idx[d]];
        return a;
      };
      const [from, to] = bandRange(cv.ageStart, set.topAgeBand, cv.cause, opt.erf);
      curves.push(
        finishCurve(
          'ier',
          cv.cause,
          cv.ageStart,
          from,
          to,
          pick(cv.alpha),
          pick(cv.gamma),
          pick(cv.delta),
          new Float64Array(N),
          pick(cv.zcf),
          opt,
        ),
      );
    }
    notes.push(
      `${opt.erf === 'ier2015' ? 'GBD 2015' : 'GBD 2017'} IER: RR evaluated per joint draw (alpha, gamma, delta, zcf), the same draw index for every cause and age; summaries after evaluation. IHD/STROKE by 5-year age band (top band open), COPD and LC adults 25+, LRI all ages.`,
    );
  }
  for (const c of MORTALITY_CAUSES) {
    if (!curves.some((k) => k.cause === c)) throw new RangeError(`no exposure–response curve for ${c}`);
  }

  // Baseline mortality spread: lognormal with mean 1 (one factor per cause per iteration).
  const mortStream = new RandomStream(opt.seed, STREAMS.mortalityRate);
  const sdLog = Math.sqrt(Math.log(1 + opt.mortalityRateRelativeSd ** 2));
  const mortalityMultiplier = MORTALITY_CAUSES.map(() => {
    const a = new Float64Array(N);
    for (let d = 0; d < N; d++)
      a[d] = sdLog > 0 ? Math.exp(sdLog * mortStream.normal() - (sdLog * sdLog) / 2) : 1;
    return a;
  });
  if (opt.mortalityRateRelativeSd === 0) {
    notes.push(
      'Baseline mortality rates are fixed (the GBD file gives no uncertainty; mortalityRateRelativeSd = 0).',
    );
  }

  // VSL: a triangular distribution on [low, high] whose mean is the published central value (its
  // mode 3·central − low − high), so the expected money is deaths × the stated VSL; in its source
  // price year, moved to the output price year by CPI (docs/health.md "Valuation").
  const v = parameters.vsl;
  const vslPriceFactor = priceFactor(parameters.cpi, v.priceYear, opt.priceYear);
  const vslStream = new RandomStream(opt.seed, STREAMS.vsl);
  const mode = vslMode(v);
  const vsl = new Float64Array(N);
  for (let d = 0; d < N; d++) vsl[d] = vslStream.triangular(v.low, mode, v.high) * vslPriceFactor;

  const morbStream = new RandomStream(opt.seed, STREAMS.morbidity);
  const morbidity: ModelMorbidity[] = parameters.morbidity.map((e) => {
    const beta = new Float64Array(N);
    const sd = (e.beta.high - e.beta.low) / (2 * 1.959963984540054);
    for (let d = 0; d < N; d++) beta[d] = e.beta.central + sd * morbStream.normal();
    const incidence = new Float64Array(N);
    for (let d = 0; d < N; d++) incidence[d] = drawRange(morbStream, e.incidence);
    let unitValue: Float64Array | null = null;
    let unitValueFactor = 1;
    if (e.unitValue) {
      unitValueFactor = priceFactor(parameters.cpi, e.unitValue.priceYear, opt.priceYear);
      unitValue = new Float64Array(N);
      for (let d = 0; d < N; d++) unitValue[d] = drawRange(morbStream, e.unitValue) * unitValueFactor;
    } else {
      notes.push(`${e.label}: no sourced unit value; cases are reported but left out of the money sum.`);
    }
    if (e.coefficientPollutant === 'PM10') {
      notes.push(
        `${e.label}: coefficient estimated per µg/m³ PM10 (${e.coefficientSource}), applied to PM2.5 as printed (no PM2.5/PM10 conversion).`,
      );
    }
    if (e.coefficientRegion !== 'China' || e.incidenceRegion !== 'China') {
      notes.push(
        `${e.label}: coefficient from ${e.coefficientRegion}, baseline incidence from ${e.incidenceRegion} (not China-specific).`,
      );
    }
    return { endpoint: e, beta, incidence, unitValue, unitValueFactor };
  });
  for (const x of parameters.excludedMorbidity) notes.push(`${x.label}: left out (${x.reason}).`);

  const currency = v.currency;
  return {
    options: opt,
    parameters,
    draws: N,
    thresholds: [...opt.thresholds],
    curves,
    mortalityMultiplier,
    morbidity,
    vsl,
    vslPriceFactor,
    currency,
    moneyUnit: `${currency} (${opt.priceYear} prices)`,
    notes,
  };
}

/**
 * Mode of the triangular VSL distribution with support [low, high] and mean `central`:
 * 3·central − low − high. A RangeError when no such triangle exists (central outside
 * [(2·low + high)/3, (low + 2·high)/3]).
 */
export function vslMode(v: {
  readonly central: number;
  readonly low: number;
  readonly high: number;
}): number {
  if (v.high === v.low) return v.central;
  const mode = 3 * v.central - v.low - v.high;
  // Rounding of the three numbers may put an end-point mode a few ulps outside.
  const eps = 1e-12 * Math.max(Math.abs(v.high), Math.abs(v.low));
  if (!(mode >= v.low - eps && mode <= v.high + eps))
    throw new RangeError(
      `no triangular VSL distribution on [${v.low}, ${v.high}] has mean ${v.central}: the mean must lie in [${(2 * v.low + v.high) / 3}, ${(v.low + 2 * v.high) / 3}]`,
    );
  return Math.min(v.high, Math.max(v.low, mode));
}

function drawRange(stream: RandomStream, r: { central: number; low?: number; high?: number }): number {
  return r.low !== undefined && r.high !== undefined
    ? stream.triangular(r.low, r.central, r.high)
    : r.central;
}

/** Baseline-data age bands a curve applies to (inclusive band starts). */
function bandRange(
  ageStart: number | null,
  top: number,
  cause: MortalityCause,
  erf: 'ier2015' | 'ier2017' | 'gemm',
): [number, number] {
  if (ageStart !== null) return ageStart >= top ? [ageStart, Number.POSITIVE_INFINITY] : [ageStart, ageStart];
  if (cause === 'LRI' && erf !== 'gemm') return [0, Number.POSITIVE_INFINITY];
  return [ADULT_AGE_FROM, Number.POSITIVE_INFINITY];
}

function finishCurve(
  kind: 'ier' | 'gemm',
  cause: MortalityCause,
  ageStart: number | null,
  bandFrom: number,
  bandTo: number,
  p1: Float64Array,
  p2: Float64Array,
  p3: Float64Array,
  p4: Float64Array,
  ownZcf: Float64Array,
  opt: HealthOptions,
): ModelCurve {
  const N = p1.length;
  const T = opt.thresholds.length;
  const zEff = new Float64Array(T * N);
  const cut = new Float64Array(T * N);
  const divisor = new Float64Array(T * N);
  for (let t = 0; t < T; t++) {
    const th = opt.thresholds[t];
    for (let d = 0; d < N; d++) {
      const rrT =
        kind === 'ier'
          ? ierRelativeRisk(th, p1[d], p2[d], p3[d], ownZcf[d])
          : gemmRelativeRisk(th, p1[d], p2[d], p3[d], p4[d], ownZcf[d]);
      const c = thresholdCurve(opt.thresholdReading, th, ownZcf[d], rrT);
      zEff[t * N + d] = c.zEff;
      cut[t * N + d] = c.cut;
      divisor[t * N + d] = c.divisor;
    }
  }
  return {
    kind,
    cause,
    causeIndex: MORTALITY_CAUSES.indexOf(cause),
    ageStart,
    bandFrom,
    bandTo,
    p1,
    p2,
    p3,
    p4,
    zEff,
    cut,
    divisor,
  };
}

function validateOptions(o: HealthOptions): void {
  if (!['ier2015', 'ier2017', 'gemm'].includes(o.erf)) throw new RangeError(`unknown erf '${o.erf}'`);
  if (!['difference', 'pif'].includes(o.accounting))
    throw new RangeError(`unknown accounting '${o.accounting}'`);
  if (!['floor', 'shift', 'ratio', 'gbd-tmrel'].includes(o.thresholdReading)) {
    throw new RangeError(`unknown threshold reading '${o.thresholdReading}'`);
  }
  if (!Number.isInteger(o.draws) || o.draws < 1)
    throw new RangeError(`draws must be a positive integer, got ${o.draws}`);
  if (o.thresholds.length === 0) throw new RangeError('at least one threshold is needed');
  for (const t of o.thresholds) {
    if (!(Number.isFinite(t) && t >= 0)) throw new RangeError(`threshold must be ≥ 0 µg/m³, got ${t}`);
  }
  if (!(o.airModelRelativeSd >= 0)) throw new RangeError('airModelRelativeSd must be ≥ 0');
  if (!(o.mortalityRateRelativeSd >= 0)) throw new RangeError('mortalityRateRelativeSd must be ≥ 0');
  const [eLo, eHi] = VSL_ELASTICITY_RANGE;
  if (!(o.vslIncomeElasticity >= eLo && o.vslIncomeElasticity <= eHi))
    throw new RangeError(
      `vslIncomeElasticity ${o.vslIncomeElasticity} is outside the published range ${eLo}–${eHi} (docs/health.md)`,
    );
}
