import { InputError } from '../../io/inputError.ts';
import { type MrioFormat, readMrio } from '../../io/mrioFormats.ts';
import { isLoopback, startExplorer } from '../../server/startExplorer.ts';

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

export interface ServeOpts {
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
}

/** The options that read --mrio, as `vchain run` takes them (the command Save shows). */
function mrioArgs(o: ServeOpts): string[] {
  return [
    '--mrio',
    o.mrio!,
    ...(o.format ? ['--format', o.format] : []),
    ...(o.sheet !== undefined ? ['--sheet', o.sheet] : []),
    ...(o.aggregate !== undefined ? ['--aggregate', o.aggregate] : []),
  ];
}

/** `vchain serve` (options: cli/definitions/serve.ts). */
export async function serveAction(o: ServeOpts): Promise<void> {
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
  const tableOptions = {
    ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
    ...(o.aggregate !== undefined ? { aggregate: o.aggregate } : {}),
  };
  const mrio = o.mrio ? await readMrio(o.mrio, o.format, tableOptions) : undefined;
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
      inputArgs: o.dataset ? ['--dataset', o.dataset] : o.mrio ? mrioArgs(o) : [],
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
}
