import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from './httpError.ts';
import { DEFAULT_BODY_LIMIT_BYTES, readJsonBody } from './requestBody.ts';
import { resolveStaticPath, sendStaticFile } from './staticFiles.ts';

/**
 * The explorer's HTTP layer: JSON API routes plus the built front end, on node:http.
 * It knows nothing about economics: routes call an `ExplorerApi` (src/server/explorerApi.ts),
 * which validates parameters and calls the analysis engine.
 */
export interface ExplorerApi {
  /** GET routes under /api/: path (e.g. 'meta') → JSON-serialisable value (or a string body with type). */
  readonly get: Readonly<Record<string, () => unknown>>;
  /** POST routes under /api/: path → handler of the parsed JSON body. */
  readonly post: Readonly<Record<string, (body: unknown) => Promise<unknown> | unknown>>;
}

export interface ExplorerServerOptions {
  readonly api: ExplorerApi;
  /** Folder of the built front end (web/dist); static files are served from it only. */
  readonly staticRoot: string;
  readonly bodyLimitBytes?: number;
  /** Where request errors (5xx) are logged; defaults to stderr. */
  readonly log?: (msg: string) => void;
}

/** A pre-serialised JSON body (skips JSON.stringify for cached results): text or UTF-8 bytes. */
export class JsonText {
  constructor(readonly text: string | Uint8Array) {}
}

/** A non-JSON body, e.g. GeoJSON or CSV. */
export class RawBody {
  constructor(
    readonly contentType: string,
    readonly body: string,
  ) {}
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = value instanceof JsonText ? value.text : JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': typeof text === 'string' ? Buffer.byteLength(text) : text.byteLength,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, field?: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, field ? { error: message, field } : { error: message });
}

export function createExplorerServer(opts: ExplorerServerOptions): Server {
  const limit = opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    // Parse only the path: the Host header is untrusted and never used.
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (!rawPath.startsWith('/')) throw new HttpError(400, 'request target must be an absolute path');
    if (rawPath === '/api' || rawPath.startsWith('/api/')) {
      const route = rawPath.slice(5);
      const getter = Object.hasOwn(opts.api.get, route) ? opts.api.get[route] : undefined;
      const poster = Object.hasOwn(opts.api.post, route) ? opts.api.post[route] : undefined;
      if (!getter && !poster) {
        req.resume();
        throw new HttpError(404, `no API route '${rawPath}'`);
      }
      if ((method === 'GET' || method === 'HEAD') && getter) {
        const out = getter();
        if (out instanceof RawBody) {
          res.writeHead(200, {
            'content-type': out.contentType,
            'content-length': Buffer.byteLength(out.body),
            'cache-control': 'no-cache',
          });
          res.end(method === 'HEAD' ? undefined : out.body);
        } else sendJson(res, 200, out);
        return;
      }
      if (method === 'POST' && poster) {
        const body = await readJsonBody(req, limit);
        sendJson(res, 200, await poster(body));
        return;
      }
      req.resume();
      res.setHeader('allow', getter ? 'GET, HEAD' : 'POST');
      throw new HttpError(405, `method ${method} not allowed on ${rawPath}`);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume();
      res.setHeader('allow', 'GET, HEAD');
      throw new HttpError(405, `method ${method} not allowed for static files`);
    }
    const file = resolveStaticPath(opts.staticRoot, rawPath);
    if (!file) throw new HttpError(404, 'not found');
    sendStaticFile(res, file, method === 'HEAD');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) {
        sendError(res, e.status, e.message, e.field);
        return;
      }
      const err = e as Error;
      log(`vchain serve: internal error on ${req.method} ${req.url}: ${err?.stack ?? String(e)}`);
      sendError(res, 500, `internal error: ${err?.message ?? String(e)}`);
    });
  });
  // Malformed HTTP never reaches the handler: answer 400 and close that socket only.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  return server;
}

/** Listens and resolves with the bound address (port 0 = an ephemeral port). */
export function listenExplorer(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}
