import type { Command } from 'commander';
import { nameList } from '../optionParsers.ts';

/** The four provinces of the example retrofit: the North China Plain's heavy-industry core. */
export const EXAMPLE_PROVINCES = ['Hebei', 'Shandong', 'Henan', 'Shanxi'];

const work = () => import('../commands/scenario.ts');

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
    .action(async (o: { dataset?: string }) => (await work()).printScenarioSchema(o));
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
    .action(async (o: { dataset?: string; provinces?: string }) => (await work()).printScenarioExample(o));
  sc.command('check <file>')
    .description('Validate a scenario file against the schema and the dataset’s names; print its SHA-256')
    .option('--dataset <dir>', 'dataset folder (default: embedded)')
    .action(async (file: string, o: { dataset?: string }) => (await work()).checkScenario(file, o));
}
