import type { Action, SubjectType } from '@amage/contracts';

const DAY = 24 * 60 * 60 * 1000;

/** Link lifetime when the main system names none, and the longest it may ask for, per portal. */
export const LINK_EXPIRY: Record<SubjectType, { defaultMs: number; maxMs: number }> = {
  'purchase-order': { defaultMs: 30 * DAY, maxMs: 180 * DAY },
  complaint: { defaultMs: 60 * DAY, maxMs: 365 * DAY },
  'work-order': { defaultMs: 14 * DAY, maxMs: 90 * DAY },
  customer: { defaultMs: 365 * DAY, maxMs: 3 * 365 * DAY },
  job: { defaultMs: 90 * DAY, maxMs: 365 * DAY },
};

/** Actions whose risky routes need a step-up code when the link does not say (`stepUp` on the link). */
export const STEP_UP_DEFAULT: Partial<Record<SubjectType, Action[]>> = {
  complaint: ['complaint:respond'],
};

export interface AccessLimits {
  /** Session lifetime; the widget refreshes at two thirds of it. */
  sessionTtlMs: number;
  /**
   * How long after its expiry a session may still be refreshed (never past its link's expiry or
   * revocation): a technician offline for an hour must still be able to send what was queued, and a
   * one-time link cannot start a second session.
   */
  sessionRefreshGraceMs: number;
  /** Failed token look-ups per client address before 429. */
  failedLookups: { points: number; durationSec: number; blockSec: number };
  /** One renewal request per link in this period. */
  renewalIntervalSec: number;
  /**
   * Requests per link (every portal request its link or session tokens make, all instances together)
   * in `durationSec` before 429: a person working never meets it, a scripted loop does (docs/architecture.md).
   */
  linkRequests: { points: number; durationSec: number };
}

export const DEFAULT_LIMITS: AccessLimits = {
  sessionTtlMs: 15 * 60 * 1000,
  sessionRefreshGraceMs: 12 * 60 * 60 * 1000,
  failedLookups: { points: 20, durationSec: 600, blockSec: 900 },
  renewalIntervalSec: 15 * 60,
  linkRequests: { points: 600, durationSec: 600 },
};
