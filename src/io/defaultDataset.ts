import type { Dataset } from '../dataset/model.ts';
import { readDataset } from './datasetStore.ts';
import { DEFAULT_DATASET_DIR } from './packageData.ts';

export { DEFAULT_DATASET_DIR } from './packageData.ts';

let cached: Dataset | undefined;

/**
 * The embedded China 2017 dataset (31 provinces × 42 sectors, recipe china2017-provincial: built
 * from the 31 official provincial input–output tables with the CEADs method, the inter-provincial
 * split modelled; provenance.isDemonstration = true — not the CEADs MRIO). Cached: the returned
 * object and its arrays are shared, do not mutate them.
 */
export function loadDefaultDataset(): Dataset {
  cached ??= readDataset(DEFAULT_DATASET_DIR);
  return cached;
}

/** Loads a dataset folder written by `vchain dataset build` (or any stored dataset). */
export function loadDataset(dir: string): Dataset {
  return readDataset(dir);
}
