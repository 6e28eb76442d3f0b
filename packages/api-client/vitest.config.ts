import { defineConfig } from 'vitest/config';
import CountReporter from '../../scripts/vitest-count-reporter.mjs';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', new CountReporter('api-client')],
  },
});
