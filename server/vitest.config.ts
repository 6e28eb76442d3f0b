import { defineConfig } from 'vitest/config';
import CountReporter from '../scripts/vitest-count-reporter.mjs';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default', new CountReporter('server')],
  },
});
