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

/** A small LRU of serialised replies: flipping a UI control back and forth costs nothing. */
class ReplyCache {
  private readonly map = new Map<string, string>();
  constructor(private readonly capacity: number) {}
  get(key: string): string | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: string): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
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
          const reply = JSON.parse(hit) as ExplorerResponse;
          return { ...reply, timing: { ...reply.timing, computeMs: 0, cached: true } };
        }
        const reply = engine.run(scenario);
        const text = JSON.stringify(reply);
        if ((opts.cacheSize ?? 64) > 0) cache.set(key, text);
        return new JsonText(text);
      },
    },
  };
}
