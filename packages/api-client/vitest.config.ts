import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/node';

const resultFile = fileURLToPath(new URL('../../.test-results/api-client.json', import.meta.url));

/** Writes `{suite, passed, failed, skipped}` for the CI's summed count line. */
const countReporter: Reporter = {
  onTestRunEnd(testModules) {
    const counts = { suite: 'api-client', passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    mkdirSync(new URL('.', `file://${resultFile}`), { recursive: true });
    writeFileSync(resultFile, `${JSON.stringify(counts)}\n`);
  },
};

export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node', reporters: ['default', countReporter] },
});
