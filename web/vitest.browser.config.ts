import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Browser tests: the real server on its own test database, driven through Debian's chromium by playwright-core.
export default defineConfig({
  root: path.resolve(import.meta.dirname, '..'),
  test: {
    include: ['web/tests/**/*.browser.test.ts'],
    globalSetup: ['src/testing/global-setup.ts', 'web/tests/build-web.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
