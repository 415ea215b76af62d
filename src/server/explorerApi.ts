import { vchainVersion } from '../io/runManifest.ts';
import { scenarioFileText, sha256Text } from '../io/scenarioFile.ts';
import { type ExplorerApi, JsonText, RawBody } from './explorerServer.ts';
import type { ExplorerMeta, ExplorerReply, ExplorerResponse } from './explorerView.ts';
import { explorerOpenApi } from './openApi.ts';
import type { ScenarioBackend, SerialisedReply } from './scenarioBackend.ts';
import {
  baselineRequestSchema,
  makeScenarioSchema,
  parseOrThrow,
  type ScenarioRequest,
} from './scenarioSchema.ts';

/** What an analysis engine offers the API (implemented over src/analysis in analysisEngine.ts). */
export interface ScenarioEngine {
  readonly meta: ExplorerMeta;
  /** Province GeoJSON with `properties.region` set (see provinceMap.ts). */
  readonly mapJson: string;
  /** The run without any change (threshold and VSL at their defaults). */
  baseline(): ExplorerResponse;
  /** A what-if; entries equal to the baseline's come as `SameAsBaseline` references. */
  run(scenario: ScenarioRequest): ExplorerReply;
}

interface CachedReply {
  readonly path: ExplorerResponse['timing']['path'];
  readonly rest: Uint8Array;
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
function replyText(timing: ExplorerResponse['timing'], rest: Uint8Array): JsonText {
  const head = Buffer.from(`{"timing":${JSON.stringify(timing)},`);
  return new JsonText(Buffer.concat([head, rest], head.length + rest.byteLength));
}

export interface ExplorerApiOptions {
  /** Replies kept in memory (0 disables the cache). */
  readonly cacheSize?: number;
}

/** What POST /api/scenario-file returns: the file the explorer's Save writes, and how to re-run it. */
export interface ScenarioFileReply {
  readonly fileName: string;
  /** The exact bytes to save (UTF-8): `vchain run --scenario` records their SHA-256. */
  readonly text: string;
  readonly sha256: string;
  /** Shell commands: the explorer's numbers (its draws and seed), and the full-precision run. */
  readonly commands: { readonly reproduce: string; readonly fullPrecision: string };
}

/** A file name for a scenario: its name with anything but letters, digits, '.', '-' and '_' replaced. */
export function scenarioFileName(name: string | undefined): string {
  const base = (name ?? '')
    .trim()
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+|_+$/g, '');
  return `${base || 'scenario'}.json`;
}

const shellWord = (w: string) => (/^[\w./@%+=:,-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

/** The saved file and the `vchain run` commands that re-run it (docs/explorer.md "Save"). */
export function scenarioFileReply(s: ScenarioRequest, meta: ExplorerMeta): ScenarioFileReply {
  const text = scenarioFileText(s);
  const fileName = scenarioFileName(s.name);
  const out = `vchain-${fileName.replace(/\.json$/, '')}`;
  const inputs = meta.reproduce.inputArgs.map(shellWord).join(' ');
  const base = `vchain run --scenario ${shellWord(fileName)}${inputs ? ` ${inputs}` : ''}`;
  return {
    fileName,
    text,
    sha256: sha256Text(text),
    commands: {
      reproduce: `${base} --draws ${meta.reproduce.draws} --seed ${meta.reproduce.seed} --out ${shellWord(`${out}-draws${meta.reproduce.draws}`)}`,
      fullPrecision: `${base} --out ${shellWord(out)}`,
    },
  };
}

/**
 * Routes: GET /api/meta, /api/map, /api/baseline, /api/health, /api/openapi.json (the OpenAPI
 * 3.1 document, openApi.ts); POST /api/scenario (a what-if),
 * /api/baseline (the baseline under other conventions), /api/scenario-file (the file Save
 * writes). Every POST body is validated against the zod scenario schema (400 naming the field
 * on failure). The API writes no files.
 */
export function createExplorerApi(backend: ScenarioBackend, opts: ExplorerApiOptions = {}): ExplorerApi {
  const schema = makeScenarioSchema(backend.meta);
  const meta = backend.meta;
  const openApiText = JSON.stringify(
    explorerOpenApi({
      labels: meta,
      datasetId: meta.dataset.id,
      version: vchainVersion(),
      bodyLimitBytes: meta.limits.bodyLimitBytes,
    }),
  );
  const cache = new ReplyCache(opts.cacheSize ?? 64);
  const baselineText = backend.baselineText;
  const metaText = JSON.stringify(backend.meta);
  const inflight = new Map<string, Promise<SerialisedReply>>();
  let served = 0;
  return {
    get: {
      health: () => ({ ok: true, scenariosServed: served }),
      meta: () => new JsonText(metaText),
      map: () => new RawBody('application/geo+json; charset=utf-8', backend.mapJson),
      baseline: () => new JsonText(baselineText),
      'openapi.json': () => new JsonText(openApiText),
    },
    post: {
      scenario: (body: unknown) => answer(parseOrThrow(schema, body)),
      baseline: (body: unknown) => {
        const { conventions } = parseOrThrow(baselineRequestSchema, body);
        return answer({ conventions, intensity: [], finalDemand: [], trade: [] });
      },
      'scenario-file': (body: unknown) => scenarioFileReply(parseOrThrow(schema, body), backend.meta),
    },
  };

  async function answer(scenario: ScenarioRequest): Promise<JsonText> {
    const key = JSON.stringify(scenario);
    served++;
    const hit = cache.get(key);
    if (hit !== undefined) {
      // Same numbers; only the timing block says it came from the cache.
      return replyText({ computeMs: 0, path: hit.path, cached: true, stages: {} }, hit.rest);
    }
    // Identical what-ifs already computing share that computation.
    let pending = inflight.get(key);
    if (!pending) {
      pending = backend.run(scenario);
      inflight.set(key, pending);
      pending.then(
        (r) => {
          inflight.delete(key);
          cache.set(key, { path: r.timing.path, rest: r.rest });
        },
        () => inflight.delete(key),
      );
    }
    const { timing, rest } = await pending;
    return replyText(timing, rest);
  }
}
