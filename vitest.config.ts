import { defineConfig } from 'vitest/config';

// The browser journeys drive screens through the same API on either database: a run that has them
// elsewhere (.ci/run keeps them for its PostgreSQL pass) leaves them out with FILET_TEST_SKIP_BROWSER=1.
// Without it, `npm test` runs everything.
const skipBrowser = process.env.FILET_TEST_SKIP_BROWSER === '1';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(skipBrowser ? ['test/e2e/**'] : [])],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/builtins-guard.ts'],
    pool: 'forks',
    // Each worker holds an embedded PostgreSQL (PGlite, ~400 MiB): two workers fit two cores.
    maxWorkers: 2,
    // A worker runs its test files one after another in one process, loading the server's modules
    // once rather than once per file. Every test file still gets its own database (test/support/database.ts).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    sequence: { concurrent: false },
    reporters: ['default'],
  },
});
