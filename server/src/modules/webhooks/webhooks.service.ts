import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  WebhookProblem,
  type CreateWebhookBody,
  type Webhook,
  type WebhookDelivery,
  type WebhookStatus,
  type WebhookWithSecret,
} from '@amage/contracts';
import { AppError, notFound, validationError } from '../../lib/errors.js';
import { decodeCursor, encodeCursor, feedEnd, FEED_START, type Cursor } from '../events/events.service.js';
import { generateSecret } from './signature.js';

/** How many subscriptions may exist at once: each costs a delivery loop. */
const MAX_WEBHOOKS = 50;
/** How long a rotated-out secret keeps signing, unless the rotation says otherwise. */
const DEFAULT_PREVIOUS_SECRET_SECONDS = 86_400;

/** A `webhook_subscriptions` row as knex (snake-case mappers) gives it. */
export interface SubscriptionRow {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[] | null;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  secretRotatedAt: Date | null;
  status: WebhookStatus;
  cursorTxId: string;
  cursorEventId: string;
  nextAttemptAt: Date;
  leaseToken: string | null;
  leasedUntil: Date | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  disabledAt: Date | null;
  lastSuccessAt: Date | null;
  createdAt: Date;
}

interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
  ok: boolean;
  error: string | null;
  responseBody: string | null;
}

export const subscriptionCursor = (row: Pick<SubscriptionRow, 'cursorTxId' | 'cursorEventId'>): Cursor => ({
  txId: String(row.cursorTxId),
  id: String(row.cursorEventId),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

const deliveryToDto = (d: DeliveryRow): WebhookDelivery => ({
  id: String(d.id),
  eventId: String(d.eventId),
  eventType: d.eventType,
  attemptedAt: d.attemptedAt.toISOString(),
  durationMs: d.durationMs,
  statusCode: d.statusCode,
  ok: d.ok,
  error: d.error,
  responseBody: d.responseBody,
});

function toDto(row: SubscriptionRow, last: DeliveryRow | undefined): Webhook {
  const cursor = subscriptionCursor(row);
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    cursor: encodeCursor(cursor),
    lastEventId: cursor.id === '0' ? null : cursor.id,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    consecutiveFailures: row.consecutiveFailures,
    failingSince: iso(row.failingSince),
    disabledAt: iso(row.disabledAt),
    lastDelivery: last ? deliveryToDto(last) : null,
    lastSuccessAt: iso(row.lastSuccessAt),
    secretRotatedAt: iso(row.secretRotatedAt),
    previousSecretExpiresAt:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
        ? row.previousSecretExpiresAt.toISOString()
        : null,
  };
}

async function lastDeliveries(db: Knex, ids: string[]): Promise<Map<string, DeliveryRow>> {
  if (ids.length === 0) return new Map();
  const rows: Array<DeliveryRow & { subscriptionId: string }> = await db
    .select('d.*')
    .from(
      db('webhook_deliveries')
        .select(db.raw('max(id) AS id'))
        .whereIn('subscriptionId', ids)
        .groupBy('subscriptionId')
        .as('l'),
    )
    .join('webhook_deliveries as d', 'd.id', 'l.id');
  return new Map(rows.map((r) => [r.subscriptionId, r]));
}

async function load(db: Knex, id: string): Promise<SubscriptionRow> {
  const row = (await db('webhook_subscriptions').where({ id }).first()) as SubscriptionRow | undefined;
  if (!row) throw notFound(`Webhook ${id}`);
  return row;
}

async function dto(db: Knex, row: SubscriptionRow): Promise<Webhook> {
  return toDto(row, (await lastDeliveries(db, [row.id])).get(row.id));
}

/** Checks what the schema cannot: a parseable http(s) URL with a host and no credentials. */
function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw validationError([{ pointer: '/url', message: 'is not a URL', keyword: WebhookProblem.urlInvalid }]);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw validationError([{ pointer: '/url', message: 'must be http or https', keyword: WebhookProblem.urlInvalid }]);
  }
  if (parsed.username || parsed.password) {
    throw validationError([
      { pointer: '/url', message: 'must not carry a user name or password', keyword: WebhookProblem.urlInvalid },
    ]);
  }
  return parsed.href;
}

function startCursor(db: Knex, body: CreateWebhookBody): Promise<Cursor> | Cursor {
  if (body.after !== undefined) {
    if (body.from !== undefined)
      throw validationError([{ pointer: '/after', message: 'give either from or after, not both' }]);
    try {
      return decodeCursor(body.after);
    } catch {
      throw validationError([{ pointer: '/after', message: 'is not a cursor the event feed handed out' }]);
    }
  }
  return body.from === 'beginning' ? FEED_START : feedEnd(db);
}

/** Creates a subscription; the answer is the only one that holds the secret. */
export async function createWebhook(
  db: Knex,
  body: CreateWebhookBody,
  keyId: string | null,
): Promise<WebhookWithSecret> {
  const url = checkUrl(body.url);
  const cursor = await startCursor(db, body);
  const secret = generateSecret();
  const row = await db.transaction(async (trx) => {
    // Serialises creations so the limit holds with concurrent requests.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', ['webhook_subscriptions.create']);
    const [{ count }] = await trx('webhook_subscriptions').count({ count: '*' });
    if (Number(count) >= MAX_WEBHOOKS) {
      throw new AppError(
        WebhookProblem.limitReached,
        409,
        `At most ${MAX_WEBHOOKS} webhooks can exist; delete one first.`,
      );
    }
    const [inserted] = await trx('webhook_subscriptions')
      .insert({
        id: randomUUID(),
        url,
        description: body.description ?? null,
        eventTypes: body.eventTypes ?? null,
        secret,
        cursorTxId: trx.raw('?::xid8', [cursor.txId]),
        cursorEventId: cursor.id,
        createdByKeyId: keyId,
      })
      .returning('*');
    return inserted as SubscriptionRow;
  });
  return { ...toDto(row, undefined), secret };
}

export async function listWebhooks(db: Knex): Promise<Webhook[]> {
  const rows = (await db('webhook_subscriptions').orderBy('createdAt')) as SubscriptionRow[];
  const last = await lastDeliveries(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toDto(r, last.get(r.id)));
}

export async function getWebhook(db: Knex, id: string): Promise<Webhook> {
  return dto(db, await load(db, id));
}

/** Deletes it and its delivery log; a POST already on its way finishes, nothing after it is sent. */
export async function deleteWebhook(db: Knex, id: string): Promise<void> {
  const deleted = await db('webhook_subscriptions').where({ id }).delete();
  if (!deleted) throw notFound(`Webhook ${id}`);
}

/**
 * A new secret, answered once. The previous one keeps signing beside it (a second `v1,` entry in
 * `webhook-signature`) for `previousSecretValidFor` seconds, so the receiver can switch without losing a delivery.
 */
export async function rotateSecret(
  db: Knex,
  id: string,
  previousSecretValidFor = DEFAULT_PREVIOUS_SECRET_SECONDS,
): Promise<WebhookWithSecret> {
  const secret = generateSecret();
  const [row] = (await db('webhook_subscriptions')
    .where({ id })
    .update({
      previousSecret: db.ref('secret'),
      previousSecretExpiresAt: db.raw("now() + ? * interval '1 second'", [previousSecretValidFor]),
      secret,
      secretRotatedAt: db.fn.now(),
      updatedAt: db.fn.now(),
    })
    .returning('*')) as SubscriptionRow[];
  if (!row) throw notFound(`Webhook ${id}`);
  return { ...(await dto(db, row)), secret };
}

/** Re-enables a disabled subscription (or retries a failing one now): delivery resumes at its cursor. */
export async function enableWebhook(db: Knex, id: string): Promise<Webhook> {
  const [row] = (await db('webhook_subscriptions')
    .where({ id })
    .update({
      status: 'active',
      consecutiveFailures: 0,
      failingSince: null,
      disabledAt: null,
      nextAttemptAt: db.fn.now(),
      updatedAt: db.fn.now(),
    })
    .returning('*')) as SubscriptionRow[];
  if (!row) throw notFound(`Webhook ${id}`);
  return dto(db, row);
}

export async function listDeliveries(db: Knex, id: string, limit: number): Promise<WebhookDelivery[]> {
  await load(db, id);
  const rows = (await db('webhook_deliveries')
    .where({ subscriptionId: id })
    .orderBy('id', 'desc')
    .limit(limit)) as DeliveryRow[];
  return rows.map(deliveryToDto);
}
