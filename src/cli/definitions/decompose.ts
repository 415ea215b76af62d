import { type Command, Option } from 'commander';
import type { DecomposeOpts } from '../commands/decompose.ts';
import { nameList } from '../optionParsers.ts';
import { addMrioTableOptions } from './mrioTableOptions.ts';

export function registerDecomposeCommand(program: Command): void {
  const cmd = program
    .command('decompose')
    .description(
      'Value-chain decomposition of an MRIO (METHODS §2–4): production/consumption accounts, four-part split, bilateral EX/FE, flows',
    )
    .requiredOption(
      '--mrio <path>',
      'MRIO table: pymrio folder (text or Parquet), CEADs .xlsx workbook, long CSV folder, or wide layout (CSV folder or .xlsx) (docs/formats.md)',
    );
  addMrioTableOptions(cmd, 'decompose the aggregated table (docs/formats.md §8)')
    .option(
      '--export-category <name>',
      "final-demand category treated as the producing region's own final demand (METHODS §1)",
    )
    .option(
      '--indicators <names>',
      'comma-separated satellite accounts to decompose (default: all)',
      nameList('--indicators'),
    )
    .option('--full-inverse', 'also form B = (I − A)⁻¹ and write leontief_inverse.csv')
    .option('--lenient-column-sums', 'warn instead of failing when a column of A sums to ≥ 1')
    .addOption(
      new Option(
        '--tables <format>',
        'table files: csv, parquet, or auto (Parquet for a table whose CSV would exceed 256 MiB)',
      )
        .choices(['auto', 'csv', 'parquet'])
        .default('auto'),
    )
    .requiredOption('--out <dir>', 'output folder (written atomically)')
    .addHelpText(
      'after',
      `
Outputs (tidy tables, described in datapackage.json): accounts, bilateral, fe_origin, flows
  (+ leontief_inverse with --full-inverse) as .csv or .parquet, run.json. Bad input: exit 2,
  nothing written.

Examples:
  vchain decompose --mrio test/fixtures/test-systems/pymrio-test-mrio --out out/testmrio
  vchain decompose --mrio ceads_2017_mrio.xlsx --out out/ceads2017 --indicators social_income,value_added
  vchain decompose --mrio my_table/ --format csv --export-category export --out out/mine
  vchain decompose --mrio wiod2010_pymrio/ --aggregate regions.csv --out out/wiod-regions
  vchain decompose --mrio ceads_2017_mrio.xlsx --sheet English_Version --out out/ceads2017
`,
    )
    .action(async (o: DecomposeOpts) => (await import('../commands/decompose.ts')).decomposeAction(o));
}
