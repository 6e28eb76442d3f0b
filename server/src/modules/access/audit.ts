import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { redactSecrets } from '../../lib/logger.js';
import { findPortalAccess } from './portal-auth.js';

const FLUSH_MS = 200;
const MAX_BATCH = 500;

/**
 * The access log: one row per portal request (when, from where, which route and action, with what
 * outcome; never the token). Rows are written in batches with asynchronous commit, so a read does
 * not wait for a WAL flush of its own audit row; `flush()` writes what is pending (on shutdown).
 */
export class AccessLog {
  private pending: Record<string, unknown>[] = [];
  private timer?: NodeJS.Timeout;
  private writing = Promise.resolve();

  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
  ) {}

  middleware(): RequestHandler {
    return (req, res, next) => {
      res.on('finish', () => {
        const access = findPortalAccess(req);
        this.add({
          linkId: access?.link.id ?? null,
          sessionId: access?.session?.id ?? null,
          tokenKind: access?.tokenKind ?? null,
          ip: req.ip ?? null,
          userAgent: req.get('user-agent')?.slice(0, 300) ?? null,
          origin: req.get('origin')?.slice(0, 200) ?? null,
          method: req.method,
          route: res.locals.route ?? redactSecrets(req.originalUrl.split('?')[0]!),
          action: res.locals.action ?? null,
          status: res.statusCode,
          outcome: res.locals.problemCode ?? (res.statusCode < 400 ? 'ok' : 'error'),
        });
      });
      next();
    };
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending;
    this.pending = [];
    if (rows.length) {
      this.writing = this.writing.then(() =>
        this.db
          .transaction(async (trx) => {
            await trx.raw('SET LOCAL synchronous_commit TO OFF');
            await trx('access_log').insert(rows);
          })
          .catch((error: unknown) => this.logger.error({ err: error, rows: rows.length }, 'access log write failed')),
      );
    }
    return this.writing;
  }

  private add(row: Record<string, unknown>) {
    this.pending.push(row);
    if (this.pending.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }
}
