import { type Matrix, zeros } from '../linalg/matrix.ts';
import { PRECURSORS, type Precursor } from '../mrio/model.ts';
import type { IndicatorAccounts } from '../mrio/results.ts';
import { decomposeValueChain } from '../mrio/valueChain.ts';
import type { LiveBasis } from './liveBasis.ts';
import type { PreparedAnalysis } from './prepare.ts';

/** Multiplies emission intensities: of one region, sector and/or precursor (all when omitted). */
export interface IntensityScaling {
  readonly region?: string;
  readonly sector?: string;
  readonly precursor?: Precursor;
  readonly factor: number;
}

/**
 * A precursor's value-chain accounts aggregated as the analysis needs them (METHODS §2–4, §7),
 * in tonnes. Arrays of length G are by emitting region.
 */
export interface EmissionAccounts {
  readonly precursor: Precursor;
  readonly indicator: string;
  readonly unit: string;
  readonly production: Float64Array;
  readonly intraRegional: Float64Array;
  readonly importsEmbodied: Float64Array;
  readonly finalExports: Float64Array;
  readonly intermediateExports: Float64Array;
  /** Parts 2+3+4 (METHODS §7). */
  readonly tradeRelated: Float64Array;
  readonly direct: Float64Array;
  /** E⁰ of this scenario = production + direct. */
  readonly baseline: Float64Array;
  /** E⁰ − trade-related. */
  readonly counterfactual: Float64Array;
  /** EX_sr terms per exported sector i of s: (s·G + r)·N + i. */
  readonly exFinal: Float64Array;
  readonly exIntermediate: Float64Array;
  /** FE_sr by upstream origin t: (s·G + r)·G + t. */
  readonly feByOrigin: Float64Array;
  /** M[s,r] = f_s Σ_t B_st y_tr. */
  readonly flows: Matrix;
  /** Consumption-based account per consuming region: column sums of M. */
  readonly consumption: Float64Array;
}

function sumByRegion(v: Float64Array, G: number, N: number): Float64Array {
  const out = new Float64Array(G);
  for (let s = 0; s < G; s++) for (let i = 0; i < N; i++) out[s] += v[s * N + i];
  return out;
}

/** Aggregates an IndicatorAccounts (with region factors k applied to whatever is emitted in that region). */
function fromAccounts(
  p: Precursor,
  acc: IndicatorAccounts,
  direct: Float64Array,
  G: number,
  N: number,
  k?: Float64Array,
): EmissionAccounts {
  const scale = (v: Float64Array, width: number, regionOf: (idx: number) => number) => {
    if (!k) return v;
    const out = new Float64Array(v.length);
    for (let j = 0; j < v.length; j++) out[j] = v[j] * k[regionOf(j)];
    void width;
    return out;
  };
  const byS = (j: number) => Math.floor(j / N);
  const bySofSRI = (j: number) => Math.floor(j / (G * N));
  const byT = (j: number) => j % G;
  const production = sumByRegion(scale(acc.production, N, byS), G, N);
  const intraRegional = sumByRegion(scale(acc.intraRegional, N, byS), G, N);
  const importsEmbodied = sumByRegion(scale(acc.importsEmbodied, N, byS), G, N);
  const finalExports = sumByRegion(scale(acc.finalExports, N, byS), G, N);
  const intermediateExports = sumByRegion(scale(acc.intermediateExports, N, byS), G, N);
  const flows = zeros(G, G);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) flows.data[s * G + r] = acc.flows.data[s * G + r] * (k ? k[s] : 1);
  const consumption = new Float64Array(G);
  for (let s = 0; s < G; s++) for (let r = 0; r < G; r++) consumption[r] += flows.data[s * G + r];
  return finish(p, acc.indicator, acc.unit, G, {
    production,
    intraRegional,
    importsEmbodied,
    finalExports,
    intermediateExports,
    direct,
    exFinal: scale(acc.exFinal, N, bySofSRI),
    exIntermediate: scale(acc.exIntermediate, N, bySofSRI),
    feByOrigin: scale(acc.feByOrigin, G, byT),
    flows,
    consumption,
  });
}

function finish(
  precursor: Precursor,
  indicator: string,
  unit: string,
  G: number,
  a: Omit<
    EmissionAccounts,
    'precursor' | 'indicator' | 'unit' | 'tradeRelated' | 'baseline' | 'counterfactual'
  >,
): EmissionAccounts {
  const tradeRelated = new Float64Array(G);
  const baseline = new Float64Array(G);
  const counterfactual = new Float64Array(G);
  for (let s = 0; s < G; s++) {
    tradeRelated[s] = a.importsEmbodied[s] + a.finalExports[s] + a.intermediateExports[s];
    baseline[s] = a.production[s] + a.direct[s];
    // Guard against −1e-12 from rounding: emissions cannot go below zero.
    counterfactual[s] = Math.max(0, baseline[s] - tradeRelated[s]);
  }
  return { precursor, indicator, unit, ...a, tradeRelated, baseline, counterfactual };
}

/** Per (precursor, region, sector) factors from a list of scalings (multiplicative). */
export function scalingFactors(
  prepared: PreparedAnalysis,
  scalings: readonly IntensityScaling[],
): { factors: Record<Precursor, Float64Array>; sectorSpecific: boolean } {
  const { G, N, regions, sectors } = prepared;
  const factors = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) factors[p] = new Float64Array(G * N).fill(1);
  let sectorSpecific = false;
  for (const sc of scalings) {
    if (!(sc.factor >= 0) || !Number.isFinite(sc.factor))
      throw new Error(`intensity scaling factor must be a finite number ≥ 0, got ${sc.factor}`);
    const r = sc.region === undefined ? -1 : regions.indexOf(sc.region);
    const i = sc.sector === undefined ? -1 : sectors.indexOf(sc.sector);
    if (sc.region !== undefined && r < 0) throw new Error(`intensity scaling: unknown region '${sc.region}'`);
    if (sc.sector !== undefined && i < 0) throw new Error(`intensity scaling: unknown sector '${sc.sector}'`);
    if (i >= 0) sectorSpecific = true;
    for (const p of PRECURSORS) {
      if (sc.precursor !== undefined && sc.precursor !== p) continue;
      for (let s = 0; s < G; s++) {
        if (r >= 0 && s !== r) continue;
        for (let j = 0; j < N; j++) if (i < 0 || j === i) factors[p][s * N + j] *= sc.factor;
      }
    }
  }
  return { factors, sectorSpecific };
}

/**
 * Emission accounts of a scenario. Region-uniform scalings use linearity (every region-indexed
 * quantity scales with its emitting region's factor, METHODS §2–4); sector-specific ones
 * re-decompose the five emission rows with the scaled intensities (exact).
 */
export function scenarioEmissionAccounts(
  prepared: PreparedAnalysis,
  scalings: readonly IntensityScaling[] = [],
): Record<Precursor, EmissionAccounts> {
  const { G, N } = prepared;
  const out = {} as Record<Precursor, EmissionAccounts>;
  const { factors, sectorSpecific } = scalingFactors(prepared, scalings);
  if (!sectorSpecific) {
    for (const p of PRECURSORS) {
      const k = new Float64Array(G);
      let any = false;
      for (let s = 0; s < G; s++) {
        k[s] = factors[p][s * N];
        if (k[s] !== 1) any = true;
      }
      out[p] = fromAccounts(p, prepared.accounts.emissions[p], prepared.direct[p], G, N, any ? k : undefined);
    }
    return out;
  }
  const mrio = prepared.dataset.mrio;
  const scaled = PRECURSORS.map((p) => {
    const sat = prepared.satellites.emissions[p];
    const v = new Float64Array(sat.values.length);
    for (let j = 0; j < v.length; j++) v[j] = sat.values[j] * factors[p][j];
    return { ...sat, values: v };
  });
  const vc = decomposeValueChain({ ...mrio, satellites: scaled }, { indicators: scaled.map((s) => s.name) });
  PRECURSORS.forEach((p, q) => {
    out[p] = fromAccounts(p, vc.indicators[q], prepared.direct[p], G, N);
  });
  return out;
}

/** The baseline (unscaled) emission accounts of every precursor, aggregated once. */
export function baselineEmissionAccounts(prepared: PreparedAnalysis): Record<Precursor, EmissionAccounts> {
  const out = {} as Record<Precursor, EmissionAccounts>;
  for (const p of PRECURSORS)
    out[p] = fromAccounts(p, prepared.accounts.emissions[p], prepared.direct[p], prepared.G, prepared.N);
  return out;
}

/**
 * Emission accounts of scaled intensities f' = f ⊙ k from the live basis, any scalings (also
 * per sector), with no solve (METHODS §2–4, see LiveBasis): parts and production are
 * f'_{s,i} × the output decomposition, EX from f'_s B_ss and f'_s L_ss, FE by origin as the
 * baseline plus Σ_{j: k_j ≠ 1} (f'_j − f_j) feCoef[j, ·], flows from X = B·y. Precursors
 * whose factors are all 1 return the baseline accounts themselves.
 */
export function liveEmissionAccounts(
  prepared: PreparedAnalysis,
  basis: LiveBasis,
  factors: Readonly<Record<Precursor, Float64Array>>,
  baseline: Readonly<Record<Precursor, EmissionAccounts>>,
): Record<Precursor, EmissionAccounts> {
  const { G, N } = prepared;
  const n = G * N;
  const G2 = G * G;
  const out = {} as Record<Precursor, EmissionAccounts>;
  const o = prepared.accounts.output;
  const { y, exInner, X } = basis.ds;
  const fBs = new Float64Array(N);
  const fLs = new Float64Array(N);
  for (const p of PRECURSORS) {
    const k = factors[p];
    let changed = false;
    for (let j = 0; j < n; j++)
      if (k[j] !== 1) {
        changed = true;
        break;
      }
    if (!changed) {
      out[p] = baseline[p];
      continue;
    }
    const f0 = prepared.intensity[p];
    const production = new Float64Array(G);
    const intraRegional = new Float64Array(G);
    const importsEmbodied = new Float64Array(G);
    const finalExports = new Float64Array(G);
    const intermediateExports = new Float64Array(G);
    const exFinal = new Float64Array(G2 * N);
    const exIntermediate = new Float64Array(G2 * N);
    const feByOrigin = Float64Array.from(prepared.accounts.emissions[p].feByOrigin);
    const flows = zeros(G, G);
    const m = flows.data;
    for (let s = 0; s < G; s++) {
      fBs.fill(0);
      fLs.fill(0);
      for (let a = 0; a < N; a++) {
        const j = s * N + a;
        const f = f0[j] * k[j];
        production[s] += f * o.production[j];
        intraRegional[s] += f * o.intraRegional[j];
        importsEmbodied[s] += f * o.importsEmbodied[j];
        finalExports[s] += f * o.finalExports[j];
        intermediateExports[s] += f * o.intermediateExports[j];
        if (f !== 0) {
          const row = (s * N + a) * N;
          for (let i = 0; i < N; i++) {
            fBs[i] += f * basis.Bss[row + i];
            fLs[i] += f * basis.Lss[row + i];
          }
          for (let r = 0; r < G; r++) m[s * G + r] += f * X.data[j * G + r];
        }
        // FE_sr by origin s of every other exporter: only rows whose intensity changed.
        const d = f - f0[j];
        if (d !== 0) {
          const c = j * G2;
          for (let q = 0; q < G2; q++) feByOrigin[q * G + s] += d * basis.feCoef[c + q];
        }
      }
      for (let r = 0; r < G; r++) {
        if (r === s) continue;
        const b = (s * G + r) * N;
        for (let i = 0; i < N; i++) {
          exFinal[b + i] = fBs[i] * y.data[(s * N + i) * G + r];
          exIntermediate[b + i] = fLs[i] * exInner[b + i];
        }
      }
    }
    const consumption = new Float64Array(G);
    for (let s = 0; s < G; s++) for (let r = 0; r < G; r++) consumption[r] += m[s * G + r];
    const acc = prepared.accounts.emissions[p];
    out[p] = finish(p, acc.indicator, acc.unit, G, {
      production,
      intraRegional,
      importsEmbodied,
      finalExports,
      intermediateExports,
      direct: prepared.direct[p],
      exFinal,
      exIntermediate,
      feByOrigin,
      flows,
      consumption,
    });
  }
  return out;
}

/**
 * Trade-related emissions per region from the unit-intensity basis (PreparedAnalysis):
 * Σ_i f'_{s,i} · tradeOutput[s,i]. Used to cross-check and for the fastest what-ifs.
 */
export function tradeRelatedFromBasis(
  prepared: PreparedAnalysis,
  p: Precursor,
  factors?: Float64Array,
): Float64Array {
  const { G, N } = prepared;
  const f = prepared.intensity[p];
  const out = new Float64Array(G);
  for (let j = 0; j < G * N; j++)
    out[Math.floor(j / N)] += f[j] * (factors ? factors[j] : 1) * prepared.tradeOutput[j];
  return out;
}
