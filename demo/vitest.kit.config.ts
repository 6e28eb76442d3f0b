import { defineConfig } from 'vitest/config';
import CountReporter from '../scripts/vitest-count-reporter.mjs';

// The "kit" suite of `npm test`: the packages packed, installed into scratch React and Vue apps, driven in Chromium.
export default defineConfig({
  test: {
    include: ['kit/**/*.kit.test.ts'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['../server/test/helpers/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    reporters: ['default', new CountReporter('kit')],
  },
});
