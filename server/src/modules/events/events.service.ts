import type { Knex } from 'knex';
import { AppError } from '../../lib/errors.js';
import { ProblemCode, type EventPage, type PortalEvent, type Subject } from '@amage/contracts';

export interface NewEvent {
  type: string;
  subject: Subject;
  linkId: string | null;
  data: Record<string, unknown>;
}

/** Writes an event; call it with the transaction that writes the action's data. */
export async function recordEvent(trx: Knex.Transaction, event: NewEvent): Promise<void> {
  await trx('events').insert({
    type: event.type,
    subjectType: event.subject.type,
    subjectRef: event.subject.ref,
    linkId: event.linkId,
    data: JSON.stringify(event.data),
  });
}

interface Cursor {
  txId: string;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(`${c.txId}.${c.id}`).toString('base64url');

function decodeCursor(after: string | undefined): Cursor {
  if (!after) return { txId: '0', id: '0' };
  const match = /^(\d{1,20})\.(\d{1,20})$/.exec(Buffer.from(after, 'base64url').toString());
  if (!match) {
    throw new AppError(ProblemCode.validation, 400, 'The cursor is not one this feed handed out.', {
      errors: [{ pointer: '#/query/after', message: 'unknown cursor' }],
    });
  }
  return { txId: match[1]!, id: match[2]! };
}

/**
 * One page of the feed after a cursor. Ordered by (writing transaction, id) and limited to
 * transactions older than every one still running, so a transaction that commits late can never
 * land behind a cursor already handed out: nothing is skipped, nothing repeats.
 */
export async function readEvents(db: Knex, after: string | undefined, limit: number): Promise<EventPage> {
  const cursor = decodeCursor(after);
  const rows: Array<{ id: string; txText: string; type: string; subjectType: Subject['type']; subjectRef: string; linkId: string | null; occurredAt: Date; data: Record<string, unknown> }> =
    await db('events')
      .select('id', db.raw('tx_id::text AS tx_text'), 'type', 'subjectType', 'subjectRef', 'linkId', 'occurredAt', 'data')
      .whereRaw('(tx_id, id) > (?::xid8, ?::bigint)', [cursor.txId, cursor.id])
      .whereRaw('tx_id < pg_snapshot_xmin(pg_current_snapshot())')
      .orderBy([{ column: 'events.tx_id' }, { column: 'events.id' }]) // the xid8 column, not a text alias
      .limit(limit);
  const events: PortalEvent[] = rows.map((r) => ({
    id: String(r.id),
    type: r.type,
    subject: { type: r.subjectType, ref: r.subjectRef },
    linkId: r.linkId,
    occurredAt: r.occurredAt.toISOString(),
    data: r.data,
  }));
  const last = rows.at(-1);
  return { events, next: last ? encodeCursor({ txId: last.txText, id: String(last.id) }) : (after ?? encodeCursor(cursor)) };
}
