import { join } from 'node:path';
import type { Command } from 'commander';
import { CONTROL_TOTALS, DEFAULT_RECIPE, RECIPES } from '../../dataset/recipes.ts';
import { DEFAULT_DATASET_DIR, PACKAGE_DATA_DIR } from '../../io/packageData.ts';
import type { DatasetBuildCliOptions } from '../commands/dataset.ts';

export const EXPORT_FORMATS = ['pymrio', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const FORMATS = EXPORT_FORMATS;

export function registerDatasetCommand(program: Command): void {
  const ds = program
    .command('dataset')
    .description('Build or inspect a dataset (MRIO + satellites + population + zones)');

  ds.command('build')
    .description(
      'Build a provincial MRIO dataset with a recipe (default: from the 31 official provincial tables) and write its folder',
    )
    .option(
      '--recipe <id>',
      `recipe: ${RECIPES.join(' | ')} (alias: china2017 = china2017-national)`,
      DEFAULT_RECIPE,
    )
    .option(
      '--sources <dir>',
      'folder of published inputs (see data/sources/PROVENANCE.md)',
      join(PACKAGE_DATA_DIR, 'sources'),
    )
    .option(
      '--maps <dir>',
      'folder with zones_china31.csv and sector_roles_42.csv',
      join(PACKAGE_DATA_DIR, 'maps'),
    )
    .option(
      '--control-totals <id>',
      `national emission control totals (${CONTROL_TOTALS.join(' | ')})`,
      'meic2017',
    )
    .option(
      '--scale-to-national',
      'china2017-provincial: scale every money value so total output equals the national table (the 31 tables sum to ~9 % more)',
      false,
    )
    .option(
      '--goods-distance-decay <beta>',
      'china2017-provincial: distance decay β of the goods sectors’ gravity prior (default 1.14, Head & Mayer 2014; a sensitivity knob)',
    )
    .option('--no-trade-share', 'skip the trade-related emission share report (needs one LU of I − A)')
    .requiredOption('--out <dir>', 'output folder (replaced atomically)')
    .addHelpText(
      'after',
      `
Examples:
  $ vchain dataset build --out data/default                                   # rebuilds the embedded default bit for bit
  $ vchain dataset build --recipe china2017-national --out /tmp/china-national  # the national-table regionalisation
  $ vchain dataset build --scale-to-national --out /tmp/china-scaled
  $ vchain dataset build --control-totals paper-implied --out /tmp/china-paper-totals
china2017-provincial is built from the 31 official provincial tables with the CEADs method; its
province-to-province split is modelled (gravity + RAS), not observed. china2017-national is a
DEMONSTRATION regionalisation of the national table. Neither is the CEADs MRIO.`,
    )
    .action(async (opts: DatasetBuildCliOptions) =>
      (await import('../commands/dataset.ts')).datasetBuildAction(opts),
    );

  ds.command('info')
    .description('Print a summary of a stored dataset (default: the embedded China 2017 dataset)')
    .argument('[dir]', 'dataset folder', DEFAULT_DATASET_DIR)
    .addHelpText(
      'after',
      '\nExamples:\n  $ vchain dataset info\n  $ vchain dataset info /tmp/china-paper-totals',
    )
    .action(async (dir: string) => (await import('../commands/dataset.ts')).datasetInfoAction(dir));

  registerDatasetExport(ds);
}

/** `vchain dataset export`: the dataset's MRIO, satellites and primary inputs for pymrio, MARIO or the CSV reader. */
function registerDatasetExport(ds: Command): void {
  ds.command('export')
    .description(
      "Write a dataset's MRIO with its satellites and primary inputs as a pymrio text folder or vchain's CSV layout",
    )
    .option('--dataset <dir>', 'dataset folder (default: the embedded default dataset)', DEFAULT_DATASET_DIR)
    .requiredOption('--format <format>', `output layout (${FORMATS.join(' | ')})`)
    .requiredOption('--out <dir>', 'output folder (written atomically)')
    .addHelpText(
      'after',
      `
Examples:
  $ vchain dataset export --format pymrio --out /tmp/china-pymrio   # then in Python: pymrio.load_all('/tmp/china-pymrio')
  $ vchain dataset export --format csv --out /tmp/china-csv
  $ vchain dataset export --dataset /tmp/china-paper-totals --format pymrio --out /tmp/paper-pymrio
  $ vchain decompose --mrio /tmp/china-pymrio --out /tmp/decomposed   # same value chains as the dataset
Numbers are written as shortest round-trip decimals: reading the export back gives the same doubles.
pymrio layout: Z.txt, Y.txt, x.txt, unit.txt, population.txt, one extension folder per satellite kind
(final users' direct amounts in F_Y.txt under the first final-demand category), primary_inputs/.
See docs/formats.md §5.`,
    )
    .action(async (opts: { dataset: string; format: string; out: string }) =>
      (await import('../commands/datasetExport.ts')).datasetExportAction(opts),
    );
}
