/** Milliseconds since the epoch, like `Date.now()`. */
export type Clock = () => number;

let current: Clock = () => Date.now();

/** The time as the widgets' date rules see it: the device's clock, unless a test put another in. */
export const now = (): number => current();

/**
 * Makes the widgets' date rules read `clock` (in tests: a fixed instant) until the returned function
 * restores the previous clock. Session timing (refresh, expiry) keeps to the device's clock: it runs on
 * real timers.
 */
export function useClock(clock: Clock): () => void {
  const previous = current;
  current = clock;
  return () => {
    current = previous;
  };
}
