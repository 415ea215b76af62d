import {
  encodeRegionalisedDataset,
  encodeSourcedUseDataset,
  type RegionalisedStoreInput,
} from '../io/datasetStore.ts';
import { InputError } from '../io/inputError.ts';
import { buildChina2017, type RegionalisedDatasetParts } from './china2017Build.ts';
import type { ControlTotalsId } from './china2017Emissions.ts';
import { buildChina2017Provincial } from './china2017ProvincialBuild.ts';
import { cleaningReportCsv } from './cleaningReport.ts';
import { type NationalBuildSummary, nationalSummary } from './nationalSummary.ts';
import { type ProvincialBuildSummary, provincialSummary } from './provincialSummary.ts';

/**
 * Dataset recipes (docs/dataset.md). `china2017-provincial` (the embedded default) builds the MRIO
 * from the 31 official provincial tables; `china2017-national` regionalises the national table with
 * provincial indicators (what countries without provincial tables can do). `china2017` is kept as
 * an alias of the national recipe, its meaning before the provincial one existed.
 */
export const RECIPES = ['china2017-provincial', 'china2017-national'] as const;
export type RecipeId = (typeof RECIPES)[number];
export const DEFAULT_RECIPE: RecipeId = 'china2017-provincial';
export const RECIPE_ALIASES: Readonly<Record<string, RecipeId>> = { china2017: 'china2017-national' };
export const CONTROL_TOTALS: readonly ControlTotalsId[] = ['meic2017', 'paper-implied'];

export interface DatasetBuildOptions {
  /** A recipe id or alias. */
  readonly recipe: string;
  readonly sourcesDir: string;
  readonly mapsDir: string;
  readonly controlTotals: ControlTotalsId;
  /** china2017-provincial only: scale money values to the national table's total output. */
  readonly scaleToNational?: boolean;
  /** china2017-provincial only: distance decay β of the goods sectors (default 1.14). */
  readonly goodsDistanceDecay?: number;
}

export type BuildSummary = NationalBuildSummary | ProvincialBuildSummary;

/** The recipe an id or alias names, or an InputError listing the choices. */
export function resolveRecipe(id: string): RecipeId {
  const r = RECIPE_ALIASES[id] ?? id;
  if (!(RECIPES as readonly string[]).includes(r))
    throw new InputError(
      '--recipe',
      `unknown recipe '${id}'`,
      undefined,
      undefined,
      [...RECIPES, ...Object.keys(RECIPE_ALIASES).map((a) => `${a} (= ${RECIPE_ALIASES[a]})`)].join(', '),
    );
  return r as RecipeId;
}

/** Builds a dataset with a recipe; returns the files of its folder and the check summary. */
export function buildDataset(options: DatasetBuildOptions): {
  files: Map<string, Uint8Array>;
  summary: BuildSummary;
} {
  const recipe = resolveRecipe(options.recipe);
  if (!CONTROL_TOTALS.includes(options.controlTotals))
    throw new InputError(
      '--control-totals',
      `unknown control totals '${options.controlTotals}'`,
      undefined,
      undefined,
      CONTROL_TOTALS.join(' or '),
    );
  if (recipe === 'china2017-national') {
    if (options.goodsDistanceDecay !== undefined)
      throw new InputError('--goods-distance-decay', 'applies to china2017-provincial only');
    if (options.scaleToNational)
      throw new InputError(
        '--scale-to-national',
        'applies to china2017-provincial only',
        undefined,
        undefined,
        'no --scale-to-national with china2017-national (its output already equals the national table)',
      );
    return buildNational(options);
  }
  return buildProvincial(options);
}

function buildNational(options: DatasetBuildOptions): {
  files: Map<string, Uint8Array>;
  summary: BuildSummary;
} {
  const { parts, diagnostics } = buildChina2017(options);
  const summary = nationalSummary(parts, diagnostics, options);
  const files = encodeRegionalisedDataset({ ...storeInput(parts, summary), table: parts.table });
  return { files, summary };
}

function buildProvincial(options: DatasetBuildOptions): {
  files: Map<string, Uint8Array>;
  summary: BuildSummary;
} {
  const scaleToNational = options.scaleToNational ?? false;
  const { parts, diagnostics } = buildChina2017Provincial({ ...options, scaleToNational });
  const summary = provincialSummary(parts, diagnostics, { ...options, scaleToNational });
  const files = encodeSourcedUseDataset({ ...storeInput(parts, summary), table: parts.table });
  files.set('cleaning_report.csv', Buffer.from(cleaningReportCsv(diagnostics), 'utf8'));
  return { files, summary };
}

/** The store fields both China 2017 recipes share (everything but the table). */
function storeInput(
  parts: Omit<RegionalisedDatasetParts, 'table'>,
  summary: BuildSummary,
): Omit<RegionalisedStoreInput, 'table'> {
  return {
    provenance: parts.provenance,
    satellites: parts.satellites,
    population: parts.population,
    gdp: parts.gdp,
    gdpUnit: '10^8 CNY (CSY-2018 original)',
    pm25: parts.pm25,
    regionInfo: parts.regionInfo,
    zones: parts.zones,
    sectorRoleClass: parts.sectorRoleClass,
    buildSummary: summary,
  };
}
