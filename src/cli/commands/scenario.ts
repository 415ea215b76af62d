import { existsSync } from 'node:fs';
import type { Dataset } from '../../dataset/model.ts';
import { loadDataset, loadDefaultDataset } from '../../io/defaultDataset.ts';
import { InputError } from '../../io/inputError.ts';
import {
  readScenarioFile,
  SCENARIO_FORMAT,
  type ScenarioRequest,
  scenarioFileText,
  scenarioJsonSchema,
} from '../../io/scenarioFile.ts';
import { ultraLowEmissionPreset } from '../../server/ultraLowEmission.ts';

import { EXAMPLE_PROVINCES } from '../definitions/scenario.ts';

function datasetOf(dir: string | undefined): Dataset {
  if (!dir) return loadDefaultDataset();
  if (!existsSync(dir)) throw new InputError(dir, 'not found', undefined, undefined, 'a dataset folder');
  return loadDataset(dir);
}

/**
 * An ultra-low-emission retrofit of coal power, metal smelting and cement in `provinces`, at the
 * threshold and conventions of the paper's headline (the explorer's preset; docs/explorer.md).
 */
function exampleScenario(dataset: Dataset, provinces: readonly string[]): ScenarioRequest {
  const preset = ultraLowEmissionPreset(dataset.mrio.sectors);
  if (!preset)
    throw new InputError(
      '--dataset',
      'its sectors have no power, metal-smelting or cement sector for the ultra-low-emission example',
      undefined,
      'sectors',
    );
  for (const p of provinces)
    if (!dataset.mrio.regions.includes(p))
      throw new InputError(
        '--provinces',
        `unknown province '${p}'`,
        undefined,
        undefined,
        `names of the dataset's regions, e.g. ${dataset.mrio.regions.slice(0, 3).join(', ')}`,
      );
  return {
    format: SCENARIO_FORMAT,
    name: `Ultra-low-emission retrofit in ${provinces.join(', ')}`,
    description: `SO2, NOx and primary PM2.5 intensities of coal power, metal smelting and non-metallic minerals (cement) scaled by the ratio of the ultra-low-emission stack limits to the national standards they replace (an assumption: the IO sectors are broader than the plants covered). Factors: ${preset.source}`,
    conventions: { threshold: 10 },
    intensity: preset.rules.map((r) => ({
      label: `${r.label} (${provinces.join(', ')})`,
      regions: [...provinces],
      sectors: [...r.sectors],
      factors: { ...r.factors },
    })),
    finalDemand: [],
    trade: [],
  };
}

/** `vchain scenario schema` (options: cli/definitions/scenario.ts). */
export function printScenarioSchema(o: { dataset?: string }): void {
  const ds = datasetOf(o.dataset);
  const schema = scenarioJsonSchema({ regions: ds.mrio.regions, sectors: ds.mrio.sectors }, ds.provenance.id);
  process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
}

/** `vchain scenario example`. */
export function printScenarioExample(o: { dataset?: string; provinces?: string }): void {
  const ds = datasetOf(o.dataset);
  const provinces = o.provinces ? o.provinces.split(',').map((p) => p.trim()) : EXAMPLE_PROVINCES;
  process.stdout.write(scenarioFileText(exampleScenario(ds, provinces)));
}

/** `vchain scenario check <file>`. */
export function checkScenario(file: string, o: { dataset?: string }): void {
  const ds = datasetOf(o.dataset);
  const f = readScenarioFile(file, { regions: ds.mrio.regions, sectors: ds.mrio.sectors });
  const r = f.request;
  const conv = Object.entries(r.conventions).map(([k, v]) => `${k} ${v}`);
  process.stdout.write(
    `${file}: valid (${SCENARIO_FORMAT}); name ${JSON.stringify(r.name ?? null)}; ${r.intensity.length} intensity, ${r.finalDemand.length} final-demand, ${r.trade.length} trade rule(s); conventions: ${conv.join(', ') || 'the run’s defaults'}; sha256 ${f.sha256}\n`,
  );
}
