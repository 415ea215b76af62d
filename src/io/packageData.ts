import { fileURLToPath } from 'node:url';

/** The package's own `data/` folder, whatever the working directory (a user runs vchain from anywhere). */
export const PACKAGE_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
