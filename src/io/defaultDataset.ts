import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../dataset/model.ts';
import { readDataset } from './datasetStore.ts';

/** Folder of the embedded default dataset (data/default in the repository). */
export const DEFAULT_DATASET_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'data',
  'default',
);

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
