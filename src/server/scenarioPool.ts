import { Worker } from 'node:worker_threads';
import type { EngineInputs, ExplorerSettings } from './analysisEngine.ts';
import type { ExplorerMeta, ExplorerResponse } from './explorerView.ts';
import { HttpError } from './httpError.ts';
import type { ScenarioBackend, SerialisedReply } from './scenarioBackend.ts';
import type { ScenarioRequest } from './scenarioSchema.ts';
import type { WorkerJob, WorkerReply, WorkerSetup } from './scenarioWorker.ts';

/**
 * Worker threads run the worker module beside this one: compiled JavaScript under the `vchain`
 * command, TypeScript (through tsx's module hooks, registered inside the worker) under vitest
 * and `npm run vchain`.
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
  await import(workerData.entry);
})().catch((e) => parentPort.postMessage({ type: 'fatal', message: String((e && e.stack) || e) }));
`;

/** The worker entry and, when running from TypeScript sources, tsx's loader API. */
function workerEntry(): { entry: string; tsxApi: string | null } {
  const fromSources = import.meta.url.endsWith('.ts');
  return {
    entry: new URL(fromSources ? './scenarioWorker.ts' : './scenarioWorker.js', import.meta.url).href,
    tsxApi: fromSources ? import.meta.resolve('tsx/esm/api') : null,
  };
}

interface Slot {
  readonly worker: Worker;
  /** Still preparing (no jobs yet). */
  starting: boolean;
  /** Jobs posted and not answered; `slow` of them re-balance the table (seconds each). */
  inFlight: number;
  slow: number;
}

/**
 * Jobs a worker may hold: one computing and one waiting in its message port, so it starts the
 * next what-if without a round trip through the main thread (whose event loop also serves HTTP).
 * Only behind a fast (intensity) job, so no what-if waits seconds behind a re-balance while
 * another worker is free.
 */
const DEPTH = 2;
const YOUNG_GENERATION_MB = 64;
const isSlow = (s: ScenarioRequest) => s.finalDemand.length > 0 || s.trade.length > 0;

/**
 * A pool of worker threads, each with its own prepared analysis: what-ifs are dispatched first
 * come first served to an idle worker, else queued behind a fast one (DEPTH), so several run
 * at once (one per core) and the main thread stays free for HTTP. Resolves once every worker has prepared.
 */
export async function workerPoolBackend(
  size: number,
  setup: {
    readonly datasetDir?: string;
    readonly inputs?: EngineInputs;
    readonly settings: ExplorerSettings;
    /** Intensity what-ifs each worker runs before it is ready (JIT warm-up), default none. */
    readonly warmUpWhatIfs?: number;
  },
): Promise<ScenarioBackend> {
  const { entry, tsxApi } = workerEntry();
  const slots: Slot[] = [];
  const queue: { job: WorkerJob; resolve: (r: SerialisedReply) => void; reject: (e: Error) => void }[] = [];
  const waiting = new Map<
    number,
    { resolve: (r: SerialisedReply) => void; reject: (e: Error) => void; slot: Slot; slow: boolean }
  >();
  let nextId = 1;
  let first: { meta: ExplorerMeta; mapJson: string; baselineText: string } | undefined;
  let closed = false;

  const post = (slot: Slot) => {
    const item = queue.shift()!;
    const slow = isSlow(item.job.scenario);
    slot.inFlight++;
    if (slow) slot.slow++;
    waiting.set(item.job.id, { resolve: item.resolve, reject: item.reject, slot, slow });
    slot.worker.postMessage(item.job);
  };
  const pump = () => {
    // Idle workers first, then a second job behind a fast one.
    for (let depth = 0; depth < DEPTH; depth++)
      for (const slot of slots) {
        if (queue.length === 0) return;
        if (slot.starting || slot.inFlight !== depth || (depth > 0 && slot.slow > 0)) continue;
        post(slot);
      }
  };

  const ready = Array.from({ length: size }, (_, index) => {
    const data: WorkerSetup & { tsxApi: string | null; entry: string } = { ...setup, index, tsxApi, entry };
    // A larger young generation: a what-if leaves ~1 MB of short-lived arrays, so fewer
    // scavenges per what-if (GC was ~5 % of a worker's time with the default).
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: data,
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    const slot: Slot = { worker, starting: true, inFlight: 0, slow: 0 };
    slots.push(slot);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: WorkerReply) => {
        if (m.type === 'ready') {
          if (m.meta)
            first = { meta: m.meta as ExplorerMeta, mapJson: m.mapJson!, baselineText: m.baselineText! };
          slot.starting = false;
          resolve();
          pump();
        } else if (m.type === 'fatal') reject(new Error(`explorer worker ${index}: ${m.message}`));
        else {
          const w = waiting.get(m.id);
          if (!w) return;
          waiting.delete(m.id);
          w.slot.inFlight--;
          if (w.slow) w.slot.slow--;
          if (m.type === 'done') w.resolve({ timing: m.timing as ExplorerResponse['timing'], rest: m.rest });
          else w.reject(new HttpError(m.status, m.message, m.field));
          pump();
        }
      });
      worker.on('error', (e) => {
        reject(e);
        for (const [id, w] of waiting)
          if (w.slot === slot) {
            waiting.delete(id);
            w.reject(new Error(`explorer worker ${index} stopped: ${e.message}`));
          }
      });
      worker.on('exit', (code) => {
        if (!closed) reject(new Error(`explorer worker ${index} exited with code ${code}`));
      });
    });
  });
  try {
    await Promise.all(ready);
  } catch (e) {
    closed = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw e;
  }
  const f = first!;
  return {
    meta: f.meta,
    mapJson: f.mapJson,
    baselineText: f.baselineText,
    run(scenario: ScenarioRequest) {
      return new Promise<SerialisedReply>((resolve, reject) => {
        if (closed) return reject(new HttpError(503, 'the explorer is shutting down'));
        queue.push({ job: { id: nextId++, scenario, queued: Date.now() }, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const q of queue.splice(0)) q.reject(new HttpError(503, 'the explorer is shutting down'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
