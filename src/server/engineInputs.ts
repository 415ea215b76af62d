import type { Dataset } from '../dataset/model.ts';
import { loadDataset, loadDefaultDataset } from '../io/defaultDataset.ts';
import { loadHealthParameters } from '../io/healthParameters.ts';
import { InputError } from '../io/inputError.ts';
import { loadDefaultResponseSurface } from '../io/responseSurfaceFile.ts';
import type { Mrio } from '../mrio/model.ts';
import { type EngineInputs, REPO_DATA_DIR } from './analysisEngine.ts';

/**
 * A bare MRIO lacks population, zones, sector roles and province metadata: take them from the
 * embedded dataset, which requires the same region and sector labels in the same order.
 */
export function datasetWithMrio(mrio: Mrio, base: Dataset, file: string): Dataset {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(mrio.regions, base.mrio.regions))
    throw new InputError(
      file,
      'its regions differ from the embedded dataset (population, zones and the air-quality model are per region)',
      undefined,
      'regions',
      `the ${base.mrio.regions.length} regions ${base.mrio.regions.slice(0, 3).join(', ')}, … in that order, or use --dataset`,
    );
  if (!same(mrio.sectors, base.mrio.sectors))
    throw new InputError(
      file,
      'its sectors differ from the embedded dataset (sector roles are per sector)',
      undefined,
      'sectors',
      `the ${base.mrio.sectors.length} sectors of the embedded dataset, or use --dataset`,
    );
  return {
    ...base,
    mrio,
    provenance: {
      ...base.provenance,
      id: `${base.provenance.id}+mrio`,
      title: `${mrio.name} (population, zones and roles from ${base.provenance.title})`,
      isDemonstration: base.provenance.isDemonstration,
    },
  };
}

export function loadEngineInputs(
  opts: { readonly datasetDir?: string; readonly mrio?: Mrio },
  mrioPath = '--mrio',
): EngineInputs {
  const base = opts.datasetDir ? loadDataset(opts.datasetDir) : loadDefaultDataset();
  const dataset = opts.mrio ? datasetWithMrio(opts.mrio, base, mrioPath) : base;
  const healthParameters = loadHealthParameters({ dataDir: REPO_DATA_DIR, regions: dataset.mrio.regions });
  return { dataset, rsm: loadDefaultResponseSurface(), healthParameters };
}
