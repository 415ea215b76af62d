import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/buildDist.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The forks already use every core: one linear-algebra thread each (tests that exercise the
    // helper thread turn it on themselves; results are bit-identical either way).
    env: { VCHAIN_THREADS: '1' },
  },
});
