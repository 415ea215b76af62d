#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` / `npm run build` from src/).
const main = new URL('../dist/cli/main.js', import.meta.url);
try {
  await import(main.href);
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes(main.pathname)) throw e;
  process.stderr.write(
    'vchain: not built yet (no dist/cli/main.js): run `npm run build` (or `npm ci`) first\n',
  );
  process.exit(2);
}
