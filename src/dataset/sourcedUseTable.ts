import type { Matrix } from '../linalg/matrix.ts';

/**
 * An MRIO in sourced-use form: each province's own use tables (province-specific technology)
 * times the share of each use supplied by each province (docs/dataset.md, "Stored format"):
 *
 *   Z[(s,i),(r,j)] = source[i][s][r] · use[r][i][j]
 *   Y[(s,i),(r,k)] = source[i][s][r] · finalUse[r][i][k]     (k a sourced final-use category)
 *   Y[(s,i),(s,k)] = ownDemand[s][i][k]                       (k an own-province category: exports)
 *   imports[(r,j)] = Σ_i foreign[r][i] · use[r][i][j]          (primary-input row)
 *
 * with Σ_s source[i][s][r] + foreign[r][i] = 1 wherever province r uses product i. Storing these
 * factors is exact and ~10× smaller than storing Z.
 */
export interface SourcedUseTable {
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  readonly monetaryUnit: string;
  /** Total (all-origin) intermediate use, G·N·N: (r·N + i)·N + j. */
  readonly use: Float64Array;
  readonly finalUseCategories: readonly string[];
  /** Total final use, G·N·Kf: (r·N + i)·Kf + k. */
  readonly finalUse: Float64Array;
  /** Domestic sourcing shares, N·G·G: (i·G + s)·G + r. */
  readonly source: Float64Array;
  /** Foreign-import share of each province's use of each product, G·N. */
  readonly foreign: Float64Array;
  readonly ownCategories: readonly string[];
  /** (s·N + i)·Ko + k. */
  readonly ownDemand: Float64Array;
  /** Stored primary-input rows besides imports (value added), each G·N. */
  readonly valueAdded: readonly { readonly name: string; readonly values: Float64Array }[];
}

export const IMPORTS_ROW = 'imports';

/** Final-demand category order of the expanded table: sourced categories then own categories. */
export function sourcedCategories(t: SourcedUseTable): string[] {
  return [...t.finalUseCategories, ...t.ownCategories];
}

/** Expands the sourced-use form into dense Z (n×n), Y (n×G·K) and the imports row. */
export function expandSourcedUseTable(t: SourcedUseTable): { Z: Matrix; Y: Matrix; imports: Float64Array } {
  const G = t.regions.length;
  const N = t.sectors.length;
  const n = G * N;
  const Kf = t.finalUseCategories.length;
  const Ko = t.ownCategories.length;
  const K = Kf + Ko;
  const Z = new Float64Array(n * n);
  const Y = new Float64Array(n * G * K);
  for (let s = 0; s < G; s++) fillSupplierRows(t, s, G, N, Kf, Ko, Z, Y);
  const imports = new Float64Array(n);
  for (let r = 0; r < G; r++)
    for (let i = 0; i < N; i++) {
      const f = t.foreign[r * N + i];
      if (f === 0) continue;
      const uo = (r * N + i) * N;
      for (let j = 0; j < N; j++) imports[r * N + j] += f * t.use[uo + j];
    }
  return { Z: { rows: n, cols: n, data: Z }, Y: { rows: n, cols: G * K, data: Y }, imports };
}

function fillSupplierRows(
  t: SourcedUseTable,
  s: number,
  G: number,
  N: number,
  Kf: number,
  Ko: number,
  Z: Float64Array,
  Y: Float64Array,
): void {
  const n = G * N;
  const K = Kf + Ko;
  for (let i = 0; i < N; i++) {
    const zRow = (s * N + i) * n;
    const yRow = (s * N + i) * G * K;
    for (let r = 0; r < G; r++) {
      const sh = t.source[(i * G + s) * G + r];
      if (sh === 0) continue;
      const uo = (r * N + i) * N;
      const zo = zRow + r * N;
      for (let j = 0; j < N; j++) Z[zo + j] = sh * t.use[uo + j];
      const fo = (r * N + i) * Kf;
      for (let k = 0; k < Kf; k++) Y[yRow + r * K + k] = sh * t.finalUse[fo + k];
    }
    for (let k = 0; k < Ko; k++) Y[yRow + s * K + Kf + k] = t.ownDemand[(s * N + i) * Ko + k];
  }
}
