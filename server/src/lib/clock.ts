/**
 * Where the date rules read the time: "in the past", overdue stages, permit validity, a link's planned
 * window, "not in the future", the year of a request number, a progress event's default time.
 * `createApp({ clock })` takes one (tests freeze it); otherwise the real one. A handler reads it once
 * (`clock()`) and hands that instant to the service as `now`; no rule looks at the process's time zone.
 * Token lifetimes, rate limits and housekeeping are durations measured on real time (partly by
 * PostgreSQL's `now()`), not date rules, and do not read it.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
