import { availableParallelism } from 'node:os';
import { type Command, Option } from 'commander';
import { InputError } from '../../io/inputError.ts';
import { MRIO_FORMAT_NAMES, type MrioFormat, readMrio } from '../../io/mrioFormats.ts';
import { DEFAULT_EXPLORER_SETTINGS } from '../../server/analysisEngine.ts';
import { isLoopback, startExplorer } from '../../server/startExplorer.ts';
import { integerInRange } from '../optionParsers.ts';

/** A failure to listen on --host/--port, as the input error it is (undefined for anything else). */
function listenProblem(e: NodeJS.ErrnoException, host: string, port: number): InputError | undefined {
  const at = `${host}:${port}`;
  switch (e.code) {
    case 'EADDRINUSE':
      return new InputError(
        '--port',
        `${at} is already in use`,
        undefined,
        undefined,
        'a free port (0 = any free port)',
      );
    case 'EACCES':
      return new InputError(
        '--port',
        `no permission to listen on ${at}`,
        undefined,
        undefined,
        'a port ≥ 1024, or 0',
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new InputError(
        '--host',
        `cannot listen on ${at} (${e.code})`,
        undefined,
        undefined,
        'an address of this machine, e.g. 127.0.0.1',
      );
    default:
      return undefined;
  }
}

export function registerServeCommand(program: Command): void {
  program
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
    )
    .addOption(
      new Option('--format <format>', 'format of --mrio (default: detected from the path)').choices(
        MRIO_FORMAT_NAMES,
      ),
    )
    .option(
      '--sheet <name>',
      "worksheet of a CEADs --mrio workbook (default: one named like 'English…', else the first)",
    )
    .option(
      '--aggregate <file>',
      'concordance CSV kind,from,to[,share] applied to --mrio (docs/formats.md §8)',
    )
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
The front end is built with Vite into web/dist/ on first start (and again whenever web/ sources change);
this needs the dev dependencies from \`npm ci\`. Stop with Ctrl-C.

Examples:
  $ vchain serve                               # http://127.0.0.1:8080/
  $ vchain serve --port 0                      # any free port, printed on start
  $ vchain serve --dataset my-dataset/ --draws 200
  $ vchain serve --mrio tables/china2017_pymrio/`,
    )
    .action(
      async (o: {
        port: number;
        host: string;
        dataset?: string;
        mrio?: string;
        format?: MrioFormat;
        sheet?: string;
        aggregate?: string;
        draws: number;
        pairwise: string;
        oneAtATime: boolean;
        workers: number;
      }) => {
        if (o.dataset && o.mrio) throw new InputError('--mrio', 'give either --dataset or --mrio, not both');
        if (!['linear', 'removal', 'none'].includes(o.pairwise))
          throw new InputError(
            '--pairwise',
            `'${o.pairwise}' is not a mode`,
            undefined,
            undefined,
            'linear, removal or none',
          );
        if (!isLoopback(o.host))
          process.stderr.write(
            `vchain serve: WARNING: binding ${o.host} exposes the explorer beyond this machine; it has no authentication.\n`,
          );
        if (!o.mrio && (o.format || o.sheet !== undefined || o.aggregate !== undefined))
          throw new InputError(
            '--format/--sheet/--aggregate',
            'needs --mrio',
            undefined,
            undefined,
            'a --mrio table to read',
          );
        const mrio = o.mrio
          ? await readMrio(o.mrio, o.format, {
              ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
              ...(o.aggregate !== undefined ? { aggregate: o.aggregate } : {}),
            })
          : undefined;
        for (const note of mrio?.notes ?? []) process.stderr.write(`vchain serve: note: ${note}\n`);
        process.stderr.write(
          `vchain serve: preparing the analysis (decomposition, health model, baseline run${o.workers > 0 ? ` in ${o.workers} worker thread(s)` : ''})…\n`,
        );
        const app = await startExplorer({
          port: o.port,
          host: o.host,
          datasetDir: o.dataset,
          mrio,
          workers: o.workers,
          settings: {
            draws: o.draws,
            pairwise: o.pairwise as 'linear' | 'removal' | 'none',
            oneAtATime: o.oneAtATime,
            // Save shows `vchain run --scenario FILE` with the same inputs.
            inputArgs: o.dataset ? ['--dataset', o.dataset] : o.mrio ? ['--mrio', o.mrio] : [],
          },
        }).catch((e: NodeJS.ErrnoException) => {
          throw listenProblem(e, o.host, o.port) ?? e;
        });
        process.stderr.write(
          `vchain serve: ready in ${(app.seconds.build + app.seconds.prepare).toFixed(1)} s (front end ${app.seconds.build.toFixed(1)} s, analysis ${app.seconds.prepare.toFixed(1)} s)\n`,
        );
        process.stdout.write(`vchain explorer: ${app.url}\n`);
        // Keep running until Ctrl-C (main.ts handles SIGINT/SIGTERM and exits).
        await new Promise<void>((resolve) => app.server.on('close', () => resolve()));
      },
    );
}
