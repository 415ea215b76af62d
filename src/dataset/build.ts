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
import { CONTROL_TOTALS, resolveRecipe } from './recipes.ts';

export {
  CONTROL_TOTALS,
  DEFAULT_RECIPE,
  RECIPE_ALIASES,
  RECIPES,
  type RecipeId,
  resolveRecipe,
} from './recipes.ts';

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
