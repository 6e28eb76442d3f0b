import { defineConfig } from 'vitest/config';
import CountReporter from '../../scripts/vitest-count-reporter.mjs';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // The AMAGE server beside WordPress uses the API tests' database set-up: embedded PostgreSQL, or DATABASE_URL.
    globalSetup: ['../../server/test/helpers/global-setup.ts'],
    // Generous for a loaded 2-core machine: php -S serves the block editor's hundred files one at a time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', new CountReporter('wordpress')],
  },
});
