import type { Server } from 'node:http';
import { isIP } from 'node:net';
import type { Mrio } from '../mrio/model.ts';
import {
  type AnalysisEngine,
  createAnalysisEngine,
  DEFAULT_EXPLORER_SETTINGS,
  type EngineInputs,
  type ExplorerSettings,
} from './analysisEngine.ts';
import { loadEngineInputs } from './engineInputs.ts';
import { createExplorerApi } from './explorerApi.ts';
import { createExplorerServer, listenExplorer } from './explorerServer.ts';
import { inProcessBackend, type ScenarioBackend } from './scenarioBackend.ts';
import { workerPoolBackend } from './scenarioPool.ts';
import { ensureWebBuild } from './webBuild.ts';

export interface StartExplorerOptions {
  readonly port?: number; // 0 = ephemeral
  readonly host?: string;
  /** A dataset folder (as written by `vchain dataset build`); default: the embedded dataset. */
  readonly datasetDir?: string;
  /** An MRIO already read (from --mrio); combined with the default dataset's population, zones and roles. */
  readonly mrio?: Mrio;
  /** Inputs already loaded (overrides datasetDir/mrio), e.g. a user's own response surface. */
  readonly inputs?: EngineInputs;
  readonly settings?: Partial<ExplorerSettings>;
  /** Worker threads computing what-ifs in parallel (0 = in this thread, one at a time). */
  readonly workers?: number;
  /**
   * Live what-ifs each worker thread runs and discards before serving, so the first users'
   * what-ifs do not run on cold (unoptimised) code. Default DEFAULT_WARM_UP_WHAT_IFS with
   * workers, none in this thread.
   */
  readonly warmUp?: number;
  readonly cacheSize?: number;
  readonly log?: (msg: string) => void;
}

export interface RunningExplorer {
  readonly url: string;
  readonly server: Server;
  /** The in-thread engine (undefined when what-ifs run in worker threads). */
  readonly engine: AnalysisEngine | undefined;
  readonly seconds: { readonly build: number; readonly prepare: number };
  close(): Promise<void>;
}

/** What-ifs a worker runs before serving (~0.5 s of start-up per worker, in parallel). */
export const DEFAULT_WARM_UP_WHAT_IFS = 24;

/** True for 127.0.0.0/8, ::1 and 'localhost'. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

/** Builds the front end if needed, prepares the analysis once, and listens. */
export async function startExplorer(opts: StartExplorerOptions = {}): Promise<RunningExplorer> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const host = opts.host ?? '127.0.0.1';
  const t0 = performance.now();
  const staticRoot = await ensureWebBuild({ log });
  const t1 = performance.now();
  const settings = { ...DEFAULT_EXPLORER_SETTINGS, ...opts.settings };
  let engine: AnalysisEngine | undefined;
  let backend: ScenarioBackend;
  if ((opts.workers ?? 0) > 0) {
    // A bare --mrio is read here and handed over; a dataset folder is read by each worker.
    const inputs = opts.inputs ?? (opts.mrio ? loadEngineInputs(opts) : undefined);
    backend = await workerPoolBackend(opts.workers!, {
      datasetDir: opts.datasetDir,
      inputs,
      settings,
      warmUpWhatIfs: opts.warmUp ?? DEFAULT_WARM_UP_WHAT_IFS,
    });
  } else {
    engine = createAnalysisEngine(opts.inputs ?? loadEngineInputs(opts), settings);
    if (opts.warmUp) engine.warmUp(opts.warmUp);
    backend = inProcessBackend(engine);
  }
  const t2 = performance.now();
  const server = createExplorerServer({
    api: createExplorerApi(backend, { cacheSize: opts.cacheSize }),
    staticRoot,
    log,
  });
  const addr = await listenExplorer(server, opts.port ?? 8080, host);
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost}:${addr.port}/`,
    server,
    engine,
    seconds: { build: (t1 - t0) / 1000, prepare: (t2 - t1) / 1000 },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }).finally(() => backend.close()),
  };
}
