import { buildDataset, RECIPES } from '../src/dataset/build.ts';
import { readDataset } from '../src/io/datasetStore.ts';
import { DEFAULT_DATASET_DIR } from '../src/io/defaultDataset.ts';

/** Load time of the embedded default dataset and build time of each recipe (goal: build < 10 s). */
export async function run(): Promise<void> {
  const loads: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    readDataset(DEFAULT_DATASET_DIR);
    loads.push(performance.now() - t0);
    await new Promise((r) => setImmediate(r));
  }
  loads.sort((a, b) => a - b);
  console.log(
    `dataset: load default (31×42, Z 1302²) median ${loads[2].toFixed(1)} ms, min ${loads[0].toFixed(1)} ms (first ${loads.length} loads)`,
  );
  for (const recipe of RECIPES) {
    const times: number[] = [];
    let bytes = 0;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const { files } = buildDataset({
        recipe,
        sourcesDir: 'data/sources',
        mapsDir: 'data/maps',
        controlTotals: 'meic2017',
      });
      times.push(performance.now() - t0);
      bytes = 0;
      for (const v of files.values()) bytes += v.length;
    }
    console.log(
      `dataset: build ${recipe} ${(Math.min(...times) / 1000).toFixed(2)} s best of 3 (first ${(times[0] / 1000).toFixed(2)} s), ${(bytes / 1024).toFixed(0)} KiB written`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
