import type { Matrix } from '../linalg/matrix.ts';

/** The five PM2.5 precursors the air-quality model takes (METHODS §5). PPM = primary PM2.5. */
export const PRECURSORS = ['SO2', 'NOx', 'NH3', 'VOC', 'PPM'] as const;
export type Precursor = (typeof PRECURSORS)[number];

/** What a satellite account measures; drives which analyses use it. */
export type SatelliteKind = 'income' | 'income_component' | 'employment' | 'emission' | 'other';

/**
 * One satellite account (a row of F, METHODS §1): totals per (region, sector), in `unit`.
 * `direct` holds emissions by final users (households' own burning, driving) per consuming
 * region, not attributable to any production sector (pymrio's F_Y summed over categories).
 */
export interface SatelliteAccount {
  readonly name: string; // e.g. 'social_income', 'compensation', 'employment', 'SO2'
  readonly unit: string; // e.g. '10^4 CNY', 'persons', 't'
  readonly kind: SatelliteKind;
  /** For kind 'emission': the precursor it feeds into the air-quality model, if any. */
  readonly precursor?: Precursor;
  /** Length n = G·N, index r·N + i (region-major). */
  readonly values: Float64Array;
  /** Length G, optional: final users' direct amounts per region. */
  readonly direct?: Float64Array;
}

/** Final demand: column r·K + k is consuming region r, category k (METHODS §1). */
export interface FinalDemand {
  readonly categories: readonly string[]; // K category labels, same for every region
  readonly Y: Matrix; // n × (G·K)
}

/**
 * A labelled multi-regional input–output table. Regions and sectors are ordered; every vector
 * of length n is region-major (index r·N + i). Money in `monetaryUnit`.
 */
export interface Mrio {
  readonly name: string;
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  readonly monetaryUnit: string;
  readonly Z: Matrix; // n × n intermediate flows, rows = supplying (region, sector)
  readonly finalDemand: FinalDemand;
  /** Total output x (given or Z·1 + Y·1). */
  readonly x: Float64Array;
  readonly satellites: readonly SatelliteAccount[];
  /** Labelled rows of primary inputs (value-added components, imports), each length n. */
  readonly primaryInputs?: readonly { readonly name: string; readonly values: Float64Array }[];
  /** Warnings collected while the table was read and validated. */
  readonly warnings?: readonly string[];
  /**
   * What reading did to the table as published: columns or rows folded into others, tables
   * derived (Z from A and x), aggregation. Printed by the commands and recorded in run.json.
   */
  readonly notes?: readonly string[];
}

/** A vector labelled by region (length G), with its unit. */
export interface RegionVector {
  readonly regions: readonly string[];
  readonly unit: string;
  readonly values: Float64Array;
}

/** A G×G matrix labelled by region on both axes (rows = from, columns = to), with its unit. */
export interface RegionMatrix {
  readonly regions: readonly string[];
  readonly unit: string;
  readonly values: Matrix;
}

/** Provincial emissions of the five precursors: values[p][r] in tonnes per year. */
export interface PrecursorEmissions {
  readonly regions: readonly string[];
  readonly unit: 't';
  readonly byPrecursor: Readonly<Record<Precursor, Float64Array>>;
}

export type ProductRole = 'final' | 'resource_energy_intermediate' | 'other_intermediate';
/** Sector classification used for roles: products of these sectors are resource-and-energy intermediates when used as intermediates. */
export type SectorRoleClass = 'resource_energy' | 'other';

export function regionCount(m: Mrio): number {
  return m.regions.length;
}
export function sectorCount(m: Mrio): number {
  return m.sectors.length;
}
