// The HTTP layer on its own: static files confined to their folder (encoded ../ variants),
// body limit, JSON errors, and the server surviving bad requests. The API routes here are a
// tiny echo table so these properties are checked independently of the analysis engine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExplorerServer, listenExplorer } from '../../src/server/explorerServer.ts';
import { resolveStaticPath } from '../../src/server/staticFiles.ts';

let dir: string;
let root: string;
let server: Server;
let base: string;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vchain-http-'));
  root = join(dir, 'app');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'a.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET');
  server = createExplorerServer({
    staticRoot: root,
    bodyLimitBytes: 1024,
    log: () => {},
    api: {
      get: { ping: () => ({ pong: true }) },
      post: {
        echo: (b) => ({ got: b }),
        boom: () => {
          throw new Error('engine exploded');
        },
      },
    },
  });
  const addr = await listenExplorer(server, 0, '127.0.0.1');
  port = addr.port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

/** Raw request, so paths are sent exactly as written (fetch would normalise ../). */
function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('static files', () => {
  it('serves index.html and assets from the app folder', async () => {
    const r = await raw('GET', '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>app</title>');
    expect((await raw('GET', '/assets/a.js')).body).toBe('console.log(1)');
  });

  const attacks = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/..%2F..%2Fsecret.txt',
    '/.%2e/secret.txt',
    '/secret.txt%00.html',
    '/%c0%ae%c0%ae/secret.txt',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
  ];
  for (const a of attacks)
    it(`refuses ${a}`, async () => {
      const r = await raw('GET', a);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('TOP SECRET');
      expect(r.body).not.toContain('root:');
    });

  it('resolveStaticPath never leaves the root', () => {
    for (const a of attacks) expect(resolveStaticPath(root, a)).toBeNull();
    expect(resolveStaticPath(root, '/assets/a.js')).toBe(join(root, 'assets', 'a.js'));
  });

  it('only GET and HEAD for static files', async () => {
    expect((await raw('POST', '/index.html', '{}', { 'content-type': 'application/json' })).status).toBe(405);
    expect((await raw('HEAD', '/')).status).toBe(200);
  });
});

describe('API errors', () => {
  it('echoes JSON', async () => {
    const r = await raw('POST', '/api/echo', '{"a":1}', { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ got: { a: 1 } });
  });

  it('413 above the body limit (declared or streamed), then keeps serving', async () => {
    const big = JSON.stringify({ x: 'y'.repeat(5000) });
    const r = await raw('POST', '/api/echo', big, { 'content-type': 'application/json' });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toMatch(/too large/);
    const chunked = await raw('POST', '/api/echo', big, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    expect(chunked.status).toBe(413);
    expect((await raw('GET', '/api/ping')).status).toBe(200);
  });

  it('400 on malformed JSON, 415 on other content types, 404 and 405 as JSON', async () => {
    const bad = await raw('POST', '/api/echo', '{"a":', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/not valid JSON/);
    expect(
      (await raw('POST', '/api/echo', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
    expect((await raw('POST', '/api/echo', '', { 'content-type': 'application/json' })).status).toBe(400);
    const nf = await raw('GET', '/api/nothing');
    expect(nf.status).toBe(404);
    expect(JSON.parse(nf.body).error).toMatch(/no API route/);
    expect((await raw('GET', '/api/echo')).status).toBe(405);
    expect((await raw('POST', '/api/__proto__', '{}', { 'content-type': 'application/json' })).status).toBe(
      404,
    );
  });

  it('a throwing handler gives 500 JSON and the server keeps serving', async () => {
    const r = await raw('POST', '/api/boom', '{}', { 'content-type': 'application/json' });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body).error).toMatch(/engine exploded/);
    expect((await fetch(`${base}/api/ping`)).status).toBe(200);
  });

  it('malformed HTTP gets 400 and does not stop the server', async () => {
    const { connect } = await import('node:net');
    const answer = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write('GARBAGE / HTTP/9.9\r\n\r\n'));
      let t = '';
      s.on('data', (d) => (t += d));
      s.on('close', () => resolve(t));
      s.on('error', () => resolve(t));
    });
    expect(answer).toMatch(/400/);
    expect((await fetch(`${base}/api/ping`)).status).toBe(200);
  });
});
