// Vite config of the explorer front end. `vchain serve` builds it on first start (or when a
// source file changed) through Vite's build API; for front-end work run `npx vite web` next to
// a running `vchain serve` (its /api is proxied to port 8080).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
