import type { AnalysisEngine } from './analysisEngine.ts';
import type { ExplorerMeta, ExplorerReply, ExplorerResponse } from './explorerView.ts';
import type { ScenarioRequest } from './scenarioSchema.ts';

/** A computed what-if: its timing and the rest of the reply already serialised (see replyText). */
export interface SerialisedReply {
  readonly timing: ExplorerResponse['timing'];
  /**
   * UTF-8 JSON of `{ scenario, result }` without its opening brace: encoded where it was
   * computed (a worker transfers the bytes, no copy), so the HTTP thread only writes it.
   */
  readonly rest: Uint8Array;
}

const utf8 = new TextEncoder();

/** Where what-ifs are computed: in this thread (FIFO) or in a pool of worker threads. */
export interface ScenarioBackend {
  readonly meta: ExplorerMeta;
  readonly mapJson: string;
  /** The baseline reply, serialised once. */
  readonly baselineText: string;
  run(scenario: ScenarioRequest): Promise<SerialisedReply>;
  close(): Promise<void>;
}

export function serialiseReply(r: ExplorerReply, queueMs = 0): SerialisedReply {
  const { timing, ...reply } = r;
  // TextEncoder gives the bytes their own ArrayBuffer (never a shared pool), so it can be transferred.
  return { timing: { ...timing, queueMs }, rest: utf8.encode(JSON.stringify(reply).slice(1)) };
}

/**
 * Runs what-ifs in this thread one at a time, first come first served, yielding to the event
 * loop between them so other requests (static files, meta) are answered in between.
 */
export function inProcessBackend(engine: AnalysisEngine): ScenarioBackend {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    meta: engine.meta,
    mapJson: engine.mapJson,
    baselineText: JSON.stringify(engine.baseline()),
    run(scenario) {
      const queued = performance.now();
      const job = tail.then(
        () =>
          new Promise<SerialisedReply>((resolve, reject) => {
            setImmediate(() => {
              try {
                const waited = performance.now() - queued;
                resolve(serialiseReply(engine.run(scenario), waited));
              } catch (e) {
                reject(e);
              }
            });
          }),
      );
      tail = job.catch(() => undefined);
      return job;
    },
    close: async () => {},
  };
}
