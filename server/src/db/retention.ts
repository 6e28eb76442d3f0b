import type { Knex } from 'knex';
import type { Logger } from 'pino';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long each kind of housekeeping data is kept. */
export const RETENTION = {
  /** A step-up code travels in its event for the main system to e-mail; it is useless (expired) after 10 minutes. */
  stepUpCodeInEventMs: 15 * 60_000,
  idempotencyKeysMs: 7 * DAY,
  /** Sessions past their refresh grace (12 h) cannot be used again. */
  deadSessionsMs: 2 * DAY,
  accessLogMs: 180 * DAY,
  linkRenewalsMs: 90 * DAY,
  stepUpCodesMs: 30 * DAY,
} as const;

/** One pass of housekeeping; every instance may run it (each statement is idempotent). */
export async function runRetention(db: Knex, now = Date.now()): Promise<Record<string, number>> {
  const before = (ms: number) => new Date(now - ms);
  const removed: Record<string, number> = {};
  removed.stepUpCodesInEvents = await db('events')
    .where({ type: 'step-up.requested' })
    .whereRaw("data \\? 'code'") // knex: \? is a literal ?, the jsonb key-exists operator
    .where('occurredAt', '<', before(RETENTION.stepUpCodeInEventMs))
    .update({ data: db.raw("data - 'code'") });
  removed.idempotencyKeys = await db('idempotency_keys')
    .where('updatedAt', '<', before(RETENTION.idempotencyKeysMs))
    .delete();
  removed.sessions = await db('sessions').where('expiresAt', '<', before(RETENTION.deadSessionsMs)).delete();
  removed.accessLog = await db('access_log').where('at', '<', before(RETENTION.accessLogMs)).delete();
  removed.linkRenewals = await db('link_renewals').where('requestedAt', '<', before(RETENTION.linkRenewalsMs)).delete();
  removed.stepUpCodes = await db('step_up_codes').where('expiresAt', '<', before(RETENTION.stepUpCodesMs)).delete();
  // rate-limiter-flexible keeps `expire` in epoch milliseconds.
  removed.rateLimits = await db('rate_limits').where('expire', '<', now).delete();
  return removed;
}

/** Runs `runRetention` now and then every `intervalMs` until stopped. */
export function startRetention(db: Knex, logger: Logger, intervalMs = 10 * 60_000) {
  const run = () =>
    runRetention(db)
      .then((removed) => logger.debug({ removed }, 'retention pass'))
      .catch((error: unknown) => logger.error({ err: error }, 'retention pass failed'));
  void run();
  const timer = setInterval(run, intervalMs).unref();
  return { stop: () => clearInterval(timer) };
}
