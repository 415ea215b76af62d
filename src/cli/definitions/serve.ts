import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { DEFAULT_EXPLORER_SETTINGS } from '../../server/explorerSettings.ts';
import type { ServeOpts } from '../commands/serve.ts';
import { integerInRange } from '../optionParsers.ts';
import { addMrioTableOptions } from './mrioTableOptions.ts';

export function registerServeCommand(program: Command): void {
  const cmd = program
    .command('serve')
    .description(
      'Open the explorer: province maps, flows, inequality, roles and compensation, with a live what-if panel (emission intensities, final demand, trade, threshold, VSL), in the browser.',
    )
    .option('--port <n>', 'TCP port (0 = any free port)', integerInRange('--port', 0, 65535), 8080)
    .option(
      '--host <addr>',
      'address to bind; default loopback only (the API has no authentication)',
      '127.0.0.1',
    )
    .option(
      '--dataset <dir>',
      'dataset folder (from `vchain dataset build`); default: the embedded China 2017 demonstration dataset',
    )
    .option(
      '--mrio <path>',
      "MRIO table (pymrio folder, CEADs .xlsx, long CSV or wide layout) with the embedded dataset's regions and sectors (or --aggregate onto them)",
    );
  addMrioTableOptions(cmd, 'the explorer shows the aggregated table (docs/formats.md §8)')
    .option(
      '--draws <n>',
      'Monte Carlo draws of the health model per run, baseline and what-ifs alike (fewer = faster; the live what-if path is sized for 32)',
      integerInRange('--draws', 1, 10000),
      DEFAULT_EXPLORER_SETTINGS.draws,
    )
    .option(
      '--pairwise <mode>',
      "pairwise damage flows per what-if: 'linear' (fast), 'removal' (G² evaluations) or 'none'",
      'linear',
    )
    .option(
      '--workers <n>',
      'worker threads computing what-ifs in parallel, each with its own prepared analysis (0 = main thread)',
      integerInRange('--workers', 0, 16),
      Math.min(2, availableParallelism()),
    )
    .option(
      '--one-at-a-time',
      'also compute one-at-a-time removals per emitting province (G extra evaluations)',
      false,
    )
    .addHelpText(
      'after',
      `
The front end (web/dist/) is built when vchain is installed (\`npm ci\`, also with --omit=dev); after an
edit of web/ sources it is rebuilt on the next start. Stop with Ctrl-C.

Examples:
  $ vchain serve                               # http://127.0.0.1:8080/
  $ vchain serve --port 0                      # any free port, printed on start
  $ vchain serve --dataset my-dataset/ --draws 200
  $ vchain serve --mrio tables/china2017_pymrio/`,
    )
    .action(async (o: ServeOpts) => (await import('../commands/serve.ts')).serveAction(o));
}
