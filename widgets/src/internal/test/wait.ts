import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

/**
 * How long a test waits for something to happen before it fails. The 1 s default of @open-wc/testing
 * is too short on a loaded machine (CI and developers share 2 cores; a widget's first render, its
 * modules compiled on demand, has taken longer): a real failure still fails, with its message, later.
 */
const WAIT_MS = 10_000;

/** `waitUntil` of @open-wc/testing, waiting up to 10 s unless told otherwise. */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: WAIT_MS, ...options });
}
