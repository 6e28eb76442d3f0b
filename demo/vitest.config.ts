import { defineConfig } from 'vitest/config';
import CountReporter from '../scripts/vitest-count-reporter.mjs';

export default defineConfig({
  test: {
    include: ['test/**/*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    // The same database set-up as the API tests: embedded PostgreSQL, or DATABASE_URL.
    globalSetup: ['../server/test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', new CountReporter('e2e')],
  },
});
