import type { Mrio, RegionVector, SectorRoleClass } from '../mrio/model.ts';

/** Where a dataset comes from and how it must be labelled wherever it appears. */
export interface DatasetProvenance {
  readonly id: string; // e.g. 'china-2017-demo'
  readonly title: string;
  /** True for the embedded regionalised dataset: every output must say it is a demonstration. */
  readonly isDemonstration: boolean;
  /** One line for banners (report, workbook); absent = the national regionalisation's wording. */
  readonly label?: string;
  readonly note: string; // one paragraph, printed in run.json and the report header
  readonly sources: readonly string[]; // citations
}

export interface RegionInfo {
  readonly name: string; // English name, as in the MRIO's region labels
  readonly code?: string; // GB/T 2260 code for Chinese provinces
  readonly nameLocal?: string;
  readonly lon?: number; // centroid
  readonly lat?: number;
}

/**
 * Everything an analysis run needs besides the air-quality and health models: the MRIO with
 * its satellites (social income and components, employment, the five precursors with
 * households' direct emissions in `direct`), population, zones and sector roles.
 */
export interface Dataset {
  readonly provenance: DatasetProvenance;
  readonly mrio: Mrio;
  readonly population: RegionVector; // persons
  readonly regionInfo: readonly RegionInfo[]; // same order as mrio.regions
  /** Zone name per region (METHODS §4), same order as mrio.regions. */
  readonly zones: readonly string[];
  /** Role class per sector (METHODS §4), same order as mrio.sectors. */
  readonly sectorRoleClass: readonly SectorRoleClass[];
  readonly gdp?: RegionVector;
  /** Observed annual-mean PM2.5 (µg/m³), population-weighted, for calibration and maps. */
  readonly pm25Observed?: RegionVector;
}

/** Banner wording of a demonstration dataset without its own label (the national regionalisation). */
export const REGIONALISED_DEMO_LABEL =
  'Regionalised from national statistics — not the CEADs MRIO. Numbers illustrate the method; they are not estimates for China’s provinces.';

/** The one-line banner label of a dataset (report, workbook). */
export function datasetBannerLabel(p: { readonly label?: string }): string {
  return p.label ?? REGIONALISED_DEMO_LABEL;
}
