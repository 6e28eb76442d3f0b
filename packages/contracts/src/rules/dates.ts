// Rules about calendar dates and times that the server and the widgets both apply (plain functions, no
// schema runtime: widgets import them from `@amage/contracts/rules`). `now` is ms since the epoch.

const HOUR = 3_600_000;

/**
 * The earliest calendar date (`YYYY-MM-DD`) that is still today somewhere on Earth (UTC−12): a date
 * before it is in the past for everybody, so a person's own today is never refused, whatever their zone.
 */
export const earliestToday = (now: number): string => new Date(now - 12 * HOUR).toISOString().slice(0, 10);

/** The latest calendar date that is already today somewhere on Earth (UTC+14). */
export const latestToday = (now: number): string => new Date(now + 14 * HOUR).toISOString().slice(0, 10);

/** A calendar date before today everywhere on Earth. */
export const isPastDate = (date: string, now: number) => date < earliestToday(now);

/** A calendar date after today everywhere on Earth. */
export const isFutureDate = (date: string, now: number) => date > latestToday(now);

/** How far in the future a time a person gives may lie: phone clocks drift. */
export const FUTURE_TIME_TOLERANCE_MS = 5 * 60_000;

/** An instant (ISO 8601) more than `FUTURE_TIME_TOLERANCE_MS` after `now`. */
export const isFutureTime = (at: string, now: number) => Date.parse(at) > now + FUTURE_TIME_TOLERANCE_MS;
