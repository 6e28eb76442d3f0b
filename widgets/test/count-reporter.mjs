import { mkdirSync, writeFileSync } from 'node:fs';

/** Counts tests of a suite result tree (a session's `testResults`). */
function count(suite, counts) {
  if (!suite) return;
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped++;
    else if (test.passed) counts.passed++;
    else counts.failed++;
  }
  for (const child of suite.suites) count(child, counts);
}

/**
 * A web-test-runner reporter that writes `{suite, passed, failed, skipped}` to `file` when the run
 * ends, for CI's summed count line. A test file that failed without a failing test (e.g. it did not load)
 * counts as one failure.
 */
export function countReporter({ suite, file }) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { suite, passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const failedBefore = counts.failed;
        count(session.testResults, counts);
        if (!session.passed && counts.failed === failedBefore) counts.failed++;
      }
      mkdirSync(new URL('.', file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(counts)}\n`);
    },
  };
}
