import { totalOutput } from '../mrio/construct.ts';
import type { Mrio } from '../mrio/model.ts';
import type { ProvincialDatasetParts } from './china2017ProvincialBuild.ts';
import type { Dataset } from './model.ts';
import { expandSourcedUseTable, IMPORTS_ROW, sourcedCategories } from './sourcedUseTable.ts';

/**
 * The Dataset a provincial build describes, assembled in memory: what `readDataset` returns for
 * the folder `vchain dataset build` writes from the same parts (Z = source · use, Y, x = Z1 + Y1,
 * METHODS §1), without encoding and decoding it. The uncertainty analysis rebuilds the MRIO per
 * draw this way (docs/uncertainty.md).
 */
export function datasetFromProvincialParts(parts: ProvincialDatasetParts): Dataset {
  const t = parts.table;
  const { Z, Y, imports } = expandSourcedUseTable(t);
  const x = totalOutput(Z, Y);
  const p = parts.provenance;
  const mrio: Mrio = {
    name: p.id,
    regions: t.regions,
    sectors: t.sectors,
    monetaryUnit: t.monetaryUnit,
    Z,
    finalDemand: { categories: sourcedCategories(t), Y },
    x,
    primaryInputs: [{ name: IMPORTS_ROW, values: imports }, ...t.valueAdded],
    warnings: p.isDemonstration ? [p.note] : [],
    satellites: parts.satellites,
  };
  const vec = (values: Float64Array, unit: string) => ({ regions: t.regions, unit, values });
  return {
    provenance: p,
    mrio,
    population: vec(parts.population, 'persons'),
    regionInfo: parts.regionInfo,
    zones: parts.zones,
    sectorRoleClass: parts.sectorRoleClass,
    gdp: vec(parts.gdp, '10^8 CNY (CSY-2018 original)'),
    pm25Observed: vec(parts.pm25, 'µg/m³'),
  };
}
