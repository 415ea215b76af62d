import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own `data/` folder, whatever the working directory (a user runs vchain from anywhere). */
export const PACKAGE_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** Folder of the embedded default dataset (data/default in the repository). */
export const DEFAULT_DATASET_DIR = join(PACKAGE_DATA_DIR, 'default');
