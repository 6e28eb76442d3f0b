// Fixed clocks for tests: the widgets' date rules (internal/date-rules.ts) read internal/clock.ts.
import { useClock } from '../clock.js';

/** The three times of day every date rule is tried at: just after midnight, just before noon, late evening (UTC). */
export const TIMES_OF_DAY = ['00:30', '11:59', '23:30'] as const;

/** `useClock` fixed at an instant (ISO string or ms); returns the restore function. */
export const fixClock = (at: string | number) => {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return useClock(() => ms);
};

/** Fixes the widgets' clock at `at` for every test of the surrounding `describe`. */
export function clockFixedAt(at: string | number) {
  let restore = () => {};
  beforeEach(() => {
    restore = fixClock(at);
  });
  afterEach(() => restore());
}

/** The calendar date (`YYYY-MM-DD`) and wall-clock time (`HH:MM`) of an instant in a time zone. */
export function wallClock(at: number | string, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(typeof at === 'number' ? at : Date.parse(at))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The time zone this browser runs in (the test runner's zone groups set it). */
export const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
