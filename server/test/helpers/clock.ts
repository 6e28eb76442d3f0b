import type { Clock } from '../../src/lib/clock.js';

const DAY = 86_400_000;

/**
 * A clock for the date rules that stays where the test puts it. Tests whose outcome depends on the date
 * run the app on one of these, so they pass at any hour of the real day and in any time zone.
 */
export function testClock(start: string | number) {
  let now = typeof start === 'number' ? start : Date.parse(start);
  if (Number.isNaN(now)) throw new Error(`not an instant: ${start}`);
  const clock: Clock = () => new Date(now);
  return {
    clock,
    /** The clock's instant in milliseconds. */
    now: () => now,
    /** Moves the clock to an instant. */
    set(to: string) {
      now = Date.parse(to);
    },
    /** The clock's instant moved by `offsetMs`, as an ISO date-time. */
    at: (offsetMs: number) => new Date(now + offsetMs).toISOString(),
    /** The calendar date (UTC) `days` after the clock's instant: `YYYY-MM-DD`. */
    date: (days: number) => new Date(now + days * DAY).toISOString().slice(0, 10),
  };
}
