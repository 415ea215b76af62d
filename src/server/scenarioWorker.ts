// A worker thread of the explorer's pool (scenarioPool.ts): prepares its own analysis once,
// then computes what-ifs posted by the main thread and posts back the serialised replies.
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineInputs, ExplorerSettings } from './analysisEngine.ts';
import { createAnalysisEngine } from './analysisEngine.ts';
import { loadEngineInputs } from './engineInputs.ts';
import { HttpError } from './httpError.ts';
import { serialiseReply } from './scenarioBackend.ts';
import type { ScenarioRequest } from './scenarioSchema.ts';

export interface WorkerSetup {
  readonly datasetDir?: string;
  readonly inputs?: EngineInputs;
  readonly settings: ExplorerSettings;
  /** Worker 0 also sends meta, map and baseline (the others compute the same). */
  readonly index: number;
  /** Intensity what-ifs run and discarded before reporting ready (JIT warm-up; 0 = none). */
  readonly warmUpWhatIfs?: number;
}

export type WorkerJob = { readonly id: number; readonly scenario: ScenarioRequest; readonly queued: number };
export type WorkerReply =
  | {
      readonly type: 'ready';
      readonly meta?: unknown;
      readonly mapJson?: string;
      readonly baselineText?: string;
    }
  | { readonly type: 'done'; readonly id: number; readonly timing: unknown; readonly rest: Uint8Array }
  | {
      readonly type: 'failed';
      readonly id: number;
      readonly status: number;
      readonly message: string;
      readonly field?: string;
    }
  | { readonly type: 'fatal'; readonly message: string };

const port = parentPort!;
const setup = workerData as WorkerSetup;
try {
  const engine = createAnalysisEngine(
    setup.inputs ?? loadEngineInputs({ datasetDir: setup.datasetDir }),
    setup.settings,
  );
  // Compile the live path before the first request (a cold worker answers several times slower).
  if (setup.warmUpWhatIfs) engine.warmUp(setup.warmUpWhatIfs);
  port.postMessage(
    setup.index === 0
      ? {
          type: 'ready',
          meta: engine.meta,
          mapJson: engine.mapJson,
          baselineText: JSON.stringify(engine.baseline()),
        }
      : { type: 'ready' },
  );
  port.on('message', (job: WorkerJob) => {
    try {
      // performance.timeOrigin differs per thread: queue time uses wall-clock epoch ms.
      const waited = Date.now() - job.queued;
      const reply = serialiseReply(engine.run(job.scenario), waited);
      port.postMessage({ type: 'done', id: job.id, timing: reply.timing, rest: reply.rest }, [
        reply.rest.buffer as ArrayBuffer,
      ]);
    } catch (e) {
      const err = e as Error;
      port.postMessage({
        type: 'failed',
        id: job.id,
        status: e instanceof HttpError ? e.status : 500,
        message: e instanceof HttpError ? err.message : `internal error: ${err.message}`,
        field: e instanceof HttpError ? e.field : undefined,
      });
    }
  });
} catch (e) {
  port.postMessage({ type: 'fatal', message: (e as Error).stack ?? String(e) });
}
