import type { Precursor, PrecursorEmissions, RegionVector } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';

/**
 * pf-ERSM response surface (METHODS §5): C_i(e) = C⁰_i + Σ_k c_ik φ_k(Δe), Δe = e − 1, where the
 * φ_k are monomials in the emission changes of the inputs (source region j, precursor p).
 * Input index v = j·5 + p (region-major, precursor order PRECURSORS).
 */

export const PRECURSOR_COUNT = PRECURSORS.length;
export const CONCENTRATION_UNIT = 'µg/m³';

/** Emission ratios e_{j,p} = E_{j,p} / E⁰_{j,p} (dimensionless), one array of length G per precursor. */
export interface EmissionRatios {
  readonly regions: readonly string[];
  readonly ratios: Readonly<Record<Precursor, Float64Array>>;
}

/** One monomial Π_f Δe_{vars[f]}^{exps[f]} (distinct vars, exponents ≥ 1). */
export interface MonomialTerm {
  readonly vars: readonly number[];
  readonly exps: readonly number[];
}

/** Fitted surface of one receptor region. */
export interface ReceptorSurface {
  readonly terms: readonly MonomialTerm[];
  readonly coefficients: Float64Array; // µg/m³ per unit of the monomial
}

/** The configurable term library (stored with every model). */
export interface TermSetConfig {
  /** Max total degree of monomials in the receptor's own five precursors (all interactions). */
  readonly localDegree: number;
  /** Number of nearby source regions (ranked by linear influence on the receptor). */
  readonly nearbyCount: number;
  /** Max power of a nearby source's own precursor terms (1 = linear, 2 adds squares). */
  readonly nearbyDegree: number;
  /** Receptor precursors crossed with the nearby sources' SO2, NOx, NH3. */
  readonly nearbyCrossWithReceptor: readonly Precursor[];
  /** Linear terms for every other (far) source region. */
  readonly farLinear: boolean;
  /** Cross terms SO2/NOx/NH3 × SO2/NOx/NH3 between two different nearby sources (9 per pair). */
  readonly nearbyPairs?: boolean;
}

export const DEFAULT_TERM_SET: TermSetConfig = {
  localDegree: 3,
  nearbyCount: 5,
  nearbyDegree: 2,
  nearbyCrossWithReceptor: ['SO2', 'NOx', 'NH3'],
  farLinear: true,
};

/** Out-of-sample accuracy of one receptor on a set of runs. */
export interface ReceptorMetrics {
  readonly region: string;
  readonly n: number;
  /** On concentration C. */
  readonly nmb: number;
  readonly nme: number;
  readonly meanNormalisedError: number;
  readonly maxNormalisedError: number;
  readonly r: number;
  readonly rmse: number;
  /** On the change ΔC = C − C⁰ (NMB/NME normalised by Σ|ΔC_obs|). */
  readonly changeNmb: number;
  readonly changeNme: number;
  readonly changeMedianNormalisedError: number;
  readonly changeR: number;
  readonly changeRmse: number;
}

export interface MetricsSummary {
  readonly worstMeanNormalisedError: { readonly region: string; readonly value: number };
  readonly worstMaxNormalisedError: { readonly region: string; readonly value: number };
  readonly worstChangeMedianNormalisedError: { readonly region: string; readonly value: number };
  readonly medianOfChangeMedianNormalisedError: number;
}

export interface MetricsBlock {
  readonly label: string;
  readonly runs: number;
  readonly perRegion: readonly ReceptorMetrics[];
  readonly summary: MetricsSummary;
}

export interface ValidationReport {
  /** Independent validation runs (never used in fitting). */
  readonly independent?: MetricsBlock;
  /** k-fold cross-validation on the training runs (selected terms refitted per fold). */
  readonly crossValidation?: MetricsBlock;
  /** Runs near the trade counterfactual (all emissions cut 30–60 %). */
  readonly tradeCounterfactual?: MetricsBlock;
  /** Baseline calibration of the CTM against observations, if the CTM was calibrated. */
  readonly calibration?: {
    readonly observedSource: string;
    readonly rBeforeCalibration: number;
    readonly nmbBeforeCalibration: number;
    readonly r: number;
    readonly nmb: number;
  };
}

export interface ResponseSurfaceProvenance {
  /** 'standin' = the reduced-form stand-in CTM of this project; 'ctm-runs' = imported runs. */
  readonly ctmKind: 'standin' | 'ctm-runs';
  /** Label printed with every output, e.g. "STAND-IN CTM (not CMAQ)". */
  readonly label: string;
  readonly description: string;
  readonly baselineEmissionsSource: string;
  readonly seed?: number;
  readonly trainingRuns: number;
  readonly validationRuns: number;
  readonly design: string;
  readonly fitting: string;
  readonly builtWith: string;
}

export interface ResponseSurface {
  readonly schema: 'vchain.pf-ersm/1';
  readonly regions: readonly string[];
  readonly precursors: readonly Precursor[];
  readonly unit: string; // µg/m³
  readonly baselineEmissions: PrecursorEmissions;
  readonly baselineConcentration: RegionVector;
  readonly receptors: readonly ReceptorSurface[];
  /** Training range of each input ratio (length G·5, index v = j·5 + p). */
  readonly trainingRange: { readonly min: Float64Array; readonly max: Float64Array };
  readonly termSet: TermSetConfig;
  readonly ridge: number;
  readonly validation: ValidationReport;
  readonly provenance: ResponseSurfaceProvenance;
}

// ---------------------------------------------------------------------------------------------
// Compilation into flat typed arrays (fast prediction)

/**
 * Each term becomes up to three indices into a per-scenario power table P (length 3·nInputs + 1):
 * P[3v + a − 1] = Δe_v^a. Exponents above 3 are not allowed (total degree ≤ 3). Per receptor the
 * terms are grouped by factor count (one, two, three factors), so the inner loops carry no padding.
 * Receptor i's one-factor terms are [start1[i], start2[i]), two-factor [start2[i], start3[i]),
 * three-factor [start3[i], start1[i+1]).
 */
export interface CompiledSurface {
  readonly nInputs: number;
  readonly nReceptors: number;
  readonly start1: Int32Array; // length nReceptors + 1
  readonly start2: Int32Array;
  readonly start3: Int32Array;
  readonly f0: Int32Array;
  readonly f1: Int32Array;
  readonly f2: Int32Array;
  readonly coef: Float64Array;
  readonly base: Float64Array;
}

const compiledCache = new WeakMap<ResponseSurface, CompiledSurface>();

export function termDegree(t: MonomialTerm): number {
  let d = 0;
  for (const a of t.exps) d += a;
  return d;
}

export function compileSurface(model: ResponseSurface): CompiledSurface {
  const hit = compiledCache.get(model);
  if (hit) return hit;
  const G = model.regions.length;
  const nInputs = G * PRECURSOR_COUNT;
  let total = 0;
  for (const r of model.receptors) total += r.terms.length;
  const start1 = new Int32Array(G + 1);
  const start2 = new Int32Array(G);
  const start3 = new Int32Array(G);
  const f0 = new Int32Array(total);
  const f1 = new Int32Array(total);
  const f2 = new Int32Array(total);
  const coef = new Float64Array(total);
  let k = 0;
  for (let i = 0; i < G; i++) {
    const rs = model.receptors[i];
    const factors = rs.terms.map((t) => termFactors(t, nInputs));
    start1[i] = k;
    for (let n = 1; n <= 3; n++) {
      if (n === 2) start2[i] = k;
      if (n === 3) start3[i] = k;
      for (let t = 0; t < rs.terms.length; t++) {
        const f = factors[t];
        if (f.length !== n) continue;
        f0[k] = f[0];
        f1[k] = f[1] ?? 0;
        f2[k] = f[2] ?? 0;
        coef[k] = rs.coefficients[t];
        k++;
      }
    }
  }
  start1[G] = k;
  const compiled: CompiledSurface = {
    nInputs,
    nReceptors: G,
    start1,
    start2,
    start3,
    f0,
    f1,
    f2,
    coef,
    base: new Float64Array(model.baselineConcentration.values),
  };
  compiledCache.set(model, compiled);
  return compiled;
}

/** Power-table indices of a term; throws if it needs more than 3 factors (degree > 3). */
function termFactors(t: MonomialTerm, nInputs: number): number[] {
  const out: number[] = [];
  for (let f = 0; f < t.vars.length; f++) {
    const v = t.vars[f];
    const a = t.exps[f];
    if (v < 0 || v >= nInputs || a < 1) throw new Error(`invalid monomial factor (var ${v}, exp ${a})`);
    if (a > 3) throw new Error('monomial of total degree > 3 is not supported');
    out.push(3 * v + a - 1);
  }
  if (out.length === 0 || out.length > 3) throw new Error('a monomial needs 1 to 3 factors');
  return out;
}

/** Fills the power table P (length 3·nInputs) from emission changes Δe (length nInputs). */
export function fillPowerTable(delta: ArrayLike<number>, nInputs: number, P: Float64Array): void {
  for (let v = 0; v < nInputs; v++) {
    const d = delta[v];
    const d2 = d * d;
    P[3 * v] = d;
    P[3 * v + 1] = d2;
    P[3 * v + 2] = d2 * d;
  }
}

/** Concentrations of all receptors for one power table (writes out[i], µg/m³). */
export function evaluateCompiled(c: CompiledSurface, P: Float64Array, out: Float64Array): void {
  const { start1, start2, start3, f0, f1, f2, coef, base } = c;
  for (let i = 0; i < c.nReceptors; i++) {
    let s = 0;
    const e2 = start2[i];
    const e3 = start3[i];
    const end = start1[i + 1];
    for (let k = start1[i]; k < e2; k++) s += coef[k] * P[f0[k]];
    for (let k = e2; k < e3; k++) s += coef[k] * P[f0[k]] * P[f1[k]];
    for (let k = e3; k < end; k++) s += coef[k] * P[f0[k]] * P[f1[k]] * P[f2[k]];
    out[i] = base[i] + s;
  }
}

// ---------------------------------------------------------------------------------------------
// Ratios

/** Flattens ratios into Δe = e − 1 (index v = j·5 + p), checking the region order. */
export function ratioChanges(model: ResponseSurface, ratios: EmissionRatios): Float64Array {
  const G = model.regions.length;
  if (ratios.regions.length !== G || ratios.regions.some((r, i) => r !== model.regions[i]))
    throw new Error(
      'emission ratios: regions differ from the response surface regions (same order required)',
    );
  const delta = new Float64Array(G * PRECURSOR_COUNT);
  for (let p = 0; p < PRECURSOR_COUNT; p++) {
    const arr = ratios.ratios[PRECURSORS[p]];
    if (!arr || arr.length !== G) throw new Error(`emission ratios: ${PRECURSORS[p]} must have length ${G}`);
    for (let j = 0; j < G; j++) {
      const e = arr[j];
      if (!Number.isFinite(e) || e < 0)
        throw new Error(`emission ratio ${PRECURSORS[p]} of ${model.regions[j]} is ${e}; expected ≥ 0`);
      delta[j * PRECURSOR_COUNT + p] = e - 1;
    }
  }
  return delta;
}

/** All ratios = 1 (the baseline). */
export function baselineRatios(regions: readonly string[]): EmissionRatios {
  const ratios = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) ratios[p] = new Float64Array(regions.length).fill(1);
  return { regions, ratios };
}

/** e = E / E⁰ against the model's baseline emissions (0/0 → 1: nothing to scale). */
export function ratiosFromEmissions(model: ResponseSurface, emissions: PrecursorEmissions): EmissionRatios {
  const G = model.regions.length;
  if (emissions.regions.length !== G || emissions.regions.some((r, i) => r !== model.regions[i]))
    throw new Error('emissions: regions differ from the response surface regions');
  const ratios = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const e = new Float64Array(G);
    const base = model.baselineEmissions.byPrecursor[p];
    const now = emissions.byPrecursor[p];
    for (let j = 0; j < G; j++) {
      if (base[j] > 0) e[j] = now[j] / base[j];
      else if (now[j] === 0) e[j] = 1;
      else
        throw new Error(
          `emissions of ${p} in ${model.regions[j]} are ${now[j]} t but the baseline is 0: the ratio is undefined`,
        );
    }
    ratios[p] = e;
  }
  return { regions: model.regions, ratios };
}
