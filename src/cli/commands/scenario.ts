import { existsSync } from 'node:fs';
import type { Command } from 'commander';
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
import { nameList } from '../optionParsers.ts';

/** The four provinces of the example retrofit: the North China Plain's heavy-industry core. */
const EXAMPLE_PROVINCES = ['Hebei', 'Shandong', 'Henan', 'Shanxi'];

function datasetOf(dir: string | undefined): Dataset {
  if (!dir) return loadDefaultDataset();
  if (!existsSync(dir)) throw new InputError(dir, 'not found', undefined, undefined, 'a dataset folder');
  return loadDataset(dir);
}

/**
 * An ultra-low-emission retrofit of coal power, metal smelting and cement in `provinces`, at the
 * threshold and conventions of the paper's headline (the explorer's preset; docs/explorer.md).
 */
export function exampleScenario(dataset: Dataset, provinces: readonly string[]): ScenarioRequest {
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

export function registerScenarioCommand(program: Command): void {
  const sc = program
    .command('scenario')
    .description(
      'What-if scenario files: their JSON Schema, an example, a check. `vchain run --scenario FILE` runs one; the explorer’s Save writes one.',
    );
  sc.command('schema')
    .description('Print the JSON Schema of a scenario file (the explorer’s, with the dataset’s names)')
    .option(
      '--dataset <dir>',
      'dataset folder whose region and sector names the schema lists (default: embedded)',
    )
    .action((o: { dataset?: string }) => {
      const ds = datasetOf(o.dataset);
      const schema = scenarioJsonSchema(
        { regions: ds.mrio.regions, sectors: ds.mrio.sectors },
        ds.provenance.id,
      );
      process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    });
  sc.command('example')
    .description('Print a valid scenario: an ultra-low-emission retrofit of four provinces')
    .option('--dataset <dir>', 'dataset folder (default: embedded)')
    .option(
      '--provinces <list>',
      `comma-separated provinces to retrofit (default ${EXAMPLE_PROVINCES.join(',')})`,
      nameList('--provinces'),
    )
    .addHelpText(
      'after',
      `
Example:
  $ vchain scenario example > ule.json
  $ vchain run --scenario ule.json --out out/ule`,
    )
    .action((o: { dataset?: string; provinces?: string }) => {
      const ds = datasetOf(o.dataset);
      const provinces = o.provinces ? o.provinces.split(',').map((p) => p.trim()) : EXAMPLE_PROVINCES;
      process.stdout.write(scenarioFileText(exampleScenario(ds, provinces)));
    });
  sc.command('check <file>')
    .description('Validate a scenario file against the schema and the dataset’s names; print its SHA-256')
    .option('--dataset <dir>', 'dataset folder (default: embedded)')
    .action((file: string, o: { dataset?: string }) => {
      const ds = datasetOf(o.dataset);
      const f = readScenarioFile(file, { regions: ds.mrio.regions, sectors: ds.mrio.sectors });
      const r = f.request;
      const conv = Object.entries(r.conventions).map(([k, v]) => `${k} ${v}`);
      process.stdout.write(
        `${file}: valid (${SCENARIO_FORMAT}); name ${JSON.stringify(r.name ?? null)}; ${r.intensity.length} intensity, ${r.finalDemand.length} final-demand, ${r.trade.length} trade rule(s); conventions: ${conv.join(', ') || 'the run’s defaults'}; sha256 ${f.sha256}\n`,
      );
    });
}
