import { type IntensityScaling, scalingFactors } from '../analysis/emissionAccounts.ts';
import type { PreparedAnalysis } from '../analysis/prepare.ts';
import { luSolve } from '../linalg/lu.ts';
import { identity, type Matrix } from '../linalg/matrix.ts';
import {
  bilateralExports,
  consumptionAccounts,
  flowMatrix,
  fourPartDecomposition,
  productionAccounts,
} from '../mrio/decomposition.ts';
import { type DemandSolves, demandSolves, finalDemandByRegion } from '../mrio/demand.ts';
import { leontiefFactor, leontiefInverse, localInverses, technicalCoefficients } from '../mrio/leontief.ts';
import { type Mrio, PRECURSORS, type Precursor } from '../mrio/model.ts';
import type { IndicatorAccounts } from '../mrio/results.ts';

/**
 * Precomputation for intensity what-ifs that differ by sector (e.g. a retrofit of power, steel
 * and cement only). Every emission account is linear in the intensity row f (METHODS §2–4),
 * and the only f-dependent solves are f_t B_t· and f_s L_ss. Keeping the rows of B and of each
 * L_ss (one full inverse, formed once) and those products for the baseline rows, a scaled row
 * f' needs no solve at all, only the rows that changed:
 *   f'_t B_t· = f_t B_t· + Σ_{j∈t, f'_j≠f_j} (f'_j − f_j) B[j,·]   (same for f_s L_ss),
 * while the output-side vectors (DemandSolves) do not depend on f. The accounts are then built
 * by the same src/mrio functions as decomposeValueChain, so they equal a re-decomposition up to
 * rounding (test/server/intensityBasis.test.ts).
 */
export interface IntensityBasis {
  readonly G: number;
  readonly N: number;
  readonly ds: DemandSolves;
  /** Full B = (I − A)⁻¹, n × n, row-major. */
  readonly B: Matrix;
  /** L_ss per region, N × N each. */
  readonly L: readonly Matrix[];
  readonly x: Float64Array;
  /** Baseline rows by name: f, f_t B_t· (G × n) and f_s L_ss (n). */
  readonly rows: ReadonlyMap<
    string,
    { readonly f: Float64Array; readonly fB: Float64Array; readonly fL: Float64Array }
  >;
  readonly seconds: number;
}

/** Adds Σ_{j∈t} d_j B[j,·] into row t of fB and Σ_{j∈s} d_j L_ss[j,·] into block s of fL. */
function addRows(
  B: Matrix,
  L: readonly Matrix[],
  G: number,
  N: number,
  d: Float64Array,
  fB: Float64Array,
  fL: Float64Array,
): void {
  const n = G * N;
  const b = B.data;
  for (let j = 0; j < n; j++) {
    const dj = d[j]!;
    if (dj === 0) continue;
    const t = (j / N) | 0;
    const out = t * n;
    const src = j * n;
    for (let c = 0; c < n; c++) fB[out + c] += dj * b[src + c]!;
    const l = L[t]!.data;
    const li = (j - t * N) * N;
    const o = t * N;
    for (let c = 0; c < N; c++) fL[o + c] += dj * l[li + c]!;
  }
}

export function buildIntensityBasis(
  mrio: Mrio,
  rows: readonly { readonly name: string; readonly f: Float64Array }[],
): IntensityBasis {
  const t0 = performance.now();
  const tc = technicalCoefficients(mrio);
  const lf = leontiefFactor(tc);
  const li = localInverses(tc);
  const ds = demandSolves(tc, lf, li, finalDemandByRegion(mrio));
  const B = leontiefInverse(lf);
  const G = mrio.regions.length;
  const N = mrio.sectors.length;
  const L = li.lu.map((lu) => luSolve(lu, identity(N)));
  const base = new Map<string, { f: Float64Array; fB: Float64Array; fL: Float64Array }>();
  for (const r of rows) {
    const fB = new Float64Array(G * G * N);
    const fL = new Float64Array(G * N);
    addRows(B, L, G, N, r.f, fB, fL);
    base.set(r.name, { f: r.f, fB, fL });
  }
  return { G, N, ds, B, L, x: mrio.x, rows: base, seconds: (performance.now() - t0) / 1000 };
}

/** The value-chain accounts of baseline row `name` with intensities changed to f (no solve). */
export function accountsForIntensity(
  basis: IntensityBasis,
  name: string,
  f: Float64Array,
  unit: string,
): IndicatorAccounts {
  const { G, N, ds } = basis;
  const base = basis.rows.get(name);
  if (!base) throw new Error(`intensity basis has no row '${name}'`);
  const n = G * N;
  const d = Float64Array.from(f, (v, j) => v - base.f[j]!);
  const fB = new Float64Array(base.fB);
  const fL = new Float64Array(base.fL);
  addRows(basis.B, basis.L, G, N, d, fB, fL);
  const flows = flowMatrix(ds, f);
  return {
    indicator: name,
    unit,
    production: productionAccounts(f, basis.x),
    ...fourPartDecomposition(ds, f),
    consumption: consumptionAccounts(flows),
    ...bilateralExports(ds, { rows: G, cols: n, data: fB }, fL),
    flows,
  };
}

/**
 * A PreparedAnalysis whose emission accounts and intensities already carry the scalings, so
 * `runScenario(result, { no intensityScaling })` runs the what-if exactly; emission ratios stay
 * relative to the unscaled baseline (prepared.baselineEmissions is kept).
 */
export function preparedWithScaledIntensities(
  prepared: PreparedAnalysis,
  basis: IntensityBasis,
  scalings: readonly IntensityScaling[],
): PreparedAnalysis {
  const { factors } = scalingFactors(prepared, scalings);
  const emissions = { ...prepared.accounts.emissions } as Record<Precursor, IndicatorAccounts>;
  const intensity = { ...prepared.intensity } as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const k = factors[p];
    if (k.every((v) => v === 1)) continue;
    const f = Float64Array.from(prepared.intensity[p], (v, j) => v * k[j]);
    const base = prepared.accounts.emissions[p];
    emissions[p] = accountsForIntensity(basis, base.indicator, f, base.unit);
    intensity[p] = f;
  }
  return { ...prepared, accounts: { ...prepared.accounts, emissions }, intensity };
}
