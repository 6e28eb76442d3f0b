import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Action, LinkDelivery } from '@amage/contracts';
import type { SecretBox } from './secret-box.js';

/** The graphile-worker task that sends one `mail_deliveries` row. */
export const SEND_MAIL_TASK = 'send-mail';

/** Attempts before a mail counts as failed (graphile-worker waits e^n seconds after the n-th: ≈9.7 h in all for links). */
const MAIL_ATTEMPTS = {
  link: 10,
  // A code lives 10 minutes: after ≈30 s of retries a late code helps nobody; the person asks again.
  'step-up': 4,
} as const;

export interface MailDeliveryRow {
  id: string;
  kind: 'link' | 'step-up';
  linkId: string;
  toAddress: string;
  sealedSecret: Buffer | null;
  action: Action | null;
  secretExpiresAt: Date | null;
  state: LinkDelivery['state'];
  attempts: number;
  lastError: string | null;
  smtpMessageId: string | null;
  sentAt: Date | null;
  failedAt: Date | null;
  createdAt: Date;
}

/**
 * Puts mail on the queue inside the caller's transaction: a `mail_deliveries` row holding the secret
 * sealed (`SecretBox`), and a graphile-worker job naming only that row. Both commit with the link or the
 * code they carry, or neither does.
 */
export class MailOutbox {
  constructor(private readonly box: SecretBox) {}

  private async queue(
    trx: Knex.Transaction,
    kind: MailDeliveryRow['kind'],
    linkId: string,
    to: string,
    secret: string,
    extra: { action?: Action; secretExpiresAt?: Date } = {},
  ): Promise<string> {
    const id = randomUUID();
    await trx('mail_deliveries').insert({
      id,
      kind,
      linkId,
      toAddress: to,
      sealedSecret: this.box.seal(secret, id),
      action: extra.action ?? null,
      secretExpiresAt: extra.secretExpiresAt ?? null,
    });
    await trx.raw('SELECT graphile_worker.add_job(?, json_build_object(?::text, ?::text), max_attempts => ?)', [
      SEND_MAIL_TASK,
      'deliveryId',
      id,
      MAIL_ATTEMPTS[kind],
    ]);
    return id;
  }

  /** The link's own mail: its clear token goes sealed, to be put into the URL only when the mail is written. */
  queueLink(trx: Knex.Transaction, linkId: string, to: string, token: string): Promise<string> {
    return this.queue(trx, 'link', linkId, to, token);
  }

  queueStepUp(trx: Knex.Transaction, linkId: string, to: string, code: string, action: Action, expiresAt: Date) {
    return this.queue(trx, 'step-up', linkId, to, code, { action, secretExpiresAt: expiresAt });
  }
}

const toLinkDelivery = (row: MailDeliveryRow): LinkDelivery => ({
  channel: 'email',
  to: row.toAddress,
  state: row.state,
  attempts: row.attempts,
  lastError: row.lastError,
  queuedAt: row.createdAt.toISOString(),
  sentAt: row.sentAt?.toISOString() ?? null,
  failedAt: row.failedAt?.toISOString() ?? null,
});

/** The latest link mail of each link, for `GET /links` and `GET /links/{id}`. */
export async function linkDeliveries(db: Knex, linkIds: string[]): Promise<Map<string, LinkDelivery>> {
  if (!linkIds.length) return new Map();
  const rows: MailDeliveryRow[] = await db('mail_deliveries')
    .distinctOn('linkId')
    .whereIn('linkId', linkIds)
    .where({ kind: 'link' })
    .orderBy([{ column: 'linkId' }, { column: 'createdAt', order: 'desc' }]);
  return new Map(rows.map((r) => [r.linkId, toLinkDelivery(r)]));
}
