import type { Reporter } from 'vitest/node';
/** Writes {suite, passed, failed, skipped} to .test-results/<suite>.json. */
export default class CountReporter implements Reporter {
  constructor(suite: string);
}
