import { defineConfig } from 'vitest/config';

// `npm run bench:kit`: demo/bench/kit.bench.ts, the kit in a throttled Chromium (not part of `npm test`).
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['../server/test/helpers/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
});
