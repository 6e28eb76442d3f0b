// Writes {suite, passed, failed, skipped} to .test-results/<suite>.json for the summary line CI reads.
import { mkdirSync, writeFileSync } from 'node:fs';

export default class CountReporter {
  constructor(suite) {
    this.suite = suite;
  }

  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { suite: this.suite, passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      let failed = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') failed += 1;
        else counts.skipped += 1;
      }
      // A file that failed outside its tests (it did not load, or a beforeAll threw and its tests
      // were skipped) counts once, so it cannot look like a pass.
      counts.failed += failed === 0 && module.state() === 'failed' ? 1 : failed;
    }
    counts.failed += unhandledErrors.length;
    const dir = new URL('../.test-results/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL(`${this.suite}.json`, dir), `${JSON.stringify(counts)}\n`);
  }
}
