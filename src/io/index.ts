/** Public API of the readers and writers (`vchain/io`, docs/api.md, docs/formats.md). */
export { AtomicOutputDir } from './atomicOutput.ts';
export { csvMrioFolderFiles } from './csvMrioWriter.ts';
export { readDataset } from './datasetStore.ts';
export { DEFAULT_DATASET_DIR, loadDataset, loadDefaultDataset } from './defaultDataset.ts';
export { readEmissionsCsv } from './emissionsReader.ts';
export { type HealthParameterFiles, loadHealthParameters } from './healthParameters.ts';
export { InputError } from './inputError.ts';
export { detectMrioFormat, MRIO_FORMAT_NAMES, type MrioFormat, readMrio } from './mrioFormats.ts';
export { PACKAGE_DATA_DIR } from './packageData.ts';
export { pymrioFolderFiles } from './pymrioWriter.ts';
export {
  DEFAULT_MODEL_PATH,
  loadDefaultResponseSurface,
  readResponseSurface,
  writeResponseSurface,
} from './responseSurfaceFile.ts';
