import { type ExplorerApi, JsonText, RawBody } from './explorerServer.ts';
import type { ExplorerMeta, ExplorerResponse } from './explorerView.ts';
import { makeScenarioSchema, parseOrThrow, type ScenarioRequest } from './scenarioSchema.ts';

/** What the API needs from the analysis side (implemented over src/analysis in analysisEngine.ts). */
export interface ScenarioEngine {
  readonly meta: ExplorerMeta;
  /** Province GeoJSON with `properties.region` set (see provinceMap.ts). */
  readonly mapJson: string;
  /** The run without any change (threshold and VSL at their defaults). */
  baseline(): ExplorerResponse;
  run(scenario: ScenarioRequest): ExplorerResponse;
}

interface CachedReply {
  readonly path: ExplorerResponse['timing']['path'];
  readonly rest: string;
}

/** A small LRU of serialised replies: flipping a UI control back and forth costs nothing. */
class ReplyCache {
  private readonly map = new Map<string, CachedReply>();
  constructor(private readonly capacity: number) {}
  get(key: string): CachedReply | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: CachedReply): void {
    if (this.capacity <= 0) return;
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
}

/** `{"timing":…,<rest>}`: the reply with its timing first, so a cached body is reused verbatim. */
function replyText(timing: ExplorerResponse['timing'], rest: string): JsonText {
  return new JsonText(`{"timing":${JSON.stringify(timing)},${rest}`);
}

export interface ExplorerApiOptions {
  /** Replies kept in memory (0 disables the cache). */
  readonly cacheSize?: number;
}

/**
 * Routes: GET /api/meta, /api/map, /api/baseline, /api/health; POST /api/scenario. Every POST
 * body is validated against the zod scenario schema (400 naming the field on failure). The API
 * writes no files.
 */
export function createExplorerApi(engine: ScenarioEngine, opts: ExplorerApiOptions = {}): ExplorerApi {
  const schema = makeScenarioSchema(engine.meta);
  const cache = new ReplyCache(opts.cacheSize ?? 64);
  const baselineText = JSON.stringify(engine.baseline());
  const metaText = JSON.stringify(engine.meta);
  let served = 0;
  return {
    get: {
      health: () => ({ ok: true, scenariosServed: served }),
      meta: () => new JsonText(metaText),
      map: () => new RawBody('application/geo+json; charset=utf-8', engine.mapJson),
      baseline: () => new JsonText(baselineText),
    },
    post: {
      scenario: (body: unknown) => {
        const scenario = parseOrThrow(schema, body);
        const key = JSON.stringify(scenario);
        served++;
        const hit = cache.get(key);
        if (hit !== undefined) {
          // Same numbers; only the timing block says it came from the cache.
          return replyText({ computeMs: 0, path: hit.path, cached: true, stages: {} }, hit.rest);
        }
        const { timing, ...reply } = engine.run(scenario);
        const rest = JSON.stringify(reply).slice(1);
        cache.set(key, { path: timing.path, rest });
        return replyText(timing, rest);
      },
    },
  };
}
