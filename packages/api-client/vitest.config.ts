import { mkdirSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/node';

const resultDir = new URL('../../.test-results/', import.meta.url);

/** Writes `{suite, passed, failed, skipped}` for the CI's summed count line. */
const countReporter: Reporter = {
  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { suite: 'api-client', passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const module of testModules) {
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests++;
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      // A file that failed to load has no tests to count; count the file itself.
      if (tests === 0 && module.state() === 'failed') counts.failed++;
    }
    mkdirSync(resultDir, { recursive: true });
    writeFileSync(new URL('api-client.json', resultDir), `${JSON.stringify(counts)}\n`);
  },
};

export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node', reporters: ['default', countReporter] },
});
