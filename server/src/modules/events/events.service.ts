import type { Knex } from 'knex';
import { AppError } from '../../lib/errors.js';
import {
  ProblemCode,
  type EventData,
  type EventPage,
  type EventSubject,
  type EventSubjectOf,
  type EventType,
  type PortalEvent,
  type Subject,
} from '@amage/contracts';
import type { PortalAccess } from '../access/portal-access.js';

/** An event to write, its `data` typed by its `type` (`EVENT_CATALOG` in `@amage/contracts`). */
export interface NewEvent<T extends EventType> {
  type: T;
  subject: EventSubjectOf<T>;
  linkId: string | null;
  data: EventData<T>;
}

/** Writes an event; call it with the transaction that writes the action's data. */
export async function recordEvent<T extends EventType>(trx: Knex.Transaction, event: NewEvent<T>): Promise<void> {
  await trx('events').insert({
    type: event.type,
    subjectType: event.subject.type,
    subjectRef: event.subject.ref,
    linkId: event.linkId,
    data: JSON.stringify(event.data),
  });
}

/** Writes the event of a portal action: the token holder's subject and link are the event's. */
export function recordPortalEvent<T extends Exclude<EventType, 'webhook.disabled'>>(
  trx: Knex.Transaction,
  access: { subject: Subject; link: Pick<PortalAccess['link'], 'id'> },
  type: T,
  data: EventData<T>,
): Promise<void> {
  return recordEvent<T>(trx, { type, subject: access.subject as EventSubjectOf<T>, linkId: access.link.id, data });
}

/** A position in the feed: the (writing transaction, id) of the last event passed. */
export interface Cursor {
  txId: string;
  id: string;
}

export const FEED_START: Cursor = { txId: '0', id: '0' };

export const encodeCursor = (c: Cursor) => Buffer.from(`${c.txId}.${c.id}`).toString('base64url');

export function decodeCursor(after: string | undefined): Cursor {
  if (!after) return FEED_START;
  const match = /^(\d{1,20})\.(\d{1,20})$/.exec(Buffer.from(after, 'base64url').toString());
  if (!match) {
    throw new AppError(ProblemCode.validation, 400, 'The cursor is not one this feed handed out.', {
      errors: [{ pointer: '#/query/after', message: 'unknown cursor' }],
    });
  }
  return { txId: match[1]!, id: match[2]! };
}

/** A feed event with the cursor just after it. */
export interface FeedEntry {
  event: PortalEvent;
  cursor: Cursor;
}

/**
 * One page of the feed after a cursor. Ordered by (writing transaction, id) and limited to
 * transactions older than every one still running, so a transaction that commits late can never
 * land behind a cursor already handed out: nothing is skipped, nothing repeats.
 */
export async function readFeed(db: Knex, cursor: Cursor, limit: number): Promise<FeedEntry[]> {
  const rows: Array<{
    id: string;
    txText: string;
    type: EventType;
    subjectType: EventSubject['type'];
    subjectRef: string;
    linkId: string | null;
    occurredAt: Date;
    data: unknown;
  }> = await db('events')
    .select('id', db.raw('tx_id::text AS tx_text'), 'type', 'subjectType', 'subjectRef', 'linkId', 'occurredAt', 'data')
    .whereRaw('(tx_id, id) > (?::xid8, ?::bigint)', [cursor.txId, cursor.id])
    .whereRaw('tx_id < pg_snapshot_xmin(pg_current_snapshot())')
    .orderBy([{ column: 'events.tx_id' }, { column: 'events.id' }]) // the xid8 column, not a text alias
    .limit(limit);
  return rows.map((r) => ({
    event: {
      id: String(r.id),
      type: r.type,
      subject: { type: r.subjectType, ref: r.subjectRef } as EventSubject,
      linkId: r.linkId,
      occurredAt: r.occurredAt.toISOString(),
      data: r.data,
    } as PortalEvent,
    cursor: { txId: r.txText, id: String(r.id) },
  }));
}

/** The feed's current end: the cursor after the last event a reader can be handed now. */
export async function feedEnd(db: Knex): Promise<Cursor> {
  const row: { txText: string; id: string } | undefined = await db('events')
    .first('id', db.raw('tx_id::text AS tx_text'))
    .whereRaw('tx_id < pg_snapshot_xmin(pg_current_snapshot())')
    .orderBy([
      { column: 'events.tx_id', order: 'desc' },
      { column: 'events.id', order: 'desc' },
    ]);
  return row ? { txId: row.txText, id: String(row.id) } : FEED_START;
}

/** One page of the feed after an encoded cursor (`GET /events`). */
export async function readEvents(db: Knex, after: string | undefined, limit: number): Promise<EventPage> {
  const entries = await readFeed(db, decodeCursor(after), limit);
  const last = entries.at(-1);
  return {
    events: entries.map((e) => e.event),
    next: last ? encodeCursor(last.cursor) : (after ?? encodeCursor(FEED_START)),
  };
}
