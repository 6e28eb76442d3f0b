import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { PortalEvent, WebhookPayload } from '@amage/contracts';
import { readFeed, recordEvent, type Cursor } from '../events/events.service.js';
import { postJson, type SendResult } from './send.js';
import { signatureHeaders } from './signature.js';
import { subscriptionCursor, type SubscriptionRow } from './webhooks.service.js';

export interface WebhookWorkerOptions {
  /** Pause between looks for due subscriptions while there is nothing to do. */
  pollMs: number;
  /** Subscriptions this instance delivers to at once (each one in order, one POST at a time). */
  concurrency: number;
  /** Per POST, connection to answer. */
  timeoutMs: number;
  /** How long a claim lasts; a worker starts a POST only while timeoutMs (+ margin) of it is left. */
  leaseMs: number;
  /** First retry pause; doubles per consecutive failure up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Failing for this long (first failure to latest) disables the subscription. */
  failureWindowMs: number;
  /** Feed events read per query. */
  pageSize: number;
  /** Delivery attempts kept per subscription for troubleshooting. */
  keepDeliveries: number;
}

const DEFAULT_WEBHOOK_OPTIONS: WebhookWorkerOptions = {
  pollMs: 1_000,
  concurrency: 4,
  timeoutMs: 10_000,
  leaseMs: 60_000,
  retryBaseMs: 5_000,
  retryMaxMs: 60 * 60_000,
  failureWindowMs: 24 * 60 * 60_000,
  pageSize: 50,
  keepDeliveries: 100,
};

const LEASE_MARGIN_MS = 2_000;

/** Does the subscription's filter (null: everything; exact types and `noun.*`) take this type? */
function matchesEventTypes(filter: string[] | null, type: string): boolean {
  if (!filter) return true;
  return filter.some((f) => (f.endsWith('.*') ? type.startsWith(f.slice(0, -1)) : f === type));
}

/** The body of one POST: the feed's event, plus `timestamp` (Standard Webhooks' recommended member). */
const payloadOf = (e: PortalEvent): WebhookPayload => ({ ...e, timestamp: e.occurredAt });

/**
 * Delivers the event feed to webhook subscriptions. Any number of instances may run one against the
 * same database: a subscription is claimed with a lease (`FOR UPDATE SKIP LOCKED` in a short
 * transaction), so only one worker delivers it at a time; its events go out one POST at a time in feed
 * order, and its cursor moves past an event only after a 2xx (fenced by the lease token, so a worker
 * whose lease was taken over writes nothing). The row lock is not held during the POST: an open
 * transaction that took a row lock has a transaction id and would hold the whole feed back
 * (`pg_snapshot_xmin`), for every reader, for as long as the receiver takes.
 */
export class WebhookWorker {
  readonly options: WebhookWorkerOptions;
  /** Events this worker delivered (2xx), for logs and tests. */
  sent = 0;
  private stopped = true;
  private loop?: Promise<void>;
  private readonly active = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private wake?: () => void;

  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
    options: Partial<WebhookWorkerOptions> = {},
  ) {
    this.options = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
  }

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.loop = this.run();
    return this;
  }

  /** Stops claiming, cuts POSTs in flight short (their events are sent again later) and waits for the lanes. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.active]);
  }

  private async run() {
    while (!this.stopped) {
      if (this.active.size >= this.options.concurrency) {
        await Promise.race(this.active);
        continue;
      }
      let claimed: SubscriptionRow | undefined;
      // Taken before the claim is sent, so this side's deadline is never later than the database's lease.
      const claimedAt = Date.now();
      try {
        claimed = await this.claim();
      } catch (err) {
        this.logger.warn({ err }, 'webhook worker could not claim a subscription');
      }
      if (!claimed) {
        await this.sleep(this.options.pollMs);
        continue;
      }
      const lane: Promise<void> = this.deliver(claimed, claimedAt + this.options.leaseMs - LEASE_MARGIN_MS)
        .catch((err: unknown) =>
          this.logger.error({ err, webhookId: claimed.id }, 'webhook delivery failed unexpectedly'),
        )
        .finally(() => this.active.delete(lane));
      this.active.add(lane);
    }
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Claims the most overdue subscription that has something new in the feed, for `leaseMs`. */
  private async claim(): Promise<SubscriptionRow | undefined> {
    const { db } = this;
    const due = db('webhook_subscriptions as w')
      .select('w.id')
      .whereNot('w.status', 'disabled')
      .where('w.nextAttemptAt', '<=', db.fn.now())
      .where((q) => q.whereNull('w.leasedUntil').orWhere('w.leasedUntil', '<', db.fn.now()))
      .whereExists(
        db('events as e')
          .select(db.raw('1'))
          .whereRaw('(e.tx_id, e.id) > (w.cursor_tx_id, w.cursor_event_id)')
          .whereRaw('e.tx_id < pg_snapshot_xmin(pg_current_snapshot())'),
      )
      .orderBy('w.nextAttemptAt')
      .limit(1)
      .forUpdate()
      .skipLocked();
    const [row] = (await db('webhook_subscriptions')
      .where('id', due)
      .update({
        leaseToken: randomUUID(),
        leasedUntil: db.raw("now() + ? * interval '1 millisecond'", [this.options.leaseMs]),
      })
      .returning('*')) as SubscriptionRow[];
    return row;
  }

  /** Sends the claimed subscription's next events in order until the feed's end, a failure, or the lease runs short. */
  private async deliver(sub: SubscriptionRow, deadline: number) {
    let cursor = subscriptionCursor(sub);
    for (;;) {
      if (this.stopped || Date.now() > deadline) break;
      const page = await readFeed(this.db, cursor, this.options.pageSize);
      if (page.length === 0) break;
      for (const { event, cursor: after } of page) {
        if (!matchesEventTypes(sub.eventTypes, event.type)) {
          cursor = after; // filtered out: passed, saved with the next write
          continue;
        }
        if (this.stopped || deadline - Date.now() < this.options.timeoutMs) return this.release(sub, cursor);
        const result = await this.send(sub, event);
        if (result.aborted) return this.release(sub, cursor);
        if (!result.ok) return this.failed(sub, cursor, event, result);
        cursor = after;
        this.sent += 1;
        if (!(await this.succeeded(sub, cursor, event, result))) return; // deleted, or the lease was lost
      }
    }
    await this.release(sub, cursor);
  }

  private send(sub: SubscriptionRow, event: PortalEvent): Promise<SendResult> {
    const body = JSON.stringify(payloadOf(event));
    const secrets = [sub.secret];
    if (sub.previousSecret && sub.previousSecretExpiresAt && sub.previousSecretExpiresAt.getTime() > Date.now())
      secrets.push(sub.previousSecret);
    const headers = signatureHeaders(secrets, event.id, Math.floor(Date.now() / 1000), body);
    return postJson(sub.url, body, headers, this.options.timeoutMs, this.abort.signal);
  }

  /** Only the lease holder writes; false when the row is gone or claimed by another worker. */
  private fenced(trx: Knex | Knex.Transaction, sub: SubscriptionRow) {
    return trx('webhook_subscriptions').where({ id: sub.id, leaseToken: sub.leaseToken });
  }

  private cursorColumns(cursor: Cursor) {
    return { cursorTxId: this.db.raw('?::xid8', [cursor.txId]), cursorEventId: cursor.id };
  }

  private async logAttempt(trx: Knex.Transaction, sub: SubscriptionRow, event: PortalEvent, result: SendResult) {
    await trx('webhook_deliveries').insert({
      subscriptionId: sub.id,
      eventId: event.id,
      eventType: event.type,
      durationMs: result.durationMs,
      statusCode: result.statusCode,
      ok: result.ok,
      error: result.error?.slice(0, 500) ?? null,
      responseBody: result.responseBody,
    });
    await trx.raw(
      `DELETE FROM webhook_deliveries WHERE subscription_id = ? AND id < (
         SELECT min(id) FROM (SELECT id FROM webhook_deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT ?) AS kept)`,
      [sub.id, sub.id, this.options.keepDeliveries],
    );
  }

  private succeeded(sub: SubscriptionRow, cursor: Cursor, event: PortalEvent, result: SendResult): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const updated = await this.fenced(trx, sub).update({
        ...this.cursorColumns(cursor),
        status: 'active',
        consecutiveFailures: 0,
        failingSince: null,
        lastSuccessAt: trx.fn.now(),
        updatedAt: trx.fn.now(),
      });
      if (!updated) return false;
      await this.logAttempt(trx, sub, event, result);
      return true;
    });
  }

  /** Keeps the cursor on the failed event, backs off, and disables after the failure window. */
  private async failed(sub: SubscriptionRow, cursor: Cursor, event: PortalEvent, result: SendResult) {
    const { retryBaseMs, retryMaxMs, failureWindowMs } = this.options;
    await this.db.transaction(async (trx) => {
      const [row] = (await this.fenced(trx, sub)
        .update({
          ...this.cursorColumns(cursor),
          consecutiveFailures: trx.raw('consecutive_failures + 1'),
          failingSince: trx.raw('coalesce(failing_since, now())'),
          leaseToken: null,
          leasedUntil: null,
          updatedAt: trx.fn.now(),
        })
        .returning(['consecutiveFailures', 'failingSince'])) as Array<{
        consecutiveFailures: number;
        failingSince: Date;
      }>;
      if (!row) return;
      const now = ((await trx.raw('SELECT now() AS now')) as { rows: Array<{ now: Date }> }).rows[0]!.now; // the update's now()
      await this.logAttempt(trx, sub, event, result);
      if (now.getTime() - row.failingSince.getTime() >= failureWindowMs) {
        await trx('webhook_subscriptions')
          .where({ id: sub.id })
          .update({ status: 'disabled', disabledAt: trx.fn.now() });
        await recordEvent(trx, {
          type: 'webhook.disabled',
          subject: { type: 'webhook', ref: sub.id },
          linkId: null,
          data: {
            id: sub.id,
            description: sub.description,
            failingSince: row.failingSince.toISOString(),
            consecutiveFailures: row.consecutiveFailures,
            lastEventId: event.id,
            lastError: result.error,
          },
        });
        this.logger.warn({ webhookId: sub.id }, 'webhook disabled after failing for the whole failure window');
        return;
      }
      const pause = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(row.consecutiveFailures - 1, 30));
      const jittered = Math.round(pause * (0.9 + Math.random() * 0.2)); // spreads retries of many subscriptions
      await trx('webhook_subscriptions')
        .where({ id: sub.id })
        .update({ status: 'failing', nextAttemptAt: trx.raw("now() + ? * interval '1 millisecond'", [jittered]) });
    });
  }

  /** Saves how far it got (events skipped by the filter included) and gives the claim up. */
  private async release(sub: SubscriptionRow, cursor: Cursor) {
    await this.fenced(this.db, sub).update({
      ...this.cursorColumns(cursor),
      leaseToken: null,
      leasedUntil: null,
      nextAttemptAt: this.db.fn.now(),
    });
  }
}
