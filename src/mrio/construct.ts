import type { Matrix } from '../linalg/matrix.ts';
import { MrioError } from './errors.ts';
import type { Mrio, SatelliteAccount } from './model.ts';
import { type ValidationOptions, validateMrio } from './validation.ts';

export interface MrioParts {
  readonly name: string;
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  readonly monetaryUnit: string;
  readonly Z: Matrix;
  readonly categories: readonly string[];
  readonly Y: Matrix;
  /** Total output as given; when absent x = Z·1 + Y·1. */
  readonly x?: Float64Array;
  readonly satellites?: readonly SatelliteAccount[];
  readonly primaryInputs?: readonly { readonly name: string; readonly values: Float64Array }[];
  readonly warnings?: readonly string[];
  /** What the reader folded or derived (see Mrio.notes). */
  readonly notes?: readonly string[];
}

export interface AssembleOptions extends ValidationOptions {
  /** METHODS §1: this final-demand category is moved to the producing region's own y_ss. */
  readonly exportCategory?: string;
}

/** x = Z·1 + Y·1. */
export function totalOutput(Z: Matrix, Y: Matrix): Float64Array {
  const n = Z.rows;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < Z.cols; j++) s += Z.data[i * Z.cols + j];
    for (let c = 0; c < Y.cols; c++) s += Y.data[i * Y.cols + c];
    x[i] = s;
  }
  return x;
}

/**
 * METHODS §1, international exports: the amounts of `category` bought by any region r from
 * (s, i) are treated as the producing region's own final demand y_ss (moved to column (s, category)).
 */
export function foldExportCategory(m: Mrio, category: string): Mrio {
  const K = m.finalDemand.categories.length;
  const k = m.finalDemand.categories.indexOf(category);
  if (k < 0)
    throw new MrioError(
      `export category '${category}' not found`,
      undefined,
      undefined,
      `one of ${m.finalDemand.categories.map((c) => `'${c}'`).join(', ')}`,
    );
  const G = m.regions.length;
  const N = m.sectors.length;
  const Y = new Float64Array(m.finalDemand.Y.data);
  const cols = G * K;
  for (let i = 0; i < G * N; i++) {
    const s = Math.floor(i / N);
    let total = 0;
    for (let r = 0; r < G; r++) {
      total += Y[i * cols + r * K + k];
      Y[i * cols + r * K + k] = 0;
    }
    Y[i * cols + s * K + k] = total;
  }
  return { ...m, finalDemand: { categories: m.finalDemand.categories, Y: { rows: G * N, cols, data: Y } } };
}

/** Builds and validates a labelled table from its parts (readers call this). Throws MrioError. */
export function assembleMrio(parts: MrioParts, options: AssembleOptions = {}): Mrio {
  const x = parts.x ?? totalOutput(parts.Z, parts.Y);
  let m: Mrio = {
    name: parts.name,
    regions: parts.regions,
    sectors: parts.sectors,
    monetaryUnit: parts.monetaryUnit,
    Z: parts.Z,
    finalDemand: { categories: parts.categories, Y: parts.Y },
    x,
    satellites: parts.satellites ?? [],
    primaryInputs: parts.primaryInputs,
  };
  const warnings = [...(parts.warnings ?? [])];
  if (options.exportCategory !== undefined) m = foldExportCategory(m, options.exportCategory);
  warnings.push(...validateMrio(m, options));
  return { ...m, warnings, ...(parts.notes && parts.notes.length > 0 ? { notes: parts.notes } : {}) };
}
