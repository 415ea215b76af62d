import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Maps a URL path to a file strictly inside `root`, or null. Refuses anything that could
 * leave the folder: undecodable or NUL-containing paths, backslashes, `..` segments (also when
 * percent-encoded, since decoding happens first), and symlinks resolving outside `root`.
 * `/` and folder paths map to their index.html.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return null;
  const rootAbs = realpathSync(resolve(root));
  let candidate = join(rootAbs, ...segments);
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(candidate);
  } catch {
    return null;
  }
  if (st.isDirectory()) {
    candidate = join(candidate, 'index.html');
    try {
      st = statSync(candidate);
    } catch {
      return null;
    }
  }
  if (!st.isFile()) return null;
  const real = realpathSync(candidate);
  if (real !== rootAbs && !real.startsWith(rootAbs + sep)) return null;
  return real;
}

/** Streams a file found by `resolveStaticPath`; hashed Vite assets are cached for a year. */
export function sendStaticFile(res: ServerResponse, file: string, headOnly: boolean): void {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const size = statSync(file).size;
  const immutable = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.\w+$/.test(file);
  res.writeHead(200, {
    'content-type': type,
    'content-length': size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (headOnly) {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
