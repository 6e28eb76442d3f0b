import { Logger as WorkerLogger, run, runMigrations, type JobHelpers, type Runner } from 'graphile-worker';
import type { Knex } from 'knex';
import nodemailer, { type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { Logger } from 'pino';
import type { Recipient } from '@amage/contracts';
import { recordEvent } from '../events/events.service.js';
import { Link } from '../access/link.model.js';
import type { SubjectRegistry } from '../access/subjects.js';
import { composeLinkMail, composeStepUpMail, type ComposedMail } from './compose.js';
import { SEND_MAIL_TASK, type MailDeliveryRow } from './outbox.js';
import type { SecretBox } from './secret-box.js';

/** How this server sends e-mail (`AMAGE_SMTP_URL`, `AMAGE_MAIL_FROM`, the server secret). */
export interface MailSettings {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`, as nodemailer reads it. */
  smtpUrl: string;
  /** The From header, e.g. `"Zakład Gliwice" <portal@plant.example>`. */
  from: string;
  box: SecretBox;
  /**
   * The name of the company that sends, as mail names it. The appearance API
   * (`PUT /api/integration/v1/appearance`) will provide it; until then (or when it has none) the display
   * name of `from`, else its domain.
   */
  companyName?: () => Promise<string | undefined>;
}

export interface MailWorkerOptions {
  /** Mails sent at once by this instance. */
  concurrency: number;
  /** graphile-worker also LISTENs, so this only bounds how late a missed notification is noticed. */
  pollIntervalMs: number;
}

const DEFAULTS: MailWorkerOptions = { concurrency: 2, pollIntervalMs: 2000 };

interface SmtpError {
  message?: string;
  response?: string;
  responseCode?: number;
  code?: string;
}

const describeError = (error: unknown) => {
  const e = error as SmtpError;
  return (e.response ?? e.message ?? String(error)).slice(0, 500);
};

/** The display name of a From address, else its domain: what mail calls the sender until appearance says. */
function senderName(from: string): string {
  const [address] = addressparser(from, { flatten: true });
  return address?.name || address?.address.split('@')[1] || 'AMAGE Portals';
}

/**
 * Sends queued mail (`MailOutbox`) from the graphile-worker queue in PostgreSQL: LISTEN/NOTIFY wakes it
 * when a mail is queued, a failed attempt is retried after e^attempts seconds, jobs survive restarts.
 *
 * Never twice: an attempt first moves its row from `queued` to `sending` (one UPDATE, so only one worker
 * can), and only then talks to the mail server. `sent` and `failed` rows are never sent again. A row
 * still `sending` when its job comes back means the attempt was cut off mid-send (the process died):
 * whether the server accepted it is unknown, so it is marked failed rather than sent a second time.
 * A 5xx answer fails the mail at once; a 4xx or a lost connection is retried until the attempts run out.
 */
export class MailWorker {
  private runner?: Runner;
  private readonly transport: Transporter;
  private readonly options: MailWorkerOptions;

  constructor(
    private readonly deps: {
      db: Knex;
      /** The database graphile-worker connects to (it keeps its own pool and LISTEN connection). */
      connectionString: string;
      logger: Logger;
      mail: MailSettings;
      subjects: SubjectRegistry;
      publicUrl: string;
    },
    options: Partial<MailWorkerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.transport = nodemailer.createTransport({
      url: deps.mail.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
  }

  /** Installs or migrates graphile-worker's own schema (`graphile_worker`); `start` does it too. */
  static async install(connectionString: string): Promise<void> {
    await runMigrations({ connectionString, logger: new WorkerLogger(() => () => {}) });
  }

  /** Installs or migrates graphile-worker's schema (`graphile_worker`), then starts taking jobs. */
  async start(): Promise<this> {
    const { logger } = this.deps;
    this.runner = await run({
      connectionString: this.deps.connectionString,
      concurrency: this.options.concurrency,
      maxPoolSize: this.options.concurrency + 2,
      pollInterval: this.options.pollIntervalMs,
      noHandleSignals: true,
      noPreparedStatements: true,
      logger: new WorkerLogger((scope) => (level, message, meta) => {
        // A failed attempt is logged by `send`; the queue's own chatter is debug.
        const log = level === 'error' ? logger.warn.bind(logger) : logger.debug.bind(logger);
        log({ queue: scope, ...meta }, message);
      }),
      taskList: { [SEND_MAIL_TASK]: (payload, helpers) => this.send(payload as { deliveryId: string }, helpers) },
    });
    return this;
  }

  /** Waits for mails being sent, then stops. */
  async stop(): Promise<void> {
    await this.runner?.stop();
    this.runner = undefined;
    this.transport.close();
  }

  private async send({ deliveryId }: { deliveryId: string }, helpers: JobHelpers): Promise<void> {
    const { db, logger } = this.deps;
    const [row] = (await db('mail_deliveries')
      .where({ id: deliveryId, state: 'queued' })
      .update({ state: 'sending', attempts: db.raw('attempts + 1'), updatedAt: db.fn.now() })
      .returning('*')) as MailDeliveryRow[];
    if (!row) {
      const current: MailDeliveryRow | undefined = await db('mail_deliveries').where({ id: deliveryId }).first();
      if (current?.state === 'sending') {
        await this.settle(current, {
          error: 'The previous attempt was cut off while sending; it is not sent again so that no one gets it twice.',
          permanent: false,
        });
      }
      return; // sent, failed, or its link is gone
    }
    let mail: ComposedMail;
    try {
      mail = await this.compose(row);
    } catch (error) {
      await this.settle(row, { error: describeError(error), permanent: true });
      return;
    }
    try {
      const info = await this.transport.sendMail({
        from: this.deps.mail.from,
        to: row.toAddress,
        ...mail,
        messageId: `<${row.id}@amage-portals>`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
      await this.settle(row, { messageId: info.messageId });
      logger.info({ deliveryId: row.id, kind: row.kind, attempts: row.attempts }, 'mail sent');
    } catch (error) {
      const permanent = ((error as SmtpError).responseCode ?? 0) >= 500;
      const last = helpers.job.attempts >= helpers.job.max_attempts;
      logger.warn(
        { deliveryId: row.id, attempts: row.attempts, permanent, error: describeError(error) },
        'mail not sent',
      );
      if (permanent || last) {
        await this.settle(row, { error: describeError(error), permanent });
        return;
      }
      await db('mail_deliveries')
        .where({ id: row.id, state: 'sending' })
        .update({ state: 'queued', lastError: describeError(error), updatedAt: db.fn.now() });
      throw error; // graphile-worker tries again after e^attempts seconds
    }
  }

  /** Writes the mail with the unsealed secret; throws when it cannot be written (or should no longer go). */
  private async compose(row: MailDeliveryRow): Promise<ComposedMail> {
    const { db, mail, subjects, publicUrl } = this.deps;
    const link = await Link.query(db).findById(row.linkId);
    if (!link) throw new Error('The link is gone.');
    if (link.revokedAt) throw new Error('The link was revoked before its mail went out.');
    if (!row.sealedSecret) throw new Error('The mail holds no secret.');
    let secret: string;
    try {
      secret = mail.box.open(row.sealedSecret, row.id);
    } catch {
      throw new Error('The secret cannot be opened: it was sealed with another server secret (AMAGE_SECRET_KEY).');
    }
    const description = await subjects.describe(db, link.subjectType, link.subjectRef);
    const sender = {
      company: (await mail.companyName?.()) || senderName(mail.from),
      ...(description.contact ? { contact: description.contact } : {}),
    };
    const recipient: Recipient = link.recipient ?? {};
    const subject = { type: link.subjectType, label: description };
    if (row.kind === 'step-up') {
      if (!row.action || !row.secretExpiresAt) throw new Error('A step-up mail without its action.');
      if (row.secretExpiresAt.getTime() <= Date.now()) throw new Error('The code expired before it could be sent.');
      return composeStepUpMail({
        sender,
        recipient,
        subject,
        action: row.action,
        code: secret,
        expiresAt: row.secretExpiresAt,
      });
    }
    return composeLinkMail({
      sender,
      recipient,
      subject,
      actions: link.actions,
      url: `${publicUrl}/portal#token=${secret}`,
      expiresAt: link.expiresAt,
      maxUses: link.maxUses,
      renewed: link.renewedFromId !== null,
    });
  }

  /** Sent or failed for good, with the link's event, in one transaction; the sealed secret goes. */
  private async settle(
    row: MailDeliveryRow,
    outcome: { messageId: string } | { error: string; permanent: boolean },
  ): Promise<void> {
    await this.deps.db.transaction(async (trx) => {
      const sent = 'messageId' in outcome;
      const [settled] = (await trx('mail_deliveries')
        .where({ id: row.id })
        .update({
          state: sent ? 'sent' : 'failed',
          sealedSecret: null,
          ...(sent
            ? { sentAt: trx.fn.now(), smtpMessageId: outcome.messageId }
            : { failedAt: trx.fn.now(), lastError: outcome.error }),
          updatedAt: trx.fn.now(),
        })
        .returning(['attempts', 'sentAt', 'failedAt'])) as Array<
        Pick<MailDeliveryRow, 'attempts' | 'sentAt' | 'failedAt'>
      >;
      if (!settled || row.kind !== 'link') return;
      const link = await Link.query(trx).findById(row.linkId).select('subjectType', 'subjectRef');
      if (!link) return;
      const subject = { type: link.subjectType, ref: link.subjectRef };
      const common = { deliveryId: row.id, channel: 'email' as const, to: row.toAddress, attempts: settled.attempts };
      if (sent) {
        await recordEvent(trx, {
          type: 'link.delivered',
          subject,
          linkId: row.linkId,
          data: { ...common, sentAt: settled.sentAt!.toISOString() },
        });
      } else {
        await recordEvent(trx, {
          type: 'link.delivery-failed',
          subject,
          linkId: row.linkId,
          data: {
            ...common,
            error: outcome.error,
            permanent: outcome.permanent,
            failedAt: settled.failedAt!.toISOString(),
          },
        });
      }
    });
  }
}
