import type { Server } from 'node:http';
import { isIP } from 'node:net';
import type { Dataset } from '../dataset/model.ts';
import { loadDataset, loadDefaultDataset } from '../io/defaultDataset.ts';
import { loadHealthParameters } from '../io/healthParameters.ts';
import { InputError } from '../io/inputError.ts';
import { loadDefaultResponseSurface } from '../io/responseSurfaceFile.ts';
import type { Mrio } from '../mrio/model.ts';
import {
  type AnalysisEngine,
  createAnalysisEngine,
  DEFAULT_EXPLORER_SETTINGS,
  type EngineInputs,
  type ExplorerSettings,
  REPO_DATA_DIR,
} from './analysisEngine.ts';
import { createExplorerApi } from './explorerApi.ts';
import { createExplorerServer, listenExplorer } from './explorerServer.ts';
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
  readonly cacheSize?: number;
  readonly log?: (msg: string) => void;
}

export interface RunningExplorer {
  readonly url: string;
  readonly server: Server;
  readonly engine: AnalysisEngine;
  readonly seconds: { readonly build: number; readonly prepare: number };
  close(): Promise<void>;
}

/** True for 127.0.0.0/8, ::1 and 'localhost'. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

/**
 * A bare MRIO lacks population, zones, sector roles and province metadata: take them from the
 * embedded dataset, which requires the same region and sector labels in the same order.
 */
export function datasetWithMrio(mrio: Mrio, base: Dataset, file: string): Dataset {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(mrio.regions, base.mrio.regions))
    throw new InputError(
      file,
      'its regions differ from the embedded dataset (population, zones and the air-quality model are per region)',
      undefined,
      'regions',
      `the ${base.mrio.regions.length} regions ${base.mrio.regions.slice(0, 3).join(', ')}, … in that order, or use --dataset`,
    );
  if (!same(mrio.sectors, base.mrio.sectors))
    throw new InputError(
      file,
      'its sectors differ from the embedded dataset (sector roles are per sector)',
      undefined,
      'sectors',
      `the ${base.mrio.sectors.length} sectors of the embedded dataset, or use --dataset`,
    );
  return {
    ...base,
    mrio,
    provenance: {
      ...base.provenance,
      id: `${base.provenance.id}+mrio`,
      title: `${mrio.name} (population, zones and roles from ${base.provenance.title})`,
      isDemonstration: base.provenance.isDemonstration,
    },
  };
}

export function loadEngineInputs(
  opts: Pick<StartExplorerOptions, 'datasetDir' | 'mrio'>,
  mrioPath = '--mrio',
): EngineInputs {
  const base = opts.datasetDir ? loadDataset(opts.datasetDir) : loadDefaultDataset();
  const dataset = opts.mrio ? datasetWithMrio(opts.mrio, base, mrioPath) : base;
  const healthParameters = loadHealthParameters({ dataDir: REPO_DATA_DIR, regions: dataset.mrio.regions });
  return { dataset, rsm: loadDefaultResponseSurface(), healthParameters };
}

/** Builds the front end if needed, prepares the analysis once, and listens. */
export async function startExplorer(opts: StartExplorerOptions = {}): Promise<RunningExplorer> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const host = opts.host ?? '127.0.0.1';
  const t0 = performance.now();
  const staticRoot = await ensureWebBuild({ log });
  const t1 = performance.now();
  const inputs = opts.inputs ?? loadEngineInputs(opts);
  const engine = createAnalysisEngine(inputs, { ...DEFAULT_EXPLORER_SETTINGS, ...opts.settings });
  const t2 = performance.now();
  const server = createExplorerServer({
    api: createExplorerApi(engine, { cacheSize: opts.cacheSize }),
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
      }),
  };
}
