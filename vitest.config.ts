import { defineConfig } from 'vitest/config';

// Unit and integration tests (PGlite by default, PostgreSQL when TEST_DATABASE_URL is set).
// Browser tests live under web/ and run with web/vitest.browser.config.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
