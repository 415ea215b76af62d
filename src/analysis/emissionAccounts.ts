import { type Matrix, zeros } from '../linalg/matrix.ts';
import { PRECURSORS, type Precursor, type SectorRoleClass } from '../mrio/model.ts';
import type { IndicatorAccounts } from '../mrio/results.ts';
import { decomposeValueChain } from '../mrio/valueChain.ts';
import { type ExportTonnes, seedExportTonnes } from './damageContent.ts';
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
    const s0 = Math.max(r, 0);
    const s1 = r >= 0 ? r + 1 : G;
    const j0 = Math.max(i, 0);
    const j1 = i >= 0 ? i + 1 : N;
    for (const p of PRECURSORS) {
      if (sc.precursor !== undefined && sc.precursor !== p) continue;
      const k = factors[p];
      for (let s = s0; s < s1; s++) for (let j = j0; j < j1; j++) k[s * N + j] *= sc.factor;
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
  const f = new Float64Array(n);
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
    for (let j = 0; j < n; j++) f[j] = f0[j] * k[j];
    // Only the regions whose intensities changed differ from the baseline terms (same per-region
    // arithmetic, so the others are copied bit for bit).
    const mask = new Uint8Array(G);
    for (let j = 0; j < n; j++) if (k[j] !== 1) mask[(j / N) | 0] = 1;
    const b0 = liveBaselineTerms(prepared, basis, p);
    const production = regionDot(f, o.production, G, N, b0.production, mask);
    const intraRegional = regionDot(f, o.intraRegional, G, N, b0.intraRegional, mask);
    const importsEmbodied = regionDot(f, o.importsEmbodied, G, N, b0.importsEmbodied, mask);
    const finalExports = regionDot(f, o.finalExports, G, N, b0.finalExports, mask);
    const intermediateExports = regionDot(f, o.intermediateExports, G, N, b0.intermediateExports, mask);
    // f_s B_ss and f_s L_ss (METHODS §3, EX_sr).
    const fB = Float64Array.from(b0.fB);
    const fL = Float64Array.from(b0.fL);
    rowTimesDiagonalBlocks(f, basis.Bss, G, N, fB, mask);
    rowTimesDiagonalBlocks(f, basis.Lss, G, N, fL, mask);
    // FE_sr by origin (G³) only when someone reads it: the live path uses the baseline plus the
    // few changed intensities (feChangesOf) for its sums.
    const feBase = prepared.accounts.emissions[p].feByOrigin;
    const changes = feChangeList(f, f0);
    const flows = zeros(G, G);
    const m = flows.data;
    m.set(b0.flows);
    flowRows(f, X.data, G, N, m, mask);
    const consumption = new Float64Array(G);
    for (let s = 0; s < G; s++) for (let r = 0; r < G; r++) consumption[r] += m[s * G + r];
    const acc = prepared.accounts.emissions[p];
    const em = finish(p, acc.indicator, acc.unit, G, {
      production,
      intraRegional,
      importsEmbodied,
      finalExports,
      intermediateExports,
      direct: prepared.direct[p],
      exFinal: EMPTY,
      exIntermediate: EMPTY,
      feByOrigin: EMPTY,
      flows,
      consumption,
    });
    // EX_sr per exported sector (G²·N each) only when someone reads it; the live path needs only
    // its sums, given here from f_s B_ss and f_s L_ss directly (damageContent.ts).
    let exF: Float64Array | undefined;
    let exI: Float64Array | undefined;
    const materialise = () => {
      exF = new Float64Array(G2 * N);
      exI = new Float64Array(G2 * N);
      exportContent(fB, fL, y.data, exInner, G, N, exF, exI);
    };
    Object.defineProperty(em, 'exFinal', {
      enumerable: true,
      get: () => {
        if (!exF) materialise();
        return exF!;
      },
    });
    Object.defineProperty(em, 'exIntermediate', {
      enumerable: true,
      get: () => {
        if (!exI) materialise();
        return exI!;
      },
    });
    let fe: Float64Array | undefined;
    Object.defineProperty(em, 'feByOrigin', {
      enumerable: true,
      get: () => {
        if (!fe) {
          fe = new Float64Array(feBase);
          addFeChanges(changes, basis.feCoef, G, N, fe);
        }
        return fe;
      },
    });
    feChanges.set(em, { base: feBase, baseAccounts: baseline[p], ...changes, coef: basis.feCoef, basis });
    seedExportTonnes(
      em,
      exportTonnes(fB, fL, basis, prepared.dataset.sectorRoleClass, G, N, b0.tonnes, mask),
    );
    out[p] = em;
  }
  return out;
}

const EMPTY = new Float64Array(0);

/**
 * Σ_i EX_sr,i per pair and EX tonnes by product role (METHODS §4, paper §3.4) from f_s B_ss and
 * f_s L_ss: final = Σ_i (f_s B_ss)_i Σ_{r≠s} y_sr,i; intermediate by the class of sector i.
 */
function exportTonnes(
  fB: Float64Array,
  fL: Float64Array,
  basis: LiveBasis,
  roleClass: readonly SectorRoleClass[],
  G: number,
  N: number,
  /** Terms of the regions outside `mask` (copied), and the mask of regions to compute. */
  from?: ExportTonnes,
  mask?: Uint8Array,
): ExportTonnes {
  const y = basis.ds.y.data;
  const inner = basis.ds.exInner;
  const local = from ? Float64Array.from(from.local) : new Float64Array(G * G);
  const fin = from ? Float64Array.from(from.roles.final) : new Float64Array(G);
  const res = from ? Float64Array.from(from.roles.resource_energy_intermediate) : new Float64Array(G);
  const oth = from ? Float64Array.from(from.roles.other_intermediate) : new Float64Array(G);
  for (let s = 0; s < G; s++) {
    if (mask && !mask[s]) continue;
    const o = s * N;
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      const b = (s * G + r) * N;
      let l = 0;
      for (let i = 0; i < N; i++) l += fB[o + i] * y[(o + i) * G + r] + fL[o + i] * inner[b + i];
      local[s * G + r] = l;
    }
    let fs = 0;
    let rs = 0;
    let os = 0;
    for (let i = 0; i < N; i++) {
      fs += fB[o + i] * basis.exportFinalDemand[o + i];
      const m = fL[o + i] * basis.exInnerSum[o + i];
      if (roleClass[i] === 'resource_energy') rs += m;
      else os += m;
    }
    fin[s] = fs;
    res[s] = rs;
    oth[s] = os;
  }
  return { local, roles: { final: fin, resource_energy_intermediate: res, other_intermediate: oth } };
}

/**
 * The live formulas at the baseline intensities f0 for one precursor, per basis: a what-if
 * recomputes only the regions whose intensities it changes and copies the rest from here.
 */
interface LiveBaselineTerms {
  readonly production: Float64Array;
  readonly intraRegional: Float64Array;
  readonly importsEmbodied: Float64Array;
  readonly finalExports: Float64Array;
  readonly intermediateExports: Float64Array;
  readonly fB: Float64Array;
  readonly fL: Float64Array;
  readonly flows: Float64Array;
  readonly tonnes: ExportTonnes;
}

const baselineTermsCache = new WeakMap<LiveBasis, Map<Precursor, LiveBaselineTerms>>();

function liveBaselineTerms(prepared: PreparedAnalysis, basis: LiveBasis, p: Precursor): LiveBaselineTerms {
  let cache = baselineTermsCache.get(basis);
  if (!cache) {
    cache = new Map();
    baselineTermsCache.set(basis, cache);
  }
  const hit = cache.get(p);
  if (hit) return hit;
  const { G, N } = prepared;
  const n = G * N;
  const f0 = prepared.intensity[p];
  const o = prepared.accounts.output;
  const fB = new Float64Array(n);
  const fL = new Float64Array(n);
  rowTimesDiagonalBlocks(f0, basis.Bss, G, N, fB);
  rowTimesDiagonalBlocks(f0, basis.Lss, G, N, fL);
  const flows = new Float64Array(G * G);
  flowRows(f0, basis.ds.X.data, G, N, flows);
  const t: LiveBaselineTerms = {
    production: regionDot(f0, o.production, G, N),
    intraRegional: regionDot(f0, o.intraRegional, G, N),
    importsEmbodied: regionDot(f0, o.importsEmbodied, G, N),
    finalExports: regionDot(f0, o.finalExports, G, N),
    intermediateExports: regionDot(f0, o.intermediateExports, G, N),
    fB,
    fL,
    flows,
    tonnes: exportTonnes(fB, fL, basis, prepared.dataset.sectorRoleClass, G, N),
  };
  cache.set(p, t);
  return t;
}

/** out[s] = Σ_i f_{s,i} v_{s,i} (only regions in `mask`, the others copied from `from`). */
function regionDot(
  f: Float64Array,
  v: Float64Array,
  G: number,
  N: number,
  from?: Float64Array,
  mask?: Uint8Array,
): Float64Array {
  const out = from ? Float64Array.from(from) : new Float64Array(G);
  for (let s = 0; s < G; s++) {
    if (mask && !mask[s]) continue;
    let acc = 0;
    for (let i = s * N, e = i + N; i < e; i++) acc += f[i] * v[i];
    out[s] = acc;
  }
  return out;
}

/** out block s = f_s · blocks_s (N×N blocks, row-major); only blocks in `mask` when given. */
function rowTimesDiagonalBlocks(
  f: Float64Array,
  blocks: Float64Array,
  G: number,
  N: number,
  out: Float64Array,
  mask?: Uint8Array,
): void {
  for (let s = 0; s < G; s++) {
    if (mask && !mask[s]) continue;
    const o = s * N;
    out.fill(0, o, o + N);
    for (let a = 0; a < N; a++) {
      const fa = f[o + a];
      if (fa === 0) continue;
      const row = (o + a) * N;
      for (let i = 0; i < N; i++) out[o + i] += fa * blocks[row + i];
    }
  }
}

/** EX_sr terms per exported sector (METHODS §3) from f_s B_ss and f_s L_ss. */
function exportContent(
  fB: Float64Array,
  fL: Float64Array,
  y: Float64Array,
  exInner: Float64Array,
  G: number,
  N: number,
  exFinal: Float64Array,
  exIntermediate: Float64Array,
): void {
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      const b = (s * G + r) * N;
      const o = s * N;
      for (let i = 0; i < N; i++) {
        exFinal[b + i] = fB[o + i] * y[(o + i) * G + r];
        exIntermediate[b + i] = fL[o + i] * exInner[b + i];
      }
    }
}

/** The intensities a what-if changed: indices j and d_j = f_j − f0_j ≠ 0. */
interface IntensityChanges {
  readonly j: Int32Array;
  readonly d: Float64Array;
}

function feChangeList(f: Float64Array, f0: Float64Array): IntensityChanges {
  let m = 0;
  for (let j = 0; j < f.length; j++) if (f[j] - f0[j] !== 0) m++;
  const js = new Int32Array(m);
  const ds = new Float64Array(m);
  m = 0;
  for (let j = 0; j < f.length; j++) {
    const d = f[j] - f0[j];
    if (d === 0) continue;
    js[m] = j;
    ds[m++] = d;
  }
  return { j: js, d: ds };
}

/** FE_sr by origin: baseline plus Σ_{j: f_j ≠ f0_j} (f_j − f0_j) feCoef[j, sr] into origin region(j). */
function addFeChanges(
  changes: IntensityChanges,
  feCoef: Float64Array,
  G: number,
  N: number,
  fe: Float64Array,
): void {
  const G2 = G * G;
  for (let m = 0; m < changes.j.length; m++) {
    const j = changes.j[m];
    const d = changes.d[m];
    const t = (j / N) | 0;
    const c = j * G2;
    for (let q = 0; q < G2; q++) fe[q * G + t] += d * feCoef[c + q];
  }
}

/**
 * FE_sr by origin of live accounts as baseline + changes: FE[sr, t] = base[sr, t] +
 * Σ_{j ∈ t changed} d_j feCoef[j, sr] (METHODS §3, FE_sr; LiveBasis). Sums over FE use this
 * instead of forming the G³ array (equal to rounding).
 */
export interface FeChanges extends IntensityChanges {
  /** FE by origin of the baseline accounts, (s·G + r)·G + t. */
  readonly base: Float64Array;
  /** The baseline accounts themselves. */
  readonly baseAccounts: EmissionAccounts;
  readonly coef: Float64Array;
  readonly basis: LiveBasis;
}

const feChanges = new WeakMap<EmissionAccounts, FeChanges>();

/** The change representation of live accounts' FE by origin (undefined for other accounts). */
export function feChangesOf(em: EmissionAccounts): FeChanges | undefined {
  return feChanges.get(em);
}

const feCoefRowSums = new WeakMap<LiveBasis, Float64Array>();

/** Σ_r feCoef[j, s·G + r] per (j, s), index j·G + s: each changed j's FE summed over importers. */
export function feCoefSumsOverImporters(basis: LiveBasis): Float64Array {
  let out = feCoefRowSums.get(basis);
  if (out) return out;
  const { G, N, feCoef } = basis;
  const n = G * N;
  const G2 = G * G;
  out = new Float64Array(n * G);
  for (let j = 0; j < n; j++)
    for (let s = 0; s < G; s++) {
      let acc = 0;
      for (let r = 0, o = j * G2 + s * G; r < G; r++) acc += feCoef[o + r];
      out[j * G + s] = acc;
    }
  feCoefRowSums.set(basis, out);
  return out;
}

/** M[s,r] = Σ_{j∈s} f_j X[j, r] (METHODS §4); only rows in `mask` (zeroed first) when given. */
function flowRows(
  f: Float64Array,
  X: Float64Array,
  G: number,
  N: number,
  m: Float64Array,
  mask?: Uint8Array,
): void {
  if (mask) for (let s = 0; s < G; s++) if (mask[s]) m.fill(0, s * G, s * G + G);
  for (let j = 0; j < f.length; j++) {
    const fj = f[j];
    if (fj === 0) continue;
    const s = (j / N) | 0;
    if (mask && !mask[s]) continue;
    const o = s * G;
    const x = j * G;
    for (let r = 0; r < G; r++) m[o + r] += fj * X[x + r];
  }
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
